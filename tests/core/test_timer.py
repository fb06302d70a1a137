from facilitator.core.timer import Timer, format_clock, format_minutes
from tests.conftest import FakeClock


def test_a_new_timer_is_paused_and_shows_the_whole_timebox():
    timer = Timer(600, clock=FakeClock())
    assert not timer.running
    assert timer.remaining == 600


def test_it_counts_only_while_running(clock):
    timer = Timer(600, clock=clock)
    timer.start()
    clock.advance(90)
    timer.pause()
    clock.advance(1000)  # paused: the room is on a break nobody planned
    assert timer.elapsed == 90
    timer.toggle()
    clock.advance(10)
    assert timer.elapsed == 100
    assert timer.remaining == 500


def test_it_keeps_counting_into_overtime(clock):
    timer = Timer(60, clock=clock)
    timer.start()
    clock.advance(75)
    assert timer.is_overtime
    assert timer.overtime == 15
    assert timer.remaining == -15
    assert format_clock(timer.remaining) == "+0:15"


def test_extending_adds_and_removes_minutes_but_never_below_one(clock):
    timer = Timer(300, clock=clock)
    timer.extend(60)
    assert timer.planned_seconds == 360
    timer.extend(-600)
    assert timer.planned_seconds == 60


def test_extending_turns_overtime_back_into_time_left(clock):
    timer = Timer(60, clock=clock)
    timer.start()
    clock.advance(90)
    timer.extend(60)
    assert not timer.is_overtime and timer.remaining == 30


def test_resumed_timer_starts_from_banked_time(clock):
    timer = Timer(600, elapsed=120, clock=clock)
    assert timer.remaining == 480


def test_clock_formats():
    assert format_clock(600) == "10:00"
    assert format_clock(59.2) == "1:00"  # a countdown rounds up: 0:00 only when time is really up
    assert format_clock(0) == "0:00"
    assert format_clock(-61) == "+1:01"
    assert format_clock(3725) == "1:02:05"
    assert format_minutes(45 * 60) == "45m"
    assert format_minutes(3 * 3600 + 43 * 60) == "3h 43m"
