"""The large step clock: counts down the timebox, then keeps counting overtime in a warning colour."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from facilitator.core.timer import Timer, format_clock
from facilitator.i18n import _
from facilitator.widgets.big_clock import BigClock


class Countdown(Vertical):
    DEFAULT_CSS = """
    Countdown { width: auto; min-width: 16; height: auto; align-horizontal: right; }
    Countdown #clock-state { width: 100%; text-align: right; }
    Countdown.overtime #clock-state { color: $error; text-style: bold reverse; }
    Countdown.overtime Glyph { color: $error; }
    Countdown.ending Glyph { color: $warning; }
    Countdown.paused Glyph { color: $text-muted; }
    /* the visual cue a minute before the end and at zero (b, --flash): a moment in reverse */
    Countdown.cue Glyph { background: $warning; color: $background; }
    """

    _state = ""

    def compose(self) -> ComposeResult:
        yield BigClock("0:00", id="clock")
        yield Static("", id="clock-state")

    def show(self, timer: Timer, *, started: bool = True) -> None:
        """Repaint only what changed: a repaint costs bytes on a slow SSH link. `started`: whether the room ran
        the clock at all this session (core/schedule.py `clock_started`), so the clock and the plan line use
        the same words."""
        text = format_clock(timer.remaining)
        self.query_one(BigClock).show(text)
        if timer.is_overtime:
            state = _("OVERTIME") if timer.running else _("OVER · paused")
        elif timer.running:
            state = _("running")
        elif started:
            state = _("paused")
        else:
            state = _("not started")
        if state != self._state:
            self._state = state
            self.query_one("#clock-state", Static).update(state)
        self.set_class(timer.is_overtime, "overtime")
        self.set_class(not timer.is_overtime and timer.running and timer.remaining <= 60, "ending")
        self.set_class(not timer.running, "paused")
