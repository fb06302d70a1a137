"""The OKR draft model, and the rules of the room that drafts are checked against.

Drafts are stored and exported as plain dicts (`to_dict`/`from_dict`); ids are stable strings chosen by the
caller, so a finding or an export can point at an objective or key result across sessions.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field, fields
from typing import Any, NamedTuple

from facilitator.core.decision_values import OPTION_VALUES, option_values
from facilitator.core.plain_data import plain
from facilitator.i18n import N_

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


def new_uid() -> str:
    """An id for a new objective or key result that no other session's uses and no later one reuses: what a
    tracker keys on. The board's own ids (`o1`, `kr2`) stay short for the room to say aloud."""
    return secrets.token_hex(6)


def uid_of(session_id: str, item_id: str, uid: str = "") -> str:
    """The item's uid; drafts saved before uids get one derived from the session and the item's id, the same
    in every export and on every machine, so a tracker can key on them too."""
    return uid or hashlib.sha256(f"{session_id}/{item_id}".encode()).hexdigest()[:12]


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
    uid: str = ""  # unique across sessions and never reused (see `new_uid`); "" on drafts saved before uids

    def to_dict(self) -> dict[str, Any]:
        return plain(self)

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
    committed: bool = True  # false for an aspirational one; kept in step with `commitment`
    key_results: list[KeyResult] = field(default_factory=list)
    owner: str = ""  # who answers for the objective; several are written "Ana, Bo" (see `owner_names`)
    uid: str = ""
    # the room's choice (the drafting workshop asks for it): one of COMMITMENTS, "" while not made
    commitment: str = ""

    def __post_init__(self) -> None:
        if self.commitment:
            self.committed = self.commitment != "aspirational"

    def to_dict(self) -> dict[str, Any]:
        return plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Objective:
        values = _known(cls, data)
        values["key_results"] = [KeyResult.from_dict(kr) for kr in values.get("key_results") or ()]
        if values.get("commitment") not in COMMITMENTS:
            # drafts from before the choice: only an unticked "committed" said anything (it defaulted to true)
            values["commitment"] = "aspirational" if values.get("committed") is False else ""
        return cls(**values)


COMMITMENTS = ("committed", "aspirational")
COMMITMENT_LABELS = {"committed": N_("committed"), "aspirational": N_("aspirational"),
                     "": N_("commit/stretch?")}


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
    confidence_scale: Scale = DECIMAL  # the room may score 0-1 and still say confidence "out of 10"
    check_in_weeks: int = 1
    alignment_required: bool = False
    alignment_encouraged: bool = True
    bottom_up_target: float = 0.6  # share of team objectives proposed by the teams, 0-1
    cycle_months: int = 3  # how long a key result has to move: what a realistic stretch is judged against

    def objective_limit(self, level: str) -> int:
        if level == "company" and self.max_company_objectives is not None:
            return self.max_company_objectives
        return self.max_objectives

    def to_dict(self) -> dict[str, Any]:
        data = plain(self)
        data["levels"] = sorted(self.levels, key=LEVELS.index)
        data["kr_types"] = sorted(self.kr_types, key=KR_TYPES.index)
        data["scale"] = self.scale._asdict()
        data["confidence_scale"] = self.confidence_scale._asdict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RoomRules:
        values = _known(cls, data)
        for name in ("levels", "kr_types"):
            if name in values:
                values[name] = frozenset(values[name])
        for name in ("scale", "confidence_scale"):
            scale = values.get(name)
            if isinstance(scale, dict):
                values[name] = Scale(scale["name"], float(scale["min"]), float(scale["max"]))
            elif scale is not None:
                values[name] = Scale(*scale)
        return cls(**values)


def _scale(value: dict[str, Any], name: str = "") -> Scale:
    low, high = float(value["min"]), float(value["max"])
    return Scale(value.get("name") or name or f"{low:g}-{high:g}", low, high)


def rules_fields(values: dict[str, Any]) -> dict[str, Any]:
    """RoomRules fields from a decision's structured values (see core/decision_values.py)."""
    found: dict[str, Any] = {}
    if values.get("levels"):
        found["levels"] = frozenset(values["levels"])
    if values.get("objectives"):
        found["max_objectives"] = int(values["objectives"])
    if "company_objectives" in values:
        found["max_company_objectives"] = values["company_objectives"]
    if values.get("key_results"):
        found.update(min_krs=int(values["key_results"]["min"]), max_krs=int(values["key_results"]["max"]))
    if values.get("scale"):
        found["scale"] = _scale(values["scale"])
    if "confidence" in values:
        confidence = values["confidence"]
        found["confidence_tracked"] = confidence is not None
        if confidence is not None:
            found["confidence_scale"] = _scale(confidence)
    if values.get("check_in_weeks"):
        found["check_in_weeks"] = int(values["check_in_weeks"])
    if values.get("cycle_months"):
        found["cycle_months"] = int(values["cycle_months"])
    if values.get("kr_types"):
        found["kr_types"] = frozenset(values["kr_types"])
        found["max_milestones_per_objective"] = values.get("max_milestones")
    if values.get("bottom_up_percent") is not None:
        found["bottom_up_target"] = values["bottom_up_percent"] / 100
    return found


# Alignment is decided in words only (no field): what each of its options means for drafts.
_ALIGNMENT_RULES: dict[str, dict[str, Any]] = {
    "contributes-to-links": {"alignment_required": True},
    "links-plus-shared-okrs": {"alignment_required": True},
    "strict-cascade": {"alignment_required": True},
    "loose-alignment": {"alignment_required": False, "alignment_encouraged": False},
}
# What each option of workshops/deployment-parameters.yaml means for drafts, by parameter and option id.
# A test checks these keys against the workshop file, so a renamed option cannot silently fall back.
OPTION_RULES: dict[str, dict[str, dict[str, Any]]] = {
    **{parameter: {choice: rules_fields(values) for choice, values in options.items()}
       for parameter, options in OPTION_VALUES.items()},
    "alignment": _ALIGNMENT_RULES,
}

# A `number` decision written in the room's own words, e.g. "at most 3 objectives, 2-4 key results each".
# Only the plain forms are read: "1 company objective, 3 per team" is ambiguous and keeps the defaults.
_OBJECTIVE_COUNT = re.compile(r"\b(\d+)\s+objectives?\b", re.IGNORECASE)
_KR_RANGE = re.compile(r"\b(\d+)\s*(?:-|–|to)\s*(\d+)\s+key[- ]results?\b", re.IGNORECASE)


def number_from_text(text: str) -> dict[str, Any]:
    """The structured values a `number` decision states in words (decisions recorded before the fields)."""
    found: dict[str, Any] = {}
    if (match := _OBJECTIVE_COUNT.search(text)) and int(match.group(1)) > 0:
        found["objectives"] = int(match.group(1))
    if (match := _KR_RANGE.search(text)) and 0 < int(match.group(1)) <= int(match.group(2)):
        found["key_results"] = {"min": int(match.group(1)), "max": int(match.group(2))}
    return found


def decided_values(parameter: str, decision: dict[str, Any] | None) -> dict[str, Any] | None:
    """The values a decided parameter sets: its fields as recorded, else its option's, else (for `number`) what
    its wording states. None while the parameter is open or parked: the defaults stand."""
    decision = decision or {}
    if decision.get("status") != "decided":
        return None
    if decision.get("values"):
        return dict(decision["values"])
    values = option_values(parameter, decision.get("choice"))
    if not values and parameter == "number":
        values = number_from_text(str(decision.get("decision") or ""))
    return values


def rules_from_decisions(decisions: dict[str, dict[str, Any]]) -> RoomRules:
    """The rules drafts must follow, from the deployment decisions keyed by parameter id.

    Only decided parameters count: an open or parked one keeps the default rules. A decision's own values
    (the dialog's fields) come first; without them a decided option id stands for its values, and a `number`
    decision in words is read for the limits it states.
    """
    values: dict[str, Any] = {}
    for parameter in (*OPTION_VALUES, "alignment"):
        decided = decided_values(parameter, decisions.get(parameter))
        if decided is None:
            continue
        values.update(rules_fields(decided))
        if parameter == "alignment":
            values.update(_ALIGNMENT_RULES.get(str((decisions.get(parameter) or {}).get("choice")), {}))
    return RoomRules(**values)
