"""The rules in force, in words: for prompts, the draft board's header and summaries.

A workshop prompt may name a rule with a placeholder, `{{objectives}}` or `{{key_results}}`, so the room reads
"Draft up to 2 objectives" when it decided 2, not the script's generic "1-3". Without a session (validating a
file, a plain listing) the default rules fill them in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from facilitator.core import decision_values
from facilitator.core.okr import KR_TYPES, LEVELS, RoomRules, Scale, decided_values
from facilitator.core.parameters import BY_ID
from facilitator.i18n import N_, _, ngettext

# the words for the ids a screen shows (the ids stay in the record and the exports): shown with _()
KR_TYPE_WORDS = {"metric": N_("metric"), "baseline": N_("baseline"), "milestone": N_("milestone")}
LEVEL_WORDS = {"company": N_("company"), "team": N_("team"), "individual": N_("individual")}
STATUS_WORDS = {"decided": N_("decided"), "parked": N_("parked"), "open": N_("open")}
PARKING_WORDS = {"resolved": N_("resolved"), "action": N_("action"), "carried": N_("carried")}


def _n(value: float) -> str:
    return f"{value:g}"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " " + _("and") + " " + words[-1]


def scale_words(scale: Scale) -> str:
    if scale.name == "percent":
        return _("percent (0-100)")
    if scale.name == "traffic-light":
        return _("a traffic light (0 off track, 1 at risk, 2 on track)")
    return f"{_n(scale.min)}-{_n(scale.max)}"


def objectives_words(rules: RoomRules) -> str:
    if rules.max_company_objectives is not None and rules.max_company_objectives != rules.max_objectives:
        n = rules.max_company_objectives
        return ngettext("up to {n} objective at company level, {team} per team",
                        "up to {n} objectives at company level, {team} per team", n).format(
            n=n, team=rules.max_objectives)
    return ngettext("up to {n} objective", "up to {n} objectives", rules.max_objectives).format(
        n=rules.max_objectives)


def key_results_words(rules: RoomRules) -> str:
    if rules.min_krs == rules.max_krs:
        return ngettext("{n} key result", "{n} key results", rules.max_krs).format(n=rules.max_krs)
    return _("{low}-{high} key results").format(low=rules.min_krs, high=rules.max_krs)


def kr_types_words(rules: RoomRules) -> str:
    types = [_(KR_TYPE_WORDS[t]) for t in KR_TYPES if t in rules.kr_types]
    text = _and(types)
    if rules.max_milestones_per_objective is not None and "milestone" in rules.kr_types:
        n = rules.max_milestones_per_objective
        text += " " + ngettext("(at most {n} milestone per objective)", "(at most {n} milestones per objective)",
                               n).format(n=n)
    return text


PLACEHOLDERS: dict[str, Callable[[RoomRules], str]] = {
    "objectives": objectives_words,
    "key_results": key_results_words,
    "kr_types": kr_types_words,
    "levels": lambda r: _and([_(LEVEL_WORDS[level]) for level in LEVELS if level in r.levels]),
    "scale": lambda r: scale_words(r.scale),
    "confidence": lambda r: scale_words(r.confidence_scale) if r.confidence_tracked else _("not tracked"),
    "check_in": lambda r: decision_values.rhythm_text(r.check_in_weeks),
    "cycle": lambda r: decision_values.cycle_text(r.cycle_months),
    "bottom_up": lambda r: f"{r.bottom_up_target:.0%}",
}
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders a workshop file names that do not exist, for the loader to report."""
    return [name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS]


def fill(text: str, rules: RoomRules | None = None) -> str:
    """`text` with every `{{rule}}` replaced by the rule in force (the defaults without `rules`)."""
    if "{{" not in text:
        return text
    rules = rules or RoomRules()
    return _PLACEHOLDER.sub(lambda m: PLACEHOLDERS[m.group(1)](rules) if m.group(1) in PLACEHOLDERS
                            else m.group(0), text)


def board_header(rules: RoomRules) -> str:
    """The draft board's rules line: the limits in force, in one short line."""
    scale = rules.confidence_scale
    conf = _("confidence {low}-{high}").format(low=_n(scale.min), high=_n(scale.max)) \
        if rules.confidence_tracked else _("no confidence")
    objectives = _("≤{n} objectives").format(n=rules.max_objectives)
    if rules.max_company_objectives is not None and rules.max_company_objectives != rules.max_objectives:
        objectives = _("≤{company} company, ≤{team} team objectives").format(company=rules.max_company_objectives,
                                                                           team=rules.max_objectives)
    types = "/".join(_(KR_TYPE_WORDS[t]) for t in KR_TYPES if t in rules.kr_types)
    key_results = _("{low}-{high} key results").format(low=rules.min_krs, high=rules.max_krs)
    return f"{objectives} · {key_results} · {types} · {conf}"


@dataclass(frozen=True)
class RuleLine:
    parameter: str
    title: str
    text: str  # the rule in the room's words, with its numbers
    source: str  # where it comes from: this session, another session, or the defaults


def rule_lines(rules: Iterable[Any]) -> list[RuleLine]:
    """One line per parameter that sets a rule for drafts: what is in force and where it came from.

    `rules` are core/rules.py `Rule`s (parameter, the decision in force or None, and `where` it came from); a
    parameter no source decided shows the default rule."""
    defaults = RoomRules()
    default_text = {
        "level": _("company and team objectives"),
        "number": _("{objectives}, {key_results} each").format(objectives=objectives_words(defaults),
                                                               key_results=key_results_words(defaults)),
        "scoring": _("scored {scale}, confidence {confidence}").format(
            scale=scale_words(defaults.scale), confidence=scale_words(defaults.confidence_scale)),
        "cycle": decision_values.cycle_text(defaults.cycle_months),
        "kr-types": kr_types_words(defaults), "alignment": _("team objectives are encouraged to link"),
        "bottom-up": _("{share} of team objectives from the teams").format(share=f"{defaults.bottom_up_target:.0%}"),
    }
    lines = []
    for rule in rules:
        if rule.parameter not in default_text:
            continue  # tracking, reviews and KPIs set no rule for drafts
        values = decided_values(rule.parameter, rule.decision)
        if values is None:
            lines.append(RuleLine(rule.parameter, BY_ID[rule.parameter].title, default_text[rule.parameter],
                                  rule.where))
            continue
        words = str(rule.decision.get("decision") or "")
        numbers = decision_values.own_numbers(rule.parameter, rule.decision.get("choice"), values) if words else \
            decision_values.describe(rule.parameter, values)
        text = f"{words} ({numbers})" if words and numbers else words or numbers
        lines.append(RuleLine(rule.parameter, BY_ID[rule.parameter].title, text, rule.where))
    return lines
