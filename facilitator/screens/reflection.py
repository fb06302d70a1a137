"""Reflect and reset: score last cycle's key results, say what was learned, and keep, modify or remove each."""

from __future__ import annotations

import copy

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from facilitator.core.checkins import STATUS_LABELS, suggested_score
from facilitator.core.errors import FacilitatorError
from facilitator.core.okr import KeyResult
from facilitator.core.session import Session
from facilitator.i18n import N_, _, local_decimal
from facilitator.render.plain import escape

# (label, value): the values are what the record and the exports keep; the labels are shown with _()
VERDICTS = [(N_("keep"), "keep"), (N_("modify"), "modify"), (N_("remove"), "remove"), (N_("not yet"), "")]


def _last_seen(entry) -> str:
    if entry is None:
        return ""
    bits = [_number(entry.value) if entry.value is not None else _("no value")]
    if entry.confidence is not None:
        bits.append(_("confidence {value}").format(value=_number(entry.confidence)))
    if entry.status:
        bits.append(_(STATUS_LABELS[entry.status]))
    return escape(" · " + _("last check-in: {seen}").format(seen=", ".join(bits)))


def _number(value: float) -> str:
    # as the room writes numbers: "0,7" in German
    return local_decimal(f"{value:g}")


class ReflectionScreen(ModalScreen[None]):
    BINDINGS = [Binding("ctrl+s", "save", N_("Save")), Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        self.pairs = session.previous_key_results()

    def compose(self) -> ComposeResult:
        scale = self.session.board.rules().scale
        with Vertical(id="dialog", classes="draft-dialog"):
            yield Static(_("[b]Score last cycle[/b] · scale {name} ({min:g}-{max:g})").format(
                name=scale.name, min=scale.min, max=scale.max),
                         id="dialog-title")
            with VerticalScroll(id="reflection-rows"):
                if not self.pairs:
                    yield Static(_("The earlier session has no key results to score. Record learnings in the next "
                                 "step, and revisit the decisions."))
                for objective, kr in self.pairs:
                    done = self.session.state.reflections.get(kr["id"], {})
                    last = self.session.last_check_in(kr["id"])
                    yield Label(_("[b]{text}[/b]  [dim]{title} · {value}{last_seen}[/dim]").format(
                        text=escape(kr['text']), title=escape(objective['title']),
                        value=escape(kr.get('owner') or _('no owner')), last_seen=_last_seen(last)))
                    with Horizontal(classes="reflection-row"):
                        score = done.get("score")
                        if score is None and "score" not in done:
                            # scoring starts from the cycle's last check-in; the room sets the final score
                            score = suggested_score(KeyResult.from_dict(kr), last, scale)
                        yield Input("" if score is None else _number(score), placeholder=_("score"),
                                    id=f"score-{kr['id']}", classes="score")
                        yield Input(done.get("learning", ""), placeholder=_("what we learned"),
                                    id=f"learning-{kr['id']}", classes="learning")
                        yield Select([(_(label), value) for label, value in VERDICTS], value=done.get("verdict", ""),
                                     allow_blank=False,
                                     id=f"verdict-{kr['id']}", classes="verdict")
            yield Static(_("[b]tab[/b] next field · [b]ctrl+s[/b] save all · [b]esc[/b] cancel"), id="dialog-keys")

    def on_mount(self) -> None:
        first = self.query("Input")
        if first:
            first.first().focus()

    def action_save(self) -> None:
        # All rows or none: a bad score in row 3 must not leave rows 1-2 saved behind a dialog that says so.
        before = copy.deepcopy(self.session.state.reflections)
        try:
            for _objective, kr in self.pairs:
                text = self.query_one(f"#score-{kr['id']}", Input).value.strip().replace(",", ".")
                try:
                    score = float(text) if text else None
                except ValueError:
                    raise ValueError(_("'{text}' is not a score (key result: {key_result})").format(
                        text=text, key_result=kr["text"])) from None
                self.session.reflect(kr["id"], score=score,
                                     learning=self.query_one(f"#learning-{kr['id']}", Input).value,
                                     verdict=str(self.query_one(f"#verdict-{kr['id']}", Select).value))
        except (ValueError, FacilitatorError) as exc:
            if self.session.state.reflections != before:
                self.session.state.reflections = before
                self.session.save_now()
            self.notify(str(exc), severity="warning")
            return
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
