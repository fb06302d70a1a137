"""The records a session is made of: plain dataclasses, their stored form, and the small helpers for text and
time they share with the command line and the store. No behaviour of the room lives here (see `session`).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from facilitator.core.collection import Collection, RoomSettings
from facilitator.core.plain_data import plain
from facilitator.core.visible import visible
from facilitator.core.workshop import Step

WallClock = Callable[[], datetime]
DECISION_STATUSES = ("decided", "parked", "open")



NAME_MAX = 120  # characters in an organization, team or facilitator name: one line on every screen and listing
_LINE_BREAKS = re.compile(r"[\t\n\v\f\r]+")


def one_line(text: str) -> str:
    """A name as one line of plain text: newlines and tabs become spaces, any other control character (a terminal
    escape) shows as its picture (core/visible.py)."""
    return " ".join(visible(_LINE_BREAKS.sub(" ", text)).split())

class SaveError(Exception):
    """Raised by a store when a save did not reach the disk; the session keeps the change in memory."""


def utc_now() -> datetime:
    # precise: the room's clock is recorded against it; iso() drops the fraction for the record
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def local_time(iso_time: str) -> str:
    """`2026-11-26 14:05` in the machine's local time, from a stored UTC timestamp."""
    try:
        moment = datetime.fromisoformat(iso_time.replace("Z", "+00:00"))
    except ValueError:
        return iso_time
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def new_session_id(now: datetime) -> str:
    return f"{now:%Y%m%d}-{secrets.token_hex(3)}"


@dataclass
class Decision:
    parameter: str
    step: str
    status: str = "open"
    choice: str | None = None
    decision: str = ""
    rationale: str = ""
    owner: str = ""
    decided_at: str | None = None
    consensus: dict[str, Any] | None = None  # see core/consensus.py
    revisit: dict[str, Any] | None = None  # at reflect-and-reset: what last cycle decided, kept or changed
    by_when: str = ""  # a parked decision: the ISO date it is to be settled by (its owner settles it)
    # the rationale stays with the coach: kept out of every export, QR code and shared screen
    rationale_private: bool = False
    values: dict[str, Any] | None = None  # the room's own numbers, see core/decision_values.py


@dataclass
class StepTiming:
    actual_seconds: float = 0.0
    extra_seconds: float = 0.0  # minutes added (or removed) with +/- during the session
    done: bool = False


MINUTE = 60.0


def script_seconds(step: Step, state: SessionState | None = None) -> float:
    """The step's timebox as the script plans it for this room: a scoring step's (reflection) grows with the
    number of last cycle's key results it scores (`timebox_per_key_result`)."""
    if state is not None and step.kind == "reflection" and step.timebox_per_key_result:
        scored = sum(len(o.get("key_results") or []) for o in state.previous.get("objectives", [])
                     if isinstance(o, dict))
        return step.planned_seconds + round(step.timebox_per_key_result * MINUTE) * scored
    return step.planned_seconds


def step_timebox(step: Step, timing: StepTiming, state: SessionState | None = None) -> float:
    """The step's timebox in seconds with the minutes the room added or removed, never below one minute (or
    the script's own timebox, when that is shorter: seconds work everywhere)."""
    planned = script_seconds(step, state)
    return max(min(MINUTE, planned), planned + timing.extra_seconds)


@dataclass
class Action:
    id: str
    text: str
    owner: str = ""
    due: str = ""  # ISO date, or empty
    step: str = ""  # the step it came from
    created_at: str = ""
    done: bool = False


PARKING_RESOLUTIONS = ("", "resolved", "action", "carried")


@dataclass
class ParkingItem:
    id: str
    text: str
    step: str = ""
    created_at: str = ""
    resolution: str = ""  # "" while open; resolved, turned into an action, or carried to the next session
    note: str = ""


@dataclass
class SessionState:
    id: str
    workshop_id: str
    workshop_title: str
    workshop_version: str
    workshop_ref: str  # a built-in workshop id, or the path it was loaded from
    organization: str
    team: str
    facilitator: str
    started_at: str
    updated_at: str
    current_step: str
    steps: dict[str, StepTiming] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)
    timer_running: bool = False
    share_url: str = ""  # set at run time with --share-url
    # A workshop run from a file (not built in): its text as it was when the session started, so the session
    # can still be resumed and exported after the file is moved, deleted or broken.
    workshop_source: str = ""
    self_guided: bool = False  # a team on its own: examples shown, answers checked before moving on
    objectives: list[dict[str, Any]] = field(default_factory=list)  # OKR drafts, see core/okr.py
    dismissals: list[dict[str, Any]] = field(default_factory=list)  # findings the coach set aside, and why
    # a self-guided team's decisions to depart from its own rule this time (core/rule_departures.py)
    departures: list[dict[str, Any]] = field(default_factory=list)
    # the highest number the board gave an objective ("o") and a key result ("kr"): removed ids are not reused,
    # so a dismissal, a score or a tracker's link to kr3 never lands on a different key result
    id_high: dict[str, int] = field(default_factory=dict)
    # the deployment decisions of the team's earlier session, when this session drafts under them
    inherited_decisions: dict[str, dict[str, Any]] = field(default_factory=dict)
    inherited_from: str = ""
    # reflect-and-reset: the team's earlier session, what it decided and drafted, and how the room scored it
    previous_session: str = ""
    previous: dict[str, Any] = field(default_factory=dict)
    reflections: dict[str, dict[str, Any]] = field(default_factory=dict)
    # a check-in: the key results in force, where each stands today, and the cycle's earlier check-ins
    # (see core/checkin_sheet.py)
    check_in: dict[str, Any] = field(default_factory=dict)
    actions: list[Action] = field(default_factory=list)
    parking_lot: list[ParkingItem] = field(default_factory=list)
    # when the clock started and stopped, and when the room moved on: the timing record of the session
    log: list[dict[str, Any]] = field(default_factory=list)
    # `x-` keys of an imported export (another tool's data), by the place they were found: see core/extensions.py
    extensions: dict[str, dict[str, Any]] = field(default_factory=dict)
    # the step's clock as of the last save: {"step", "running", "elapsed", "at" (epoch seconds)}, so a room
    # screen in another process runs the same clock; and what the coach chose to show the room (room_view)
    clock: dict[str, Any] = field(default_factory=dict)
    room: dict[str, Any] = field(default_factory=dict)
    attendees: list[dict[str, str]] = field(default_factory=list)  # {"name", "role"}, in the order given
    # what the room said on a step that decides no parameter ("why OKRs, why now", expectations), by step id
    step_records: dict[str, str] = field(default_factory=dict)
    coach_notes: dict[str, str] = field(default_factory=dict)  # the coach's own note per step: never shared
    next_session: dict[str, str] = field(default_factory=dict)  # {"date", "time", "workshop", "who"}
    # the next session the team's previous session planned, when this session is that one (or follows it)
    planned: dict[str, str] = field(default_factory=dict)
    # the clock: start each step's timer on arrival, the clock time the session should end ("12:30")
    auto_start: bool = False
    end_at: str = ""
    # the language the coach reads drafts in ("de"; see core/draft_language.py): "" in sessions saved before
    # there was a choice, which read as English
    language: str = ""
    # the room's phones: who joined (pseudonymous ids, optional names) and what was collected, see core/room.py
    phones: RoomSettings = field(default_factory=RoomSettings)
    collections: list[Collection] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionState:
        data = dict(data)
        steps = {k: StepTiming(**v) for k, v in data.pop("steps", {}).items()}
        decisions = {k: Decision(**v) for k, v in data.pop("decisions", {}).items()}
        actions = [Action(**a) for a in data.pop("actions", [])]
        parking = [ParkingItem(**p) for p in data.pop("parking_lot", [])]
        phones = RoomSettings.from_dict(data.pop("phones", None) or {})
        collections = [Collection.from_dict(c) for c in data.pop("collections", [])]
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known}, steps=steps, decisions=decisions,
                   actions=actions, parking_lot=parking, phones=phones, collections=collections)


def content_revision(state: dict[str, Any]) -> str:
    """A short fingerprint of everything a session holds except when it was last written: equal fingerprints,
    equal content. A tool syncing sessions re-exports only those whose revision moved."""
    # the clock stamp says when it was read, not what the room did: the time banked on each step does
    content = {k: v for k, v in state.items() if k not in ("updated_at", "clock")}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def summarize(state: dict[str, Any]) -> dict[str, Any]:
    """The index entry for a stored session: what lists of sessions show, derived from the session alone."""
    steps = state.get("steps") or {}
    decisions = state.get("decisions") or {}
    keys = ("id", "workshop_id", "workshop_title", "workshop_ref", "organization", "team", "facilitator",
            "started_at", "updated_at", "current_step")
    summary = {key: state.get(key, "") for key in keys}
    summary.update(
        steps_done=sum(1 for t in steps.values() if isinstance(t, dict) and t.get("done")),
        steps_total=len(steps),
        decided=sum(1 for d in decisions.values() if isinstance(d, dict) and d.get("status") == "decided"),
        decisions_total=len(decisions),
        revision=content_revision(state),
    )
    return summary


@dataclass(frozen=True)
class SessionSummary:
    """A session as lists show it: its index entry, without loading the session itself."""

    id: str
    workshop_title: str
    organization: str
    team: str
    facilitator: str
    started_at: str
    steps_done: int
    steps_total: int
    decided: int
    decisions_total: int
    updated_at: str
    workshop_id: str = ""
    workshop_ref: str = ""
    current_step: str = ""
    revision: str = ""  # indexes written before revisions existed have none: see Workspace.revision

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> SessionSummary:
        return cls(
            id=row["id"], workshop_title=row.get("workshop_title", "?"),
            organization=row.get("organization", ""), team=row.get("team", ""),
            facilitator=row.get("facilitator", ""), started_at=row.get("started_at", ""),
            steps_done=int(row.get("steps_done", 0)),
            steps_total=int(row.get("steps_total", 0)), decided=int(row.get("decided", 0)),
            decisions_total=int(row.get("decisions_total", 0)),
            updated_at=row.get("updated_at", ""),
            workshop_id=row.get("workshop_id", ""), workshop_ref=row.get("workshop_ref", ""),
            current_step=row.get("current_step", ""), revision=row.get("revision", ""),
        )


class SessionStore(Protocol):
    def save_session(self, state: dict[str, Any], summary: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class AgendaRow:
    step: Step
    index: int
    status: str  # done | current | next | pending
    planned_seconds: float
    actual_seconds: float
    decision: str | None = None  # a decision step's status: decided, parked or open
    here: bool = False  # the step the session is on (a completed workshop stays on its last, done, step)
    clock: str = ""  # "10:35": when the step is planned to start, with an end-at plan (core/schedule.py)
