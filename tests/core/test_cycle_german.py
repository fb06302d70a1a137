"""The cycle in German: `facilitator --lang de cycle` and the cycle view speak German, `cycle --json` stays what
tools read (English texts, the same ids and dates), whatever the coach's language."""

from __future__ import annotations

import json
from datetime import date

from facilitator import i18n
from facilitator.cli import main
from facilitator.core import catalog
from facilitator.core.cycle_text import open_lines, path_text
from facilitator.core.session import Session
from facilitator.store import Store
from tests.core.test_cycle_path import CYCLE, DEPLOYMENT, Reader, deployed, path_of


def test_the_next_step_and_the_stages_in_german():
    reader = Reader()
    deployed(reader)
    with i18n.using("de"):
        path = path_of(reader, "2026-12-02")
        assert path.stages[1].title == "Die OKRs des Unternehmens entwerfen"
        assert path.next.lines(date(2026, 12, 2))[:2] == [
            "Als Nächstes: Die OKRs des Unternehmens entwerfen (OKR-Entwurfsworkshop) für Nordwind / Leadership, "
            "am 4. Januar 2027 (Mo).",
            "Der Zyklus beginnt am 4. Januar 2027: entwerft in seinen ersten Tagen."]
        assert path.headline() == "Nordwind / Leadership · Zyklus 1 · 2027-01-04 → 2027-03-29 · " \
                                  "Check-ins alle zwei Wochen"
        check_in = next(s for s in path.stages if s.key == "check-in-1")
        assert check_in.title == "Check-in 1 von 5" and check_in.note == "danach noch 4, alle zwei Wochen, bis " \
                                                                           "29. März 2027"
    english = path_of(reader, "2026-12-02")
    assert english.next.lines(date(2026, 12, 2))[0].endswith("on 2027-01-04 (Mon).")


def test_what_is_open_in_german():
    reader = Reader()
    parked = {"status": "parked", "decision": "Erst HR fragen", "owner": "Kim", "by_when": "2026-12-20"}
    reader.add("dep", DEPLOYMENT, "2026-12-01", decisions={"cycle": CYCLE, "performance-reviews": parked})
    with i18n.using("de"):
        lines = open_lines(path_of(reader, "2026-12-02"))
        text = path_text(path_of(Reader(), "2026-12-02"), date(2026, 12, 2))
    assert lines[0] == "Geparkte Entscheidungen (1):"
    assert lines[1].endswith("Erst HR fragen · Kim · bis 20. Dezember 2026")
    assert "Noch keine Sessions dieses Teams: Der Weg beginnt mit der Einführung." in text or \
        "Nichts offen" in text


def test_facilitator_lang_de_cycle_prints_german_and_its_json_is_unchanged(tmp_path, capsys):
    db = tmp_path / "db.json"
    workshop, ref = catalog.resolve("deployment-parameters")
    with Store(db) as store:
        session = Session.start(workshop, store, workshop_ref=ref, organization="Acme", team="Vertrieb")
        session.go_to("cycle")
        session.record_decision("cycle", choice="quarterly", decision="Quarterly", values={
            "cycle_months": 3, "start": "2027-01-04", "end": "2027-03-29"})
    assert main(["--db", str(db), "cycle", "--org", "Acme", "--team", "Vertrieb", "--json"]) == 0
    english = json.loads(capsys.readouterr().out)
    assert main(["--lang", "de", "--db", str(db), "cycle", "--org", "Acme", "--team", "Vertrieb", "--json"]) == 0
    german = json.loads(capsys.readouterr().out)
    assert german == english
    assert english["stages"][0]["title"] == "Set up OKRs: the 10 deployment parameters"
    assert main(["--lang", "de", "--db", str(db), "cycle", "--org", "Acme", "--team", "Vertrieb"]) == 0
    out = capsys.readouterr().out
    assert "OKRs einführen: die 10 Einführungsparameter" in out and "Acme / Vertrieb · Zyklus 1" in out
    assert "Fortsetzen: dort weitermachen, wo ihr aufgehört habt" in out
    assert "Set up OKRs" not in out and "Next:" not in out


def test_a_point_carried_from_an_earlier_session_says_so_in_german_and_the_record_keeps_it():
    from facilitator.core.records import ParkingItem

    reader = Reader()
    reader.add("dep", DEPLOYMENT, "2026-12-01", decisions={"cycle": CYCLE},
               parking_lot=[ParkingItem("p1", "Budget Q3", note="carried from session 20261101-abc123: Finanzen")])
    with i18n.using("de"):
        path = path_of(reader, "2026-12-02")
        lines = open_lines(path)
    assert "  Budget Q3 (mitgenommen aus Session 20261101-abc123: Finanzen)" in lines
    assert path.carried[0].note == "carried from session 20261101-abc123: Finanzen", "the record stays English"
