from __future__ import annotations

import pytest

from facilitator.app import make_app
from facilitator.workspace import Workspace


@pytest.fixture
def workspace(store, clock):
    return Workspace(store, clock=clock)


@pytest.fixture
def app_factory(workspace):
    def build(session=None):
        return make_app(workspace, session)

    return build
