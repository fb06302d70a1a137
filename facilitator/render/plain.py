"""Text people and workshop scripts wrote, shown as written.

Textual and Rich read `[...]` in a plain string as style markup: `Sales [/Marketing]` would vanish or, with a
stray closing tag, crash the screen. Everything here passes such text as text, never as markup.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.markup import escape

__all__ = ["PlainTable", "escape", "section_table"]


class PlainTable(Table):
    """A Rich table whose string cells are text, not markup."""

    def add_row(self, *cells, **kwargs) -> None:
        super().add_row(*(Text(cell) if isinstance(cell, str) else cell for cell in cells), **kwargs)


def section_table(title: str, *columns: tuple[str, dict]) -> PlainTable:
    """A titled table of a summary (the coach's and the room screen's): no box, full width, the title as a heading."""
    table = PlainTable(title=title, title_justify="left", title_style="bold underline", expand=True,
                       show_edge=False, pad_edge=False, box=None, header_style="bold")
    for name, options in columns:
        table.add_column(name, **options)
    return table
