"""A full disk or a read-only folder mid-workshop: a visible warning, nothing lost, saved once it clears."""

from __future__ import annotations

import errno
import json

import pytest

import facilitator.store as store_module


@pytest.mark.parametrize("fault", [errno.ENOSPC, errno.EROFS, errno.EACCES])
async def test_a_failed_save_is_shown_kept_and_retried(app_factory, workspace, deployment, store, clock,
                                                       monkeypatch, fault):
    session = workspace.start(deployment, "deployment-parameters")
    real_write = store_module.atomic_write_text

    def broken(path, text):
        raise OSError(fault, __import__("os").strerror(fault))

    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        monkeypatch.setattr(store_module, "atomic_write_text", broken)
        await pilot.press("n", "n", "n")
        banner = screen.query_one("#save-status")
        assert banner.display
        assert "NOT SAVED" in str(banner.render()) and __import__("os").strerror(fault) in str(banner.render())
        assert session.current.id == "level", "the room carries on"
        await pilot.press("d", "1", "ctrl+s")
        assert session.state.decisions["level"].status == "decided", "kept in memory"
        session_file = store.sessions_dir / f"{session.state.id}.json"
        assert json.loads(session_file.read_text())["session"]["1"]["current_step"] != "level", "not on disk yet"

        monkeypatch.setattr(store_module, "atomic_write_text", real_write)
        clock.advance(6)
        screen.tick()
        await pilot.pause()
        assert not banner.display
        session_file = store.sessions_dir / f"{session.state.id}.json"
        on_disk = json.loads(session_file.read_text())["session"]["1"]
        assert on_disk["current_step"] == "level"
        assert on_disk["decisions"]["level"]["status"] == "decided"
