"""On a narrow terminal the step gets the whole width; the agenda comes back when there is room."""

from __future__ import annotations


async def test_the_agenda_gives_way_below_70_columns_and_returns_when_widened(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        agenda = app.screen.query_one("#agenda")
        assert not agenda.display
        assert app.screen.query_one("#main").region.width == 60
        assert "1/16" in str(app.screen.query_one("#step-heading").render())  # where we are is still shown
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert agenda.display and agenda.region.width >= 26
        await pilot.resize_terminal(69, 30)
        await pilot.pause()
        assert not agenda.display


async def test_a_dialog_fits_a_small_terminal_and_scrolls_to_the_field_being_typed_in(app_factory, workspace,
                                                                                     deployment):
    from facilitator.screens.decision import DecisionScreen

    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("level")
    app = app_factory(session)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("d")
        assert isinstance(app.screen, DecisionScreen)
        dialog = app.screen.query_one("#dialog")
        assert dialog.region.width == 40 and dialog.region.height <= 12
        await pilot.press("2", "tab", "tab", *"Pilots", "tab")
        owner = app.focused
        assert owner is not None and owner.id == "owner"
        assert dialog.region.contains_region(owner.region)  # scrolled into view, not cut off below
        await pilot.press(*"Kim", "ctrl+s")
        assert session.decision_for(session.current).owner == "Kim"
        await pilot.resize_terminal(100, 30)
        await pilot.press("d")
        assert app.screen.query_one("#dialog").region.width == 80  # 80% of the width once there is room
