"""The join server's handlers with aiohttp's test client, on 127.0.0.1 only: every state, every bad input,
and the allow-list (sentinels planted in every private field never reach a phone)."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient, TestServer

from facilitator.core.join_address import JoinAddress
from facilitator.core.okr import KeyResult, Objective
from facilitator.core.session import Session
from facilitator.join.server import COOKIE, HEADERS, MAX_BODY, JoinServer
from tests.conftest import MemoryStore

SENTINEL_NOTE = "SENTINEL-NOTE-7f3a"
SENTINEL_TRADEOFF = "SENTINEL-TRADEOFF-19c2"
SENTINEL_FINDING = "SENTINEL-FINDING-55e1"


@pytest.fixture
def session(deployment, clock, wall):
    steps = tuple(
        replace(s, notes=SENTINEL_NOTE, options=tuple(replace(o, tradeoffs=SENTINEL_TRADEOFF) for o in s.options))
        for s in deployment.steps)
    workshop = replace(deployment, steps=steps)
    s = Session.start(workshop, MemoryStore(), workshop_ref="deployment-parameters", clock=clock, wall_clock=wall)
    s.go_to("cycle")
    return s


class Phone:
    """One phone: its own cookie jar, and every response it saw (for the allow-list checks)."""

    def __init__(self, client: TestClient, server: JoinServer, seen: list[str]):
        self.client, self.server, self.seen = client, server, seen
        self.origin = server.address.origin

    async def get(self, path: str = "", **kwargs):
        response = await self.client.get(self.server.base + path, allow_redirects=False, **kwargs)
        self.seen.append(await response.text())
        return response

    async def post(self, path: str, data, *, origin: str | None = "ours", csrf: bool = True, **kwargs):
        headers = kwargs.pop("headers", {})
        if origin == "ours":
            headers["Origin"] = self.origin
        elif origin is not None:
            headers["Origin"] = origin
        if csrf and isinstance(data, dict) and "csrf" not in data:
            data = {"csrf": await self.csrf(), **data}
        response = await self.client.post(self.server.base + path, data=data, headers=headers,
                                          allow_redirects=False, **kwargs)
        self.seen.append(await response.text())
        return response

    async def csrf(self) -> str:
        page = await (await self.client.get(self.server.base)).text()
        return re.search(r'name="csrf" value="([^"]+)"', page).group(1)

    async def join(self, name: str = "") -> str:
        response = await self.post("/join", {"name": name})
        assert response.status == 303
        return response.cookies[COOKIE].value

    async def page(self) -> str:
        response = await self.get()
        assert response.status == 200
        return await response.text()


@pytest.fixture
async def room(session):
    seen: list[str] = []
    server = JoinServer(session, JoinAddress("127.0.0.1", "127.0.0.1", 0))
    clients = []
    site = TestServer(server.application(), host="127.0.0.1")

    async def phone() -> Phone:
        client = TestClient(site)  # each phone its own cookie jar, all on the one server
        await client.start_server()
        server.address = replace(server.address, port=client.port)
        clients.append(client)
        return Phone(client, server, seen)

    yield server, phone, seen
    for client in clients:
        await client.close()
    for text in seen:  # the allow-list: nothing private reached any phone in any test
        for secret in (SENTINEL_NOTE, SENTINEL_TRADEOFF, SENTINEL_FINDING, "usual start", str(session.store)):
            assert secret not in text
        for person in session.state.phones.participants:
            assert person.id not in text


async def test_a_phone_joins_votes_and_sees_the_reveal(room, session):
    server, phone, _ = room
    ana = await phone()
    page = await ana.page()
    assert "Join the room" in page and session.workshop.title in page
    pid = await ana.join("Ana")
    page = await ana.page()
    assert "You joined as Ana" in page and "Nothing to answer yet" in page
    q = session.phones.open("fist-of-five")
    page = await ana.page()
    assert 'name="score" value="4"' in page and "nobody sees answers" in page
    response = await ana.post("/answer", {"collection": q.id, "score": "4"})
    assert response.status == 303 and response.headers["Location"] == server.base
    assert session.phones.active().answers == {pid: 4}
    assert session.store.saved[-1]["collections"][0]["answers"] == {pid: 4}  # on disk before the reply
    page = await ana.page()
    assert "You sent: <b>4 · support</b>" in page and 'class="mine"' in page
    session.phones.close()
    page = await ana.page()
    assert "Answers are closed" in page and 'name="score"' not in page
    session.phones.reveal()
    page = await ana.page()
    assert "Revealed" in page and "<meter" in page and "0 at 2 or less" in page


async def test_other_answers_never_show_before_the_reveal(room, session):
    server, phone, _ = room
    ana, bo = await phone(), await phone()
    await ana.join()
    bo_id = await bo.join("Bo Zwölfhaus")
    q = session.phones.open("writing")
    await bo.post("/answer", {"collection": q.id, "text": "Bo's secret idea"})
    assert session.phones.active().texts[0].by == bo_id
    assert "Bo's secret idea" not in await ana.page()
    assert "Zwölfhaus" not in await ana.page()  # a display name is never shown (a token may well contain "Bo")
    session.phones.reveal()
    page = await ana.page()
    assert "Bo&#x27;s secret idea" in page  # the text, escaped, with no id and no name beside it


async def test_dot_votes_and_confidence_and_writing_pages(room, session):
    server, phone, _ = room
    ana = await phone()
    await ana.join()
    q = session.phones.open("dot-voting")
    page = await ana.page()
    options = session.current.options
    assert all(f'name="dot-{o.id}"' in page for o in options) and "You have 3 dots" in page
    response = await ana.post("/answer", {"collection": q.id, f"dot-{options[0].id}": "2",
                                          f"dot-{options[1].id}": "1"})
    assert response.status == 303
    session.phones.reveal()
    page = await ana.page()
    assert "Leader: <b>" in page and options[0].label in page

    session.board.save_objective(Objective("o1", "Delight", key_results=[KeyResult("kr1", "NPS 20 to 40")]))
    q = session.phones.open("confidence", target="kr1")
    page = await ana.page()
    assert "NPS 20 to 40" in page and 'name="value" value="0.7"' in page
    assert (await ana.post("/answer", {"collection": q.id, "value": "0.7"})).status == 303
    session.phones.reveal()
    assert "median <b>0.7</b>" in await ana.page()

    q = session.phones.open("writing")
    await ana.post("/answer", {"collection": q.id, "text": "<b>bold</b> & <script>x()</script>"})
    page = await ana.page()
    assert "&lt;script&gt;x()&lt;/script&gt;" in page and "<script>x()" not in page
    text_id = session.phones.active().texts[0].id
    assert (await ana.post("/withdraw", {"text": text_id})).status == 303
    assert session.phones.active().texts == []


@pytest.mark.parametrize("form, status", [
    ({"score": "9"}, 400), ({"score": ""}, 400), ({"score": "1e1"}, 400), ({}, 400),
    ({"collection": "c99", "score": "3"}, 409),
])
async def test_bad_fist_answers_get_a_clear_4xx_and_nothing_is_saved(room, session, form, status):
    server, phone, _ = room
    ana = await phone()
    await ana.join()
    q = session.phones.open("fist-of-five")
    saves = len(session.store.saved)
    response = await ana.post("/answer", {"collection": q.id, **form})
    assert response.status == status
    assert "Back to the room" in await response.text()
    assert len(session.store.saved) == saves and q.answers == {}


async def test_bad_dots_and_texts_are_refused(room, session):
    server, phone, _ = room
    ana = await phone()
    await ana.join()
    q = session.phones.open("dot-voting")
    assert (await ana.post("/answer", {"collection": q.id, "dot-nope": "1"})).status == 400
    assert (await ana.post("/answer", {"collection": q.id, f"dot-{session.current.options[0].id}": "9"})).status == 400
    q = session.phones.open("writing")
    for text in ("x" * 501, "nul\x00byte", "\x1b]0;title\x07", "   "):
        assert (await ana.post("/answer", {"collection": q.id, "text": text})).status == 400
    assert (await ana.post("/answer", b"csrf=x&text=%ff%fe", headers={
        "Content-Type": "application/x-www-form-urlencoded"}, csrf=False)).status in (400, 403)
    assert q.texts == []


async def test_a_wrong_or_old_token_is_a_404_on_every_path(room, session):
    server, phone, _ = room
    ana = await phone()
    for path in ("/j/wrong", "/j/wrong/poll", "/j/wrong/app.css", "/", "/j/", "/favicon.ico"):
        response = await ana.client.get(path)
        assert response.status == 404, path
    old = server.token
    server.token = "a-new-token-after-a-restart"
    assert (await ana.client.get(f"/j/{old}")).status == 404
    response = await ana.client.post(f"/j/{old}/join", data={"name": "x"}, headers={"Origin": ana.origin})
    assert response.status == 404 and session.state.phones.participants == []


async def test_the_host_header_must_be_the_advertised_one(room, session):
    server, phone, _ = room
    ana = await phone()
    response = await ana.client.get(server.base, headers={"Host": f"evil.example:{server.address.port}"})
    assert response.status == 421
    response = await ana.client.post(server.base + "/join", data={"name": "x"},
                                     headers={"Host": "rebound.example", "Origin": "http://rebound.example"})
    assert response.status == 421 and session.state.phones.participants == []


@pytest.mark.parametrize("headers", [{}, {"Origin": "http://evil.example"}, {"Origin": "null"},
                                     {"Origin": "null", "Sec-Fetch-Site": "cross-site"}])
async def test_posts_from_anywhere_but_the_rooms_page_are_refused(room, session, headers):
    server, phone, _ = room
    ana = await phone()
    csrf = await ana.csrf()
    response = await ana.client.post(server.base + "/join", data={"name": "x", "csrf": csrf}, headers=headers,
                                     allow_redirects=False)
    assert response.status == 403 and session.state.phones.participants == []


async def test_a_browser_under_no_referrer_sends_origin_null_with_sec_fetch_site(room, session):
    server, phone, _ = room
    ana = await phone()
    response = await ana.post("/join", {"name": "x"}, origin="null", headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status == 303


async def test_the_form_token_must_match(room, session):
    server, phone, _ = room
    ana = await phone()
    assert (await ana.post("/join", {"name": "x", "csrf": "forged"})).status == 403
    await ana.join()
    q = session.phones.open("fist-of-five")
    join_token = server._csrf("join")  # a token for someone else is not this phone's
    assert (await ana.post("/answer", {"collection": q.id, "score": "3", "csrf": join_token})).status == 403
    assert q.answers == {}


async def test_bodies_over_16_kib_duplicates_and_other_encodings_are_refused(room, session):
    server, phone, _ = room
    ana = await phone()
    await ana.join()
    q = session.phones.open("writing")
    response = await ana.post("/answer", {"collection": q.id, "text": "x" * (MAX_BODY + 10)})
    assert response.status == 413
    csrf = await ana.csrf()
    body = f"csrf={csrf}&collection={q.id}&text=a&text=b"
    response = await ana.post("/answer", body, csrf=False,
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status == 400
    response = await ana.post("/answer", '{"text": "json"}', csrf=False, headers={"Content-Type": "application/json"})
    assert response.status == 415
    assert q.texts == []


async def test_joining_is_refused_when_locked_or_full(room, session):
    server, phone, _ = room
    ana, bo = await phone(), await phone()
    csrf = await ana.csrf()
    session.phones.set_locked(True)
    assert "The room is locked" in await ana.page()
    response = await ana.post("/join", {"name": "x", "csrf": csrf})
    assert response.status == 403 and "locked" in await response.text()
    session.phones.set_locked(False)
    session.phones.set_cap(1)
    await ana.join()
    assert "The room is full" in await bo.page()
    assert (await bo.post("/join", {"csrf": csrf})).status == 403
    assert len(session.state.phones.participants) == 1


async def test_a_flood_from_one_cookie_is_rate_limited_and_nothing_more_is_saved(room, session, clock):
    server, phone, _ = room
    server.limits.clock = clock
    ana = await phone()
    await ana.join()
    q = session.phones.open("fist-of-five")
    csrf = await ana.csrf()
    statuses = []
    for _ in range(30):  # bounded: 30 posts at one instant
        response = await ana.post("/answer", {"collection": q.id, "score": "3", "csrf": csrf})
        statuses.append(response.status)
    assert statuses.count(429) >= 15 and 303 in statuses
    clock.advance(5)
    assert (await ana.post("/answer", {"collection": q.id, "score": "4", "csrf": csrf})).status == 303


async def test_polling_every_two_seconds_is_never_limited(room, session, clock):
    server, phone, _ = room
    server.limits.clock = clock
    ana = await phone()
    await ana.join()
    versions = set()
    for _ in range(40):  # bounded: 80 seconds of polling
        response = await ana.get("/poll")
        assert response.status == 200
        versions.add(await response.text())
        clock.advance(2)
    assert len(versions) == 1
    session.phones.open("fist-of-five")
    assert await (await ana.get("/poll")).text() not in versions


async def test_a_crash_in_a_handler_is_a_500_for_that_phone_and_the_room_carries_on(room, session, monkeypatch):
    server, phone, _ = room
    ana = await phone()
    await ana.join()
    q = session.phones.open("fist-of-five")
    room_type = type(session.phones)

    def broken(self, *args, **kwargs):
        raise RuntimeError("boom /secret/path")

    monkeypatch.setattr(room_type, "answer", broken)
    response = await ana.post("/answer", {"collection": q.id, "score": "3"})
    assert response.status == 500 and "boom" not in await response.text()
    assert server.crashes == 1
    monkeypatch.undo()
    assert (await ana.post("/answer", {"collection": q.id, "score": "3"})).status == 303


async def test_every_response_carries_the_security_headers(room, session):
    server, phone, _ = room
    ana = await phone()
    responses = [await ana.get(), await ana.get("/app.css"), await ana.get("/app.js"),
                 await ana.client.get("/j/nope"), await ana.post("/join", {"name": "x"}, origin="http://x")]
    for response in responses:
        for name, value in HEADERS.items():
            assert response.headers[name] == value
    assert HEADERS["Content-Security-Policy"].startswith("default-src 'self'")
    cookie = (await ana.post("/join", {"name": ""})).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


async def test_pages_load_nothing_from_elsewhere(room, session):
    server, phone, _ = room
    ana = await phone()
    await ana.join()
    session.phones.open("fist-of-five")
    page = await ana.page()
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "<style" not in page and "style=" not in page and re.findall(r"<script[^>]*>", page) == [
        f'<script src="{server.base}/app.js" defer>']


async def test_no_log_line_carries_the_token(room, session, caplog):
    caplog.set_level(logging.DEBUG)
    server, phone, _ = room
    ana = await phone()
    await ana.join()
    await ana.client.get("/j/wrong")
    assert server.token not in caplog.text


async def test_the_finding_sentinel_never_reaches_a_phone(room, session, monkeypatch):
    board_type = type(session.board)
    original = board_type.findings

    def with_sentinel(self):
        return [replace(f, message=SENTINEL_FINDING, question=SENTINEL_FINDING) for f in original(self)]

    monkeypatch.setattr(board_type, "findings", with_sentinel)
    session.board.save_objective(Objective("o1", "x", key_results=[KeyResult("kr1", "launch it", type="metric")]))
    assert any(f.message == SENTINEL_FINDING for f in session.board.findings())
    server, phone, _ = room
    ana = await phone()
    await ana.join()
    q = session.phones.open("confidence", target="kr1")
    await ana.page()
    await ana.post("/answer", {"collection": q.id, "value": "0.5"})
    session.phones.reveal()
    await ana.page()
    await ana.get("/poll")
