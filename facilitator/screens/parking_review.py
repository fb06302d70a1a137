"""Reviewing the parking lot before the end: each point resolved, turned into an action, or carried forward."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.core.cycle_text import shown_note
from facilitator.core.session import Session
from facilitator.i18n import N_, _
from facilitator.render.guard import guarded

LABELS = {"": N_("open"), "resolved": N_("resolved"), "action": N_("→ action"), "carried": N_("→ next session")}


class ParkingReviewScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("1", "resolve('resolved')", N_("Resolved")),
        Binding("2", "resolve('action')", N_("Make it an action")),
        Binding("3", "resolve('carried')", N_("Carry forward")),
        Binding("escape", "close", N_("Done")),
    ]

    def __init__(self, session: Session):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(_("[b]Parking lot review[/b]: close every point before the room leaves"), id="dialog-title")
            yield OptionList(id="parked")
            yield Input(placeholder=_("A note: how it was resolved, or why it waits"), id="note")
            yield Static(_("[b]↑↓[/b] pick · [b]1[/b] resolved · [b]2[/b] make it an action (what, who, by when) · "
                         "[b]3[/b] carry to the next session · [b]esc[/b] done"), id="dialog-keys")

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(OptionList).focus()

    def refresh_list(self, keep: int | None = None) -> None:
        options = self.query_one(OptionList)
        items = self.session.state.parking_lot
        options.set_options([Option(Content(f"[{_(LABELS[p.resolution])}] {p.text}" +
                                            (f" · {shown_note(p.note)}" if p.note else "")),
                                    id=p.id) for p in items] or [Option(_("The parking lot is empty."), disabled=True)])
        if items:
            open_index = next((i for i, p in enumerate(items) if not p.resolution), None)
            options.highlighted = keep if keep is not None else (open_index or 0)

    def action_resolve(self, resolution: str) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.session.state.parking_lot:
            return
        item = self.session.state.parking_lot[options.highlighted]
        note = self.query_one("#note", Input).value.strip()
        if resolution == "action" and item.resolution != "action":
            self._make_action(item, note)
            return
        self._resolve(item.id, resolution, note)

    def _make_action(self, item, note: str) -> None:
        from facilitator.screens.capture import ActionInput, ActionScreen, question_problem

        def done(result: ActionInput | None) -> None:
            if result is not None:
                self._resolve(item.id, "action", "", owner=result.owner, due=result.due, action_text=result.text)

        hint = question_problem(item.text) or _("Say what will be done, who does it and by when.")
        self.app.push_screen(ActionScreen(N_("Make it an action"), text=item.text, owner=note, hint=hint,
                                          from_question=True), done)

    def _resolve(self, item_id: str, resolution: str, note: str, **action) -> None:
        options = self.query_one(OptionList)
        note_input = self.query_one("#note", Input)
        if not guarded(self, lambda: self.session.resolve_parked(item_id, resolution, note, **action)):
            return
        note_input.value = ""
        # The highlight moves on to the next point in the list, where the coach's eye goes next: jumping back
        # to the first open point made the next key act on a point nobody was looking at.
        self.refresh_list(keep=min(options.highlighted + 1, len(self.session.state.parking_lot) - 1))
        if not self.session.open_parking():
            self.notify(_("Every parking lot point is closed."), timeout=4)

    def action_close(self) -> None:
        self.dismiss(None)
