"""SVG snapshots of the key screens at 80x24: what a coach sees on a small terminal or a projector.

Regenerate after an intended change with `pytest tests/snapshots --snapshot-update` and look at the report.
"""

from __future__ import annotations

import time

import pytest

from facilitator.app import make_app
from facilitator.core import catalog
from facilitator.core import session as session_module
from facilitator.store import Store
from facilitator.workspace import Workspace
from tests.conftest import FakeClock, FakeWallClock

SIZE = (80, 24)


@pytest.fixture
def fixed_world(monkeypatch, tmp_path):
    # A blinking cursor is on or off depending on when the screenshot is taken: steady, it is always drawn.
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)
    # The home screen shows where the database is, abbreviated under the home folder: a per-test home keeps
    # the snapshot stable and lets tests run in parallel.
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    ids = iter(["20261126-a1b2c3", "20261126-d4e5f6", "20261126-0a0b0c"])
    monkeypatch.setattr(session_module, "new_session_id", lambda now: next(ids))
    clock, wall = FakeClock(), FakeWallClock()
    with Store(tmp_path / "facilitator.json") as store:
        yield store, clock, wall


def _session(store, clock, wall, team):
    workshop, ref = catalog.resolve("deployment-parameters")
    return session_module.Session.start(workshop, store, workshop_ref=ref, organization="Acme", team=team,
                                        facilitator="Kim", clock=clock, wall_clock=wall)


def test_home_with_saved_sessions(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    first = _session(store, clock, wall, "Leadership")
    first.go_to("cycle")
    wall.advance(3600)
    _session(store, clock, wall, "Platform team")
    app = make_app(Workspace(store, clock=clock))

    async def offered(pilot):
        await pilot.app.workers.wait_for_complete()  # the next step is worked out in a thread
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=offered)


def test_facilitate_a_decision_step_in_overtime(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    session = _session(store, clock, wall, "Leadership")
    session.toggle_timer()
    for step in session.workshop.steps[:3]:
        clock.advance(step.planned_seconds + 60)
        session.next_step()
    clock.advance(session.current.planned_seconds + 75)
    session.toggle_timer()
    session.record_decision("level", choice=session.current.default_option.id, decision="",
                            rationale="Learn with teams that want it", owner="Kim")
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE)


def test_decision_dialog(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    session = _session(store, clock, wall, "Leadership")
    session.go_to("cycle")
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE, press=["d", "1"])


def test_presenter_mode(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    session = _session(store, clock, wall, "Leadership")
    session.go_to("cycle")
    app = make_app(Workspace(store, clock=clock), session, present=True)
    assert snap_compare(app, terminal_size=SIZE)


def test_no_color(snap_compare, fixed_world, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    store, clock, wall = fixed_world
    session = _session(store, clock, wall, "Leadership")
    session.go_to("level")
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE)


def test_draft_board_with_findings(snap_compare, fixed_world):
    from facilitator.core.okr import KeyResult, Objective
    from facilitator.screens.draft_board import DraftBoardScreen

    store, clock, wall = fixed_world
    deployment, ref = catalog.resolve("deployment-parameters")
    leadership = session_module.Session.start(deployment, store, workshop_ref=ref, organization="Acme",
                                              team="Leadership", clock=clock, wall_clock=wall)
    leadership.go_to("number")
    leadership.record_decision("number", choice="three-by-five", decision="")
    workshop, ref = catalog.resolve("okr-drafting")
    session = session_module.Session.start(workshop, store, workshop_ref=ref, organization="Acme", team="Platform",
                                           clock=clock, wall_clock=wall)
    Workspace(store, clock=clock).with_context(session)
    board = session.board
    board.save_objective(Objective("o1", "Delight every first-time customer", why_now="Churn doubled",
                                   level="team", team="Platform"))
    board.save_key_result("o1", KeyResult("kr1", "Raise week-1 activation", start=32, target=45, unit="%",
                                          owner="Ana", confidence=0.6))
    board.save_key_result("o1", KeyResult("kr2", "Launch the new onboarding flow", owner="Bo"))
    app = make_app(Workspace(store, clock=clock), session)

    async def open_board(pilot):
        app.push_screen(DraftBoardScreen(session))
        await pilot.pause()
        await pilot.press("down", "down")

    assert snap_compare(app, terminal_size=SIZE, run_before=open_board)


def test_draft_board_cuts_a_long_objective_in_its_title_not_its_commitment(snap_compare, fixed_world):
    from facilitator.core.okr import KeyResult, Objective

    store, clock, wall = fixed_world
    session = _drafting_board(store, clock, wall)
    session.board.save_objective(Objective("o2", "Make every new customer successful and delighted in their very "
                                                 "first week with us", level="team", team="Platform",
                                           commitment="aspirational", owner="Ana"))
    session.board.save_key_result("o2", KeyResult("kr3", "Raise week-1 activation", start=32, target=45, unit="%"))
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE, run_before=_on_board(session, "down", "down", "down"))


def _room(store, clock, wall, size, phones=None):
    """The room screen on a decision step with the decision recorded and the clock running into overtime;
    `phones(session)` has the room answer from their phones."""
    from facilitator.room_app import make_room_app
    from facilitator.room_feed import RoomFeed

    session = _session(store, clock, wall, "Leadership")
    session.go_to("level")
    session.toggle_timer()
    clock.advance(session.current.planned_seconds + 75)
    wall.advance(session.current.planned_seconds + 75)
    session.record_decision("level", choice=session.current.default_option.id, decision="",
                            rationale="Learn with teams that want it", owner="Kim")
    if phones is not None:
        phones(session)
    store.announce(session.state.id)
    # the fake wall clock runs before this process took the lock: say the lock was taken at the epoch, so the
    # clock recorded by this (fake) coach counts as live and running
    store._owner["started"] = 0.0
    store._write_owner()
    now = wall().timestamp()
    return make_room_app(RoomFeed(Workspace(store), wall=lambda: now))


def test_room_screen_at_80x24(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    assert snap_compare(_room(store, clock, wall, SIZE), terminal_size=SIZE)


def test_room_screen_at_160x45_with_big_digits(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    assert snap_compare(_room(store, clock, wall, (160, 45)), terminal_size=(160, 45))


JOIN_URL = "http://192.168.1.23:8765/j/Qx3vT9pLm2Rk8sWb4NzYhA"


def _phones_collecting(session):
    session.phones.set_join_url(JOIN_URL)
    people = [session.phones.join(f"P{i}").id for i in range(7)]
    question = session.phones.open("fist-of-five")
    for person, score in zip(people, (4, 3, 5, 1, 4), strict=False):
        session.phones.answer(person, question.id, {"score": str(score)})


def _phones_revealed(session):
    _phones_collecting(session)
    session.phones.reveal()
    question = session.phones.open("dot-voting")
    options = [o.id for o in session.current.options]
    for n, person in enumerate(p.id for p in session.phones.settings.participants):
        session.phones.answer(person, question.id, {f"dot-{options[n % 2]}": "2", f"dot-{options[-1]}": "1"})
    session.phones.reveal()


def test_room_screen_with_the_phones_join_code_while_collecting_at_80x24(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    assert snap_compare(_room(store, clock, wall, SIZE, _phones_collecting), terminal_size=SIZE)


@pytest.mark.parametrize("size", [SIZE, (160, 45)], ids=["80x24", "160x45"])
def test_room_screen_reveals_the_phones_dot_votes(snap_compare, fixed_world, size):
    store, clock, wall = fixed_world
    assert snap_compare(_room(store, clock, wall, size, _phones_revealed), terminal_size=size)


def _check_in_session(store, clock, wall):
    from facilitator.core.checkin_sheet import link_record
    from facilitator.core.okr import KeyResult, Objective

    workshop, ref = catalog.resolve("check-in")
    session = session_module.Session.start(workshop, store, workshop_ref=ref, organization="Acme", team="Platform",
                                           facilitator="Kim", clock=clock, wall_clock=wall)
    objectives = [Objective("o1", "Delight every first-time customer", level="team", team="Platform", key_results=[
        KeyResult("kr1", "Raise week-1 activation", start=32, target=45, unit="%", direction="increase", owner="Ana"),
        KeyResult("kr2", "Cut onboarding tickets per week", start=120, target=60, direction="decrease", owner="Bo"),
        KeyResult("kr3", "Launch self-serve billing", type="milestone", due="2026-12-15", owner="Kim"),
    ]).to_dict()]
    history = [{"session_id": f"20261{m}-000000", "at": at, "entries": {
        "kr1": {"key_result_id": "kr1", "value": v1, "confidence": c1, "status": "on-track"},
        "kr2": {"key_result_id": "kr2", "value": v2, "confidence": c2, "status": "at-risk"}}}
        for m, at, v1, c1, v2, c2 in (("015", "2026-10-15", 33, 0.8, 118, 0.7),
                                      ("029", "2026-10-29", 35, 0.8, 112, 0.6),
                                      ("112", "2026-11-12", 37, 0.7, 110, 0.6))]
    session.state.check_in = link_record(source_id="20261001-aaaaaa", source_kind="okr-drafting",
                                         source_started="2026-10-01T09:00:00Z", objectives=objectives,
                                         cycle_text="Quarterly, 2026-10-01 to 2026-12-31", history=history,
                                         open_actions=[{"text": "Interview five churned customers", "owner": "Ana",
                                                        "due": "2026-11-30", "session_id": "20261001-aaaaaa"}])
    session.check_ins.record("kr1", value=39, confidence=0.7)
    session.check_ins.record("kr2", value=111, confidence=0.3, blockers=[("No support data access", "Bo")])
    return session


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_check_in_sheet(snap_compare, fixed_world, size):
    store, clock, wall = fixed_world
    session = _check_in_session(store, clock, wall)
    session.go_to("round")
    app = make_app(Workspace(store, clock=clock), session)

    async def open_sheet(pilot):
        await pilot.press("d")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=open_sheet)


@pytest.mark.parametrize("size", [SIZE, (120, 40)], ids=["80x24", "120x40"])
def test_room_screen_during_a_check_in_with_the_trend_of_each_key_result(snap_compare, fixed_world, size):
    from facilitator.room_app import make_room_app
    from facilitator.room_feed import RoomFeed

    store, clock, wall = fixed_world
    session = _check_in_session(store, clock, wall)
    session.go_to("round")
    store.announce(session.state.id)
    store._owner["started"] = 0.0  # the fake coach's clock counts as live (see _room)
    store._write_owner()
    now = wall().timestamp()
    assert snap_compare(make_room_app(RoomFeed(Workspace(store), wall=lambda: now)), terminal_size=size)


def test_agenda_with_an_end_at_plan(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    workshop, ref = catalog.resolve("deployment-parameters")
    session = session_module.Session.start(workshop, store, workshop_ref=ref, organization="Acme",
                                           team="Leadership", clock=clock, wall_clock=wall, end_at="12:45")
    session.toggle_timer()
    clock.advance(session.current.planned_seconds + 8 * 60)
    wall.advance(session.current.planned_seconds + 8 * 60)
    session.next_step()
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE)


async def _open_summary(pilot) -> None:
    # the summary reads the team's cycles in a worker: the picture is of the summary once they are read
    await pilot.press("s")
    await pilot.app.screen.workers.wait_for_complete()
    await pilot.pause()


def test_summary_with_actions_to_work_on(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    session = _session(store, clock, wall, "Leadership")
    session.record_decision("level", choice="company-and-pilots", decision="", rationale="Learn small", owner="Kim")
    session.record_decision("kpis", choice=None, decision="Keep KPIs on the dashboard", owner="Ana",
                            status="parked", by_when="2026-12-10")
    session.add_action("Send the decisions to the whole company", owner="Kim", due="2026-11-30")
    session.add_action("Book the drafting workshop", owner="Ana", due="2026-12-05")
    session.add_action("Set up the shared OKR sheet", owner="Bo", due="2026-11-28")
    session.set_action_done("a3")
    session.set_attendees([{"name": "Ana", "role": "CEO"}, {"name": "Bo", "role": "CFO"}])
    session.set_next_session(date="2026-12-10", time="14:00", workshop="okr-drafting", who="leadership team")
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE, run_before=_open_summary)


# -- every dialog and the summary at 80x24: labels whole, long text wrapped --------------------------------------
def _drafting_board(store, clock, wall):
    from facilitator.core.okr import KeyResult, Objective

    workshop, ref = catalog.resolve("okr-drafting")
    session = session_module.Session.start(workshop, store, workshop_ref=ref, organization="Acme", team="Platform",
                                           clock=clock, wall_clock=wall)
    board = session.board
    board.save_objective(Objective("o1", "Delight every first-time customer", why_now="Churn doubled",
                                   level="team", team="Platform"))
    board.save_key_result("o1", KeyResult("kr1", "Increase revenue by 10% in the new segment", start=32, target=45,
                                          unit="%", owner="Ana", confidence=0.6))
    board.save_key_result("o1", KeyResult("kr2", "Launch the new onboarding flow", owner="Bo"))
    return session


def _on_board(session, *keys):
    from facilitator.screens.draft_board import DraftBoardScreen

    async def run(pilot):
        pilot.app.push_screen(DraftBoardScreen(session))
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    return run


def test_decision_dialog_with_the_room_s_numbers(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    session = _session(store, clock, wall, "Leadership")
    session.go_to("number")
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE, press=["d", "2", "tab", "tab", "tab", "tab"])


def test_key_result_dialog(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    session = _drafting_board(store, clock, wall)
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE, run_before=_on_board(session, "down", "e"))


def test_objective_dialog(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    session = _drafting_board(store, clock, wall)
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE, run_before=_on_board(session, "e"))


def test_dismiss_dialog(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    session = _drafting_board(store, clock, wall)
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE, run_before=_on_board(session, "down", "down", "i", "2"))


def test_departure_from_our_rule_dialog(snap_compare, fixed_world):
    """A self-guided team sets its own rule aside only as a decision: the dialog names the rule and asks why."""
    from facilitator.core.okr import KeyResult, Objective

    store, clock, wall = fixed_world
    setup, ref = catalog.resolve("self-guided-setup")
    team = session_module.Session.start(setup, store, workshop_ref=ref, organization="Acme", team="Platform",
                                        clock=clock, wall_clock=wall, self_guided=True)
    team.go_to(next(s.id for s in setup.steps if s.parameter == "number"))
    team.record_decision("number", choice="two-by-three", decision="At most 2 objectives, 2-3 key results each",
                         rationale="Focus", owner="Kim")
    workshop, ref = catalog.resolve("okr-drafting")
    session = session_module.Session.start(workshop, store, workshop_ref=ref, organization="Acme", team="Platform",
                                           clock=clock, wall_clock=wall, self_guided=True)
    Workspace(store, clock=clock).with_context(session)
    session.board.save_objective(Objective("o1", "Delight every first-time customer", level="team", team="Platform",
                                           why_now="Churn doubled", commitment="committed"))
    for i, text in enumerate(["Raise week-1 activation from 32% to 45%", "Cut setup tickets from 3.1 to 1.5",
                              "Grow weekly active teams from 40 to 70", "Raise trial-to-paid from 8% to 12%"], 1):
        session.board.save_key_result("o1", KeyResult(f"kr{i}", text, owner="Ana", confidence=0.5))
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE,
                        run_before=_on_board(session, "i", "1", "tab", *"The launch key result goes in May"))


def test_consensus_dialog(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    session = _session(store, clock, wall, "Leadership")
    session.go_to("alignment")
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE, press=["v"])


def test_parking_review(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    session = _session(store, clock, wall, "Leadership")
    session.park("Align the first cycle with the budget calendar of the finance department, which starts in April")
    session.park("Hiring plan")
    session.go_to("review-decisions")
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE, press=["K"])


def test_action_dialog(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    session = _session(store, clock, wall, "Leadership")
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE, press=["a"])


def test_summary_of_a_deployment(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    session = _session(store, clock, wall, "Leadership")
    session.go_to("number")
    session.toggle_timer()
    clock.advance(1500)
    session.extend(-3)
    session.record_decision("number", choice="two-by-three", decision="2 objectives, 2-4 key results each",
                            rationale="We have fourteen top priorities today and want to be forced to choose",
                            owner="CEO", values={"objectives": 2, "key_results": {"min": 2, "max": 4}})
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE, run_before=_open_summary)


def test_summary_of_a_drafting_session(snap_compare, fixed_world):
    store, clock, wall = fixed_world
    session = _drafting_board(store, clock, wall)
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE, run_before=_open_summary)


def test_alignment_across_the_organization(snap_compare, fixed_world):
    """A pilot team's board opens the organization's alignment: leadership's company objectives with both pilot
    teams' objectives under them, what serves nothing, the bottom-up share against the target."""
    from facilitator.core.okr import Objective

    store, clock, wall = fixed_world
    workshop, ref = catalog.resolve("okr-drafting")

    def start(team):
        return session_module.Session.start(workshop, store, workshop_ref=ref, organization="Acme", team=team,
                                            clock=clock, wall_clock=wall)

    lead = start("Leadership")
    lead.board.save_objective(Objective("o1", "Become the bank customers recommend to friends", level="company"))
    lead.board.save_objective(Objective("o2", "Make every release boringly safe", level="company"))
    growth = start("Growth")
    growth.board.save_objective(Objective("o1", "Win the first 100 small-business accounts in Austria",
                                          level="team", team="Growth", origin="leadership",
                                          contributes_to=f"{lead.state.id}:o1"))
    growth.board.save_objective(Objective("o2", "Refresh the brand", level="team", team="Growth"))
    platform = start("Platform")
    platform.board.save_objective(Objective("o1", "Ship on Fridays without fear", level="team", team="Platform",
                                            contributes_to=f"{lead.state.id}:o2"))
    Workspace(store, clock=clock).with_context(platform)
    app = make_app(Workspace(store, clock=clock), platform)
    assert snap_compare(app, terminal_size=SIZE, run_before=_on_board(platform, "l"))


def test_new_session_dialog_with_the_longest_description(snap_compare, fixed_world):
    # at 80x24 the workshop's description is shown whole, wrapped: the dialog scrolls rather than cut it
    store, clock, _wall = fixed_world
    app = make_app(Workspace(store, clock=clock))

    async def pick(pilot):
        from textual.widgets import Select

        await pilot.press("n")
        await pilot.pause()
        pilot.app.screen.query_one("#workshop", Select).value = "reflect-and-reset"
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=pick)


def test_reflection_scoring_sheet(snap_compare, fixed_world):
    # at 80x24: every key result's text, score, learning and verdict readable, long texts wrapped
    from tests.ui.test_reflect_and_reset import earlier_cycle

    store, clock, wall = fixed_world
    workspace = Workspace(store, clock=clock)
    _first, drafts = earlier_cycle(workspace)
    from facilitator.core.okr import KeyResult

    drafts.board.save_key_result("o1", KeyResult(
        "kr3", "Raise the share of new accounts that invite a second teammate within their first seven days",
        start=18, target=35, unit="%", owner="Cleo"))
    workshop, ref = catalog.resolve("reflect-and-reset")
    linked = workspace.start(workshop, ref, organization="Acme", team="Platform")  # linked to the drafts
    # the same session on the fixed wall clock: the step screen behind says when the session ends at this pace
    session = workspace.with_context(session_module.Session(workshop, linked.state, store, clock=clock,
                                                            wall_clock=wall))
    session.next_step()
    app = make_app(workspace, session)
    assert snap_compare(app, terminal_size=SIZE, press=["d"])


def test_the_cycle_view_of_a_team_between_check_ins(snap_compare, fixed_world, monkeypatch):
    from datetime import date

    from facilitator.core.okr import KeyResult, Objective
    from facilitator.screens.cycle import CycleScreen
    from tests.cycle_data import finish, set_cycle

    store, clock, wall = fixed_world
    workspace = Workspace(store, clock=clock)
    monkeypatch.setattr(Workspace, "today", lambda self: date(2026, 12, 9))
    deployment = _session(store, clock, wall, "Platform")
    set_cycle(deployment, "2026-11-30", "2027-02-26")
    deployment.record_decision("performance-reviews", choice=None, decision="Ask HR first", owner="Kim",
                               status="parked", by_when="2026-12-18")
    finish(deployment)
    wall.advance(86400)
    drafting, ref = catalog.resolve("okr-drafting")
    drafts = session_module.Session.start(drafting, store, workshop_ref=ref, organization="Acme", team="Platform",
                                          clock=clock, wall_clock=wall)
    drafts.board.save_objective(Objective("o1", "Delight first-time customers", level="team", team="Platform"))
    drafts.board.save_key_result("o1", KeyResult("kr1", "Raise week-1 activation", start=32, target=45, unit="%",
                                                 direction="increase", owner="Ana"))
    drafts.add_action("Publish the OKRs in the wiki", owner="Ana", due="2026-12-01")
    finish(drafts)
    path = workspace.cycle_path("Acme", "Platform")

    async def open_cycle(pilot):
        await pilot.app.push_screen(CycleScreen(path, today=date(2026, 12, 9)))
        await pilot.pause()

    assert snap_compare(make_app(workspace), terminal_size=SIZE, run_before=open_cycle)
