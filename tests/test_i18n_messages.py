"""A coach in trouble reads the trouble in their language: a broken workshop file, a locked or damaged database,
a session that is not there, a file that cannot be imported. English stays the source text, word for word."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.cli import INVALID_INPUT, LOCKED, NOT_FOUND, main
from facilitator.core.catalog import resolve
from facilitator.core.session import Session
from facilitator.store import Store, StoreError, StoreLocked
from facilitator.workspace import Selection, SessionNotFound, Workspace

BROKEN = """\
id: broken
title: Broken
version: 1
description: x
steps:
  - id: a
    title: A
    kind: decisoin
    timebox: -3
    prompt: hi
  - id: a
    title: B
    kind: note
    timebox: 5
    prompt: "{{nope}}"
    colour: red
"""


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_a_broken_workshop_file_is_explained_in_german_at_its_lines(broken, capsys):
    assert main(["--lang", "de", "validate", str(broken)]) == 1
    out = capsys.readouterr().out
    assert f"{broken}:8:11: Schritt 'a': 'kind': unbekannter Wert 'decisoin' (meintest du 'decision'?)" in out
    assert f"{broken}:9:14: Schritt 'a': 'timebox' muss eine positive Zahl von Minuten sein, nicht -3" in out
    assert "doppelte Schritt-ID 'a' (zuerst verwendet von Schritt 1)" in out
    assert "unbekannter Platzhalter '{{nope}}' (bekannt: objectives," in out
    assert "unbekannter Schlüssel 'colour'; erlaubt: id, title, kind" in out  # keys stay as the file spells them


def test_the_same_broken_file_in_english_is_unchanged(broken, capsys):
    assert main(["validate", str(broken)]) == 1
    out = capsys.readouterr().out
    assert f"{broken}:8:11: step 'a': unknown 'kind' 'decisoin' (did you mean 'decision'?)" in out
    assert f"{broken}:9:14: step 'a': 'timebox' must be a positive number of minutes, not -3" in out
    assert "duplicate step id 'a' (first used by step 1)" in out and "Schritt" not in out


def test_lang_de_de_in_the_environment_explains_invalid_yaml_in_german(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    (tmp_path / "alias.yaml").write_text("a: &x 1\nb: *x\n", encoding="utf-8")
    assert main(["validate", str(tmp_path / "alias.yaml"), str(tmp_path / "missing.yaml")]) == 1
    out = capsys.readouterr().out
    assert "alias.yaml:1:4: ungültiges YAML: Anker ('&x') sind in dieser Datei nicht erlaubt" in out
    assert "missing.yaml:1:1: keine solche Datei" in out


def _damaged(tmp_path: Path) -> Path:
    db = tmp_path / "db.json"
    db.write_text('{"meta": {"1": ', encoding="utf-8")
    return db


def test_a_damaged_database_says_what_to_do_in_german(tmp_path, capsys):
    db = _damaged(tmp_path)
    assert main(["--lang", "de", "--db", str(db), "sessions"]) == 1
    err = capsys.readouterr().err
    assert f"facilitator: {db} ist beschädigt (kein gültiges JSON: " in err
    assert "die Datei wurde nicht verändert. Es gibt keine Sicherung davon." in err
    assert "`facilitator db check` zeigt jedes Problem, `facilitator db restore` stellt wieder her" in err
    assert main(["--lang", "de", "--db", str(db), "db", "check"]) == 1
    assert "ist beschädigt" in capsys.readouterr().out
    assert db.read_text(encoding="utf-8") == '{"meta": {"1": '


def test_a_damaged_database_in_english_is_unchanged(tmp_path, capsys):
    db = _damaged(tmp_path)
    assert main(["--db", str(db), "sessions"]) == 1
    err = capsys.readouterr().err
    assert f"{db} is damaged (not valid JSON: " in err
    assert "it has not been changed. There is no backup of it. Run `facilitator db check` to see every problem" in err


def test_a_locked_database_names_its_holder_in_german(tmp_path):
    db = tmp_path / "db.json"
    i18n.set_language("de")
    with Store(db), pytest.raises(StoreLocked) as refused:
        Store(db).open()
    message = str(refused.value)
    assert message.startswith(f"{db} wird gerade von einem anderen facilitator benutzt (Prozess ")
    assert "schließe ihn zuerst, oder schau mit --read-only hinein" in message


def test_the_locked_database_exit_code_is_kept_in_german(tmp_path, capsys):
    db = tmp_path / "db.json"
    with Store(db):
        assert main(["--lang", "de", "--db", str(db), "publish", str(tmp_path / "shared")]) == LOCKED
    assert "wird gerade von einem anderen facilitator benutzt" in capsys.readouterr().err


def _one_session(db: Path) -> str:
    with Store(db) as store:
        workshop, ref = resolve("deployment-parameters")
        return Session.start(workshop, store, workshop_ref=ref, organization="Acme", team="Platform").state.id


def test_an_unknown_session_is_said_in_german(tmp_path, capsys):
    db = tmp_path / "db.json"
    _one_session(db)
    assert main(["--lang", "de", "--db", str(db), "rules", "nope"]) == NOT_FOUND
    assert f"facilitator: keine Session 'nope' in {db} (siehe `facilitator sessions`)" in capsys.readouterr().err
    i18n.set_language("de")
    with Store(db, read_only=True) as store, pytest.raises(SessionNotFound) as missing:
        Workspace(store).find("latest", Selection(team="Nobody"))
    assert str(missing.value) == f"es gibt keine gespeicherten Sessions von Team 'Nobody' in {db}"


def test_an_unknown_session_in_english_is_unchanged(tmp_path, capsys):
    db = tmp_path / "db.json"
    _one_session(db)
    assert main(["--db", str(db), "rules", "nope"]) == NOT_FOUND
    assert f"facilitator: no session 'nope' in {db} (see `facilitator sessions`)" in capsys.readouterr().err


def test_an_import_problem_is_said_in_german_and_nothing_is_imported(tmp_path, capsys):
    db = tmp_path / "db.json"
    (tmp_path / "not-an-export.yaml").write_text("just: a mapping\n", encoding="utf-8")
    (tmp_path / "twice.yaml").write_text("format: facilitator/v1\nformat: again\n", encoding="utf-8")
    assert main(["--lang", "de", "--db", str(db), "import", str(tmp_path / "not-an-export.yaml")]) == INVALID_INPUT
    err = capsys.readouterr().err
    assert "format: fehlt; kein facilitator-Export (erwartet: 'facilitator/v1'); nichts importiert" in err
    assert main(["--lang", "de", "--db", str(db), "import", str(tmp_path / "twice.yaml")]) == INVALID_INPUT
    assert "Zeile 2, Spalte 1: doppelter Schlüssel 'format'; nichts importiert" in capsys.readouterr().err
    assert main(["--lang", "de", "--db", str(db), "sessions"]) == 0
    assert "Keine gespeicherten Sessions" in capsys.readouterr().out


def test_an_import_problem_in_english_is_unchanged(tmp_path, capsys):
    (tmp_path / "twice.yaml").write_text("format: facilitator/v1\nformat: again\n", encoding="utf-8")
    assert main(["--db", str(tmp_path / "db.json"), "import", str(tmp_path / "twice.yaml")]) == INVALID_INPUT
    assert "line 2, column 1: duplicate key 'format'; nothing imported" in capsys.readouterr().err


def test_store_errors_keep_the_path_exactly_in_german(tmp_path):
    i18n.set_language("de")
    with pytest.raises(StoreError) as folder:
        Store(tmp_path).open()
    assert str(folder.value) == f"{tmp_path} ist ein Ordner, keine Datenbankdatei; gib mit --db den Pfad einer Datei an"


def test_a_shared_folder_s_file_that_is_not_an_export_is_reported_in_german(tmp_path, capsys):
    db = tmp_path / "db.json"
    _one_session(db)
    shared = tmp_path / "shared"
    assert main(["--lang", "de", "--db", str(db), "publish", str(shared)]) == 0
    published = next(shared.rglob("*.yaml"))
    (published.parent / "2026-12-01-20261201-abcdef.yaml").write_text("format: nope\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--lang", "de", "--db", str(db), "import", str(shared)]) == INVALID_INPUT
    err = capsys.readouterr().err
    assert ("nicht importiert: acme/platform/2026-12-01-20261201-abcdef.yaml: format: 'nope' wird nicht "
            "unterstützt (diese Version liest 'facilitator/v1'); nichts importiert") in err
    assert main(["--db", str(db), "import", str(shared)]) == INVALID_INPUT
    assert "not imported: acme/platform/2026-12-01-20261201-abcdef.yaml: format: 'nope' is not supported" in \
        capsys.readouterr().err


def test_db_restore_says_what_it_did_in_german(tmp_path, capsys):
    db = tmp_path / "db.json"
    session_id = _one_session(db)
    (tmp_path / "db.sessions" / f"{session_id}.json").write_text("kaputt", encoding="utf-8")
    assert main(["--lang", "de", "--db", str(db), "db", "restore"]) == 0
    out = capsys.readouterr().out
    assert f"{session_id}.json: beschädigt oder leer und ohne Sicherung; beiseitegelegt als " in out
    assert f"{db}: Index aus 0 Session-Datei(en) neu aufgebaut" in out


def test_an_ambiguous_prefix_lists_the_sessions_in_german(tmp_path):
    db = tmp_path / "db.json"
    _one_session(db)
    _one_session(db)
    i18n.set_language("de")
    with Store(db, read_only=True) as store, pytest.raises(SessionNotFound) as ambiguous:
        Workspace(store).find("2")
    lines = str(ambiguous.value).splitlines()
    assert lines[0] == "'2' passt auf 2 Sessions; gib mehr von der ID an:"
    assert lines[1].endswith(" · Acme / Platform · begonnen " + lines[1].split()[-1])


def test_the_sessions_listing_has_german_column_headings_and_keeps_its_json_english(tmp_path, capsys):
    db = tmp_path / "db.json"
    _one_session(db)
    assert main(["--lang", "de", "--db", str(db), "sessions"]) == 0
    assert capsys.readouterr().out.split()[:5] == ["ID", "WORKSHOP", "ORGANISATION", "/", "TEAM"]
    assert main(["--lang", "de", "--db", str(db), "sessions", "--org", "acme"]) == 0
    assert capsys.readouterr().out.startswith("Acme: 1 Team, 1 Session\nTEAM  ")
    assert main(["--lang", "de", "--db", str(db), "sessions", "--json"]) == 0
    assert '"steps_done": 0' in capsys.readouterr().out
