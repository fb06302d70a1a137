"""Departing from the team's own rule: a self-guided team sets a rule finding aside only by deciding so.

A coach who hears the room may dismiss any finding with a reason (core/drafting.py `dismiss`). A team on its
own has nobody to challenge it, so a finding that says the drafts break one of the rules the room decided (the
number of objectives and key results, the key result types, the levels, the alignment, the confidence scale,
the bottom-up share) cannot be dismissed: the team records a decision to depart from its rule this time, with
its reason. The departure is a record of the session: the board shows it instead of the finding, the follow-up
lists it, the cycle view keeps it open, and reflect-and-reset shows it when the room revisits that rule.

A rule the room never decided (the defaults) is not the team's own: its findings are dismissed as before.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from facilitator.core.okr_checks import Finding
from facilitator.core.parameters import BY_ID
from facilitator.core.rules import Resolution

# The checks that say a draft breaks a decided rule, and the parameter whose decision sets that rule. A test
# keeps this in step with okr_checks: every check whose finding names a decision or the room's rule is here.
RULE_CHECKS: dict[str, str] = {
    "too-many-objectives": "number",
    "too-few-key-results": "number",
    "too-many-key-results": "number",
    "too-many-milestones": "kr-types",
    "milestone-not-allowed": "kr-types",
    "baseline-not-allowed": "kr-types",
    "level-not-allowed": "level",
    "alignment-missing": "alignment",
    "confidence-out-of-scale": "scoring",
    "bottom-up-share-low": "bottom-up",
}


@dataclass(frozen=True)
class BrokenRule:
    """The team's own rule a finding says the drafts break."""

    parameter: str
    rule: str  # the decision in the room's words: "At most 3 objectives, 2-5 key results each"
    where: str  # where the rule was decided: "Platform's self-guided setup, 2026-11-26"

    @property
    def title(self) -> str:
        return BY_ID[self.parameter].title


@dataclass(frozen=True)
class Departure:
    """A decision of the session: this time the drafts depart from the team's rule, for this reason."""

    check_id: str
    target_id: str  # the objective or key result it concerns, or BOARD
    parameter: str  # the rule's parameter id
    rule: str  # the rule as it was decided when the team departed from it
    finding: str  # what the check said then: "6 key results; the room's limit is 5."
    reason: str
    at: str  # ISO time, UTC

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Departure:
        return cls(**{name: str(data.get(name) or "") for name in cls.__dataclass_fields__})

    @property
    def key(self) -> tuple[str, str]:
        return self.check_id, self.target_id

    @property
    def title(self) -> str:
        return BY_ID[self.parameter].title if self.parameter in BY_ID else self.parameter


def broken_rule(finding: Finding, resolution: Resolution) -> BrokenRule | None:
    """The decided rule `finding` says the drafts break; None for a coaching finding, or a rule left at the
    defaults (no decision of the room stands behind it)."""
    parameter = RULE_CHECKS.get(finding.check_id)
    if parameter is None:
        return None
    rule = resolution.rule(parameter)
    if rule.source is None or rule.decision is None:
        return None
    return BrokenRule(parameter, rule.text, rule.where)


def departures_of(stored: list[dict[str, Any]]) -> list[Departure]:
    return [Departure.from_dict(d) for d in stored if isinstance(d, dict)]


def still_broken(departures: list[Departure], findings: list[Finding]) -> tuple[list[Departure], list[Departure]]:
    """(still in force, withdrawn): a departure whose finding no longer fires is over, since the drafts keep
    the rule again (or the item it concerned is gone)."""
    firing = {(f.check_id, f.target_id) for f in findings}
    kept = [d for d in departures if d.key in firing]
    return kept, [d for d in departures if d.key not in firing]


def for_parameter(stored: list[dict[str, Any]], parameter: str) -> list[Departure]:
    """The departures from the rule `parameter` sets, in the order they were recorded."""
    return [d for d in departures_of(stored) if d.parameter == parameter]

