"""Checksums in the database's files: a silent bit flip is found, reported and restored from a good backup.

A flipped bit inside a text (a decision reading "Quarterlz") is still valid JSON: only the checksum tells.
Files written before checksums existed have none and load as they always did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.store import Store, StoreError, recovery
from facilitator.store.layout import Layout
from facilitator.workspace import Workspace
from tests.saved_sessions import decide_again, new_session


def flip(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    json.loads(path.read_text(encoding="utf-8"))  # still valid JSON: only the checksum can tell


def test_every_file_written_carries_a_checksum_that_holds(tmp_path):
    db = tmp_path / "db.json"
    session_id = new_session(db, "Quarterly")
    session_file = tmp_path / "db.sessions" / f"{session_id}.json"
    for path in (db, session_file):
        assert '"_checksum":{"1":{"sha256":"' in path.read_text()
    with Store(db) as store:
        assert "_checksum" not in store.load_session(session_id), "no reader sees the checksum"
    assert main(["--db", str(db), "db", "check"]) == 0


def test_a_bit_flip_is_reported_by_db_check_and_restored_from_the_newest_good_backup(tmp_path, capsys):
    db = tmp_path / "db.json"
    session_id = new_session(db, "Quarterly")
    decide_again(db, session_id, "Quarterly, from February")  # backup 1: "Quarterly"
    decide_again(db, session_id, "Quarterly, from March")  # backup 2: "Quarterly, from February"
    session_file = tmp_path / "db.sessions" / f"{session_id}.json"
    backups = recovery.backups_of(Layout(db), session_id)
    assert len(backups) == 2
    flip(backups[0], "from February", "from Februarz")  # the newest backup went bad too
    flip(session_file, "from March", "from Marci")

    with Store(db) as store, pytest.raises(StoreError) as info:
        store.load_session(session_id)
    assert f"{session_file} is damaged (its checksum does not match its content" in str(info.value)
    assert f"The last good backup is {backups[1]}." in str(info.value), "the flipped backup is passed over"

    assert main(["--db", str(db), "db", "check"]) == 1
    out = capsys.readouterr().out
    assert f"{session_file} is damaged (its checksum does not match" in out
    assert f"{backups[0]}" not in out
    assert main(["--db", str(db), "db", "restore"]) == 0
    assert f"restored from {backups[1]}" in capsys.readouterr().out
    with Store(db) as store:
        assert Workspace(store).resume(session_id).state.decisions["cycle"].decision == "Quarterly"
    assert list(session_file.parent.glob(f"{session_file.name}.damaged-*")), "the flipped file is kept aside"


def test_files_from_before_checksums_load_and_get_one_on_the_next_save(tmp_path):
    db = tmp_path / "db.json"
    session_id = new_session(db, "Quarterly")
    session_file = tmp_path / "db.sessions" / f"{session_id}.json"
    for path in (db, session_file):
        data = json.loads(path.read_text())
        del data["_checksum"]
        path.write_text(json.dumps(data))  # as an older facilitator wrote it
    assert main(["--db", str(db), "db", "check"]) == 0
    decide_again(db, session_id, "Monthly")
    assert '"_checksum"' in session_file.read_text()
    with Store(db) as store:
        assert Workspace(store).resume(session_id).state.decisions["cycle"].decision == "Monthly"
