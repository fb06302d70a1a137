"""The session against the clock on the wall: an "end at 12:30" plan, the clock time each step is planned to
start, when the session will end at the pace it is going, and the cues a minute before and at the end of a
timebox.

Pure logic over the session's injected wall clock and timer, so it is tested without waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from facilitator.core.timer import format_minutes
from facilitator.i18n import _

if TYPE_CHECKING:
    from facilitator.core.session import Session

CUE_AHEAD_SECONDS = 60.0  # the first cue: one minute before the timebox ends


def _local(moment: datetime) -> datetime:
    return moment.astimezone()


def end_target(session: Session) -> datetime | None:
    """The planned end as a local time on the day the session runs, when the coach set one (`--end-at`)."""
    if not session.state.end_at:
        return None
    hours, minutes = (int(part) for part in session.state.end_at.split(":"))
    return _local(session.now()).replace(hour=hours, minute=minutes, second=0, microsecond=0)


def planned_starts(session: Session) -> dict[str, datetime]:
    """The clock time each step is planned to start at, counted back from the planned end over the script's
    timeboxes; empty without a planned end."""
    end = end_target(session)
    if end is None:
        return {}
    start = end - timedelta(seconds=session.script_total())
    starts: dict[str, datetime] = {}
    for step in session.workshop.steps:
        starts[step.id] = start
        start += timedelta(seconds=session.script_seconds(step))
    return starts


def projected_end(session: Session) -> datetime:
    """When the session ends if the rest goes as planned from now: what is left of this step's timebox
    (nothing once it overran), then every later step that is not done."""
    current = session.current_index
    left = max(0.0, session.planned_seconds(session.current) - session.timer.elapsed)
    for index, step in enumerate(session.workshop.steps):
        if index > current and not session.state.steps[step.id].done:
            left += session.planned_seconds(step)
    return _local(session.now()) + timedelta(seconds=left)


def drift_line(session: Session) -> str:
    """`ends 12:47 at this pace, 17m late`: the one line a coach glances at (short: it shares a row with the
    clock on an 80-column screen)."""
    if session.is_last and session.state.steps[session.current.id].done:
        return ""  # the workshop is complete: nothing left to project
    end = projected_end(session)
    line = _("ends {time} at this pace").format(time=f"{end:%H:%M}")
    target = end_target(session)
    if target is None:
        return line
    seconds = (end - target).total_seconds()
    if abs(seconds) < 30:
        return line + ", " + _("as planned")
    late = _("{time} late") if seconds > 0 else _("{time} early")
    return line + ", " + late.format(time=format_minutes(seconds))


def plan_status(variance_seconds: float) -> str:
    minutes = round(variance_seconds / 60)
    if minutes > 0:
        return _("{minutes} min behind plan").format(minutes=minutes)
    if minutes < 0:
        return _("{minutes} min ahead of plan").format(minutes=-minutes)
    return _("on plan")


def clock_started(session: Session) -> bool:
    """Whether the room has started the clock at all in this session: until then the clock and the plan line
    both say "not started" (a clock that never ran is not "paused")."""
    return session.timer.running or session.elapsed_total() > 0


def plan_line(session: Session) -> str:
    """The session against its plan, in one line. With the clock stopped it says so in the clock's own words
    and counts the time used, since steps passed without the clock are no time saved (a room that never
    starts it is not "3 h ahead")."""
    used, planned = format_minutes(session.elapsed_total()), format_minutes(session.planned_total())
    if session.timer.running:
        return _("{plan} · {used} of {planned}").format(plan=plan_status(session.schedule_variance()), used=used,
                                                         planned=planned)
    if clock_started(session):
        return _("Clock paused · {used} of {planned} · {plan}").format(
            used=used, planned=planned, plan=plan_status(session.schedule_variance()))
    return _("Clock not started (space) · {used} of {planned}").format(used=used, planned=planned)


@dataclass
class Cues:
    """Which cues the coach turned on (both off by default), and which were already given on this step, so a
    cue sounds once per crossing however often the screen asks."""

    flash: bool = False
    bell: bool = False
    _given: tuple[str, float] | None = None  # (step id, the remaining seconds at the last check)

    def due(self, step_id: str, remaining: float, running: bool) -> str | None:
        """`"ahead"` when the timebox just came within a minute of its end, `"end"` when it just ended; None
        otherwise, and always when the clock is paused or the coach moved to another step since."""
        before = self._given[1] if self._given and self._given[0] == step_id else None
        self._given = (step_id, remaining)
        if not running or before is None:
            return None
        if before > 0 >= remaining:
            return "end"
        if before > CUE_AHEAD_SECONDS >= remaining:
            return "ahead"
        return None

    @property
    def any_on(self) -> bool:
        return self.flash or self.bell

    def cycle(self) -> str:
        """The key's steps: off → flash → flash and bell → off. Returns how it now stands, in words."""
        if not self.flash:
            self.flash, self.bell = True, False
        elif not self.bell:
            self.bell = True
        else:
            self.flash = self.bell = False
        return self.describe()

    def describe(self) -> str:
        if self.flash and self.bell:
            return _("cues on: flash and bell a minute before the end of each timebox and at zero")
        if self.flash:
            return _("cues on: the clock flashes a minute before the end of each timebox and at zero (no sound)")
        if self.bell:
            return _("cues on: a bell a minute before the end of each timebox and at zero")
        return _("cues off")
