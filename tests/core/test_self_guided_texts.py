"""Self-guided wording: a workshop's texts written for a coach read as the team's own when a team runs it alone."""

from __future__ import annotations

import dataclasses
import re

import pytest

from facilitator.core import catalog
from facilitator.core.loader import WorkshopError, parse_workshop
from facilitator.core.session import Session
from facilitator.core.workshop import Option, Step, Workshop
from tests.conftest import MemoryStore

# Wording that speaks to a coach, or takes one in the room for granted, in the languages the built-ins ship in.
COACH_WORDING = re.compile(
    r"\bcoach|\bclient|sponsor interview|\byour role\b|\byou guide\b|write their goals|\bfrom you within\b"
    r"|\bdes Kunden\b|\bmit dem Sponsor\b|\bdeine Rolle\b|schreibst\W+nicht\W+ihre Ziele|\bvon dir\b",
    re.IGNORECASE,
)
# ...except where a text says there is none, or names the app's own "coach only" switch
NO_COACH = re.compile(
    r"\b(no|without\s+a|kein|keinen|ohne)\s+coach\b|\ba\s+coach\s+would\b|\"coach\s+only\""
    r"|\bein\s+Coach\s+stellen\s+würde\b|\"nur\s+für\s+den\s+Coach\"",
    re.IGNORECASE,
)

# who a built-in is for: a team may run these alone; coach-training trains internal coaches, never a team alone
ALONE = {"deployment-parameters", "self-guided-setup", "okr-drafting", "check-in", "reflect-and-reset"}
FOR_COACHES = {"coach-training"}
BUILT_INS = [e.ref for e in catalog.list_builtin()]
TEAM_RUNS = [ref for ref in BUILT_INS if catalog.base_ref(ref) in ALONE]


def texts(workshop: Workshop) -> list[tuple[str, str]]:
    """Every text a person of the room reads, named by where it is: every string field of the workshop, of each
    step and of each option but ids, kinds and links, whatever text fields they gain later."""
    found = [(f"workshop.{name}", value) for name, value in _strings(workshop)]
    for step in workshop.steps:
        found += [(f"{step.id}.{name}", value) for name, value in _strings(step)]
        for option in step.options:
            found += [(f"{step.id}.{option.id}.{name}", value) for name, value in _strings(option)]
    return found


NOT_READ = {"id", "kind", "parameter", "share_url", "source", "language", "version"}


def _strings(item: Workshop | Step | Option) -> list[tuple[str, str]]:
    out = []
    for f in dataclasses.fields(item):
        value = getattr(item, f.name)
        if f.name in NOT_READ:
            continue
        if isinstance(value, str):
            out.append((f.name, value))
        elif isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            out += [(f"{f.name}[{i}]", v) for i, v in enumerate(value)]
    return out


def coach_wording(workshop: Workshop) -> list[str]:
    return [
        f"{where}: {m.group(0)!r}"
        for where, text in texts(workshop)
        for m in COACH_WORDING.finditer(NO_COACH.sub("", text))
    ]


def test_every_built_in_is_either_for_a_team_alone_or_for_coaches():
    """A new built-in is read for coach wording once it says who it is for."""
    assert {catalog.base_ref(ref) for ref in BUILT_INS} == ALONE | FOR_COACHES


@pytest.mark.parametrize("ref", TEAM_RUNS)
def test_every_built_in_workshop_a_team_runs_alone_speaks_to_the_team(ref):
    workshop, _ = catalog.resolve(ref)
    session = Session.start(workshop, MemoryStore(), workshop_ref=ref, self_guided=True)
    assert coach_wording(session.workshop) == [], f"{ref} still speaks to a coach"


@pytest.mark.parametrize(
    "ref", ["deployment-parameters", "okr-drafting", "reflect-and-reset", "de/deployment-parameters", "de/okr-drafting",
            "de/reflect-and-reset"]
)
def test_the_coach_s_version_does_speak_to_a_coach(ref):
    """The check finds what it looks for: without their self-guided wording these built-ins would fail it, in the
    step texts, the options and the description alike."""
    workshop, _ = catalog.resolve(ref)
    found = coach_wording(workshop)
    assert found
    if ref.endswith("deployment-parameters"):
        assert any(".metrics-baselines-few-milestones.tradeoffs" in where for where in found), found
    if ref.endswith("okr-drafting"):
        assert any(where.startswith("workshop.description") for where in found), found


def test_a_coached_session_keeps_the_coach_s_wording():
    workshop, ref = catalog.resolve("okr-drafting")
    coached = Session.start(workshop, MemoryStore(), workshop_ref=ref)
    assert "you guide and challenge" in coached.workshop.step("opening").notes
    alone = Session.start(workshop, MemoryStore(), workshop_ref=ref, self_guided=True)
    assert "Without a coach, pick two roles" in alone.workshop.step("opening").notes
    assert alone.workshop.step("opening").prompt == coached.workshop.step("opening").prompt, "only what it names"


def test_a_self_guided_team_reads_the_options_trade_offs_in_its_own_words():
    workshop, ref = catalog.resolve("deployment-parameters")
    alone = Session.start(workshop, MemoryStore(), workshop_ref=ref, self_guided=True)
    coached = Session.start(workshop, MemoryStore(), workshop_ref=ref)
    milestone = "metrics-baselines-few-milestones"
    assert "a coach to challenge" in coached.workshop.step("kr-types").option(milestone).tradeoffs
    team = alone.workshop.step("kr-types").option(milestone)
    assert "one of you to challenge every milestone" in team.tradeoffs
    assert (team.id, team.label, team.default) == (
        milestone,
        coached.workshop.step("kr-types").option(milestone).label,
        True,
    ), "ids, labels it does not name and defaults stay"


SCRIPT = """
id: w
title: W
version: "1"
description: A coach runs it.
self_guided:
  description: The team runs it.
steps:
  - id: s
    title: Coach's check
    kind: decision
    parameter: kr-types
    timebox: 5
    prompt: Ask the room, coach.
    questions: [What would you challenge?]
    self_guided:
      title: Our check
      prompt: Ask each other about {{kr_types}}.
      questions: [What would we challenge?]
    options:
      - id: strict
        label: Strict, the coach decides
        tradeoffs: Needs a coach.
        default: true
        self_guided:
          label: Strict, we decide
          tradeoffs: Needs one of us to ask.
      - id: loose
        label: Loose
        tradeoffs: Easy.
"""


def test_a_workshop_file_gives_every_text_a_team_reads_a_self_guided_variant():
    workshop = parse_workshop(SCRIPT, "w.yaml")
    team = workshop.for_team()
    step = team.step("s")
    assert (team.description, step.title, step.prompt, step.questions) == (
        "The team runs it.",
        "Our check",
        "Ask each other about {{kr_types}}.",
        ("What would we challenge?",),
    )
    assert [(o.id, o.label, o.tradeoffs, o.default) for o in step.options] == [
        ("strict", "Strict, we decide", "Needs one of us to ask.", True),
        ("loose", "Loose", "Easy.", False),
    ]
    assert coach_wording(team) == [] and len(coach_wording(workshop)) == 5
    assert workshop.step("s").prompt == "Ask the room, coach." and workshop.description == "A coach runs it."


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "      prompt: Ask each other about {{kr_types}}.",
            "      timebox: 3",
            "unknown key 'timebox'; allowed: title, prompt, notes, questions, example",
        ),
        (
            "          tradeoffs: Needs one of us to ask.",
            "          default: false",
            "option 1: unknown key 'default'; allowed: label, tradeoffs",
        ),
        ("  description: The team runs it.", "  title: Ours", "unknown key 'title'; allowed: description"),
        (
            "Ask each other about {{kr_types}}.",
            "Ask each other about {{kr_kinds}}.",
            "unknown placeholder '{{kr_kinds}}'",
        ),
        ("          label: Strict, we decide", "          label: ' '", "'label' must not be blank"),
    ],
)
def test_a_self_guided_variant_is_checked_like_the_text_it_replaces(old, new, message):
    assert old in SCRIPT
    with pytest.raises(WorkshopError, match=re.escape(message)):
        parse_workshop(SCRIPT.replace(old, new), "w.yaml")
