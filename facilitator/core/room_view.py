"""What the room may see of a session, built from an allow-list.

The coach's console, the room screen and the phones all read what is public through this one module, so they
cannot drift apart on what is private. Nothing is copied because it exists: every field of a `RoomView` is
chosen here. Facilitator notes, the coach's findings and dismissals, the "usual starting choice" marker, file
paths (the workshop's, the database's), the facilitator's name and the timing log never reach a room view.

What the room sees is the coach's choice (`ROOM_VIEWS`), recorded in the session (`state.room`), so a room
screen in another process follows it. The clock is computed from what the coach's instance recorded when it
last saved (`state.clock`: the elapsed seconds at a wall-clock moment), so two screens never drift apart.

New sections (for instance what phones collect) register a builder with `@room_section("name")`; their
result is in `RoomView.sections["name"]`, and a room screen shows the sections it knows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from facilitator.core.consensus import describe, shared_consensus
from facilitator.core.parameters import BY_ID, PARAMETER_IDS
from facilitator.core.records import Decision, SessionState, StepTiming, step_timebox
from facilitator.core.visible import visible
from facilitator.core.workshop import Step, Workshop, step_kind_label
from facilitator.i18n import N_, _


@dataclass(frozen=True)
class RoomViewKind:
    id: str
    label: str  # how the coach's screen says what the room sees: "Room sees the step"
    key: str  # the number that picks it in the coach's chooser


ROOM_VIEWS: tuple[RoomViewKind, ...] = (
    RoomViewKind("step", N_("the step"), "1"),
    RoomViewKind("board", N_("the draft board"), "2"),
    RoomViewKind("summary", N_("the summary"), "3"),
    RoomViewKind("parking", N_("the parking lot"), "4"),
    RoomViewKind("qr", N_("the QR code"), "5"),
    RoomViewKind("break", N_("a break card"), "6"),
)
ROOM_VIEW_IDS: tuple[str, ...] = tuple(v.id for v in ROOM_VIEWS)
BY_VIEW: dict[str, RoomViewKind] = {v.id: v for v in ROOM_VIEWS}
DEFAULT_VIEW = "step"
DEFAULT_BREAK_MINUTES = 10
MAX_BREAK_MINUTES = 120


def clean(text: str | None) -> str:
    """Text from workshop files, imports and people as the room sees it: control characters as pictures."""
    return visible(text or "")


def shown_view(state: SessionState) -> str:
    view = (state.room or {}).get("view")
    return view if view in BY_VIEW else DEFAULT_VIEW


def next_view(view: str) -> str:
    index = ROOM_VIEW_IDS.index(view) if view in BY_VIEW else -1
    return ROOM_VIEW_IDS[(index + 1) % len(ROOM_VIEW_IDS)]


def default_break_minutes(step: Step, timing: StepTiming) -> int:
    """A break step proposes what is left of its timebox; any other step the usual ten minutes."""
    if step.kind != "break":
        return DEFAULT_BREAK_MINUTES
    left = step_timebox(step, timing) - timing.actual_seconds
    return min(MAX_BREAK_MINUTES, max(1, math.ceil(left / 60)))


# -- the parts of a room view ------------------------------------------------------------------------------
@dataclass(frozen=True)
class RoomClock:
    """The step's clock as the coach's instance recorded it; `remaining(now)` runs it on from there."""

    planned: float
    elapsed: float  # seconds spent on the step at wall-clock moment `at`
    at: float  # epoch seconds
    running: bool

    def elapsed_at(self, now: float) -> float:
        return self.elapsed + max(0.0, now - self.at) if self.running else self.elapsed

    def remaining(self, now: float) -> float:
        return self.planned - self.elapsed_at(now)


@dataclass(frozen=True)
class RoomOption:
    number: int
    label: str
    tradeoffs: str


@dataclass(frozen=True)
class RoomDecision:
    status: str  # decided | parked | open
    choice: str  # the option's label, when one was picked
    decision: str
    rationale: str
    owner: str
    consensus: str  # one line, once the check is recorded


@dataclass(frozen=True)
class RoomStep:
    number: int  # 1-based position in the agenda
    total: int
    kind: str  # "Decision: Cycle length", "Entscheidung: Zykluslänge" on a German room screen
    title: str
    prompt: str
    questions: tuple[str, ...]
    options: tuple[RoomOption, ...]
    decision: RoomDecision | None


@dataclass(frozen=True)
class AgendaItem:
    title: str
    status: str  # done | current | next | pending
    minutes: int  # planned, with what the room added


@dataclass(frozen=True)
class RoomKeyResult:
    text: str
    span: str  # "30 → 45 %"
    owner: str


@dataclass(frozen=True)
class RoomObjective:
    title: str
    level: str
    team: str
    key_results: tuple[RoomKeyResult, ...]


@dataclass(frozen=True)
class SummaryRow:
    parameter: str
    status: str  # decided | parked | open | not agreed
    decision: str
    owner: str


@dataclass(frozen=True)
class RoomAction:
    text: str
    owner: str
    due: str


@dataclass(frozen=True)
class RoomParkingItem:
    text: str
    status: str  # open | resolved | action | carried


@dataclass(frozen=True)
class RoomBreak:
    minutes: int
    until: float  # epoch seconds: back at

    def remaining(self, now: float) -> float:
        return self.until - now


@dataclass(frozen=True)
class RoomQR:
    data: str
    caption: str


@dataclass(frozen=True)
class RoomView:
    showing: str  # one of ROOM_VIEW_IDS
    title: str  # the workshop
    # Words the view itself chooses (a kind of step, a caption, a summary line) are in the language spoken where
    # it is built: the room screen's own process builds it, so it speaks the room's --lang.
    who: str  # "Acme · Leadership"
    step: RoomStep
    clock: RoomClock
    agenda: tuple[AgendaItem, ...]
    complete: bool  # every step done: the workshop is over
    board: tuple[RoomObjective, ...] = ()
    summary: tuple[SummaryRow, ...] = ()
    actions: tuple[RoomAction, ...] = ()
    parking: tuple[RoomParkingItem, ...] = ()
    qr: RoomQR | None = None
    break_card: RoomBreak | None = None
    sections: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RoomSource:
    """What a room view is built from: the session as saved, and the moment it is looked at."""

    workshop: Workshop
    state: SessionState
    now: float  # epoch seconds
    coach_live: bool = True  # False: the coach's instance is closed, so a recorded running clock is stale


class RoomFeed(Protocol):
    """How a room screen follows a session it does not run (the workspace tier provides one)."""

    @property
    def waiting(self) -> str:
        """What to tell the room while the coach's session cannot be followed; empty while it can."""
        ...

    def poll(self) -> bool:
        """Look again; True when what the room sees may have changed."""
        ...

    def view(self) -> RoomView | None: ...

    def now(self) -> float:
        """Epoch seconds, for running the clock on between polls."""
        ...


SectionBuilder = Callable[[RoomSource], Any]
_SECTIONS: dict[str, SectionBuilder] = {}


def room_section(name: str):
    """Register a builder for one more section of the room view; it returns None when there is nothing to show."""

    def register(builder: SectionBuilder) -> SectionBuilder:
        _SECTIONS[name] = builder
        return builder

    return register


# -- building ----------------------------------------------------------------------------------------------
def build(source: RoomSource) -> RoomView:
    workshop, state = source.workshop, source.state
    step = workshop.step(state.current_step) or workshop.steps[0]
    showing = shown_view(state)
    view = RoomView(
        showing=showing, title=clean(workshop.title),
        who=" · ".join(clean(x) for x in (state.organization, state.team) if x),
        step=room_step(workshop, state, step), clock=room_clock(source, step), agenda=agenda(workshop, state),
        complete=bool(state.steps) and all(state.steps.get(s.id, StepTiming()).done for s in workshop.steps),
        sections={name: value for name, builder in _SECTIONS.items() if (value := builder(source)) is not None},
    )
    # Only what is shown is built: a phone or a room screen never holds a part the coach has not put up.
    if showing == "board":
        view = _replace(view, board=room_board(state))
    elif showing == "summary":
        view = _replace(view, summary=summary_rows(workshop, state), actions=room_actions(state),
                        parking=room_parking(state))
    elif showing == "parking":
        view = _replace(view, parking=room_parking(state))
    elif showing == "qr":
        data, caption = share_target(workshop, step, state)
        view = _replace(view, qr=RoomQR(data, caption))
    elif showing == "break":
        view = _replace(view, break_card=room_break(source, step))
    return view


def _replace(view: RoomView, **changes: Any) -> RoomView:
    from dataclasses import replace

    return replace(view, **changes)


def room_step(workshop: Workshop, state: SessionState, step: Step) -> RoomStep:
    kind = step_kind_label(step, _)  # the room screen's language: its own process builds the view
    options = tuple(RoomOption(n, clean(o.label), clean(o.tradeoffs)) for n, o in enumerate(step.options, start=1))
    decision = state.decisions.get(step.parameter) if step.parameter else None
    return RoomStep(number=workshop.index_of(step.id) + 1, total=len(workshop.steps), kind=kind,
                    title=clean(step.title), prompt=clean(step.prompt),
                    questions=tuple(clean(q) for q in step.questions), options=options,
                    decision=room_decision(step, decision) if decision else None)


def room_decision(step: Step, decision: Decision) -> RoomDecision:
    option = step.option(decision.choice)
    labels = {o.id: o.label for o in step.options}
    # what the coach marked coach only (a rationale, objections) never reaches the room
    rationale = "" if decision.rationale_private else decision.rationale
    return RoomDecision(status=decision.status, choice=clean(option.label) if option else "",
                        decision=clean(decision.decision), rationale=clean(rationale), owner=clean(decision.owner),
                        consensus=clean(describe(shared_consensus(decision.consensus), labels)))


def room_clock(source: RoomSource, step: Step) -> RoomClock:
    state = source.state
    timing = state.steps.get(step.id, StepTiming())
    planned = step_timebox(step, timing, state)
    record = state.clock or {}
    if record.get("step") == step.id and isinstance(record.get("at"), int | float):
        running = bool(record.get("running")) and source.coach_live
        return RoomClock(planned, float(record.get("elapsed") or 0.0), float(record["at"]), running)
    # a session saved before the clock was recorded for rooms: what was banked, paused
    return RoomClock(planned, timing.actual_seconds, source.now, False)


def agenda(workshop: Workshop, state: SessionState) -> tuple[AgendaItem, ...]:
    current = workshop.index_of(state.current_step) if workshop.step(state.current_step) else 0
    items = []
    for i, step in enumerate(workshop.steps):
        timing = state.steps.get(step.id, StepTiming())
        status = "current" if i == current else "done" if timing.done else "next" if i == current + 1 else "pending"
        items.append(AgendaItem(clean(step.title), status, round(step_timebox(step, timing, state) / 60)))
    return tuple(items)


def room_board(state: SessionState) -> tuple[RoomObjective, ...]:
    from facilitator.core.okr import Objective

    objectives = []
    for data in state.objectives:
        try:
            o = Objective.from_dict(data)
        except (TypeError, ValueError):
            continue
        krs = tuple(RoomKeyResult(clean(kr.text), _span(kr), clean(kr.owner)) for kr in o.key_results)
        objectives.append(RoomObjective(clean(o.title), o.level, clean(o.team), krs))
    return tuple(objectives)


def _span(kr) -> str:
    if kr.start is None and kr.target is None:
        return ""
    start = "" if kr.start is None else f"{kr.start:g}"
    target = "" if kr.target is None else f"{kr.target:g}"
    return f"{start} → {target} {clean(kr.unit)}".strip()


def summary_rows(workshop: Workshop, state: SessionState) -> tuple[SummaryRow, ...]:
    decided_here = {s.parameter for s in workshop.decision_steps}
    rows = []
    for parameter in PARAMETER_IDS:
        if parameter not in decided_here:
            continue
        d = state.decisions.get(parameter)
        status = d.status if d else "open"
        if d and d.status == "decided" and (d.consensus or {}).get("agreed") is False:
            status = "not agreed"
        rows.append(SummaryRow(_(BY_ID[parameter].title), status, clean(d.decision) if d else "",
                               clean(d.owner) if d else ""))
    return tuple(rows)


def room_actions(state: SessionState) -> tuple[RoomAction, ...]:
    return tuple(RoomAction(clean(a.text), clean(a.owner), a.due) for a in state.actions)


def room_parking(state: SessionState) -> tuple[RoomParkingItem, ...]:
    return tuple(RoomParkingItem(clean(p.text), p.resolution or "open") for p in state.parking_lot)


def room_break(source: RoomSource, step: Step) -> RoomBreak:
    record = source.state.room or {}
    minutes = record.get("break_minutes")
    until = record.get("break_until")
    if not isinstance(minutes, int) or not isinstance(until, int | float):
        minutes = default_break_minutes(step, source.state.steps.get(step.id, StepTiming()))
        until = source.now + minutes * 60
    return RoomBreak(minutes, float(until))


def share_target(workshop: Workshop, step: Step, state: SessionState) -> tuple[str, str]:
    """What the QR code carries now, and how to say it: the step's link, the session's, the workshop's,
    else the decisions as plain text."""
    for url, what in ((step.share_url, N_("this step's link")), (state.share_url, N_("the session link")),
                      (workshop.share_url, N_("the workshop link"))):
        if url:
            return url, f"{_(what)} ({clean(url)})"
    from facilitator.core.qr import decisions_text

    return decisions_text(workshop.title, state.team, state.decisions), _("the decisions so far")


# Sections other modules add; imported last, once everything they build on is defined.
from facilitator.core import (  # noqa: E402
    room_checkins,  # noqa: F401  (a check-in: each key result's trend)
    room_phones,  # noqa: F401  (the room's phones: join link, counts, reveal)
)
