"""Start-up: the command line pauses the garbage collector; the app turns it back on once it has drawn."""

from __future__ import annotations

import gc

from facilitator.screens.home import HomeScreen


async def test_collection_resumes_once_the_first_screen_is_drawn(app_factory):
    gc.disable()  # as cli.main does before the app starts
    try:
        app = app_factory()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


async def test_an_app_started_with_collection_on_leaves_it_alone(app_factory):
    frozen = gc.get_freeze_count()
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.isenabled() and gc.get_freeze_count() == frozen
