"""What a phone may see: built field by field from an allow-list, never from the session as a whole.

Facilitator notes, coach findings, the usual-start marker, option trade-offs, other people's answers before the
reveal, participant ids, names, file paths and the coach's controls have no way in: every value below is named
here, taken from a room-facing field, and is plain data (the page escapes it). A test plants sentinels in every
private field and checks that no response carries them.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from facilitator.core.collection import TEXTS_PER_PERSON, Collection, confidence_choices, kind_question, shown_number
from facilitator.core.consensus import FIST_SCORES
from facilitator.core.room_view import room_step
from facilitator.i18n import N_, _

if TYPE_CHECKING:
    from facilitator.core.session import Session

FIST_LABELS = {0: N_("block"), 1: N_("serious doubts"), 2: N_("doubts"), 3: N_("can live with it"), 4: N_("support"),
               5: N_("fully behind it")}


def phone_view(session: Session, participant_id: str | None) -> dict[str, Any]:
    """The words in it are in the language spoken now: the join server builds it under the phone's language."""
    room = session.phones
    me = room.participant(participant_id) if participant_id else None
    view: dict[str, Any] = {
        "workshop": session.workshop.title,
        # the step as the room screen shows it (core/room_view): one allow-list for the room and its phones
        "step": room_step(session.workshop, session.state, session.current).title,
        "joined": me is not None,
        "name": me.name if me else "",
        "locked": room.settings.locked,
        "full": room.joined() >= room.settings.cap,
        "question": None,
    }
    active = room.active()
    if me is not None and active is not None:
        view["question"] = _question(session, active, me.id)
    return view


def _question(session: Session, collection: Collection, participant_id: str) -> dict[str, Any]:
    room = session.phones
    step = room.step_of(collection)
    question: dict[str, Any] = {
        "id": collection.id,
        "kind": collection.kind,
        "status": collection.status,
        "prompt": kind_question(collection.kind),
        "about": step.title if step else "",
    }
    mine = collection.answers.get(participant_id)
    if collection.kind == "fist-of-five":
        decision = session.decision_for(step) if step else None
        question["proposal"] = decision.decision if decision and decision.status == "decided" else ""
        question["choices"] = [(str(s), f"{s} · {_(FIST_LABELS[s])}") for s in FIST_SCORES]
        question["mine"] = "" if mine is None else str(mine)
    elif collection.kind == "dot-voting":
        # labels only: no trade-offs, no "usual start" marker, no option ids beyond what the form posts back
        question["options"] = [(o.id, o.label) for o in step.options] if step else []
        question["dots"] = collection.dots
        question["mine"] = dict(mine or {})
    elif collection.kind == "confidence":
        question["about"] = collection.target_text
        question["choices"] = confidence_choices(collection.scale)
        question["mine"] = "" if mine is None else _plain(mine)
    else:
        written = [t for t in collection.texts if t.by == participant_id]
        question["mine"] = [(t.id, t.text) for t in written]
        question["left"] = max(0, TEXTS_PER_PERSON - len(room.texts_by(participant_id, collection.step)))
    if collection.status == "revealed":
        question["result"] = _result(session, collection)
    return question


def _result(session: Session, collection: Collection) -> dict[str, Any]:
    res = session.phones.result(collection)
    shown: dict[str, Any] = {"people": res["people"]}
    if collection.kind == "fist-of-five":
        shown.update(counts=[(s, n) for s, n in res["counts"].items()], low=res["low"],
                     average=None if res["average"] is None else shown_number(res["average"]))
    elif collection.kind == "dot-voting":
        labels = session.phones.labels_of(collection)
        shown.update(votes=[(labels.get(o, o), res["votes"].get(o, 0)) for o in labels],
                     leader=labels.get(res["leader"], "") if res["leader"] else "",
                     tied=[labels.get(o, o) for o in res["tied"]])
    elif collection.kind == "confidence":
        labels = dict(confidence_choices(collection.scale))
        shown.update(counts=[(labels.get(v, v), n) for v, n in res["counts"].items()],
                     **{k: None if res[k] is None else shown_number(res[k])
                        for k in ("min", "max", "median", "spread")})
    else:
        shown.update(texts=list(res["texts"]))
    return shown


def _plain(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def version(view: dict[str, Any]) -> str:
    """A short fingerprint of a view: a polling phone reloads only when what it would show has changed."""
    return hashlib.sha256(json.dumps(view, sort_keys=True).encode()).hexdigest()[:16]
