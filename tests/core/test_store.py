"""The store: sessions on disk, private, locked to one writer, never half-written."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.core.session import Session
from facilitator.store import SCHEMA_VERSION, Store, StoreError, StoreLocked, StoreWriteError
from facilitator.workspace import Workspace


def test_a_saved_session_is_listed_and_loads_back(store, deployment, clock):
    session = Session.start(deployment, store, workshop_ref="deployment-parameters", team="Leadership", clock=clock)
    session.next_step()
    [summary] = Workspace(store).sessions()
    assert summary.id == session.state.id
    assert summary.team == "Leadership"
    assert (summary.steps_done, summary.steps_total) == (1, len(deployment.steps))
    assert store.load_session(session.state.id)["current_step"] == deployment.steps[1].id


def test_sessions_survive_reopening(tmp_path, deployment):
    with Store(tmp_path / "db.json") as store:
        session = Session.start(deployment, store, workshop_ref="deployment-parameters")
        session.go_to("cycle")
        session.record_decision("cycle", choice="quarterly", decision="")
    with Store(tmp_path / "db.json") as store:
        resumed = Workspace(store).resume("latest")
    assert resumed.current.id == "cycle"
    assert resumed.state.decisions["cycle"].choice == "quarterly"


def test_a_session_is_found_as_latest_by_id_or_by_prefix_through_the_workspace_alone(store, deployment, wall):
    a = Session.start(deployment, store, workshop_ref="deployment-parameters", wall_clock=wall)
    wall.advance(60)
    b = Session.start(deployment, store, workshop_ref="deployment-parameters", wall_clock=wall)
    wall.advance(60)
    a.next_step()  # changed last, yet not the latest started: looking something up never makes a session latest
    assert Workspace(store).sessions()[0].id == a.state.id
    workspace = Workspace(store)
    assert workspace.find("latest") == b.state.id
    assert workspace.find(a.state.id) == a.state.id
    with pytest.raises(StoreError, match="no session 'zzz'"):
        workspace.find("zzz")
    assert not hasattr(store, "resolve"), "one door for a session reference: Workspace.find"


def test_files_are_private_to_the_owner(store, deployment):
    session = Session.start(deployment, store, workshop_ref="deployment-parameters")
    for path in (store.path, store.sessions_dir / f"{session.state.id}.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_schema_version_is_recorded(store):
    assert store.index.table("meta").get(doc_id=1)["schema_version"] == SCHEMA_VERSION


def test_a_newer_schema_is_refused_without_touching_the_file(tmp_path):
    path = tmp_path / "db.json"
    path.write_text('{"meta": {"1": {"schema_version": 99}}}')
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer facilitator"):
        Store(path).open()
    assert path.read_bytes() == before


def test_a_damaged_database_is_reported_and_left_alone(tmp_path):
    path = tmp_path / "db.json"
    path.write_text('{"meta": {"1": {"schema_vers')
    with pytest.raises(StoreError, match=r"db.json is damaged .*not been changed"):
        Store(path).open()
    assert path.read_text() == '{"meta": {"1": {"schema_vers'


def test_a_second_writer_is_told_who_holds_the_database(tmp_path):
    path = tmp_path / "db.json"
    code = f"""
import sys
from facilitator.store import Store, StoreLocked
try:
    Store({str(path)!r}).open()
except StoreLocked as exc:
    print(exc)
    sys.exit(3)
"""
    with Store(path):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr
    assert f"process {os.getpid()}" in result.stdout and "in use by another facilitator" in result.stdout
    with Store(path):  # released on close: the next start is not blocked
        pass


def test_a_lock_left_by_a_killed_process_does_not_block(tmp_path):
    path = tmp_path / "db.json"
    code = f"import os, signal; from facilitator.store import Store; Store({str(path)!r}).open(); " \
           "os.kill(os.getpid(), signal.SIGKILL)"
    subprocess.run([sys.executable, "-c", code], timeout=60)
    assert (tmp_path / "db.json.lock").exists()
    with Store(path):
        pass


def test_a_read_only_folder_gives_a_save_error_not_a_crash(tmp_path, deployment):
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")  # the fault is simulated below instead
    folder = tmp_path / "ro"
    folder.mkdir()
    with Store(folder / "db.json") as store:
        session = Session.start(deployment, store, workshop_ref="deployment-parameters")
        folder.chmod(0o500)
        try:
            session.next_step()
            assert session.unsaved_reason
        finally:
            folder.chmod(0o700)


def test_a_vanished_folder_is_a_save_error_the_session_survives(tmp_path, deployment):
    import shutil

    with Store(tmp_path / "work" / "db.json") as store:
        session = Session.start(deployment, store, workshop_ref="deployment-parameters")
        shutil.rmtree(tmp_path / "work")
        (tmp_path / "work").write_text("a file where the folder was")
        session.next_step()
        assert session.unsaved_reason and "could not save" in session.unsaved_reason
        assert session.current == deployment.steps[1]
        (tmp_path / "work").unlink()
        session.checkpoint(force=True)
        assert session.unsaved_reason is None
        assert store.load_session(session.state.id)["current_step"] == deployment.steps[1].id


def test_store_write_error_is_a_save_error():
    from facilitator.core.records import SaveError

    assert issubclass(StoreWriteError, SaveError)
    assert issubclass(StoreLocked, StoreError)


def test_store_and_workshop_errors_share_one_base_a_caller_can_catch():
    from facilitator.core.errors import FacilitatorError
    from facilitator.core.loader import WorkshopError

    assert issubclass(StoreError, FacilitatorError) and issubclass(WorkshopError, FacilitatorError)


def test_a_folder_given_as_database_is_explained(tmp_path: Path):
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path).open()


def test_temporary_files_left_by_a_killed_save_are_cleared_on_open(tmp_path, deployment):
    with Store(tmp_path / "db.json") as store:
        session = Session.start(deployment, store, workshop_ref="deployment-parameters")
        leftover = store.sessions_dir / f".{session.state.id}.json.abcd1234.tmp"
    leftover.write_text('{"half": ')
    with Store(tmp_path / "db.json") as store:
        assert not leftover.exists()
        assert store.load_session(session.state.id)["id"] == session.state.id


def test_a_drafting_session_inherits_the_team_s_deployment_decisions(store, deployment):
    from facilitator.core import catalog

    workspace = Workspace(store)
    deploy = workspace.start(deployment, "deployment-parameters", organization="Acme", team="Platform")
    deploy.go_to("kr-types")
    deploy.record_decision("kr-types", choice="metrics-only", decision="")
    workspace.start(deployment, "deployment-parameters", organization="Acme", team="Other")
    drafting, ref = catalog.resolve("okr-drafting")
    session = workspace.start(drafting, ref, organization="Acme", team="Platform")
    assert session.state.inherited_from == deploy.state.id
    assert session.board.rules().kr_types == frozenset({"metric"})
    assert store.load_session(session.state.id)["inherited_from"] == deploy.state.id


def _states(folder, deployment, count):
    from facilitator.core.records import summarize

    with Store(folder / "elsewhere" / "db.json") as scratch:
        made = [Session.start(deployment, scratch, workshop_ref="deployment-parameters", team=f"T{i}").state.to_dict()
                for i in range(count)]
    return [(state, summarize(state)) for state in made]


def test_a_batch_of_sessions_costs_one_durable_write_per_session_file(tmp_path, deployment, monkeypatch):
    batch = _states(tmp_path, deployment, 5)
    with Store(tmp_path / "db.json") as store:
        Session.start(deployment, store, workshop_ref="deployment-parameters", team="Here before")
        synced = []
        real = os.fsync
        monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real(fd))
        store.save_sessions(batch)
        # five session files, their folder once, then the index and its folder once
        assert len(synced) == 5 + 1 + 2
        batch[0][0]["team"] = batch[0][1]["team"] = "Renamed"
        store.save_sessions(batch[:1])
        assert store.load_session(batch[0][0]["id"])["team"] == "Renamed", "a session read before sees the new file"
    with Store(tmp_path / "db.json") as store:
        teams = sorted(s.team for s in Workspace(store).sessions())
        assert teams == ["Here before", "Renamed", "T1", "T2", "T3", "T4"]
        assert store.check() == []


def test_a_batch_stopped_before_the_index_loses_no_session(tmp_path, deployment, monkeypatch):
    """The index write fails (a full disk, or the process is stopped there): the sessions are on disk whole,
    `db check` names them, and rebuilding the index brings them back."""
    from facilitator.store import files

    batch = _states(tmp_path, deployment, 3)
    real = files.write_json
    index_path = tmp_path / "db.json"

    def full_disk_for_the_index(path, data, **kwargs):
        if Path(path) == index_path:
            raise OSError(28, "No space left on device")
        return real(path, data, **kwargs)

    store = Store(index_path).open()
    monkeypatch.setattr(files, "write_json", full_disk_for_the_index)
    with pytest.raises(StoreWriteError):
        store.save_sessions(batch)
    with pytest.raises(StoreError):
        store.close()  # the retry on closing fails too: the index never got them
    monkeypatch.undo()
    with Store(index_path) as store:
        assert Workspace(store).sessions() == []
        problems = store.check()
        assert len(problems) == 3 and all("not in the index" in p for p in problems)
        store.rebuild_index()
    with Store(index_path) as store:
        assert sorted(s.team for s in Workspace(store).sessions()) == ["T0", "T1", "T2"]


def test_many_files_written_at_once_are_each_whole_and_one_that_fails_is_named(tmp_path, monkeypatch):
    """Publish and import DIR write their files several at a time: each file is whole, the folder is synced once,
    and a file that cannot be written is named while the others still arrive."""
    from facilitator.store import files

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "old.txt").write_text("old")
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be")
    items = [(tmp_path / "a" / f"f{i}.txt", f"text {i}\n" * 100) for i in range(20)]
    items += [(tmp_path / "a" / "old.txt", "new"), (blocked / "x.txt", "cannot be written")]
    synced_folders = []
    real = files.fsync_dir
    monkeypatch.setattr(files, "fsync_dir", lambda folder: synced_folders.append(folder) or real(folder))
    failed = files.atomic_write_texts(items)
    assert list(failed) == [blocked / "x.txt"]
    for path, text in items[:-1]:
        assert path.read_text() == text
        assert path.stat().st_mode & 0o777 == 0o600
    assert synced_folders == [(tmp_path / "a").resolve()]
    assert not list((tmp_path / "a").glob(".*.tmp")), "no temporary file is left behind"


def test_the_workspace_keeps_the_list_of_sessions_until_the_store_writes(store, deployment, monkeypatch):
    """Every question about the organization's cycles starts from the list of sessions: it is read once and kept
    until a save through the store changes it (a new session, a new team, a new step done)."""
    workspace = Workspace(store)
    session = Session.start(deployment, store, workshop_ref="deployment-parameters", team="Leadership")
    assert [s.team for s in workspace.sessions()] == ["Leadership"]
    reads = []
    real = store.list_sessions
    monkeypatch.setattr(store, "list_sessions", lambda: reads.append(1) or real())
    workspace.sessions()
    workspace.find("latest")
    assert reads == [], "nothing changed: the kept list is used"
    session.set_names(organization="Nordwind", team="Platform")
    assert [(s.organization, s.team) for s in workspace.sessions()] == [("Nordwind", "Platform")]
    session.next_step()
    assert workspace.sessions()[0].steps_done == 1
    other = Session.start(deployment, store, workshop_ref="deployment-parameters", team="Sales")
    assert {s.id for s in workspace.sessions()} == {session.state.id, other.state.id}
    listed = workspace.sessions()
    listed.clear()
    assert len(workspace.sessions()) == 2, "the caller's list is its own"


def test_a_store_opened_read_only_sees_what_another_store_saved_since(tmp_path, deployment):
    """A second look at the database (`--read-only`, another process) follows the index on disk: sessions saved
    and changed by the writer since are listed, as they are now."""
    db = tmp_path / "db.json"
    with Store(db) as store:
        first = Session.start(deployment, store, workshop_ref="deployment-parameters", team="Leadership").state.id
    writer = Store(db).open()
    reader = Store(db, read_only=True).open()
    try:
        workspace = Workspace(reader)
        assert [s.team for s in workspace.sessions()] == ["Leadership"]
        version = reader.index_version()
        assert reader.index_version() == version, "nothing changed on disk: the same version"
        added = Session.start(deployment, writer, workshop_ref="deployment-parameters", team="Sales")
        assert {s.id for s in workspace.sessions()} == {first, added.state.id}
        added.set_names(organization="", team="Sales and Marketing")
        assert {s.team for s in workspace.sessions()} == {"Leadership", "Sales and Marketing"}
        assert reader.index_version() != version
    finally:
        reader.close()
        writer.close()


def test_a_change_the_store_could_not_write_yet_is_not_dropped_for_the_file(tmp_path, deployment, monkeypatch):
    """A save whose index write failed (a full disk) is kept in memory for the retry: the list shows it, even
    though the file on disk is older."""
    from facilitator.store import files

    db = tmp_path / "db.json"
    with Store(db) as store:
        session = Session.start(deployment, store, workshop_ref="deployment-parameters", team="Leadership")
        workspace = Workspace(store)
        assert [s.team for s in workspace.sessions()] == ["Leadership"]
        real = files.write_json

        def full_disk_for_the_index(path, data, **kwargs):
            if Path(path) == db:
                raise OSError(28, "No space left on device")
            return real(path, data, **kwargs)

        monkeypatch.setattr(files, "write_json", full_disk_for_the_index)
        session.set_names(organization="", team="Platform")
        assert session.unsaved_reason, "the index could not be written"
        assert [s.team for s in workspace.sessions()] == ["Platform"]
        monkeypatch.undo()
        session.save_now()
    with Store(db) as store:
        assert [s.team for s in Workspace(store).sessions()] == ["Platform"]
