"""Damaged, old and new databases: never overwritten, always explained, recoverable."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from facilitator.cli import USAGE, main
from facilitator.core import catalog
from facilitator.core.session import Session
from facilitator.store import BACKUPS_KEPT, SCHEMA_VERSION, Store, StoreError
from facilitator.store.files import write_json
from facilitator.workspace import Workspace

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "db-v0.json"


def new_session(path: Path, team: str = "Leadership") -> str:
    workshop, ref = catalog.resolve("deployment-parameters")
    with Store(path) as store:
        session = Session.start(workshop, store, workshop_ref=ref, team=team)
        session.go_to("cycle")
        session.record_decision("cycle", choice=None, decision="Quarterly")
        return session.state.id


@pytest.mark.parametrize("garbage", [b'{"meta": {"1": {"schema_vers', b"\x00\x01\x02", b"[1, 2, 3]",
                                     b'{"sessions": [1, 2]}'])
def test_a_damaged_index_is_explained_with_its_backup_and_left_alone(tmp_path, garbage):
    db = tmp_path / "db.json"
    new_session(db)
    with Store(db):  # a second, good open: a backup of the good index exists now
        pass
    db.write_bytes(garbage)
    with pytest.raises(StoreError) as info:
        Store(db).open()
    message = str(info.value)
    assert f"{db} is damaged" in message
    assert "last good backup is" in message and "db.backups/index/" in message
    assert "facilitator db check" in message and "facilitator db restore" in message
    assert db.read_bytes() == garbage, "a damaged database is never overwritten"


def test_restore_rebuilds_a_damaged_index_from_the_sessions(tmp_path, capsys):
    db = tmp_path / "db.json"
    session_id = new_session(db)
    db.write_text("{ truncated")
    assert main(["--db", str(db), "db", "check"]) == 1
    assert "is damaged" in capsys.readouterr().out
    assert main(["--db", str(db), "db", "restore"]) == 0
    out = capsys.readouterr().out
    assert "index rebuilt from 1 session file(s)" in out
    assert list(tmp_path.glob("db.json.damaged-*")), "the damaged file is kept aside"
    with Store(db) as store:
        resumed = Workspace(store).resume(session_id)
    assert resumed.state.decisions["cycle"].decision == "Quarterly"


def test_a_damaged_session_file_is_restored_from_its_last_good_backup(tmp_path, capsys):
    db = tmp_path / "db.json"
    session_id = new_session(db)
    with Store(db) as store:
        session = Workspace(store).resume(session_id)
        session.record_decision("cycle", choice=None, decision="Four months")  # backs up the earlier state
        session_file = store.sessions_dir / f"{session_id}.json"
    session_file.write_text('{"session": {"1": {"id": "x", "decis')
    with Store(db) as store, pytest.raises(StoreError) as info:
        Workspace(store).resume(session_id)
    assert f"{session_file} is damaged" in str(info.value) and "last good backup" in str(info.value)
    assert main(["--db", str(db), "db", "restore"]) == 0
    assert "restored from" in capsys.readouterr().out
    with Store(db) as store:
        restored = Workspace(store).resume(session_id)
    assert restored.state.decisions["cycle"].decision == "Quarterly", "the last good state before the damage"


def test_check_passes_on_a_healthy_database(tmp_path, capsys):
    db = tmp_path / "db.json"
    new_session(db)
    assert main(["--db", str(db), "db", "check"]) == 0
    assert capsys.readouterr().out.strip() == f"{db}: ok"


def test_backups_roll(tmp_path):
    db = tmp_path / "db.json"
    for i in range(BACKUPS_KEPT + 3):
        new_session(db, team=f"Team {i}")
    with Store(db) as store:
        store.wait_for_backup()
        assert len(store.backups_of("index")) == BACKUPS_KEPT
        for backup in store.backups_of("index"):
            assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_migration_from_schema_0_keeps_a_backup_and_every_decision(tmp_path):
    db = tmp_path / "old.json"
    shutil.copy(FIXTURE, db)
    original = db.read_bytes()
    with Store(db) as store:
        assert store.migrated_from == 0
        assert store.migration_backup.read_bytes() == original
        assert stat.S_IMODE(store.migration_backup.stat().st_mode) == 0o600
        workspace = Workspace(store)
        teams = sorted(s.team for s in workspace.sessions())
        assert teams == ["Leadership", "Platform team"]
        leadership = workspace.resume("20250310-000001")
        old = json.loads(original)["sessions"]["1"]
        assert leadership.current.id == old["current_step"]
        assert {p: d.decision for p, d in leadership.state.decisions.items()} == \
               {p: d["decision"] for p, d in old["decisions"].items()}
        assert store.index.table("meta").get(doc_id=1)["schema_version"] == SCHEMA_VERSION
    with Store(db) as store:
        assert store.migrated_from is None, "migrates once"


def test_read_only_opens_a_locked_database_and_writes_nothing(tmp_path, capsys):
    db = tmp_path / "db.json"
    new_session(db)
    with Store(db) as writer:
        writer.wait_for_backup()
        before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
        assert main(["--db", str(db), "--read-only", "sessions"]) == 0
        assert "Leadership" in capsys.readouterr().out
        assert main(["--db", str(db), "--read-only", "run", "deployment-parameters"]) == USAGE
        assert "read-only" in capsys.readouterr().err
        assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_the_database_folder_and_backups_are_private(tmp_path):
    db = tmp_path / "private" / "db.json"
    new_session(db)
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    with Store(db) as store:
        store.wait_for_backup()
        assert stat.S_IMODE(store.sessions_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE(store.backups_dir.stat().st_mode) == 0o700


@pytest.mark.parametrize("shape", [
    {"steps": "oops", "decisions": [1, 2]},
    {"decisions": {"cycle": 5}},
    {"actions": "none"},
])
def test_a_session_file_of_the_wrong_shape_is_damage_found_by_check_and_restored(tmp_path, capsys, shape):
    db = tmp_path / "db.json"
    session_id = new_session(db)
    with Store(db) as store:
        session = Workspace(store).resume(session_id)
        session.record_decision("cycle", choice=None, decision="Four months")  # backs up the earlier state
        session_file = store.sessions_dir / f"{session_id}.json"
    record = json.loads(session_file.read_text())
    record["session"]["1"].update(shape)
    write_json(session_file, record)  # as a facilitator writes it: its checksum holds, its shape does not
    with Store(db) as store, pytest.raises(StoreError) as info:
        Workspace(store).resume(session_id)
    assert f"{session_file} is damaged (its session record does not have the expected shape" in str(info.value)
    assert main(["--db", str(db), "export", "latest"]) == 1
    capsys.readouterr()
    assert main(["--db", str(db), "db", "check"]) == 1
    assert "expected shape" in capsys.readouterr().out
    assert main(["--db", str(db), "db", "restore"]) == 0
    assert "restored from" in capsys.readouterr().out
    with Store(db) as store:
        assert Workspace(store).resume(session_id).state.decisions["cycle"].decision == "Quarterly"


@pytest.mark.parametrize("row", [{"id": 5}, {"steps_done": "many"}])
def test_a_damaged_index_entry_is_skipped_reported_and_rebuilt(tmp_path, capsys, row):
    db = tmp_path / "db.json"
    session_id = new_session(db)
    index = json.loads(db.read_text())
    index["sessions"]["1"].update(row)
    write_json(db, index)  # checksum and all, as a facilitator (this one or a newer one) writes it
    assert main(["--db", str(db), "sessions"]) == 0  # no traceback; the entry is left out
    capsys.readouterr()
    assert main(["--db", str(db), "db", "check"]) == 1
    assert "db restore` rebuilds the index" in capsys.readouterr().out
    assert main(["--db", str(db), "db", "restore"]) == 0
    assert main(["--db", str(db), "sessions"]) == 0
    assert session_id in capsys.readouterr().out
    assert list(tmp_path.glob("db.json.damaged-*")), "the index it replaced is kept aside"


def test_records_that_are_not_objects_are_damage_not_a_traceback(tmp_path, capsys):
    db = tmp_path / "db.json"
    new_session(db)
    db.write_text('{"meta": {"1": 5}}')
    assert main(["--db", str(db), "sessions"]) == 1
    err = capsys.readouterr().err
    assert "is damaged (not a TinyDB database: record 1 of table 'meta' is int" in err and "Traceback" not in err


def test_a_newer_database_is_reported_by_check_and_never_restored_over(tmp_path, capsys):
    db = tmp_path / "db.json"
    new_session(db)
    index = json.loads(db.read_text())
    index["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    index["future_table"] = {"1": {"kept": True}}
    write_json(db, index)  # checksum and all, as a facilitator (this one or a newer one) writes it
    before = db.read_bytes()
    assert main(["--db", str(db), "db", "check"]) == 1
    assert "written by a newer facilitator" in capsys.readouterr().out
    assert main(["--db", str(db), "db", "restore"]) == 1
    assert "Nothing was changed" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_a_schema_version_that_is_not_a_number_is_reported_by_check(tmp_path, capsys):
    db = tmp_path / "db.json"
    new_session(db)
    index = json.loads(db.read_text())
    index["meta"]["1"]["schema_version"] = "1"
    write_json(db, index)  # checksum and all, as a facilitator (this one or a newer one) writes it
    assert main(["--db", str(db), "db", "check"]) == 1
    assert "schema version is not a number" in capsys.readouterr().out


def test_restore_in_a_folder_that_cannot_be_written_is_one_clear_line(tmp_path, capsys, monkeypatch):
    import errno

    import facilitator.store.files as store_module

    db = tmp_path / "db.json"
    new_session(db)
    db.write_text("garbage")

    def refuse(path, text):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(store_module, "atomic_write_text", refuse)
    assert main(["--db", str(db), "db", "restore"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("facilitator: cannot restore: Permission denied: ") and err.count("\n") == 1
