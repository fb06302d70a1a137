"""The large step clock: counts down the timebox, then keeps counting overtime in a warning colour."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from facilitator.core.timer import Timer, format_clock


class Countdown(Vertical):
    DEFAULT_CSS = """
    Countdown { width: auto; min-width: 16; height: auto; align-horizontal: right; }
    Countdown Digits { width: auto; }
    Countdown #clock-state { width: 100%; text-align: right; }
    Countdown.overtime #clock-state { color: $error; text-style: bold reverse; }
    Countdown.overtime Digits { color: $error; }
    Countdown.ending Digits { color: $warning; }
    Countdown.paused Digits { color: $text-muted; }
    """

    _state = ""

    def compose(self) -> ComposeResult:
        yield Digits("0:00", id="clock")
        yield Static("", id="clock-state")

    def show(self, timer: Timer) -> None:
        """Repaint only what changed: a repaint costs bytes on a slow SSH link."""
        text = format_clock(timer.remaining)
        digits = self.query_one(Digits)
        if digits.value != text:
            digits.update(text)
        if timer.is_overtime:
            state = "OVERTIME" if timer.running else "OVER · paused"
        elif timer.running:
            state = "running"
        else:
            state = "paused"
        if state != self._state:
            self._state = state
            self.query_one("#clock-state", Static).update(state)
        self.set_class(timer.is_overtime, "overtime")
        self.set_class(not timer.is_overtime and timer.running and timer.remaining <= 60, "ending")
        self.set_class(not timer.running, "paused")
