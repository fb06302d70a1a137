"""The room's phones from the coach's keyboard: j opens the room, phones (aiohttp clients on 127.0.0.1) answer,
the coach sees counts only until the reveal, and the revealed result goes into the consensus check."""

from __future__ import annotations

import re

import aiohttp

from facilitator.app import JoinOptions, make_app
from facilitator.screens.join import JoinScreen
from tests.ui.screen import screen_text


async def phone_joins(http: aiohttp.ClientSession, url: str, origin: str, name: str = "") -> str:
    page = await (await http.get(url)).text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    response = await http.post(url + "/join", data={"csrf": csrf, "name": name}, headers={"Origin": origin},
                               allow_redirects=False)
    assert response.status == 303
    return re.search(r'name="csrf" value="([^"]+)"', await (await http.get(url)).text()).group(1)


async def test_the_coach_opens_the_room_sees_counts_then_the_reveal_and_uses_it(workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("cycle")
    app = make_app(workspace, session, join=JoinOptions(host="127.0.0.1"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JoinScreen)
        server = app.join_server
        assert server.running and server.url.startswith("http://127.0.0.1:")
        assert len(server.token) >= 22  # 128 bits
        assert server.url in screen_text(app).replace(" ", "")
        assert session.state.phones.join_url == server.url  # for the room screen's QR code
        await pilot.press("1")
        question = session.phones.active()
        assert question.kind == "fist-of-five" and question.status == "collecting"
        origin = server.address.origin
        for score in ("4", "1"):
            async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:  # a phone
                csrf = await phone_joins(http, server.url, origin)
                response = await http.post(server.url + "/answer", headers={"Origin": origin},
                                           data={"csrf": csrf, "collection": question.id, "score": score},
                                           allow_redirects=False)
                assert response.status == 303
        await pilot.pause()
        text = screen_text(app)
        assert "2 joined · 2 answered" in text and "Nothing is shown until you reveal" in text
        assert "at 2 or less" not in text and "average" not in text
        await pilot.press("v")
        await pilot.pause()
        text = screen_text(app)
        assert "2 people, average 2.5, 1 at 2 or less" in text
        await pilot.press("u")
        await pilot.pause()
        consensus = session.state.decisions["cycle"].consensus
        assert consensus["source"] == "phones" and consensus["low"] == 1 and not consensus["agreed"]
        await pilot.press("escape")
        await pilot.pause()
        text = screen_text(app)
        assert "objections round open" in text and "Phones: 2 joined · 2 answered (j)" in text
        await pilot.press("j", "x")
        await pilot.pause()
        assert app.join_server is None and not server.running and session.state.phones.join_url == ""
    assert session.phones.active().answers  # kept with the session


async def test_silent_writing_texts_are_reviewed_hidden_revealed_and_parked(workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("cycle")
    app = make_app(workspace, session, join=JoinOptions(host="127.0.0.1"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("j", "4")
        await pilot.pause()
        server = app.join_server
        question = session.phones.active()
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            csrf = await phone_joins(http, server.url, server.address.origin, "Ana")
            for text in ("[b]Who owns the wiki?[/b]", "rude \x1b[31m remark", "a rude remark"):
                await http.post(server.url + "/answer", headers={"Origin": server.address.origin},
                                data={"csrf": csrf, "collection": question.id, "text": text})
        assert [t.text for t in question.texts] == ["[b]Who owns the wiki?[/b]", "a rude remark"]
        await pilot.pause()
        assert "Who owns" not in screen_text(app)  # nothing while collecting
        await pilot.press("c")
        await pilot.pause()
        assert "[b]Who owns the wiki?[/b]" in screen_text(app)  # closed: the coach reviews, markup as written
        app.screen.query_one("#join-texts").highlighted = 1
        await pilot.press("h", "v")
        await pilot.pause()
        assert question.texts[1].hidden and question.status == "revealed"
        app.screen.query_one("#join-texts").highlighted = 0
        await pilot.press("k")
        await pilot.pause()
        assert session.state.parking_lot[-1].text == "[b]Who owns the wiki?[/b]"
        assert "[parking]" in screen_text(app)


async def test_join_at_start_opens_the_room(workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    app = make_app(workspace, session, join=JoinOptions(at_start=True, host="127.0.0.1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, JoinScreen) and app.join_server is not None
        server = app.join_server
    assert not server.running  # quitting stops it


async def test_read_only_does_not_open_the_room(tmp_path, deployment):
    from facilitator.store import Store
    from facilitator.workspace import Workspace

    with Store(tmp_path / "db.json") as store:
        session = Workspace(store).start(deployment, "deployment-parameters")
        session_id = session.state.id
    with Store(tmp_path / "db.json", read_only=True) as store:
        workspace = Workspace(store)
        app = make_app(workspace, workspace.resume(session_id), join=JoinOptions(host="127.0.0.1"))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("j")
            await pilot.pause()
            assert app.join_server is None and not isinstance(app.screen, JoinScreen)


async def test_during_a_check_in_the_phones_vote_confidence_and_the_coach_records_it(workspace):
    from tests.cycle_data import drafted_cycle, start_check_in

    drafted_cycle(workspace)
    session = start_check_in(workspace)
    session.go_to("round")
    app = make_app(workspace, session, join=JoinOptions(host="127.0.0.1"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("j", "3")
        await pilot.pause()
        shown = screen_text(app)
        assert "Raise week-1 activation" in shown and "Cut onboarding tickets" in shown, "the key results in force"
        await pilot.press("down", "enter")
        await pilot.pause()
        question = session.phones.active()
        assert question.target == "kr2" and question.status == "collecting"
        server = app.join_server
        origin = server.address.origin
        for value in ("0.3", "0.5", "0.6"):
            async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
                csrf = await phone_joins(http, server.url, origin)
                page = await (await http.get(server.url)).text()
                assert "Cut onboarding tickets" in page and 'value="0.7"' in page, "the room's confidence scale"
                response = await http.post(server.url + "/answer", headers={"Origin": origin},
                                           data={"csrf": csrf, "collection": question.id, "value": value},
                                           allow_redirects=False)
                assert response.status == 303
        await pilot.pause()
        assert "3 joined · 3 answered" in screen_text(app) and "median" not in screen_text(app)
        await pilot.press("v")
        await pilot.pause()
        assert "3 people; confidence from 0.3 to 0.6, median 0.5" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert "Used: as the confidence at this check-in." in screen_text(app)
        assert session.check_ins.entry("kr2").confidence == 0.5
        await pilot.press("escape", "d")
        await pilot.pause()
        assert app.screen.query_one("#confidence-kr2").value == "0.5", "the sheet shows what the room said"
