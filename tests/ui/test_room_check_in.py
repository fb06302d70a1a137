"""A check-in on the room screen: each key result's status today and its trend as sparklines, nothing private."""

from __future__ import annotations

import pytest
from textual.widgets import Sparkline

from facilitator import i18n
from facilitator.core import catalog
from facilitator.core.checkin_sheet import link_record
from facilitator.core.okr import KeyResult, Objective
from facilitator.room_app import make_room_app
from facilitator.room_feed import RoomFeed
from facilitator.store import Store
from facilitator.workspace import Workspace
from tests.ui.screen import screen_text

NOTE = "SENTINEL-NOTE-c41"
BLOCKER = "SENTINEL-BLOCKER-9d"


@pytest.fixture
def db(tmp_path):
    return tmp_path / "db" / "facilitator.json"


def check_in(db, earlier: int):
    """A check-in of two key results after `earlier` check-ins of the same cycle, kr1 checked in today."""
    store = Store(db).open()
    workspace = Workspace(store)
    workshop, ref = catalog.resolve("check-in")
    session = workspace.start(workshop, ref, organization="Acme", team="Platform")
    workspace.announce(session)
    objectives = [Objective("o1", "Delight first-time customers", level="team", key_results=[
        KeyResult("kr1", "Raise week-1 activation", start=30, target=50, unit="%", owner="Ana"),
        KeyResult("kr2", "Cut onboarding tickets", start=120, target=60, owner="Bo")]).to_dict()]
    history = [{"session_id": f"20260{n:03d}-000000", "at": f"2026-{9 + n // 28:02d}-{1 + n % 28:02d}",
                "entries": {"kr1": {"key_result_id": "kr1", "value": 30 + n, "confidence": 0.9, "status": "on-track"},
                            "kr2": {"key_result_id": "kr2", "value": 118, "confidence": 0.6, "status": "at-risk"}}}
               for n in range(earlier)]
    session.state.check_in = link_record(source_id="20260901-aaaaaa", source_kind="okr-drafting",
                                         source_started="2026-09-01T09:00:00Z", objectives=objectives,
                                         cycle_text="", history=history, open_actions=[])
    session.go_to("round")
    session.check_ins.record("kr1", value=40, confidence=0.5, note=NOTE, blockers=[(BLOCKER, "Bo")])
    return store, session


def room_app(db):
    store = Store(db, read_only=True).open()
    return store, make_room_app(RoomFeed(Workspace(store)))


@pytest.mark.parametrize("earlier", [0, 1, 11])
async def test_each_key_result_s_trend_is_a_sparkline_across_the_cycle_s_check_ins(db, earlier):
    coach_store, session = check_in(db, earlier)
    store, app = room_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        section = app.screen.query_one("#room-check-in")
        lines = list(section.query(".room-krs > .room-kr"))  # under the column heads
        first = lines[0]
        progress = first.query_one(".rk-progress", Sparkline)
        confidence = first.query_one(".rk-trust", Sparkline)
        assert len(progress.data) == len(confidence.data) == earlier + 1, "one bar per check-in, today's last"
        assert confidence.data[-1] == 0.5 and progress.data[-1] == pytest.approx(0.5)
        second = lines[1].query_one(".rk-trust", Sparkline)
        assert len(second.data) == earlier and second.visible == bool(earlier), "not checked in today yet"
        shown = screen_text(app)
        assert "1 of 2 checked in" in shown and "Raise week-1 activation" in shown and "40 %" in shown
        assert ("▼" in shown) == bool(earlier), "confidence fell from 0.9: the room sees it went down"
        assert NOTE not in shown and BLOCKER not in shown, "the coach's notes and blockers stay with the coach"
        assert "not yet" in shown
        if earlier:
            assert "not yet last 118 0.6" in shown, "where it stood last time, until today's value is in"
        session.check_ins.record("kr2", value=100, confidence=0.7)
        app.screen.poll()
        await pilot.pause()
        await pilot.pause()
        assert "2 of 2 checked in" in screen_text(app)
        assert len(lines[1].query_one(".rk-trust", Sparkline).data) == earlier + 1
    store.close()
    coach_store.close()


async def test_a_session_that_is_not_a_check_in_has_no_check_in_section(db, deployment):
    with Store(db) as coach:
        workspace = Workspace(coach)
        workspace.announce(workspace.start(deployment, "deployment-parameters", team="Leadership"))
        store, app = room_app(db)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert not app.screen.query("#room-check-in")
        store.close()


async def test_a_german_room_reads_the_check_in_s_numbers_with_a_decimal_comma(db):
    coach_store, session = check_in(db, 1)
    session.check_ins.record("kr2", value=100.5, confidence=0.7)
    store, app = room_app(db)
    with i18n.using("de"):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            shown = screen_text(app)
    assert "100,5" in shown and "0,7" in shown and "0,5" in shown
    assert "100.5" not in shown and "0.7" not in shown
    store.close()
    coach_store.close()
