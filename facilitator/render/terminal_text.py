"""Every screen shows control characters as pictures (core/visible.py), whatever widget draws the text.

All text on a Textual screen becomes a Textual `Content` or a Rich `Text` before it is drawn: a label, a table
cell, an input's value, a notice, a tree node. Both pass new text through one translation table, which as
shipped removes only five controls (BEL, BS, VT, FF, CR) and lets ESC through. `install` fills those two tables
with the pictures of core/visible.py, so no widget, present or future, can send a typed, imported or scripted
escape sequence to the terminal. `installed` says whether it took (a test fails if a Textual or Rich upgrade
moves the tables).
"""

from __future__ import annotations

import rich.control
import textual.content
from rich.text import Text
from textual.content import Content

from facilitator.core.visible import PICTURES

_TABLES = (rich.control._CONTROL_STRIP_TRANSLATE, textual.content._CONTROL_STRIP_TRANSLATE)
_PROBE = "\x1b[2J\x9b\x07"


def install() -> None:
    """From now on Rich and Textual show control characters as pictures (idempotent)."""
    for table in _TABLES:
        # The tables are read through default arguments bound at import: they are filled in place.
        table.clear()
        table.update(PICTURES)


def installed() -> bool:
    """True when both Rich and Textual show the probe's controls as pictures."""
    expected = _PROBE.translate(PICTURES)
    return Text(_PROBE).plain == expected and Content(_PROBE).plain == expected
