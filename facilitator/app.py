"""The Textual application: thin on purpose; behaviour lives in screens, logic in core."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding

from facilitator.core.errors import FacilitatorError
from facilitator.core.schedule import Cues
from facilitator.core.session import Session
from facilitator.i18n import N_, _
from facilitator.render import terminal_text
from facilitator.workspace import Workspace

if TYPE_CHECKING:
    from facilitator.join.server import JoinServer
    from facilitator.screens.new_session import NewSession


@dataclass(frozen=True)
class JoinOptions:
    """How phones reach the room: --join opens it at start; --join-host and --join-url override the address."""

    at_start: bool = False
    host: str | None = None
    url: str | None = None


class FacilitatorApp(App[None]):
    # Capturing an action or a parking lot point works from any screen of a running session.
    BINDINGS = [Binding("a", "add_action", N_("Action"), show=False), Binding("k", "park", N_("Park"), show=False)]
    CSS_PATH = "app.tcss"
    TITLE = "facilitator"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, workspace: Workspace, session: Session | None = None, *, present: bool = False,
                 cues: Cues | None = None, join: JoinOptions | None = None, db: str | None = None):
        super().__init__()
        terminal_text.install()  # no text on any screen runs as a terminal escape
        self.workspace = workspace
        # the --db the command line was given: the next-step commands the screens show carry it
        self.db_option = db
        self.session: Session | None = session
        self.present = present
        # the timebox cues (--flash, --bell, key b): off unless asked for, kept across sessions of this run
        self.cues = cues or Cues()
        self.join_options = join or JoinOptions()
        # The room's join server while it is open: part of this app's event loop, stopped when the app ends.
        self.join_server: JoinServer | None = None
        # Set when the app ended with changes the database would not take: where they were written instead.
        self.rescued_to: str | None = None
        self.unsaved_reason: str | None = None
        self._user_keymap: dict[str, str] = {}
        self._clashes_told: set[str] = set()
        self.coach_aids = not present
        # Set once the app starts to end: a key typed right after q (qs, qa...) would otherwise open a screen
        # that is torn down while it mounts.
        self.ending = False

    @property
    def coach_aids(self) -> bool:
        """The usual-start marker and the coach's findings are on the screen (presenter mode hides them)."""
        return not self.has_class("-coach-hidden")

    @coach_aids.setter
    def coach_aids(self, shown: bool) -> None:
        self.set_class(not shown, "-coach-hidden")

    def get_default_screen(self):
        # The first screen is the default screen rather than one pushed over it: it paints ~100 ms sooner.
        # Screens are imported when first needed, for the same reason. A session opened from the command
        # line needs no home screen beneath it: quitting it ends the app.
        if self.session is not None:
            from facilitator.screens.facilitate import FacilitateScreen

            return FacilitateScreen(self.session, presenting=self.present, cues=self.cues)
        from facilitator.screens.home import HomeScreen

        return HomeScreen(self.workspace)

    NARROW = 76  # columns: a dialog's minimum width (60) plus its margins would no longer fit

    def on_mount(self) -> None:
        self._fit_width(self.size.width)
        # The coach's keymap is read after the first frame: a remapped key is never needed in the first 50 ms.
        self.call_after_refresh(self.apply_user_keymap)

    def handle_bindings_clash(self, clashed_bindings, node) -> None:
        # Called on every key press while the clash lasts: say it once per key.
        for binding in clashed_bindings:
            if binding.key not in self._clashes_told:
                self._clashes_told.add(binding.key)
                said = _("Keymap: {key} is used twice on this screen; '{description}' keeps its usual key")
                self.notify(said.format(key=binding.key, description=_(binding.description)), title=_("Keymap"),
                            severity="warning")

    @property
    def keymap(self) -> dict[str, str]:
        """The coach's remapped keys, by binding id, as the keymap file wrote them (for the help screen)."""
        return dict(self._user_keymap)

    def apply_user_keymap(self, path=None) -> None:
        from facilitator.core.keymap import load_keymap
        from facilitator.screens.draft_board import DraftBoardScreen
        from facilitator.screens.facilitate import FacilitateScreen

        known = {b.id for screen in (FacilitateScreen, DraftBoardScreen) for b in screen.BINDINGS if b.id}
        loaded = load_keymap(known, path)
        self._user_keymap = loaded.keys
        if loaded.keys:
            self.set_keymap(loaded.keys)
        if loaded.problems:
            self.notify("\n".join(loaded.problems), title=_("Keymap"), severity="warning", timeout=15)

    def exit(self, *args, **kwargs) -> None:
        self.ending = True
        super().exit(*args, **kwargs)

    async def on_event(self, event: events.Event) -> None:
        if self.ending and isinstance(event, events.InputEvent):
            return  # keys and clicks that arrive while the app ends are dropped, not half-run
        await super().on_event(event)

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        if self.ending:
            return False
        return await super().run_action(action, default_namespace, namespaces)

    def on_resize(self, event) -> None:
        self._fit_width(event.size.width)

    def _fit_width(self, width: int) -> None:
        self.set_class(width < self.NARROW, "-narrow")

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        # Notices repeat what people typed (an action, a parked point, an error naming a file): "[/]" in it
        # must show as written, not be read as (broken) markup. No notice of ours uses markup.
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def on_ready(self) -> None:
        if self.join_options.at_start and self.session is not None:
            self.call_later(self.screen.run_action, "join")
        if not gc.isenabled():
            # The command line paused the collector for start-up (cli.main). What exists now lives as long as
            # the app does: frozen, later collections skip it, so the clock never stutters on a big sweep.
            gc.freeze()
            gc.enable()

    def start_session(self, choice: NewSession) -> None:
        from facilitator.core import catalog

        try:
            workshop, ref = catalog.resolve(choice.workshop_ref)
            session = self.workspace.start(workshop, ref, organization=choice.organization, team=choice.team,
                                           facilitator=choice.facilitator, self_guided=choice.self_guided)
        except FacilitatorError as exc:
            self.notify(str(exc), title=_("Cannot start"), severity="error", timeout=15)
            return
        self._open(session)

    def show_cycle(self, organization: str, team: str, *, can_start: bool, done=None) -> None:
        """The cycle view of a team; `done` gets the next step when the team starts it from there."""

        from facilitator.screens.cycle import CycleScreen

        try:
            path = self.workspace.cycle_path(organization, team)
        except FacilitatorError as exc:
            self.notify(str(exc), title=_("Cannot show the cycle"), severity="error", timeout=15)
            return
        self.push_screen(CycleScreen(path, today=self.workspace.today(), db=self.db_option, can_start=can_start), done)

    def resume_session(self, session_id: str) -> None:
        try:
            session = self.workspace.resume(session_id)
        except FacilitatorError as exc:
            self.notify(str(exc), title=_("Cannot resume"), severity="error", timeout=15)
            return
        self._open(session)

    def _open(self, session: Session) -> None:
        from facilitator.screens.facilitate import FacilitateScreen

        if self.join_server is not None and self.join_server.session is not session:
            self.run_worker(self.close_room())  # phones answer the session they joined, never another one
        self.session = session
        self.push_screen(FacilitateScreen(session, presenting=self.present, cues=self.cues))

    def action_add_action(self) -> None:
        from facilitator.screens.capture import ActionScreen

        self._capture(ActionScreen(), lambda session, r: session.add_action(r.text, owner=r.owner, due=r.due),
                      lambda r: _("Action saved: {action}").format(action=r.text))

    def action_park(self) -> None:
        from facilitator.screens.capture import ParkScreen

        self._capture(ParkScreen(), lambda session, text: session.park(text),
                      lambda text: _("Parked: {point}").format(point=text))

    def read_only_refusal(self) -> bool:
        """True (after saying why) when the database is open read-only: a change could never be saved, so it is
        not taken rather than shown and then lost on quitting."""
        if not self.workspace.read_only:
            return False
        self.notify(_("The database is open read-only (--read-only): look around, but nothing can be changed. "
                    "Start facilitator without --read-only to make changes."), severity="warning", timeout=8)
        return True

    def _capture(self, dialog, save, said) -> None:
        """A quick capture dialog whose result is saved to the running session, from any screen."""
        session = self.session
        if session is None or self.read_only_refusal():
            return

        def done(result) -> None:
            if not result:
                return
            try:
                save(session, result)
            except (ValueError, FacilitatorError) as exc:
                self.notify(str(exc), severity="error")
                return
            self.notify(said(result), timeout=3)

        self.push_screen(dialog, done)

    # -- the room's phones ------------------------------------------------------------------------------
    async def open_room(self) -> JoinServer:
        """Start the join server for the running session (a fresh token each time); OSError if it cannot listen."""
        from facilitator.join.address import join_address
        from facilitator.join.server import JoinServer

        if self.join_server is not None:
            return self.join_server
        assert self.session is not None
        address = join_address(self.join_options.host, self.join_options.url)
        server = JoinServer(self.session, address, on_change=lambda: self.call_later(self._room_changed))
        await server.start()
        self.join_server = server
        self.session.phones.set_join_url(server.url)
        self._room_changed()
        return server

    async def close_room(self) -> None:
        server, self.join_server = self.join_server, None
        if server is not None:
            await server.stop()
            server.session.phones.set_join_url("")
        self._room_changed()

    def _room_changed(self) -> None:
        """A phone joined or answered, or the room opened or closed: every screen that shows the room repaints."""
        for screen in self.screen_stack:
            show = getattr(screen, "show_room", None)
            if show is not None:
                show()

    async def on_unmount(self) -> None:
        server, self.join_server = self.join_server, None
        if server is not None:
            await server.stop()
            try:
                server.session.phones.set_join_url("")  # the room screen stops showing a link nobody answers
            except FacilitatorError:
                pass
        # However the app ends (q, ctrl+c, an error), keep the time spent on the current step.
        session = self.session
        if session is None:
            return
        try:
            session.close()
        except FacilitatorError:
            pass
        if session.unsaved_reason and not self.workspace.read_only:
            self.unsaved_reason = session.unsaved_reason
            try:
                self.rescued_to = str(self.workspace.rescue(session))
            except OSError as exc:
                self.rescued_to = None
                self.unsaved_reason += "; " + _("no rescue file could be written either ({reason})").format(reason=exc)


def make_app(workspace: Workspace, session: Session | None = None, *, present: bool = False,
             cues: Cues | None = None, join: JoinOptions | None = None, db: str | None = None) -> FacilitatorApp:
    return FacilitatorApp(workspace, session, present=present, cues=cues, join=join, db=db)
