"""The phones on the room screen: the join code and link, counts while collecting, and the reveal."""

from __future__ import annotations

import pytest
from textual.geometry import Region

from facilitator.room_app import make_room_app
from facilitator.room_feed import RoomFeed
from facilitator.store import Store
from facilitator.workspace import Workspace
from tests.ui.screen import screen_text
from tests.ui.test_qr import decode, screen_to_pgm

URL = "http://192.168.1.23:8765/j/Qx3vT9pLm2Rk8sWb4NzYhA"  # as long as a real join link (a 128-bit token)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "db" / "facilitator.json"


@pytest.fixture
def coach(db, deployment):
    with Store(db) as store:
        workspace = Workspace(store)
        session = workspace.start(deployment, "deployment-parameters", team="Leadership", facilitator="Coach Zed")
        workspace.announce(session)
        session.go_to("cycle")
        session.phones.set_join_url(URL)
        yield session


def room_app(db):
    store = Store(db, read_only=True).open()
    return store, make_room_app(RoomFeed(Workspace(store)))


def people(session, *names):
    return [session.phones.join(name).id for name in names]


def _strips(app):
    widget = app.screen.query_one("#room-phones")
    return widget.render_lines(Region(0, 0, widget.outer_size.width, widget.outer_size.height))


def _on_white(segment) -> bool:
    color = segment.style.bgcolor if segment.style else None
    return bool(color and color.triplet and color.triplet.hex == "#ffffff")


def code_lines(app) -> list[str]:
    """The QR code's rows as drawn on the room screen: the cells painted black on white."""
    rows = ["".join(seg.text for seg in strip if _on_white(seg)) for strip in _strips(app)]
    return [row for row in rows if row]


def beside_the_code(app, joiner: str = " ") -> str:
    """The words of the phones' section without the code, its lines joined (by "": the link folds at the edge)."""
    lines = ("".join(seg.text for seg in strip if not _on_white(seg)).strip(" ─") for strip in _strips(app))
    return " ".join(joiner.join(line for line in lines if line).split(" "))


async def follow(app, pilot) -> str:
    """What the phones' section says once the room screen has caught up with the coach's last save."""
    app.screen.poll()
    await pilot.pause()
    return beside_the_code(app) if app.screen.query("#room-phones") else screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_the_join_code_scans_off_the_room_screen_with_the_link_beside_it(coach, db, tmp_path, size):
    store, app = room_app(db)
    async with app.run_test(size=size) as pilot:
        shown = await follow(app, pilot)
        assert "Answer from your phone" in shown and "0 joined" in shown
        assert URL in beside_the_code(app, ""), "the link is there as text for whoever cannot scan"
        lines = code_lines(app)
        assert lines, "the code is drawn"
        screen_to_pgm(lines, tmp_path / "join.pgm")
        assert decode(tmp_path / "join.pgm") == URL
        widget = app.screen.query_one("#room-phones")
        assert widget.drawing.scale == (1 if size == (80, 24) else 2), "bigger on a projector, whole at 80x24"
        assert widget.region.bottom <= size[1], "the whole code is on the screen"
    store.close()


async def test_while_collecting_the_room_sees_counts_and_never_a_value(coach, db):
    session = coach
    a, b, _ = people(session, "Ana", "Bo", "Cy")
    question = session.phones.open("fist-of-five")
    session.phones.answer(a, question.id, {"score": "1"})
    session.phones.answer(b, question.id, {"score": "5"})
    store, app = room_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await follow(app, pilot)
        assert "3 joined" in shown and "2 of 3 answered" in shown and "collecting" in shown
        assert "Fist of five · Cycle length" in shown
        assert "average" not in shown and "█ 1" not in shown, "no score before the reveal"
        assert "Ana" not in shown and "Bo " not in shown, "display names never reach the room screen"
        session.phones.close()
        assert "closed: the reveal comes next" in await follow(app, pilot)
        session.phones.reveal()
        shown = await follow(app, pilot)
        assert "2 people, average 3, 1 at 2 or less" in shown
        assert "1 █" in shown and "5 █" in shown, "the histogram: a bar for each score given"
    store.close()


async def test_revealed_texts_are_shuffled_without_ids_and_shown_as_typed_not_as_markup(coach, db):
    session = coach
    a, b = people(session, "Ana", "Bo")
    question = session.phones.open("writing")
    session.phones.answer(a, question.id, {"text": "[b]Budget[/b] is unclear"})
    session.phones.answer(b, question.id, {"text": "Ship\nthe pilot first"})
    session.phones.answer(b, question.id, {"text": "Hide me"})
    store, app = room_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        shown = await follow(app, pilot)
        assert "Budget" not in shown and "2 of 2 answered" in shown, "no text before the reveal"
        session.phones.close()
        session.phones.hide_text(question.texts[2].id)
        session.phones.reveal()
        shown = await follow(app, pilot)
        assert "• [b]Budget[/b] is unclear" in shown, "a phone's markup is shown as the characters typed"
        assert "• Ship the pilot first" in shown, "folded onto one line"
        assert "Hide me" not in shown and "c1-t" not in shown
        assert "2 texts from 2 people (1 hidden)" in shown
    store.close()


async def test_the_room_screen_drops_the_code_when_the_coach_closes_the_room(coach, db):
    session = coach
    store, app = room_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Answer from your phone" in await follow(app, pilot)
        session.phones.set_join_url("")
        await follow(app, pilot)
        assert not app.screen.query("#room-phones"), "no phones, no section"
        session.show_room("qr")
        session.phones.set_join_url(URL)
        await follow(app, pilot)
        assert not app.screen.query_one("#room-sections").display, "one code at a time: the shared one"
    store.close()
