"""The summary screen: what a coach reads back to the room at the end."""

from __future__ import annotations


async def test_the_summary_shows_minutes_added_to_a_step(app_factory, workspace, deployment):
    from tests.ui.screen import screen_text

    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("plus", "plus", "s")
        await pilot.pause()
        assert f"{deployment.steps[0].title} 10m +2" in screen_text(app)
