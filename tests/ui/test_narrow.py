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
