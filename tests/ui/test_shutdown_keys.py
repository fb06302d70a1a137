"""A key pressed while the app is ending is dropped: `q` then a quick `s`, `o`, `a` or `k` used to open a screen
that was torn down while it mounted (a NoMatches traceback printed at the coach, exit status 0)."""

from __future__ import annotations

import pytest
from textual import events

from facilitator.app import make_app


@pytest.mark.parametrize("second", ["s", "o", "a", "k", "d", "question_mark", "P", "N"])
async def test_a_key_right_after_q_does_nothing(workspace, deployment, second):
    session = workspace.start(deployment, "deployment-parameters")
    app = make_app(workspace, session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # In one burst, as a terminal delivers `qs` typed quickly: the second key is queued before q is handled.
        for key, character in (("q", "q"), (second, second if len(second) == 1 else "?")):
            app.post_message(events.Key(key, character))
        await pilot.pause()
    assert app.return_code == 0
    assert app._exception is None
    assert app.ending and len(app.screen_stack) <= 1
