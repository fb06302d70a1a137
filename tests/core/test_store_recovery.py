"""Damaged, old and new databases: never overwritten, always explained, recoverable."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.core import catalog
from facilitator.core.session import Session
from facilitator.store import BACKUPS_KEPT, SCHEMA_VERSION, Store, StoreError
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
        assert main(["--db", str(db), "--read-only", "run", "deployment-parameters"]) == 1
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
