"""Render the Markdown that workshop scripts use (paragraphs, lists, headings, quotes, bold, italic, code) as
Rich renderables.

Why not rich.markdown: importing it (and markdown-it) costs ~50 ms, a tenth of start-up, for a few
paragraphs and lists. Anything outside this subset is shown as written, which still reads well.
"""

from __future__ import annotations

import re

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.text import Text

_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+]|\d{1,3}[.)])\s+(?P<text>.*)$")
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
_QUOTE = re.compile(r"^\s*>\s?(?P<text>.*)$")
_INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|__(?P<bold2>.+?)__|`(?P<code>[^`]+)`"
                     r"|(?<![\w*])\*(?P<em>[^*\s][^*]*?)\*(?!\w)|(?<![\w_])_(?P<em2>[^_\s][^_]*?)_(?!\w)")


def inline(text: str, style: str = "") -> Text:
    """`**bold**`, `*italic*`, `_italic_` and `` `code` `` inside one line or paragraph."""
    out = Text(style=style)
    position = 0
    for match in _INLINE.finditer(text):
        out.append(text[position:match.start()])
        if match["bold"] or match["bold2"]:
            out.append(match["bold"] or match["bold2"], style="bold")
        elif match["code"]:
            out.append(match["code"], style="reverse")
        else:
            out.append(match["em"] or match["em2"], style="italic")
        position = match.end()
    out.append(text[position:])
    return out


class Hanging:
    """A list item whose wrapped lines stay under its first word. A Rich table does the same, but costs
    several times more to render, and the step's text is rendered on the first screen."""

    def __init__(self, marker: str, text: Text, *, repeat: bool = False):
        self.marker = marker
        self.text = text
        self.repeat = repeat  # the marker on every line (a quote's bar), not only the first (a list bullet)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        pad = len(self.marker)
        lines = self.text.wrap(console, max(1, options.max_width - pad))
        for n, line in enumerate(lines):
            row = Text(self.marker if n == 0 or self.repeat else " " * pad, no_wrap=True, end="\n")
            row.append_text(line)
            yield row

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(len(self.marker) + 1, len(self.marker) + self.text.cell_len)


def hanging(marker: str, text: str | Text, indent: int = 0) -> Hanging:
    return Hanging(" " * indent + marker + " ", inline(text) if isinstance(text, str) else text)


def _item(marker: str, indent: int, text: str) -> Hanging:
    return hanging("•" if marker in "-*+" else marker, text, indent)


def render(markdown: str) -> RenderableType:
    blocks: list[RenderableType] = []
    paragraph: list[str] = []
    quote: list[str] = []  # the lines of a `>` quote, one paragraph as in Markdown: no stray `>` on screen
    item: list | None = None  # [marker, indent, text]

    def flush() -> None:
        nonlocal item
        if paragraph:
            blocks.append(inline(" ".join(paragraph)))
            paragraph.clear()
        if quote:
            blocks.append(Hanging("│ ", inline(" ".join(quote)), repeat=True))
            quote.clear()
        if item is not None:
            blocks.append(_item(*item))
            item = None

    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
            if blocks and blocks[-1] != "":
                blocks.append("")
            continue
        if quoted := _QUOTE.match(line):
            if paragraph or item is not None:
                flush()
            text = quoted["text"].strip()
            if text:
                quote.append(text)
            elif quote:
                flush()  # `>` alone ends a paragraph inside the quote
            continue
        if quote:
            flush()
        if heading := _HEADING.match(line):
            flush()
            blocks.append(inline(heading["text"], style="bold underline"))
            continue
        if listed := _ITEM.match(line):
            flush()
            item = [listed["marker"], min(len(listed["indent"]), 8), listed["text"]]
            continue
        if item is not None and raw.startswith(" "):
            item[2] += " " + line.strip()  # a wrapped list item continues on an indented line
            continue
        if item is not None:
            flush()
        paragraph.append(line.strip())
    flush()
    while blocks and blocks[-1] == "":
        blocks.pop()
    return Group(*blocks)
