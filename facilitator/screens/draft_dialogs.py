"""Editing one objective or key result, with the coach's findings updating as you type."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from facilitator.core.drafting import DraftBoard, key_result_problem
from facilitator.core.okr import DIRECTIONS, KR_TYPES, ORIGINS, KeyResult, Objective
from facilitator.core.okr_checks import guidance, kr_type
from facilitator.core.rule_departures import BrokenRule, Departure
from facilitator.core.rules_text import KR_TYPE_WORDS, LEVEL_WORDS
from facilitator.i18n import N_, _
from facilitator.render.findings import findings_text


def _number(text: str) -> float | None:
    text = text.strip().replace(",", ".").rstrip("%")
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _shown(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class _EditDialog(ModalScreen):
    BINDINGS = [Binding("ctrl+s", "save", N_("Save")), Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, board: DraftBoard):
        super().__init__()
        self.board = board

    def action_cancel(self) -> None:
        self.dismiss(None)

    STACK_BELOW = 100  # columns: narrower, the coach's panel goes under the fields rather than beside them

    def on_resize(self, event) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        self.query_one(".draft-edit").set_class(width < self.STACK_BELOW, "stacked")

    def on_input_changed(self) -> None:
        self.refresh_findings()

    def on_select_changed(self) -> None:
        self.refresh_findings()

    def on_checkbox_changed(self) -> None:
        self.refresh_findings()

    scope = "key-result"

    def refresh_findings(self) -> None:
        """Checks the draft as typed: only this item and the board-wide rules, in the order a coach asks."""
        try:
            self.current_findings, blank = self.preview()
        except ValueError:
            return
        empty = guidance(self.scope, self.board.rules()) if blank else _("No findings: a strong draft.")
        self.query_one("#live-findings", Static).update(findings_text(self.current_findings, empty=empty,
                                                                      guidance=blank))


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _company_choices(board: DraftBoard, objective: Objective) -> list[tuple[Content, str]]:
    """What an objective may serve: this board's company objectives (by id), then those drafted in the
    organization's other sessions (linked as SESSION:o1, shown by title and team). A link that points at
    nothing found stays offered, marked, so opening and saving the dialog never drops it silently."""
    choices = [(Content(_cut(c.title, 50)), c.id) for c in board.objectives()
               if c.level == "company" and c.id != objective.id]
    for c in board.company_objectives_elsewhere():
        # one line in the list at 80 columns: the team stays whole, the title gives way
        team = _cut(c.team or _("another session"), 16)
        choices.append((Content(f"{_cut(c.title, 47 - len(team))} · {team}"), c.ref))
    link = objective.contributes_to.strip()
    if link and link not in {value for _label, value in choices}:
        choices.append((Content(_("{link} (not found)").format(link=_cut(link, 40))), link))
    return choices


def _choice(value) -> str:
    return value if isinstance(value, str) else ""


class ObjectiveDialog(_EditDialog):
    scope = "objective"

    def __init__(self, board: DraftBoard, objective: Objective):
        super().__init__(board)
        self.objective = objective

    def compose(self) -> ComposeResult:
        o = self.objective
        company = _company_choices(self.board, o)
        with Vertical(id="dialog", classes="draft-dialog"):
            yield Static(_("[b]Objective {id}[/b]").format(id=o.id), id="dialog-title")
            with Horizontal(classes="draft-edit"):
                with VerticalScroll(classes="draft-fields"):
                    yield Label(_("Objective (qualitative, inspiring)"))
                    yield Input(o.title, id="title")
                    yield Label(_("Why now"))
                    yield Input(o.why_now, id="why-now")
                    yield Label(_("Level"))
                    # only the levels the room decided; an objective already at another one keeps it, marked
                    levels = [(_(LEVEL_WORDS.get(x, x)), x) for x in self.board.levels()]
                    if o.level not in {value for _label, value in levels}:
                        levels.append((_("{level} (not decided by the room)").format(
                            level=_(LEVEL_WORDS.get(o.level, o.level))), o.level))
                    yield Select(levels, value=o.level, allow_blank=False, id="level")
                    yield Label(_("Team"))
                    yield Input(o.team, id="team")
                    yield Label(_("Owner (who answers for it; one of the session's people)"))
                    yield Input(o.owner, id="objective-owner")
                    yield Label(_("Contributes to (company objective)"))
                    yield Select(company, value=o.contributes_to if o.contributes_to in {v for _k, v in company}
                                 else Select.NULL, id="contributes-to")
                    yield Label(_("Proposed by"))
                    yield Select([(_("the team (bottom-up)"), "team"), (_("leadership (handed down)"), "leadership")],
                                 value=o.origin if o.origin in ORIGINS else "team", allow_blank=False, id="origin")
                    yield Label(_("Committed or aspirational"))
                    yield Select([(_("committed: we deliver it in full"), "committed"),
                                  (_("aspirational: a stretch, 0.7 is a good result"), "aspirational")],
                                 value=o.commitment or Select.NULL, prompt=_("not chosen yet"), id="commitment")
                with VerticalScroll(id="live-box", classes="live-findings"):
                    yield Static(id="live-findings")
            yield Static(_("[b]tab[/b] next field · [b]ctrl+s[/b] save · [b]esc[/b] cancel"), id="dialog-keys")

    def on_mount(self) -> None:
        self._fit(self.app.size.width)
        self.query_one("#title").focus()
        self.query_one("#live-box").border_title = _("Coach")
        self.refresh_findings()

    def build(self) -> Objective:
        contributes = self.query_one("#contributes-to", Select).value
        return Objective(
            id=self.objective.id, title=self.query_one("#title", Input).value.strip(),
            why_now=self.query_one("#why-now", Input).value.strip(),
            level=str(self.query_one("#level", Select).value), team=self.query_one("#team", Input).value.strip(),
            contributes_to=contributes if isinstance(contributes, str) else "",
            origin=str(self.query_one("#origin", Select).value),
            commitment=_choice(self.query_one("#commitment", Select).value), key_results=self.objective.key_results,
            owner=self.query_one("#objective-owner", Input).value.strip(), uid=self.objective.uid)

    def preview(self):
        draft = self.build()
        return self.board.preview_objective(draft), not draft.title

    def action_save(self) -> None:
        draft = self.build()
        if not draft.title:
            self.notify(_("Write the objective first."), severity="warning")
            return
        self.dismiss(draft)


class KeyResultDialog(_EditDialog):
    def __init__(self, board: DraftBoard, objective_id: str, key_result: KeyResult):
        super().__init__(board)
        self.objective_id = objective_id
        self.key_result = key_result

    def compose(self) -> ComposeResult:
        k = self.key_result
        with Vertical(id="dialog", classes="draft-dialog"):
            yield Static(_("[b]Key result {id}[/b] · objective {objective_id}").format(
                id=k.id, objective_id=self.objective_id), id="dialog-title")
            with Horizontal(classes="draft-edit"):
                with VerticalScroll(classes="draft-fields"):
                    yield Label(_("Key result (an outcome, from X to Y)"))
                    yield Input(k.text, id="text")
                    yield Label(_("Type"))
                    yield Select([(_("read from the text"), ""), *((_(KR_TYPE_WORDS[t]), t) for t in KR_TYPES)],
                                 value=k.type if k.type in KR_TYPES else "", allow_blank=False, id="type")
                    yield Static(id="type-read", classes="hint")
                    yield Label(_("From · To · Unit"))
                    with Horizontal(classes="triple"):
                        yield Input(_shown(k.start), placeholder=_("from"), id="start")
                        yield Input(_shown(k.target), placeholder=_("to"), id="target")
                        yield Input(k.unit, placeholder=_("unit"), id="unit")
                    yield Label(_("Direction"))
                    yield Select([(d or _("not said"), d) for d in DIRECTIONS], value=k.direction, allow_blank=False,
                                 id="direction")
                    yield Label(_("Due (milestones, YYYY-MM-DD)"))
                    cycle_end = self.board.cycle()["end"]
                    # a metric left without a date is due when the cycle ends: the export says so
                    yield Input(k.due, id="due", placeholder=_("cycle end: {date}").format(date=cycle_end)
                                if cycle_end else "")
                    yield Label(_("Owner (one person)"))
                    yield Input(k.owner, id="owner")
                    yield Label(_("Confidence"))
                    yield Input(_shown(k.confidence), id="confidence")
                    yield Checkbox(_("Aspirational (a stretch)"), k.aspirational, id="aspirational")
                with VerticalScroll(id="live-box", classes="live-findings"):
                    yield Static(id="live-findings")
            yield Static(_("[b]tab[/b] next field · [b]ctrl+s[/b] save · [b]esc[/b] cancel"), id="dialog-keys")

    def on_mount(self) -> None:
        self._fit(self.app.size.width)
        self.query_one("#text").focus()
        self.query_one("#live-box").border_title = _("Coach")
        self.refresh_findings()

    def build(self) -> KeyResult:
        value = lambda name: self.query_one(f"#{name}", Input).value.strip()  # noqa: E731
        return KeyResult(
            id=self.key_result.id, text=value("text"), type=str(self.query_one("#type", Select).value),
            start=_number(value("start")), target=_number(value("target")), unit=value("unit"),
            direction=str(self.query_one("#direction", Select).value), due=value("due"), owner=value("owner"),
            confidence=_number(value("confidence")),
            aspirational=self.query_one("#aspirational", Checkbox).value, uid=self.key_result.uid)

    def preview(self):
        draft = self.build()
        self.show_type(draft)
        return self.board.preview_key_result(self.objective_id, draft), not draft.text

    def show_type(self, draft: KeyResult) -> None:
        # The room sees how the coach reads the key result, and corrects it by picking a type.
        label = self.query_one("#type-read", Static)
        if draft.type or not draft.text:
            label.update("")
        else:
            label.update(Content.from_markup(_("reads as [b]$kind[/b]: pick a type if that is wrong"),
                                             kind=_(KR_TYPE_WORDS.get(kr_type(draft), kr_type(draft)))))

    def action_save(self) -> None:
        draft = self.build()
        if (problem := key_result_problem(draft)) is not None:
            field, message = problem
            self.notify(message, severity="warning")
            self.query_one(f"#{field}").focus()
            return
        self.dismiss(draft)


@dataclass(frozen=True)
class SetAside:
    """What the dismiss dialog decided: dismiss a finding (a coach, with the reason), depart from the team's own
    rule (a self-guided team, with its reason), or take a departure back."""

    kind: str  # "dismiss", "depart" or "withdraw"
    check_id: str
    target_id: str
    reason: str = ""


class DismissDialog(ModalScreen[SetAside | None]):
    """Set a finding aside with the reason the room gave; the reason is kept in the record.

    Nothing is preselected: the coach names the finding by its number (or the arrows), so a reason typed
    straight away cannot dismiss a finding nobody picked. In a self-guided session a finding that breaks the
    team's own rule (`rules`, by the finding's index) turns the dialog into "Depart from our rule", and the
    team's departures on this item (`departures`, listed after the findings) can be taken back.
    """

    BINDINGS = [Binding("ctrl+s", "save", N_("Save")), Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, findings, rules: dict[int, BrokenRule] | None = None, departures: list[Departure] = ()):
        super().__init__()
        self.findings = findings
        self.rules = rules or {}
        self.departures = list(departures)

    def _title(self) -> str:
        if self.rules or self.departures:
            return _("[b]Dismiss a finding or depart from our rule[/b]: pick one")
        return _("[b]Dismiss a finding[/b]: which one, and why it does not apply")

    def compose(self) -> ComposeResult:
        count = len(self.findings) + len(self.departures)
        with Vertical(id="dialog"):
            yield Static(self._title(), id="dialog-title")
            options = [Option(Content(f"{n}. [{f.severity}] {f.message}"), id=str(n - 1))
                       for n, f in enumerate(self.findings, start=1)]
            options += [Option(Content(f"{n}. [{_('our departure')}] {d.finding}"), id=str(n - 1))
                        for n, d in enumerate(self.departures, start=len(self.findings) + 1)]
            yield OptionList(*options, id="options")
            rule = Static(id="our-rule")
            rule.display = False
            yield rule
            yield Label(_("Why it does not apply"), id="reason-label")
            yield Input(id="reason")
            self.keys = "1-9" if count > 1 else "1"
            yield Static(self._keys(_("dismiss")), id="dialog-keys")

    def _keys(self, verb: str) -> str:
        return _("[b]{keys}[/b] pick · [b]tab[/b] to the reason · [b]ctrl+s[/b] {verb} · [b]esc[/b] "
                 "cancel").format(keys=self.keys, verb=verb)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = None  # an OptionList highlights its first option when built
        options.focus()

    def on_key(self, event: Key) -> None:
        options = self.query_one(OptionList)
        if not options.has_focus or not (event.character or "").isdigit() or event.character == "0":
            return
        index = int(event.character) - 1
        if index < len(self.findings) + len(self.departures):
            event.stop()
            options.highlighted = index

    def _kind(self, index: int | None) -> str:
        if index is None or index < len(self.findings):
            return "depart" if index in self.rules else "dismiss"
        return "withdraw"

    @on(OptionList.OptionHighlighted)
    def highlighted(self) -> None:
        # the list's own highlight, not the event's: the list highlights its first line when built, and that
        # event arrives after the mount cleared it (nothing is picked until the team picks)
        self._show(self.query_one(OptionList).highlighted)

    def _show(self, index: int | None) -> None:
        """The dialog says what ctrl+s will do with the highlighted line: a departure is a decision, not a
        dismissal, and it names the rule the team decided."""
        kind = self._kind(index)
        title, rule_line = self.query_one("#dialog-title", Static), self.query_one("#our-rule", Static)
        label, reason = self.query_one("#reason-label", Label), self.query_one("#reason", Input)
        keys = self.query_one("#dialog-keys", Static)
        rule_line.display = kind != "dismiss"
        label.display = reason.display = kind != "withdraw"
        if kind == "dismiss":
            title.update(self._title())
            label.update(_("Why it does not apply"))
            keys.update(self._keys(_("dismiss")))
        elif kind == "depart":
            rule = self.rules[index]
            title.update(_("[b]Depart from our rule[/b]: only as a decision, with your reason"))
            rule_line.update(Content.assemble(
                (_("We decided: {rule}").format(rule=rule.rule), "bold"), "\n",
                (_("{parameter} · {where}. The board shows it as your decision and the follow-up lists it.")
                 .format(parameter=_(rule.title), where=rule.where), "$text-muted")))
            label.update(_("Why we depart from it this time"))
            keys.update(self._keys(_("record the departure")))
        else:
            departure = self.departures[index - len(self.findings)]
            title.update(_("[b]Take back our departure[/b]: the rule holds again"))
            rule_line.update(Content.assemble(
                (_("We decided: {rule}").format(rule=departure.rule), "bold"), "\n",
                _("We departed because: {reason}").format(reason=departure.reason), "\n",
                (_("Taken back, the finding is open on the board again."), "$text-muted")))
            keys.update(_("[b]{keys}[/b] pick · [b]ctrl+s[/b] take it back · [b]esc[/b] cancel").format(
                keys=self.keys))

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if self._kind(event.option_index) != "withdraw":
            self.query_one("#reason").focus()

    def action_save(self) -> None:
        index = self.query_one(OptionList).highlighted
        reason = self.query_one("#reason", Input).value.strip()
        if index is None:
            self.notify(_("Pick the finding first: its number (1-{count}) or the arrows.").format(
                count=len(self.findings) + len(self.departures)),
                        severity="warning")
            self.query_one(OptionList).focus()
            return
        kind = self._kind(index)
        if kind == "withdraw":
            departure = self.departures[index - len(self.findings)]
            self.dismiss(SetAside("withdraw", departure.check_id, departure.target_id))
            return
        if not reason:
            self.notify(_("Say why you depart from your rule this time: the reason is kept with the decision.")
                        if kind == "depart" else
                        _("Say why the finding does not apply: the reason is kept in the record."), severity="warning")
            self.query_one("#reason").focus()
            return
        finding = self.findings[index]
        self.dismiss(SetAside(kind, finding.check_id, finding.target_id, reason))

    def action_cancel(self) -> None:
        self.dismiss(None)
