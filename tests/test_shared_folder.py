"""publish / import DIR / report from the command line, without git: the folder's rules on their own."""

from __future__ import annotations

from facilitator.cli import main
from facilitator.core import catalog
from facilitator.core.okr import KeyResult, Objective
from facilitator.store import Store
from facilitator.workspace import Workspace


def organization(db):
    """Leadership decides and drafts a company objective; Platform departs on kr-types and aligns to it."""
    with Store(db) as store:
        workspace = Workspace(store)
        deployment, ref = catalog.resolve("deployment-parameters")
        lead = workspace.start(deployment, ref, organization="Nordwind GmbH", team="Leadership")
        lead.go_to("kr-types")
        lead.record_decision("kr-types", choice="metrics-only", decision="")
        drafting, ref = catalog.resolve("okr-drafting")
        company = workspace.start(drafting, ref, organization="Nordwind GmbH", team="Leadership")
        company.board.save_objective(Objective("o1", "Win the DACH mid-market", level="company",
                                               origin="leadership"))
        setup, ref = catalog.resolve("self-guided-setup")
        own = workspace.start(setup, ref, organization="Nordwind GmbH", team="Platform", self_guided=True)
        own.go_to(next(s.id for s in setup.steps if s.parameter == "kr-types"))
        own.record_decision("kr-types", choice=None, decision="=HYPERLINK(\"x\") milestones too")
        board = workspace.start(drafting, "okr-drafting", organization="Nordwind GmbH",
                                team="Platform")
        board.board.save_objective(Objective("o1", "Make deploys boring", contributes_to=f"{company.state.id}:o1"))
        board.board.save_key_result("o1", KeyResult("kr1", "Cut lead time", start=10, target=2, unit="days"))
        board.add_action("Deploy dashboard", owner="Bo", due="2026-12-15")
        return lead, company, own, board


def test_publish_writes_one_file_per_session_and_only_what_changed(tmp_path, capsys):
    db, shared = tmp_path / "db.json", tmp_path / "shared"
    lead, company, own, board = organization(db)
    assert main(["publish", str(shared), "--db", str(db)]) == 0
    files = sorted(p.relative_to(shared).as_posix() for p in shared.rglob("*.yaml"))
    assert len(files) == 4 and all(f.startswith("nordwind-gmbh/") for f in files)
    text = next(shared.rglob(f"*{board.state.id}.yaml")).read_text()
    assert "findings: []" in text and "private" not in text and "facilitator_notes" not in text
    assert main(["publish", str(shared), "--db", str(db)]) == 0
    assert "0 written, 4 unchanged" in capsys.readouterr().out
    # a session that changes team moves its file, so one session is always one file
    assert main(["session", board.state.id, "--team", "Payments", "--db", str(db)]) == 0
    assert main(["publish", str(shared), "--db", str(db)]) == 0
    assert "moved nordwind-gmbh/platform/" in capsys.readouterr().out
    assert len(list(shared.rglob("*.yaml"))) == 4
    assert list(shared.glob(f"nordwind-gmbh/payments/*{board.state.id}.yaml"))


def test_publish_does_not_write_over_a_file_changed_there(tmp_path, capsys):
    db, shared = tmp_path / "db.json", tmp_path / "shared"
    lead, *_ = organization(db)
    assert main(["publish", str(shared), "--db", str(db)]) == 0
    path = next(shared.rglob(f"*{lead.state.id}.yaml"))
    path.write_text(path.read_text().replace(f"updated_at: '{lead.state.updated_at}'",
                                             "updated_at: '2099-01-01T00:00:00Z'"))
    before = path.read_text()
    capsys.readouterr()
    assert main(["publish", str(shared), "--db", str(db)]) == 6
    assert "changed there since this database last exchanged it; run `facilitator import" in capsys.readouterr().err
    assert path.read_text() == before


def test_import_of_a_folder_reports_bad_files_and_imports_the_rest(tmp_path, capsys):
    db, shared = tmp_path / "db.json", tmp_path / "shared"
    organization(db)
    assert main(["publish", str(shared), "--db", str(db)]) == 0
    (shared / "nordwind-gmbh" / "2026-11-30-20261130-bad000.yaml").write_text("format: nope\n")
    (shared / ".git").mkdir()
    (shared / ".git" / "2026-11-30-20261130-hidden.yaml").write_text("format: nope\n")
    other = tmp_path / "other.json"
    capsys.readouterr()
    assert main(["import", str(shared), "--db", str(other)]) == 5
    captured = capsys.readouterr()
    assert "4 added" in captured.out
    assert "not imported: nordwind-gmbh/2026-11-30-20261130-bad000.yaml: format: 'nope' is not supported" \
        in captured.err
    assert "hidden" not in captured.err


def test_report_sets_teams_side_by_side_and_marks_departures(tmp_path, capsys):
    db, shared = tmp_path / "db.json", tmp_path / "shared"
    organization(db)
    assert main(["publish", str(shared), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["report", str(shared)]) == 0
    markdown = capsys.readouterr().out
    assert "| Parameter | Company | Leadership | Platform |" in markdown
    assert "| Key result types | Metric key results only | Metric key results only | ⚑ =HYPERLINK(\"x\") " \
           "milestones too |" in markdown
    assert "- **Make deploys boring** (team, team-proposed) → serves *Win the DACH mid-market*" in markdown
    assert "  - Cut lead time (10 → 2 days), no owner" in markdown
    assert "| Deploy dashboard | Bo | 2026-12-15 |" in markdown
    assert main(["report", "db", "--db", str(db)]) == 0
    assert capsys.readouterr().out == markdown, "the folder and the database say the same"
    out = tmp_path / "report.csv"
    assert main(["report", str(shared), "--format", "csv", "-o", str(out)]) == 0
    sheet = out.read_text()
    assert sheet.startswith("section,organization,team,session,date,subject,value,detail,owner,due")
    assert "'=HYPERLINK" in sheet and ",=HYPERLINK" not in sheet
    assert "departs from the company" in sheet
    assert main(["report", str(tmp_path / "nowhere")]) == 3
