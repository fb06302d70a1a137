"""Time and the agenda as the room lived them: seconds, minutes added with +/-, done only when passed."""

from __future__ import annotations

from facilitator.core.loader import parse_workshop
from facilitator.core.session import Session
from facilitator.core.timer import format_timebox
from facilitator.widgets.agenda import agenda_mark, agenda_times
from tests.conftest import MemoryStore

SHORT = """
id: short
title: Short
version: "1"
description: A short one.
steps:
  - {id: check-in, title: Check-in, kind: intro, timebox: 0.5, prompt: One word each.}
  - {id: talk, title: Talk, kind: discussion, timebox: 10, prompt: Talk.}
"""


def test_a_timebox_under_a_minute_counts_seconds(clock, wall):
    session = Session.start(parse_workshop(SHORT), MemoryStore(), workshop_ref="short", clock=clock, wall_clock=wall)
    step = session.current
    assert session.planned_seconds(step) == 30 and session.timer.remaining == 30, "the clock shows 0:30, not 1:00"
    session.extend(-1)
    assert session.planned_seconds(step) == 30, "- never takes it below its own length"
    session.extend(1)
    assert session.planned_seconds(step) == 90
    assert format_timebox(30) == "30s" and format_timebox(600) == "10m"
    session.extend(-1)
    row = session.agenda()[0]
    assert agenda_times(row) == "0/30s"


def test_the_plan_total_includes_the_minutes_added_and_removed(deployment, clock, wall):
    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", clock=clock,
                            wall_clock=wall)
    script = session.workshop.planned_seconds
    assert session.planned_total() == script
    session.extend(5)
    session.next_step()
    session.extend(-2)
    assert session.planned_total() == script + 3 * 60


def test_a_shortened_step_that_ran_over_is_behind_its_own_timebox(deployment, clock, wall):
    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", clock=clock,
                            wall_clock=wall)
    session.toggle_timer()
    session.extend(-3)  # 10 minutes, shortened to 7
    clock.advance(9 * 60)
    session.next_step()
    assert session.schedule_variance() == 2 * 60, "2 minutes over the 7 the room agreed, not 1 under the script's 10"


def test_a_step_is_done_only_when_the_room_moved_past_it(deployment, clock, wall):
    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", clock=clock,
                            wall_clock=wall)
    session.go_to("cycle")  # a look ahead from the palette or the agenda
    session.go_to("why-okrs")
    assert session.progress() == (0, 16), "visited, not passed"
    session.next_step()
    assert session.state.steps["why-okrs"].done and session.progress() == (1, 16)


def test_the_agenda_marks_parked_and_open_decision_steps_apart_from_decided_ones(deployment, clock, wall):
    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", clock=clock,
                            wall_clock=wall)
    session.go_to("level")
    session.record_decision("level", choice="company-only", decision="", rationale="r", owner="K")
    session.next_step()
    session.record_decision("number", choice=None, decision="", status="parked")
    session.next_step()
    session.next_step()  # scoring passed while still open
    marks = {row.step.id: agenda_mark(row)[0] for row in session.agenda()}
    assert (marks["level"], marks["number"], marks["scoring"], marks["cycle"]) == ("✓", "~", "!", "▶")
    assert marks["kr-types"] == "›" and marks["kpis"] == "·"


def test_a_completed_workshop_stays_on_its_last_step_and_every_step_reads_done(deployment, clock, wall):
    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", clock=clock,
                            wall_clock=wall)
    while session.next_step():
        pass
    assert session.finish() and session.complete
    rows = session.agenda()
    assert {r.status for r in rows} == {"done"} and rows[-1].here


def test_the_follow_up_does_not_send_people_to_a_board_they_cannot_see(deployment, clock, wall):
    from facilitator.core.export import export_document
    from facilitator.core.export_markdown import to_markdown
    from facilitator.core.okr import KeyResult, Objective

    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", clock=clock,
                            wall_clock=wall)
    board = session.board
    for n in range(1, 6):
        board.save_objective(Objective(f"o{n}", f"Objective {n}", level="company"))
        board.save_key_result(f"o{n}", KeyResult(f"kr{n}", f"Launch thing {n}"))
    assert "draft board" not in to_markdown(export_document(session)).lower()
