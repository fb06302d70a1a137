"""The facilitating screens' domain texts in German: the decision dialog's fields and their problems, the room's
numbers in words, a consensus check, a self-guided team's gaps, a date typed wrong. English stays as it was."""

from __future__ import annotations

import pytest

from facilitator import i18n
from facilitator.core import catalog, decision_values
from facilitator.core.consensus import describe, dot_voting, fist_of_five
from facilitator.core.follow_up_verbs import clock_time, iso_date
from facilitator.core.session import Session
from tests.conftest import MemoryStore


def test_the_decision_dialogs_fields_are_named_in_german():
    with i18n.using("de"):
        titles = [f.title for f in decision_values.fields_for("number")]
        assert titles == ["Objectives pro Ebene, höchstens", "Unternehmensebene, falls anders",
                          "Key Results pro Objective"]
        assert decision_values.fields_for("level")[0].title == "Ebenen mit OKRs"
    assert decision_values.fields_for("level")[0].title == "Levels with OKRs"


def test_a_german_room_types_its_numbers_in_its_own_words_and_the_ids_stay():
    with i18n.using("de"):
        shown = decision_values.show_all("scoring", decision_values.option_values("scoring", "percent-monthly"))
        assert shown["scale"] == "Prozent"
        assert decision_values.show_all("level", {"levels": ["company", "team"]})["levels"] == "Unternehmen, Team"
        values = decision_values.parse("kr-types", {"kr_types": "Metriken und Meilensteine", "max_milestones": "1"})
        assert values == {"kr_types": ["metric", "milestone"], "max_milestones": 1}
        assert decision_values.parse("scoring", {"scale": "Ampel", "confidence": "keine", "check_in_weeks": "2"}) \
            == {"scale": {"name": "traffic-light", "min": 0, "max": 2}, "confidence": None, "check_in_weeks": 2}
        with pytest.raises(ValueError) as problem:
            decision_values.parse("number", {"objectives": "drei", "key_results": "2-5"})
    assert str(problem.value) == ("Objectives pro Ebene, höchstens: „drei“ ist keine ganze Zahl (zum Beispiel 3)")
    with pytest.raises(ValueError) as english:
        decision_values.parse("number", {"objectives": "three", "key_results": "2-5"})
    assert str(english.value) == "Objectives per level, at most: 'three' is not a whole number (for example 3)"


def test_the_rooms_numbers_in_german_words():
    values = {"objectives": 2, "key_results": {"min": 2, "max": 4}, "bottom_up_percent": 60}
    with i18n.using("de"):
        assert decision_values.describe("number", values) == \
            "bis zu 2 Objectives pro Ebene · je 2-4 Key Results · 60% aller Team-Objectives aus den Teams"
    assert decision_values.describe("number", values) == \
        "up to 2 objectives per level · 2-4 key results each · 60% of team objectives from the teams"


def test_a_consensus_check_in_german():
    labels = {"quarterly": "Quartalszyklen", "half-year": "Halbjahreszyklen"}
    with i18n.using("de"):
        assert describe(fist_of_five({4: 1, 3: 1, 2: 1}), labels) == \
            "Fist of Five: 3 Personen, Durchschnitt 3,0, 1 bei 2 oder weniger (Einwandrunde offen)"
        assert describe(dot_voting({"quarterly": 3}, ["quarterly", "half-year"]), labels) == \
            "Dot-Voting: vorn liegt Quartalszyklen (3 Punkte)"
    assert describe(fist_of_five({4: 1}), labels) == "fist-of-five: 1 person, average 4.0"


def test_a_self_guided_teams_gaps_in_german(clock, wall):
    with i18n.using("de"):
        workshop, ref = catalog.resolve("deployment-parameters", language="de")
        session = Session.start(workshop, MemoryStore(), workshop_ref=ref, self_guided=True, clock=clock,
                                wall_clock=wall)
        session.go_to("level")
        assert session.readiness() == ["Halte die Entscheidung fest (d) oder parke sie, wenn das Team mehr "
                                       "Informationen braucht."]
        session.record_decision("level", choice=session.current.options[0].id, decision="")
        assert session.readiness() == ["Ergänze die Begründung (d): Eine Entscheidung ohne ihr Warum lässt sich im "
                                       "nächsten Zyklus nicht überprüfen.",
                                       "Nenne eine verantwortliche Person für die Entscheidung (d)."]


def test_a_date_or_time_typed_wrong_is_said_in_german():
    with i18n.using("de"):
        with pytest.raises(ValueError, match="^Fälligkeitsdatum „31.12.“ ist kein Datum wie 2026-12-31$"):
            iso_date("31.12.")
        with pytest.raises(ValueError, match="^Endzeit „9 Uhr“ ist keine Uhrzeit wie 09:30 oder 14:00$"):
            clock_time("9 Uhr", "end time")
    with pytest.raises(ValueError, match="^by-when date 'soon' is not a date like 2026-12-31$"):
        iso_date("soon", "by-when date")


def test_keymap_problems_and_timebox_cues_in_german():
    from facilitator.core.keymap import parse_keymap
    from facilitator.core.schedule import Cues

    with i18n.using("de"):
        found = parse_keymap('[keys]\nnext = "n"\nnext-step = "n n"', ["next-step"])
        assert found.problems == ("keymap: [keys] 'next' ist keine Taste von facilitator (bekannt: next-step)",
                                  "keymap: [keys] next-step = 'n n' ist keine Liste von Tasten wie \"t\" oder "
                                  "\"ctrl+t,f5\"")
        cues = Cues()
        assert cues.cycle().startswith("Signale an: Die Uhr blinkt")
        cues.cycle()
        assert cues.cycle() == "Signale aus"
    assert Cues().describe() == "cues off"
