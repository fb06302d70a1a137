"""Text typed just before ctrl+s is saved whole.

A terminal (more so over SSH) delivers a typed sentence and the ctrl+s after it in one read. The save must wait
until every key already received has reached its field: it used to read the field while the last letters were
still queued, and 2 of 10 decisions were saved cut short."""

from __future__ import annotations

from textual import events

from facilitator.app import make_app
from facilitator.screens.facilitate import FacilitateScreen

WORDS = "Team level first, then the company [/] level ünïcode"


def burst(app, *keys: str) -> None:
    """Keys queued at once, as one read from the terminal: none is handled before the last is queued."""
    for key in keys:
        character = key if len(key) == 1 else None
        name = {" ": "space", ",": "comma", "[": "left_square_bracket", "]": "right_square_bracket",
                "/": "slash"}.get(key, key)
        app.post_message(events.Key(name, character))


async def test_a_decision_typed_and_saved_in_one_burst_is_saved_whole(workspace, deployment, store):
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("level")
    app = make_app(workspace, session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d", "1", "tab")
        assert app.focused.id == "decision-text"
        app.focused.value = ""
        burst(app, *WORDS, "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen)
        await pilot.press("d", "tab", "tab")
        assert app.focused.id == "rationale"
        burst(app, *"Because we said so", "ctrl+s")  # a text area, where the saving used to cut too
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen)
    saved = store.load_session(session.state.id)["decisions"]["level"]
    assert saved["decision"] == WORDS
    assert saved["rationale"] == "Because we said so"


async def test_an_action_typed_and_saved_in_one_burst_is_saved_whole(workspace, deployment, store):
    session = workspace.start(deployment, "deployment-parameters")
    app = make_app(workspace, session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "tab", *"Ana", "tab", *"2026-12-10", "shift+tab", "shift+tab")
        assert app.focused.id == "action-text"
        burst(app, *"Send the draft to the board", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen)
    actions = store.load_session(session.state.id)["actions"]
    assert [(a["text"], a["owner"]) for a in actions] == [("Send the draft to the board", "Ana")]
