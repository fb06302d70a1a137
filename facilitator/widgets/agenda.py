"""The agenda: every step with its timebox, what is done, current and next, planned against actual."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from facilitator.core.session import AgendaRow

MARKS = {"done": ("✓", "green"), "current": ("▶", "bold reverse"), "next": ("›", "bold"),
         "pending": ("·", "dim")}


def agenda_line(row: AgendaRow, width: int) -> Text:
    """`✓ Ground rules      6/5m`: actual against planned minutes, red when the step ran over."""
    mark, style = MARKS[row.status]
    planned = round(row.planned_seconds / 60)
    if row.status in ("done", "current"):
        times = f"{int(row.actual_seconds // 60)}/{planned}m"
    else:
        times = f"{planned}m"
    title_width = max(4, width - 9)
    title = row.step.title
    if len(title) > title_width:
        title = title[: title_width - 1] + "…"
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{mark} ", style="green" if row.status == "done" else style)
    line.append(f"{title:<{title_width}}", style=style if row.status != "done" else "")
    over = row.actual_seconds > row.planned_seconds and row.status in ("done", "current")
    line.append(f"{times:>7}", style="bold red" if over else "dim")
    return line


class Agenda(OptionList):
    """A read-only list; a click jumps to that step (keyboard users use the command palette)."""

    can_focus = False
    _rows: list[AgendaRow] = []

    def on_resize(self) -> None:
        if self._rows:
            self.show(self._rows)

    def show(self, rows: list[AgendaRow]) -> None:
        self._rows = rows
        # the scrollbar takes a column; lines one wider than the list would wrap
        width = max(12, (self.scrollable_content_region.width or 24) - 1)
        options = [Option(agenda_line(row, width), id=row.step.id) for row in rows]
        current = next((i for i, row in enumerate(rows) if row.status == "current"), 0)
        self.set_options(options)
        self.highlighted = current
