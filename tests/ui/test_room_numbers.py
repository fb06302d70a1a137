"""The room's own numbers: typed in the decision dialog, then followed by the board, the prompts and summaries."""

from __future__ import annotations

from facilitator.core import catalog
from facilitator.screens.decision import DecisionScreen
from tests.ui.screen import screen_text


async def test_the_decision_dialog_prefills_the_numbers_from_the_pick_and_keeps_the_room_s(app_factory, workspace,
                                                                                            deployment):
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("number")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        dialog = app.screen
        assert isinstance(dialog, DecisionScreen)
        objectives, krs = dialog.query_one("#value-objectives"), dialog.query_one("#value-key_results")
        assert (objectives.value, krs.value) == ("3", "2-5"), "the usual starting choice fills the fields"
        await pilot.press("2")
        assert (objectives.value, krs.value) == ("2", "2-3"), "a pick fills them"
        krs.value = "2-4"  # the room's own range, not the nearest option's
        await pilot.press("1")
        assert (objectives.value, krs.value) == ("3", "2-4"), "what the room typed stays when the pick changes"
        await pilot.press("2")
        dialog.query_one("#decision-text").value = "2 objectives, 2-4 key results each"
        await pilot.press("ctrl+s")
        await pilot.pause()
    decision = session.state.decisions["number"]
    assert decision.values == {"objectives": 2, "key_results": {"min": 2, "max": 4}}
    assert (session.board.rules().max_objectives, session.board.rules().max_krs) == (2, 4)


async def test_a_wrong_number_keeps_the_dialog_open_and_says_what_is_wrong(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("scoring")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d", "1")
        dialog = app.screen
        assert dialog.query_one("#value-confidence").value == "0-1"
        dialog.query_one("#value-confidence").value = "ten"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog, "nothing is saved"
        assert app.focused.id == "value-confidence"
        assert any("Confidence scale" in str(n.message) and "'ten'" in str(n.message) for n in app._notifications)
        dialog.query_one("#value-confidence").value = "1-10"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert session.state.decisions["scoring"].values["confidence"] == {"min": 1, "max": 10}
    assert session.board.rules().confidence_scale.max == 10


def _deployment_with_numbers(workspace, deployment, team="Leadership"):
    session = workspace.start(deployment, "deployment-parameters", organization="Acme", team=team)
    for parameter, choice, values in (
            ("level", "company-only", {"levels": ["company"]}),
            ("number", "two-by-three", {"objectives": 2, "key_results": {"min": 2, "max": 4}}),
            ("scoring", "decimal-with-confidence", {"scale": {"name": "0-1", "min": 0, "max": 1},
                                                    "confidence": {"min": 1, "max": 10}, "check_in_weeks": 1})):
        session.go_to(parameter)
        session.record_decision(parameter, choice=choice, decision="as the room said", rationale="r", owner="Kim",
                                values=values)
    session.close()
    return session


async def test_drafting_prompts_and_the_summary_follow_the_rules_in_force(app_factory, workspace, deployment):
    _deployment_with_numbers(workspace, deployment)
    drafting, ref = catalog.resolve("okr-drafting")
    session = workspace.start(drafting, ref, organization="Acme", team="Leadership")
    session.go_to("objectives")
    app = app_factory(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Draft up to 2 objectives for this level" in text
        assert "1-3 objectives" not in text
        assert "2-4 key results" in text and "confidence 1-10" in text
        await pilot.press("s")
        await pilot.pause()
        text = screen_text(app)
        assert "Rules in force" in text and "from Leadership's deployment" in text
        assert "up to 2 objectives per level" in text
        assert " · open" not in text, "not ten parameters 'open'"


async def test_only_decided_levels_are_offered_and_a_new_objective_takes_the_session_s_level(app_factory,
                                                                                              workspace, deployment):
    from facilitator.screens.draft_board import DraftBoardScreen
    from facilitator.screens.draft_dialogs import ObjectiveDialog

    _deployment_with_numbers(workspace, deployment)
    drafting, ref = catalog.resolve("okr-drafting")
    session = workspace.start(drafting, ref, organization="Acme", team="Leadership")
    app = app_factory(session)
    async with app.run_test(size=(100, 32)) as pilot:
        app.push_screen(DraftBoardScreen(session))
        await pilot.pause()
        rules_line = str(app.screen.query_one("#rules-from").render())
        assert "≤2 objectives · 2-4 key results" in rules_line and "confidence 1-10" in rules_line
        assert "from Leadership's deployment" in rules_line
        await pilot.press("o")
        dialog = app.screen
        assert isinstance(dialog, ObjectiveDialog)
        level = dialog.query_one("#level")
        assert level.value == "company"
        assert [value for _, value in level._options if value != level.BLANK] == ["company"], \
            "team and individual were not decided"


async def test_a_pilot_team_drafting_under_leadership_s_decisions_drafts_at_team_level(workspace, deployment):
    leadership = workspace.start(deployment, "deployment-parameters", organization="Acme", team="Leadership")
    leadership.go_to("level")
    leadership.record_decision("level", choice="company-and-pilots", decision="", rationale="r", owner="K")
    leadership.close()
    drafting, ref = catalog.resolve("okr-drafting")
    platform = workspace.start(drafting, ref, organization="Acme", team="Platform")
    assert platform.board.rules().levels == {"company", "team"}
    assert platform.board.default_level() == "team"
    assert workspace.start(drafting, ref, organization="Acme", team="Leadership").board.default_level() == "company"


def test_a_check_in_takes_confidence_on_the_room_s_confidence_scale(workspace):
    from tests.ui.test_check_in import drafted_cycle, start_check_in

    drafted_cycle(workspace)
    deployment, ref = catalog.resolve("deployment-parameters")
    rules = workspace.start(deployment, ref, organization="Acme", team="Platform")
    rules.go_to("scoring")
    rules.record_decision("scoring", choice="decimal-with-confidence", decision="0-1 scores, confidence 1-10",
                          owner="Kim", values={"scale": {"name": "0-1", "min": 0, "max": 1},
                                               "confidence": {"min": 1, "max": 10}, "check_in_weeks": 1})
    rules.close()
    check_in = start_check_in(workspace)
    check_in.check_ins.record("kr1", value=35, confidence=7)  # "7 out of 10", as the room decided
    assert check_in.check_ins.entry("kr1").confidence == 7


def test_a_check_in_takes_the_cycle_dates_from_the_decision_s_fields(workspace):
    from tests.ui.test_check_in import drafted_cycle, start_check_in

    drafted_cycle(workspace)
    deployment, ref = catalog.resolve("deployment-parameters")
    rules = workspace.start(deployment, ref, organization="Acme", team="Platform")
    rules.go_to("cycle")
    rules.record_decision("cycle", choice="quarterly", decision="Quarterly, from the first Monday of October",
                          owner="Kim", values={"cycle_months": 3, "start": "2026-10-05", "end": "2027-01-03"})
    rules.close()
    cycle = start_check_in(workspace).check_ins.cycle()
    assert (cycle.start.isoformat(), cycle.end.isoformat()) == ("2026-10-05", "2027-01-03")
