"""A full disk or a read-only folder mid-workshop: a visible warning, nothing lost, saved once it clears."""

from __future__ import annotations

import errno
import json

import pytest

import facilitator.store.files as store_module


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


async def test_quitting_with_unsaved_changes_warns_then_writes_a_rescue_file_that_imports_back(
        app_factory, workspace, deployment, store, monkeypatch, tmp_path):
    import yaml

    from facilitator.store import Store, StoreError
    from facilitator.workspace import Workspace

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("level")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(store_module, "atomic_write_text",
                            lambda path, text: (_ for _ in ()).throw(OSError(errno.EACCES, "Permission denied")))
        await pilot.press("d", "2", "ctrl+s")
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running, "the first q only warns"
        assert any("Press q again" in str(n.message) for n in app._notifications)
        await pilot.press("q")
    assert app.unsaved_reason and "Permission denied" in app.unsaved_reason
    rescue = tmp_path / "home" / app.rescued_to.rsplit("/", 1)[-1]
    assert app.rescued_to == str(rescue) and oct(rescue.stat().st_mode & 0o777) == "0o600"
    assert yaml.safe_load(rescue.read_text())["parameters"]["level"]["status"] == "decided"

    with pytest.raises(StoreError):
        store.close()  # the folder is still unwritable: the last flush fails too
    monkeypatch.undo()
    with Store(store.path) as reopened:
        assert reopened.load_session(session.state.id)["decisions"]["level"]["status"] == "open"  # what was lost
        again = Workspace(reopened)
        again.import_text(rescue.read_text(), replace=True)
        assert reopened.load_session(session.state.id)["decisions"]["level"]["status"] == "decided"


async def test_read_only_refuses_changes_up_front_and_quits_without_a_rescue(deployment, store, tmp_path):
    from facilitator.app import make_app
    from facilitator.store import Store
    from facilitator.workspace import Workspace

    session = Workspace(store).start(deployment, "deployment-parameters")
    session.go_to("level")
    store.close()
    with Store(store.path, read_only=True) as viewer:
        workspace = Workspace(viewer)
        app = make_app(workspace, workspace.resume(session.state.id))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("d")
            await pilot.pause()
            assert type(app.screen).__name__ == "FacilitateScreen", "no decision dialog to fill in and lose"
            assert any("read-only" in str(n.message) for n in app._notifications)
            await pilot.press("a")
            await pilot.pause()
            assert type(app.screen).__name__ == "FacilitateScreen"
            await pilot.press("q")
        assert app.rescued_to is None and app.unsaved_reason is None
