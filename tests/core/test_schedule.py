"""The clock on the wall: an end-at plan, clock times per step, the drift line, auto-start and the cues."""

from __future__ import annotations

from datetime import timedelta

import pytest

from facilitator.core import catalog
from facilitator.core.schedule import Cues, drift_line, end_target, planned_starts, projected_end
from facilitator.core.session import Session
from facilitator.core.timer import format_minutes
from tests.conftest import MemoryStore


def _start(workshop, clock, wall, **kwargs) -> Session:
    return Session.start(workshop, MemoryStore(), workshop_ref=workshop.id, clock=clock, wall_clock=wall, **kwargs)


def test_an_end_at_plan_counts_each_steps_clock_time_back_from_the_end(deployment, clock, wall):
    session = _start(deployment, clock, wall, end_at="12:30")
    end = end_target(session)
    assert f"{end:%H:%M}" == "12:30"
    starts = planned_starts(session)
    first, last = deployment.steps[0], deployment.steps[-1]
    assert starts[first.id] == end - timedelta(seconds=deployment.planned_seconds)
    assert starts[last.id] == end - timedelta(seconds=last.planned_seconds)
    assert planned_starts(_start(deployment, clock, wall)) == {}, "no plan, no clock times"


def test_the_drift_line_says_when_the_session_ends_at_this_pace(deployment, clock, wall):
    session = _start(deployment, clock, wall, end_at="12:30")
    now = wall.now.astimezone()
    expected = now + timedelta(seconds=deployment.planned_seconds)
    assert projected_end(session) == expected
    session.toggle_timer()
    first = deployment.steps[0].planned_seconds
    clock.advance(first + 600)  # ten minutes over on the first step
    wall.advance(first + 600)
    assert projected_end(session) == expected + timedelta(minutes=10)
    late = projected_end(session) - end_target(session)
    words = f"{abs(round(late.total_seconds() / 60))}m" if abs(late.total_seconds()) < 3600 else ""
    assert drift_line(session).startswith(f"ends {expected + timedelta(minutes=10):%H:%M} at this pace, ")
    assert drift_line(session).endswith("late" if late.total_seconds() > 0 else "early")
    assert words in drift_line(session)
    assert drift_line(_start(deployment, clock, wall)).startswith("ends ")


def test_a_bad_end_time_is_refused_with_how_to_write_it(deployment, clock, wall):
    with pytest.raises(ValueError, match="end time '25:00' is not a time of day"):
        _start(deployment, clock, wall, end_at="25:00")


def test_auto_start_starts_each_steps_timer_on_arrival(deployment, clock, wall):
    session = _start(deployment, clock, wall, auto_start=True)
    assert not session.timer.running, "the first step starts when the coach says so"
    session.next_step()
    assert session.timer.running and session.state.timer_running
    session.toggle_timer()
    session.previous_step()
    assert session.timer.running, "moving to a step starts its timer"
    manual = _start(deployment, clock, wall)
    manual.next_step()
    assert not manual.timer.running


def test_a_workshop_can_ask_for_auto_start(clock, wall, tmp_path):
    from facilitator.core.loader import load_workshop

    text = catalog.builtin_paths()["okr-drafting"].read_text(encoding="utf-8")
    path = tmp_path / "w.yaml"
    path.write_text(text.replace("\nsteps:", "\nauto_start: true\nsteps:", 1), encoding="utf-8")
    workshop = load_workshop(path)
    assert workshop.auto_start
    session = _start(workshop, clock, wall)
    session.next_step()
    assert session.timer.running


def test_cues_come_a_minute_before_and_at_zero_once_each():
    cues = Cues(flash=True)
    assert cues.due("s1", 120, True) is None
    assert cues.due("s1", 61, True) is None
    assert cues.due("s1", 59, True) == "ahead"
    assert cues.due("s1", 30, True) is None, "once per crossing"
    assert cues.due("s1", 0, True) == "end"
    assert cues.due("s1", -5, True) is None
    assert cues.due("s2", 30, True) is None, "arriving on a step with under a minute left is no crossing"
    assert cues.due("s2", 0, False) is None, "a paused clock gives no cue"


def test_the_cue_key_steps_through_off_flash_bell():
    cues = Cues()
    assert not cues.any_on
    assert "no sound" in cues.cycle()
    assert cues.cycle().startswith("cues on: flash and bell")
    assert cues.cycle() == "cues off" and not cues.any_on


def test_scoring_time_grows_with_the_key_results_it_scores(clock, wall):
    workshop, _ = catalog.resolve("reflect-and-reset")
    session = _start(workshop, clock, wall)
    scoring = next(s for s in workshop.steps if s.kind == "reflection")
    assert scoring.timebox_per_key_result > 0
    assert session.script_seconds(scoring) == scoring.planned_seconds
    session.state.previous = {"objectives": [{"id": "o1", "key_results": [{"id": f"kr{i}", "text": "t"}
                                                                        for i in range(6)]}]}
    per = round(scoring.timebox_per_key_result * 60)
    assert session.script_seconds(scoring) == scoring.planned_seconds + 6 * per
    assert session.planned_seconds(scoring) == scoring.planned_seconds + 6 * per


def test_the_drift_line_says_late_early_or_as_planned(deployment, clock, wall):
    end = (wall.now + timedelta(seconds=deployment.planned_seconds)).astimezone()
    session = _start(deployment, clock, wall, end_at=f"{end:%H:%M}")
    # the plan ends within the minute of now + the whole plan: as planned
    if end.second < 30:
        assert drift_line(session).endswith(", as planned")
    clock.advance(0)
    session.toggle_timer()
    clock.advance(deployment.steps[0].planned_seconds + 17 * 60)
    wall.advance(deployment.steps[0].planned_seconds + 17 * 60)
    assert drift_line(session).endswith(", 17m late")


def test_with_the_timer_off_the_plan_line_says_so_and_counts_the_time_used(deployment, clock, wall):
    from facilitator.core.schedule import clock_started, plan_line

    session = _start(deployment, clock, wall)
    for _ in range(5):
        session.next_step()  # a room that never starts the clock passes steps untimed
    total = format_minutes(session.planned_total())
    assert plan_line(session) == f"Clock not started (space) · 0m of {total}"
    assert session.schedule_variance() == 0, "untimed steps are no time saved"
    assert not clock_started(session), "the clock says 'not started' too, not 'paused'"
    session.toggle_timer()
    clock.advance(session.planned_seconds(session.current) + 180)
    assert plan_line(session) == f"3 min behind plan · {format_minutes(session.elapsed_total())} of {total}"
    session.toggle_timer()
    assert clock_started(session), "stopped once it ran: the clock says 'paused', as the plan line does"
    used = format_minutes(session.elapsed_total())
    assert plan_line(session) == f"Clock paused · {used} of {total} · 3 min behind plan"
