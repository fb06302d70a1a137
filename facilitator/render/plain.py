"""Text people and workshop scripts wrote, shown as written.

Textual and Rich read `[...]` in a plain string as style markup: `Sales [/Marketing]` would vanish or, with a
stray closing tag, crash the screen. Everything here passes such text as text, never as markup.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.markup import escape

__all__ = ["PlainTable", "escape"]


class PlainTable(Table):
    """A Rich table whose string cells are text, not markup."""

    def add_row(self, *cells, **kwargs) -> None:
        super().add_row(*(Text(cell) if isinstance(cell, str) else cell for cell in cells), **kwargs)
