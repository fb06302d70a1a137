"""What the terminal shows, for assertions on text."""

from __future__ import annotations

import io

from rich.console import Console


def screen_text(app) -> str:
    """Every cell of the current screen as plain text, runs of whitespace folded to one space."""
    console = Console(file=io.StringIO(), width=app.size.width, color_system=None, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True))
    return " ".join(console.file.getvalue().split())
