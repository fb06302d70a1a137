"""A QR code the room can scan off the terminal or the shared screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from facilitator.core import qr
from facilitator.i18n import N_, _
from facilitator.widgets.key_bar import KeyBar

# Black on white whatever the theme: phone cameras read dark modules on a light background.
QR_STYLE = "#000000 on #ffffff"


class QRScreen(Screen[None]):
    BINDINGS = [Binding("escape,r,q", "close", N_("Back"))]
    DEFAULT_CSS = """
    QRScreen { align: center middle; }
    QRScreen #qr { width: auto; height: auto; }
    QRScreen #qr-caption { width: auto; max-width: 100%; height: auto; text-align: center; color: $text-muted; }
    """

    def __init__(self, data: str, what: str):
        super().__init__()
        self.data = data
        self.what = what
        self.drawing: qr.Drawing | None = None

    def compose(self) -> ComposeResult:
        with Middle():
            with Center():
                yield Static(id="qr")
            with Center():
                yield Static(id="qr-caption")
        yield KeyBar()

    def on_mount(self) -> None:
        self.redraw()

    def on_resize(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        width, height = self.app.size
        # two rows for the caption and one for the footer
        self.drawing = qr.draw(self.data, width, height - 3)
        code = self.query_one("#qr", Static)
        caption = self.query_one("#qr-caption", Static)
        if self.drawing is None:
            code.display = False
            caption.update(Content(
                _("This terminal ({width}x{height}) is too small to show the QR code for {what} readably.\n"
                  "Make the window larger or the font smaller, or set a shorter link with --share-url.").format(
                    width=width, height=height, what=self.what)))
            return
        code.display = True
        code.update(Text("\n".join(self.drawing.lines), style=QR_STYLE, no_wrap=True))
        caption.update(Content(_("Scan for {what} · esc to go back").format(what=self.what)))  # the link as written

    def action_close(self) -> None:
        self.dismiss(None)
