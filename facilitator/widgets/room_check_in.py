"""A check-in on the room screen: each key result's status today and its trend across the cycle, seen not read.

It draws the room view's `check_in` section (core/room_checkins.py): per key result one line with the status,
today's value and confidence, and two Textual `Sparkline`s, progress and confidence at each check-in of the
cycle. What the room says out loud, nothing more: the coach's notes and blockers are not in the section.
"""

from __future__ import annotations

from rich.text import Text
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Sparkline, Static

from facilitator.core.checkins import STATUS_LABELS
from facilitator.core.records import one_line
from facilitator.core.room_checkins import RoomCheckIn, RoomCheckInRow
from facilitator.i18n import _
from facilitator.widgets.room_sections import section_widget

STATUS_STYLE = {"on-track": "bold green", "at-risk": "bold yellow", "off-track": "bold red"}
SPARK_WIDTH = 10


def _cell(text: Text | str, style: str = "") -> Text:
    cell = text if isinstance(text, Text) else Text(text, style=style)
    cell.no_wrap, cell.overflow = True, "ellipsis"
    return cell


def row_cells(number: int, row: RoomCheckInRow) -> tuple[Text, Text, Text, Text]:
    """The key result, its status, today's value and today's confidence, as the room reads them across."""
    what = Text(f"{number}. ", style="bold")
    what.append(one_line(row.text))
    if not row.status:
        # until today's value is in, the room sees where it stood last time, dimmed
        return (_cell(what), _cell(_("not yet"), "dim"),
                _cell(_("last {value}").format(value=row.last) if row.last else "", "dim"),
                _cell(row.last_confidence, "dim"))
    confidence = Text(row.confidence)
    if row.down:
        confidence.append(" ▼", style="bold red")
    return (_cell(what), _cell(f"● {_(STATUS_LABELS[row.status])}", STATUS_STYLE.get(row.status, "")),
            _cell(row.now or "-"), _cell(confidence))


@section_widget("check_in")
class CheckInSection(VerticalScroll):
    """Shows one check-in section; the room screen calls `show` with each new value."""

    DEFAULT_CSS = f"""
    CheckInSection {{ height: auto; padding: 0 1; border-top: solid $primary 50%; }}
    CheckInSection .room-krs {{ height: auto; }}
    CheckInSection .room-kr {{ height: 1; }}
    CheckInSection .room-kr Static {{ text-wrap: nowrap; text-overflow: ellipsis; padding-right: 1; }}
    .big CheckInSection .room-krs Static {{ text-style: bold; }}
    CheckInSection #room-kr-head {{ dock: top; height: 1; color: $text-muted; }}
    CheckInSection .rk-what {{ width: 1fr; }}
    CheckInSection .rk-status {{ width: 13; }}
    CheckInSection .rk-now {{ width: 10; }}
    CheckInSection .rk-confidence {{ width: 8; }}
    CheckInSection .room-kr Static.rk-spark {{ width: {SPARK_WIDTH}; margin-left: 1; padding-right: 0; }}
    CheckInSection Sparkline.rk-progress, CheckInSection Sparkline.rk-trust {{ width: {SPARK_WIDTH}; height: 1;
        margin-left: 1; }}
    CheckInSection .rk-progress > .sparkline--max-color {{ color: $success; }}
    CheckInSection .rk-progress > .sparkline--min-color {{ color: $success 40%; }}
    CheckInSection .rk-trust > .sparkline--max-color {{ color: $accent; }}
    CheckInSection .rk-trust > .sparkline--min-color {{ color: $accent 40%; }}
    """
    can_focus = False

    def __init__(self) -> None:
        # built here, not composed: the room screen shows the first value as soon as the section is mounted
        self._summary_cell = Static(classes="rk-what")
        head = Horizontal(self._summary_cell, Static(_("status"), classes="rk-status"),
                          Static(_("now"), classes="rk-now"), Static(_("conf."), classes="rk-confidence"),
                          Static(_("progress"), classes="rk-spark"), Static(_("confidence"), classes="rk-spark"),
                          id="room-kr-head", classes="room-kr")
        super().__init__(head, id="room-check-in")
        self.value: RoomCheckIn | None = None
        self._rows: Vertical | None = None
        self._lines: list[tuple[list[Static], list[Sparkline]]] = []

    @property
    def rows_wanted(self) -> int:
        """How tall this section is once laid out: the border, the column heads and a line per key result,
        scrolling within a third of the screen so the step stays readable above it."""
        height = self.screen.size.height if self.is_attached else self.app.size.height
        return min(2 + len(self.value.rows if self.value else ()), max(4, height // 3))

    def show(self, value: RoomCheckIn) -> None:
        self.value = value
        self.styles.max_height = self.rows_wanted
        self._summary_cell.update(_cell(self._summary(value)))
        if len(self._lines) != len(value.rows):
            if self._rows is not None:
                self._rows.remove()
            self._lines = [self._line() for _row in value.rows]
            self._rows = Vertical(*(Horizontal(*cells, *sparks, classes="room-kr") for cells, sparks in self._lines),
                                  classes="room-krs")
            self.mount(self._rows)
        # the widgets are held here, not queried: they take their values before their first mount is done
        for n, ((cells, sparks), row) in enumerate(zip(self._lines, value.rows, strict=True), start=1):
            for widget, cell in zip(cells, row_cells(n, row), strict=True):
                widget.update(cell)
            for spark, series in zip(sparks, (row.progress, row.confidences), strict=True):
                spark.data = list(series)
                spark.visible = bool(series)  # the column keeps its place: the bars stay under their head

    @staticmethod
    def _line() -> tuple[list[Static], list[Sparkline]]:
        cells = [Static(classes=name) for name in ("rk-what", "rk-status", "rk-now", "rk-confidence")]
        return cells, [Sparkline([], classes="rk-progress"), Sparkline([], classes="rk-trust")]

    @staticmethod
    def _summary(value: RoomCheckIn) -> Text:
        head = Text(_("{checked} of {total} checked in").format(checked=value.checked, total=len(value.rows)),
                    style="bold")
        counts = [f"{value.count(s)} {_(STATUS_LABELS[s])}" for s in ("on-track", "at-risk", "off-track")
                  if value.count(s)]
        if counts:
            head.append(" · " + ", ".join(counts))
        head.append(" · " + _("day {day} of {days} of the cycle").format(day=value.day, days=value.days), style="dim")
        return head
