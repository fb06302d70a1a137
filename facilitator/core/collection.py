"""What the room answers from their phones: one collection at a time, collecting -> closed -> revealed.

Plain logic over plain records: the kinds of collection (one table, as the OKR checks are), how an answer from
a phone form is read and refused, and what a collection shows once revealed. Nothing here knows about HTTP or
the terminal; `core/room.py` holds the verbs that change a session, `core/phone_view.py` what a phone may see.
"""

from __future__ import annotations

import random
import re
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from facilitator.core.consensus import FIST_SCORES, LOW

STATUSES = ("collecting", "closed", "revealed")
DEFAULT_DOTS = 3  # dots per person when the workshop file does not say
DEFAULT_CAP = 50  # participants in a room unless the coach raises it
MAX_CAP = 500
TEXT_MAX = 500  # characters of one silent-writing text
TEXTS_PER_PERSON = 5  # per person per step
DISPLAY_NAME_MAX = 40

# Control characters (other than newline and tab) and the bidirectional overrides that can make a text read
# differently from what it is: a text carrying them is refused, not cleaned, so nothing surprising is saved.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+")


class AnswerError(ValueError):
    """An answer a phone sent that cannot be taken; the message is for the person holding the phone, and
    `status` the HTTP status a server answers with (400 bad input, 403 refused, 409 no longer open)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass
class Text:
    id: str
    text: str
    by: str  # the participant's pseudonymous id: never shown, never exported
    hidden: bool = False  # the coach hid it before the reveal; kept in the record as hidden
    at: str = ""
    used_as: str = ""  # objective, parking or objection once the coach turned it into one


@dataclass
class Collection:
    id: str
    step: str
    kind: str
    status: str = "collecting"
    target: str = ""  # confidence: the key result's id
    target_text: str = ""  # confidence: the key result's text as it was when the vote opened
    dots: int = DEFAULT_DOTS
    scale: dict[str, Any] = field(default_factory=dict)  # confidence: the room's scale, {name, min, max}
    auto_close: bool = False
    opened_at: str = ""
    closed_at: str = ""
    revealed_at: str = ""
    answers: dict[str, Any] = field(default_factory=dict)  # participant id -> score, dots or confidence
    texts: list[Text] = field(default_factory=list)
    used: str = ""  # where the revealed result went: consensus, or confidence

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Collection:
        data = dict(data)
        texts = [Text(**t) for t in data.pop("texts", [])]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known}, texts=texts)

    def answered(self) -> set[str]:
        if self.kind == "writing":
            return {t.by for t in self.texts}
        return set(self.answers)


@dataclass
class Participant:
    id: str
    name: str = ""  # optional, shown only to the phone that chose it
    joined_at: str = ""


@dataclass
class RoomSettings:
    locked: bool = False  # no new joins
    cap: int = DEFAULT_CAP
    participants: list[Participant] = field(default_factory=list)
    # while the coach's room is open: the link phones join by, so a room screen in another process can show
    # its QR code; cleared when the room closes, and a new one (a new token) each time it opens
    join_url: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RoomSettings:
        data = dict(data)
        people = [Participant(**p) for p in data.pop("participants", [])]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known}, participants=people)


# -- the kinds ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    id: str
    label: str  # what the coach picks
    question: str  # what the phone asks
    read: Callable[[Collection, Mapping[str, str], tuple[str, ...]], Any]  # form -> answer, or AnswerError
    key: str  # the key that opens it in the coach's dialog


def _read_fist(collection: Collection, form: Mapping[str, str], options: tuple[str, ...]) -> int:
    score = form.get("score", "").strip()
    if score not in {str(s) for s in FIST_SCORES}:
        raise AnswerError("Pick a score from 0 to 5.")
    return int(score)


def _read_dots(collection: Collection, form: Mapping[str, str], options: tuple[str, ...]) -> dict[str, int]:
    votes: dict[str, int] = {}
    for name, value in form.items():
        if not name.startswith("dot-"):
            continue
        option = name[4:]
        if option not in options:
            raise AnswerError("That option is not on this vote any more: reload the page.")
        value = value.strip() or "0"
        if not value.isdigit() or len(value) > 3:
            raise AnswerError("Give each option a whole number of dots.")
        if int(value):
            votes[option] = int(value)
    spent = sum(votes.values())
    if spent == 0:
        raise AnswerError(f"Place at least one of your {collection.dots} dots.")
    if spent > collection.dots:
        raise AnswerError(f"You have {collection.dots} dots and placed {spent}: take some back.")
    return votes


def confidence_choices(scale: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The values a phone can pick on the room's scale, as (form value, label)."""
    name, low, high = scale.get("name", "0-1"), float(scale.get("min", 0.0)), float(scale.get("max", 1.0))
    if name == "traffic-light":
        return [("0", "0 off track"), ("1", "1 at risk"), ("2", "2 on track")]
    if low.is_integer() and high.is_integer() and 2 <= high - low <= 10:
        # "confidence 1-10": the whole numbers people say, not ten equal steps of 0.9
        return [(_plain(v), _plain(v)) for v in range(int(low), int(high) + 1)]
    step = (high - low) / 10
    values = [round(low + i * step, 6) for i in range(11)]
    return [(_plain(v), _plain(v) + ("%" if name == "percent" else "")) for v in values]


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _read_confidence(collection: Collection, form: Mapping[str, str], options: tuple[str, ...]) -> float:
    value = form.get("value", "").strip()
    if value not in {v for v, _ in confidence_choices(collection.scale)}:
        raise AnswerError("Pick one of the values on the scale.")
    return float(value)


def clean_text(raw: str) -> str:
    """A silent-writing text as it may be saved, or AnswerError saying why not."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise AnswerError("Write something first.")
    if _BINARY.search(text):
        raise AnswerError("That text has control characters in it; type it again as plain text.")
    if len(text) > TEXT_MAX:
        raise AnswerError(f"Keep it to {TEXT_MAX} characters (this one has {len(text)}).")
    return text


def _read_text(collection: Collection, form: Mapping[str, str], options: tuple[str, ...]) -> str:
    return clean_text(form.get("text", ""))


def clean_name(raw: str) -> str:
    name = " ".join(_NAME_CONTROL.sub(" ", raw).split())
    if len(name) > DISPLAY_NAME_MAX:
        raise AnswerError(f"Keep the name to {DISPLAY_NAME_MAX} characters.")
    return name


KINDS: dict[str, Kind] = {k.id: k for k in (
    Kind("fist-of-five", "Fist of five", "How far do you support this? 0 = block, 5 = fully behind it.",
         _read_fist, "1"),
    Kind("dot-voting", "Dot voting over the options", "Spread your dots over the options you favour.",
         _read_dots, "2"),
    Kind("confidence", "Confidence in a key result", "How confident are you that we reach this key result?",
         _read_confidence, "3"),
    Kind("writing", "Silent writing", "Write on your own: ideas, objections, points to park. "
         f"Up to {TEXTS_PER_PERSON} texts.", _read_text, "4"),
)}


def read_answer(collection: Collection, form: Mapping[str, str], options: tuple[str, ...] = ()) -> Any:
    if collection.status != "collecting":
        raise AnswerError("This question is closed: answers are no longer taken.", 409)
    return KINDS[collection.kind].read(collection, form, options)


# -- what a revealed collection shows ----------------------------------------------------------------------
def shuffled_texts(collection: Collection, seed: str) -> list[str]:
    """The visible texts in an order that says nothing of who wrote what or when, the same on every screen."""
    texts = [t.text for t in collection.texts if not t.hidden]
    random.Random(f"{seed}:{collection.id}").shuffle(texts)
    return texts


def result(collection: Collection, seed: str = "") -> dict[str, Any]:
    """Counts and texts only: no participant ids, no names, no order of arrival."""
    answers = list(collection.answers.values())
    if collection.kind == "fist-of-five":
        counts = {str(s): sum(1 for a in answers if a == s) for s in FIST_SCORES}
        people = len(answers)
        return {"kind": collection.kind, "people": people, "counts": counts,
                "low": sum(1 for a in answers if a <= LOW),
                "average": round(sum(answers) / people, 2) if people else None}
    if collection.kind == "dot-voting":
        totals: dict[str, int] = {}
        for votes in answers:
            for option, dots in votes.items():
                totals[option] = totals.get(option, 0) + int(dots)
        top = max(totals.values(), default=0)
        leaders = sorted(o for o, n in totals.items() if n == top) if top else []
        return {"kind": collection.kind, "people": len(answers), "votes": totals,
                "leader": leaders[0] if len(leaders) == 1 else None, "tied": leaders if len(leaders) > 1 else []}
    if collection.kind == "confidence":
        values = sorted(float(a) for a in answers)
        counts = {v: sum(1 for a in values if _plain(a) == v) for v, _ in confidence_choices(collection.scale)}
        return {"kind": collection.kind, "people": len(values), "key_result": collection.target,
                "counts": counts, "min": values[0] if values else None, "max": values[-1] if values else None,
                "median": statistics.median(values) if values else None,
                "spread": round(values[-1] - values[0], 6) if values else None}
    return {"kind": collection.kind, "people": len(collection.answered()), "texts": shuffled_texts(collection, seed),
            "hidden": sum(1 for t in collection.texts if t.hidden)}


def describe_result(res: dict[str, Any], labels: Mapping[str, str] | None = None) -> str:
    """One line for the coach and the room: what the reveal says."""
    people = res["people"]
    who = f"{people} {'person' if people == 1 else 'people'}"
    if not people:
        return "nobody answered"
    if res["kind"] == "fist-of-five":
        text = f"{who}, average {res['average']:g}"
        return text + (f", {res['low']} at 2 or less" if res["low"] else ", nobody at 2 or less")
    if res["kind"] == "dot-voting":
        name = (labels or {}).get
        if res["leader"]:
            dots = res["votes"][res["leader"]]
            return f"{who}; leader {name(res['leader'], res['leader'])} ({dots} {'dot' if dots == 1 else 'dots'})"
        return f"{who}; tie between {', '.join(name(o, o) for o in res['tied'])}"
    if res["kind"] == "confidence":
        return (f"{who}; confidence from {_plain(res['min'])} to {_plain(res['max'])}, "
                f"median {_plain(res['median'])}")
    texts = len(res["texts"])
    return f"{texts} {'text' if texts == 1 else 'texts'} from {who}" + (
        f" ({res['hidden']} hidden)" if res["hidden"] else "")


def histogram(counts: Mapping[str, int], width: int = 20) -> list[tuple[str, int, int]]:
    """(label, count, bar length) rows scaled to `width`, for the terminal and the phones alike."""
    top = max(counts.values(), default=0)
    return [(label, n, round(n / top * width) if top else 0) for label, n in counts.items()]
