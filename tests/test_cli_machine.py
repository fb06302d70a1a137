"""The command line as scripts and trackers use it: JSON out, selection, exit codes, no surprises."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
import yaml

from facilitator.cli import CONFLICT, INVALID_INPUT, NOT_FOUND, USAGE, main
from facilitator.core import catalog
from facilitator.core.session import Session
from facilitator.store import Store
from facilitator.workspace import Workspace
from tests.conftest import FakeWallClock


def run(*args: str, db: Path) -> int:
    return main(["--db", str(db), *args])


def start(db: Path, *, org: str = "Acme", team: str = "Platform", at: str = "2026-11-26T09:00:00") -> str:
    from datetime import UTC, datetime

    workshop, ref = catalog.resolve("deployment-parameters")
    wall = FakeWallClock()
    wall.now = datetime.fromisoformat(at).replace(tzinfo=UTC)
    with Store(db) as store:
        session = Session.start(workshop, store, workshop_ref=ref, organization=org, team=team, wall_clock=wall)
        session.next_step()  # the opening passed with n: one step done
        session.go_to("cycle")
        session.record_decision("cycle", choice=None, decision="Quarterly")
        return session.state.id


def listing(db: Path, capsys, *args: str) -> dict:
    capsys.readouterr()
    assert run("sessions", "--json", *args, db=db) == 0
    return json.loads(capsys.readouterr().out)


def test_sessions_json_lists_what_a_sync_needs_oldest_started_first(tmp_path, capsys):
    db = tmp_path / "db.json"
    second = start(db, team="Sales", at="2026-11-27T09:00:00")
    first = start(db, at="2026-11-26T09:00:00")
    document = listing(db, capsys)
    assert document["format"] == "facilitator/sessions/v1"
    assert document["writer"]["name"] == "facilitator" and document["writer"]["version"]
    assert [s["id"] for s in document["sessions"]] == [first, second]
    row = document["sessions"][0]
    assert row["workshop"] == {"id": "deployment-parameters", "title": "OKR deployment parameters"}
    assert (row["organization"], row["team"]) == ("Acme", "Platform")
    assert row["started_at"] == "2026-11-26T09:00:00Z" and row["updated_at"].endswith("Z")
    assert row["steps_done"] == 1 and row["steps_total"] == 16 and row["decided"] == 1
    assert len(row["revision"]) == 16
    assert [s["id"] for s in listing(db, capsys, "--team", "sales")["sessions"]] == [second]
    assert listing(db, capsys, "--org", "Other")["sessions"] == []


def test_opening_and_leaving_a_session_without_a_change_keeps_updated_at_and_revision(tmp_path, capsys):
    db = tmp_path / "db.json"
    session_id = start(db)
    before = listing(db, capsys)["sessions"][0]
    with Store(db) as store:
        session = Workspace(store).resume(session_id)
        session.go_to("why-okrs")
        session.go_to("cycle")  # back where it was: nothing changed but the timing log
        session.close()
    after = listing(db, capsys)["sessions"][0]
    assert after["revision"] != before["revision"], "the timing log moved: that is content"
    with Store(db) as store:
        Workspace(store).resume(session_id).close()
    untouched = listing(db, capsys)["sessions"][0]
    assert (untouched["updated_at"], untouched["revision"]) == (after["updated_at"], after["revision"])
    with Store(db) as store:
        Workspace(store).resume(session_id).record_decision("cycle", choice=None, decision="Four months")
    assert listing(db, capsys)["sessions"][0]["revision"] != untouched["revision"]


def test_latest_is_the_latest_started_not_the_last_changed(tmp_path, capsys):
    db = tmp_path / "db.json"
    old = start(db, at="2026-01-10T09:00:00")
    new = start(db, at="2026-04-10T09:00:00")
    with Store(db) as store:
        Workspace(store).resume(old).record_decision("cycle", choice=None, decision="Four months")
    capsys.readouterr()
    assert run("export", "--format", "json", db=db) == 0
    assert json.loads(capsys.readouterr().out)["session"]["id"] == new


def test_export_selects_by_organization_team_and_workshop(tmp_path, capsys):
    db = tmp_path / "db.json"
    platform = start(db, team="Platform", at="2026-01-10T09:00:00")
    start(db, team="Sales", at="2026-04-10T09:00:00")
    capsys.readouterr()
    assert run("export", "latest", "--team", "platform", "--workshop", "deployment-parameters", "--format", "json",
               db=db) == 0
    assert json.loads(capsys.readouterr().out)["session"]["id"] == platform
    assert run("export", "--team", "Nobody", db=db) == NOT_FOUND
    assert "no saved sessions of team 'Nobody'" in capsys.readouterr().err
    assert run("export", "--org", "Acme", platform[:9], db=db) == 0


def test_json_export_is_the_yaml_record(tmp_path, capsys):
    db = tmp_path / "db.json"
    start(db)
    capsys.readouterr()
    assert run("export", "--format", "json", db=db) == 0
    as_json = json.loads(capsys.readouterr().out)
    assert run("export", db=db) == 0
    assert as_json == yaml.safe_load(capsys.readouterr().out)


def test_a_mistyped_database_folder_is_an_error_for_read_commands_and_nothing_is_made(tmp_path, capsys):
    missing = tmp_path / "no-such-folder" / "db.json"
    for command in (("sessions",), ("sessions", "--json"), ("export", "latest")):
        assert run(*command, db=missing) == NOT_FOUND
        assert f"no folder {missing.parent}" in capsys.readouterr().err
    assert not missing.parent.exists()


def test_run_and_resume_without_a_terminal_refuse_at_once_and_make_nothing(tmp_path, capsys):
    db = tmp_path / "fresh" / "db.json"
    assert run("run", "deployment-parameters", "--team", "Blue", db=db) == USAGE
    assert "needs a terminal" in capsys.readouterr().err
    assert run("resume", db=db) == USAGE
    assert run(db=db) == USAGE
    assert not db.parent.exists()


def test_import_reads_standard_input_and_the_same_content_twice_is_no_change(tmp_path, capsys, monkeypatch):
    db, other = tmp_path / "db.json", tmp_path / "other.json"
    start(db)
    capsys.readouterr()
    assert run("export", "--format", "json", db=db) == 0
    exported = capsys.readouterr().out
    for expected in ("Imported session", "nothing changed"):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(exported.encode("utf-8"))))
        assert run("import", "-", db=other) == 0
        assert expected in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"format: facilitator/v1\n")))
    assert run("import", "-", db=other) == INVALID_INPUT
    assert "standard input:" in capsys.readouterr().err
    changed = json.loads(exported)
    changed["parameters"]["cycle"]["decision"] = "Four months"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(changed).encode("utf-8"))))
    assert run("import", "-", db=other) == CONFLICT


@pytest.mark.parametrize("missing", ["nope.yaml"])
def test_importing_a_file_that_is_not_there_is_not_found(tmp_path, capsys, missing):
    assert run("import", str(tmp_path / missing), db=tmp_path / "db.json") == NOT_FOUND
    assert "no such file" in capsys.readouterr().err


def test_the_readme_documents_every_exit_code():
    from facilitator import cli

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    documented = {int(code): meaning for code, meaning in
                  (line.split("|")[1:3] for line in readme.splitlines() if line[:4].strip("| ").isdigit())}
    codes = {"OK": "done", "FAILURE": "failed", "USAGE": "usage", "NOT_FOUND": "not found", "LOCKED": "locked",
             "INVALID_INPUT": "invalid input", "CONFLICT": "conflict"}
    assert set(documented) == {getattr(cli, name) for name in codes}
    for name, word in codes.items():
        assert documented[getattr(cli, name)].strip().startswith(word)


def test_an_import_whose_rules_come_from_a_session_not_here_is_flagged(tmp_path, capsys, monkeypatch):
    db, other = tmp_path / "db.json", tmp_path / "other.json"
    start(db)
    capsys.readouterr()
    assert run("export", "--format", "json", db=db) == 0
    document = json.loads(capsys.readouterr().out)
    document["okrs"]["rules_from"] = "20250101-abcdef"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(document).encode("utf-8"))))
    assert run("import", "-", db=other) == 0
    err = capsys.readouterr().err
    assert "okrs/rules_from: session '20250101-abcdef' is not in" in err
