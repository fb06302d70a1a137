"""The phones on the room screen: the join QR code and link, how many joined and answered, and the reveal.

It draws the room view's `phones` section (core/room_phones.py) and nothing else, so what it can show is the
allow-list's: counts while a question collects, never a value; on the reveal the summary, the bars and the
texts in shuffled order without ids. Every text is a Rich `Text` of words already cleaned of control
characters, folded onto one line: a phone's `[b]` or escape sequence reaches the projector as the characters
it is.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from facilitator.core import qr
from facilitator.core.collection import histogram
from facilitator.core.records import one_line
from facilitator.core.room_phones import RoomPhones, RoomQuestion
from facilitator.i18n import N_, _
from facilitator.widgets.room_sections import RoomSection, section_widget

# Black on white whatever the theme: phone cameras read dark modules on a light background.
QR_STYLE = "#000000 on #ffffff"
MIN_INFO_WIDTH = 34  # columns beside the code: the link folds onto two lines, the counts stay whole
MIN_BODY_ROWS = 1  # the step's own text keeps at least this much of the screen while the code is up
MAX_SCALE = 3  # a module at most 3 cells wide: past that a code fills a projector and reads no better
MAX_BAR = 60  # cells: longer bars make the eye travel across the wall to read the count
STATUS = {"collecting": N_("collecting"), "closed": N_("closed: the reveal comes next"), "revealed": N_("revealed")}


@section_widget("phones")
class PhonesSection(RoomSection):
    DEFAULT_CSS = """
    PhonesSection { height: auto; padding: 0 1; border-top: solid $primary 50%; }
    """

    def __init__(self) -> None:
        super().__init__(id="room-phones")
        self.value: RoomPhones | None = None
        self.drawing: qr.Drawing | None = None
        self._across = 0
        self._top = -1  # the rows above the body when the code was last sized: sized again when they change

    def show(self, value: RoomPhones) -> None:
        self.value = value
        self.redraw()

    def redraw(self) -> None:
        value = self.value
        if value is None:
            return
        height = (self.screen.size if self.is_attached else self.app.size).height
        # the width inside the padding; before the first layout, the screen's less the padding
        across = self.content_size.width or (self.screen.size.width if self.is_attached else self.app.size.width) - 2
        self._across = across
        self.drawing = None
        revealed = value.question is not None and value.question.status == "revealed"
        if value.join_url:
            # While people join and answer the code gets the room; once results are up they come first, and
            # the code stays only where the screen has space to spare beside them.
            top = self._top = self._top_rows()
            rows = height - top - 1 - (MIN_BODY_ROWS if not revealed else max(MIN_BODY_ROWS, height // 3))
            wide = across - 2 - MIN_INFO_WIDTH if not revealed else across // 3
            self.drawing = qr.draw(value.join_url, wide, rows, max_scale=MAX_SCALE)
        self.update(self.render_section(value, across))
        # the titles and the clock above are laid out after this first paint: size the code again once they are
        self.call_after_refresh(self._settle)

    def _settle(self) -> None:
        if self.value is None:
            return
        if self._top_rows() != self._top or (self.content_size.width and self.content_size.width != self._across):
            self.redraw()

    def _top_rows(self) -> int:
        """The rows the code cannot have: the titles and clock above, and the other sections beside this one."""
        try:
            top = self.screen.query_one("#room-top")
        except Exception:  # noqa: BLE001  (mounted outside the room screen, as in a test of this widget alone)
            return 0
        # a section that knows how tall it will be says so: on the first paint none of them is laid out yet
        others = sum(getattr(w, "rows_wanted", None) or w.outer_size.height
                     for w in self.parent.children if w is not self) if self.parent else 0
        return (top.outer_size.height or 5) + others  # before the first layout: the four title lines, a margin

    def render_section(self, value: RoomPhones, width: int) -> RenderableType:
        big = self.screen.has_class("big") if self.is_attached else False  # a projector: the heading stands out
        if self.drawing is None:
            return self._info(value, width, big)
        code = Text("\n".join(self.drawing.lines), style=QR_STYLE, no_wrap=True, overflow="crop")
        info = max(10, width - self.drawing.width - 2)
        grid = Table.grid()
        grid.add_column(width=self.drawing.width, no_wrap=True)
        grid.add_column(width=2)
        grid.add_column(width=info)
        grid.add_row(code, "", self._info(value, info, big))
        return grid

    def _info(self, value: RoomPhones, width: int, big: bool) -> RenderableType:
        question = value.question
        if question is not None and question.status == "revealed" and self.drawing is None:
            # the result is what the room looks at now; the way in stays for a late phone, on one line
            parts = self._question(question, value.joined, width)
            if value.join_url:
                line = Text(_("Join:") + " ", style="dim")
                line.append(value.join_url, style="bold")
                line.append(" · " + _("{joined} joined").format(joined=value.joined), style="dim")
                line.overflow = "fold"
                parts += [Text(""), line]
            return Group(*parts)
        parts: list[RenderableType] = []
        if value.join_url:
            parts.append(Text.assemble((_("Answer from your phone"), "bold reverse" if big else "bold")))
            parts.append(Text(_("Scan the code, or open:") if self.drawing else _("Open on your phone:")))
            parts.append(Text(value.join_url, style="bold", overflow="fold"))
            if not self.drawing:
                parts.append(Text(_("(the screen is too small for the QR code)"), style="dim"))
        parts.append(Text(_("{joined} joined").format(joined=value.joined), style="bold"))
        if question is not None:
            parts.append(Text(""))
            parts += self._question(question, value.joined, width)
        return Group(*parts)

    def _question(self, question: RoomQuestion, joined: int, width: int) -> list[RenderableType]:
        head = Text(question.kind, style="bold")
        if question.about:
            head.append(" · " + one_line(question.about))
        parts: list[RenderableType] = [head]
        if question.status != "revealed":
            line = Text(_("{answered} of {joined} answered").format(answered=question.answered, joined=joined),
                        style="bold")
            line.append(" · " + _(STATUS.get(question.status, question.status)), style="dim")
            parts.append(line)
            parts.append(Text(_("Answers stay private until the reveal."), style="dim"))
            return parts
        parts.append(Text(one_line(question.summary), style="bold"))
        if question.bars:
            labels = [one_line(label) for label, _count in question.bars]
            name_width = min(40, max(len(label) for label in labels), max(4, width // 3))
            # keyed by position: two options may carry the same label
            counts = {str(i): n for i, (_label, n) in enumerate(question.bars)}
            scaled = histogram(counts, max(4, min(MAX_BAR, width - name_width - 6)))
            for label, (_key, n, bar) in zip(labels, scaled, strict=True):
                line = Text(f"{label[:name_width]:>{name_width}} ")
                line.append("█" * bar, style="bold")
                line.append(f" {n}")
                parts.append(line)
        for text in question.texts:
            parts.append(Text("• " + one_line(text), overflow="fold"))
        return parts
