"""OKR drafts, the room's rules from the deployment decisions, and the coaching checks on drafts."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from facilitator.core.okr import OPTION_RULES, KeyResult, Objective, RoomRules, Scale, rules_from_decisions
from facilitator.core.okr_checks import BOARD, BY_ID, CHECKS, SCOPES, SEVERITIES, guidance, normalized, run_checks

# ---------------------------------------------------------------- a clean board, and variations on it


def kr(id: str = "k1", text: str = "Raise week-1 activation from 32% to 45%", **changes) -> KeyResult:
    values = dict(type="metric", start=32.0, target=45.0, unit="%", direction="increase", owner="Priya",
                  confidence=0.5)
    values.update(changes)
    return KeyResult(id, text, **values)


def company(id: str = "c1", krs: list[KeyResult] | None = None, **changes) -> Objective:
    values = dict(
        title="Make every new customer successful in their first week",
        why_now="New customers churn in month one because setup takes three weeks",
        level="company",
        key_results=krs if krs is not None else [
            kr("k1"),
            kr("k2", "Cut median setup time from 21 days to 5 days", start=21.0, target=5.0, unit="days",
               direction="decrease", owner="Tom", confidence=0.6),
        ],
    )
    values.update(changes)
    return Objective(id, **values)


def team(id: str = "t1", krs: list[KeyResult] | None = None, **changes) -> Objective:
    values = dict(
        title="Make setup effortless for small accounts",
        why_now="Small accounts wait two weeks for setup help and half of them give up",
        level="team",
        team="Onboarding",
        contributes_to="c1",
        origin="team",
        key_results=krs if krs is not None else [
            kr("k3", "Cut setup tickets per new account from 3.1 to 1.5", start=3.1, target=1.5, unit="tickets",
               direction="decrease", owner="Lea"),
            kr("k4", "Establish a reliable measure of time-to-first-value for new accounts by week 4",
               type="baseline", start=None, target=None, unit="", direction="", owner="Ana", confidence=0.7),
        ],
    )
    values.update(changes)
    return Objective(id, **values)


def board(*objectives: Objective) -> list[Objective]:
    return list(objectives) if objectives else [company(), team()]


def with_kr(**changes) -> list[Objective]:
    """The clean board with the first key result (k1) changed."""
    first = company()
    first.key_results[0] = replace(first.key_results[0], **changes)
    return [first, team()]


def krs(count: int, type: str = "metric") -> list[KeyResult]:
    return [kr(f"k{i}", f"Raise measure number {i} from 10 to 20", type=type, due="2026-05-15")
            for i in range(1, count + 1)]


DEFAULT = RoomRules()


def rules(**choices: str) -> RoomRules:
    """Rules from decided options, e.g. rules(number="two-by-three")."""
    return rules_from_decisions({p.replace("_", "-"): {"status": "decided", "choice": c} for p, c in choices.items()})


def messages(check_id: str, objectives: list[Objective], room: RoomRules) -> dict[str, str]:
    return {f.target_id: f.message for f in run_checks(objectives, room) if f.check_id == check_id}


def test_a_clean_board_has_no_findings():
    assert run_checks(board(), DEFAULT) == []


# ---------------------------------------------------------------- every check: drafts that must trigger it ...

FIRES = [
    # (check id, target id, objectives, rules)
    ("too-many-objectives", BOARD, board(*(company(f"c{i}") for i in range(4))), DEFAULT),
    ("too-many-objectives", BOARD, board(company("c1"), company("c2")), rules(number="one-company-objective")),
    ("too-many-objectives", BOARD, board(*(team(f"t{i}") for i in range(3))), rules(number="two-by-three")),
    ("bottom-up-share-low", BOARD, board(company(), team("t1"), team("t2", origin="leadership")), DEFAULT),
    ("bottom-up-share-low", BOARD, board(team("t1"), team("t2"), team("t3", origin="leadership")),
     rules(bottom_up="fully-bottom-up")),
    ("objective-has-numbers", "c1", board(company(title="Increase revenue by 20%")), DEFAULT),
    ("objective-has-numbers", "c1", board(company(title="Grow ARR in the mid-market")), DEFAULT),
    ("objective-has-numbers", "c1", board(company(title="Reach $2M in new bookings")), DEFAULT),
    ("objective-too-long", "c1", board(company(title=" ".join(["word"] * 21))), DEFAULT),
    ("objective-vague", "c1", board(company(title="Be the best company in our market")), DEFAULT),
    ("objective-vague", "c1", board(company(title="World-class customer experience")), DEFAULT),
    ("objective-vague", "c1", board(company(title="Growth")), DEFAULT),
    ("objective-vague", "c1", board(company(title="Grow the business")), DEFAULT),
    ("objective-vague", "c1", board(company(title="Improve our processes and performance")), DEFAULT),
    ("objective-business-as-usual", "c1", board(company(title="Keep our service reliable")), DEFAULT),
    ("objective-business-as-usual", "c1", board(company(title="Maintain our position in the market")), DEFAULT),
    ("objective-is-a-project", "c1", board(company(title="Launch CRM v2 for the sales team")), DEFAULT),
    ("objective-is-a-project", "c1", board(company(title="Implement the new onboarding flow")), DEFAULT),
    ("objective-no-why-now", BOARD, board(company(why_now="")), DEFAULT),
    ("objective-no-why-now", BOARD, board(company(why_now="  "), team(why_now="")), DEFAULT),
    ("objective-no-key-results", "c1", board(company(krs=[])), DEFAULT),
    ("too-few-key-results", "c1", board(company(krs=krs(1))), DEFAULT),
    ("too-few-key-results", "c1", board(company(krs=krs(2))), replace(DEFAULT, min_krs=3)),
    ("too-many-key-results", "c1", board(company(krs=krs(6))), DEFAULT),
    ("too-many-key-results", "c1", board(company(krs=krs(4))), rules(number="two-by-three")),
    ("too-many-milestones", "c1", board(company(krs=krs(2, "milestone"))),
     rules(kr_types="metrics-baselines-few-milestones")),
    ("too-many-baselines", "c1", board(company(krs=krs(2, "baseline"))), DEFAULT),
    ("level-not-allowed", "c1", board(company(level="individual")), DEFAULT),
    ("level-not-allowed", "t1", board(company(), team()), rules(level="company-only")),
    ("level-not-allowed", "c1", board(company(level="department")), DEFAULT),
    ("alignment-missing", "t1", board(company(), team(contributes_to="")), rules(alignment="contributes-to-links")),
    ("alignment-missing", "t1", board(team(contributes_to=" ")), rules(alignment="strict-cascade")),
    ("alignment-suggested", "t1", board(company(), team(contributes_to="")), DEFAULT),
    ("alignment-link-broken", "t2", board(company(), team("t1"), team("t2", contributes_to="t1")), DEFAULT),
    ("alignment-link-broken", "t1", board(company(), team(contributes_to="c9")), DEFAULT),
    ("kr-no-target", "k1", with_kr(text="Increase NPS", start=None, target=None), DEFAULT),
    ("kr-no-target", "k1", with_kr(text="Grow the share of self-serve signups", target=None), DEFAULT),
    ("kr-no-baseline", "k1", with_kr(text="Raise week-1 activation to 45%", start=None), DEFAULT),
    ("kr-task-like", "k1", with_kr(text="Launch the new onboarding flow"), DEFAULT),
    ("kr-task-like", "k1", with_kr(text="Deploy the new checkout", start=None, target=None), DEFAULT),
    ("kr-task-like", "k1", with_kr(text="implement a new CRM"), DEFAULT),
    ("kr-task-like", "k1", with_kr(text="Roll out the pricing page", type="baseline"), DEFAULT),
    ("milestone-task-like", "k1", with_kr(text="Launch the new onboarding flow", type="milestone",
                                          due="2026-05-15"), DEFAULT),
    ("milestone-not-allowed", "k1", with_kr(type="milestone", due="2026-05-15"),
     rules(kr_types="metrics-and-baselines")),
    ("milestone-not-allowed", "k1", with_kr(type="milestone", due="2026-05-15"), rules(kr_types="metrics-only")),
    ("baseline-not-allowed", "k4", board(), rules(kr_types="metrics-only")),
    ("kr-no-owner", "k1", with_kr(owner=""), DEFAULT),
    ("kr-no-owner", "k1", with_kr(owner="   "), DEFAULT),
    ("kr-several-owners", "k1", with_kr(owner="Ana, Bo"), DEFAULT),
    ("kr-several-owners", "k1", with_kr(owner="Ana and Bo"), DEFAULT),
    ("kr-several-owners", "k1", with_kr(owner="Ana & Bo"), DEFAULT),
    ("kr-several-owners", "k1", with_kr(owner="Ana/Bo"), DEFAULT),
    ("kr-owner-not-a-person", "k1", with_kr(owner="Support team"), DEFAULT),
    ("kr-owner-not-a-person", "k1", with_kr(owner="Everyone"), DEFAULT),
    ("kr-owner-not-a-person", "k1", with_kr(owner="TBD"), DEFAULT),
    ("confidence-out-of-scale", "k1", with_kr(confidence=7.0), DEFAULT),
    ("confidence-out-of-scale", "k1", with_kr(confidence=-0.1), DEFAULT),
    ("confidence-out-of-scale", "k1", with_kr(confidence=150.0), rules(scoring="percent-monthly")),
    ("confidence-out-of-scale", "k1", with_kr(confidence=3.0), rules(scoring="traffic-light-weekly")),
    ("kr-no-confidence", "k1", with_kr(confidence=None), DEFAULT),
    ("kpi-in-disguise", "k1", with_kr(text="Keep uptime at 99.9%", start=99.9, target=99.9, direction=""), DEFAULT),
    ("kpi-in-disguise", "k1", with_kr(text="Churn at 2% a month", start=2.0, target=2.0, direction="maintain"),
     DEFAULT),
    ("kpi-in-disguise", "k1", with_kr(text="Monthly churn stays below 2%"), DEFAULT),
    ("kpi-in-disguise", "k1", with_kr(text="Margin remains above 30% while we grow"), DEFAULT),
    ("kpi-in-disguise", "k1", with_kr(text="Hold churn at 2% a month"), DEFAULT),
    ("kpi-in-disguise", "k1", with_kr(text="maintain NPS above 40"), DEFAULT),
    ("vague-verb", "k1", with_kr(text="Improve customer satisfaction", target=None), DEFAULT),
    ("vague-verb", "k1", with_kr(text="Improve customer satisfaction", type="", start=None, target=None), DEFAULT),
    ("vague-verb", "k1", with_kr(text="Optimize the sales process", target=None), DEFAULT),
    ("vague-verb", "k1", with_kr(text="Support the sales team better", target=None), DEFAULT),
    ("vague-verb", "k4", board(company(), team(krs=[kr("k3", "Cut setup tickets per new account from 3.1 to 1.5"),
                                                kr("k4", "Enhance onboarding", type="baseline", target=None)])),
     DEFAULT),
    ("duplicate-key-result", "k2", board(company(krs=[kr("k1"), kr("k2", "raise  Week-1 activation from 32 % to 45%.",
                                                                   owner="Tom")]), team()), DEFAULT),
    ("duplicate-key-result", "k3", board(company(), team(krs=[kr("k3", "Raise the week-1 activation from 32% to 45%"),
                                                              kr("k5", "Cut setup tickets from 3.1 to 1.5")])),
     DEFAULT),
    ("milestone-no-due", "k1", with_kr(text="Self-serve signup live in 3 pilot markets", type="milestone", due=""),
     DEFAULT),
    ("milestone-no-due", "k1", with_kr(text="Customer portal live", type="", start=None, target=None), DEFAULT),
    ("kr-output", "k1", with_kr(text="Run 4 webinars for trial users", start=None, target=None), DEFAULT),
    ("kr-output", "k1", with_kr(text="Publish 10 blog posts", start=None, target=None), DEFAULT),
    ("kr-output", "k1", with_kr(text="Blog cadence", start=4.0, target=10.0, unit="posts"), DEFAULT),
    ("kr-compound", "k1", with_kr(text="Increase NPS to 50 and reduce churn to 3%"), DEFAULT),
    ("kr-compound", "k1", with_kr(text="Launch the app and reach 10k users"), DEFAULT),
    ("kr-not-ambitious", "k1", with_kr(text="Raise NPS from 40 to 41", start=None, target=None), DEFAULT),
    ("kr-not-ambitious", "k1", with_kr(confidence=0.95, aspirational=True), DEFAULT),
    ("kr-unrealistic-stretch", "k1", with_kr(text="Raise NPS from 20 to 45", start=20.0, target=45.0, unit="",
                                             confidence=0.9), DEFAULT),
    ("kr-unrealistic-stretch", "k1", with_kr(text="Grow weekly active teams from 1,000 to 12,000", start=None,
                                             target=None, unit="", confidence=None), DEFAULT),
    ("kr-binary", "k1", with_kr(text="New website live by 30 June", type="", start=None, target=None), DEFAULT),
    ("kr-binary", "k1", with_kr(text="SOC 2 certification achieved", type="milestone", due="2026-06-30"), DEFAULT),
    ("kr-not-showing-objective", "k1", board(company(title="Mobile is the way our customers prefer to reach us",
                                                     krs=[kr("k1", "Raise NPS from 30 to 45")])), DEFAULT),
    ("duplicate-objective", "c2", board(company(), company("c2", title="Make every new customer successful "
                                                                         "in the first week")), DEFAULT),
    ("duplicate-key-result", "k2", board(company(krs=[kr("k1", "Raise NPS from 18 to 30"),
                                                      kr("k2", "Increase our NPS to 30", owner="Tom")])), DEFAULT),
    ("target-equals-start", "k1", with_kr(start=32.0, target=32.0), DEFAULT),
    ("kr-direction-mismatch", "k1", with_kr(start=45.0, target=32.0, direction="increase"), DEFAULT),
    ("kr-direction-mismatch", "k1", with_kr(start=3.0, target=4.0, direction="decrease"), DEFAULT),
]

# ---------------------------------------------------------------- ... and drafts that must not

QUIET = [
    # (check id, objectives, rules)
    ("too-many-objectives", board(*(company(f"c{i}") for i in range(3))), DEFAULT),
    ("too-many-objectives", board(company(), *(team(f"a{i}", team="A") for i in range(3)),
                                  *(team(f"b{i}", team="B") for i in range(3))), DEFAULT),
    ("too-many-objectives", board(company(), *(team(f"t{i}") for i in range(3))),
     rules(number="one-company-objective")),
    ("bottom-up-share-low", board(), DEFAULT),
    ("bottom-up-share-low", board(company()), DEFAULT),
    ("bottom-up-share-low", board(team("t1"), team("t2"), team("t3"), team("t4", origin="leadership"),
                                  team("t5", origin="leadership")), DEFAULT),
    ("bottom-up-share-low", board(team(origin="leadership")), rules(bottom_up="leadership-led-first-cycle")),
    ("objective-has-numbers", board(), DEFAULT),
    ("objective-has-numbers", board(company(title="Make our Q3 launch in 2026 land with customers")), DEFAULT),
    ("objective-too-long", board(company(title=" ".join(["word"] * 20))), DEFAULT),
    ("objective-too-long", board(), DEFAULT),
    ("objective-vague", board(), DEFAULT),
    ("objective-vague", board(company(title="Win back the mid-market accounts we lost last year")), DEFAULT),
    ("objective-vague", board(company(title="")), DEFAULT),
    ("objective-business-as-usual", board(), DEFAULT),
    ("objective-business-as-usual", board(company(title="Help customers keep their data safe")), DEFAULT),
    ("objective-is-a-project", board(), DEFAULT),
    ("objective-is-a-project", board(company(title="Make our launches land with customers")), DEFAULT),
    ("objective-no-why-now", board(), DEFAULT),
    ("objective-no-key-results", board(), DEFAULT),
    ("too-few-key-results", board(), DEFAULT),
    ("too-few-key-results", board(company(krs=[])), DEFAULT),
    ("too-few-key-results", board(company(krs=krs(1))), replace(DEFAULT, min_krs=1)),
    ("too-many-key-results", board(company(krs=krs(5))), DEFAULT),
    ("too-many-key-results", board(company(krs=krs(3))), rules(number="two-by-three")),
    ("too-many-milestones", board(company(krs=krs(2, "milestone"))), rules(kr_types="all-types-freely")),
    ("too-many-milestones", board(company(krs=[*krs(2), kr("k9", "Signup live", type="milestone")])),
     rules(kr_types="metrics-baselines-few-milestones")),
    ("too-many-milestones", board(company(krs=krs(2, "milestone"))), rules(kr_types="metrics-only")),
    ("too-many-baselines", board(), DEFAULT),
    ("too-many-baselines", board(company(krs=krs(2, "baseline"))), rules(kr_types="metrics-only")),
    ("level-not-allowed", board(), DEFAULT),
    ("level-not-allowed", board(company(level="individual")), rules(level="down-to-individuals")),
    ("alignment-missing", board(), rules(alignment="contributes-to-links")),
    ("alignment-missing", board(company(), team(contributes_to="")), DEFAULT),
    ("alignment-missing", board(company(contributes_to="")), rules(alignment="contributes-to-links")),
    ("alignment-suggested", board(), DEFAULT),
    ("alignment-suggested", board(team(contributes_to="")), rules(alignment="loose-alignment")),
    ("alignment-suggested", board(team(contributes_to="")), rules(alignment="contributes-to-links")),
    ("alignment-link-broken", board(), DEFAULT),
    ("alignment-link-broken", board(team(contributes_to="c9")), DEFAULT),
    ("kr-no-target", board(), DEFAULT),
    ("kr-no-target", with_kr(text="Raise NPS of new accounts from 18 to 30", start=None, target=None), DEFAULT),
    ("kr-no-target", board(), replace(DEFAULT, kr_types=frozenset({"metric", "baseline"}))),
    ("kr-no-target", with_kr(text="Pricing page live", type="milestone", target=None), DEFAULT),
    ("kr-no-baseline", board(), DEFAULT),
    ("kr-no-baseline", with_kr(text="Raise week-1 activation from 32% to 45%", start=None), DEFAULT),
    ("kr-no-baseline", with_kr(text="Establish churn reasons", type="baseline", start=None, target=None), DEFAULT),
    ("kr-task-like", board(), DEFAULT),
    ("kr-task-like", with_kr(text="Launch the new onboarding flow", type="milestone", due="2026-05-15"), DEFAULT),
    ("kr-task-like", with_kr(text="Run-rate revenue from 1.2 to 1.5 million"), DEFAULT),
    ("kr-task-like", with_kr(text="Raise activation from 32% to 45% once we launch the wizard"), DEFAULT),
    ("kr-task-like", with_kr(text="Hold churn at 2% a month"), DEFAULT),
    ("milestone-task-like", board(), DEFAULT),
    ("milestone-task-like", with_kr(text="Self-serve signup live in 3 pilot markets", type="milestone",
                                    due="2026-05-15"), DEFAULT),
    ("milestone-task-like", with_kr(text="Launch the new onboarding flow"), DEFAULT),
    ("milestone-not-allowed", with_kr(type="milestone", due="2026-05-15"), DEFAULT),
    ("milestone-not-allowed", with_kr(type="milestone", due="2026-05-15"),
     rules(kr_types="metrics-baselines-few-milestones")),
    ("baseline-not-allowed", board(), DEFAULT),
    ("baseline-not-allowed", board(), rules(kr_types="metrics-and-baselines")),
    ("kr-no-owner", board(), DEFAULT),
    ("kr-several-owners", board(), DEFAULT),
    ("kr-several-owners", with_kr(owner="Fernando Andersen"), DEFAULT),
    ("kr-several-owners", with_kr(owner=""), DEFAULT),
    ("kr-owner-not-a-person", board(), DEFAULT),
    ("kr-owner-not-a-person", with_kr(owner="Lea (Support)"), DEFAULT),
    ("kr-owner-not-a-person", with_kr(owner="Allison"), DEFAULT),
    ("confidence-out-of-scale", board(), DEFAULT),
    ("confidence-out-of-scale", with_kr(confidence=1.0), DEFAULT),
    ("confidence-out-of-scale", with_kr(confidence=70.0), rules(scoring="percent-monthly")),
    ("confidence-out-of-scale", with_kr(confidence=2.0), rules(scoring="traffic-light-weekly")),
    ("confidence-out-of-scale", with_kr(confidence=None), DEFAULT),
    ("kr-no-confidence", board(), DEFAULT),
    ("kr-no-confidence", with_kr(confidence=None), rules(scoring="decimal-no-confidence")),
    ("kpi-in-disguise", board(), DEFAULT),
    ("kpi-in-disguise", with_kr(text="Hold 4 customer workshops"), DEFAULT),
    ("kpi-in-disguise", with_kr(text="Raise the share of customers who keep using the app from 40% to 55%"),
     DEFAULT),
    ("kpi-in-disguise", with_kr(text="Customers stay with us longer: retention from 60% to 70%"), DEFAULT),
    ("vague-verb", board(), DEFAULT),
    ("vague-verb", with_kr(text="Improve CSAT on support tickets from 78% to 85%", target=None), DEFAULT),
    ("vague-verb", with_kr(text="Increase NPS", start=18.0, target=30.0), DEFAULT),
    ("duplicate-key-result", board(), DEFAULT),
    ("duplicate-key-result", board(company(krs=[kr("k1"), kr("k2", "Raise week-1 activation from 32% to 50%")])),
     DEFAULT),
    ("duplicate-key-result", board(company(krs=[kr("k1", "Grow weekly active users from 10k to 15k"),
                                                kr("k2", "Grow monthly active users from 30k to 40k")])), DEFAULT),
    ("milestone-no-due", board(), DEFAULT),
    ("milestone-no-due", with_kr(text="New website live by 30 June", type=""), DEFAULT),
    ("kr-output", board(), DEFAULT),
    ("kr-output", with_kr(text="Grow organic sign-ups from blog readers from 120 to 300 a month"), DEFAULT),
    ("kr-output", with_kr(text="Cut the time to answer a ticket from 20 hours to 4 hours"), DEFAULT),
    ("kr-compound", board(), DEFAULT),
    ("kr-compound", with_kr(text="Reduce the time between order and delivery from 5 to 2 days"), DEFAULT),
    ("kr-compound", with_kr(text="Research and development spend from 12% to 15% of revenue"), DEFAULT),
    ("kr-not-ambitious", board(), DEFAULT),
    ("kr-not-ambitious", with_kr(text="Increase uptime from 99.5% to 99.9%", start=None, target=None), DEFAULT),
    ("kr-not-ambitious", with_kr(confidence=0.95, aspirational=False), DEFAULT),
    ("kr-unrealistic-stretch", board(), DEFAULT),
    ("kr-unrealistic-stretch", with_kr(text="Raise NPS from 20 to 45", start=20.0, target=45.0, confidence=0.5,
                                       aspirational=True), DEFAULT),
    ("kr-unrealistic-stretch", with_kr(text="Raise NPS from 20 to 45", start=20.0, target=45.0, confidence=0.9),
     replace(DEFAULT, cycle_months=12)),
    ("kr-binary", board(), DEFAULT),
    ("kr-binary", with_kr(text="Self-serve signup live in 3 pilot markets", type="milestone", due="2026-05-15"),
     DEFAULT),
    ("kr-not-showing-objective", board(), DEFAULT),
    ("kr-not-showing-objective", board(company(title="Mobile is the way our customers prefer to reach us",
                                               krs=[kr("k1", "Grow the share of contacts made in the app from 12% "
                                                             "to 30%")])), DEFAULT),
    ("duplicate-objective", board(), DEFAULT),
    ("duplicate-objective", board(company(), company("c2", title="Make every partner successful in the first "
                                                                  "month")), DEFAULT),
    ("milestone-no-due", with_kr(text="Self-serve signup live in 3 pilot markets", type="milestone",
                                 due="2026-05-15"), DEFAULT),
    ("target-equals-start", board(), DEFAULT),
    ("target-equals-start", with_kr(start=32.0, target=32.0, direction="maintain"), DEFAULT),
    ("target-equals-start", with_kr(start=None, target=32.0), DEFAULT),
    ("kr-direction-mismatch", board(), DEFAULT),
    ("kr-direction-mismatch", with_kr(text="Week-1 activation", start=45.0, target=32.0, direction=""), DEFAULT),
    ("kr-direction-mismatch", with_kr(text="Week-1 activation", start=None, target=32.0, direction="decrease"),
     DEFAULT),
]


def _case_id(case: tuple) -> str:
    return case[0]


@pytest.mark.parametrize("check_id, target_id, objectives, room", FIRES, ids=[_case_id(c) for c in FIRES])
def test_check_fires(check_id, target_id, objectives, room):
    found = messages(check_id, objectives, room)
    assert target_id in found, f"{check_id} should flag {target_id}; it flagged {sorted(found)}"
    assert found[target_id].strip()


@pytest.mark.parametrize("check_id, objectives, room", QUIET, ids=[_case_id(c) for c in QUIET])
def test_check_stays_quiet(check_id, objectives, room):
    assert messages(check_id, objectives, room) == {}


def test_every_check_has_examples_that_fire_and_that_do_not():
    assert {c[0] for c in FIRES} == set(BY_ID)
    assert {c[0] for c in QUIET} == set(BY_ID)


def test_the_first_of_two_duplicates_is_not_flagged():
    objectives = board(company(krs=[kr("k1"), kr("k2", "RAISE week-1 activation from 32% to 45%", owner="Tom")]))
    assert set(messages("duplicate-key-result", objectives, DEFAULT)) == {"k2"}
    assert "k1" in messages("duplicate-key-result", objectives, DEFAULT)["k2"]


def test_duplicates_compare_case_space_punctuation_and_article_insensitively():
    assert normalized("  Raise the  NPS, from 18 to 30. ") == normalized("raise nps from 18 to 30")


def test_too_many_objectives_names_the_level_and_team():
    objectives = board(company(), *(team(f"t{i}", team="Support") for i in range(4)))
    assert "team level (Support)" in messages("too-many-objectives", objectives, DEFAULT)[BOARD]


def test_findings_carry_the_check_severity_and_question():
    findings = run_checks(with_kr(owner="", confidence=7.0), DEFAULT)
    assert {f.check_id for f in findings} == {"kr-no-owner", "confidence-out-of-scale"}
    for finding in findings:
        check = BY_ID[finding.check_id]
        assert (finding.severity, finding.question) == (check.severity, check.question)


def test_board_findings_come_first():
    objectives = board(*(company(f"c{i}", why_now="") for i in range(4)))
    findings = run_checks(objectives, DEFAULT)
    assert findings[0].target_id == BOARD and findings[0].check_id == "too-many-objectives"


# ---------------------------------------------------------------- the registry


def test_checks_are_many_with_unique_stable_ids_and_complete_texts():
    assert len(CHECKS) >= 20
    assert len({c.id for c in CHECKS}) == len(CHECKS)
    for check in CHECKS:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", check.id), check.id
        assert check.severity in SEVERITIES and check.scope in SCOPES, check.id
        for text in (check.finding, check.question, check.weak_example, check.strong_example):
            assert text.strip(), check.id
        assert "?" in check.question, check.id
        assert check.weak_example != check.strong_example, check.id


# ---------------------------------------------------------------- rules from the deployment decisions


def test_no_decisions_gives_the_default_rules():
    room = rules_from_decisions({})
    assert room == RoomRules()
    assert room.levels == {"company", "team"}
    assert (room.max_objectives, room.min_krs, room.max_krs) == (3, 2, 5)
    assert room.kr_types == {"metric", "baseline", "milestone"}
    assert room.scale == ("0-1", 0.0, 1.0)
    assert not room.alignment_required and room.alignment_encouraged
    assert room.bottom_up_target == 0.6


@pytest.mark.parametrize("parameter, choice, expected", [
    ("level", "company-only", {"levels": {"company"}}),
    ("level", "company-and-pilots", {"levels": {"company", "team"}}),
    ("level", "company-and-all-teams", {"levels": {"company", "team"}}),
    ("level", "down-to-individuals", {"levels": {"company", "team", "individual"}}),
    ("number", "three-by-five", {"max_objectives": 3, "min_krs": 2, "max_krs": 5}),
    ("number", "two-by-three", {"max_objectives": 2, "min_krs": 2, "max_krs": 3}),
    ("number", "five-by-five", {"max_objectives": 5, "min_krs": 2, "max_krs": 5}),
    ("number", "one-company-objective", {"max_objectives": 3, "max_company_objectives": 1}),
    ("scoring", "decimal-with-confidence", {"scale": ("0-1", 0.0, 1.0), "confidence_tracked": True}),
    ("scoring", "percent-monthly", {"scale": ("percent", 0.0, 100.0)}),
    ("scoring", "traffic-light-weekly", {"scale": ("traffic-light", 0.0, 2.0)}),
    ("scoring", "decimal-no-confidence", {"scale": ("0-1", 0.0, 1.0), "confidence_tracked": False}),
    ("kr-types", "metrics-baselines-few-milestones",
     {"kr_types": {"metric", "baseline", "milestone"}, "max_milestones_per_objective": 1}),
    ("kr-types", "metrics-and-baselines", {"kr_types": {"metric", "baseline"}}),
    ("kr-types", "metrics-only", {"kr_types": {"metric"}}),
    ("kr-types", "all-types-freely", {"kr_types": {"metric", "baseline", "milestone"},
                                      "max_milestones_per_objective": None}),
    ("alignment", "contributes-to-links", {"alignment_required": True}),
    ("alignment", "links-plus-shared-okrs", {"alignment_required": True}),
    ("alignment", "strict-cascade", {"alignment_required": True}),
    ("alignment", "loose-alignment", {"alignment_required": False, "alignment_encouraged": False}),
    ("bottom-up", "mostly-bottom-up", {"bottom_up_target": 0.6}),
    ("bottom-up", "leadership-led-first-cycle", {"bottom_up_target": 0.0}),
    ("bottom-up", "fully-bottom-up", {"bottom_up_target": 1.0}),
])
def test_a_decided_option_sets_its_rules(parameter, choice, expected):
    room = rules_from_decisions({parameter: {"status": "decided", "choice": choice, "decision": "as chosen"}})
    assert {name: getattr(room, name) for name in expected} == expected


def test_every_option_in_the_workshop_file_is_mapped(deployment):
    for parameter, options in OPTION_RULES.items():
        step = next(s for s in deployment.steps if s.parameter == parameter)
        assert {o.id for o in step.options} == set(options), parameter


@pytest.mark.parametrize("status", ["open", "parked"])
def test_open_or_parked_decisions_keep_the_defaults(status):
    decisions = {"number": {"status": status, "choice": "two-by-three", "decision": ""},
                 "kr-types": {"status": status, "choice": "metrics-only", "decision": ""}}
    assert rules_from_decisions(decisions) == RoomRules()


def test_an_unknown_choice_keeps_the_defaults():
    assert rules_from_decisions({"level": {"status": "decided", "choice": "everyone", "decision": "x"}}) == RoomRules()


def test_a_number_decision_in_the_rooms_words_is_read_for_its_limits():
    text = "At most 3 objectives per level, 2-4 key results each; at least one is customer-facing."
    room = rules_from_decisions({"number": {"status": "decided", "choice": None, "decision": text}})
    assert (room.max_objectives, room.min_krs, room.max_krs) == (3, 2, 4)
    vague = {"number": {"status": "decided", "choice": None, "decision": "One company objective, 3 per team"}}
    assert rules_from_decisions(vague) == RoomRules()


def test_rules_combine_across_decisions_recorded_by_a_session():
    decided = {
        "parameter": "", "step": "", "status": "decided", "decision": "", "rationale": "why", "owner": "COO",
        "decided_at": "2026-11-26T09:00:00Z",
    }
    decisions = {
        "level": {**decided, "parameter": "level", "step": "level", "choice": "company-only"},
        "scoring": {**decided, "parameter": "scoring", "step": "scoring", "choice": "percent-monthly"},
        "cycle": {**decided, "parameter": "cycle", "step": "cycle", "choice": "quarterly"},
    }
    room = rules_from_decisions(decisions)
    assert room.levels == {"company"} and room.scale == Scale("percent", 0.0, 100.0)
    assert room.objective_limit("company") == 3


def test_one_company_objective_limits_only_the_company_level():
    room = rules(number="one-company-objective")
    assert (room.objective_limit("company"), room.objective_limit("team")) == (1, 3)


# ---------------------------------------------------------------- storage


def test_objectives_round_trip_through_plain_dicts():
    original = team()
    data = original.to_dict()
    assert isinstance(data["key_results"][0], dict)
    assert Objective.from_dict(data) == original


def test_from_dict_tolerates_blank_numbers_and_unknown_fields():
    result = KeyResult.from_dict({"id": "k1", "text": "Raise NPS", "start": "", "target": "30", "later": 1})
    assert (result.start, result.target, result.confidence) == (None, 30.0, None)
    objective = Objective.from_dict({"id": "o1", "title": "T", "key_results": None, "colour": "red"})
    assert objective.key_results == []


def test_room_rules_round_trip_through_plain_dicts():
    room = rules(level="down-to-individuals", scoring="traffic-light-weekly", kr_types="metrics-only")
    data = room.to_dict()
    assert data["levels"] == ["company", "team", "individual"] and data["kr_types"] == ["metric"]
    assert data["scale"] == {"name": "traffic-light", "min": 0.0, "max": 2.0}
    assert RoomRules.from_dict(data) == room


def test_the_coach_names_the_rooms_own_number_of_key_results():
    room = RoomRules(min_krs=3, max_krs=4)
    assert "3-4 for each objective" in guidance("board", room)
    assert "2-5 for each objective" in guidance("board"), "the defaults while the number decision is open"
    assert "up to 4" in guidance("board", RoomRules(min_krs=0, max_krs=4))
    assert "add the 3 outcomes" in messages("objective-no-key-results", board(company(krs=[])),
                                            RoomRules(min_krs=3, max_krs=3))["c1"]
