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
from facilitator.i18n import N_, _, local_decimal, ngettext

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
    """An answer a phone sent that cannot be taken; the message is for the person holding the phone (the join
    server runs the verbs in the phone's language, so it is already in it), and `status` the HTTP status a
    server answers with (400 bad input, 403 refused, 409 no longer open)."""

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
    label: str  # what the coach picks (marked: translated where shown)
    question: str  # what the phone asks (marked; may name {most}, the texts a person may send)
    read: Callable[[Collection, Mapping[str, str], tuple[str, ...]], Any]  # form -> answer, or AnswerError
    key: str  # the key that opens it in the coach's dialog


def _read_fist(collection: Collection, form: Mapping[str, str], options: tuple[str, ...]) -> int:
    score = form.get("score", "").strip()
    if score not in {str(s) for s in FIST_SCORES}:
        raise AnswerError(_("Pick a score from 0 to 5."))
    return int(score)


def _read_dots(collection: Collection, form: Mapping[str, str], options: tuple[str, ...]) -> dict[str, int]:
    votes: dict[str, int] = {}
    for name, value in form.items():
        if not name.startswith("dot-"):
            continue
        option = name[4:]
        if option not in options:
            raise AnswerError(_("That option is not on this vote any more: reload the page."))
        value = value.strip() or "0"
        if not value.isdigit() or len(value) > 3:
            raise AnswerError(_("Give each option a whole number of dots."))
        if int(value):
            votes[option] = int(value)
    spent = sum(votes.values())
    if spent == 0:
        raise AnswerError(ngettext("Place your dot.", "Place at least one of your {dots} dots.",
                                   collection.dots).format(dots=collection.dots))
    if spent > collection.dots:
        raise AnswerError(ngettext("You have {dots} dot and placed {spent}: take some back.",
                                   "You have {dots} dots and placed {spent}: take some back.",
                                   collection.dots).format(dots=collection.dots, spent=spent))
    return votes


def confidence_choices(scale: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The values a phone can pick on the room's scale, as (form value, label)."""
    name, low, high = scale.get("name", "0-1"), float(scale.get("min", 0.0)), float(scale.get("max", 1.0))
    if name == "traffic-light":
        return [("0", _("0 off track")), ("1", _("1 at risk")), ("2", _("2 on track"))]
    if low.is_integer() and high.is_integer() and 2 <= high - low <= 10:
        # "confidence 1-10": the whole numbers people say, not ten equal steps of 0.9
        return [(_plain(v), _plain(v)) for v in range(int(low), int(high) + 1)]
    step = (high - low) / 10
    values = [round(low + i * step, 6) for i in range(11)]
    return [(_plain(v), shown_number(v) + ("%" if name == "percent" else "")) for v in values]


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# languages that write "3,5" where English writes "3.5" (as core/okr_checks.py does for the coach's findings)


def shown_number(value: float) -> str:
    """A number as a person reads it in the language spoken now: "3.5", "3,5" in German. Never in a form value."""
    return local_decimal(_plain(value))


def _read_confidence(collection: Collection, form: Mapping[str, str], options: tuple[str, ...]) -> float:
    value = form.get("value", "").strip()
    if value not in {v for v, _label in confidence_choices(collection.scale)}:
        raise AnswerError(_("Pick one of the values on the scale."))
    return float(value)


def clean_text(raw: str) -> str:
    """A silent-writing text as it may be saved, or AnswerError saying why not."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise AnswerError(_("Write something first."))
    if _BINARY.search(text):
        raise AnswerError(_("That text has control characters in it; type it again as plain text."))
    if len(text) > TEXT_MAX:
        raise AnswerError(_("Keep it to {most} characters (this one has {length}).").format(
            most=TEXT_MAX, length=len(text)))
    return text


def _read_text(collection: Collection, form: Mapping[str, str], options: tuple[str, ...]) -> str:
    return clean_text(form.get("text", ""))


def clean_name(raw: str) -> str:
    name = " ".join(_NAME_CONTROL.sub(" ", raw).split())
    if len(name) > DISPLAY_NAME_MAX:
        raise AnswerError(_("Keep the name to {most} characters.").format(most=DISPLAY_NAME_MAX))
    return name


KINDS: dict[str, Kind] = {k.id: k for k in (
    Kind("fist-of-five", N_("Fist of five"), N_("How far do you support this? 0 = block, 5 = fully behind it."),
         _read_fist, "1"),
    Kind("dot-voting", N_("Dot voting over the options"), N_("Spread your dots over the options you favour."),
         _read_dots, "2"),
    Kind("confidence", N_("Confidence in a key result"), N_("How confident are you that we reach this key result?"),
         _read_confidence, "3"),
    Kind("writing", N_("Silent writing"), N_("Write on your own: ideas, objections, points to park. "
                                             "Up to {most} texts."), _read_text, "4"),
)}


def kind_label(kind: str) -> str:
    """What a kind of question is called, in the language spoken now."""
    return _(KINDS[kind].label) if kind in KINDS else kind


def kind_question(kind: str) -> str:
    """What a phone asks, in the language spoken now."""
    return _(KINDS[kind].question).format(most=TEXTS_PER_PERSON)


def read_answer(collection: Collection, form: Mapping[str, str], options: tuple[str, ...] = ()) -> Any:
    if collection.status != "collecting":
        raise AnswerError(_("This question is closed: answers are no longer taken."), 409)
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
        counts = {v: sum(1 for a in values if _plain(a) == v) for v, _label in confidence_choices(collection.scale)}
        return {"kind": collection.kind, "people": len(values), "key_result": collection.target,
                "counts": counts, "min": values[0] if values else None, "max": values[-1] if values else None,
                "median": statistics.median(values) if values else None,
                "spread": round(values[-1] - values[0], 6) if values else None}
    return {"kind": collection.kind, "people": len(collection.answered()), "texts": shuffled_texts(collection, seed),
            "hidden": sum(1 for t in collection.texts if t.hidden)}


def describe_result(res: dict[str, Any], labels: Mapping[str, str] | None = None) -> str:
    """One line for the coach and the room: what the reveal says, in the language spoken now."""
    people = res["people"]
    if not people:
        return _("nobody answered")
    who = ngettext("{n} person", "{n} people", people).format(n=people)
    if res["kind"] == "fist-of-five":
        if res["low"]:
            return _("{who}, average {average}, {low} at 2 or less").format(
                who=who, average=shown_number(res["average"]), low=res["low"])
        return _("{who}, average {average}, nobody at 2 or less").format(who=who, average=shown_number(res["average"]))
    if res["kind"] == "dot-voting":
        name = (labels or {}).get
        if res["leader"]:
            n = res["votes"][res["leader"]]
            dots = ngettext("{n} dot", "{n} dots", n).format(n=n)
            return _("{who}; leader {option} ({dots})").format(who=who, option=name(res["leader"], res["leader"]),
                                                               dots=dots)
        return _("{who}; tie between {options}").format(who=who, options=", ".join(name(o, o) for o in res["tied"]))
    if res["kind"] == "confidence":
        return _("{who}; confidence from {low} to {high}, median {median}").format(
            who=who, low=shown_number(res["min"]), high=shown_number(res["max"]), median=shown_number(res["median"]))
    texts = len(res["texts"])
    line = ngettext("{n} text from {who}", "{n} texts from {who}", texts).format(n=texts, who=who)
    return _("{line} ({hidden} hidden)").format(line=line, hidden=res["hidden"]) if res["hidden"] else line


def histogram(counts: Mapping[str, int], width: int = 20) -> list[tuple[str, int, int]]:
    """(label, count, bar length) rows scaled to `width`, for the terminal and the phones alike."""
    top = max(counts.values(), default=0)
    return [(label, n, round(n / top * width) if top else 0) for label, n in counts.items()]
