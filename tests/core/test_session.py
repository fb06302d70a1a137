"""The session: moving through steps, timing, and recording decisions, each saved before it returns."""

from __future__ import annotations

import pytest

from facilitator.core.parameters import PARAMETER_IDS
from facilitator.core.records import SaveError, SessionState
from facilitator.core.session import Session
from tests.conftest import MemoryStore


@pytest.fixture
def session(deployment, clock, wall):
    return Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", organization=" Acme ",
                         team="Leadership", facilitator="Kim", clock=clock, wall_clock=wall)


def test_starting_a_session_saves_it_at_the_first_step(session):
    assert session.store.saved, "a new session is on disk before the first screen shows"
    saved = session.store.saved[-1]
    assert saved["current_step"] == session.workshop.steps[0].id
    assert saved["organization"] == "Acme"
    assert set(saved["decisions"]) == set(PARAMETER_IDS)
    assert all(d["status"] == "open" for d in saved["decisions"].values())


def test_next_and_previous_move_and_mark_done(session):
    first, second = session.workshop.steps[:2]
    assert session.next_step()
    assert session.current == second
    assert session.store.saved[-1]["current_step"] == second.id
    assert session.state.steps[first.id].done
    assert session.previous_step()
    assert session.current == first
    assert not session.previous_step(), "there is nothing before the first step"
    statuses = {row.step.id: row.status for row in session.agenda()}
    assert statuses[first.id] == "current" and statuses[second.id] == "next"


def test_the_last_step_has_no_next(session):
    session.go_to(session.workshop.steps[-1].id)
    assert session.is_last and not session.next_step()


def test_time_is_recorded_per_step_and_follows_the_running_clock(session, clock):
    first, second = session.workshop.steps[:2]
    session.toggle_timer()
    clock.advance(125)
    session.next_step()
    assert session.timer.running, "the clock keeps running into the next step"
    clock.advance(30)
    session.toggle_timer()
    assert session.state.steps[first.id].actual_seconds == 125
    assert session.store.saved[-1]["steps"][second.id]["actual_seconds"] == 30


def test_behind_and_ahead_of_plan(session, clock):
    first = session.workshop.steps[0]
    session.toggle_timer()
    clock.advance(first.planned_seconds + 240)
    assert session.schedule_variance() == 240, "the current step's overrun counts at once"
    session.next_step()
    clock.advance(60)
    assert session.schedule_variance() == 240, "time inside the next timebox is not an overrun"


def test_extend_changes_the_timebox_and_is_saved(session):
    step = session.current
    session.extend(1)
    assert session.planned_seconds(step) == step.planned_seconds + 60
    assert session.timer.planned_seconds == step.planned_seconds + 60
    assert session.store.saved[-1]["steps"][step.id]["extra_seconds"] == 60
    for _ in range(100):
        session.extend(-1)
    assert session.planned_seconds(step) == 60


def test_recording_a_decision_saves_it_with_a_timestamp(session, wall):
    session.go_to("level")
    wall.advance(3600)
    decision = session.record_decision("level", choice=session.current.default_option.id, decision="",
                                       rationale=" learn first ", owner="Kim")
    assert decision.status == "decided"
    assert decision.decision == session.current.default_option.label, "the choice's label stands in"
    assert decision.rationale == "learn first"
    saved = session.store.saved[-1]["decisions"]["level"]
    assert saved["decided_at"] == "2026-11-26T10:00:00Z"
    assert saved["choice"] == session.current.default_option.id
    assert session.decided_count() == 1


def test_a_decision_can_be_parked(session):
    session.go_to("kpis")
    parked = session.record_decision("kpis", choice=None, decision="", status="parked")
    assert parked.status == "parked"


def test_bad_decisions_are_refused(session):
    session.go_to("level")
    with pytest.raises(ValueError, match="not an option"):
        session.record_decision("level", choice="nope", decision="x")
    with pytest.raises(ValueError, match="needs a choice or a decision text"):
        session.record_decision("level", choice=None, decision="  ")
    with pytest.raises(ValueError, match="unknown parameter"):
        session.record_decision("colour", choice=None, decision="x")


def test_a_failed_save_keeps_the_change_and_is_retried(session, clock):
    session.go_to("level")
    session.store.fail_with = SaveError("disk full")
    session.record_decision("level", choice=None, decision="Company only")
    assert session.unsaved_reason == "disk full"
    assert session.state.decisions["level"].decision == "Company only", "kept in memory"
    session.store.fail_with = None
    clock.advance(1)
    assert not session.checkpoint(), "retries are spaced out"
    clock.advance(5)
    assert session.checkpoint()
    assert session.unsaved_reason is None
    assert session.store.saved[-1]["decisions"]["level"]["decision"] == "Company only"


def test_round_trip_through_a_dict_resumes_at_the_same_step(session, clock):
    session.go_to("scoring")
    session.toggle_timer()
    clock.advance(42)
    session.record_decision("scoring", choice=None, decision="0-1 scale, weekly")
    session.close()
    state = SessionState.from_dict(session.store.saved[-1])
    resumed = Session(session.workshop, state, MemoryStore(), clock=clock)
    assert resumed.current.id == "scoring"
    assert resumed.timer.elapsed == 42
    assert not resumed.timer.running, "a resumed session waits for the coach to start the clock"
    assert resumed.state.decisions["scoring"].decision == "0-1 scale, weekly"


def test_a_key_result_needs_text_and_a_real_due_date_wherever_it_is_saved(session):
    from facilitator.core.drafting import key_result_problem
    from facilitator.core.okr import KeyResult, Objective

    board = session.board
    board.save_objective(Objective("o1", "Delight first-time customers"))
    assert key_result_problem(KeyResult("kr1", "Help centre live", due="end of March")) == \
        ("due", "'end of March' is not a date: write it as 2027-03-31.")
    assert key_result_problem(KeyResult("kr1", "  "))[0] == "text"
    for refused in (KeyResult("kr1", "Help centre live", due="end of March"),
                    KeyResult("kr1", "Help centre live", due="20270331"), KeyResult("kr1", " ")):
        saves = len(session.store.saved)
        with pytest.raises(ValueError):
            board.save_key_result("o1", refused)
        assert len(session.store.saved) == saves and not board.objectives()[0].key_results
    board.save_key_result("o1", KeyResult("kr1", "Help centre live", type="milestone", due=" 2027-03-31 "))
    assert board.objectives()[0].key_results[0].due == "2027-03-31"


def test_actions_need_text_and_a_real_date(session):
    with pytest.raises(ValueError, match="needs a text"):
        session.add_action("  ")
    with pytest.raises(ValueError, match="not a date"):
        session.add_action("Send summary", due="next friday")
    action = session.add_action(" Send summary ", owner="Kim", due="2026-12-01")
    assert (action.id, action.text, action.step) == ("a1", "Send summary", session.workshop.steps[0].id)
    assert session.store.saved[-1]["actions"][0]["owner"] == "Kim"
    session.remove_action("a1")
    assert session.state.actions == []


def test_parking_lot_items_are_resolved_turned_into_actions_or_carried(session):
    first = session.park("Budget cycle")
    second = session.park("Hiring plan")
    third = session.park("Tooling")
    session.resolve_parked(first.id, "resolved", "Finance confirmed quarters")
    session.resolve_parked(second.id, "action", owner="Ana", due="2026-12-15")
    session.resolve_parked(third.id, "carried")
    assert [p.resolution for p in session.state.parking_lot] == ["resolved", "action", "carried"]
    assert [(a.text, a.owner) for a in session.state.actions] == [("Hiring plan", "Ana")]
    assert session.open_parking() == []
    with pytest.raises(ValueError):
        session.resolve_parked(first.id, "forgotten")
