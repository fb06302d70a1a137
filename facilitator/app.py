"""The Textual application: thin on purpose; behaviour lives in screens, logic in core."""

from __future__ import annotations

from textual.app import App

from facilitator.core.loader import WorkshopError
from facilitator.core.session import Session
from facilitator.screens.facilitate import FacilitateScreen
from facilitator.screens.home import HomeScreen
from facilitator.screens.new_session import NewSession
from facilitator.store import StoreError
from facilitator.workspace import Workspace


class FacilitatorApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "facilitator"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, workspace: Workspace, session: Session | None = None):
        super().__init__()
        self.workspace = workspace
        self.session: Session | None = session

    def on_mount(self) -> None:
        self.push_screen(HomeScreen(self.workspace))
        if self.session is not None:
            self.push_screen(FacilitateScreen(self.session))

    def start_session(self, choice: NewSession) -> None:
        from facilitator.core import catalog

        try:
            workshop, ref = catalog.resolve(choice.workshop_ref)
            session = self.workspace.start(workshop, ref, organization=choice.organization, team=choice.team,
                                           facilitator=choice.facilitator)
        except (WorkshopError, StoreError) as exc:
            self.notify(str(exc), title="Cannot start", severity="error", timeout=15)
            return
        self._open(session)

    def resume_session(self, session_id: str) -> None:
        try:
            session = self.workspace.resume(session_id)
        except StoreError as exc:
            self.notify(str(exc), title="Cannot resume", severity="error", timeout=15)
            return
        self._open(session)

    def _open(self, session: Session) -> None:
        self.session = session
        self.push_screen(FacilitateScreen(session))

    def on_unmount(self) -> None:
        # However the app ends (q, ctrl+c, an error), keep the time spent on the current step.
        if self.session is not None:
            try:
                self.session.close()
            except StoreError:
                pass


def make_app(workspace: Workspace, session: Session | None = None) -> FacilitatorApp:
    return FacilitatorApp(workspace, session)
