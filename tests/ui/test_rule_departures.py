"""A self-guided team on its draft board: a finding that breaks its own rule is set aside only as a decision to
depart from the rule, and the decision shows on the board, in the summary and at the next revisit."""

from __future__ import annotations

from facilitator.core import catalog
from facilitator.core.okr import KeyResult
from facilitator.screens.draft_board import DraftBoardScreen
from facilitator.screens.draft_dialogs import DismissDialog
from tests.core.test_rule_departures import REASON, RULE, team_board
from tests.ui.screen import screen_text


async def _open_board(pilot, session):
    pilot.app.push_screen(DraftBoardScreen(session))
    await pilot.pause()


async def test_the_dismiss_dialog_turns_into_depart_from_our_rule_and_saves_the_decision(app_factory, workspace,
                                                                                       store):
    session = team_board(workspace)
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_board(pilot, session)
        await pilot.press("i", "1")
        dialog = app.screen
        assert isinstance(dialog, DismissDialog)
        shown = screen_text(app)
        assert "Depart from our rule" in shown and "Why we depart from it this time" in shown
        assert f"We decided: {RULE}" in str(dialog.query_one("#our-rule").render())
        assert "ctrl+s record the departure" in str(dialog.query_one("#dialog-keys").render())
        await pilot.press("tab", "ctrl+s")
        await pilot.pause()
        assert app.screen is dialog, "no reason, no departure"
        await pilot.press(*REASON, "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DraftBoardScreen)
        [saved] = store.load_session(session.state.id)["departures"]
        assert (saved["check_id"], saved["target_id"], saved["parameter"], saved["reason"]) == (
            "too-many-key-results", "o1", "number", REASON)
        assert store.load_session(session.state.id)["dismissals"] == [], "a decision, not a dismissal"
        shown = screen_text(app)
        assert "OUR DECISION" in shown and "PROBLEM" not in shown, "the finding reads as the team's decision"


async def test_the_team_takes_its_departure_back_from_the_same_dialog(app_factory, workspace, store):
    session = team_board(workspace)
    session.board.depart("too-many-key-results", "o1", REASON)
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_board(pilot, session)
        await pilot.press("i")
        dialog = app.screen
        number = len(dialog.findings) + 1  # the departures come after the open findings
        await pilot.press(str(number))
        assert "Take back our departure" in str(dialog.query_one("#dialog-title").render())
        assert f"We departed because: {REASON}" in str(dialog.query_one("#our-rule").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.load_session(session.state.id)["departures"] == []
        assert "PROBLEM" in screen_text(app), "the rule holds again: the finding is open"


async def test_a_draft_that_keeps_the_rule_again_withdraws_the_departure_and_says_so(app_factory, workspace, store):
    session = team_board(workspace)
    session.board.depart("too-many-key-results", "o1", REASON)
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_board(pilot, session)
        await pilot.press("down", "down", "down", "down", "x")  # kr4 removed: three key results, the limit
        await pilot.pause()
        assert store.load_session(session.state.id)["departures"] == []
        assert any("keeps the rule again" in str(n.message) for n in app._notifications)


async def test_a_coached_session_dismisses_as_before(app_factory, workspace, store):
    session = team_board(workspace, self_guided=False)
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_board(pilot, session)
        await pilot.press("i", "1")
        shown = screen_text(app)
        assert "Dismiss a finding" in shown and "Depart from our rule" not in shown
        await pilot.press("tab", *"The coach heard why", "ctrl+s")
        await pilot.pause()
        saved = store.load_session(session.state.id)
        assert saved["dismissals"][0]["reason"] == "The coach heard why" and saved["departures"] == []


async def test_the_summary_lists_the_departure_and_reflect_and_reset_shows_it_at_the_revisit(app_factory, workspace):
    from facilitator.screens.summary import SummaryScreen

    session = team_board(workspace)
    session.board.depart("too-many-key-results", "o1", REASON)
    app = app_factory(session)
    async with app.run_test(size=(100, 60)) as pilot:
        app.push_screen(SummaryScreen(session))
        await pilot.pause()
        shown = screen_text(app)
        assert "Departures from our rules" in shown and f"Why we depart: {REASON}" in shown
    workshop, ref = catalog.resolve("reflect-and-reset")
    reflect = workspace.start(workshop, ref, organization="Acme", team="Platform", self_guided=True)
    reflect.go_to(next(s.id for s in reflect.workshop.steps if s.parameter == "number"))
    app = app_factory(reflect)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        shown = str(app.screen.query_one("#decision").render())
        assert f"Last cycle you departed from it: 4 key results; the room's limit is 3. Why: {REASON}" in shown


async def test_a_key_result_added_after_the_departure_keeps_it(app_factory, workspace):
    session = team_board(workspace)
    session.board.depart("too-many-key-results", "o1", REASON)
    session.board.save_key_result("o1", KeyResult("kr5", "Raise NPS from 20 to 35", owner="Bo"))
    assert [d.reason for d in session.board.departures()] == [REASON]


async def test_the_dialog_says_depart_only_once_the_team_picked_the_finding(app_factory, workspace):
    session = team_board(workspace)
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_board(pilot, session)
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#options").highlighted is None
        assert "Dismiss a finding or depart from our rule" in str(dialog.query_one("#dialog-title").render())
        assert not dialog.query_one("#our-rule").display, "no rule named before a finding is picked"
        await pilot.press("1")
        await pilot.pause()
        assert "Depart from our rule" in str(dialog.query_one("#dialog-title").render())
