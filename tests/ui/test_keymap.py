"""A coach's remapped keys work on the facilitate screen, and the help screen shows them."""

from __future__ import annotations

from facilitator.screens.help import HelpScreen
from tests.ui.screen import screen_text


async def test_a_remapped_key_moves_on_and_help_shows_it(app_factory, workspace, deployment, tmp_path, monkeypatch):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\nnext-step = "j"\n')
    monkeypatch.setenv("FACILITATOR_KEYMAP", str(keymap))
    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("j")
        assert session.current_index == 1
        await pilot.press("n")  # the usual key is replaced, not doubled
        assert session.current_index == 1
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "j Next step (marks this one done)" in text


async def test_a_bad_keymap_is_reported_and_the_usual_keys_still_work(app_factory, workspace, deployment, tmp_path,
                                                                      monkeypatch):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\nnext = "j"\n')
    monkeypatch.setenv("FACILITATOR_KEYMAP", str(keymap))
    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert any(str(keymap) in n.message and "'next' is not a key" in n.message for n in app._notifications)
        await pilot.press("n")
        assert session.current_index == 1
