"""What the room and its phones read, worded in the language spoken: the reveal's summary line, the refusals,
the QR code's record of the decisions and the join address's advice, in German with a decimal comma."""

from __future__ import annotations

import pytest

from facilitator import i18n
from facilitator.core.collection import AnswerError, Collection, describe_result, read_answer, result
from facilitator.core.join_address import JoinUrlError, choose_lan_ipv4, resolve
from facilitator.core.qr import decisions_text
from facilitator.core.records import Decision


@pytest.fixture
def german():
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def _fist(*scores: int) -> Collection:
    return Collection(id="c1", step="cycle", kind="fist-of-five", status="revealed",
                      answers={f"p{i}": s for i, s in enumerate(scores)})


def test_the_reveal_says_it_in_german_with_a_decimal_comma(german):
    assert describe_result(result(_fist(2, 3))) == "2 Personen, Durchschnitt 2,5, 1 bei 2 oder weniger"
    assert describe_result(result(_fist(4))) == "1 Person, Durchschnitt 4, niemand bei 2 oder weniger"
    assert describe_result(result(_fist())) == "niemand hat geantwortet"
    dots = Collection(id="c2", step="cycle", kind="dot-voting", status="revealed", answers={"p": {"q": 1}})
    assert describe_result(result(dots), {"q": "Quartale"}) == "1 Person; vorn liegt Quartale (1 Punkt)"


def test_the_reveal_in_english_is_as_it_was():
    assert describe_result(result(_fist(2, 3))) == "2 people, average 2.5, 1 at 2 or less"
    assert describe_result(result(_fist(4))) == "1 person, average 4, nobody at 2 or less"


def test_a_refused_answer_is_worded_in_the_language_spoken(german):
    collecting = Collection(id="c1", step="cycle", kind="fist-of-five")
    with pytest.raises(AnswerError, match="Wähle einen Wert von 0 bis 5."):
        read_answer(collecting, {"score": "9"})
    with i18n.using("en"), pytest.raises(AnswerError, match="Pick a score from 0 to 5."):
        read_answer(collecting, {"score": "9"})


def test_the_qr_codes_decisions_and_the_join_advice_in_german(german):
    parked = Decision(parameter="cycle", step="cycle", status="parked")
    assert decisions_text("Workshop", "Team", {"cycle": parked}).splitlines()[1] == "Zykluslänge: geparkt"
    _address, warnings = choose_lan_ipv4([("lo", "127.0.0.1")])
    assert warnings[0].startswith("Dieser Rechner hat keine Netzwerkadresse")
    with pytest.raises(JoinUrlError, match="--join-url muss wie http://HOST:PORT aussehen"):
        resolve(interfaces=[], join_url="ftp://x")
