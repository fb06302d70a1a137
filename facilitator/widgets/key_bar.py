"""The key bar at the foot of every screen: the keys that work here, and a click on one presses it.

Textual's Footer builds a widget per key and rebuilds them all, in a second layout pass, once the screen's
bindings are known; on the facilitate screen that was a third of the time to a complete first screen. This is
one widget that renders a single line from the active bindings, ready in the first frame, and repaints (no
layout) when the bindings change. When the line is too narrow, the keys a coach must always find (help, quit,
back) stay.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from textual.content import Content
from textual.events import Click, Leave, MouseMove
from textual.widget import Widget

from facilitator.i18n import N_, _

ESSENTIAL_KEYS = {"question_mark", "q", "escape"}
PALETTE_SEPARATOR = "▏"


class KeyItem(NamedTuple):
    key: str  # the key pressed when the item is clicked
    display: str
    description: str
    enabled: bool
    essential: bool


def cells(item: KeyItem) -> int:
    return cell_len(item.display) + 1 + cell_len(item.description)


def layout_items(items: list[KeyItem], palette: KeyItem | None, width: int) -> list[tuple[int, KeyItem]]:
    """Where each shown item starts on a line `width` cells wide.

    Items are `key description` separated by a space; the palette item sits at the right edge behind a thin rule.
    When the line is too narrow the palette goes first, then non-essential items from the right.
    """
    shown = list(items)
    right = cells(palette) + len(PALETTE_SEPARATOR) if palette else 0

    def needed() -> int:
        return sum(cells(item) for item in shown) + max(0, len(shown) - 1) + (right + 1 if palette else 0)

    while shown and needed() > width:
        droppable = [i for i, item in enumerate(shown) if not item.essential]
        if palette is not None:  # the help screen lists ctrl+p too; a step's own keys matter more
            palette, right = None, 0
        elif droppable:
            del shown[droppable[-1]]
        else:
            break
    placed: list[tuple[int, KeyItem]] = []
    x = 0
    for item in shown:
        placed.append((x, item))
        x += cells(item) + 1
    if palette is not None:
        placed.append((max(x, width - right) + len(PALETTE_SEPARATOR), palette))
    return placed


class KeyBar(Widget, can_focus=False):
    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._placed: list[tuple[int, KeyItem]] = []
        self._hover: str | None = None  # the key under the mouse pointer, highlighted as a button would be

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if screen is self.screen:
            self.refresh()

    def items(self) -> tuple[list[KeyItem], KeyItem | None]:
        app = self.app
        items: list[KeyItem] = []
        seen_actions: set[str] = set()
        palette = None
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if app.ENABLE_COMMAND_PALETTE and key == app.COMMAND_PALETTE_BINDING:
                palette = KeyItem(key, app.get_key_display(binding), _(binding.description or N_("palette")),
                                  enabled, False)
                continue
            # `n` and `right` share one action, and one item: "n/→ Next".
            if not binding.show or binding.action in seen_actions:
                continue
            seen_actions.add(binding.action)
            # descriptions are marked with N_() where the bindings are declared, and translated here
            items.append(KeyItem(key, app.get_key_display(binding), _(binding.description), enabled,
                                 key in ESSENTIAL_KEYS))
        return items, palette

    def render(self) -> Content:
        items, palette = self.items()
        width = self.content_region.width or self.app.size.width
        self._placed = layout_items(items, palette, width)
        parts: list[Content | tuple[str, str] | str] = []
        x = 0
        for start, item in self._placed:
            if item is palette:
                rule_at = start - len(PALETTE_SEPARATOR)
                parts.append(" " * max(0, rule_at - x))
                parts.append((PALETTE_SEPARATOR, "$foreground 20%"))
                x = rule_at + len(PALETTE_SEPARATOR)
            elif x:
                parts.append(" ")
                x += 1
            dim = "" if item.enabled else " dim"
            hover = " on $block-hover-background" if item.key == self._hover else ""
            parts.append((item.display, f"bold $footer-key-foreground{dim}{hover}"))
            parts.append((" " + item.description, f"$footer-description-foreground{dim}{hover}"))
            x += cells(item)
        return Content.assemble(*parts)

    def item_at(self, x: int) -> KeyItem | None:
        return next((item for start, item in self._placed if start <= x < start + cells(item)), None)

    def on_click(self, event: Click) -> None:
        item = self.item_at(event.x)
        if item is None:
            return
        event.stop()
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: MouseMove) -> None:
        item = self.item_at(event.x)
        self._set_hover(item.key if item else None)

    def on_leave(self, event: Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, key: str | None) -> None:
        if key != self._hover:
            self._hover = key
            self.refresh()
