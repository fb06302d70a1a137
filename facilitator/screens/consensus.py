"""A consensus check on a decision step: fist-of-five, or dot voting over the step's options."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static

from facilitator.core.consensus import (
    FIST_SCORES,
    describe,
    dot_voting,
    fist_of_five,
    keep_objections_private,
    open_objections,
    settle,
)
from facilitator.core.records import Decision
from facilitator.core.workshop import Step
from facilitator.i18n import N_, _, ngettext
from facilitator.render.plain import escape


def _count(text: str) -> int:
    text = text.strip()
    return int(text) if text.isdigit() else 0


class ConsensusScreen(ModalScreen[dict[str, Any] | None]):
    BINDINGS = [Binding("ctrl+s", "save", N_("Save")), Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, step: Step, existing: dict[str, Any] | None, decision: Decision | None = None):
        super().__init__()
        self.step = step
        self.existing = existing or {}
        self.decision = decision
        # a fist-of-five's open objections stay on the table when the room switches to a dot vote
        self.carried = open_objections(existing) if self.existing.get("method") == "fist-of-five" else ""

    def compose(self) -> ComposeResult:
        method = self.existing.get("method", "fist-of-five")
        with Vertical(id="dialog"):
            yield Static(_("[b]Consensus check[/b] · {title}").format(title=escape(self.step.title)), id="dialog-title")
            yield Select([(_("Fist of five: how many showed 0-5 fingers"), "fist-of-five"),
                          (_("Dot voting over the options"), "dot-voting")], value=method, allow_blank=False,
                         id="method")
            with Vertical(id="fist"):
                yield Label(_("People per score (0 = block, 5 = fully behind it)"))
                counts = self.existing.get("counts", {})
                with Grid(id="fist-grid"):
                    for score in FIST_SCORES:
                        yield Label(ngettext("{score} finger", "{score} fingers", score).format(score=score),
                                    classes="score")
                    for score in FIST_SCORES:
                        yield Input(str(counts.get(str(score), "")), placeholder="0", id=f"fist-{score}",
                                    restrict=r"\d*")
            with Vertical(id="dots"):
                votes = self.existing.get("votes", {})
                for n, option in enumerate(self.step.options, start=1):
                    yield Label(Content(f"{n}. {option.label}"))
                    yield Input(str(votes.get(option.id, "")), placeholder=_("dots"), id=f"dots-{option.id}",
                                restrict=r"\d*")
                yield Checkbox(_("The room confirms the decision as written, even if the vote led elsewhere"),
                               bool(self.existing.get("confirmed")), id="confirmed")
            with Vertical(id="objections-box"):
                yield Label(_("Objections (anyone at 2 or less: what would bring you to 3?)"))
                yield Input(self.existing.get("objections", ""), id="objections")
                yield Checkbox(_("Objections heard and addressed"), bool(self.existing.get("addressed") or (
                    self.existing.get("method") == "fist-of-five" and self.existing.get("agreed"))), id="addressed")
                yield Checkbox(_("Objections are coach only (never exported or shared)"),
                               bool(self.existing.get("objections_private")), id="objections-private")
            yield Static(id="consensus-result")
            yield Static(_("[b]tab[/b] next field · [b]ctrl+s[/b] save · [b]esc[/b] cancel"), id="dialog-keys")

    def on_mount(self) -> None:
        self._show_method()
        self.query_one("#method").focus()

    def on_select_changed(self) -> None:
        self._show_method()

    def on_input_changed(self) -> None:
        self._preview()

    def on_checkbox_changed(self) -> None:
        self._preview()

    def _show_method(self) -> None:
        fist = self.query_one("#method", Select).value == "fist-of-five"
        self.query_one("#fist").display = fist
        self.query_one("#dots").display = not fist
        objections = self.query_one("#objections", Input)
        if not fist and self.carried and not objections.value.strip():
            objections.value = self.carried
        self.query_one("#objections-box").display = fist or bool(objections.value.strip())
        self._preview()

    def result(self) -> dict[str, Any]:
        if self.query_one("#method", Select).value == "fist-of-five":
            counts = {s: _count(self.query_one(f"#fist-{s}", Input).value) for s in FIST_SCORES}
            return fist_of_five(counts, objections=self.query_one("#objections", Input).value,
                                addressed=self.query_one("#addressed", Checkbox).value,
                                objections_private=self.query_one("#objections-private", Checkbox).value)
        votes = {o.id: _count(self.query_one(f"#dots-{o.id}", Input).value) for o in self.step.options}
        result = dot_voting(votes, [o.id for o in self.step.options],
                            objections=self.query_one("#objections", Input).value,
                            addressed=self.query_one("#addressed", Checkbox).value,
                            confirmed=self.query_one("#confirmed", Checkbox).value)
        result = keep_objections_private(result, self.query_one("#objections-private", Checkbox).value)
        decision = self.decision
        return settle(result, decision.status, decision.choice) if decision else result

    def _preview(self) -> None:
        try:
            text = describe(self.result(), {o.id: o.label for o in self.step.options})
        except ValueError as exc:
            text = str(exc)
        self.query_one("#consensus-result", Static).update(Content.styled(text, "bold"))

    def action_save(self) -> None:
        try:
            self.dismiss(self.result())
        except ValueError as exc:
            self.notify(str(exc), severity="warning")

    def action_cancel(self) -> None:
        self.dismiss(None)
