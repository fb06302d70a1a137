"""The rules a session works under: the 10 decisions, resolved in one documented order, with their sources.

For each parameter, the first of these that *decided* it gives the rule (open and parked fall through):
1. this session's own decision;
2. for a reflect-and-reset, the earlier cycle it revisits: the room overrides only what it revisited;
3. the team's own earlier sessions, latest first (so its latest decisions win, parameter by parameter);
4. the organization's company-level decisions, latest first (see core/cycles.py for which sessions those are);
5. the decisions recorded with the session itself (an imported session whose sources are not here);
6. else the default rules of `RoomRules`, and the screens say so loudly when nothing was found at all.

The draft board's header and checks, the summary, reflect-and-reset's scale, the exports, the report and the
command line all take their rules from `resolve`, so they cannot disagree on what the room decided.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from facilitator.core.cycles import Context, Layer, Source
from facilitator.core.okr import RoomRules, rules_from_decisions
from facilitator.core.parameters import BY_ID, PARAMETER_IDS
from facilitator.core.plain_data import plain
from facilitator.core.records import SessionState
from facilitator.i18n import _


@dataclass(frozen=True)
class Rule:
    parameter: str
    decision: dict[str, Any] | None  # the decision record that sets it; None: the default
    source: Source | None  # None: the default

    @property
    def title(self) -> str:
        return BY_ID[self.parameter].title

    @property
    def text(self) -> str:
        return (self.decision or {}).get("decision", "") or "default"

    @property
    def where(self) -> str:
        return self.source.label() if self.source else _("default: no decision found")


@dataclass(frozen=True)
class Resolution:
    rules: tuple[Rule, ...]  # one per parameter, in PARAMETER_IDS order
    room: RoomRules
    searched: str = ""  # whose sessions were searched: "Nordwind GmbH / Platform"

    @property
    def found_any(self) -> bool:
        return any(r.source is not None for r in self.rules)

    def rule(self, parameter: str) -> Rule:
        return next(r for r in self.rules if r.parameter == parameter)

    def decisions(self) -> dict[str, dict[str, Any]]:
        """The decision in force for each parameter that has one, as stored records."""
        return {r.parameter: r.decision for r in self.rules if r.decision is not None}

    def inherited(self) -> dict[str, dict[str, Any]]:
        """The decisions in force that came from other sessions: what a drafting session records it used."""
        return {r.parameter: r.decision for r in self.rules
                if r.decision is not None and r.source is not None and r.source.level != "own"}

    def sources(self) -> list[tuple[Source, list[str]]]:
        """Each source with the parameters it set, the one that set the most first."""
        by_source: dict[Source, list[str]] = {}
        for r in self.rules:
            if r.source is not None:
                by_source.setdefault(r.source, []).append(r.parameter)
        return sorted(by_source.items(), key=lambda pair: -len(pair[1]))

    def primary(self) -> Source | None:
        """The source most rules came from, other than this session: what `rules_from` names."""
        others = [(s, p) for s, p in self.sources() if s.level != "own"]
        return others[0][0] if others else None

    def headline(self) -> str:
        """One line for a header: where the rules came from, or loudly that nothing was found."""
        if not self.found_any:
            if self.searched:
                return _("NO DECISIONS FOUND for {who}: checked against the defaults").format(who=self.searched)
            return _("NO DECISIONS FOUND: checked against the defaults")
        parts = []
        for i, (source, parameters) in enumerate(self.sources()):
            if i == 0:
                parts.append(_("Rules {where}").format(where=source.label()))
            else:
                parts.append(f"{', '.join(parameters)} {source.label()}")
        undecided = [r.parameter for r in self.rules if r.source is None]
        if undecided:
            parts.append(_("{count} left at the defaults").format(count=len(undecided)))
        return "; ".join(parts)


def resolve(own: dict[str, dict[str, Any]], layers: Sequence[Layer], *, own_source: Source,
            recorded: Layer | None = None, searched: str = "") -> Resolution:
    """The rules in force, parameter by parameter, in the order the module documents."""
    ordered = [Layer(own_source, own), *layers, *([recorded] if recorded else [])]
    rules = []
    for parameter in PARAMETER_IDS:
        found = next(((layer.source, d) for layer in ordered
                      if isinstance(d := layer.decisions.get(parameter), dict) and d.get("status") == "decided"),
                     None)
        rules.append(Rule(parameter, found[1], found[0]) if found else Rule(parameter, None, None))
    decisions = {r.parameter: r.decision for r in rules if r.decision is not None}
    return Resolution(tuple(rules), rules_from_decisions(decisions), searched)


def resolve_session(state: SessionState, context: Context | None = None) -> Resolution:
    """A session's rules: its own decisions over what its context (core/cycles.py) found, over its record."""
    context = context or Context()
    own = {p: plain(d) for p, d in state.decisions.items()}
    layers = list(context.layers)
    before = (state.previous or {}).get("decisions") or {}
    if state.previous_session and before:
        # what last cycle worked under, taken when the reflect-and-reset started: the room revisits it
        started = str((state.previous or {}).get("started_at", ""))[:10]
        layers.insert(0, Layer(Source(state.previous_session, state.organization, state.team, "cycle", started,
                                      "team"), before))
    recorded = None
    if state.inherited_decisions:
        recorded = Layer(Source(state.inherited_from, state.organization, state.team, "", "", "recorded"),
                         state.inherited_decisions)
    own_source = Source(state.id, state.organization, state.team, "", state.started_at[:10], "own")
    searched = context.searched or " / ".join(x for x in (state.organization, state.team) if x)
    return resolve(own, layers, own_source=own_source, recorded=recorded, searched=searched)
