"""The room screen: what the coach chose to show, live from the coach's instance, and nothing private."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from rich.console import Console
from textual.widgets import Static

from facilitator.app import make_app
from facilitator.core import catalog
from facilitator.core.room_view import ROOM_VIEW_IDS
from facilitator.room_app import make_room_app
from facilitator.room_feed import RoomFeed
from facilitator.store import Store
from facilitator.workspace import Workspace
from tests.test_room_feed import files_of
from tests.ui.screen import screen_text

NOTE = "SENTINEL-NOTE-7f3a"
FINDING_KR = "Launch the new onboarding flow"  # a task, not an outcome: the coach's checks flag it


def widget_texts(app) -> str:
    """What every Static of the room screen holds, shown or not: nothing private may even be handed to one."""
    console = Console(file=io.StringIO(), width=200, color_system=None)
    for widget in app.screen.query(Static):
        content = widget.content
        console.print(content.plain if hasattr(content, "plain") else content)
    text = " ".join(console.file.getvalue().split())
    assert " at 0x" not in text, "every widget's content was read as text"
    return text


@pytest.fixture
def db(tmp_path):
    return tmp_path / "db" / "facilitator.json"


@pytest.fixture
def coach(db, deployment, monkeypatch):
    steps = tuple(replace(s, notes=f"{NOTE} {s.notes}") for s in deployment.steps)
    sentinel = replace(deployment, steps=steps)
    monkeypatch.setattr(catalog, "resolve", lambda ref: (sentinel, ref))
    with Store(db) as store:
        workspace = Workspace(store)
        session = workspace.start(sentinel, "deployment-parameters", team="Leadership", facilitator="Coach Zed")
        workspace.announce(session)
        yield workspace, session


def room_app(db):
    store = Store(db, read_only=True).open()
    return store, make_room_app(RoomFeed(Workspace(store)))


async def test_no_view_shows_notes_findings_or_the_usual_start_marker(coach, db):
    _, session = coach
    session.go_to("level")
    session.record_decision("level", choice=session.current.default_option.id, decision="", rationale="Learn",
                            owner="Kim")
    session.state.objectives = [{"id": "o1", "title": "Delight new customers", "level": "company",
                                 "key_results": [{"id": "kr1", "text": FINDING_KR}]}]
    session.park("Tooling budget")
    findings = [f.message for f in session.board.findings()]
    assert findings
    store, app = room_app(db)
    async with app.run_test(size=(160, 45)) as pilot:
        for view in ROOM_VIEW_IDS:
            session.show_room(view)
            app.screen.poll()
            await pilot.pause()
            shown = screen_text(app) + " " + widget_texts(app)
            for secret in (NOTE, "usual", "Coach Zed", "NOT SAVED", *findings):
                assert secret not in shown, f"{secret!r} on the room's {view} view"
        session.show_room("step")
        app.screen.poll()
        await pilot.pause()
        shown = screen_text(app)
        assert session.current.default_option.label in shown, "the check above can see the step's options"
        assert "Decided:" in shown and "Learn" in shown
    store.close()


async def test_a_decision_recorded_on_the_coachs_screen_appears_on_the_room_screen(coach, db):
    workspace, session = coach
    session.go_to("cycle")
    coach_app = make_app(workspace, session)
    store, room = room_app(db)
    async with coach_app.run_test(size=(100, 30)) as coach_pilot, room.run_test(size=(80, 24)) as room_pilot:
        assert "Cycle length" in screen_text(room)
        assert "Decided:" not in screen_text(room)
        await coach_pilot.press("d", "2")
        await coach_pilot.press("ctrl+s")
        await coach_pilot.pause()
        room.screen.poll()
        await room_pilot.pause()
        chosen = session.current.options[1].label
        assert f"Decided: {chosen}" in screen_text(room)
        await coach_pilot.press("w")  # the next view: the draft board
        await coach_pilot.pause()
        assert "Room screen: the draft board" in screen_text(coach_app)
        room.screen.poll()
        await room_pilot.pause()
        assert "No objectives drafted yet" in screen_text(room)
    store.close()


async def test_the_coach_picks_a_break_card_and_the_room_counts_it_down(coach, db):
    workspace, session = coach
    coach_app = make_app(workspace, session)
    store, room = room_app(db)
    async with coach_app.run_test(size=(100, 30)) as coach_pilot, room.run_test(size=(80, 24)) as room_pilot:
        await coach_pilot.press("W", "tab")
        field = coach_app.screen.query_one("#break-minutes")
        field.value = "5"
        await coach_pilot.press("enter")
        await coach_pilot.pause()
        assert "Room screen: a break card" in screen_text(coach_app)
        room.screen.poll()
        await room_pilot.pause()
        text = screen_text(room)
        assert "Back in 5 minutes" in text and "break" in text
        clock = room.screen.query_one("#room-clock").text
        assert clock == "5:00" or clock.startswith("4:5"), clock
    store.close()


async def test_the_room_screen_never_writes(coach, db):
    _, session = coach
    session.toggle_timer()
    session.close()
    before = files_of(db.parent)
    store, room = room_app(db)
    async with room.run_test(size=(80, 24)) as pilot:
        for _ in range(5):
            room.screen.poll()
            await pilot.pause()
        await pilot.press("a", "k", "d", "space", "n", "q")
    store.close()
    assert files_of(db.parent) == before


async def test_presenter_mode_hides_the_usual_start_until_the_coach_shows_it(coach):
    workspace, session = coach
    session.go_to("level")
    app = make_app(workspace, session, present=True)
    async with app.run_test(size=(100, 30)) as pilot:
        assert "usual starting choice" not in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert "usual starting choice" in screen_text(app)
        await pilot.press("P")  # leaving presenter mode: the coach's own screen shows it
        assert "usual starting choice" in screen_text(app)


async def test_the_draft_board_coach_panel_hides_and_shows(coach):
    workspace, session = coach
    session.state.objectives = [{"id": "o1", "title": "Delight new customers", "level": "company",
                                 "key_results": [{"id": "kr1", "text": FINDING_KR}]}]
    session.save_now()
    app = make_app(workspace, session, present=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert not app.screen.query_one("#coach").display or app.has_class("-coach-hidden")
        assert "PROBLEM" not in screen_text(app) and "●" not in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert "●" in screen_text(app), "shown on request: the marks of the findings"
        assert app.screen.query_one("#coach").region.width > 0
        await pilot.press("c")
        await pilot.pause()
        assert "●" not in screen_text(app)


@pytest.mark.parametrize("size, big", [((80, 24), False), ((200, 60), True)])
async def test_the_clock_scales_to_the_terminal_and_reads_without_colour(coach, db, monkeypatch, size, big):
    monkeypatch.setenv("NO_COLOR", "1")
    _, session = coach
    session.toggle_timer()
    store, room = room_app(db)
    async with room.run_test(size=size) as pilot:
        await pilot.pause()
        clock = room.screen.query_one("#room-clock")
        glyph_rows = {len(g.rows) for g in clock.query("Glyph")}
        assert glyph_rows == ({11} if big else {1}), "big block digits on a large screen, one line on a small one"
        shown = screen_text(room)
        assert ("██" in shown) == big and "running" in shown
        assert clock.text.startswith(("10:00", "9:5"))
    store.close()
