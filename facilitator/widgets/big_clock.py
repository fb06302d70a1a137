"""A clock in seven-segment digits that redraws only the rows of the digits that changed.

Textual repaints a whole widget when it changes: a `Digits` countdown rewrites every row of every digit each
second (about 470 B/s at 80x24). Here each character is its own small widget, and a tick refreshes only the
rows of the characters that changed, cropped to the cells that changed: the seconds digit costs about two
short rows a second. Each character keeps one blank cell on its right that never changes, so a refresh never
reaches the widget beside it (Textual would otherwise move the cursor there for nothing).
"""

from __future__ import annotations

from rich.segment import Segment
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from facilitator.render import segment_font


class Glyph(Widget):
    DEFAULT_CSS = "Glyph { width: auto; height: auto; }"

    def __init__(self, char: str, scale: int):
        super().__init__()
        self.scale = scale
        self.rows = segment_font.glyph(char, scale)
        # plain text (scale 0) runs together; big digits keep a blank column that a refresh never reaches
        self.gap = 0 if scale <= 0 else 1
        self.styles.width = len(self.rows[0]) + self.gap
        self.styles.height = len(self.rows)

    def show(self, char: str) -> None:
        rows = segment_font.glyph(char, self.scale)
        if len(rows[0]) != len(self.rows[0]):
            self.rows = rows
            self.styles.width = len(rows[0]) + self.gap
            self.refresh(layout=True)
            return
        for y, (old, new) in enumerate(zip(self.rows, rows, strict=True)):
            if old != new:
                last = max(i for i in range(len(new)) if old[i] != new[i])
                self.refresh(Region(0, y, last + 1, 1))
        self.rows = rows

    def render_line(self, y: int) -> Strip:
        if y >= len(self.rows):
            return Strip.blank(self.size.width, self.rich_style)
        return Strip([Segment(self.rows[y] + " " * self.gap, self.rich_style)])


class BigClock(Horizontal):
    """`show("12:05")` paints the text; `scale` 0 is one row of plain text, 1 three rows of box-drawing lines,
    n 2n+1 rows of blocks."""

    DEFAULT_CSS = "BigClock { width: auto; height: auto; }"

    def __init__(self, text: str = "0:00", *, scale: int = 1, id: str | None = None):
        super().__init__(id=id)
        self.text = text
        self.scale = scale
        # kept here, not queried: a rebuild mounts and removes later, and a tick may come before it has
        self._glyphs = [Glyph(char, scale) for char in text]

    def compose(self) -> ComposeResult:
        yield from self._glyphs

    def show(self, text: str, scale: int | None = None) -> None:
        scale = self.scale if scale is None else scale
        if scale != self.scale or len(text) != len(self.text):
            # a new size, or one more digit (10:00 after 9:59, overtime's +): rare, so rebuild
            self.text, self.scale = text, scale
            self.remove_children()
            self._glyphs = [Glyph(char, scale) for char in text]
            self.mount_all(self._glyphs)
            return
        for glyph, old, new in zip(self._glyphs, self.text, text, strict=True):
            if old != new:
                glyph.show(new)
        self.text = text
