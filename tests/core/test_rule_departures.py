"""A self-guided team sets its own rule aside only by deciding so: the departure is a kept record of the session,
listed in the follow-up, in the cycle's open items and at reflect-and-reset's revisit."""

from __future__ import annotations

import pytest

from facilitator.core import catalog
from facilitator.core.cycle_text import open_lines
from facilitator.core.export import export_document, schema_problems, to_yaml
from facilitator.core.export_markdown import to_markdown
from facilitator.core.importer import import_document
from facilitator.core.okr import KeyResult, Objective
from facilitator.core.okr_checks import CHECKS
from facilitator.core.parameters import PARAMETER_IDS
from facilitator.core.records import SessionState
from facilitator.core.rule_departures import RULE_CHECKS
from facilitator.core.session import Session
from facilitator.workspace import Workspace
from tests.conftest import MemoryStore

RULE = "At most 2 objectives, 2-3 key results each"
REASON = "The launch key result is temporary: it goes once the pilot is live"
KRS = ["Raise week-1 activation from 32% to 45%", "Cut setup tickets per account from 3.1 to 1.5",
       "Grow weekly active teams from 40 to 70", "Raise trial-to-paid from 8% to 12%"]


@pytest.fixture
def workspace(store, clock):
    return Workspace(store, clock=clock)


def team_board(workspace, *, self_guided: bool = True, decided: bool = True) -> Session:
    """A team that decided its number rule, drafting one objective with four key results (one too many)."""
    if decided:
        setup, ref = catalog.resolve("deployment-parameters")
        deployment = workspace.start(setup, ref, organization="Acme", team="Platform", self_guided=self_guided)
        deployment.go_to("number")
        deployment.record_decision("number", choice="two-by-three", decision=RULE, rationale="Focus", owner="Kim")
    drafting, ref = catalog.resolve("okr-drafting")
    session = workspace.start(drafting, ref, organization="Acme", team="Platform", self_guided=self_guided)
    board = session.board
    board.save_objective(Objective("o1", "Delight every first-time customer", level="team", team="Platform",
                                   why_now="Churn doubled"))
    for i, text in enumerate(KRS, start=1):
        board.save_key_result("o1", KeyResult(f"kr{i}", text, owner="Ana", confidence=0.5))
    return session


def _too_many(session):
    return next(f for f in session.board.findings() if f.check_id == "too-many-key-results")


def test_every_check_that_names_a_decision_is_a_rule_of_the_team():
    for check in CHECKS:
        if " decision " in check.finding or "the room's" in check.finding:
            assert check.id in RULE_CHECKS, f"{check.id} checks a decided rule: which parameter sets it?"
    assert set(RULE_CHECKS) <= {c.id for c in CHECKS} and set(RULE_CHECKS.values()) <= set(PARAMETER_IDS)


def test_a_self_guided_team_cannot_dismiss_its_own_rule_plainly(workspace):
    session = team_board(workspace)
    finding = _too_many(session)
    rule = session.board.broken_rule(finding)
    assert (rule.parameter, rule.rule) == ("number", RULE)
    with pytest.raises(ValueError, match="departure"):
        session.board.dismiss(finding.check_id, "o1", "We like four")
    assert session.state.dismissals == []


def test_the_departure_is_a_decision_kept_at_once_with_the_rule_and_the_reason(workspace, store):
    session = team_board(workspace)
    with pytest.raises(ValueError, match="why"):
        session.board.depart("too-many-key-results", "o1", "  ")
    departure = session.board.depart("too-many-key-results", "o1", REASON)
    assert (departure.parameter, departure.rule, departure.reason) == ("number", RULE, REASON)
    assert departure.finding == "4 key results; the room's limit is 3." and departure.at.endswith("Z")
    [saved] = store.load_session(session.state.id)["departures"]
    assert saved["target_id"] == "o1" and saved["reason"] == REASON, "on disk before the screen shows it"
    assert not any(f.check_id == "too-many-key-results" for f in session.board.findings()), "no longer a problem"


def test_the_departure_ends_when_the_draft_keeps_the_rule_again_or_the_team_takes_it_back(workspace):
    session = team_board(workspace)
    board = session.board
    board.depart("too-many-key-results", "o1", REASON)
    board.save_key_result("o1", KeyResult("kr5", "Raise NPS from 20 to 35", owner="Bo"))
    assert board.withdrawn == [] and len(board.departures()) == 1, "still broken: the departure stands"
    board.remove_key_result("kr5")
    board.remove_key_result("kr4")
    [gone] = board.withdrawn
    assert gone.reason == REASON and board.departures() == [] and session.state.departures == []
    board.save_key_result("o1", KeyResult("kr6", "Grow weekly active teams from 40 to 70", owner="Bo"))
    assert _too_many(session), "a departure once withdrawn never comes back by itself"
    board.depart("too-many-key-results", "o1", REASON)
    taken = board.withdraw_departure("too-many-key-results", "o1")
    assert taken.reason == REASON and _too_many(session) and board.departures() == []


def test_a_coached_session_and_a_rule_nobody_decided_dismiss_as_before(workspace):
    coached = team_board(workspace, self_guided=False)
    assert coached.board.broken_rule(_too_many(coached)) is None
    coached.board.dismiss("too-many-key-results", "o1", "The coach heard why")
    assert coached.board.dismissals()[0].reason == "The coach heard why"


def test_a_default_rule_is_no_rule_of_the_team(store, clock):
    session = team_board(Workspace(store, clock=clock), decided=False)
    session.board.save_key_result("o1", KeyResult("kr5", "Raise NPS from 20 to 35", owner="Bo"))
    session.board.save_key_result("o1", KeyResult("kr6", "Cut churn from 4% to 3%", owner="Bo"))
    finding = _too_many(session)  # 6 against the default limit of 5
    assert session.board.broken_rule(finding) is None
    session.board.dismiss(finding.check_id, "o1", "We never decided a limit")


def test_the_export_lists_the_departure_and_an_import_keeps_it(workspace):
    session = team_board(workspace)
    session.board.depart("too-many-key-results", "o1", REASON)
    document = export_document(session)
    assert schema_problems(document) == []
    [listed] = document["okrs"]["departures"]
    assert listed == {"check": "too-many-key-results", "target": "o1", "parameter": "number", "rule": RULE,
                      "finding": "4 key results; the room's limit is 3.", "reason": REASON, "at": listed["at"]}
    state = import_document(to_yaml(document), existing_ids=set())
    imported = Session(session.workshop, SessionState.from_dict(state), MemoryStore())
    imported.context = session.context
    assert export_document(imported)["okrs"]["departures"] == document["okrs"]["departures"]


def test_an_export_without_departures_has_no_such_field(workspace):
    document = export_document(team_board(workspace))
    assert "departures" not in document["okrs"], "optional: files from before it read the same"
    assert import_document(to_yaml(document), existing_ids=set())["departures"] == []


def test_the_follow_up_lists_the_departure_as_the_team_s_decision(workspace):
    session = team_board(workspace)
    session.board.depart("too-many-key-results", "o1", REASON)
    text = to_markdown(export_document(session))
    assert "## Departures from our rules" in text
    assert (f"- **Number of OKRs**, on “Delight every first-time customer”: 4 key results; the room's limit is 3. "
            f"We decided: {RULE}. Why we depart: {REASON}.") in text
    assert text.index("## Departures from our rules") < text.index("Session record:"), "in the part the team reads"


def test_the_cycle_keeps_it_open_and_reflect_and_reset_offers_it_at_the_revisit(workspace):
    session = team_board(workspace)
    session.board.depart("too-many-key-results", "o1", REASON)
    path = workspace.cycle_path("Acme", "Platform")
    [open_departure] = path.departures
    assert (open_departure.parameter, open_departure.about, open_departure.reason) == (
        "number", "Delight every first-time customer", REASON)
    assert any("Departures from your rules, to review at reflect-and-reset (1)" in line for line in open_lines(path))
    assert path.to_dict()["open"]["rule_departures"][0]["reason"] == REASON
    workshop, ref = catalog.resolve("reflect-and-reset")
    reflect = workspace.start(workshop, ref, organization="Acme", team="Platform", self_guided=True)
    [revisit] = reflect.previous_departures("number")
    assert revisit.reason == REASON and reflect.previous_departures("level") == []
    assert schema_problems(export_document(reflect)) == []
