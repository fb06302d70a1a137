"""Home: start a new session, or resume a saved one."""

from __future__ import annotations

import os

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, Static

from facilitator.core.cycle_path import NextStep
from facilitator.core.errors import FacilitatorError
from facilitator.core.records import local_time, one_line
from facilitator.i18n import N_, _
from facilitator.render.plain import escape
from facilitator.screens.new_session import NewSession, NewSessionScreen
from facilitator.widgets.key_bar import KeyBar
from facilitator.workspace import Workspace

# A coach resumes recent work; a table of a thousand rows would only slow the first screen down.
HOME_ROWS = 25


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("x", "start_next", N_("Next step"), id="start-next-step",
                tooltip=N_("Start the team's next step, prefilled (or resume the session it left unfinished)")),
        Binding("n", "new_session", N_("New session")),
        Binding("enter", "resume", N_("Resume"), show=True),
        Binding("c", "cycle", N_("Cycle"), id="cycle-view",
                tooltip=N_("The team's cycle: what is done, the next step and when, what is open")),
        Binding("q", "app.quit", N_("Quit")),
    ]

    def __init__(self, workspace: Workspace):
        super().__init__()
        self.workspace = workspace
        self.offer: NextStep | None = None  # the next step of the team last worked with
        self.offer_for: tuple[str, str] | None = None  # that team, known before its next step is worked out
        self._start_when_ready = False
        self._just_mounted = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(
                _("[b]Run a timed OKR workshop[/b]: the 10 deployment parameters, then drafting. "
                "Every decision is saved as it is made."), id="home-intro")
            yield Static(id="next-offer")
            with Horizontal(id="home-actions"):
                yield Button(_("Start the next step  (x)"), id="start-next", variant="primary", compact=True)
                yield Button(_("Start a new session  (n)"), id="new", compact=True)
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
        self._just_mounted = True

    def on_screen_suspend(self) -> None:
        self._just_mounted = False  # another screen came over it: coming back, read everything again

    def on_screen_resume(self) -> None:
        if self._just_mounted:  # the first resume follows the mount, which has just read everything
            self._just_mounted = False
            return
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
        self._offer_next(sessions)
        if self.offer_for is not None:
            self.query_one("#start-next", Button).focus()
        elif sessions:
            table.focus()
        else:
            self.query_one("#new", Button).focus()

    def _offer_next(self, sessions) -> None:
        """The next step of the team whose session changed last, first on the screen and ready to start.

        Working it out reads the team's and the organization's sessions, so it runs in a thread: the button is
        there (and focused) at once for a team that has sessions, the line says whose step is being worked
        out, and an offer already shown for the same team stays until the new one replaces it (no flicker on
        the way back home)."""
        latest = next((s for s in sessions if s.organization or s.team), None)
        team = (latest.organization, latest.team) if latest is not None else None
        if team is None or self.offer_for is None or _team_key(team) != _team_key(self.offer_for):
            self.offer, self.offer_for = None, team
        self._show_offer()
        if self.offer_for is not None:
            self._work_out_offer(*self.offer_for)

    @work(thread=True, exclusive=True, group="home-offer")
    def _work_out_offer(self, organization: str, team: str) -> None:
        try:
            path = self.workspace.cycle_path(organization, team)
        except FacilitatorError:
            path = None
        self.app.call_from_thread(self._offer_found, (organization, team), path)

    def _offer_found(self, asked: tuple[str, str], path) -> None:
        if not self.is_mounted or asked != self.offer_for:  # left home, or a newer team was asked for since
            return
        self.offer = path.next if path is not None else None
        if path is not None and path.next is not None:
            self.offer_for = (path.organization, path.team)
            self._show_offer()
        else:
            self.offer_for = None  # nothing to offer after all: the saved sessions take the focus
            self._show_offer()
            table = self.query_one(DataTable)
            if self.query_one("#start-next", Button).has_focus or self.focused is None:
                (table if table.display else self.query_one("#new", Button)).focus()
        if self._start_when_ready:
            self._start_when_ready = False
            if self.offer is not None:
                self.start_step(self.offer)

    def _show_offer(self) -> None:
        offer = self.query_one("#next-offer", Static)
        waiting = self.offer is None and self.offer_for is not None
        offer.set_class(self.offer is None and not waiting, "-none")
        button = self.query_one("#start-next", Button)
        button.display = self.offer_for is not None
        button.label = _("Resume it  (x)") if self.offer is not None and self.offer.resume else \
            _("Start the next step  (x)")
        self.query_one("#new", Button).variant = "default" if self.offer_for is not None else "primary"
        if waiting:
            whom = " / ".join(x for x in self.offer_for if x)
            offer.update(Content.styled(_("Working out the next step for {whom}…").format(whom=one_line(whom)),
                                        "$text-muted"))
        elif self.offer is not None:
            step = self.offer
            whom = " / ".join(x for x in self.offer_for if x)
            head = _("Resume for {whom}: ") if step.resume else _("Next for {whom}: ")
            offer.update(Content.assemble(
                (head.format(whom=one_line(whom)), "bold"),
                _("{step} ({workshop}), {when}. ").format(step=one_line(step.title), workshop=step.workshop_title,
                                                         when=step.when_text(self.workspace.today())),
                (_("c shows the whole cycle."), "dim")))

    def action_start_next(self) -> None:
        if self.offer is None and self.offer_for is not None:
            self._start_when_ready = True  # pressed while the step is worked out: taken the moment it is known
            return
        if self.offer is None:
            self.action_new_session()
            return
        self.start_step(self.offer)

    def start_step(self, step: NextStep) -> None:
        """A next step taken: an unfinished session resumes; a new one opens the dialog, prefilled."""
        if step.resume:
            self.app.resume_session(step.resume)
            return
        if self.workspace.read_only:
            self.action_new_session()  # says why nothing can start
            return

        def started(choice: NewSession | None) -> None:
            if choice is not None:
                self.app.start_session(choice)

        prefill = NewSession(step.workshop, step.organization, step.team, "", step.self_guided)
        self.app.push_screen(NewSessionScreen(self.workspace.workshops(), *self.workspace.known_names(),
                                              prefill=prefill), started)

    def action_cycle(self) -> None:
        if self.offer_for is None:
            table = self.query_one(DataTable)
            if not table.display or table.row_count == 0:
                self.notify(_("No team has a session yet: start one (n) with an organization and team, and its "
                              "cycle is shown here."), timeout=6)
                return
        organization, team = self._highlighted_team() or self.offer_for or ("", "")

        def taken(step: NextStep | None) -> None:
            if step is not None:
                self.start_step(step)

        self.app.show_cycle(organization, team, can_start=True, done=taken)

    def _highlighted_team(self) -> tuple[str, str] | None:
        """The team of the session under the cursor, when the table has the focus: its cycle is what is asked."""
        table = self.query_one(DataTable)
        if self.focused is not table or table.row_count == 0:
            return None
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        found = next((s for s in self.workspace.sessions() if s.id == str(row_key.value)), None)
        return (found.organization, found.team) if found and (found.organization or found.team) else None

    def action_new_session(self) -> None:
        if self.workspace.read_only:
            self.notify(_("The database is open read-only: start facilitator without --read-only to run a session."),
                        severity="warning")
            return
        def started(choice: NewSession | None) -> None:
            if choice is not None:
                self.app.start_session(choice)

        self.app.push_screen(NewSessionScreen(self.workspace.workshops(), *self.workspace.known_names()), started)

    @on(Button.Pressed, "#start-next")
    def next_pressed(self) -> None:
        self.action_start_next()

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


def _team_key(team: tuple[str, str]) -> tuple[str, ...]:
    return tuple(" ".join(x.split()).casefold() for x in team)


def _home_relative(path) -> str:
    """The path as a shell would abbreviate it: a database in the home folder fits an 80-column line."""
    text = str(path)
    home = os.path.expanduser("~")
    if home not in ("", "/") and text.startswith(home.rstrip("/") + "/"):
        return "~" + text[len(home.rstrip("/")):]
    return text
