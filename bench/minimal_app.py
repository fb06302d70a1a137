"""The baseline for start-up time: the smallest useful Textual app (Header, Static, Footer)."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Minimal(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("minimal-ready")
        yield Footer()


if __name__ == "__main__":
    Minimal().run()
