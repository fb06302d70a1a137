"""Quick capture while the room talks: an action item (text, owner, due date) or a parking lot item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


@dataclass(frozen=True)
class ActionInput:
    text: str
    owner: str
    due: str


class ActionScreen(ModalScreen[ActionInput | None]):
    BINDINGS = [Binding("ctrl+s", "save", "Save", priority=True), Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("[b]New action item[/b]", id="dialog-title")
            yield Label("What")
            yield Input(placeholder="What will be done", id="action-text")
            yield Label("Owner")
            yield Input(placeholder="Who does it", id="action-owner")
            yield Label("Due")
            yield Input(placeholder="YYYY-MM-DD", id="action-due")
            yield Static("[b]tab[/b] next field · [b]enter[/b] on the last field or [b]ctrl+s[/b] save · "
                         "[b]esc[/b] cancel", id="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#action-text").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "action-due":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        text = self.query_one("#action-text", Input).value.strip()
        due = self.query_one("#action-due", Input).value.strip()
        if not text:
            self.notify("Write what will be done.", severity="warning")
            return
        if due:
            try:
                date.fromisoformat(due)
            except ValueError:
                self.notify(f"'{due}' is not a date: write it as 2026-12-31.", severity="warning")
                self.query_one("#action-due").focus()
                return
        self.dismiss(ActionInput(text, self.query_one("#action-owner", Input).value.strip(), due))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ParkScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("[b]Park it[/b]: off-topic but important; we come back to it before the end",
                         id="dialog-title")
            yield Input(placeholder="What to come back to", id="park-text")
            yield Static("[b]enter[/b] park it · [b]esc[/b] cancel", id="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#park-text").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
