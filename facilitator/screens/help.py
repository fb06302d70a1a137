"""The key map, generated from the facilitate screen's bindings so it can never drift from them."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from facilitator.i18n import N_, _

EXTRA = [
    ("ctrl+p", N_("Command palette: jump to any step by name")),
    ("↑ ↓ pgup pgdn", N_("Scroll the step's prompt, options and notes")),
]

def key_label(binding: Binding, keymap: Mapping[str, str] | None = None) -> str:
    """The keys as the coach presses them: remapped ones as the keymap file says, else as the binding shows."""
    remapped = (keymap or {}).get(binding.id or "")
    if remapped:
        return " / ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in remapped.split(","))
    if binding.key_display:
        return binding.key_display
    return " / ".join(_KEY_NAMES.get(k, k) for k in binding.key.split(","))


_KEY_NAMES = {"question_mark": "?", "plus": "+", "minus": "-", "equals_sign": "=", "underscore": "_",
              "left_square_bracket": "[", "right_square_bracket": "]"}


def help_rows(bindings: list[Binding], keymap: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    return [(key_label(b, keymap), _(b.tooltip or b.description)) for b in bindings] + [(k, _(w)) for k, w in EXTRA]


FOOTNOTES = (
    N_("Every change is saved the moment you make it: there is no save key."),
    N_("In the decision dialog: 1-9 pick an option (the decision text takes its label), tab moves on to the "
       "decision text (typing replaces the label), rationale, owner and 'park it', ctrl+s saves, escape cancels."),
)
CLOSE_NOTE = N_("Press escape to close.")


def help_renderable(bindings: list[Binding], keymap: Mapping[str, str] | None = None) -> Group:
    table = Table(title=_("Keys while facilitating"), title_style="bold", box=None, show_header=False,
                  padding=(0, 2, 0, 0), expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for key, what in help_rows(bindings, keymap):
        table.add_row(key, what)
    return Group(table, *(Text("\n" + _(note)) for note in FOOTNOTES), Text("\n" + _(CLOSE_NOTE), style="italic"))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [("escape,question_mark,q", "dismiss", N_("Close"))]

    def __init__(self, bindings: list[Binding], keymap: Mapping[str, str] | None = None):
        super().__init__()
        self.keymap = dict(keymap or {})
        self.rows = help_rows(bindings, self.keymap)
        self.bindings_to_explain = bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(help_renderable(self.bindings_to_explain, self.keymap))

    def action_dismiss(self) -> None:
        self.dismiss(None)
