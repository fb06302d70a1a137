"""The room screen's application: one screen, no key that changes anything (see screens/room.py)."""

from __future__ import annotations

from textual.app import App

from facilitator.core.room_view import RoomFeed
from facilitator.render import terminal_text


class RoomApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "facilitator room"  # the program's name, as the terminal's title: not translated
    # the palette would offer themes and screenshots to whoever holds the room's keyboard: nothing to offer
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, feed: RoomFeed):
        super().__init__()
        terminal_text.install()  # no text on any screen runs as a terminal escape
        self.feed = feed

    def get_default_screen(self):
        from facilitator.screens.room import RoomScreen

        return RoomScreen(self.feed)


def make_room_app(feed: RoomFeed) -> RoomApp:
    return RoomApp(feed)
