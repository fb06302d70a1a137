"""Reading a draft's text: whole words only, time references never numbers, from/to in the text."""

import pytest

from facilitator.core.okr_text import facts, infer_type, lexicon


def test_word_lists_match_whole_words_only():
    assert facts("Track the improvements customers ask for").vague_verb == ""
    assert facts("Improve customer satisfaction").vague_verb == "Improve"
    assert facts("Supportive managers for every team").vague_verb == ""
    assert facts("Launcher adoption from 10% to 20%").opening_task == ""


@pytest.mark.parametrize("text", ["Increase NPS by Q3", "Win the market in 2027", "Grow H1 signups",
                                  "Ship by 31 March", "Raise week-1 activation", "Cut first-90-day churn",
                                  "Live by 2026-05-15", "Win the B2B market", "Offer 24/7 support",
                                  "FY26 planning done"])
def test_time_references_and_names_are_never_numbers(text):
    assert facts(text).numbers == ()


@pytest.mark.parametrize("text, start, target", [
    ("Raise week-1 activation from 32% to 45%", 32, 45),
    ("Grow ARR from $1.2M to $2M by end of Q4 2026", 1.2e6, 2e6),
    ("Cut first response time from 8 hours to 30 minutes", 480, 30),
    ("Reduce p99 API latency from 800ms to 300ms", 800, 300),
    ("Grow German customers from 800 to 1,400", 800, 1400),
    ("Raise activation to 45% (currently 32%)", 32, 45),
    ("Grow NPS to 45, up from 31", 31, 45),
])
def test_from_and_to_are_read_from_the_text(text, start, target):
    f = facts(text)
    assert (f.start, f.target) == (pytest.approx(start), pytest.approx(target))


@pytest.mark.parametrize("text, due, kind", [
    ("Launch X by March", "", "milestone"),
    ("New website live by 30 June", "", "milestone"),
    ("Deploy the new checkout", "2026-05-01", "milestone"),
    ("Deploy the new checkout", "", "metric"),
    ("Establish a baseline for time-to-first-value", "", "baseline"),
    ("Raise week-1 activation from 32% to 45% by June", "", "metric"),
])
def test_the_type_is_read_from_the_text(text, due, kind):
    assert infer_type(text, due=due) == kind


def test_the_lexicon_is_plain_strings():
    # YAML turns a bare `on` or `no` into a boolean: every entry must still be text
    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                assert isinstance(item, str), item
    walk(lexicon())
