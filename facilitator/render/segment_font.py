"""Clock digits drawn as seven segments, at any size.

Each row of a glyph depends on as few segments as possible (the top row on the top bar alone), so when a
counting clock steps from one digit to the next, fewer rows change than with Textual's rounded 3x3 font
(2.1 rows a second on the seconds digit instead of 2.6): a clock that redraws only changed rows writes that
much less to a slow SSH link.
"""

from __future__ import annotations

from functools import cache

#     a
#   f   b
#     g
#   e   c
#     d
SEGMENTS = {"0": "abcdef", "1": "bc", "2": "abdeg", "3": "abcdg", "4": "bcfg", "5": "acdfg", "6": "acdefg",
            "7": "abc", "8": "abcdefg", "9": "abcdfg"}
CHARACTERS = frozenset(SEGMENTS) | {":", "+", "-", " "}


def _small(char: str) -> list[str]:
    """Three rows of three cells in light box-drawing lines, for clocks three rows tall."""
    if char == ":":
        return [" ", ":", " "]
    if char == "+":
        return ["   ", "╶┼╴", "   "]
    if char == "-":
        return ["   ", "╶─╴", "   "]
    on = SEGMENTS.get(char, "")
    top = "╶─╴" if "a" in on else "   "
    f, g, b = ("f" in on), ("g" in on), ("b" in on)
    middle = ("├" if f and g else "│" if f else "╶" if g else " ") + ("─" if g else " ") + \
             ("┤" if b and g else "│" if b else "╴" if g else " ")
    e, d, c = ("e" in on), ("d" in on), ("c" in on)
    bottom = ("╰" if e and d else "│" if e else "╶" if d else " ") + ("─" if d else " ") + \
             ("╯" if c and d else "│" if c else "╴" if d else " ")
    return [top, middle, bottom]


def _large(char: str, scale: int) -> list[str]:
    """2*scale+1 rows of blocks, verticals two cells thick: legible from the back of a room."""
    height, width = 2 * scale + 1, scale + 4
    if char == ":":
        rows = ["  "] * height
        rows[scale // 2 + 1 if scale > 1 else 1] = "██"
        rows[scale + (scale + 1) // 2] = "██"
        return rows
    if char in "+-":
        rows = [" " * width] * height
        bar = " " + "█" * (width - 2) + " "
        rows[scale] = bar
        if char == "+":
            stem = (" " * ((width - 2) // 2) + "██").ljust(width)
            for y in range(max(1, scale - 2), min(height - 1, scale + 3)):
                if y != scale:
                    rows[y] = stem
        return rows
    on = SEGMENTS.get(char, "")
    gap = " " * (width - 4)

    def bar(segment: str) -> str:
        return "█" * width if segment in on else " " * width

    def sides(left: str, right: str) -> str:
        return ("██" if left in on else "  ") + gap + ("██" if right in on else "  ")

    rows = [_joined(bar("a"), sides("f", "b"))]
    rows += [sides("f", "b")] * (scale - 1)
    rows.append(_joined(bar("g"), sides("f", "b"), sides("e", "c")))
    rows += [sides("e", "c")] * (scale - 1)
    rows.append(_joined(bar("d"), sides("e", "c")))
    return rows


def _joined(*layers: str) -> str:
    """Cells filled in any layer are filled: a bar meets the sides it touches."""
    return "".join("█" if any(layer[i] == "█" for layer in layers) else " " for i in range(len(layers[0])))


@cache
def glyph(char: str, scale: int = 1) -> tuple[str, ...]:
    """The rows of one character; anything that is not a clock character is blank."""
    char = char if char in CHARACTERS else " "
    if scale <= 0:
        return (char,)  # plain text, one row: a small terminal
    rows = _small(char) if scale <= 1 else _large(char, scale)
    if char == " ":
        rows = [" " * (3 if scale <= 1 else scale + 4)] * len(rows)
    return tuple(rows)


def height(scale: int) -> int:
    return 1 if scale <= 0 else 3 if scale == 1 else 2 * scale + 1


def width(text: str, scale: int = 1, gap: int = 1) -> int:
    return sum(len(glyph(c, scale)[0]) + gap for c in text)


def render(text: str, scale: int = 1, gap: int = 1) -> list[str]:
    """The whole text as rows, `gap` blank cells after each character."""
    glyphs = [glyph(c, scale) for c in text]
    return ["".join(g[row] + " " * gap for g in glyphs) for row in range(height(scale))]
