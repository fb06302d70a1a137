"""A check-in as a section of the room view (`RoomView.sections["check_in"]`): each key result in force, where it
stands today, and its progress and confidence across the cycle's check-ins, for the room screen to draw as
sparklines. Built from the saved session alone, like every part of a room view.

What the room sees of a check-in is what it says out loud in the round: the key result, its value and
confidence, the status the rules derive, and the trend. The coach's notes and the blockers stay on the
coach's screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from facilitator.core.checkin_sheet import CheckInSheet
from facilitator.core.checkins import KeyResultCheckIn, shown_number
from facilitator.core.okr import KeyResult
from facilitator.core.room_view import RoomSource, clean, room_section


@dataclass(frozen=True)
class RoomCheckInRow:
    text: str
    status: str  # on-track | at-risk | off-track | "" (not checked in yet today)
    now: str  # "39 %" today, or "" before it is checked in
    last: str  # the value at the check-in before ("37 %"), shown until today's is in; "" when there was none
    last_confidence: str  # and its confidence
    confidence: str  # today's confidence, as typed: "0.7"
    progress: tuple[float, ...]  # progress at each check-in of the cycle, this one last, gaps left out
    confidences: tuple[float, ...]
    down: bool  # confidence is lower than at the check-in before


@dataclass(frozen=True)
class RoomCheckIn:
    day: int  # day 45 of a 91-day cycle: the time gone is half of what the status is measured against
    days: int
    rows: tuple[RoomCheckInRow, ...]

    @property
    def checked(self) -> int:
        return sum(1 for r in self.rows if r.status)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


class _Saved:
    """The session as saved, as much of it as the check-in sheet reads: no store, no rules, nothing saved."""

    def __init__(self, source: RoomSource):
        self.state = source.state
        self._now = source.now

    def now(self) -> datetime:
        return datetime.fromtimestamp(self._now).astimezone()

    def save_now(self) -> bool:  # pragma: no cover - the room view never records anything
        raise RuntimeError("a room view does not save")

    @property
    def board(self):  # pragma: no cover - the rows and trends read no rules
        raise RuntimeError("a room view reads no rules")


def _number(value: float | None, kr: KeyResult) -> str:
    if value is None:
        return ""
    return shown_number(value) + (f" {clean(kr.unit)}" if kr.unit else "")


def _confidence(entry: KeyResultCheckIn | None) -> str:
    return "" if entry is None or entry.confidence is None else shown_number(entry.confidence)


@room_section("check_in")
def check_in_section(source: RoomSource) -> RoomCheckIn | None:
    if not (source.state.check_in or {}).get("source"):
        return None
    sheet = CheckInSheet(_Saved(source))
    rows = []
    for _, kr in sheet.key_results():
        entry, last = sheet.entry(kr.id), sheet.last_entry(kr.id)
        trend = sheet.trend_of(kr)
        known = trend.confidence_series
        rows.append(RoomCheckInRow(
            text=clean(kr.text), status=entry.status if entry else "",
            now=_number(entry.value, kr) if entry else "", last=_number(last.value, kr) if last else "",
            last_confidence=_confidence(last), confidence=_confidence(entry),
            progress=tuple(trend.progress_series), confidences=tuple(known),
            down=entry is not None and entry.confidence is not None and len(known) >= 2 and known[-1] < known[-2]))
    cycle = sheet.cycle()
    days = max(1, (cycle.end - cycle.start).days)
    day = min(days, max(0, (sheet.today() - cycle.start).days))
    return RoomCheckIn(day=day, days=days, rows=tuple(rows))
