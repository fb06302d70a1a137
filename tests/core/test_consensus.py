import pytest

from facilitator.core.consensus import describe, dot_voting, fist_of_five


def test_fist_of_five_with_no_low_scores_is_agreed():
    result = fist_of_five({3: 2, 4: 3, 5: 1})
    assert result["agreed"] and result["people"] == 6 and result["low"] == 0
    assert result["average"] == pytest.approx((6 + 12 + 5) / 6, abs=0.01)


def test_a_low_score_opens_an_objections_round_before_agreement():
    result = fist_of_five({1: 1, 4: 5})
    assert result["low"] == 1 and not result["agreed"]
    assert "objections round open" in describe(result)
    with pytest.raises(ValueError, match="write down the objections"):
        fist_of_five({1: 1, 4: 5}, addressed=True)
    heard = fist_of_five({1: 1, 4: 5}, objections="Ana: pilots too many", addressed=True)
    assert heard["agreed"] and heard["objections"] == "Ana: pilots too many"


def test_fist_of_five_needs_people():
    with pytest.raises(ValueError):
        fist_of_five({})


def test_dot_voting_highlights_the_leader_and_reports_ties():
    result = dot_voting({"quarterly": 7, "four-months": 3}, ["quarterly", "four-months", "half-year"])
    assert result["leader"] == "quarterly" and result["votes"]["half-year"] == 0 and result["agreed"]
    tie = dot_voting({"quarterly": 4, "four-months": 4}, ["quarterly", "four-months"])
    assert tie["leader"] is None and tie["tied"] == ["quarterly", "four-months"] and not tie["agreed"]
    with pytest.raises(ValueError, match="no option"):
        dot_voting({"monthly": 1}, ["quarterly"])


def test_consensus_is_saved_with_the_decision_and_survives_an_edit(deployment):
    from facilitator.core.session import Session
    from tests.conftest import MemoryStore

    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters")
    session.go_to("cycle")
    session.record_consensus("cycle", dot_voting({"quarterly": 5}, [o.id for o in session.current.options]))
    session.record_decision("cycle", choice="quarterly", decision="")
    saved = session.store.saved[-1]["decisions"]["cycle"]
    assert saved["consensus"]["leader"] == "quarterly" and saved["status"] == "decided"


def test_the_description_names_options_by_label_and_counts_in_words():
    from facilitator.core.consensus import describe

    labels = {"quarterly": "Quarterly cycles", "half-year": "Half-year cycles"}
    assert describe(fist_of_five({4: 1}), labels) == "fist-of-five: 1 person, average 4.0"
    assert describe(dot_voting({"quarterly": 1, "half-year": 0}, list(labels)), labels) == \
        "dot voting: leader Quarterly cycles (1 dot)"
    assert describe(dot_voting({"quarterly": 6, "half-year": 6}, list(labels)), labels) == \
        "dot voting: tie between Quarterly cycles, Half-year cycles"


def test_a_dot_vote_is_not_agreed_when_the_decision_is_not_its_leader():
    from facilitator.core.consensus import settle

    vote = dot_voting({"a": 5, "b": 2}, ["a", "b"])
    assert settle(vote, "decided", "a")["agreed"]
    differs = settle(vote, "decided", "b")
    assert differs["differs"] and not differs["agreed"]
    assert "differs" in describe(differs)
    assert settle(vote, "open", None)["agreed"], "a vote before the decision is written stands on its own"
    confirmed = settle(dot_voting({"a": 5, "b": 2}, ["a", "b"], confirmed=True), "decided", "b")
    assert confirmed["agreed"] and "confirmed" in describe(confirmed)


def test_a_dot_vote_carries_the_open_objections_of_the_fist_of_five_it_replaces():
    from facilitator.core.consensus import carry_objections

    fist = fist_of_five({1: 1, 4: 3}, objections="Bo: too fast")
    vote = carry_objections(dot_voting({"a": 4}, ["a"]), fist)
    assert vote["objections"] == "Bo: too fast" and not vote["agreed"]
    assert "objections still open" in describe(vote)
    silent = carry_objections(dot_voting({"a": 4}, ["a"]), fist_of_five({2: 1, 5: 3}))
    assert "not written down" in silent["objections"]
    addressed = dot_voting({"a": 4}, ["a"], objections="Bo: too fast", addressed=True)
    assert carry_objections(addressed, fist)["agreed"]
    assert carry_objections(dot_voting({"a": 4}, ["a"]), fist_of_five({4: 3}))["agreed"], "nothing open"
