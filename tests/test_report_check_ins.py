"""`facilitator report` shows where each team's key results stood at its latest check-in."""

from __future__ import annotations

from facilitator.cli import main
from facilitator.store import Store
from facilitator.workspace import Workspace
from tests.cycle_data import drafted_cycle, start_check_in


def cycle_with_two_check_ins(db):
    with Store(db) as store:
        workspace = Workspace(store)
        drafted_cycle(workspace)
        first = start_check_in(workspace)
        first.check_ins.record("kr1", value=34, confidence=0.9)
        first.check_ins.record("kr2", value=118, confidence=0.8)
        latest = start_check_in(workspace)
        latest.check_ins.record("kr1", value=38.5, confidence=0.4, blockers=[("=HYPERLINK(\"x\")", "Bo")])
        return latest.state.id, latest.check_ins.entry("kr1").status


def test_the_report_shows_each_team_s_latest_check_in(tmp_path, capsys):
    db = tmp_path / "db.json"
    latest, status = cycle_with_two_check_ins(db)
    capsys.readouterr()
    assert main(["report", "db", "--db", str(db)]) == 0
    markdown = capsys.readouterr().out
    labels = {"on-track": "on track", "at-risk": "at risk", "off-track": "off track"}
    assert f"Latest check-in ({latest[:4]}-{latest[4:6]}-{latest[6:8]}, session {latest}): 1 of 2 key results " \
           f"checked in: 1 {labels[status]}" in markdown
    assert f"| Raise week-1 activation | 38.5 % | 0.4 | {labels[status]} | Ana |" in markdown
    assert "| Cut onboarding tickets | - | - | not checked in | Bo |" in markdown, "the latest, not the first"
    assert "HYPERLINK" not in markdown, "blockers stay in the check-in's own export"
    out = tmp_path / "report.csv"
    assert main(["report", "db", "--db", str(db), "--format", "csv", "-o", str(out)]) == 0
    rows = [line for line in out.read_text().splitlines() if line.startswith("check-in,")]
    assert len(rows) == 2
    assert f",{latest}," in rows[0], "which check-in it was"
    assert "Raise week-1 activation" in rows[0] and "now 38.5 %; confidence 0.4" in rows[0]


def test_the_report_speaks_the_sessions_language_or_lang_and_its_sheet_stays_english(tmp_path, capsys):
    db = tmp_path / "db.json"
    cycle_with_two_check_ins(db)
    out = tmp_path / "report.csv"
    assert main(["report", "db", "--db", str(db), "--format", "csv", "-o", str(out)]) == 0
    sheet = out.read_text()
    with Store(db) as store:
        workspace = Workspace(store)
        for summary in workspace.sessions():
            workspace.resume(summary.id).set_language("de")
    capsys.readouterr()
    assert main(["report", "db", "--db", str(db)]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# OKR-Bericht\n\n## Acme\n\n**Entscheidungen nebeneinander** (⚑ wo ein Team")
    assert "| Parameter | Unternehmen | Platform |" in markdown and "| Zykluslänge | Quarterly" in markdown
    assert "### Platform (Unternehmen)" in markdown and "Bottom-up: 100 % der Team-Objectives" in markdown
    assert "- **Delight first-time customers** (Team, vom Team vorgeschlagen) → zahlt auf nichts ein" in markdown
    assert "| Raise week-1 activation | 38,5 % | 0,4 |" in markdown
    assert "| Aktion | Verantwortlich | Fällig | Session |" in markdown
    for english in ("OKR report", "side by side", "aligns to nothing", "team-proposed", "| Action |", "38.5"):
        assert english not in markdown, english
    assert main(["--lang", "en", "report", "db", "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith("# OKR report\n"), "--lang over the sessions' language"
    assert main(["--lang", "de", "report", "db", "--db", str(db), "--format", "csv", "-o", str(out)]) == 0
    # resuming a session touches it, and the rows of sessions touched in the same instant may swap places:
    # what must not change is what the rows say
    assert sorted(out.read_text().splitlines()) == sorted(sheet.splitlines()), \
        "a sheet is English whatever the sessions or the interface speak"
