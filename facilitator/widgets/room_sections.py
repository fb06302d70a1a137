"""Widgets for the extra sections of a room view (core/room_view.py `room_section`), by section name.

A feature that adds a section to the room view registers the widget that shows it here; the room screen
mounts one under the body for each section the view carries, and hides it when the section goes away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widget import Widget
from textual.widgets import Static


class RoomSection(Static):
    """Shows one section's value; subclasses override `show`."""

    DEFAULT_CSS = "RoomSection { height: auto; padding: 0 1; border-top: solid $primary 50%; }"

    def show(self, value: Any) -> None:
        from rich.text import Text

        self.update(Text(str(value)))


# Any widget with a `show(value)` method: a RoomSection for text, a container for one that holds widgets.
SECTION_WIDGETS: dict[str, Callable[[], Widget]] = {}


def section_widget(name: str):
    """Register the widget class that shows the room view's section `name`."""

    def register(cls: type[Widget]) -> type[Widget]:
        SECTION_WIDGETS[name] = cls
        return cls

    return register


# The sections' widgets, imported last, once what they build on is defined.
from facilitator.widgets import (  # noqa: E402
    room_check_in,  # noqa: F401  (a check-in: status and sparklines per key result)
    room_phones,  # noqa: F401  (the room's phones: join code, counts, reveal)
)
