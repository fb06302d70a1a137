"""The room view: what a room may see, from an allow-list; its clock follows what the coach's instance saved."""

from __future__ import annotations

from dataclasses import asdict, replace

import pytest

from facilitator.core import room_view
from facilitator.core.records import SessionState
from facilitator.core.room_view import ROOM_VIEW_IDS, RoomSource, build
from facilitator.core.session import Session
from tests.conftest import MemoryStore

NOTE = "SENTINEL-NOTE-7f3a"
FINDING_TEXT = "Launch the new onboarding flow"  # a task, not an outcome: the coach's checks flag it
DISMISSED = "SENTINEL-DISMISSAL-REASON"
PATH = "/home/coach/secret/SENTINEL-PATH.yaml"
COACH = "SENTINEL-COACH-NAME"


@pytest.fixture
def sentinel_workshop(deployment):
    steps = tuple(replace(s, notes=f"{NOTE} {s.notes}") for s in deployment.steps)
    return replace(deployment, steps=steps)


@pytest.fixture
def session(sentinel_workshop, clock, wall):
    session = Session.start(sentinel_workshop, MemoryStore(), workshop_ref=PATH, organization="Acme",
                            team="Leadership", facilitator=COACH, clock=clock, wall_clock=wall)
    session.go_to("level")
    step = session.current
    session.record_decision("level", choice=step.default_option.id, decision="", rationale="Learn first",
                            owner="Kim")
    session.state.objectives = [{"id": "o1", "title": "Make onboarding delightful", "level": "company",
                                 "key_results": [{"id": "kr1", "text": FINDING_TEXT, "type": "metric"}]}]
    session.state.dismissals = [{"check_id": "x", "target_id": "kr1", "reason": DISMISSED, "at": "2026"}]
    session.park("Budget for tooling")
    session.add_action("Send the summary", owner="Kim")
    return session


def _every_view(session, wall):
    for view in ROOM_VIEW_IDS:
        session.show_room(view)
        yield view, build(RoomSource(session.workshop, session.state, wall().timestamp()))


def test_no_view_carries_notes_findings_the_usual_start_marker_paths_or_the_coach(session, wall):
    findings = [f.message for f in session.board.findings()]
    assert findings, "the sentinel key result draws a finding, so the check below can fail"
    for view, shown in _every_view(session, wall):
        text = repr(asdict(shown))
        for secret in (NOTE, DISMISSED, PATH, COACH, "usual", "default", *findings):
            assert secret not in text, f"{secret!r} in the room's {view} view"


def test_the_step_shows_options_numbered_without_the_usual_start_and_the_recorded_decision(session, wall):
    shown = build(RoomSource(session.workshop, session.state, wall().timestamp()))
    step = session.current
    assert [o.label for o in shown.step.options] == [o.label for o in step.options]
    assert [o.number for o in shown.step.options] == list(range(1, len(step.options) + 1))
    assert shown.step.decision.choice == step.default_option.label
    assert shown.step.decision.owner == "Kim" and shown.step.decision.rationale == "Learn first"
    assert shown.step.number == session.current_index + 1 and shown.step.total == len(session.workshop.steps)


def test_only_the_view_shown_is_built(session, wall):
    for view, shown in _every_view(session, wall):
        assert shown.showing == view
        assert bool(shown.board) == (view == "board")
        assert bool(shown.summary) == (view == "summary")
        assert bool(shown.parking) == (view in ("parking", "summary"))
        assert (shown.qr is not None) == (view == "qr")
        assert (shown.break_card is not None) == (view == "break")


def test_the_board_is_the_drafts_without_the_coach(session, wall):
    session.show_room("board")
    shown = build(RoomSource(session.workshop, session.state, wall().timestamp()))
    assert [o.title for o in shown.board] == ["Make onboarding delightful"]
    assert [kr.text for kr in shown.board[0].key_results] == [FINDING_TEXT]


def test_the_room_clock_runs_on_from_the_last_save_and_never_drifts(session, clock, wall):
    session.toggle_timer()
    clock.advance(100)
    wall.advance(100)
    shown = build(RoomSource(session.workshop, session.state, wall().timestamp()))
    assert shown.clock.running
    assert shown.clock.remaining(wall().timestamp()) == pytest.approx(session.timer.remaining, abs=0.01)
    clock.advance(2000)  # into overtime, still no save: the room runs on by itself
    wall.advance(2000)
    assert shown.clock.remaining(wall().timestamp()) == pytest.approx(session.timer.remaining, abs=0.01)
    assert shown.clock.remaining(wall().timestamp()) < 0


def test_a_paused_clock_stands_still_and_a_closed_coach_stops_it(session, clock, wall):
    session.toggle_timer()
    clock.advance(30)
    wall.advance(30)
    session.toggle_timer()
    paused = build(RoomSource(session.workshop, session.state, wall().timestamp()))
    wall.advance(500)
    assert not paused.clock.running
    assert paused.clock.remaining(wall().timestamp()) == pytest.approx(session.timer.remaining)
    session.toggle_timer()
    gone = build(RoomSource(session.workshop, session.state, wall().timestamp(), coach_live=False))
    assert not gone.clock.running, "a running clock recorded by an instance that is gone is not running"


def test_the_clock_of_an_older_record_shows_what_was_banked(session, wall):
    state = SessionState.from_dict({**session.state.to_dict(), "clock": {}})
    shown = build(RoomSource(session.workshop, state, wall().timestamp()))
    assert not shown.clock.running
    assert shown.clock.elapsed == state.steps[state.current_step].actual_seconds


def test_show_room_cycles_through_every_view_and_refuses_unknown_ones(session):
    seen = [session.room_showing]
    for _ in ROOM_VIEW_IDS:
        seen.append(session.cycle_room())
    assert seen == [*ROOM_VIEW_IDS, ROOM_VIEW_IDS[0]]
    with pytest.raises(ValueError, match="cannot show"):
        session.show_room("notes")
    with pytest.raises(ValueError, match="1 to 120 minutes"):
        session.show_room("break", break_minutes=0)
    assert session.store.saved[-1]["room"] == {"view": "step"}, "every choice is saved, so the room follows"


def test_a_break_card_counts_down_from_when_the_coach_put_it_up(session, wall):
    start = wall().timestamp()
    session.show_room("break", break_minutes=5)
    wall.advance(90)
    shown = build(RoomSource(session.workshop, session.state, wall().timestamp()))
    assert shown.break_card.minutes == 5
    assert shown.break_card.remaining(wall().timestamp()) == pytest.approx(start + 300 - wall().timestamp())


def test_a_break_step_proposes_what_is_left_of_its_timebox(session, clock):
    brk = next(s for s in session.workshop.steps if s.kind == "break")
    session.go_to(brk.id)
    session.toggle_timer()
    clock.advance(brk.planned_seconds - 4 * 60 - 10)
    session.show_room("break")
    assert session.state.room["break_minutes"] == 5
    session.go_to("level")
    session.show_room("break")
    assert session.state.room["break_minutes"] == room_view.DEFAULT_BREAK_MINUTES


def test_control_characters_in_text_never_reach_a_room_view(session, wall):
    session.park("evil\x1b[2Jtext\x07")
    session.show_room("parking")
    shown = build(RoomSource(session.workshop, session.state, wall().timestamp()))
    assert shown.parking[-1].text == "evil␛[2Jtext␇", "shown as pictures, run by no terminal or browser"


def test_a_registered_section_is_built_with_the_view(session, wall, monkeypatch):
    monkeypatch.setattr(room_view, "_SECTIONS", {})

    @room_view.room_section("collection")
    def collection(source):
        return {"answered": 3} if source.state.current_step == "level" else None

    shown = build(RoomSource(session.workshop, session.state, wall().timestamp()))
    assert shown.sections == {"collection": {"answered": 3}}
    session.go_to("cycle")
    assert build(RoomSource(session.workshop, session.state, wall().timestamp())).sections == {}


def test_what_the_coach_keeps_never_reaches_the_room(session, wall):
    from facilitator.core.consensus import dot_voting, fist_of_five

    session.record_decision("level", choice=session.current.default_option.id, decision="",
                            rationale="SENTINEL-RATIONALE", owner="Kim", rationale_private=True)
    session.set_coach_note("level", "SENTINEL-COACH-NOTE")
    session.record_consensus("level", fist_of_five({4: 3, 1: 1}, objections="SENTINEL-OBJECTION", addressed=True,
                                                   objections_private=True))
    for view, shown in _every_view(session, wall):
        text = repr(asdict(shown))
        for secret in ("SENTINEL-RATIONALE", "SENTINEL-COACH-NOTE", "SENTINEL-OBJECTION"):
            assert secret not in text, f"{secret!r} in the room's {view} view"
    options = [o.id for o in session.current.options]
    vote = dot_voting({options[0]: 3}, options, objections="SENTINEL-OPEN-OBJECTION")
    session.record_consensus("level", {**vote, "objections_private": True})
    for view, shown in _every_view(session, wall):
        assert "SENTINEL-OPEN-OBJECTION" not in repr(asdict(shown)), view
