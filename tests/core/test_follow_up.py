"""The follow-up a coach sends as it is: who was there, what the room said, the state of the decisions in one
line, how agreed each one was, what is parked with whom until when, the next session, and what stays private."""

from __future__ import annotations

import re

import pytest

from facilitator.core.consensus import fist_of_five
from facilitator.core.export import export_document, schema_problems, to_yaml
from facilitator.core.export_html import to_html
from facilitator.core.export_markdown import to_markdown
from facilitator.core.follow_up_verbs import clock_time, iso_date, parse_attendees
from facilitator.core.importer import import_document
from facilitator.core.qr import decisions_text
from facilitator.core.records import SessionState
from facilitator.core.session import Session
from tests.conftest import MemoryStore
from tests.core.test_import import build_full_session


def _section(markdown: str, title: str) -> str:
    start = markdown.index(f"## {title}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start:end if end != -1 else len(markdown)]


@pytest.fixture
def session(deployment, clock, wall) -> Session:
    """The full session, with everything this follow-up adds: attendees, records, private marks, a plan."""
    session = build_full_session(deployment, clock, wall)
    session.set_attendees(parse_attendees("Ana Lima, CEO\nBo - Head of Sales\n\nCleo\n"))
    session.record_step_text("why-okrs", "Growth stalled in 2026\nTeams pull in different directions")
    session.record_step_text("introductions", "Everyone wants fewer, clearer priorities.")
    session.set_coach_note("alignment", "Bo pushed back hard; talk to him alone.")
    session.record_decision("kpis", choice=None, decision="Keep KPIs on the dashboard for now",
                            rationale="Needs the finance team in the room", owner="Ana", status="parked",
                            by_when="2026-12-10")
    session.record_decision("performance-reviews", choice=None, decision="Decoupled from pay",
                            rationale="The CFO fears a bonus fight", owner="Kim", rationale_private=True)
    session.record_consensus("performance-reviews", fist_of_five({5: 2, 3: 3, 1: 1}, objections="Cleo: HR not asked",
                                                                 addressed=True, objections_private=True))
    session.set_next_session(date="2026-12-10", time="14:00", workshop="okr-drafting", who="leadership team")
    session.set_action_done("a1")
    return session


def test_attendees_are_names_with_an_optional_role_and_e_mail():
    # the escape is shown as its picture, never run
    assert parse_attendees("Ana Lima, CEO\nBo - Head of Sales\n  \nCleo\nDan: CTO, Berlin\x1b[2J") == [
        {"name": "Ana Lima", "role": "CEO", "email": ""}, {"name": "Bo", "role": "Head of Sales", "email": ""},
        {"name": "Cleo", "role": "", "email": ""}, {"name": "Dan", "role": "CTO, Berlin␛[2J", "email": ""}]
    people = parse_attendees("Ana Núñez, CEO, ana@nordwind.example\nBo <bo.berg@nordwind.example>\n"
                             "cleo@nordwind.example")
    assert people == [{"name": "Ana Núñez", "role": "CEO", "email": "ana@nordwind.example"},
                      {"name": "Bo", "role": "", "email": "bo.berg@nordwind.example"},
                      {"name": "cleo@nordwind.example", "role": "", "email": "cleo@nordwind.example"}]
    from facilitator.core.follow_up_verbs import attendees_text

    assert parse_attendees(attendees_text(people)) == people, "the dialog shows what it reads back"


def test_dates_and_times_are_checked_where_they_are_typed():
    assert iso_date(" 2026-12-10 ") == "2026-12-10" and iso_date("") == ""
    assert clock_time("9:05") == "09:05"
    for bad in ("10/12/2026", "20261210", "2026-13-01"):
        with pytest.raises(ValueError, match="not a date like 2026-12-31"):
            iso_date(bad)
    for bad in ("25:00", "9", "9:5", "noon"):
        with pytest.raises(ValueError, match="not a time of day"):
            clock_time(bad)


def test_the_headline_counts_decided_and_parked(session):
    markdown = to_markdown(export_document(session))
    assert "## Decisions\n\n**9 of 10 parameters decided, 1 parked.**" in markdown


def test_each_decision_says_how_agreed_it_was_not_only_the_average(session):
    decisions = _section(to_markdown(export_document(session)), "Decisions")
    level = next(line for line in decisions.splitlines() if line.startswith("- **Level of OKRs:**"))
    assert ("Consensus: fist-of-five, 6 people, average 3.67, 1 at 2 or less, objections heard and addressed "
            "(objections: Pilots feel unfair).") in level
    scoring = next(line for line in decisions.splitlines() if line.startswith("- **Scoring and updating:**"))
    assert "Dot vote: the chosen option led with 4 of 6 dots." in scoring


def test_a_parked_decision_has_an_owner_and_a_by_when(session):
    decisions = _section(to_markdown(export_document(session)), "Decisions")
    assert ("- **Difference from KPIs:** Ana settles it by 10 December 2026. For now: Keep KPIs on the dashboard "
            "for now. Why parked: Needs the finance team in the room.") in decisions


def test_a_decided_parameter_keeps_no_by_when(session):
    session.record_decision("kpis", choice=None, decision="KPIs stay KPIs", owner="Ana", by_when="2026-12-10")
    assert session.state.decisions["kpis"].by_when == ""
    with pytest.raises(ValueError, match="by-when date"):
        session.record_decision("kpis", choice=None, decision="x", owner="Ana", status="parked", by_when="soon")


def test_the_follow_up_names_who_was_there_and_what_the_room_said(session):
    markdown = to_markdown(export_document(session))
    assert "In the room (3): Ana Lima (CEO), Bo (Head of Sales), Cleo." in markdown
    said = _section(markdown, "What the room said")
    assert "### Why OKRs, and why now\n\n- Growth stalled in 2026\n- Teams pull in different directions" in said
    assert said.rstrip().endswith("### Introductions and expectations\n\nEveryone wants fewer, clearer priorities.")
    assert markdown.index("## What the room said") < markdown.index("## Decisions")


def test_the_next_session_is_a_field_in_the_follow_up_and_the_export(session):
    document = export_document(session)
    assert document["session"]["next_session"] == {"date": "2026-12-10", "time": "14:00",
                                                   "workshop": "okr-drafting", "who": "leadership team"}
    upcoming = _section(to_markdown(document), "Next session")
    assert upcoming.startswith("## Next session\n\n**10 December 2026 at 14:00: okr-drafting, with leadership team.**")
    assert "Due before then:" in upcoming


def test_the_next_session_needs_a_date_and_clears_when_emptied(session):
    with pytest.raises(ValueError, match="needs a date"):
        session.set_next_session(time="14:00")
    session.set_next_session()
    assert session.state.next_session == {} and export_document(session)["session"]["next_session"] is None


def test_actions_are_edited_reassigned_marked_done_and_removed(session):
    saves = len(session.store.saved)
    session.update_action("a2", text="Book the drafting workshop", owner="Ana", due="2026-12-05")
    assert len(session.store.saved) == saves + 1, "saved at once"
    with pytest.raises(ValueError, match="not a date"):
        session.update_action("a2", text="x", owner="Ana", due="next week")
    session.set_action_done("a3")
    session.remove_action("a4")
    assert [(a.id, a.done) for a in session.actions_by_due()] == [("a2", False), ("a3", True), ("a1", True)]
    plan = _section(to_markdown(export_document(session)), "Action plan")
    assert "| Book the drafting workshop | Ana | 2026-12-05 |" in plan
    assert "Done already: Who pays for the OKR tool? (Kim); Set up the shared OKR sheet (Bo)." in plan


def test_the_client_follow_up_holds_nothing_the_coach_keeps(session):
    document = export_document(session)
    for text in (to_markdown(document), to_html(document), to_yaml(document)):
        assert "bonus fight" not in text, "a coach-only rationale"
        assert "HR not asked" not in text, "coach-only objections"
        assert "talk to him alone" not in text, "the coach's own note"
        assert "For the coach only" not in text
    assert "findings" not in to_markdown(document).lower()
    assert "objections_private" not in to_yaml(document)
    assert "bonus fight" not in decisions_text("t", "team", session.state.decisions)


def test_include_private_adds_the_coach_section(session):
    markdown = to_markdown(export_document(session, include_private=True))
    coach = _section(markdown, "For the coach only (do not forward)")
    assert "- **How team OKRs align with company OKRs:** Bo pushed back hard; talk to him alone." in coach
    assert "- **Performance reviews:** The CFO fears a bonus fight." in coach
    assert "- **Performance reviews:** Cleo: HR not asked." in coach
    assert "Open findings on the drafts (" in coach


def test_everything_added_round_trips_through_a_private_export(session, deployment):
    original = export_document(session, include_private=True)
    assert schema_problems(original) == []
    state = import_document(to_yaml(original), existing_ids=set())
    imported = Session(deployment, SessionState.from_dict(state), MemoryStore())
    assert export_document(imported, include_private=True) == original
    assert imported.state.decisions["performance-reviews"].rationale_private
    public = export_document(session)
    state = import_document(to_yaml(public), existing_ids=set())
    assert export_document(Session(deployment, SessionState.from_dict(state), MemoryStore())) == public


def test_every_format_has_the_organization_in_its_title(session):
    document = export_document(session)
    title = "OKR deployment parameters — Acme, Inc. / Équipe 目標 — 26 November 2026"
    assert document["session"]["title"] == title
    assert to_markdown(document).startswith(f"# {title}\n")
    assert f"<title>{title}</title>" in to_html(document)


def test_the_html_follow_up_is_one_self_contained_page_that_prints_whole(session):
    page = to_html(export_document(session))
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert not re.search(r"<(script|link|img|iframe)\b", page) and "src=" not in page and "@import" not in page
    assert "url(" not in page, "no external assets"
    # a mail client that drops <style> still gets bordered tables; the print rules keep rows whole
    assert '<table style="border-collapse:collapse;width:100%;' in page and '<td style="border:1px solid' in page
    assert "thead { display: table-header-group; }" in page and "break-inside: avoid" in page
    assert "@media print" in page and "@page" in page
    # the due date (a table's last column) never breaks at its hyphens
    assert re.search(r'<td style="white-space:nowrap;[^"]*">2026-12-01</td>', page)


def test_text_from_the_room_is_text_in_the_html(session):
    session.update_action("a2", text="<script>alert(1)</script> & <b>bold</b>", owner="<img src=x>", due="")
    page = to_html(export_document(session))
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page


def test_a_german_follow_up_reads_german_through_every_section(session, store, clock):
    """Decisions (a parked one, a consensus check), drafts with key results, a departure, a check-in, the coach's
    findings: a German reader meets no English sentence the follow-up writes itself (typed text stays as typed)."""
    from facilitator import i18n
    from facilitator.core.export_formats import export_language
    from facilitator.workspace import Workspace
    from tests.core.test_checkin_exports import two_check_ins

    _, check_in = two_check_ins(Workspace(store, clock=clock))
    session.record_consensus("alignment", fist_of_five({4: 3, 1: 1}, objections="Support not asked"))
    with i18n.using(export_language("markdown", "de")):
        document = export_document(session, include_private=True)
        document["check_in"] = export_document(check_in)["check_in"]
        document["okrs"]["departures"] = [
            {"check": "too-many-key-results", "target": "o1", "parameter": "number", "rule": "At most 2 objectives",
             "finding": "4 key results; the room's limit is 3.", "reason": "The pilot ends in May", "at": "x"}]
        markdown = to_markdown(document)
    for german in ("— 26. November 2026", "Warum: Focus: we overcommit every year. Verantwortlich: Kim.",
                   "Konsens: Fist of Five, 6 Personen, Durchschnitt 3,67, 1 bei 2 oder weniger, Einwände gehört "
                   "und aufgegriffen (Einwände: Pilots feel unfair).",
                   "Dot-Voting: Die gewählte Option lag mit 4 von 6 Punkten vorn.",
                   "Einwände noch offen (Einwände: Support not asked). **Noch nicht vereinbart:**",
                   "**Abgrenzung zu KPIs:** Ana klärt das bis zum 10. Dezember 2026. Bis dahin: Keep KPIs on the "
                   "dashboard for now. Warum geparkt: Needs the finance team in the room.",
                   "- **Abgrenzung zu KPIs** (geparkt): ",
                   "Unternehmens-Objective.\nWarum jetzt: Churn doubled",
                   "Team-Objective (Support); zahlt ein auf „Delight first-time customers“; ambitioniert.",
                   "- Raise 30-day retention. 40 → 60 %. Verantwortlich: Bo. Zuversicht 0,6.",
                   "- Cut first reply time. 9,5 → 2,25 hours. Verantwortlich: Cleo. Zuversicht 0,3. *Ambitioniert.*",
                   "Fällig: 2027-01-31.",
                   "## Abweichungen von unseren Regeln", "- **Anzahl der OKRs**, bei „Delight first-time customers“: ",
                   "Wir haben beschlossen: At most 2 objectives. Warum wir abweichen: The pilot ends in May.",
                   "## Wo die Key Results stehen", "Zyklus 2026-10-01 bis 2026-12-31; Check-in 2 in diesem Zyklus.",
                   "| Key Result | Jetzt | Zuversicht | Status | Trend |", "| 36 % | 0,4 | vom Kurs ab |", "Blocker:",
                   "(aufgekommen bei „", "**10. Dezember 2026 um 14:00: okr-drafting, mit leadership team.**",
                   "Begründungen, nur für den Coach markiert:", "Einwände, nur für den Coach markiert:",
                   "Offene Befunde zu den Entwürfen (1 Warnung, 6 Hinweise):",
                   "- 6 weitere, festgehalten im Session-Datensatz des Coachs."):
        assert german in markdown, german
    # the English script's facilitator notes close the coach section: text the follow-up quotes, not writes
    written = markdown[:markdown.index("Die Moderationsnotizen des Skripts:")]
    for english in ("December", " Why:", "Owner:", "Consensus:", "average", "Dot vote", "objections",
                    "Not agreed", "settles it by", "For now:", "Why parked", "(parked)", "Company objective",
                    "Team objective", "contributes to “", "Why now", "aspirational", "Aspirational", "Confidence",
                    "Due ", "Target", "target not set", "Departures", "on “", "We decided", "Why we depart",
                    "Key result |", "Cycle ", "check-in 2", "off track", "Blockers", "raised during",
                    " at 14:00", "with leadership", "marked coach only", "Open findings", "warning",
                    "hints", "more, kept"):
        assert english not in written, english
