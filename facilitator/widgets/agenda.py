"""The agenda: every step with its timebox, what is done, current and next, planned against actual.

One widget renders all the lines (a click on one jumps to that step): cheaper to paint than a widget per step,
which matters for start-up and on a slow SSH link.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widget import Widget

from facilitator.core.records import AgendaRow

MARKS = {"done": "✓", "current": "▶", "next": "›", "pending": "·"}
STYLES = {"done": "", "current": "bold reverse", "next": "bold", "pending": "dim"}
# A decision step the room moved past without deciding: parked on purpose, or still open.
DECISION_MARKS = {"parked": ("~", "$warning"), "open": ("!", "bold $error")}


def agenda_times(row: AgendaRow) -> str:
    planned = row.planned_seconds / 60
    if planned < 1:  # a timebox under a minute, in seconds: `0/30s`
        seconds = round(row.planned_seconds)
        return f"{int(row.actual_seconds)}/{seconds}s" if row.status in ("done", "current") else f"{seconds}s"
    planned = round(planned)
    if row.status in ("done", "current"):
        return f"{int(row.actual_seconds // 60)}/{planned}m"
    return f"{planned}m"


def agenda_mark(row: AgendaRow) -> tuple[str, str]:
    """The mark in front of a step, and its style: done, current, next, pending; a decision step passed while
    parked or open is marked apart from a decided one."""
    if row.status == "done" and row.decision in DECISION_MARKS:
        return DECISION_MARKS[row.decision]
    return MARKS[row.status], "$success" if row.status == "done" else STYLES[row.status] or "$foreground"


def agenda_line(row: AgendaRow, width: int) -> Content:
    """`✓ Ground rules      6/5m`: actual against planned minutes, in the error colour when it ran over; with an
    end-at plan the line starts with the step's planned clock time (`✓ 09:20 Ground rules  6/5m`)."""
    times = agenda_times(row)
    clock = f"{row.clock} " if row.clock else ""  # with an end-at plan: the clock time the step starts
    title_width = max(4, width - 3 - len(times) - len(clock))
    title = row.step.title
    if len(title) > title_width:
        title = title[: title_width - 1] + "…"
    over = row.actual_seconds > row.planned_seconds and row.status in ("done", "current")
    mark, mark_style = agenda_mark(row)
    times_style = "bold $error" if over else "$text-muted"
    # a completed workshop stays on its last step: shown as where the session is, and done
    title_style = STYLES["current"] if row.here else STYLES[row.status] or "$foreground"
    return Content.assemble((mark, mark_style), " ", (clock, "$text-muted"),
                            (f"{title:<{title_width}}", title_style),
                            (f" {times}", times_style))


class Agenda(Widget):
    DEFAULT_CSS = "Agenda { height: auto; }"

    @dataclass
    class StepChosen(Message):
        """A step was clicked: the screen that shows the agenda decides what jumping to it means."""

        step_id: str

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._rows: list[AgendaRow] = []
        self._cache_key: tuple[int, int] | None = None
        self._cache = Content("")

    def show(self, rows: list[AgendaRow]) -> None:
        self._rows = rows
        self.refresh(layout=True)
        current = next((i for i, r in enumerate(rows) if r.here), 0)
        if self.parent is not None and hasattr(self.parent, "scroll_to_region"):
            self.call_after_refresh(self._keep_visible, current)

    def _keep_visible(self, line: int) -> None:
        from textual.geometry import Region

        self.parent.scroll_to_region(Region(0, line, 1, 1), animate=False)  # type: ignore[union-attr]

    def on_click(self, event: Click) -> None:
        """A click on a line jumps to that step."""
        if 0 <= event.y < len(self._rows):
            self.post_message(self.StepChosen(self._rows[event.y].step.id))

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self._rows))

    def render(self) -> Content:
        # Rendered on every repaint of the screen: build the lines once per change of rows or width.
        width = max(12, self.content_region.width or 24)
        key = (id(self._rows), width)
        if key != self._cache_key:
            self._cache_key = key
            self._cache = Content("\n").join(agenda_line(row, width) for row in self._rows)
        return self._cache
