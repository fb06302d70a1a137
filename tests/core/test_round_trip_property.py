"""Property: export -> import -> export gives the same document, for sessions of every built-in workshop and of
a workshop file, filled with generated text (any Unicode, control characters and terminal escapes included).

Hypothesis builds the sessions through the same verbs the screens call; what a verb refuses (an objective the
room's rules do not allow, a score off the scale) is simply not in that session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.core import catalog
from facilitator.core.export import export_document, to_yaml
from facilitator.core.importer import import_document
from facilitator.core.loader import parse_workshop
from facilitator.core.okr import KeyResult, Objective
from facilitator.core.records import SessionState
from facilitator.core.session import Session
from tests.conftest import FakeClock, MemoryStore

CUSTOM = """\
id: own-workshop
title: "Our own ✓ workshop"
version: "1.0"
description: "A team's own script"
steps:
  - id: opening
    title: Opening
    kind: intro
    timebox: 5
    prompt: Why now?
    notes: "coach only"
  - id: level
    title: Levels
    kind: decision
    parameter: level
    timebox: 10
    prompt: Pick
    options:
      - {id: teams, label: Teams, tradeoffs: fast, default: true}
      - {id: company, label: Company, tradeoffs: slow}
  - id: drafts
    title: Drafts
    kind: drafting
    timebox: 20
    prompt: Draft
  - id: wrap-up
    title: Wrap-up
    kind: wrap-up
    timebox: 5
    prompt: Done
"""
WORKSHOPS = [entry.ref for entry in catalog.list_builtin()] + ["custom"]

# Any text a file or a person may hold: every plane but surrogates (which no UTF-8 file can carry), with the
# control characters and escapes a hostile file would use drawn often.
TEXT = st.lists(st.one_of(st.characters(blacklist_categories=("Cs",)),
                          st.sampled_from(["\x1b", "\x07", "\x9b", "\r", "\n", "\t", "\x00", "\x85", "\u2028",
                                           "\ufeff", "[/]", "'", '"', ": ", "#", "- ", " "])),
                max_size=12).map("".join)
WORDS = TEXT.filter(lambda t: t.strip() != "")


class Wall:
    def __init__(self):
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=7)
        return self.now


def start(ref: str, draw) -> Session:
    if ref == "custom":
        workshop, source, stored_ref = parse_workshop(CUSTOM, "own.yaml"), CUSTOM, "/somewhere/own.yaml"
    else:
        (workshop, stored_ref), source = catalog.resolve(ref), ""
    return Session.start(workshop, MemoryStore(), workshop_ref=stored_ref, workshop_source=source,
                         organization=draw(TEXT), team=draw(TEXT), facilitator=draw(TEXT),
                         clock=FakeClock(), wall_clock=Wall())


def fill(session: Session, draw) -> None:
    for _ in range(draw(st.integers(0, 3))):
        session.add_action(draw(WORDS), owner=draw(TEXT), due=draw(st.sampled_from(["", "2026-12-10"])))
    for _ in range(draw(st.integers(0, 2))):
        session.park(draw(WORDS))
    for step in session.workshop.steps:
        if draw(st.booleans()):
            continue
        session.go_to(step.id)
        if draw(st.booleans()):
            session.set_coach_note(step.id, draw(WORDS))
        if step.parameter:
            option = draw(st.sampled_from([None, *step.options]))
            try:
                session.record_decision(step.parameter, choice=option.id if option else None, decision=draw(WORDS),
                                        rationale=draw(TEXT), owner=draw(TEXT),
                                        rationale_private=draw(st.booleans()))
            except ValueError:
                pass  # the room's numbers of this pick do not fit: not in this session
        elif step.kind in ("intro", "discussion") and draw(st.booleans()):
            session.record_step_text(step.id, draw(WORDS))
    if any(s.kind == "reflection" for s in session.workshop.steps):
        objectives = [Objective(f"o{i}", draw(WORDS), key_results=[KeyResult(f"kr{i}{j}", draw(WORDS))
                                                                     for j in range(draw(st.integers(1, 2)))])
                      for i in range(draw(st.integers(1, 2)))]
        session.state.previous_session = "20260101-abcdef"
        session.state.previous = {"decisions": {}, "objectives": [o.to_dict() for o in objectives],
                                  "started_at": "2026-01-01T09:00:00Z"}
        for objective in objectives:
            for kr in objective.key_results:
                if draw(st.booleans()):
                    verdict = draw(st.sampled_from(["", "keep", "modify", "remove"]))
                    session.reflect(kr.id, score=draw(st.sampled_from([None, 0.0, 0.5, 1.0])), learning=draw(TEXT),
                                    verdict=verdict)
    if any(s.kind == "drafting" for s in session.workshop.steps):
        for i in range(draw(st.integers(0, 2))):
            try:
                session.board.save_objective(Objective(f"d{i}", draw(WORDS), why_now=draw(TEXT)))
                session.board.save_key_result(f"d{i}", KeyResult(f"dk{i}", draw(WORDS), owner=draw(TEXT)))
            except ValueError:
                pass  # the rules in force refuse it: not in this session


def workshop_of(state: dict):
    if state["workshop_source"]:
        return parse_workshop(state["workshop_source"], "kept")
    return catalog.resolve(state["workshop_ref"])[0]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), ref=st.sampled_from(WORKSHOPS), include_private=st.booleans())
def test_export_import_export_is_exact(data, ref, include_private):
    session = start(ref, data.draw)
    fill(session, data.draw)
    include_private = include_private or ref == "custom"  # a workshop file's session travels with its script
    first = export_document(session, include_private=include_private)
    text = to_yaml(first)
    state = import_document(text, existing_ids=set())
    again = export_document(Session(workshop_of(state), SessionState.from_dict(state), MemoryStore()),
                            include_private=include_private)
    assert again == first
    assert to_yaml(again) == text
