"""The rescue path brings back everything it promises.

A rescue file is written when quitting with changes the database would not take; `import --replace` brings the
session back from it. These tests go through the command line as a coach would: a session run from a workshop
file comes back whole (on the same database, and on a fresh one after the file is gone), and a reflect-and-reset
session keeps the room's scores, learnings, verdicts, its link to the earlier session and each decision's
revisit: export -> import -> export is the same document.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from facilitator.cli import INVALID_INPUT, main
from facilitator.core import catalog
from facilitator.core.export import export_document, to_yaml
from facilitator.core.loader import load_workshop
from facilitator.core.okr import KeyResult, Objective
from facilitator.core.records import SessionState
from facilitator.store import Store
from facilitator.workspace import Workspace

WORKSHOP = """\
id: team-kickoff
title: "Team kick-off, ünïcode"
version: "2.1"
description: "A first workshop of our own"
steps:
  - id: welcome
    title: Welcome
    kind: intro
    timebox: 5
    prompt: "Why are we here?"
    notes: "Private: the sponsor is nervous about the reorg"
  - id: level
    title: Where OKRs live
    kind: decision
    parameter: level
    timebox: 15
    prompt: Pick one
    options:
      - id: teams
        label: Teams first
        tradeoffs: Fast, less aligned
        default: true
      - id: company
        label: Company first
        tradeoffs: Slow, aligned
  - id: wrap-up
    title: Wrap-up
    kind: wrap-up
    timebox: 5
    prompt: Done
"""


def run(*args: str, db: Path) -> int:
    return main(["--db", str(db), *args])


def private_export(db: Path, session_id: str) -> str:
    with Store(db) as store:
        return to_yaml(export_document(Workspace(store).resume(session_id), include_private=True))


@pytest.fixture
def rescued(tmp_path, monkeypatch):
    """A session run from a workshop file, with the coach's private record, and its rescue file."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    workshop_file = tmp_path / "kickoff.yaml"
    workshop_file.write_text(WORKSHOP, encoding="utf-8")
    db = tmp_path / "db.json"
    with Store(db) as store:
        workspace = Workspace(store)
        session = workspace.start(load_workshop(workshop_file), str(workshop_file), organization="Acme",
                                  team="Blue")
        session.set_coach_note("welcome", "The room wants fewer, better goals")
        session.go_to("level")
        session.record_decision("level", choice="company", decision="Company first, \x1b[31m really",
                                rationale="Only the coach may know this", owner="Ana", rationale_private=True)
        session.add_action("Book the drafting day", owner="Bo", due="2026-12-10")
        rescue = workspace.rescue(session)
        expected = to_yaml(export_document(session, include_private=True))
    return db, workshop_file, rescue, session.state.id, expected


def test_the_rescue_file_carries_the_workshop_and_the_coach_s_record(rescued):
    _, workshop_file, rescue, _, expected = rescued
    text = rescue.read_text(encoding="utf-8")
    assert text == expected
    assert "workshop_source:" in text and "the sponsor is nervous" in text, "the script, notes included"
    assert "Only the coach may know this" in text, "a coach-only rationale is the coach's to get back"
    assert rescue.stat().st_mode & 0o077 == 0, "readable by the coach only"


def test_a_custom_workshop_session_comes_back_whole_on_the_same_database(rescued, capsys):
    db, workshop_file, rescue, session_id, expected = rescued
    with Store(db) as store:  # the room went on after the last save: the database is behind the rescue file
        Workspace(store).resume(session_id).record_decision("level", choice="teams", decision="Teams first")
    assert run("import", "--replace", str(rescue), db=db) == 0
    assert f"Imported session {session_id}" in capsys.readouterr().out
    assert private_export(db, session_id) == expected
    with Store(db) as store:
        kept = SessionState.from_dict(store.load_session(session_id))
    assert kept.workshop_ref == str(workshop_file), "--replace keeps the path the session was started from"
    assert kept.workshop_source == WORKSHOP
    assert kept.coach_notes == {"welcome": "The room wants fewer, better goals"}


def test_a_custom_workshop_session_comes_back_on_a_fresh_database_without_the_file(rescued, tmp_path, capsys,
                                                                                   monkeypatch):
    _, workshop_file, rescue, session_id, expected = rescued
    workshop_file.unlink()
    fresh = tmp_path / "elsewhere" / "db.json"
    assert run("import", str(rescue), db=fresh) == 0
    assert private_export(fresh, session_id) == expected
    (tmp_path / "team-kickoff").write_text("not a workshop")  # a file named like the id is never read
    monkeypatch.chdir(tmp_path)
    with Store(fresh) as store:
        session = Workspace(store).resume(session_id)
        assert session.workshop.title == "Team kick-off, ünïcode"
        assert session.state.workshop_ref == "team-kickoff"
    assert run("export", session_id, "--format", "markdown", db=fresh) == 0
    assert "Company first, ␛[31m really" in capsys.readouterr().out


def test_an_older_rescue_file_without_the_script_uses_the_copy_the_database_keeps(rescued, capsys):
    db, _, rescue, session_id, expected = rescued
    older = rescue.with_name("older.yaml")
    text = rescue.read_text(encoding="utf-8")
    start = text.index("  workshop_source:")
    older.write_text(text[:start], encoding="utf-8")  # the last key of the file: cut it off
    assert "workshop_source" not in older.read_text()
    assert run("import", "--replace", str(older), db=db) == 0
    assert private_export(db, session_id) == expected


def test_an_export_without_the_script_is_refused_on_a_fresh_database_saying_what_would_work(rescued, tmp_path,
                                                                                            capsys):
    db, _, _, session_id, _ = rescued
    plain = tmp_path / "plain.yaml"
    assert run("export", session_id, "-o", str(plain), db=db) == 0
    capsys.readouterr()
    assert run("import", str(plain), db=tmp_path / "fresh.json") == INVALID_INPUT
    err = capsys.readouterr().err
    assert "'team-kickoff' is not a built-in workshop" in err
    assert "a rescue file does, as does `export --include-private`" in err and "nothing imported" in err


def edited_rescue(rescue: Path, edit) -> Path:
    document = yaml.safe_load(rescue.read_text(encoding="utf-8"))
    edit(document)
    path = rescue.with_name("edited.yaml")
    path.write_text(to_yaml(document), encoding="utf-8")
    return path


def test_a_script_that_is_not_the_session_s_workshop_is_refused(rescued, tmp_path, capsys):
    _, _, rescue, _, _ = rescued
    other = edited_rescue(rescue, lambda d: d["private"].update(
        workshop_source=d["private"]["workshop_source"].replace('version: "2.1"', 'version: "3.0"')))
    assert run("import", str(other), db=tmp_path / "fresh.json") == INVALID_INPUT
    err = capsys.readouterr().err
    assert "private/workshop_source: the script is workshop 'team-kickoff' version 3.0, the session ran " \
           "'team-kickoff' version 2.1" in err


def test_a_hostile_script_in_an_import_is_refused_as_a_workshop_file_would_be(rescued, tmp_path, capsys):
    _, _, rescue, _, _ = rescued
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    hostile = edited_rescue(rescue, lambda d: d["private"].update(workshop_source=bomb))
    assert run("import", str(hostile), db=tmp_path / "fresh.json") == INVALID_INPUT
    err = capsys.readouterr().err
    assert err.startswith("facilitator: ") and "private/workshop_source:1:4: invalid YAML: anchors" in err


# -- reflect-and-reset ---------------------------------------------------------------------------------------
def reflected_session(workspace):
    deployment, ref = catalog.resolve("deployment-parameters")
    first = workspace.start(deployment, ref, organization="Acme", team="Platform")
    for step in deployment.decision_steps:
        first.go_to(step.id)
        first.record_decision(step.parameter, choice=step.default_option.id, decision="", owner="Kim",
                              rationale="private reason" if step.parameter == "level" else "first cycle",
                              rationale_private=step.parameter == "level")
    drafting, ref = catalog.resolve("okr-drafting")
    drafts = workspace.start(drafting, ref, organization="Acme", team="Platform")
    drafts.board.save_objective(Objective("o1", "Delight first-time customers", why_now="Churn", level="team",
                                          team="Platform"))
    drafts.board.save_key_result("o1", KeyResult("kr1", "Raise week-1 activation", start=32, target=45, unit="%",
                                                 owner="Ana"))
    drafts.board.save_key_result("o1", KeyResult("kr2", "Cut onboarding tickets", start=120, target=60, owner="Bo"))
    workshop, ref = catalog.resolve("reflect-and-reset")
    session = workspace.start(workshop, ref, organization="Acme", team="Platform")
    session.reflect("kr1", score=0.6, learning="Invites mattered more than the tour", verdict="modify")
    session.reflect("kr2", score=None, learning="", verdict="remove")
    for step in workshop.decision_steps[:3]:
        session.go_to(step.id)
        session.record_decision(step.parameter, choice=step.options[-1].id, decision="changed", rationale="learned",
                                owner="Kim")
    return session


def test_reflect_and_reset_survives_export_import_export(tmp_path, capsys):
    db, fresh = tmp_path / "db.json", tmp_path / "fresh.json"
    with Store(db) as store:
        session = reflected_session(Workspace(store))
        session_id = session.state.id
        first = export_document(session)
    assert first["reflection"]["previous_session"] and first["reflection"]["previous"]["objectives"]
    assert any(d["revisit"] for d in first["parameters"].values())
    assert first["reflection"]["key_results"][0]["score"] == 0.6
    assert "private reason" not in to_yaml(first), "the earlier session's coach-only rationale stays out"
    for include_private in (False, True):
        exported = tmp_path / f"reflect-{include_private}.yaml"
        args = ["export", session_id, "-o", str(exported)] + (["--include-private"] if include_private else [])
        assert run(*args, db=db) == 0
        target = fresh.with_name(f"fresh-{include_private}.json")
        assert run("import", str(exported), db=target) == 0
        again = tmp_path / f"again-{include_private}.yaml"
        assert run(*[str(again) if a == str(exported) else a for a in map(str, args)], db=target) == 0
        assert again.read_text() == exported.read_text()
    with Store(fresh.with_name("fresh-False.json")) as store:
        imported = Workspace(store).resume(session_id)
        assert imported.state.reflections["kr1"] == {"score": 0.6, "learning": "Invites mattered more than the tour",
                                                     "verdict": "modify"}
        assert imported.previous_decision("level") is not None, "a revisit still starts from last cycle's decision"


def test_an_older_reflection_export_without_previous_keeps_its_scores(tmp_path):
    with Store(tmp_path / "db.json") as store:
        session = reflected_session(Workspace(store))
        document = export_document(session)
    del document["reflection"]["previous"]
    from facilitator.core.importer import import_document
    from facilitator.core.session import Session
    from tests.conftest import MemoryStore

    state = import_document(to_yaml(document), existing_ids=set())
    workshop, _ = catalog.resolve("reflect-and-reset")
    again = export_document(Session(workshop, SessionState.from_dict(state), MemoryStore()))
    assert again["reflection"]["key_results"] == document["reflection"]["key_results"]


def test_a_session_of_a_german_built_in_comes_back_in_german():
    from facilitator.core.importer import import_document
    from facilitator.core.session import Session
    from tests.conftest import MemoryStore

    german = load_workshop(catalog.builtin_paths()["de/check-in"])
    session = Session.start(german, MemoryStore(), workshop_ref="de/check-in", organization="Acme", team="Plattform")
    document = export_document(session)
    assert document["session"]["workshop"]["language"] == "de"
    state = import_document(to_yaml(document), existing_ids=set())
    assert state["workshop_ref"] == "de/check-in", "resume must reopen the German script the room read"
    assert state["workshop_title"] == german.title
