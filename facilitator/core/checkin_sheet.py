"""The check-in sheet of a session: the key results in force, this check-in's entries, and the cycle's trend.

Kept apart from `Session`, as the draft board is: it reads and changes `state.check_in` and saves through the
session, so every entry is on disk before the screen shows it. What it is linked to (the drafting session whose
key results are in force, the cycle's earlier check-ins, the open actions) is found by the workspace when the
session starts, through core/cycles.py, and kept with the session so it reads the same after a restart or an
import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from facilitator.core.checkins import Blocker, Cycle, KeyResultCheckIn, Trend, derive_status, trend, validate
from facilitator.core.okr import KeyResult, Objective, RoomRules
from facilitator.i18n import _, ngettext

QUARTER_DAYS = 91
_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
BLOCKER_MAX = 300
NOTE_MAX = 500


class CheckInSession(Protocol):
    state: Any

    def save_now(self) -> bool: ...

    def now(self): ...

    @property
    def board(self) -> Any: ...


@dataclass(frozen=True)
class Row:
    objective: Objective
    key_result: KeyResult
    entry: KeyResultCheckIn | None
    trend: Trend
    status: str


def cycle_from_text(text: str) -> Cycle | None:
    """The cycle's dates from the room's own words: "Quarterly, 2027-01-04 to 2027-04-02"."""
    found = []
    for day in _ISO_DATE.findall(text or ""):
        try:
            found.append(date.fromisoformat(day))
        except ValueError:
            continue
    if len(found) >= 2 and found[1] > found[0]:
        return Cycle(found[0], found[1])
    return None


def cycle_text_of(decision: dict[str, Any] | None) -> str:
    """The cycle decision as text its dates can be read from: the room's own dates when it typed them in the
    decision's fields, else whatever its words say."""
    decision = decision or {}
    dates = decision.get("values") or {}
    if dates.get("start") and dates.get("end"):
        return f"{dates['start']} to {dates['end']}"
    return str(decision.get("decision", ""))


def decided_cycle(decision: dict[str, Any] | None) -> dict[str, Any]:
    """The cycle in force as a tracker reads it: `{label, start, end}`, the room's words and the dates (ISO,
    or None when the room gave none)."""
    decision = decision or {}
    label = " ".join(str(decision.get("decision") or decision.get("choice") or "").split())
    cycle = cycle_from_text(cycle_text_of(decision))
    return {"label": label, "start": cycle.start.isoformat() if cycle else None,
            "end": cycle.end.isoformat() if cycle else None}


def months_later(day: date, months: int) -> date:
    """The same day `months` calendar months on (the month's last day when it has fewer days)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def link_record(*, source_id: str, source_kind: str, source_started: str, objectives: list[dict[str, Any]],
                cycle_text: str, history: list[dict[str, Any]], open_actions: list[dict[str, Any]],
                cycle_months: int | None = None) -> dict[str, Any]:
    """What a new check-in keeps of its cycle. The cycle's dates come from the `cycle` decision; when the room
    wrote none, a cycle of the length it decided (a quarter when it decided none) is assumed from the drafting
    session, and the sheet says so."""
    cycle = cycle_from_text(cycle_text)
    assumed = cycle is None
    months = cycle_months if isinstance(cycle_months, int) and 0 < cycle_months <= 24 else None
    if cycle is None:
        try:
            begun = date.fromisoformat(source_started[:10])
        except ValueError:
            begun = date.today()
        cycle = Cycle(begun, months_later(begun, months) if months else begun + timedelta(days=QUARTER_DAYS))
    record = {"start": cycle.start.isoformat(), "end": cycle.end.isoformat(), "assumed": assumed}
    if assumed and months:
        record["months"] = months
    return {"source": source_id, "source_kind": source_kind, "objectives": objectives, "cycle": record,
            "history": history, "open_actions": open_actions, "entries": {}}


class CheckInSheet:
    def __init__(self, session: CheckInSession):
        self.session = session

    @property
    def _data(self) -> dict[str, Any]:
        return self.session.state.check_in

    # -- reading ----------------------------------------------------------------------------------------
    @property
    def linked(self) -> bool:
        return bool(self._data.get("source"))

    @property
    def source(self) -> str:
        return str(self._data.get("source", ""))

    def objectives(self) -> list[Objective]:
        return [Objective.from_dict(o) for o in self._data.get("objectives") or () if isinstance(o, dict)]

    def key_results(self) -> list[tuple[Objective, KeyResult]]:
        return [(o, kr) for o in self.objectives() for kr in o.key_results]

    def rules(self) -> RoomRules:
        return self.session.board.rules()

    def cycle(self) -> Cycle:
        data = self._data.get("cycle") or {}
        try:
            return Cycle(date.fromisoformat(data["start"]), date.fromisoformat(data["end"]))
        except (KeyError, TypeError, ValueError):
            today = self.today()
            return Cycle(today, today + timedelta(days=QUARTER_DAYS))

    def cycle_assumed(self) -> bool:
        return bool((self._data.get("cycle") or {}).get("assumed", True))

    def today(self) -> date:
        return self.session.now().date()

    def elapsed(self) -> float:
        return self.cycle().elapsed(self.today())

    def cycle_line(self) -> str:
        cycle = self.cycle()
        days = max(1, (cycle.end - cycle.start).days)
        day = min(days, max(0, (self.today() - cycle.start).days))
        share = _("{share}%").format(share=f"{self.elapsed() * 100:.0f}")  # "68 %" in German
        line = _("Cycle {start} → {end} · day {day} of {days} ({share})").format(
            start=cycle.start.isoformat(), end=cycle.end.isoformat(), day=day, days=days, share=share)
        if self.cycle_assumed():
            months = (self._data.get("cycle") or {}).get("months")
            if isinstance(months, int):
                line += " · " + ngettext("dates assumed ({months} month from drafting): write them in the cycle "
                                         "decision", "dates assumed ({months} months from drafting): write them "
                                         "in the cycle decision", months).format(months=months)
            else:
                line += " · " + _("dates assumed (a quarter from drafting): write them in the cycle decision")
        return line

    def entry(self, key_result_id: str) -> KeyResultCheckIn | None:
        raw = (self._data.get("entries") or {}).get(key_result_id)
        return KeyResultCheckIn.from_dict(raw) if isinstance(raw, dict) else None

    def earlier(self) -> list[dict[str, Any]]:
        """The cycle's earlier check-ins, oldest first: {session_id, at, entries}."""
        return sorted((h for h in self._data.get("history") or () if isinstance(h, dict)),
                      key=lambda h: str(h.get("at", "")))

    def last_entry(self, key_result_id: str) -> KeyResultCheckIn | None:
        for check_in in reversed(self.earlier()):
            raw = (check_in.get("entries") or {}).get(key_result_id)
            if isinstance(raw, dict):
                return KeyResultCheckIn.from_dict(raw)
        return None

    def trend_of(self, kr: KeyResult) -> Trend:
        pairs = [(str(h.get("at", "")), KeyResultCheckIn.from_dict(raw))
                 for h in self.earlier() for k, raw in (h.get("entries") or {}).items()
                 if k == kr.id and isinstance(raw, dict)]
        mine = self.entry(kr.id)
        if mine is not None:
            pairs.append((self.today().isoformat() + "~", mine))  # today's sorts after an earlier one today
        return trend(kr, pairs)

    def rows(self) -> list[Row]:
        rows = []
        for objective, kr in self.key_results():
            entry = self.entry(kr.id)
            rows.append(Row(objective, kr, entry, self.trend_of(kr), entry.status if entry else ""))
        return rows

    def open_actions(self) -> list[dict[str, Any]]:
        return [a for a in self._data.get("open_actions") or () if isinstance(a, dict)]

    def falling(self) -> list[Row]:
        scale = self.rules().confidence_scale
        return [r for r in self.rows() if r.trend.falling(scale) or r.status == "off-track"]

    # -- changing ---------------------------------------------------------------------------------------
    def record(self, key_result_id: str, *, value: float | None, confidence: float | None, note: str = "",
               blockers: list[tuple[str, str]] = ()) -> KeyResultCheckIn:
        """Keep where one key result stands today; its status is derived from the cycle and the room's scale."""
        found = next((kr for _objective, kr in self.key_results() if kr.id == key_result_id), None)
        if found is None:
            raise ValueError(_("'{id}' is not a key result in force for this check-in").format(id=key_result_id))
        scale = self.rules().confidence_scale
        validate(found, value, confidence, scale)
        note = " ".join(note.split())
        if len(note) > NOTE_MAX:
            raise ValueError(_("the note for '{text}' is {length} characters; keep it under {limit}").format(
                text=found.text, length=len(note), limit=NOTE_MAX))
        kept = []
        for text, owner in blockers:
            text, owner = " ".join(text.split()), " ".join(owner.split())
            if not text:
                continue
            if len(text) > BLOCKER_MAX:
                raise ValueError(_("a blocker of '{text}' is {length} characters; keep it under {limit}").format(
                    text=found.text, length=len(text), limit=BLOCKER_MAX))
            kept.append(Blocker(text, owner))
        status = derive_status(found, value, confidence, elapsed=self.elapsed(), scale=scale, today=self.today())
        entry = KeyResultCheckIn(key_result_id, value, confidence, note, kept, status)
        self._data.setdefault("entries", {})[key_result_id] = entry.to_dict()
        self.session.save_now()
        return entry
