"""The key map, generated from the facilitate screen's bindings so it can never drift from them."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

EXTRA = [
    ("ctrl+p", "Command palette: jump to any step by name"),
    ("↑ ↓ pgup pgdn", "Scroll the step's prompt, options and notes"),
]

LONG = {
    "next_step": "Next step (marks this one done)",
    "previous_step": "Previous step",
    "toggle_timer": "Start or pause the step's timer",
    "extend(1)": "Add a minute to this step's timebox",
    "extend(-1)": "Remove a minute from this step's timebox",
    "decide": "Record or edit this step's decision",
    "toggle_notes": "Show or hide the private facilitator notes",
    "consensus": "Consensus check on this decision: fist-of-five or dot voting",
    "add_action": "New action item: what, owner, due date",
    "park": "Park an off-topic point in the parking lot",
    "review_parking": "Review the parking lot: resolve, make an action, or carry each point forward",
    "summary": "Summary: decisions, actions, parking lot, timing",
    "toggle_presenter": "Presenter mode: safe to share, notes hidden, prompt and clock large",
    "draft_board": "Draft board: objectives and key results, checked by the coach",
    "qr": "QR code to scan: the share link, or the decisions as text",
    "help": "This help",
    "quit_session": "Save and quit (resume later where you left off)",
}


def key_label(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    return " / ".join(k.replace("question_mark", "?") for k in binding.key.split(","))


def help_rows(bindings: list[Binding]) -> list[tuple[str, str]]:
    return [(key_label(b), LONG.get(b.action, b.description)) for b in bindings] + EXTRA


FOOTNOTES = (
    "Every change is saved the moment you make it: there is no save key.",
    "In the decision dialog: 1-9 pick an option (the decision text takes its label), tab moves on to the "
    "decision text (typing replaces the label), rationale, owner and 'park it', ctrl+s saves, escape cancels.",
    "Press escape to close.",
)


def help_renderable(bindings: list[Binding]) -> Group:
    table = Table(title="Keys while facilitating", title_style="bold", box=None, show_header=False,
                  padding=(0, 2, 0, 0), expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for key, what in help_rows(bindings):
        table.add_row(key, what)
    return Group(table, *(Text("\n" + note, style="italic" if note.startswith("Press") else "")
                          for note in FOOTNOTES))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, bindings: list[Binding]):
        super().__init__()
        self.rows = help_rows(bindings)
        self.bindings_to_explain = bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(help_renderable(self.bindings_to_explain))

    def action_dismiss(self) -> None:
        self.dismiss(None)
