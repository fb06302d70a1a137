"""Each phone reads the room in its own language: the one its browser asks for (Accept-Language) where there is
a catalogue, else the interface's; its refusals too. On 127.0.0.1 only, with the join server's test client."""

from __future__ import annotations

import re

import pytest

from facilitator import i18n
from facilitator.core.okr import KeyResult, Objective
from facilitator.join.server import phone_language
from tests.join.test_handlers import Phone, room, session  # noqa: F401  (the fixtures)

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}
ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}


class Speaking(Phone):
    """A phone whose browser asks for a language on every request, as a real one does."""

    def __init__(self, phone: Phone, headers: dict[str, str]):
        super().__init__(phone.client, phone.server, phone.seen)
        self.headers = headers

    async def get(self, path: str = "", **kwargs):
        return await super().get(path, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)

    async def post(self, path: str, data, **kwargs):
        return await super().post(path, data, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)

    async def csrf(self) -> str:
        page = await (await self.client.get(self.server.base, headers=self.headers)).text()
        return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("header, chosen", [
    ("de-DE,de;q=0.9", "de"), ("de-CH", "de"), ("de", "de"),
    ("en-US,en;q=0.9", "en"), ("en-GB,de;q=0.8", "en"),
    ("fr-FR,fr;q=0.9,de;q=0.8", "de"),  # no French yet: the next one asked for that we have
    ("de;q=0.5,en;q=0.9", "en"),  # by weight, not by order
    ("fr-FR", "xx"), ("*", "xx"), ("", "xx"), ("de;q=0", "xx"), ("de;q=nonsense", "xx"), ("<script>", "xx"),
])
def test_the_phone_language_is_the_first_asked_for_that_has_a_catalogue(header, chosen):
    assert phone_language(header, "xx") == chosen


async def test_a_german_phone_reads_german_pages_with_lang_de(room, session):  # noqa: F811
    server, phone, _ = room
    ana = Speaking(await phone(), GERMAN)
    response = await ana.get()
    page = await response.text()
    assert response.headers["Content-Language"] == "de"
    assert '<html lang="de">' in page and "Dem Raum beitreten" in page and "Dein Name, wenn du magst" in page
    assert "Join the room" not in page
    await ana.join("Ana")
    page = await ana.page()
    assert "Du bist als Ana dabei." in page and "Noch nichts zu beantworten" in page
    q = session.phones.open("fist-of-five")
    page = await ana.page()
    assert "Wie sehr trägst du das mit? 0 = Veto, 5 = voll dahinter." in page
    assert ">3 · kann damit leben</button>" in page and "Niemand sieht die Antworten vor dem Aufdecken" in page
    # the page polls in its own language: the fingerprint it carries is the one the poll answers
    shown = re.search(r'data-v="([^"]+)"', page).group(1)
    assert await (await ana.get("/poll")).text() == shown
    assert (await ana.post("/answer", {"collection": q.id, "score": "3"})).status == 303
    bo = Speaking(await phone(), GERMAN)
    await bo.join()
    assert (await bo.post("/answer", {"collection": q.id, "score": "2"})).status == 303
    session.phones.reveal()
    page = await ana.page()
    assert "Du hast gesendet: <b>3 · kann damit leben</b>" in page
    assert "2 Personen haben geantwortet." in page and "Durchschnitt 2,5; <b>1 bei 2 oder weniger</b>." in page


async def test_an_english_phone_reads_english_while_the_interface_speaks_german(room, session):  # noqa: F811
    server, phone, _ = room
    i18n.set_language("de")
    ana = Speaking(await phone(), ENGLISH)
    page = await (await ana.get()).text()
    assert '<html lang="en">' in page and "Join the room" in page and "Dem Raum beitreten" not in page
    assert i18n.language() == "de" and i18n._("Join the room") == "Dem Raum beitreten", "the coach's stays German"
    # a phone that asks for nothing we have reads the interface's language
    bo = Speaking(await phone(), {"Accept-Language": "fr-FR"})
    page = await (await bo.get()).text()
    assert '<html lang="de">' in page and "Dem Raum beitreten" in page


async def test_a_refused_answer_says_why_in_the_phones_language(room, session):  # noqa: F811
    server, phone, _ = room
    ana = Speaking(await phone(), GERMAN)
    await ana.join()
    q = session.phones.open("fist-of-five")
    response = await ana.post("/answer", {"collection": q.id, "score": "9"})
    page = await response.text()
    assert response.status == 400 and '<html lang="de">' in page
    assert "Wähle einen Wert von 0 bis 5." in page and "Zurück zum Raum" in page
    response = await ana.post("/answer", {"collection": "c99", "score": "3"})
    assert response.status == 409 and "Diese Frage ist nicht mehr offen" in await response.text()
    # the same refusal for an English phone, at the same time
    bo = Speaking(await phone(), ENGLISH)
    await bo.join()
    page = await (await bo.post("/answer", {"collection": q.id, "score": "9"})).text()
    assert "Pick a score from 0 to 5." in page and '<html lang="en">' in page
    assert q.answers == {}


async def test_the_servers_own_refusals_speak_german_too(room, session):  # noqa: F811
    server, phone, _ = room
    ana = Speaking(await phone(), GERMAN)
    response = await ana.post("/join", {"name": "Ana"}, origin="https://evil.example")
    assert response.status == 403 and "Dieses Formular kam nicht von der Seite des Raums" in await response.text()
    response = await ana.client.get("/j/wrong-token", headers=GERMAN)
    assert response.status == 404 and "Hier ist kein Raum." in await response.text()
    await ana.join()
    session.phones.set_locked(True)
    stranger = Speaking(await phone(), GERMAN)
    page = await stranger.page()
    assert "Der Raum ist gesperrt: Gerade kann niemand neu beitreten." in page


async def test_dots_confidence_and_writing_in_german(room, session):  # noqa: F811
    server, phone, _ = room
    ana = Speaking(await phone(), GERMAN)
    await ana.join()
    q = session.phones.open("dot-voting")
    page = await ana.page()
    assert "Du hast 3 Punkte." in page and "Meine Punkte senden" in page
    response = await ana.post("/answer", {"collection": q.id, f"dot-{session.current.options[0].id}": "3",
                                          f"dot-{session.current.options[1].id}": "2"})
    assert response.status == 400 and "Du hast 3 Punkte und 5 gesetzt: Nimm welche zurück." in await response.text()

    session.board.save_objective(Objective("o1", "Begeistern", key_results=[KeyResult("kr1", "NPS von 20 auf 40")]))
    q = session.phones.open("confidence", target="kr1")
    page = await ana.page()
    assert "Wie zuversichtlich bist du" in page and 'value="0.7">0,7</button>' in page  # the value stays a number
    assert (await ana.post("/answer", {"collection": q.id, "value": "0.7"})).status == 303
    session.phones.reveal()
    assert "Median <b>0,7</b>" in await ana.page()

    q = session.phones.open("writing")
    page = await ana.page()
    assert "Bis zu 5 Texte." in page and "Senden (noch 5)" in page
    response = await ana.post("/answer", {"collection": q.id, "text": "x" * 501})
    assert "Höchstens 500 Zeichen (dieser Text hat 501)." in await response.text()
