from __future__ import annotations

import pytest

from facilitator.app import make_app
from facilitator.workspace import Workspace


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch):
    """A blinking cursor repaints twice a second, and Pilot waits for the app to be idle after every key: with
    the blink off each key press settles at once (the harlequin suite does the same)."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)


@pytest.fixture
def workspace(store, clock):
    return Workspace(store, clock=clock)


@pytest.fixture
def app_factory(workspace):
    def build(session=None):
        return make_app(workspace, session)

    return build
