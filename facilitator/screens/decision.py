"""Recording a parameter decision: options numbered 1-9, then decision text, rationale, owner and the room's
own numbers (one field per value the decision sets, prefilled from the picked option)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from facilitator.core import decision_values
from facilitator.core.follow_up_verbs import iso_date
from facilitator.core.parameters import BY_ID
from facilitator.core.records import Decision
from facilitator.core.workshop import Step
from facilitator.i18n import N_, _
from facilitator.render.plain import escape


@dataclass(frozen=True)
class DecisionResult:
    choice: str | None
    decision: str
    rationale: str
    owner: str
    status: str  # decided | parked
    by_when: str = ""  # parked: the date the owner settles it by
    rationale_private: bool = False  # the rationale stays with the coach
    values: dict[str, Any] | None = field(default=None)  # the room's numbers, checked by core/decision_values


class DecisionScreen(ModalScreen[DecisionResult | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save")),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, step: Step, decision: Decision | None, previous: dict | None = None, *,
                 usual_start: bool = True):
        super().__init__()
        self.step = step
        # hidden (presenter mode): no label, and the cursor does not start on it either, so nothing anchors
        self.usual_start = usual_start
        self.previous = previous
        if previous and (decision is None or decision.status == "open"):
            # Revisiting last cycle's decision starts from it: keeping it is a reason and ctrl+s away.
            decision = Decision(step.parameter or "", step.id, status="open", choice=previous.get("choice"),
                                decision=previous.get("decision", ""), owner=previous.get("owner", ""),
                                values=previous.get("values"))
        self.existing = decision
        self.fields = decision_values.fields_for(step.parameter)

    def compose(self) -> ComposeResult:
        step, existing = self.step, self.existing
        with Vertical(id="dialog"):
            heading = _("[b]Revisit: {title}[/b]") if self.previous else _("[b]Decide: {title}[/b]")
            yield Static(heading.format(title=_(BY_ID[step.parameter].title)) if step.parameter else
                         Content(step.title),
                         id="dialog-title")
            usual = "  " + _("(usual start)")
            options = [Option(Content(f"{n}. {o.label}" + (usual if o.default and self.usual_start else "")), id=o.id)
                       for n, o in enumerate(step.options, start=1)]
            yield OptionList(*options, id="options")
            yield Static(id="tradeoffs")
            yield Label(_("Decision"))
            yield Input(existing.decision if existing else "", placeholder=_("What the room decided, in its words"),
                        id="decision-text")
            yield Label(_("Rationale"))
            yield TextArea(existing.rationale if existing else "", id="rationale", soft_wrap=True,
                           show_line_numbers=False, tab_behavior="focus")
            yield Label(_("Owner"))
            yield Input(existing.owner if existing else "", placeholder=_("Who owns this decision"), id="owner")
            if self.fields:
                yield Label(_("The room's numbers (the checks and prompts follow them)"), id="values-title")
                shown = decision_values.show_all(step.parameter, self._starting_values())
                self._filled = dict(shown)  # what the fields were filled with, to tell the room's own edits
                for f in self.fields:
                    with Horizontal(classes="value-row"):
                        yield Label(f.title, classes="value-label")
                        yield Input(shown[f.key], placeholder=_("e.g. {example}").format(
                            example=decision_values.sample(f)) if f.required else
                                    _("optional, e.g. {example}").format(
                                        example=decision_values.sample(f)), id=f"value-{f.key}", classes="value")
            yield Checkbox(_("Park it: decide later"), existing is not None and existing.status == "parked",
                           id="parked")
            yield Label(_("By when (if parked)"))
            yield Input(existing.by_when if existing else "", placeholder=_("YYYY-MM-DD"), id="by-when")
            yield Checkbox(_("Rationale is coach only (never exported or shared)"),
                           existing is not None and existing.rationale_private, id="rationale-private")
            yield Static(_("[b]1-9[/b] pick · [b]tab[/b] next field · [b]ctrl+s[/b] save · [b]esc[/b] cancel"),
                         id="dialog-keys")

    def _starting_values(self) -> dict[str, Any]:
        existing = self.existing
        if existing and existing.values:
            return existing.values
        if existing and existing.choice:
            return decision_values.option_values(self.step.parameter, existing.choice)
        default = self.step.default_option
        return decision_values.option_values(self.step.parameter, default.id if default else None)

    def _value_texts(self) -> dict[str, str]:
        return {f.key: self.query_one(f"#value-{f.key}", Input).value for f in self.fields}

    def on_mount(self) -> None:
        options = self.query_one("#options", OptionList)
        chosen = self.existing.choice if self.existing else None
        index = next((i for i, o in enumerate(self.step.options) if o.id == chosen), None)
        if index is None:
            index = next((i for i, o in enumerate(self.step.options) if o.default and self.usual_start), 0)
        options.highlighted = index
        self.chosen: str | None = chosen
        options.focus()
        self._show_tradeoffs(index)

    def _show_tradeoffs(self, index: int | None) -> None:
        if index is None or index >= len(self.step.options):
            return
        option = self.step.options[index]
        mark = "✓ " + _("chosen") + " · " if option.id == self.chosen else ""
        self.query_one("#tradeoffs", Static).update(f"[dim]{mark}[/dim]{escape(option.tradeoffs)}")

    @on(OptionList.OptionHighlighted, "#options")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_tradeoffs(event.option_index)

    @on(OptionList.OptionSelected, "#options")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.pick(event.option_index)
        self.query_one("#decision-text", Input).focus()  # enter or a click: chosen, on to the wording

    def on_key(self, event: Key) -> None:
        if not self.query_one("#options", OptionList).has_focus:
            return
        if event.character and event.character.isdigit() and event.character != "0":
            index = int(event.character) - 1
            if index < len(self.step.options):
                event.stop()
                self.pick(index)

    def pick(self, index: int) -> None:
        option = self.step.options[index]
        previous = self.step.option(self.chosen)
        self.chosen = option.id
        options = self.query_one("#options", OptionList)
        options.highlighted = index
        text = self.query_one("#decision-text", Input)
        # Follow the pick unless the room already put the decision in its own words.
        if not text.value.strip() or (previous and text.value == previous.label):
            text.value = option.label
        # The numbers follow the pick the same way: a field the room already changed keeps the room's value.
        after = decision_values.show_all(self.step.parameter,
                                         decision_values.option_values(self.step.parameter, option.id))
        for f in self.fields:
            box = self.query_one(f"#value-{f.key}", Input)
            if box.value.strip() == self._filled[f.key].strip() or not box.value.strip():
                box.value = self._filled[f.key] = after[f.key]
        self._show_tradeoffs(index)
        # Focus stays on the options, as the dialog's hint says: tab moves on to the decision text. (Jumping
        # there put every later field one tab off, and a name typed into "Park it" parked the decision.)

    def action_save(self) -> None:
        decision = self.query_one("#decision-text", Input).value.strip()
        parked = self.query_one("#parked", Checkbox).value
        if not parked and not self.chosen and not decision:
            self.notify(_("Pick an option (1-9) or write the decision, or tick 'Park it'."), severity="warning")
            return
        owner = self.query_one("#owner", Input).value
        by_when = self.query_one("#by-when", Input).value.strip() if parked else ""
        if parked and not (owner.strip() and by_when):
            # a parked decision with nobody to settle it by a date is a decision nobody will take
            missing = "#owner" if not owner.strip() else "#by-when"
            self.notify(_("A parked decision needs an owner and a by-when date: who settles it, and by when."),
                        severity="warning")
            self.query_one(missing).focus()
            return
        try:
            iso_date(by_when, "by-when date")
        except ValueError as exc:
            self.notify(f"{exc}.", severity="warning")
            self.query_one("#by-when").focus()
            return
        values = None
        if self.fields and not parked:
            try:
                values = decision_values.parse(self.step.parameter, self._value_texts())
            except ValueError as exc:
                self.notify(str(exc), title=_("Check the room's numbers"), severity="warning", timeout=10,
                            markup=False)
                self._focus_field(str(exc))
                return
        self.dismiss(DecisionResult(
            choice=self.chosen, decision=decision, rationale=self.query_one("#rationale", TextArea).text,
            owner=owner, status="parked" if parked else "decided", by_when=by_when,
            rationale_private=self.query_one("#rationale-private", Checkbox).value, values=values,
        ))

    def _focus_field(self, message: str) -> None:
        for f in self.fields:
            if message.startswith(f.title):
                self.query_one(f"#value-{f.key}", Input).focus()
                return

    def action_cancel(self) -> None:
        self.dismiss(None)
