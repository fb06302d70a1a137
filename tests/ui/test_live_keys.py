"""Keys act on what the coach sees: each test presses the keys that once acted on a different item."""

from __future__ import annotations

from facilitator.core import catalog
from facilitator.core.okr import KeyResult, Objective
from facilitator.screens.draft_board import DraftBoardScreen
from facilitator.screens.draft_dialogs import DismissDialog


def _drafting(workspace):
    workshop, ref = catalog.resolve("okr-drafting")
    session = workspace.start(workshop, ref, team="Platform")
    board = session.board
    board.save_objective(Objective("o1", "Delight first-time customers", level="team", team="Platform"))
    board.save_key_result("o1", KeyResult("kr1", "Launch the new onboarding flow"))
    return session


async def test_a_digit_picks_the_finding_to_dismiss_and_the_toast_names_it(app_factory, workspace):
    session = _drafting(workspace)
    app = app_factory(session)
    async with app.run_test(size=(100, 32)) as pilot:
        app.push_screen(DraftBoardScreen(session))
        await pilot.pause()
        await pilot.press("down")  # the key result
        await pilot.pause()
        await pilot.press("i")
        dialog = app.screen
        assert isinstance(dialog, DismissDialog)
        assert dialog.query_one("#options").highlighted is None, "nothing is preselected"
        shown = dialog.findings
        assert len(shown) >= 2
        await pilot.press("2", "tab", *"We know it is a task", "ctrl+s")
        await pilot.pause()
        [dismissal] = session.board.dismissals()
        assert (dismissal.check_id, dismissal.target_id) == (shown[1].check_id, shown[1].target_id)
        assert any(shown[1].message in str(n.message) for n in app._notifications), "the toast names it"


async def test_no_finding_is_dismissed_before_one_is_picked(app_factory, workspace):
    session = _drafting(workspace)
    app = app_factory(session)
    async with app.run_test(size=(100, 32)) as pilot:
        app.push_screen(DraftBoardScreen(session))
        await pilot.pause()
        await pilot.press("i", "tab", *"A reason for nothing", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DismissDialog), "the dialog stays open and asks for the finding"
        assert session.board.dismissals() == []
        assert any("Pick the finding first" in str(n.message) for n in app._notifications)


async def test_the_parking_review_highlight_stays_with_the_next_item(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    for text in ("Budget calendar", "Hiring plan", "Tooling"):
        session.park(text)
    session.go_to("review-decisions")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("K")
        app.screen.query_one("#note").value = "Ana"
        await pilot.press("down", "2", "tab", "tab", *"2026-12-10", "ctrl+s", "3")
        await pilot.press("escape")
    assert [p.resolution for p in session.state.parking_lot] == ["", "action", "carried"]
    assert [a.text for a in session.state.actions] == ["Hiring plan"]


async def test_a_point_made_an_action_is_not_also_carried(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    session.park("Hiring plan")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("K")
        app.screen.query_one("#note").value = "Ana"
        await pilot.press("2", "tab", "tab", *"2026-12-10", "ctrl+s", "3")
        await pilot.pause()
        await pilot.press("escape")
    assert [p.resolution for p in session.state.parking_lot] == ["action"]
    assert len(session.state.actions) == 1


async def test_self_guided_checks_again_after_anything_is_recorded(app_factory, workspace):
    workshop, ref = catalog.resolve("deployment-parameters")
    session = workspace.start(workshop, ref, self_guided=True)
    session.go_to("level")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert session.current.id == "level"
        await pilot.press("d", "1", "ctrl+s")  # a decision with no reason and no owner
        await pilot.pause()
        await pilot.press("n")
        assert session.current.id == "level", "what was recorded since the warning is checked afresh"
        assert "Add the reason" in str(app.screen.query_one("#readiness").render())
        await pilot.press("n")
        assert session.current.id == "number", "n straight after the warning moves on"
        await pilot.pause()
        assert not app.screen.query_one("#readiness").display, "the old warning does not stay over the next step"


async def test_a_dot_vote_that_differs_from_the_decision_is_not_agreed(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("cycle")
    options = deployment.step("cycle").options
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        screen = app.screen
        screen.query_one("#method").value = "dot-voting"
        await pilot.pause()
        screen.query_one(f"#dots-{options[0].id}").value = "7"
        screen.query_one(f"#dots-{options[1].id}").value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.state.decisions["cycle"].consensus["agreed"]
        await pilot.press("d", "2", "ctrl+s")  # the room writes down the option that lost the vote
        await pilot.pause()
        consensus = session.state.decisions["cycle"].consensus
        assert consensus["differs"] and not consensus["agreed"]
        assert any("not agreed until the room confirms" in str(n.message) or "counts as not agreed"
                   in str(n.message) for n in app._notifications)
        await pilot.press("v")
        app.screen.query_one("#confirmed").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.state.decisions["cycle"].consensus["agreed"], "the coach confirmed the decision"


async def test_a_dot_vote_keeps_the_open_objections_of_a_fist_of_five(app_factory, workspace, deployment):
    from facilitator.core.consensus import fist_of_five

    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("level")
    session.record_consensus("level", fist_of_five({1: 1, 4: 4}, objections="Bo: HR cannot support two pilots"))
    options = deployment.step("level").options
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        screen = app.screen
        screen.query_one("#method").value = "dot-voting"
        await pilot.pause()
        assert screen.query_one("#objections").value == "Bo: HR cannot support two pilots"
        screen.query_one(f"#dots-{options[0].id}").value = "6"
        await pilot.press("ctrl+s")
        await pilot.pause()
        consensus = session.state.decisions["level"].consensus
        assert consensus["method"] == "dot-voting" and not consensus["agreed"]
        assert consensus["objections"] == "Bo: HR cannot support two pilots"


def test_a_quoted_example_shows_no_stray_quote_marks():
    import io

    from rich.console import Console

    from facilitator.render.light_markdown import render

    console = Console(file=io.StringIO(), width=50, color_system=None)
    console.print(render("> **Decision:** one pilot team.\n> **Why:** their work is\n> easy to measure.\nAfter."))
    text = console.file.getvalue()
    assert ">" not in text
    assert "their work is easy to measure" in " ".join(line.strip("│ ") for line in text.splitlines())
    assert "After." in text
