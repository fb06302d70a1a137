"""The check-in sheet: one row per key result in force, typed in with few keys, its trend drawn beside it.

Per key result: the value, tab, the confidence, enter (saved, and on to the next key result). A note, a blocker
and the blocker's owner are there for the rows that need them. The status is worked out by core, never typed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Input, Sparkline, Static

from facilitator.core.checkin_sheet import Row
from facilitator.core.checkins import STATUS_LABELS, parse_value, shown_number
from facilitator.core.okr_checks import kr_type
from facilitator.core.session import Session
from facilitator.i18n import N_, _
from facilitator.render.guard import guarded
from facilitator.widgets.key_bar import KeyBar

STATUS_STYLES = {"on-track": "bold $success", "at-risk": "bold $warning", "off-track": "bold $error", "": "dim"}
FIELDS = ("value", "confidence", "note", "blocker", "owner")


def key_result_line(row: Row, number: int) -> Content:
    kr = row.key_result
    span = ""
    kind = kr_type(kr)  # a type nobody chose is read from the text, as on the draft board
    if kind == "milestone":
        span = _("milestone, due {date}: 0-1 done").format(date=kr.due) if kr.due else _("milestone: 0-1 done")
    elif kind == "baseline":
        span = _("baseline: the first measured value")
    elif kr.start is not None and kr.target is not None:
        span = f"{shown_number(kr.start)} → {shown_number(kr.target)}{(' ' + kr.unit) if kr.unit else ''}"
    owner = f" · {kr.owner}" if kr.owner else ""
    return Content.assemble((f"{number:>2}. ", "bold"), (kr.text, "bold"), (f"  {span}{owner}", "$text-muted"))


def status_line(row: Row, last: str) -> Content:
    label = _(STATUS_LABELS.get(row.status, row.status))
    parts: list[tuple[str, str] | str] = [(f"● {label}", STATUS_STYLES.get(row.status, ""))]
    if last:
        parts.append(("  " + _("last: {value}").format(value=last), "$text-muted"))
    if row.trend.points and len(row.trend.points) > 1:
        parts.append(("  " + _("{count} check-ins").format(count=len(row.trend.points)), "$text-muted"))
    return Content.assemble(*parts)


def _scale_words(scale) -> str:
    span = f"{scale.min:g}-{scale.max:g}"
    return f"({span})" if scale.name == span else f"({scale.name}, {span})"


# the tooltip of each sparkline, by its kind (also its CSS class)
SPARK_TIPS = {"progress": N_("progress at each check-in of the cycle"),
              "confidence": N_("confidence at each check-in of the cycle")}


def _spark(series: list[float], what: str, widget_id: str) -> Sparkline:
    """Progress or confidence across the cycle's check-ins; nothing drawn until there is a value."""
    spark = Sparkline(series, classes=f"{what}-spark", id=widget_id)
    spark.tooltip = _(SPARK_TIPS[what])
    spark.display = bool(series)
    return spark


class CheckInScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+s", "save_all", N_("Save all")),
        Binding("escape", "close", N_("Back")),
    ]

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        self.sheet = session.check_ins

    def compose(self) -> ComposeResult:
        yield Header()
        scale = self.sheet.rules().confidence_scale
        with Vertical(id="check-in"):
            if not self.sheet.linked:
                yield Static(self._nothing_found(), id="check-in-empty")
            else:
                yield Static(Content(self.sheet.cycle_line()), id="check-in-cycle")
                yield Static(Content.assemble((_("value"), "bold"), " tab ", (_("confidence"), "bold"),
                                              f" {_scale_words(scale)} ", ("enter", "bold"), " " +
                                              _("saves and goes on · tab on for a note, a blocker and its owner · "
                                                "bars: progress and confidence at each check-in")),
                             id="check-in-hint")
                with VerticalScroll(id="check-in-rows"):
                    for number, row in enumerate(self.sheet.rows(), start=1):
                        yield from self._row(row, number)
        yield KeyBar()

    def _nothing_found(self) -> Content:
        state = self.session.state
        whose = " / ".join(x for x in (state.organization, state.team) if x) or _("this session (no team named)")
        return Content.assemble(
            (_("NO KEY RESULTS FOUND"), "bold $error"),
            "\n\n" + _("No earlier session of {whose} drafted key results, so there is nothing to check in on. "
                        "Start the check-in for the organization and team whose drafting session holds the key "
                        "results (facilitator run check-in --org ... --team ...), or draft them first "
                        "(okr-drafting).").format(whose=whose))

    def _row(self, row: Row, number: int) -> ComposeResult:
        kr = row.key_result
        last = self.sheet.last_entry(kr.id)
        said = ""
        if last is not None:
            bits = [shown_number(last.value) if last.value is not None else _("no value")]
            if last.confidence is not None:
                bits.append(_("confidence {value}").format(value=shown_number(last.confidence)))
            said = ", ".join(bits)
        entry = row.entry
        with Vertical(classes="check-in-row", id=f"row-{kr.id}"):
            yield Static(key_result_line(row, number), classes="kr-line")
            with Horizontal(classes="kr-trend"):
                yield Static(status_line(row, said), classes="kr-status", id=f"status-{kr.id}")
                yield _spark(row.trend.progress_series, "progress", f"spark-{kr.id}")
                yield _spark(row.trend.confidence_series, "confidence", f"conf-spark-{kr.id}")
            with Horizontal(classes="kr-inputs"):
                yield Input("" if entry is None or entry.value is None else shown_number(entry.value),
                            placeholder=_("value"), id=f"value-{kr.id}", classes="value")
                yield Input("" if entry is None or entry.confidence is None else shown_number(entry.confidence),
                            placeholder=_("confidence"), id=f"confidence-{kr.id}", classes="confidence")
                yield Input(entry.note if entry else "", placeholder=_("note"), id=f"note-{kr.id}", classes="note")
                blocker = entry.blockers[0] if entry and entry.blockers else None
                yield Input(blocker.text if blocker else "", placeholder=_("blocker"), id=f"blocker-{kr.id}",
                            classes="blocker")
                yield Input(blocker.owner if blocker else "", placeholder=_("owner"), id=f"owner-{kr.id}",
                            classes="owner")

    def on_mount(self) -> None:
        self.title = self.session.workshop.title
        self.sub_title = _("check-in sheet")
        inputs = self.query(Input)
        if inputs:
            inputs.first().focus()

    # -- saving ----------------------------------------------------------------------------------------
    def _kr_of(self, widget_id: str) -> str:
        return widget_id.split("-", 1)[1]

    def _save_row(self, kr_id: str) -> bool:
        def field_value(name: str) -> str:
            return self.query_one(f"#{name}-{kr_id}", Input).value

        kr = next(kr for _o, kr in self.sheet.key_results() if kr.id == kr_id)

        def record() -> None:
            value = parse_value(field_value("value"), kr, what="value")
            confidence = parse_value(field_value("confidence"), None, what="confidence")
            self.sheet.record(kr_id, value=value, confidence=confidence, note=field_value("note"),
                              blockers=[(field_value("blocker"), field_value("owner"))])

        if not guarded(self, record):
            return False
        self._repaint_row(kr_id)
        return True

    def _repaint_row(self, kr_id: str) -> None:
        row = next(r for r in self.sheet.rows() if r.key_result.id == kr_id)
        last = self.sheet.last_entry(kr_id)
        said = ""
        if last is not None:
            said = shown_number(last.value) if last.value is not None else _("no value")
            if last.confidence is not None:
                said += ", " + _("confidence {value}").format(value=shown_number(last.confidence))
        self.query_one(f"#status-{kr_id}", Static).update(status_line(row, said))
        for widget_id, series in ((f"#spark-{kr_id}", row.trend.progress_series),
                                  (f"#conf-spark-{kr_id}", row.trend.confidence_series)):
            spark = self.query_one(widget_id, Sparkline)
            spark.data = series
            spark.display = bool(series)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        kr_id = self._kr_of(event.input.id or "")
        if not self._save_row(kr_id):
            return
        ids = [kr.id for _o, kr in self.sheet.key_results()]
        at = ids.index(kr_id)
        if at + 1 < len(ids):
            following = self.query_one(f"#value-{ids[at + 1]}", Input)
            following.focus()
            following.scroll_visible(animate=False)
        else:
            self.notify(_("Every key result is checked in. escape goes back to the step."), timeout=4)

    def action_save_all(self) -> None:
        for _objective, kr in self.sheet.key_results():
            touched = any(self.query_one(f"#{name}-{kr.id}", Input).value.strip() for name in FIELDS)
            if (touched or self.sheet.entry(kr.id)) and not self._save_row(kr.id):
                self.query_one(f"#value-{kr.id}", Input).focus()
                return
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
