"""The cycle view: where a team stands in its OKR cycle, its exact next step and when, and what is still open.

A team without a coach opens it between sessions (c on the home screen, C in a session) to see the whole
method at once. From the home screen, enter starts the next step (prefilled); inside a running session it only
shows the way, since one session runs at a time.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from facilitator.core.cycle_path import CyclePath, NextStep
from facilitator.core.cycle_text import next_lines, open_lines, stage_lines
from facilitator.core.records import one_line
from facilitator.i18n import N_, _
from facilitator.widgets.key_bar import KeyBar

STAGE_STYLES = {"✓": "$success", "▶": "$warning", "→": "bold $accent", "○": "$text-muted", "·": ""}


class CycleScreen(Screen[NextStep | None]):
    BINDINGS = [
        Binding("enter,x", "start_next", N_("Start next step"), key_display="enter", id="start-next",
                tooltip=N_("Start the next step (the new-session dialog opens prefilled), or resume it")),
        Binding("escape", "close", N_("Back"), id="close-cycle", tooltip=N_("Back to where you were")),
    ]

    def __init__(self, path: CyclePath, *, today: date, db: str | None = None, can_start: bool = True):
        super().__init__()
        self.path = path
        self.today = today
        self.db = db
        self.can_start = can_start

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="cycle"):
            yield Static(Content(one_line(self.path.headline())), id="cycle-headline")
            if not self.path.known:
                yield Static(_("No sessions of this team yet: the path starts with the setup."), id="cycle-empty")
            yield Static(self._stages(), id="cycle-stages")
            yield Static(Content("\n".join(next_lines(self.path, self.today, self.db))), id="cycle-next")
            yield Static(Content("\n".join(open_lines(self.path))), id="cycle-open")
        yield KeyBar()

    def _stages(self) -> Content:
        lines = []
        for line in stage_lines(self.path):
            mark = line[:1]
            style = STAGE_STYLES.get(mark, "")
            lines.append(Content.styled(line, style) if style and mark != " " else Content(line))
        return Content("\n").join(lines)

    def on_mount(self) -> None:
        self.title = _("The cycle")
        self.sub_title = " · ".join(x for x in (self.path.organization, self.path.team) if x)
        self.query_one("#cycle-stages").border_title = _("The path")
        self.query_one("#cycle-next").border_title = _("Your next step")
        self.query_one("#cycle-open").border_title = _("Open")
        self.query_one("#cycle").focus()

    def action_start_next(self) -> None:
        if self.path.next is None:
            return
        if not self.can_start:
            self.notify(_("One session runs at a time: quit this one (q) first; the next step is printed then, "
                          "and the home screen offers it."), severity="warning", timeout=8)
            return
        self.dismiss(self.path.next)

    def action_close(self) -> None:
        self.dismiss(None)
