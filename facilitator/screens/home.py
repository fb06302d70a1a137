"""Home: start a new session, or resume a saved one."""

from __future__ import annotations

import os

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, Static

from facilitator.core.errors import FacilitatorError
from facilitator.core.records import local_time
from facilitator.i18n import N_, _
from facilitator.render.plain import escape
from facilitator.screens.new_session import NewSession, NewSessionScreen
from facilitator.widgets.key_bar import KeyBar
from facilitator.workspace import Workspace

# A coach resumes recent work; a table of a thousand rows would only slow the first screen down.
HOME_ROWS = 25


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("n", "new_session", N_("New session")),
        Binding("enter", "resume", N_("Resume"), show=True),
        Binding("q", "app.quit", N_("Quit")),
    ]

    def __init__(self, workspace: Workspace):
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(
                _("[b]Run a timed OKR workshop[/b]: the 10 deployment parameters, then drafting. "
                "Every decision is saved as it is made."), id="home-intro")
            with Horizontal(id="home-actions"):
                yield Button(_("Start a new session  (n)"), id="new", variant="primary", compact=True)
            yield Static(_("[b]Saved sessions[/b] · enter to resume"), id="sessions-title")
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            yield Static(id="empty")
            mode = " [b]" + _("(read-only: nothing will be saved)") + "[/b]" if self.workspace.read_only else ""
            yield Static("[dim]" + _("Database: {path}").format(path=escape(_home_relative(self.workspace.db_path)))
                         + mode + "[/dim]", id="db-path")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.workspace.migration_note:
            self.notify(self.workspace.migration_note, title=_("Database upgraded"), timeout=15)
        self.title = "facilitator"
        self.sub_title = _("OKR workshops")
        table = self.query_one(DataTable)
        # widths that fit 80 columns; the full id is in `facilitator sessions`
        for label, width in ((N_("Organization · team"), 22), (N_("Workshop"), 18), (N_("Steps"), 5),
                             (N_("Decided"), 7), (N_("Last change"), 16)):
            table.add_column(_(label), width=width)
        self.refresh_sessions()

    def on_screen_resume(self) -> None:
        self.refresh_sessions()

    def refresh_sessions(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        try:
            sessions = self.workspace.sessions()
        except FacilitatorError as exc:
            self.notify(str(exc), severity="error", timeout=15)
            sessions = []
        shown = sessions[:HOME_ROWS]
        for s in shown:
            team = " · ".join(x for x in (s.organization, s.team) if x) or "-"
            decided = f"{s.decided}/{s.decisions_total}" if s.decisions_total else "-"
            table.add_row(Content(team), Content(s.workshop_title), f"{s.steps_done}/{s.steps_total}", decided,
                          local_time(s.updated_at), key=s.id)
        more = len(sessions) - len(shown)
        title = _("[b]Saved sessions[/b] · enter to resume")
        if more:
            title += " · " + _("the {shown} most recent of {total} (`facilitator sessions` lists all)").format(
                shown=len(shown), total=len(sessions))
        self.query_one("#sessions-title", Static).update(title)
        empty = self.query_one("#empty", Static)
        empty.display = not sessions
        empty.update(_("No saved sessions yet. Press [b]n[/b] to start your first workshop."))
        table.display = bool(sessions)
        if sessions:
            table.focus()
        else:
            self.query_one("#new", Button).focus()

    def action_new_session(self) -> None:
        if self.workspace.read_only:
            self.notify(_("The database is open read-only: start facilitator without --read-only to run a session."),
                        severity="warning")
            return
        def started(choice: NewSession | None) -> None:
            if choice is not None:
                self.app.start_session(choice)

        self.app.push_screen(NewSessionScreen(self.workspace.workshops(), *self.workspace.known_names()), started)

    @on(Button.Pressed, "#new")
    def new_pressed(self) -> None:
        self.action_new_session()

    def action_resume(self) -> None:
        table = self.query_one(DataTable)
        if not table.display or table.row_count == 0:
            self.action_new_session()
            return
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        self.app.resume_session(str(row_key.value))

    @on(DataTable.RowSelected, "#sessions")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.resume_session(str(event.row_key.value))


def _home_relative(path) -> str:
    """The path as a shell would abbreviate it: a database in the home folder fits an 80-column line."""
    text = str(path)
    home = os.path.expanduser("~")
    if home not in ("", "/") and text.startswith(home.rstrip("/") + "/"):
        return "~" + text[len(home.rstrip("/")):]
    return text
