"""One line of status: the room screen, the plan, a failed save, the phones, the keys that apply now.

The coach's step screen and the phones' screen both show such lines; each says one thing, is hidden while it has
nothing to say, and is repainted only when its words change (a poll every second that changed nothing draws
nothing). The words are shown as written: a team called "[ops]" is text, not markup.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import var
from textual.widgets import Static


class StatusLine(Static):
    text = var("", init=False)

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.display = False

    def watch_text(self, text: str) -> None:
        self.display = bool(text)
        self.update(Content(text))
