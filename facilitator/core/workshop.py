"""The workshop model: what a loaded, validated workshop script looks like."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from facilitator.core.parameters import BY_ID
from facilitator.i18n import N_

STEP_KINDS: tuple[str, ...] = ("intro", "discussion", "decision", "break", "drafting", "review", "wrap-up",
                               "reflection", "check-in")
# what each kind of step is called where a step is headed: the coach's screen, the room screen, the phones
STEP_KIND_LABELS: dict[str, str] = {
    "intro": N_("Opening"), "discussion": N_("Discussion"), "decision": N_("Decision"), "break": N_("Break"),
    "drafting": N_("Drafting"), "review": N_("Review"), "wrap-up": N_("Wrap-up"), "reflection": N_("Reflection"),
    "check-in": N_("Check-in")}


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    tradeoffs: str
    default: bool = False
    # the option's label and tradeoffs as a team without a coach reads them (`self_guided:` in the file)
    self_guided: tuple[tuple[str, str], ...] = ()

    def for_team(self) -> Option:
        """The option as a self-guided team reads it: its `self_guided:` texts in place of the coach's."""
        return replace(self, **dict(self.self_guided)) if self.self_guided else self


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    kind: str
    timebox: float  # minutes
    prompt: str
    notes: str = ""
    questions: tuple[str, ...] = ()
    parameter: str | None = None
    options: tuple[Option, ...] = ()
    example: str = ""
    share_url: str | None = None
    # a scoring step (reflection) gets this many extra minutes per key result it scores
    timebox_per_key_result: float = 0.0
    show_rules: bool = False  # the step shows the rules this session works under (decisions, where from)
    dots: int | None = None  # dots per person when the room dot-votes from their phones; None: the workshop's
    # the step's texts as a team running it without a coach reads them (`self_guided:` in the file), by field
    self_guided: tuple[tuple[str, object], ...] = ()

    def for_team(self) -> Step:
        """The step as a self-guided team reads it: its `self_guided:` texts, and its options', in place of the
        coach's."""
        if not self.has_team_wording:
            return self
        return replace(self, **dict(self.self_guided), options=tuple(o.for_team() for o in self.options))

    @property
    def has_team_wording(self) -> bool:
        return bool(self.self_guided) or any(o.self_guided for o in self.options)

    @property
    def planned_seconds(self) -> int:
        return round(self.timebox * 60)

    @property
    def default_option(self) -> Option | None:
        return next((o for o in self.options if o.default), None)

    def option(self, option_id: str | None) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Workshop:
    id: str
    title: str
    version: str
    description: str
    steps: tuple[Step, ...]
    share_url: str | None = None
    auto_start: bool = False  # each step's timer starts when the coach moves to it
    source: str = field(default="", compare=False)
    dots: int = 3  # dots per person in a dot vote from phones, unless a step says otherwise
    # the language the script is written in ('de', 'en', 'de-CH'); '' when the file does not say
    language: str = ""
    # the workshop's description as a team without a coach reads it (`self_guided:` at the top of the file)
    self_guided: tuple[tuple[str, str], ...] = ()

    @property
    def planned_seconds(self) -> int:
        return sum(s.planned_seconds for s in self.steps)

    def for_team(self) -> Workshop:
        """The workshop as a team without a coach runs it: its own and every step's self-guided wording (see
        Step)."""
        if not self.self_guided and not any(s.has_team_wording for s in self.steps):
            return self
        return replace(self, **dict(self.self_guided), steps=tuple(s.for_team() for s in self.steps))

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def index_of(self, step_id: str) -> int:
        for i, s in enumerate(self.steps):
            if s.id == step_id:
                return i
        raise KeyError(step_id)

    @property
    def decision_steps(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.parameter)


def step_kind_label(step: Step, translate: Callable[[str], str] = str) -> str:
    """What a step is, as its heading says it: "Decision: Cycle length". In English for phones and exports; the
    coach's screen passes `_` to have it in the interface's language."""
    kind = translate(STEP_KIND_LABELS[step.kind]) if step.kind in STEP_KIND_LABELS else step.kind.title()
    return f"{kind}: {translate(BY_ID[step.parameter].title)}" if step.parameter else kind
