"""A step timer as pure logic over an injected clock, so tests never sleep."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

Clock = Callable[[], float]


class Timer:
    """Counts the seconds spent on one step; keeps counting past the timebox (overtime)."""

    def __init__(self, planned_seconds: float, *, elapsed: float = 0.0, clock: Clock = time.monotonic):
        self._clock = clock
        self.planned_seconds = max(0.0, float(planned_seconds))
        self._banked = max(0.0, float(elapsed))
        self._running_since: float | None = None

    @property
    def running(self) -> bool:
        return self._running_since is not None

    @property
    def elapsed(self) -> float:
        if self._running_since is None:
            return self._banked
        return self._banked + max(0.0, self._clock() - self._running_since)

    @property
    def remaining(self) -> float:
        """Seconds left in the timebox; negative once in overtime."""
        return self.planned_seconds - self.elapsed

    @property
    def overtime(self) -> float:
        return max(0.0, -self.remaining)

    @property
    def is_overtime(self) -> bool:
        return self.remaining < 0

    def start(self) -> None:
        if self._running_since is None:
            self._running_since = self._clock()

    def pause(self) -> None:
        if self._running_since is not None:
            self._banked = self.elapsed
            self._running_since = None

    def toggle(self) -> bool:
        """Start or pause; returns whether the timer now runs."""
        if self.running:
            self.pause()
        else:
            self.start()
        return self.running

    def extend(self, seconds: float, *, minimum: float = 60.0) -> None:
        """Add (or with a negative number remove) time from the timebox, never below `minimum`."""
        self.planned_seconds = max(minimum, self.planned_seconds + seconds)


def format_clock(seconds: float) -> str:
    """`12:05`, `1:02:03`, and `+3:10` for overtime (negative remaining)."""
    sign = "+" if seconds < 0 else ""
    # a countdown shows 0:01 until the timebox is really over; overtime counts whole seconds past it
    total = math.ceil(seconds) if seconds >= 0 else math.floor(-seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def format_minutes(seconds: float) -> str:
    """A short human duration for agendas: `45m`, `1h 05m`, `0m`."""
    minutes = int(round(abs(seconds) / 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m"


def format_timebox(seconds: float) -> str:
    """A timebox as the agenda and summary show it: `45m`, and `30s` for one under a minute."""
    if 0 < abs(seconds) < 60:
        return f"{int(round(abs(seconds)))}s"
    return format_minutes(seconds)
