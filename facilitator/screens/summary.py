"""The summary: every parameter with its status and decision, actions, the parking lot, and the timing.

The actions are a list the coach works on before the room leaves: edit (reword, reassign, reschedule), mark
done, remove, each change saved at once; the next session is set here too.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.core import decision_values, rules_text
from facilitator.core.errors import FacilitatorError
from facilitator.core.export_markdown import next_session_line, status_headline
from facilitator.core.parameters import BY_ID, PARAMETER_IDS
from facilitator.core.rules_text import PARKING_WORDS, STATUS_WORDS
from facilitator.core.session import Session
from facilitator.core.timer import format_minutes, format_timebox
from facilitator.i18n import N_, _
from facilitator.render.guard import guarded
from facilitator.render.plain import PlainTable
from facilitator.render.plain import section_table as _table  # the room screen's summary has the same tables
from facilitator.render.read_only import changes_the_record
from facilitator.widgets.key_bar import KeyBar

STATUS_STYLE = {"decided": "bold green", "parked": "bold yellow", "open": "dim"}


def history_table(history) -> PlainTable | Text:
    """How each parameter decision changed from cycle to cycle, for a team coached over several cycles."""
    if len(history) < 2:
        return Text(_("Across cycles: this is the team's first session with decisions."), style="dim")
    table = _table(_("Across cycles"), (_("Parameter"), {"no_wrap": True}),
                   *((f"{summary.started_at[:10]}", {"ratio": 1}) for summary, _state in history))
    for parameter in PARAMETER_IDS:
        cells, previous = [], None
        for _summary, state in history:
            d = state.decisions.get(parameter)
            text = "-" if d is None else d.decision if d.status == "decided" else _(STATUS_WORDS[d.status])
            changed = previous is not None and text != previous
            cells.append(Text(text or "-", style="bold yellow" if changed else ""))
            previous = text
        table.add_row(_(BY_ID[parameter].title), *cells)
    return table


def rules_part(session: Session) -> list:
    """Where the rules this session works under came from, when not all from its own decisions."""
    resolution = session.board.resolution()
    drafts = bool(session.state.objectives) or not session.workshop.decision_steps
    if not resolution.found_any:
        if not drafts:
            return []
        rules = resolution.room
        limits = _("≤{objectives} objectives · {low}-{high} key results").format(
            objectives=rules.max_objectives, low=rules.min_krs, high=rules.max_krs)
        return [Text(f"{resolution.headline()} ({limits})", style="bold white on red"), Text("")]
    elsewhere = [r for r in resolution.rules if r.source is None or r.source.level != "own"]
    if not any(r.source is not None for r in elsewhere):
        return []
    table = _table(_("Rules from earlier sessions"), (_("Parameter"), {"no_wrap": True}), (_("Rule"), {"ratio": 3}),
                   (_("From"), {"ratio": 2}))
    for rule in elsewhere:
        table.add_row(_(rule.title), rule.text, Text(rule.where, style="" if rule.source else "dim"))
    return [table, Text("")]


def heading_renderable(session: Session) -> Group:
    """What the summary opens with: the decisions in one line, who was there, the next session."""
    state = session.state
    statuses = [state.decisions[s.parameter].status for s in session.workshop.decision_steps]
    lines: list = []
    if statuses:
        lines.append(Text(status_headline(statuses), style="bold"))
    if state.attendees:
        people = ", ".join(f"{p['name']} ({p['role']})" if p.get("role") else p["name"] for p in state.attendees)
        lines.append(Text(_("In the room ({count}): {people}").format(count=len(state.attendees), people=people)))
    plan = next_session_line(state.next_session, plain=True)
    lines.append(Text(_("Next session: {plan} (N to change)").format(plan=plan)) if plan else
                 Text(_("Next session: not set (N to set the date, the workshop and who comes)"), style="dim"))
    return Group(*lines, Text(""))


def actions_heading(session: Session) -> Text:
    if not session.state.actions:
        return Text(_("Actions: none yet (press a to add one)"), style="dim")
    return Text.assemble((_("Actions"), "bold underline"),
                         ("  " + _("soonest due first · e edit · space done · x remove"), "dim"))


def action_line(action) -> Content:
    mark = ("✓ ", "$success") if action.done else ("· ", "$foreground")
    due = action.due or _("no date")
    owner = action.owner or _("nobody yet")
    return Content.assemble(mark, (f"{due:<10}", "$text-muted" if action.done else "bold"), "  ",
                            (action.text, "strike $text-muted" if action.done else ""), (f" · {owner}", "$text-muted"))


def _labelled(label: str, text: str) -> Padding:
    # indented as a block: long decisions and rationales wrap at word boundaries, never cut, at any width
    return Padding(Text.assemble((f"{label}: ", "dim"), text, overflow="fold"), (0, 0, 0, 2))


def decisions_renderable(session: Session, *, presenting: bool = False) -> Group:
    """Each parameter as a short block: title and status, then the decision, its numbers, why and who."""
    state = session.state
    lines: list = [Text(_("Decisions"), style="bold underline")]
    for parameter in PARAMETER_IDS:
        d = state.decisions.get(parameter)
        status = d.status if d else "open"
        disputed = bool(d and d.status == "decided" and (d.consensus or {}).get("agreed") is False)
        shown = Text(_("not agreed"), style="bold red") if disputed else Text(_(STATUS_WORDS[status]),
                                                                                style=STATUS_STYLE[status])
        lines.append(Text.assemble((_(BY_ID[parameter].title), "bold"), " · ", shown))
        if d is None:
            continue
        if d.decision:
            lines.append(_labelled(_("Decision"), d.decision))
        numbers = decision_values.own_numbers(parameter, d.choice, d.values)
        if numbers and d.status == "decided":
            lines.append(_labelled(_("Numbers"), numbers))
        why = d.rationale
        if d.rationale_private and why:
            # a shared screen (presenter mode) never shows what the coach keeps
            why = "" if presenting else _("(coach only) {why}").format(why=why)
        if why:
            lines.append(_labelled(_("Why"), why))
        owner = d.owner
        if d.status == "parked":
            owner = _("{owner} · by {date}").format(owner=owner or _("nobody yet"), date=d.by_when or _("no date yet"))
        if owner:
            lines.append(_labelled(_("Owner"), owner))
    return Group(*lines)


def rules_renderable(session: Session) -> Group:
    """A drafting session decides nothing: it shows the rules it drafts under, and where each came from."""
    resolution = session.board.resolution()
    lines: list = [Text(_("Rules in force"), style="bold underline")]
    if not resolution.found_any:
        lines.append(Text(resolution.headline(), style="bold white on red"))
    for line in rules_text.rule_lines(resolution.rules):
        lines.append(Text.assemble((_(line.title), "bold"), " · ", (line.source, "dim")))
        lines.append(_labelled(_("Rule"), line.text))
    return Group(*lines)


def departures_renderable(session: Session, departures) -> Group:
    """A self-guided team's decisions to depart from its own rules: decisions of the session, with the rule as
    decided and the team's reason (core/rule_departures.py)."""
    names = {o.id: o.title for o in session.board.objectives()}
    names.update({kr.id: kr.text for o in session.board.objectives() for kr in o.key_results})
    lines: list = [Text(_("Departures from our rules"), style="bold underline")]
    for d in departures:
        about = names.get(d.target_id) or _("the whole board")
        lines.append(Text.assemble((_(d.title), "bold"), " · ", about))
        lines.append(_labelled(_("This time"), d.finding))
        lines.append(_labelled(_("We decided"), d.rule))
        lines.append(_labelled(_("Why we depart"), d.reason))
    return Group(*lines)


def summary_renderable(session: Session, *, presenting: bool = False) -> Group:
    state = session.state
    if session.workshop.decision_steps:
        parts: list = [decisions_renderable(session, presenting=presenting), Text(""), *rules_part(session)]
    else:
        parts = [rules_renderable(session), Text("")]
    if state.check_in:
        # a check-in's record is where the key results stand: shown first, with the trend of each
        from facilitator.render import check_in_text

        sheet = session.check_ins
        parts[:0] = [Text(_("Where the key results stand"), style="bold underline"), Text(sheet.cycle_line()),
                     check_in_text.status_table(sheet), Text("")]
    objectives = session.board.objectives()
    if objectives:
        drafts = _table(_("OKR drafts"), (_("Objective / key result"), {"ratio": 3}),
                        (_("From → to"), {"no_wrap": True}), (_("Owner"), {}), (_("Confidence"), {"justify": "right"}))
        for objective in objectives:
            drafts.add_row(Text(objective.title, style="bold"), "", objective.team, "")
            for kr in objective.key_results:
                span = "" if kr.start is None and kr.target is None else \
                    f"{'' if kr.start is None else f'{kr.start:g}'} → {'' if kr.target is None else f'{kr.target:g}'}"
                drafts.add_row(f"  {kr.text}", f"{span} {kr.unit}".strip(), kr.owner or "-",
                               "" if kr.confidence is None else f"{kr.confidence:g}")
        parts += [drafts, Text("")]
    if departures := session.board.departures():
        parts += [departures_renderable(session, departures), Text("")]
    parking = _table(_("Parking lot"), (_("Item"), {"ratio": 3}), (_("Status"), {"no_wrap": True}),
                     (_("Note"), {"ratio": 2}))
    for p in state.parking_lot:
        parking.add_row(p.text, _(PARKING_WORDS.get(p.resolution, p.resolution)) if p.resolution else _("open"),
                        p.note)
    parts += [parking if state.parking_lot else Text(_("Parking lot: empty (press k to park a point)"), style="dim"),
              Text("")]

    timing = _table(_("Timing"), (_("Step"), {"ratio": 1}), (_("Planned"), {"justify": "right", "no_wrap": True}),
                    (_("Actual"), {"justify": "right", "no_wrap": True}),
                    (_("Difference"), {"justify": "right", "no_wrap": True}))
    for row in session.agenda():
        shown = row.status in ("done", "current")
        # the script's timebox and the minutes the room added or removed with +/-: the timebox it ran against
        script = session.script_seconds(row.step)
        added = round((row.planned_seconds - script) / 60)
        planned = format_timebox(script) + (f" {added:+d}" if added else "")
        difference = row.actual_seconds - row.planned_seconds
        timing.add_row(row.step.title, planned, format_timebox(row.actual_seconds) if shown else "-",
                       Text(("+" if difference > 0 else "-" if difference < 0 else "") + format_timebox(difference),
                            style="red" if difference > 0 else "") if shown else "")
    variance = session.schedule_variance()
    verdict = _("{time} over plan").format(time=format_minutes(variance)) if variance > 0 else \
        _("{time} under plan").format(time=format_minutes(-variance))
    added_total = round((session.planned_total() - session.script_total()) / 60)
    changed = " " + _("({script} in the script, {added} min with +/-)").format(
        script=format_minutes(session.script_total()), added=f"{added_total:+d}") if added_total else ""
    total = _("Total: {used} of {planned} planned").format(used=format_minutes(session.elapsed_total()),
                                                          planned=format_minutes(session.planned_total()))
    parts += [timing, Text(f"\n{total}{changed} · {verdict}", style="bold")]
    return Group(*parts)



class SummaryScreen(Screen[None]):
    BINDINGS = [Binding("escape,s", "close", N_("Back")), Binding("r", "qr", N_("QR code")),
                Binding("e,enter", "edit_action", N_("Edit action")), Binding("space", "toggle_done", N_("Done")),
                Binding("x", "remove_action", N_("Remove")), Binding("N", "next_session", N_("Next session")),
                Binding("q", "close", N_("Back"), show=False)]

    def __init__(self, session: Session, load_history: Callable[[], list] | None = None, *,
                 presenting: bool = False):
        """`load_history` reads the team's cycles (every session of the team): it runs in a thread, so the
        summary opens at once and the history follows when it is read."""
        super().__init__()
        self.session = session
        self.load_history = load_history
        self.presenting = presenting

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary"):
            yield Static(id="summary-heading")
            yield Static(id="actions-heading")
            yield OptionList(id="summary-actions")
            yield Static(id="summary-body")
            yield Static(id="summary-history")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = _("Summary · {title}").format(title=self.session.workshop.title)
        self.sub_title = " · ".join(x for x in (self.session.state.organization, self.session.state.team) if x)
        self.refresh_summary()
        actions = self.query_one("#summary-actions", OptionList)
        (actions if self.session.state.actions else self.query_one("#summary")).focus()
        history = self.query_one("#summary-history", Static)
        history.display = self.load_history is not None
        if self.load_history is not None:
            history.update(Text("\n" + _("Across cycles: reading the team's earlier sessions…"), style="dim"))
            self._read_history(self.load_history)

    @work(thread=True, exclusive=True, group="history")
    def _read_history(self, load: Callable[[], list]) -> None:
        try:
            history = load()
            # a team with no session that decided anything has no cycles to compare: nothing to show
            shown: Group | Text | None = Group(Text(""), history_table(history)) if history else None
        except FacilitatorError as exc:
            shown = Text("\n" + _("Across cycles: the team's earlier sessions could not be read ({reason}).")
                         .format(reason=exc), style="yellow")
        self.app.call_from_thread(self._show_history, shown)

    def _show_history(self, shown: Group | Text | None) -> None:
        if not self.is_mounted:  # the coach may have left the summary before the sessions were read
            return
        part = self.query_one("#summary-history", Static)
        part.display = shown is not None
        if shown is not None:
            part.update(shown)

    def refresh_summary(self, keep: str | None = None) -> None:
        session = self.session
        self.query_one("#summary-heading", Static).update(heading_renderable(session))
        self.query_one("#actions-heading", Static).update(actions_heading(session))
        actions = self.query_one("#summary-actions", OptionList)
        ordered = session.actions_by_due()
        highlighted = actions.highlighted
        actions.set_options([Option(action_line(a), id=a.id) for a in ordered])
        actions.display = bool(ordered)
        if ordered:
            index = next((i for i, a in enumerate(ordered) if a.id == keep), None)
            actions.highlighted = index if index is not None else min(highlighted or 0, len(ordered) - 1)
        self.query_one("#summary-body", Static).update(summary_renderable(session, presenting=self.presenting))

    def _selected(self):
        actions = self.query_one("#summary-actions", OptionList)
        if actions.highlighted is None or not self.session.state.actions:
            self.notify(_("No action to change here: a adds one."), severity="warning")
            return None
        return self.session.action(actions.get_option_at_index(actions.highlighted).id)

    def _change(self, change, keep: str | None = None) -> bool:
        if not guarded(self, change):
            return False
        self.refresh_summary(keep)
        return True

    @changes_the_record
    def action_edit_action(self) -> None:
        from facilitator.screens.capture import ActionInput, ActionScreen

        action = self._selected()
        if action is None:
            return

        def save(result: ActionInput | None) -> None:
            if result is not None:
                self._change(lambda: self.session.update_action(action.id, text=result.text, owner=result.owner,
                                                                due=result.due), keep=action.id)

        self.app.push_screen(ActionScreen(_("Edit action: reword, reassign, reschedule"), text=action.text,
                                          owner=action.owner, due=action.due), save)

    @changes_the_record
    def action_toggle_done(self) -> None:
        action = self._selected()
        if action is not None:
            self._change(lambda: self.session.set_action_done(action.id, not action.done), keep=action.id)

    @changes_the_record
    def action_remove_action(self) -> None:
        action = self._selected()
        if action is not None and self._change(lambda: self.session.remove_action(action.id)):
            self.notify(_("Removed: {text}").format(text=action.text), timeout=4)

    @changes_the_record
    def action_next_session(self) -> None:
        from facilitator.screens.notes_dialogs import NextSession, NextSessionScreen

        def save(result: NextSession | None) -> None:
            if result is not None:
                self._change(lambda: self.session.set_next_session(date=result.date, time=result.time,
                                                                   workshop=result.workshop, who=result.who))

        self.app.push_screen(NextSessionScreen(self.session.state.next_session,
                                               suggested_workshop=_next_workshop(self.session)), save)

    def on_screen_resume(self) -> None:
        # an action added with a (the app's key) over this screen shows up at once
        self.refresh_summary()

    def action_qr(self) -> None:
        from facilitator.screens.qr import QRScreen

        data, what = self.session.share_target()
        self.app.push_screen(QRScreen(data, what))

    def action_close(self) -> None:
        self.dismiss(None)


def _next_workshop(session: Session) -> str:
    """The workshop that usually follows this one, to save typing."""
    return {"deployment-parameters": "okr-drafting", "self-guided-setup": "okr-drafting",
            "okr-drafting": "reflect-and-reset", "reflect-and-reset": "okr-drafting"}.get(session.workshop.id, "")
