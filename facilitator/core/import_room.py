"""The export's `room` section read back: the questions the room answered from their phones, as they were.

An export keeps counts and texts, never who answered (core/export.py `room_section`). To bring the questions
back, each count becomes that many answers from stand-in participants: fresh random ids (a phone's cookie
is its participant id, so a stand-in must not be guessable) without names. Exported again, the session gives
the same `room` section: the same counts, totals, texts in the same shuffled order, hidden and used marks.
"""

from __future__ import annotations

import random
import secrets
from typing import Any

from facilitator.core.collection import (
    DEFAULT_CAP,
    MAX_CAP,
    TEXT_MAX,
    Collection,
    Participant,
    RoomSettings,
    Text,
    confidence_choices,
)
from facilitator.core.consensus import FIST_SCORES
from facilitator.core.okr import SCALES
from facilitator.core.workshop import Workshop
from facilitator.i18n import _


class RoomImportProblem(ValueError):
    """Why the `room` section cannot be brought back; the importer says it as an ImportProblem."""


def import_room(section: dict[str, Any] | None, *, session_id: str, workshop: Workshop,
                key_results: dict[str, str]) -> tuple[RoomSettings, list[Collection]]:
    """The room's settings (the stand-in participants) and its questions; `key_results` maps the ids of the
    session's key results (drafted or checked in) to their texts, for a confidence vote's question."""
    if not section:
        return RoomSettings(), []
    joined = section["joined"]
    people = [Participant(id=secrets.token_urlsafe(16)) for _person in range(joined)]
    ids = [p.id for p in people]
    collections: list[Collection] = []
    seen: set[str] = set()
    for i, question in enumerate(section["questions"]):
        where = f"room/questions/{i}"
        if question["id"] in seen:
            raise RoomImportProblem(_("{where}/id: '{id}' is listed twice").format(where=where, id=question["id"]))
        seen.add(question["id"])
        step = workshop.step(question["step"])
        if step is None:
            raise RoomImportProblem(_("{where}/step: '{step}' is not a step of this workshop").format(
                where=where, step=question["step"]))
        answered = question["answered"]
        if answered > joined:
            raise RoomImportProblem(_("{where}/answered: {answered} answered but only {joined} joined").format(
                where=where, answered=answered, joined=joined))
        collection = Collection(id=question["id"], step=step.id, kind=question["kind"], status=question["status"],
                                opened_at=question["opened_at"] or "", closed_at=question["closed_at"] or "",
                                revealed_at=question["revealed_at"] or "", used=question["used"] or "")
        if collection.kind == "fist-of-five":
            _answers_from_counts(collection, question, {str(s): s for s in FIST_SCORES}, ids, where)
        elif collection.kind == "confidence":
            _confidence(collection, question, ids, key_results, where)
        elif collection.kind == "dot-voting":
            _dots(collection, question, tuple(o.id for o in step.options), ids, where)
        else:
            _texts(collection, question, ids, session_id, where)
        collections.append(collection)
    return RoomSettings(cap=min(MAX_CAP, max(DEFAULT_CAP, joined)), participants=people), collections


def _answers_from_counts(collection: Collection, question: dict[str, Any], values: dict[str, Any],
                         ids: list[str], where: str) -> None:
    counts = question.get("counts") or {}
    unknown = sorted(set(counts) - set(values))
    if unknown:
        raise RoomImportProblem(_("{where}/counts: '{value}' is not a value of this question ({values})").format(
            where=where, value=unknown[0], values=", ".join(values)))
    if sum(counts.values()) != question["answered"]:
        raise RoomImportProblem(_("{where}/counts: {counted} people in the counts, but answered says {answered}")
                                .format(where=where, counted=sum(counts.values()), answered=question["answered"]))
    people = iter(ids)
    for value, n in counts.items():
        for _answer in range(n):
            collection.answers[next(people)] = values[value]


def _confidence(collection: Collection, question: dict[str, Any], ids: list[str], key_results: dict[str, str],
                where: str) -> None:
    target = question.get("key_result") or ""
    if target not in key_results:
        raise RoomImportProblem(_("{where}/key_result: '{target}' is not a key result of this session").format(
            where=where, target=target))
    collection.target, collection.target_text = target, key_results[target]
    counts = question.get("counts") or {}
    name = question.get("scale") or ""
    if name in SCALES:
        scale = SCALES[name]._asdict()
    else:
        # the room's own range: the counts hold every value of the scale, from its lowest to its highest
        try:
            values = sorted(float(v) for v in counts)
        except ValueError:
            raise RoomImportProblem(_("{where}/counts: confidence values are numbers").format(where=where)) from None
        if len(values) < 2:
            raise RoomImportProblem(_("{where}/scale: '{name}' is not a scale this release knows").format(
                where=where, name=name))
        scale = {"name": name, "min": values[0], "max": values[-1]}
    collection.scale = scale
    choices = {value: float(value) for value, _label in confidence_choices(scale)}
    _answers_from_counts(collection, question, choices, ids, where)


def _dots(collection: Collection, question: dict[str, Any], options: tuple[str, ...], ids: list[str],
          where: str) -> None:
    votes = question.get("votes") or {}
    collection.dots = question.get("dots") or collection.dots
    unknown = sorted(set(votes) - set(options))
    if unknown:
        raise RoomImportProblem(_("{where}/votes: '{option}' is not an option of step '{step}'").format(
            where=where, option=unknown[0], step=collection.step))
    answered = question["answered"]
    spent = sum(votes.values())
    if spent and not answered or spent > answered * collection.dots:
        raise RoomImportProblem(_("{where}/votes: {spent} dots from {answered} people with {dots} each").format(
            where=where, spent=spent, answered=answered, dots=collection.dots))
    # who placed which dot is not kept: the dots are dealt out again, each stand-in within their allowance
    ballots: list[dict[str, int]] = [{} for _person in range(answered)]
    person = 0
    for option in options:
        for _dot in range(votes.get(option, 0)):
            while sum(ballots[person].values()) >= collection.dots:
                person += 1
            ballots[person][option] = ballots[person].get(option, 0) + 1
    for participant, ballot in zip(ids, ballots, strict=False):
        collection.answers[participant] = ballot


def _texts(collection: Collection, question: dict[str, Any], ids: list[str], session_id: str, where: str) -> None:
    texts = question.get("texts") or []
    answered = question["answered"]
    if texts and not answered or answered > len(texts):
        raise RoomImportProblem(_("{where}/answered: {answered} people cannot have written {texts} texts").format(
            where=where, answered=answered, texts=len(texts)))
    for j, text in enumerate(texts):
        if not text["text"].strip() or len(text["text"]) > TEXT_MAX:
            raise RoomImportProblem(_("{where}/texts/{n}/text: a text has 1 to {most} characters").format(
                where=where, n=j, most=TEXT_MAX))
    # the export lists them in the order the room saw them (core/export.py): undo that shuffle, so exporting
    # again shuffles them into the same order
    order = list(range(len(texts)))
    random.Random(f"{session_id}:{collection.id}").shuffle(order)
    shown_at = {at: shown for shown, at in enumerate(order)}
    for n, text in enumerate((texts[shown_at[at]] for at in range(len(texts))), start=1):
        collection.texts.append(Text(id=f"{collection.id}-t{n}", text=text["text"], by=ids[(n - 1) % answered],
                                     hidden=text["hidden"], used_as=text["used_as"] or ""))
