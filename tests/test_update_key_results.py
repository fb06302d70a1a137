"""Key result values from a tracker, by id: check-in values and reflect-and-reset scores, all rows or none."""

from __future__ import annotations

import json
from pathlib import Path

from facilitator.cli import INVALID_INPUT, main
from facilitator.core import catalog
from facilitator.core.okr import KeyResult, Objective
from facilitator.store import Store
from facilitator.workspace import Workspace


def cycle(db: Path, workshop_id: str) -> str:
    """A team's drafted key results, then a session of `workshop_id` working from them."""
    with Store(db) as store:
        workspace = Workspace(store)
        deployment, ref = catalog.resolve("deployment-parameters")
        first = workspace.start(deployment, ref, organization="Acme", team="Platform")
        for step in deployment.decision_steps:
            first.go_to(step.id)
            first.record_decision(step.parameter, choice=step.default_option.id, decision="", rationale="r",
                                  owner="Kim")
        drafting, ref = catalog.resolve("okr-drafting")
        drafts = workspace.start(drafting, ref, organization="Acme", team="Platform")
        drafts.board.save_objective(Objective("o1", "Delight first-time customers", level="team", team="Platform"))
        drafts.board.save_key_result("o1", KeyResult("kr1", "Raise week-1 activation", start=32, target=45,
                                                     unit="%", owner="Ana"))
        drafts.board.save_key_result("o1", KeyResult("kr2", "Cut onboarding tickets", start=120, target=60,
                                                     owner="Bo"))
        workshop, ref = catalog.resolve(workshop_id)
        return workspace.start(workshop, ref, organization="Acme", team="Platform").state.id


def state(db: Path, session_id: str):
    with Store(db, read_only=True) as store:
        return Workspace(store).resume(session_id)


def test_a_tracker_sheet_updates_a_check_in_by_id(tmp_path, capsys):
    db = tmp_path / "db.json"
    session_id = cycle(db, "check-in")
    sheet = tmp_path / "tracker.csv"
    sheet.write_text("\ufeffkey_result_id,current,confidence,note\r\nkr1,38,0.7,Pilot going well\r\n"
                     "kr2,100,,\r\n", encoding="utf-8")
    assert main(["--db", str(db), "update-key-results", session_id, str(sheet)]) == 0
    assert "Updated 2 key results (check-in values)" in capsys.readouterr().out
    check_ins = state(db, session_id).check_ins
    assert (check_ins.entry("kr1").value, check_ins.entry("kr1").confidence) == (38, 0.7)
    assert check_ins.entry("kr1").note == "Pilot going well" and check_ins.entry("kr2").value == 100


def test_rows_that_match_nothing_refuse_the_whole_file_and_are_listed(tmp_path, capsys):
    db = tmp_path / "db.json"
    session_id = cycle(db, "check-in")
    sheet = tmp_path / "tracker.csv"
    sheet.write_text("key_result_id,value\nkr1,40\nKR-9,3\nkr7,1\n", encoding="utf-8")
    assert main(["--db", str(db), "update-key-results", session_id, str(sheet)]) == INVALID_INPUT
    err = capsys.readouterr().err
    assert f"2 of 3 rows match no key result of session {session_id} (row 3: 'KR-9'; row 4: 'kr7')" in err
    assert state(db, session_id).check_ins.entry("kr1") is None, "nothing is saved"
    sheet.write_text("key_result_id,confidence\nkr1,0.5\nkr2,9\n", encoding="utf-8")
    assert main(["--db", str(db), "update-key-results", session_id, str(sheet)]) == INVALID_INPUT
    assert "row 3: confidence 9" in capsys.readouterr().err
    assert state(db, session_id).check_ins.entry("kr1") is None


def test_json_scores_go_to_reflect_and_reset(tmp_path, capsys):
    db = tmp_path / "db.json"
    session_id = cycle(db, "reflect-and-reset")
    updates = tmp_path / "scores.json"
    updates.write_text(json.dumps({"key_results": [{"key_result_id": "kr1", "score": 0.7, "verdict": "keep"},
                                                   {"key_result_id": "kr2", "score": 0.3}]}))
    assert main(["--db", str(db), "update-key-results", session_id, str(updates)]) == 0
    assert "(reflect-and-reset scores)" in capsys.readouterr().out
    reflections = state(db, session_id).state.reflections
    assert reflections["kr1"] == {"score": 0.7, "learning": "", "verdict": "keep"}
    assert reflections["kr2"]["score"] == 0.3
    updates.write_text(json.dumps([{"id": "kr1", "score": 4}]))
    assert main(["--db", str(db), "update-key-results", session_id, str(updates)]) == INVALID_INPUT
    assert "0/score: 4 is outside the room's scale 0-1" in capsys.readouterr().err


def test_a_session_without_key_results_to_update_says_where_values_go(tmp_path, capsys):
    db = tmp_path / "db.json"
    cycle(db, "check-in")
    sheet = tmp_path / "tracker.csv"
    sheet.write_text("key_result_id,value\nkr1,40\n", encoding="utf-8")
    assert main(["--db", str(db), "update-key-results", "latest", "--workshop", "okr-drafting", str(sheet)]) == \
        INVALID_INPUT
    assert "values go to a check-in session, scores to a reflect-and-reset session" in capsys.readouterr().err


def test_a_german_coach_reads_why_a_sheet_is_refused_in_german(tmp_path, capsys):
    db = tmp_path / "db.json"
    session_id = cycle(db, "check-in")
    sheet = tmp_path / "tracker.csv"
    sheet.write_text("key_result_id,value\nkr1,40\nKR-9,3\nkr2,viel\n", encoding="utf-8")
    assert main(["--lang", "de", "--db", str(db), "update-key-results", session_id, str(sheet)]) == INVALID_INPUT
    err = capsys.readouterr().err
    assert f"1 von 3 Zeilen passen zu keinem Key Result der Session {session_id} (Zeile 3: 'KR-9'); nichts " \
           "aktualisiert" in err
    sheet.write_text("key_result_id,confidence\nkr1,0.5\nkr2,9\n", encoding="utf-8")
    assert main(["--lang", "de", "--db", str(db), "update-key-results", session_id, str(sheet)]) == INVALID_INPUT
    assert "Zeile 3: Zuversicht 9 für 'Cut onboarding tickets' liegt außerhalb der Skala des Raums" in \
        capsys.readouterr().err
