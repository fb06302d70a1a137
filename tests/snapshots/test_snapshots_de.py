"""SVG snapshots of the facilitate screen and the draft board in German at 80x24: German's longer words must
still fit the key bar, the step bar and the board. Regenerate with `--snapshot-update` and look at them."""

from __future__ import annotations

import pytest

from facilitator import i18n
from facilitator.app import make_app
from facilitator.core import catalog
from facilitator.core import session as session_module
from facilitator.workspace import Workspace
from tests.snapshots.test_snapshots import SIZE, fixed_world  # noqa: F401 (the fixture)


@pytest.fixture
def german():
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def test_facilitate_a_decision_step_in_german(snap_compare, fixed_world, german):  # noqa: F811
    store, clock, wall = fixed_world
    workshop, ref = catalog.resolve("deployment-parameters", language="de")
    session = session_module.Session.start(workshop, store, workshop_ref=ref, organization="Acme",
                                           team="Führungsteam", facilitator="Kim", clock=clock, wall_clock=wall)
    session.toggle_timer()
    for step in session.workshop.steps[:3]:
        clock.advance(step.planned_seconds + 60)
        session.next_step()
    clock.advance(session.current.planned_seconds + 75)
    session.toggle_timer()
    session.record_decision("level", choice=session.current.default_option.id, decision="",
                            rationale="Lernen mit Teams, die es wollen", owner="Kim")
    app = make_app(Workspace(store, clock=clock), session)
    assert snap_compare(app, terminal_size=SIZE)


def test_draft_board_in_german(snap_compare, fixed_world, german):  # noqa: F811
    from facilitator.core.okr import KeyResult, Objective
    from facilitator.screens.draft_board import DraftBoardScreen

    store, clock, wall = fixed_world
    workshop, ref = catalog.resolve("okr-drafting", language="de")
    session = session_module.Session.start(workshop, store, workshop_ref=ref, organization="Acme", team="Plattform",
                                           clock=clock, wall_clock=wall)
    Workspace(store, clock=clock).with_context(session)
    board = session.board
    board.save_objective(Objective("o1", "Jede neue Kundin begeistern", why_now="Die Abwanderung hat sich verdoppelt",
                                   level="team", team="Plattform"))
    board.save_key_result("o1", KeyResult("kr1", "Aktivierung in Woche 1 steigern", start=32, target=45, unit="%",
                                          owner="Ana", confidence=0.6))
    board.save_key_result("o1", KeyResult("kr2", "Meilenstein: neuer Onboarding-Flow", owner="Bo",
                                          type="milestone"))
    app = make_app(Workspace(store, clock=clock), session)

    async def open_board(pilot):
        app.push_screen(DraftBoardScreen(session))
        await pilot.pause()
        await pilot.press("down", "down")

    assert snap_compare(app, terminal_size=SIZE, run_before=open_board)
