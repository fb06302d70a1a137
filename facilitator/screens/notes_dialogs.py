"""Dialogs for what the follow-up is written from: a step's record in the room's words, the coach's private note,
who is in the room, and the next session."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from facilitator.core.follow_up_verbs import clock_time, iso_date
from facilitator.i18n import N_, _


class TextDialog(ModalScreen[str | None]):
    """Several lines of free text; ctrl+s saves (an empty text clears what was kept), escape cancels."""

    BINDINGS = [Binding("ctrl+s", "save", N_("Save")), Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str, hint: str, text: str = "", *, dialog_id: str = "text-dialog"):
        super().__init__(id=dialog_id)
        self.heading = title
        self.hint = hint
        self.initial = text

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.from_markup("[b]$title[/b]", title=self.heading), id="dialog-title")
            yield Static(Content(self.hint), id="dialog-hint")
            yield TextArea(self.initial, id="note-text", soft_wrap=True, show_line_numbers=False,
                           tab_behavior="focus")
            yield Static(_("[b]ctrl+s[/b] save · [b]esc[/b] cancel"), id="dialog-keys")

    def on_mount(self) -> None:
        area = self.query_one("#note-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one("#note-text", TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class NextSession:
    date: str
    time: str
    workshop: str
    who: str


class NextSessionScreen(ModalScreen[NextSession | None]):
    """When the room meets next, for which workshop, and who comes: the follow-up's closing line."""

    BINDINGS = [Binding("ctrl+s", "save", N_("Save")), Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, plan: dict[str, str] | None = None, *, suggested_workshop: str = ""):
        super().__init__()
        self.plan = plan or {}
        self.suggested_workshop = suggested_workshop

    def compose(self) -> ComposeResult:
        plan = self.plan
        with Vertical(id="dialog"):
            yield Static(_("[b]Next session[/b]: when, for what, who comes"), id="dialog-title")
            yield Label(_("Date"))
            yield Input(plan.get("date", ""), placeholder=_("YYYY-MM-DD"), id="next-date")
            yield Label(_("Time"))
            yield Input(plan.get("time", ""), placeholder=_("HH:MM (optional)"), id="next-time")
            yield Label(_("Workshop"))
            yield Input(plan.get("workshop", "") or self.suggested_workshop, placeholder=_("e.g. okr-drafting"),
                        id="next-workshop")
            yield Label(_("Who"))
            yield Input(plan.get("who", ""), placeholder=_("Who comes (names or a group)"), id="next-who")
            yield Static(_("[b]tab[/b] next field · [b]enter[/b] on the last field or [b]ctrl+s[/b] save · "
                         "all empty clears it · [b]esc[/b] cancel"), id="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#next-date").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "next-who":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        values = {name: self.query_one(f"#next-{name}", Input).value.strip()
                  for name in ("date", "time", "workshop", "who")}
        try:
            iso_date(values["date"], "date")
            clock_time(values["time"])
        except ValueError as exc:
            self.notify(f"{str(exc)[:1].upper()}{str(exc)[1:]}.", severity="warning")
            return
        if any(values.values()) and not values["date"]:
            self.notify(_("Give the next session a date (YYYY-MM-DD), or empty every field to clear it."),
                        severity="warning")
            self.query_one("#next-date").focus()
            return
        self.dismiss(NextSession(**values))

    def action_cancel(self) -> None:
        self.dismiss(None)
