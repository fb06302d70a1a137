"""What --db may name, and damage an attacker or a full disk leaves: refused or recovered, never made worse."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.store import Store
from facilitator.store.files import MAX_FILE_BYTES
from facilitator.workspace import Workspace
from tests.saved_sessions import decide_again, new_session


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_is_refused_before_anything_is_opened(device, capsys):
    before = os.stat(device)
    assert main(["--db", device, "sessions"]) == 1
    err = capsys.readouterr().err
    assert f"{device} is a device, not a database file; nothing was opened" in err
    assert stat.S_ISCHR(os.stat(device).st_mode) and os.stat(device).st_ino == before.st_ino
    assert not Path(device + ".lock").exists() and not Path(device + ".owner").exists()


@pytest.mark.parametrize("command", [["sessions"], ["db", "check"], ["db", "restore"]])
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path, capsys, command):
    fifo = tmp_path / "db.json"
    os.mkfifo(fifo)
    assert main(["--db", str(fifo), *command]) == 1
    assert "is a named pipe (FIFO), not a database file" in capsys.readouterr().err
    assert stat.S_ISFIFO(fifo.stat().st_mode) and not (tmp_path / "db.json.lock").exists()


def test_a_symlink_to_a_device_is_refused_too(tmp_path, capsys):
    link = tmp_path / "db.json"
    link.symlink_to("/dev/null")
    assert main(["--db", str(link), "sessions"]) == 1
    assert "is a device" in capsys.readouterr().err and link.is_symlink()


def test_an_oversized_file_is_refused_without_being_read(tmp_path, capsys):
    db = tmp_path / "db.json"
    with open(db, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk, would cost the memory if it were read
    assert main(["--db", str(db), "sessions"]) == 1
    err = capsys.readouterr().err
    assert f"{db} is {MAX_FILE_BYTES + 1:,} bytes" in err and "has not been read or changed" in err
    assert db.stat().st_size == MAX_FILE_BYTES + 1


def test_a_symlinked_database_is_written_through_and_stays_a_link(tmp_path, capsys):
    real = tmp_path / "real" / "facilitator.json"
    real.parent.mkdir()
    link = tmp_path / "db.json"
    link.symlink_to(real)
    session_id = new_session(link)
    decide_again(link, session_id, "Four months")
    assert link.is_symlink() and link.resolve() == real
    index = json.loads(real.read_text())
    assert [row["id"] for row in index["sessions"].values()] == [session_id]
    assert not list(tmp_path.glob(".db.json.*.tmp")) and not list(real.parent.glob(".*.tmp"))
    assert main(["--db", str(link), "sessions"]) == 0 and session_id in capsys.readouterr().out


def test_an_empty_session_file_is_restored_from_its_newest_good_backup(tmp_path, capsys):
    db = tmp_path / "db.json"
    session_id = new_session(db, "Quarterly")
    decide_again(db, session_id, "Four months")  # the backup holds "Quarterly"
    session_file = tmp_path / "db.sessions" / f"{session_id}.json"
    session_file.write_bytes(b"")  # what a full disk can leave
    assert main(["--db", str(db), "db", "check"]) == 1
    assert f"{session_file} is missing or holds no session" in capsys.readouterr().out
    assert main(["--db", str(db), "db", "restore"]) == 0
    out = capsys.readouterr().out
    assert f"{session_file}: restored from {tmp_path / 'db.backups' / session_id}" in out and "still:" not in out
    with Store(db) as store:
        assert Workspace(store).resume(session_id).state.decisions["cycle"].decision == "Quarterly"


def test_an_empty_index_beside_sessions_is_damage_not_a_new_database(tmp_path, capsys):
    db = tmp_path / "db.json"
    session_id = new_session(db)
    db.write_bytes(b"")
    assert main(["--db", str(db), "sessions"]) == 1
    err = capsys.readouterr().err
    assert f"{db} is damaged (the file is empty)" in err and "facilitator db restore" in err
    assert db.read_bytes() == b"", "not overwritten with an empty index"
    assert main(["--db", str(db), "db", "check"]) == 1
    assert f"{db} is empty" in capsys.readouterr().out
    assert main(["--db", str(db), "db", "restore"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "sessions"]) == 0 and session_id in capsys.readouterr().out


def test_a_new_empty_file_is_a_new_database(tmp_path, capsys):
    db = tmp_path / "made-by-mktemp"
    db.write_bytes(b"")
    assert main(["--db", str(db), "sessions"]) == 0
    assert "No saved sessions" in capsys.readouterr().out


def test_recovery_advice_prints_paths_exactly(tmp_path, capsys):
    folder = tmp_path / "Coach DATA"
    folder.mkdir()
    db = folder / "Acme.json"
    session_id = new_session(db)
    decide_again(db, session_id, "Four months")
    (folder / "Acme.sessions" / f"{session_id}.json").write_text("{ torn")
    assert main(["--db", str(db), "export", session_id]) == 1
    err = capsys.readouterr().err
    backup = sorted((folder / "Acme.backups" / session_id).glob("*.json"))[-1]
    assert f"The last good backup is {backup}." in err
    assert backup.exists()


def test_export_to_a_shared_file_on_stdout_says_that_o_writes_it_private(tmp_path):
    db = tmp_path / "db.json"
    new_session(db)
    out = tmp_path / "out.md"
    fd = os.open(out, os.O_WRONLY | os.O_CREAT, 0o644)
    os.fchmod(fd, 0o644)
    primary, secondary = os.openpty()  # standard error on a terminal: a person is there to read the note
    try:
        result = subprocess.run([sys.executable, "-m", "facilitator", "--db", str(db), "export", "latest"],
                                stdout=fd, stderr=secondary, timeout=60)
        os.close(secondary)
        note = os.read(primary, 4096).decode()
    finally:
        os.close(fd)
        os.close(primary)
    assert result.returncode == 0
    assert "can be read by others (mode 644); `-o FILE` writes it readable by you only" in note
    assert "format: facilitator/v1" in out.read_text()
