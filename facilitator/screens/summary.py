"""The summary: every parameter with its status and decision, actions, the parking lot, and the timing."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from facilitator.core.parameters import BY_ID, PARAMETER_IDS
from facilitator.core.session import Session
from facilitator.core.timer import format_minutes
from facilitator.render.plain import PlainTable
from facilitator.widgets.key_bar import KeyBar

STATUS_STYLE = {"decided": "bold green", "parked": "bold yellow", "open": "dim"}


def _table(title: str, *columns: tuple[str, dict]) -> PlainTable:
    table = PlainTable(title=title, title_justify="left", title_style="bold underline", expand=True,
                  show_edge=False, pad_edge=False, box=None, header_style="bold")
    for name, options in columns:
        table.add_column(name, **options)
    return table


def history_table(history) -> PlainTable | Text:
    """How each parameter decision changed from cycle to cycle, for a team coached over several cycles."""
    if len(history) < 2:
        return Text("Across cycles: this is the team's first session with decisions.", style="dim")
    table = _table("Across cycles", ("Parameter", {"no_wrap": True}),
                   *((f"{summary.started_at[:10]}", {"ratio": 1}) for summary, _ in history))
    for parameter in PARAMETER_IDS:
        cells, previous = [], None
        for _, state in history:
            d = state.decisions.get(parameter)
            text = "-" if d is None else d.decision if d.status == "decided" else d.status
            changed = previous is not None and text != previous
            cells.append(Text(text or "-", style="bold yellow" if changed else ""))
            previous = text
        table.add_row(BY_ID[parameter].title, *cells)
    return table


def rules_part(session: Session) -> list:
    """Where the rules this session works under came from, when not all from its own decisions."""
    resolution = session.board.resolution()
    drafts = bool(session.state.objectives) or not session.workshop.decision_steps
    if not resolution.found_any:
        if not drafts:
            return []
        rules = resolution.room
        return [Text(f"{resolution.headline()} (≤{rules.max_objectives} objectives · {rules.min_krs}-"
                     f"{rules.max_krs} key results)", style="bold white on red"), Text("")]
    elsewhere = [r for r in resolution.rules if r.source is None or r.source.level != "own"]
    if not any(r.source is not None for r in elsewhere):
        return []
    table = _table("Rules from earlier sessions", ("Parameter", {"no_wrap": True}), ("Rule", {"ratio": 3}),
                   ("From", {"ratio": 2}))
    for rule in elsewhere:
        table.add_row(rule.title, rule.text, Text(rule.where, style="" if rule.source else "dim"))
    return [table, Text("")]


def summary_renderable(session: Session, history=()) -> Group:
    state = session.state
    decisions = _table("Decisions", ("Parameter", {"no_wrap": True}), ("Status", {"no_wrap": True}),
                       ("Decision", {"ratio": 3}), ("Why", {"ratio": 2}), ("Owner", {}))
    for parameter in PARAMETER_IDS:
        d = state.decisions.get(parameter)
        status = d.status if d else "open"
        disputed = bool(d and d.status == "decided" and (d.consensus or {}).get("agreed") is False)
        shown = Text("not agreed", style="bold red") if disputed else Text(status, style=STATUS_STYLE[status])
        decisions.add_row(BY_ID[parameter].title, shown,
                          d.decision if d else "", d.rationale if d else "", d.owner if d else "")

    parts: list = [decisions, Text(""), *rules_part(session)]
    if state.check_in:
        # a check-in's record is where the key results stand: shown first, with the trend of each
        from facilitator.render import check_in_text

        sheet = session.check_ins
        parts[:0] = [Text("Where the key results stand", style="bold underline"), Text(sheet.cycle_line()),
                     check_in_text.status_table(sheet), Text("")]
    objectives = session.board.objectives()
    if objectives:
        drafts = _table("OKR drafts", ("Objective / key result", {"ratio": 3}), ("From → to", {"no_wrap": True}),
                        ("Owner", {}), ("Confidence", {"justify": "right"}))
        for objective in objectives:
            drafts.add_row(Text(objective.title, style="bold"), "", objective.team, "")
            for kr in objective.key_results:
                span = "" if kr.start is None and kr.target is None else \
                    f"{'' if kr.start is None else f'{kr.start:g}'} → {'' if kr.target is None else f'{kr.target:g}'}"
                drafts.add_row(f"  {kr.text}", f"{span} {kr.unit}".strip(), kr.owner or "-",
                               "" if kr.confidence is None else f"{kr.confidence:g}")
        parts += [drafts, Text("")]
    actions = _table("Actions", ("What", {"ratio": 3}), ("Owner", {}), ("Due", {"no_wrap": True}))
    for a in state.actions:
        actions.add_row(a.text, a.owner or "-", a.due or "-")
    parts += [actions if state.actions else Text("Actions: none yet (press a to add one)", style="dim"), Text("")]

    parking = _table("Parking lot", ("Item", {"ratio": 3}), ("Status", {"no_wrap": True}), ("Note", {"ratio": 2}))
    for p in state.parking_lot:
        parking.add_row(p.text, p.resolution or "open", p.note)
    parts += [parking if state.parking_lot else Text("Parking lot: empty (press k to park a point)", style="dim"),
              Text("")]

    timing = _table("Timing", ("Step", {"ratio": 1}), ("Planned", {"justify": "right"}),
                    ("Actual", {"justify": "right"}), ("Over", {"justify": "right"}))
    for row in session.agenda():
        over = row.actual_seconds - row.step.planned_seconds
        shown = row.status in ("done", "current")
        # the script's timebox, and the minutes the room added with +/- (the agenda shows their sum)
        added = round((row.planned_seconds - row.step.planned_seconds) / 60)
        planned = format_minutes(row.step.planned_seconds) + (f" {added:+d}" if added else "")
        timing.add_row(row.step.title, planned,
                       format_minutes(row.actual_seconds) if shown else "-",
                       Text(("+" if over > 0 else "-") + format_minutes(over), style="red" if over > 0 else "")
                       if shown else "")
    variance = session.schedule_variance()
    verdict = f"{format_minutes(variance)} over plan" if variance > 0 else f"{format_minutes(-variance)} under plan"
    parts += [timing, Text(f"\nTotal: {format_minutes(session.elapsed_total())} of "
                           f"{format_minutes(session.workshop.planned_seconds)} planned · {verdict}", style="bold")]
    if history:
        parts += [Text(""), history_table(history)]
    return Group(*parts)


class SummaryScreen(Screen[None]):
    BINDINGS = [Binding("escape,s", "close", "Back"), Binding("r", "qr", "QR code"),
                Binding("q", "close", "Back", show=False)]

    def __init__(self, session: Session, history=()):
        super().__init__()
        self.session = session
        self.history = list(history)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary"):
            yield Static(summary_renderable(self.session, self.history), id="summary-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = f"Summary · {self.session.workshop.title}"
        self.sub_title = " · ".join(x for x in (self.session.state.organization, self.session.state.team) if x)
        self.query_one("#summary").focus()

    def action_qr(self) -> None:
        from facilitator.screens.qr import QRScreen

        data, what = self.session.share_target()
        self.app.push_screen(QRScreen(data, what))

    def action_close(self) -> None:
        self.dismiss(None)
