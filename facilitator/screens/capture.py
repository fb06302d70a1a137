"""Quick capture while the room talks: an action item (text, owner, due date) or a parking lot item."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from facilitator.core.follow_up_verbs import iso_date
from facilitator.i18n import N_, _


@dataclass(frozen=True)
class ActionInput:
    text: str
    owner: str
    due: str


def question_problem(text: str) -> str:
    """Why a wording is no action yet: a point parked as a question says what to find out, not who does what."""
    if text.rstrip().endswith("?"):
        return _("Write it as an action, not a question: what will be done (e.g. 'Ask finance who pays the "
                 "tool').")
    return ""


class ActionScreen(ModalScreen[ActionInput | None]):
    """A new action, or one to edit; every action leaves with an owner and a due date."""

    BINDINGS = [Binding("ctrl+s", "save", N_("Save")), Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str = N_("New action item"), *, text: str = "", owner: str = "", due: str = "",
                 hint: str = "", from_question: bool = False):
        super().__init__()
        # a parking lot point turned into an action: its wording must become one (points are often questions)
        self.from_question = from_question
        self.heading = title
        self.initial = (text, owner, due)
        self.hint = hint

    def compose(self) -> ComposeResult:
        text, owner, due = self.initial
        with Vertical(id="dialog"):
            yield Static(Content.from_markup("[b]$title[/b]", title=_(self.heading)), id="dialog-title")
            if self.hint:
                yield Static(Content(self.hint), id="dialog-hint")
            yield Label(_("What"))
            yield Input(text, placeholder=_("What will be done"), id="action-text")
            yield Label(_("Owner"))
            yield Input(owner, placeholder=_("Who does it"), id="action-owner")
            yield Label(_("Due"))
            yield Input(due, placeholder=_("YYYY-MM-DD"), id="action-due")
            yield Static(_("[b]tab[/b] next field · [b]enter[/b] on the last field or [b]ctrl+s[/b] save · "
                         "[b]esc[/b] cancel"), id="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#action-text").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "action-due":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        text = self.query_one("#action-text", Input).value.strip()
        owner = self.query_one("#action-owner", Input).value.strip()
        due = self.query_one("#action-due", Input).value.strip()
        # an action nobody owns or with no date is a wish: the dialog asks for what is missing, in order
        for problem, field in ((not text and _("Write what will be done."), "#action-text"),
                               (self.from_question and question_problem(text), "#action-text"),
                               (not owner and _("Who does it? Every action has one owner."), "#action-owner"),
                               (not due and _("By when? Every action has a due date (YYYY-MM-DD)."), "#action-due")):
            if problem:
                self.notify(problem, severity="warning")
                self.query_one(field).focus()
                return
        try:
            iso_date(due)
        except ValueError:
            self.notify(_("'{due}' is not a date: write it as 2026-12-31.").format(due=due), severity="warning")
            self.query_one("#action-due").focus()
            return
        self.dismiss(ActionInput(text, owner, due))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ParkScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(_("[b]Park it[/b]: off-topic but important; we come back to it before the end"),
                         id="dialog-title")
            yield Input(placeholder=_("What to come back to"), id="park-text")
            yield Static(_("[b]enter[/b] park it · [b]esc[/b] cancel"), id="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#park-text").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
