"""Consensus checks from the keyboard: saved with the decision, and a low score blocks agreement."""

from __future__ import annotations

from facilitator.screens.consensus import ConsensusScreen


async def test_fist_of_five_with_an_objections_round(app_factory, workspace, deployment, store):
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("level")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        assert isinstance(app.screen, ConsensusScreen)
        await pilot.press("tab", "tab", "1", "tab", "tab", "tab", "2", "tab", "3", "ctrl+s")
        await pilot.pause()
        result = session.state.decisions["level"].consensus
        assert result["counts"] == {"0": 0, "1": 1, "2": 0, "3": 0, "4": 2, "5": 3}
        assert result["low"] == 1 and not result["agreed"], "a score of 2 or less opens an objections round"
        await pilot.press("v")
        app.screen.query_one("#objections").value = "Bo: two pilots is too many for HR"
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab")
        app.screen.query_one("#addressed").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = store.load_session(session.state.id)["decisions"]["level"]["consensus"]
        assert saved["agreed"] and saved["objections"] == "Bo: two pilots is too many for HR"


async def test_dot_voting_over_the_options(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("cycle")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        screen = app.screen
        screen.query_one("#method").value = "dot-voting"
        await pilot.pause()
        options = deployment.step("cycle").options
        screen.query_one(f"#dots-{options[0].id}").value = "7"
        screen.query_one(f"#dots-{options[1].id}").value = "2"
        await pilot.pause()
        assert "leader" in str(screen.query_one("#consensus-result").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        result = session.state.decisions["cycle"].consensus
        assert result["method"] == "dot-voting" and result["leader"] == options[0].id
        assert "dot voting: leader" in str(app.screen.query_one("#decision").render())


async def test_the_summary_marks_a_decision_without_agreement(app_factory, workspace, deployment):
    from facilitator.core.consensus import fist_of_five
    from tests.ui.screen import screen_text

    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("level")
    session.record_decision("level", choice="company-and-pilots", decision="", rationale="r", owner="Kim")
    session.record_consensus("level", fist_of_five({4: 5, 1: 1}, objections="", addressed=False))
    app = app_factory(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert "Level of OKRs · not agreed" in screen_text(app)

