"""The room's own screen: what the coach chose to show, followed live from the coach's instance.

It reads a `RoomFeed` (core/room_view.py) and nothing else: no session, no store, no key that changes
anything. What it shows comes from the room view's allow-list, so a note, a finding or the usual-start
marker cannot reach it, and it has no save status to warn about.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from facilitator.core.room_view import RoomFeed, RoomView
from facilitator.core.timer import format_clock
from facilitator.i18n import N_, _
from facilitator.render.room_text import body
from facilitator.widgets.big_clock import BigClock
from facilitator.widgets.room_sections import SECTION_WIDGETS

# what the room's clock says under it: English ids, shown through _()
CLOCK_WORDS = {"break": N_("break"), "break is over": N_("break is over"), "OVERTIME": N_("OVERTIME"),
               "over · paused": N_("over · paused"), "running": N_("running"), "paused": N_("paused")}

POLL_SECONDS = 0.1  # a coach's change is on the room screen within about this much after it is saved
BIG = (100, 30)  # columns, rows: from here the clock is drawn in big digits


def clock_scale(width: int, height: int) -> int:
    """0: one line of text; 1: three rows; n: 2n+1 rows of blocks, as large as the terminal allows."""
    if width < BIG[0] or height < BIG[1]:
        return 0
    return max(1, min((height - 20) // 8, (width - 40) // 30))


def _content_key(view: RoomView) -> tuple:
    # everything but the clock, which runs by itself: a save that only banks time repaints nothing
    return (view.showing, view.title, view.who, view.step, view.agenda, view.complete, view.board, view.summary,
            view.actions, view.parking, view.qr, view.break_card, tuple(sorted(view.sections.items(), key=str)))


class RoomScreen(Screen[None]):
    BINDINGS = [Binding("q", "app.quit", N_("Quit"), show=False)]

    def __init__(self, feed: RoomFeed):
        super().__init__()
        self.feed = feed
        self._key: tuple | None = None
        self._clock_state = ""
        self._waiting: str | None = None
        self._view: RoomView | None = None
        self._sections: dict[str, Widget] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="room-top"):
            with Vertical(id="room-titles"):
                yield Static(id="room-where")
                yield Static(id="room-heading")
                yield Static(id="room-title")
                yield Static(id="room-next")
            with Vertical(id="room-clock-box"):
                yield BigClock("", scale=clock_scale(*self.app.size), id="room-clock")
                yield Static(id="room-clock-state")
        with VerticalScroll(id="room-body"):
            yield Static(id="room-content")
        yield Vertical(id="room-sections")
        yield Static(id="room-waiting")

    def on_mount(self) -> None:
        self.query_one("#room-body").focus()  # whoever holds the room keyboard can scroll a long step
        self._fit(*self.app.size)
        self.repaint()
        self.set_interval(POLL_SECONDS, self.poll)

    def on_resize(self, event) -> None:
        self._fit(event.size.width, event.size.height)
        self._key = None  # the QR code and the body fit the new size
        self.repaint()

    def _fit(self, width: int, height: int) -> None:
        self.set_class(clock_scale(width, height) > 0, "big")

    # -- following --------------------------------------------------------------------------------------
    def poll(self) -> None:
        if self.feed.poll():
            self.repaint()
        else:
            self.show_clock()

    def repaint(self) -> None:
        view = self.feed.view()
        self._view = view
        waiting = self.feed.waiting
        if waiting != self._waiting:
            self._waiting = waiting
            line = self.query_one("#room-waiting", Static)
            line.display = bool(waiting)
            line.update(Text(waiting))
        if view is None:
            self.query_one("#room-where", Static).update(Text(_("facilitator · room screen")))
            self.query_one("#room-content", Static).update(
                Text(_("The coach's session appears here as soon as it is open."), style="dim"))
            self.show_clock()
            return
        key = _content_key(view)
        if key != self._key:
            self._key = key
            self._paint(view)
        self.show_clock()

    def _paint(self, view: RoomView) -> None:
        step = view.step
        self.query_one("#room-where", Static).update(Text(" · ".join(x for x in (view.title, view.who) if x)))
        self.query_one("#room-heading", Static).update(Text(f"{step.number}/{step.total} · {step.kind}"))
        title = self.query_one("#room-title", Static)
        title.update(Text(step.title))
        upcoming = next((a for a in view.agenda if a.status == "next"), None)
        following = self.query_one("#room-next", Static)
        following.update(Text(_("Next: {title}").format(title=upcoming.title) if upcoming else ""))
        following.display = upcoming is not None and view.showing == "step"
        self.set_class(view.showing == "break", "on-break")
        self.set_class(view.showing == "qr", "on-qr")
        content = self.query_one("#room-content", Static)
        box = self.query_one("#room-body", VerticalScroll)
        content.update(body(view, max(20, box.size.width - 2 or self.app.size.width - 2),
                            max(5, box.size.height or self.app.size.height - 6)))
        box.scroll_home(animate=False)
        self._show_sections(view)

    def _show_sections(self, view: RoomView) -> None:
        holder = self.query_one("#room-sections", Vertical)
        for name, value in view.sections.items():
            make = SECTION_WIDGETS.get(name)
            if make is None:
                continue
            widget = self._sections.get(name)
            if widget is None:
                widget = self._sections[name] = make()
                holder.mount(widget)
            widget.show(value)
        for name in [n for n in self._sections if n not in view.sections]:
            self._sections.pop(name).remove()

    # -- the clock ---------------------------------------------------------------------------------------
    def show_clock(self) -> None:
        view = self._view
        clock = self.query_one("#room-clock", BigClock)
        box = self.query_one("#room-clock-box", Vertical)
        scale = clock_scale(*self.app.size)
        if view is not None and view.showing == "break":
            scale = max(1, scale)  # the break clock is the card: big even on a small screen
        if view is None:
            clock.show("", scale)
            return
        now = self.feed.now()
        if view.showing == "break" and view.break_card is not None:
            remaining = view.break_card.remaining(now)
            state = "break" if remaining >= 0 else "break is over"
            running, ending = True, 0 <= remaining <= 60
        else:
            remaining = view.clock.remaining(now)
            running = view.clock.running
            if remaining < 0:
                state = "OVERTIME" if running else "over · paused"
            else:
                state = "running" if running else "paused"
            ending = running and 0 <= remaining <= 60
        text = format_clock(remaining)  # rounded as the coach's clock is: the two read the same
        clock.show(text, scale)
        if state != self._clock_state:
            self._clock_state = state
            self.query_one("#room-clock-state", Static).update(Text(_(CLOCK_WORDS.get(state, state))))
        box.set_class(remaining < 0, "overtime")
        box.set_class(ending, "ending")
        box.set_class(not running, "paused")
