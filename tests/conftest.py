from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from facilitator.core import catalog
from facilitator.store import Store

REPO = Path(__file__).resolve().parent.parent


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class FakeWallClock:
    def __init__(self):
        self.now = datetime(2026, 11, 26, 9, 0, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class MemoryStore:
    """Records what the session asked to save, so tests can check it saved before returning."""

    def __init__(self):
        self.saved: list[dict] = []
        self.summaries: list[dict] = []
        self.fail_with: Exception | None = None

    def save_session(self, state: dict, summary: dict) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.saved.append(state)
        self.summaries.append(summary)


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory):
    """Keep the tests' workshop cache out of the developer's own cache folder."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    # ... and the developer's own keymap out of the tests' keys.
    os.environ["FACILITATOR_KEYMAP"] = str(tmp_path_factory.mktemp("config") / "keymap.toml")


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch):
    """A blinking cursor repaints twice a second, and Pilot waits for the app to be idle after every key: with
    the blink off each key press settles at once (the harlequin suite does the same);
    a snapshot then never catches the cursor half-way through a blink."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def wall() -> FakeWallClock:
    return FakeWallClock()


@pytest.fixture
def deployment():
    workshop, _ = catalog.resolve("deployment-parameters")
    return workshop


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "db.json") as opened:
        yield opened


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """Every test speaks English unless it asks for another language, whatever the developer's locale says;
    the language chosen by one test (or by `cli.main`) never leaks into the next."""
    from facilitator import i18n

    for name in i18n.ENV_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.set_language("en")
    yield
    i18n.set_language("en")
