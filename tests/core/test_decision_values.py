"""The room's own numbers: typed in the decision dialog, checked in core, used by the rules."""

from __future__ import annotations

import pytest

from facilitator.core import catalog
from facilitator.core import decision_values as dv
from facilitator.core.okr import rules_from_decisions
from tests.conftest import MemoryStore


def test_the_room_s_numbers_are_read_as_the_room_writes_them():
    assert dv.parse("number", {"objectives": "2", "key_results": "2-4"}) == {
        "objectives": 2, "key_results": {"min": 2, "max": 4}}
    assert dv.parse("number", {"objectives": "up to 3", "key_results": "2 to 5", "company_objectives": "1"}) == {
        "objectives": 3, "company_objectives": 1, "key_results": {"min": 2, "max": 5}}
    assert dv.parse("scoring", {"scale": "0.0-1.0", "confidence": "1-10", "check_in_weeks": "weekly"}) == {
        "scale": {"name": "0-1", "min": 0, "max": 1}, "confidence": {"min": 1, "max": 10}, "check_in_weeks": 1}
    assert dv.parse("scoring", {"scale": "percent", "confidence": "none", "check_in_weeks": "every 2 weeks"})[
        "confidence"] is None
    assert dv.parse("level", {"levels": "company and teams"}) == {"levels": ["company", "team"]}
    assert dv.parse("kr-types", {"kr_types": "Metrics, baselines"}) == {"kr_types": ["metric", "baseline"]}
    assert dv.parse("cycle", {"cycle_months": "quarterly", "start": "2027-01-04", "end": "2027-03-31"}) == {
        "cycle_months": 3, "start": "2027-01-04", "end": "2027-03-31"}
    assert dv.parse("bottom-up", {"bottom_up_percent": "60%"}) == {"bottom_up_percent": 60}


@pytest.mark.parametrize("parameter, texts, message", [
    ("number", {"objectives": "two", "key_results": "2-4"}, "Objectives per level, at most: 'two' is not a whole"),
    ("number", {"objectives": "2", "key_results": "4-2"}, "Key results per objective: '4-2' must run"),
    ("number", {"objectives": "2", "key_results": ""}, "Key results per objective: fill it in"),
    ("scoring", {"scale": "10-1", "confidence": "1-10", "check_in_weeks": "1"}, "Scoring scale: '10-1' must go"),
    ("scoring", {"scale": "0-1", "confidence": "sometimes", "check_in_weeks": "1"}, "Confidence scale"),
    ("scoring", {"scale": "0-1", "confidence": "1-10", "check_in_weeks": "daily"}, "Check-in every"),
    ("level", {"levels": "everyone"}, "'everyone' is not one of company, team, individual"),
    ("kr-types", {"kr_types": "metric", "max_milestones": "1"}, "milestones are not among the types allowed"),
    ("cycle", {"cycle_months": "3", "start": "2027-03-01", "end": "2027-01-01"}, "is not after the start"),
    ("cycle", {"cycle_months": "3", "start": "next Monday"}, "First cycle starts (YYYY-MM-DD): 'next Monday' is"),
    ("bottom-up", {"bottom_up_percent": "160"}, "must be between 0 and 100"),
])
def test_a_wrong_value_says_which_field_and_why(parameter, texts, message):
    with pytest.raises(ValueError, match=None) as caught:
        dv.parse(parameter, texts)
    assert message in str(caught.value)
    assert "for example" in str(caught.value) or "after the start" in str(caught.value) or \
        "types allowed" in str(caught.value)


def test_shown_values_read_back_the_same():
    for parameter, options in dv.OPTION_VALUES.items():
        for values in options.values():
            assert dv.parse(parameter, dv.show_all(parameter, values)) == dv.check(parameter, dict(values))


def test_stored_values_are_checked_like_typed_ones():
    with pytest.raises(ValueError, match="Objectives per level"):
        dv.check("number", {"objectives": "lots"})
    with pytest.raises(ValueError, match="not a value of the number decision"):
        dv.check("number", {"scale": {"min": 0, "max": 1}})
    with pytest.raises(ValueError, match="Key results per objective"):
        dv.check("number", {"key_results": {"min": 5}})


@pytest.mark.parametrize("workshop_id", ["deployment-parameters", "self-guided-setup"])
def test_every_option_of_the_built_in_workshops_has_its_values(workshop_id):
    workshop, _ = catalog.resolve(workshop_id)
    for step in workshop.decision_steps:
        if step.parameter in dv.FIELDS:
            assert {o.id for o in step.options} == set(dv.OPTION_VALUES[step.parameter]), step.id


def test_the_room_s_own_numbers_set_the_rules_not_the_nearest_option():
    decisions = {
        "number": {"status": "decided", "choice": "two-by-three", "decision": "2 objectives, 2-4 key results each",
                   "values": {"objectives": 2, "key_results": {"min": 2, "max": 4}}},
        "scoring": {"status": "decided", "choice": "decimal-with-confidence", "decision": "0-1, confidence 1-10",
                    "values": {"scale": {"name": "0-1", "min": 0, "max": 1}, "confidence": {"min": 1, "max": 10},
                               "check_in_weeks": 1}},
        "level": {"status": "decided", "choice": None, "decision": "Company only",
                  "values": {"levels": ["company"]}},
        "cycle": {"status": "decided", "choice": "four-months", "decision": "", "values": {"cycle_months": 4}},
        "bottom-up": {"status": "decided", "choice": None, "decision": "Half", "values": {"bottom_up_percent": 50}},
    }
    rules = rules_from_decisions(decisions)
    assert (rules.max_objectives, rules.min_krs, rules.max_krs) == (2, 2, 4)
    assert (rules.confidence_scale.min, rules.confidence_scale.max) == (1, 10)
    assert rules.scale.max == 1 and rules.confidence_tracked
    assert rules.levels == {"company"} and rules.cycle_months == 4 and rules.bottom_up_target == 0.5


def test_a_confidence_out_of_ten_is_within_the_room_s_scale():
    from facilitator.core.okr import KeyResult, Objective
    from facilitator.core.okr_checks import run_checks

    rules = rules_from_decisions({"scoring": {"status": "decided", "choice": None, "decision": "confidence 1-10",
                                              "values": {"scale": {"name": "0-1", "min": 0, "max": 1},
                                                         "confidence": {"min": 1, "max": 10},
                                                         "check_in_weeks": 1}}})
    objective = Objective("o1", "Delight first-time customers", level="company", key_results=[
        KeyResult("kr1", "Raise activation from 30% to 45%", start=30, target=45, unit="%", owner="Ana",
                  confidence=5)])
    assert "confidence-out-of-scale" not in {f.check_id for f in run_checks([objective], rules)}


def test_a_decision_keeps_the_values_typed_and_refuses_wrong_ones(deployment, clock, wall):
    from facilitator.core.session import Session

    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", clock=clock,
                            wall_clock=wall)
    session.go_to("number")
    decision = session.record_decision("number", choice="two-by-three", decision="2 objectives, 2-4 KRs each",
                                       values={"objectives": 2, "key_results": {"min": 2, "max": 4}})
    assert decision.values == {"objectives": 2, "key_results": {"min": 2, "max": 4}}
    assert session.board.rules().max_krs == 4
    with pytest.raises(ValueError, match="Key results per objective"):
        session.record_decision("number", choice=None, decision="x", values={"key_results": {"min": 4, "max": 2}})
    picked = session.record_decision("kr-types", choice="metrics-only", decision="")
    assert picked.values == {"kr_types": ["metric"]}, "an option picked without fields stands for its values"
    assert session.record_decision("level", choice="company-only", decision="", status="parked").values is None
