"""The OKR draft model, and the rules of the room that drafts are checked against.

Drafts are stored and exported as plain dicts (`to_dict`/`from_dict`); ids are stable strings chosen by the
caller, so a finding or an export can point at an objective or key result across sessions.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any, NamedTuple

LEVELS: tuple[str, ...] = ("company", "team", "individual")
ORIGINS: tuple[str, ...] = ("team", "leadership")
KR_TYPES: tuple[str, ...] = ("metric", "baseline", "milestone")
DIRECTIONS: tuple[str, ...] = ("increase", "decrease", "maintain", "")


def _number(value: Any) -> float | None:
    # Stored and imported drafts may carry "" or numeric strings for a blank or typed-in field.
    if value is None or value == "":
        return None
    return float(value)


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    # Older or newer stores may carry fields this version does not know; drop them rather than fail to load.
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


@dataclass
class KeyResult:
    id: str
    text: str
    type: str = ""  # one of KR_TYPES; "" when the author has not said, and the coach reads it from the text
    start: float | None = None  # the "from": the value today
    target: float | None = None  # the "to": the value by the end of the cycle
    unit: str = ""
    direction: str = ""  # one of DIRECTIONS; "" when the draft has not said
    due: str = ""  # ISO date, mostly for milestones
    owner: str = ""  # one person's name; "Ana, Bo" or "Ana and Bo" is how several owners get written
    confidence: float | None = None  # on the room's scoring scale
    aspirational: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KeyResult:
        values = _known(cls, data)
        for name in ("start", "target", "confidence"):
            if name in values:
                values[name] = _number(values[name])
        return cls(**values)


@dataclass
class Objective:
    id: str
    title: str
    why_now: str = ""
    level: str = "team"  # one of LEVELS
    team: str = ""
    contributes_to: str = ""  # id of the company objective this one serves, or ""
    origin: str = "team"  # one of ORIGINS: who proposed it, for the bottom-up share
    committed: bool = True
    key_results: list[KeyResult] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Objective:
        values = _known(cls, data)
        values["key_results"] = [KeyResult.from_dict(kr) for kr in values.get("key_results") or ()]
        return cls(**values)


# how rooms write several owners in one field: "Dan, Eve", "Ana & Bo", "Ana and Bo", "Ana / Bo"
_OWNER_SEPARATORS = re.compile(r"\s*(?:[,;/&+]|\band\b)\s*", re.IGNORECASE)


def owner_names(owner: str) -> list[str]:
    """The people an owner field names, as a list a tracker can map to its users (one coach's rule is one
    owner per key result; the check says so, and the list still says who was written down)."""
    return [name for name in (part.strip() for part in _OWNER_SEPARATORS.split(owner)) if name]


class Scale(NamedTuple):
    name: str
    min: float
    max: float


DECIMAL = Scale("0-1", 0.0, 1.0)
PERCENT = Scale("percent", 0.0, 100.0)
# 0 off track, 1 at risk, 2 on track: the three lights as numbers, so confidence can still be compared.
TRAFFIC_LIGHT = Scale("traffic-light", 0.0, 2.0)
SCALES: dict[str, Scale] = {s.name: s for s in (DECIMAL, PERCENT, TRAFFIC_LIGHT)}


@dataclass(frozen=True)
class RoomRules:
    """What the deployment decisions allow drafts to be. The defaults are the rules while a decision is open."""

    levels: frozenset[str] = frozenset({"company", "team"})
    max_objectives: int = 3  # per level, and per team at team level
    max_company_objectives: int | None = None  # None: the same as max_objectives
    min_krs: int = 2
    max_krs: int = 5
    kr_types: frozenset[str] = frozenset(KR_TYPES)
    max_milestones_per_objective: int | None = None  # None: no limit beyond kr_types
    scale: Scale = DECIMAL
    confidence_tracked: bool = True
    alignment_required: bool = False
    alignment_encouraged: bool = True
    bottom_up_target: float = 0.6  # share of team objectives proposed by the teams, 0-1
    cycle_months: int = 3  # how long a key result has to move: what a realistic stretch is judged against

    def objective_limit(self, level: str) -> int:
        if level == "company" and self.max_company_objectives is not None:
            return self.max_company_objectives
        return self.max_objectives

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["levels"] = sorted(self.levels, key=LEVELS.index)
        data["kr_types"] = sorted(self.kr_types, key=KR_TYPES.index)
        data["scale"] = self.scale._asdict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RoomRules:
        values = _known(cls, data)
        for name in ("levels", "kr_types"):
            if name in values:
                values[name] = frozenset(values[name])
        scale = values.get("scale")
        if isinstance(scale, dict):
            values["scale"] = Scale(scale["name"], float(scale["min"]), float(scale["max"]))
        elif scale is not None:
            values["scale"] = Scale(*scale)
        return cls(**values)


# What each option of workshops/deployment-parameters.yaml means for drafts, by parameter and option id.
# A test checks these keys against the workshop file, so a renamed option cannot silently fall back.
OPTION_RULES: dict[str, dict[str, dict[str, Any]]] = {
    "level": {
        "company-only": {"levels": frozenset({"company"})},
        "company-and-pilots": {"levels": frozenset({"company", "team"})},
        "company-and-all-teams": {"levels": frozenset({"company", "team"})},
        "down-to-individuals": {"levels": frozenset(LEVELS)},
    },
    "number": {
        "three-by-five": {"max_objectives": 3, "min_krs": 2, "max_krs": 5},
        "two-by-three": {"max_objectives": 2, "min_krs": 2, "max_krs": 3},
        # "up to 5 key results" names no minimum, so the usual minimum of 2 stands
        "five-by-five": {"max_objectives": 5, "max_krs": 5},
        "one-company-objective": {"max_objectives": 3, "max_company_objectives": 1},
    },
    "scoring": {
        "decimal-with-confidence": {"scale": DECIMAL, "confidence_tracked": True},
        "percent-monthly": {"scale": PERCENT},
        "traffic-light-weekly": {"scale": TRAFFIC_LIGHT},
        "decimal-no-confidence": {"scale": DECIMAL, "confidence_tracked": False},
    },
    "cycle": {
        "quarterly": {"cycle_months": 3},
        "four-months": {"cycle_months": 4},
        "half-year": {"cycle_months": 6},
        # the key results drafted in this room are the teams' quarterly ones
        "annual-plus-quarterly": {"cycle_months": 3},
    },
    "kr-types": {
        "metrics-baselines-few-milestones": {"kr_types": frozenset(KR_TYPES), "max_milestones_per_objective": 1},
        "metrics-and-baselines": {"kr_types": frozenset({"metric", "baseline"})},
        "metrics-only": {"kr_types": frozenset({"metric"})},
        "all-types-freely": {"kr_types": frozenset(KR_TYPES)},
    },
    "alignment": {
        "contributes-to-links": {"alignment_required": True},
        "links-plus-shared-okrs": {"alignment_required": True},
        "strict-cascade": {"alignment_required": True},
        "loose-alignment": {"alignment_required": False, "alignment_encouraged": False},
    },
    "bottom-up": {
        "mostly-bottom-up": {"bottom_up_target": 0.6},
        # leadership drafts most team OKRs this cycle: there is no share to fall short of
        "leadership-led-first-cycle": {"bottom_up_target": 0.0},
        "fully-bottom-up": {"bottom_up_target": 1.0},
    },
}

# A `number` decision written in the room's own words, e.g. "at most 3 objectives, 2-4 key results each".
# Only the plain forms are read: "1 company objective, 3 per team" is ambiguous and keeps the defaults.
_OBJECTIVE_COUNT = re.compile(r"\b(\d+)\s+objectives?\b", re.IGNORECASE)
_KR_RANGE = re.compile(r"\b(\d+)\s*(?:-|–|to)\s*(\d+)\s+key[- ]results?\b", re.IGNORECASE)


def _number_from_text(text: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if (match := _OBJECTIVE_COUNT.search(text)) and int(match.group(1)) > 0:
        found["max_objectives"] = int(match.group(1))
    if (match := _KR_RANGE.search(text)) and 0 < int(match.group(1)) <= int(match.group(2)):
        found.update(min_krs=int(match.group(1)), max_krs=int(match.group(2)))
    return found


def rules_from_decisions(decisions: dict[str, dict[str, Any]]) -> RoomRules:
    """The rules drafts must follow, from the deployment decisions keyed by parameter id.

    Only decided parameters count: an open or parked one keeps the default rules. A decided option id maps
    through OPTION_RULES; a `number` decision without a known option is read for the limits it states.
    """
    values: dict[str, Any] = {}
    for parameter, options in OPTION_RULES.items():
        decision = decisions.get(parameter) or {}
        if decision.get("status") != "decided":
            continue
        choice = decision.get("choice")
        if choice in options:
            values.update(options[choice])
        elif parameter == "number":
            values.update(_number_from_text(str(decision.get("decision") or "")))
    return RoomRules(**values)
