"""What the room screen shows, picked from the coach's screen (W): one number, or a break of so many minutes."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.core.room_view import BY_VIEW, MAX_BREAK_MINUTES, ROOM_VIEWS
from facilitator.i18n import N_, _


@dataclass(frozen=True)
class RoomChoice:
    view: str
    break_minutes: int | None = None


class RoomChooser(ModalScreen[RoomChoice | None]):
    BINDINGS = [Binding("escape", "cancel", N_("Cancel")),
                *(Binding(v.key, f"pick('{v.id}')", v.label, show=False) for v in ROOM_VIEWS)]

    def __init__(self, showing: str, break_minutes: int):
        super().__init__()
        self.showing = showing
        self.break_minutes = break_minutes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.from_markup(_("[b]What the room screen shows[/b]")), id="dialog-title")
            now = "  " + _("(now)")
            yield OptionList(*(Option(Content(f"{v.key}. {_(v.label)}" + (now if v.id == self.showing else "")),
                                      id=v.id) for v in ROOM_VIEWS), id="options")
            yield Label(_("A break card counts down (minutes)"))
            yield Input(str(self.break_minutes), type="integer", id="break-minutes")
            yield Static(Content.from_markup(_("[b]1-6[/b] show it · [b]enter[/b] the highlighted one · [b]tab[/b] "
                                               "the break's minutes · [b]esc[/b] cancel")), id="dialog-keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = [v.id for v in ROOM_VIEWS].index(self.showing) if self.showing in BY_VIEW else 0
        options.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # digits typed into the minutes are minutes, not a pick
        return not (action == "pick" and isinstance(self.focused, Input))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option.id)

    def on_input_submitted(self) -> None:
        self.action_pick("break")

    def action_pick(self, view: str) -> None:
        if view != "break":
            self.dismiss(RoomChoice(view))
            return
        text = self.query_one("#break-minutes", Input).value.strip()
        minutes = int(text) if text.isdigit() else 0
        if not 1 <= minutes <= MAX_BREAK_MINUTES:
            self.notify(_("A break is 1 to {most} minutes.").format(most=MAX_BREAK_MINUTES), severity="warning")
            self.query_one("#break-minutes", Input).focus()
            return
        self.dismiss(RoomChoice("break", minutes))

    def action_cancel(self) -> None:
        self.dismiss(None)
