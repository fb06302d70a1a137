"""Check-in status rules: progress against the time elapsed in the cycle, and confidence, for each KR type."""

from __future__ import annotations

from datetime import date

import pytest

from facilitator.core.checkins import (
    Cycle,
    KeyResultCheckIn,
    at_risk_first,
    derive_status,
    parse_value,
    progress,
    trend,
    validate,
)
from facilitator.core.okr import DECIMAL, KeyResult, Scale

TEN = Scale("1-10", 1.0, 10.0)


def metric(**kw) -> KeyResult:
    return KeyResult(id="kr1", text="Raise week-1 activation from 32% to 45%", start=32, target=45, unit="%",
                     direction="increase", **kw)


def test_a_metric_is_on_track_when_progress_keeps_up_with_the_cycle():
    assert progress(metric(), 38.5) == pytest.approx(0.5)
    assert derive_status(metric(), 38.5, None, elapsed=0.5) == "on-track"
    assert derive_status(metric(), 37.5, None, elapsed=0.5) == "on-track"  # 0.42: within the slack
    assert derive_status(metric(), 35, None, elapsed=0.5) == "at-risk"  # 0.23 of the way at half time
    assert derive_status(metric(), 32, None, elapsed=0.5) == "off-track"  # not moved at half time


def test_a_decreasing_metric_counts_progress_downwards():
    kr = KeyResult(id="kr2", text="Cut p95 latency from 800 ms to 400 ms", start=800, target=400, unit="ms",
                   direction="decrease")
    assert progress(kr, 600) == pytest.approx(0.5)
    assert derive_status(kr, 600, None, elapsed=0.5) == "on-track"
    assert derive_status(kr, 900, None, elapsed=0.2) == "off-track"  # worse than where it started


def test_confidence_on_the_rooms_scale_can_only_make_it_worse():
    assert derive_status(metric(), 38.5, 8, elapsed=0.5, scale=TEN) == "on-track"
    assert derive_status(metric(), 38.5, 5, elapsed=0.5, scale=TEN) == "at-risk"  # 0.44 of the scale
    assert derive_status(metric(), 38.5, 2, elapsed=0.5, scale=TEN) == "off-track"
    assert derive_status(metric(), None, 0.9, elapsed=0.5, scale=DECIMAL) == "on-track"  # confidence alone


def test_nothing_known_is_no_status_rather_than_a_guess():
    assert derive_status(metric(), None, None, elapsed=0.5) == ""


def test_a_milestone_is_done_or_not_and_late_when_its_date_has_passed():
    kr = KeyResult(id="kr3", text="Launch self-serve billing by 2027-02-15", type="milestone", due="2027-02-15")
    assert derive_status(kr, 0, None, elapsed=0.5, today=date(2027, 2, 1)) == "on-track"
    assert derive_status(kr, 0.5, None, elapsed=0.8, today=date(2027, 2, 20)) == "off-track"
    assert derive_status(kr, 1, None, elapsed=0.8, today=date(2027, 2, 20)) == "on-track"


def test_a_baseline_is_at_risk_when_half_the_cycle_passed_with_nothing_measured():
    kr = KeyResult(id="kr4", text="Establish a baseline for onboarding NPS", type="baseline")
    assert derive_status(kr, None, None, elapsed=0.3) == ""
    assert derive_status(kr, None, None, elapsed=0.6) == "at-risk"
    assert derive_status(kr, 41, None, elapsed=0.6) == "on-track"


def test_a_maintain_key_result_is_on_track_while_it_holds_its_level():
    kr = KeyResult(id="kr5", text="Keep uptime at 99.9%", start=99.9, target=99.9, direction="maintain")
    assert derive_status(kr, 99.9, None, elapsed=0.5) == "on-track"
    assert derive_status(kr, 90.0, None, elapsed=0.5) == "off-track"


def test_the_cycle_elapsed_share_is_clamped_to_the_cycle():
    cycle = Cycle(date(2027, 1, 1), date(2027, 3, 31))
    assert cycle.elapsed(date(2026, 12, 1)) == 0
    assert cycle.elapsed(date(2027, 2, 14)) == pytest.approx(44 / 89)
    assert cycle.elapsed(date(2027, 5, 1)) == 1


def test_values_outside_the_scale_or_a_milestone_beyond_done_are_refused_with_the_reason():
    with pytest.raises(ValueError, match=r"outside the room's scale 1-10 \(1-10\)"):
        validate(metric(), 40, 11, TEN)
    with pytest.raises(ValueError, match="milestone: its value is how much of it is done"):
        validate(KeyResult(id="m", text="Ship it", type="milestone"), 3, None, DECIMAL)


def test_a_drop_in_confidence_since_the_last_check_in_is_flagged():
    kr = metric()
    history = [("2027-01-14", KeyResultCheckIn("kr1", 33, 8, status="on-track")),
               ("2027-01-28", KeyResultCheckIn("kr1", 35, 7, status="on-track")),
               ("2027-02-11", KeyResultCheckIn("kr1", 35, 4, status="at-risk"))]
    seen = trend(kr, history)
    assert seen.progress_series == pytest.approx([1 / 13, 3 / 13, 3 / 13])
    assert seen.confidence_series == [8, 7, 4]
    assert seen.confidence_dropped(TEN) and seen.falling(TEN)
    steady = trend(kr, history[:2])
    assert not steady.confidence_dropped(TEN) and not steady.falling(TEN)


def test_at_risk_key_results_come_first_for_the_deep_dive():
    a, b, c = (KeyResult(id=i, text=i) for i in "abc")
    assert [kr.id for kr, _ in at_risk_first([(a, "on-track"), (b, "at-risk"), (c, "off-track")])] == ["c", "b", "a"]


def test_a_check_in_round_trips_through_its_stored_form():
    entry = KeyResultCheckIn.from_dict({"key_result_id": "kr1", "value": "38.5", "confidence": 7, "note": "ok",
                                        "blockers": [{"text": "API quota", "owner": "Ana"}], "status": "on-track"})
    assert KeyResultCheckIn.from_dict(entry.to_dict()) == entry
    assert entry.value == 38.5 and entry.blockers[0].owner == "Ana"


@pytest.mark.parametrize("typed, expected", [("38.5", 38.5), ("38,5", 38.5), ("38.5%", 38.5), ("1 200", 1200),
                                             ("1,200.5", 1200.5), ("1.200,5", 1200.5), ("€ 12", 12), ("", None)])
def test_values_are_read_as_people_type_them(typed, expected):
    assert parse_value(typed, metric(), what="value") == expected


def test_a_milestone_takes_done_and_a_bad_value_says_what_to_write():
    kr = KeyResult(id="m", text="Ship billing", type="milestone")
    assert parse_value("done", kr) == 1.0 and parse_value("no", kr) == 0.0
    with pytest.raises(ValueError, match="'lots' is not a value for 'Ship billing': write a number like 38.5 "
                                         r"\(or done / no for a milestone\)"):
        parse_value("lots", kr)


def test_a_check_in_with_no_dates_assumes_the_cycle_length_the_room_decided():
    from facilitator.core.checkin_sheet import link_record, months_later

    four = link_record(source_id="d1", source_kind="okr-drafting", source_started="2027-01-31T09:00:00Z",
                       objectives=[], cycle_text="Four-month cycles", history=[], open_actions=[], cycle_months=4)
    assert four["cycle"] == {"start": "2027-01-31", "end": "2027-05-31", "assumed": True, "months": 4}
    quarter = link_record(source_id="d1", source_kind="okr-drafting", source_started="2027-01-04T09:00:00Z",
                          objectives=[], cycle_text="", history=[], open_actions=[])
    assert quarter["cycle"] == {"start": "2027-01-04", "end": "2027-04-05", "assumed": True}
    typed = link_record(source_id="d1", source_kind="okr-drafting", source_started="2027-01-04T09:00:00Z",
                        objectives=[], cycle_text="2027-01-04 to 2027-06-30", history=[], open_actions=[],
                        cycle_months=4)
    assert typed["cycle"] == {"start": "2027-01-04", "end": "2027-06-30", "assumed": False}, "typed dates win"
    assert months_later(date(2027, 11, 30), 3) == date(2028, 2, 29)
