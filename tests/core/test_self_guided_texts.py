"""Self-guided wording: a workshop's texts written for a coach read as the team's own when a team runs it alone."""

from __future__ import annotations

import pytest

from facilitator.core import catalog
from facilitator.core.loader import parse_workshop
from facilitator.core.session import Session
from tests.conftest import MemoryStore

COACH_WORDS = ("coach's sign-off", "you guide and challenge", "the coach's challenge", "Your role:")
ALONE = ("okr-drafting", "check-in", "reflect-and-reset", "self-guided-setup")


@pytest.mark.parametrize("ref", ALONE)
def test_every_built_in_workshop_a_team_runs_alone_speaks_to_the_team(ref):
    workshop, _ = catalog.resolve(ref)
    session = Session.start(workshop, MemoryStore(), workshop_ref=ref, self_guided=True)
    for step in session.workshop.steps:
        text = " ".join((step.prompt, step.notes, step.example, *step.questions))
        assert not [w for w in COACH_WORDS if w in text], f"{ref}/{step.id} still speaks to a coach"


def test_a_coached_session_keeps_the_coach_s_wording():
    workshop, ref = catalog.resolve("okr-drafting")
    coached = Session.start(workshop, MemoryStore(), workshop_ref=ref)
    assert "you guide and challenge" in coached.workshop.step("opening").notes
    alone = Session.start(workshop, MemoryStore(), workshop_ref=ref, self_guided=True)
    assert "Without a coach, pick two roles" in alone.workshop.step("opening").notes
    assert alone.workshop.step("opening").prompt == coached.workshop.step("opening").prompt, "only what it names"


def test_a_workshop_file_gives_any_step_text_a_self_guided_variant():
    text = """
id: w
title: W
version: "1"
description: d
steps:
  - id: s
    title: S
    kind: discussion
    timebox: 5
    prompt: Ask the room, coach.
    questions: [What would you challenge?]
    self_guided:
      prompt: Ask each other.
      questions: [What would we challenge?]
"""
    workshop = parse_workshop(text, "w.yaml")
    team = workshop.for_team().step("s")
    assert (team.prompt, team.questions) == ("Ask each other.", ("What would we challenge?",))
    assert workshop.step("s").prompt == "Ask the room, coach."
    with pytest.raises(Exception, match="unknown key 'timebox'; allowed: prompt, notes, questions, example"):
        parse_workshop(text.replace("      prompt: Ask each other.", "      timebox: 3"), "w.yaml")
