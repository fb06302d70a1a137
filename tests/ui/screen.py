"""What the terminal shows, for assertions on text."""

from __future__ import annotations

import io

from rich.console import Console


def screen_text(app) -> str:
    """Every cell of the current screen as plain text, runs of whitespace folded to one space."""
    console = Console(file=io.StringIO(), width=app.size.width, color_system=None, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True))
    return " ".join(console.file.getvalue().split())


async def paste(pilot, text: str) -> None:
    """Text arriving as a terminal paste (one event) into the focused field: as fast as Pilot can go, and the
    way a coach drops a prepared wording into a dialog."""
    from textual import events

    focused = pilot.app.focused
    assert focused is not None, "nothing has the focus to paste into"
    pilot.app.post_message(events.Paste(text))  # as the terminal sends it: the app hands it to the focus
    await pilot.pause()
