"""No escape sequence from a workshop file, an import or typed text reaches the terminal.

The real command line and the real app run in a pseudo-terminal (what a coach's terminal would receive is
read byte for byte) on a database whose every text field holds sentinel escapes: a window title (OSC 0), a
clipboard write (OSC 52), a screen clear (CSI 2J) and an 8-bit CSI. The sentinels must show as control pictures
(␛]0;...) and never arrive as the bytes a terminal would run.
"""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from facilitator.core.export import export_document, to_yaml
from facilitator.core.loader import load_workshop
from facilitator.core.okr import KeyResult, Objective
from facilitator.core.session import Session
from facilitator.store import Store

TITLE = "\x1b]0;SENTINEL-TITLE\x07"
CLIP = "\x1b]52;c;U0VOVElORUw=\x07"
CLEAR = "\x1b[2JSENTINEL-CLEAR"
CSI8 = "\x9b2JSENTINEL-C1"
# What a terminal would run: none of these may appear in anything written to it.
FORBIDDEN = (b"\x1b]0;SENTINEL", b"\x1b]52;c;U0VO", b"\x1b[2JSENTINEL", b"\xc2\x9b2JSENTINEL", b"\x9b2JSENTINEL")


def yaml_quoted(text: str) -> str:
    return '"' + text.replace("\x1b", "\\e").replace("\x07", "\\a").replace("\x9b", "\\x9b") + '"'


def hostile_workshop(path: Path) -> Path:
    t, c, k, s = (yaml_quoted(x) for x in (TITLE, CLIP, CLEAR, CSI8))
    path.write_text(f"""\
id: hostile-ws
title: {t}
version: "1.0"
description: {k}
share_url: {yaml_quoted("https://example.com/" + CLIP)}
steps:
  - id: welcome
    title: {t}
    kind: intro
    timebox: 10
    prompt: {k}
    notes: {c}
    example: {s}
    questions: [{t}]
  - id: level
    title: {k}
    kind: decision
    parameter: level
    timebox: 20
    prompt: {t}
    options:
      - id: one
        label: {t}
        tradeoffs: {k}
        default: true
      - id: two
        label: {s}
        tradeoffs: {c}
  - id: wrap-up
    title: {s}
    kind: wrap-up
    timebox: 10
    prompt: {c}
""", encoding="utf-8")
    return path


@pytest.fixture
def hostile_db(tmp_path):
    """A database with a session run from the hostile workshop, its text typed in with sentinels, and the
    same session brought back by `import` (the importer's path) as a second one."""
    workshop_file = hostile_workshop(tmp_path / "hostile.yaml")
    db = tmp_path / "db.json"
    with Store(db) as store:
        session = Session.start(load_workshop(workshop_file), store, workshop_ref=str(workshop_file),
                                workshop_source=workshop_file.read_text(encoding="utf-8"),
                                share_url="https://example.com/" + TITLE)
        session.add_action("Act " + TITLE, owner="Ana " + CLEAR, due="2026-12-10")
        session.park("Park " + CLIP)
        session.go_to("level")
        session.record_decision("level", choice="two", decision="Decided " + CLEAR, rationale="Because " + CSI8,
                                owner="Bo " + TITLE)
        session.board.save_objective(Objective("o1", "Objective " + CLIP, why_now="Now " + CLEAR, level="company"))
        session.board.save_key_result("o1", KeyResult("kr1", "Launch " + TITLE, type="metric", owner="Cy " + CSI8))
        document = export_document(session, include_private=True)  # as a rescue file: the script with it
    export = tmp_path / "hostile-export.yaml"
    document["session"]["id"] = document["session"]["id"] + "-imported"
    export.write_text(to_yaml(document), encoding="utf-8")
    return db, workshop_file, export, session.state.id


def spawn(argv: list[str], *, keys: list[tuple[bytes, bytes]] = (), timeout: float = 90) -> bytes:
    """Run `facilitator ARGV` in an 80x24 pseudo-terminal; each (wait_for, key) pair sends `key` once the output
    since the previous key contains `wait_for`. Everything the program wrote to the terminal is returned."""
    primary, secondary = os.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([sys.executable, "-m", "facilitator", *argv], stdin=secondary, stdout=secondary,
                               stderr=secondary, env=env, start_new_session=True)
    os.close(secondary)
    output = bytearray()
    pending = list(keys)
    since = 0  # where the output after the last key sent starts
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if pending and pending[0][0] in output[since:]:
                os.write(primary, pending.pop(0)[1])
                since = len(output)
            ready, _, _ = select.select([primary], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(primary, 65536)
                except OSError:  # the program ended and closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
            elif process.poll() is not None and not pending:
                break
        else:
            pytest.fail(f"facilitator {' '.join(argv)} did not finish; waiting for {pending[:1]}; "
                        f"output so far: {bytes(output[-2000:])!r}")
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        os.close(primary)
    return bytes(output)


def assert_no_escape(output: bytes, shown: str) -> None:
    for sentinel in FORBIDDEN:
        assert sentinel not in output, f"{sentinel!r} reached the terminal"
    assert shown.encode() in output, f"the sentinel text is shown ({shown!r}): the check above saw it go by"


def test_the_command_line_shows_escapes_as_pictures(hostile_db):
    db, workshop_file, export, session_id = hostile_db
    out = spawn(["validate", str(workshop_file)])
    assert_no_escape(out, "␛]0;SENTINEL-TITLE␇")
    out = spawn(["--db", str(db), "import", str(export)])
    assert_no_escape(out, "Imported session")
    out = spawn(["--db", str(db), "sessions"])
    assert_no_escape(out, "␛]0;SENTINEL-TITLE␇")
    for fmt in ("markdown", "csv", "decisions-csv", "actions-csv", "html"):
        out = spawn(["--db", str(db), "export", session_id, "--format", fmt])
        assert_no_escape(out, "␛[2JSENTINEL-CLEAR")
    out = spawn(["--db", str(db), "export", session_id, "--format", "json"])
    assert_no_escape(out, "\\u001b[2JSENTINEL-CLEAR")  # JSON escapes it: the data is kept, nothing runs
    out = spawn(["--db", str(db), "export", session_id, "--include-private"])
    assert_no_escape(out, "\\e[2JSENTINEL-CLEAR")  # and so does YAML
    out = spawn(["--db", str(db), "rules", session_id])
    assert_no_escape(out, "␛")
    broken = workshop_file.with_name("broken.yaml")
    broken.write_text(workshop_file.read_text().replace("kind: intro", 'kind: "\\e]0;SENTINEL-TITLE\\a"'))
    out = spawn(["validate", str(broken)])
    assert_no_escape(out, "␛]0;SENTINEL-TITLE␇")


def test_the_app_shows_escapes_as_pictures_on_every_screen(hostile_db):
    db, _, _, session_id = hostile_db
    picture = b"SENTINEL-TITLE\xe2\x90\x87"  # ...␇ as the terminal receives it
    out = spawn(["--db", str(db), "resume", session_id],
                keys=[(picture, b"p"), (b"1/3", b"f"),  # the first step, with the script's notes
                      (b"U0VO", b"s"), (b"Decisions", b"\x1b"),  # the summary
                      (b"1/3", b"o"), (b"Objective", b"\x1b"),  # the draft board
                      (b"1/3", b"q")])
    assert_no_escape(out, "␛[2JSENTINEL-CLEAR")
    assert b"facilitator resume" in out, "the app ran to the end and said how to come back"
