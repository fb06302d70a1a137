"""The room screen in German (`facilitator --lang de room`): the phones' section, the summary, the break card
and the clock speak the room's language at 80x24, with German decimal commas; the coach's phones screen too."""

from __future__ import annotations

import time

import pytest

from facilitator import i18n
from facilitator.app import JoinOptions, make_app
from facilitator.core import catalog
from facilitator.room_app import make_room_app
from facilitator.room_feed import RoomFeed
from facilitator.screens.join import JoinScreen
from facilitator.store import Store
from facilitator.workspace import Workspace
from tests.ui.screen import screen_text
from tests.ui.test_room_phones import URL, follow, people

TEAM = "Führungsteam"


@pytest.fixture
def db(tmp_path):
    return tmp_path / "db" / "facilitator.json"


@pytest.fixture
def german():
    i18n.set_language("de")
    yield
    i18n.set_language("en")


@pytest.fixture
def coach(db, german):
    workshop, ref = catalog.resolve("deployment-parameters", language="de")
    with Store(db) as store:
        workspace = Workspace(store)
        session = workspace.start(workshop, ref, team=TEAM, facilitator="Kim")
        workspace.announce(session)
        session.go_to("cycle")
        session.phones.set_join_url(URL)
        yield workspace, session


def room_app(db):
    store = Store(db, read_only=True).open()
    return store, make_room_app(RoomFeed(Workspace(store)))


async def test_a_fist_of_five_on_the_german_room_screen(coach, db):
    _workspace, session = coach
    a, b, _c = people(session, "Ana", "Bo", "Cy")
    question = session.phones.open("fist-of-five")
    session.phones.answer(a, question.id, {"score": "2"})
    store, app = room_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await follow(app, pilot)
        assert "Antworte mit deinem Handy" in shown and "3 beigetreten" in shown
        assert "1 von 3 haben geantwortet" in shown and "sammelt" in shown
        assert "Fist of Five · " in shown and "Fist of five" not in shown
        assert "Die Antworten bleiben geheim bis zum Aufdecken." in shown
        session.phones.answer(b, question.id, {"score": "3"})
        session.phones.reveal()
        shown = await follow(app, pilot)
        assert "2 Personen, Durchschnitt 2,5, 1 bei 2 oder weniger" in shown
        assert "people" not in shown and "average" not in shown
        text = screen_text(app)
        assert "angehalten" in text and "paused" not in text, "the clock's word under it"
    store.close()


async def test_dot_voting_and_confidence_read_german_on_the_room_screen(coach, db):
    _workspace, session = coach
    a, b = people(session, "Ana", "Bo")
    question = session.phones.open("dot-voting")
    first, second = (o.id for o in session.current.options[:2])
    session.phones.answer(a, question.id, {f"dot-{first}": "3"})
    session.phones.answer(b, question.id, {f"dot-{first}": "1", f"dot-{second}": "2"})
    session.phones.reveal()
    store, app = room_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await follow(app, pilot)
        leader = session.current.options[0].label
        assert f"2 Personen; vorn liegt {leader} (4 Punkte)" in shown
        assert "Dot-Voting über die Optionen" in shown
    store.close()


async def test_the_german_summary_and_break_card(coach, db):
    workspace, session = coach
    session.record_decision("cycle", choice=session.current.options[0].id, decision="Quartale", owner="Kim")
    session.add_action("Alle informieren", owner="Kim", due="2026-12-07")
    session.phones.set_join_url("")
    session.state.room = {"view": "summary"}
    session.save_now()
    store, app = room_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await follow(app, pilot)
        text = screen_text(app)
        assert "Entscheidungen" in text and "Verantwortlich" in text and "Zykluslänge" in text
        assert "entschieden" in text and "Aktionen" in text and "Fällig" in text
        assert "Decisions" not in text and "Cycle length" not in text
        session.state.room = {"view": "break", "break_minutes": 10, "break_until": time.time() + 600}
        session.save_now()
        await follow(app, pilot)
        text = screen_text(app)
        assert "Pause" in text and "Weiter in 10 Minuten, um " in text and " Uhr." in text
        assert "Back in" not in text
    store.close()


async def test_the_coachs_phones_screen_in_german(coach):
    workspace, session = coach
    app = make_app(workspace, session, join=JoinOptions(host="127.0.0.1"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JoinScreen)
        text = screen_text(app)
        assert "Zum Beitreten scannen oder öffnen:" in text and "0 beigetreten · Raum für 50" in text
        assert "Frag den Raum zu „Zykluslänge" in text and "1 Fist of Five · 2 Dot-Voting" in text
        await pilot.press("1")
        await pilot.pause()
        progress = app.screen.query_one("#join-progress").text
        assert progress == "0 beigetreten · 0 Antworten · Fist of Five sammelt · Raum für 50"
        question = app.screen.query_one("#join-question").content
        question = getattr(question, "plain", str(question))
        assert "Fist of Five · Zykluslänge" in question and "0 von 0 haben geantwortet." in question
        assert "Nichts ist zu sehen, bis du aufdeckst." in question and "answered" not in question
        assert app.screen.query_one("#join-keys").text.startswith("c schließen · v aufdecken")
        await pilot.press("escape")
