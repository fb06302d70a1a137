"""The room's phones as part of a session: who joined, what is being collected, and what the coach does with it.

Every verb saves through the session before it returns, like the session's own verbs: a vote a phone sent is
on disk before the phone is told it counted. The join server and the coach's screens are both clients of
these verbs; neither touches the store.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from facilitator.core.collection import (
    KINDS,
    MAX_CAP,
    TEXTS_PER_PERSON,
    AnswerError,
    Collection,
    Participant,
    RoomSettings,
    Text,
    clean_name,
    read_answer,
    result,
)
from facilitator.core.consensus import dot_voting, fist_of_five
from facilitator.core.records import iso
from facilitator.i18n import _

if TYPE_CHECKING:
    from facilitator.core.session import Session
    from facilitator.core.workshop import Step

TEXT_USES = ("objective", "parking", "objection")
OBJECTIVE_TITLE_MAX = 200


class Room:
    def __init__(self, session: Session):
        self.session = session

    # -- reading ----------------------------------------------------------------------------------------
    @property
    def settings(self) -> RoomSettings:
        return self.session.state.phones

    @property
    def collections(self) -> list[Collection]:
        return self.session.state.collections

    def active(self) -> Collection | None:
        """The question the phones see: the latest one opened, whatever its state."""
        return self.collections[-1] if self.collections else None

    def collection(self, collection_id: str) -> Collection | None:
        return next((c for c in self.collections if c.id == collection_id), None)

    def participant(self, participant_id: str) -> Participant | None:
        return next((p for p in self.settings.participants if p.id == participant_id), None)

    def joined(self) -> int:
        return len(self.settings.participants)

    def progress(self) -> tuple[int, int]:
        """(joined, answered the active question): all the coach's screen shows while collecting."""
        active = self.active()
        known = {p.id for p in self.settings.participants}
        return self.joined(), len(active.answered() & known) if active else 0

    def step_of(self, collection: Collection) -> Step | None:
        return self.session.workshop.step(collection.step)

    def options_of(self, collection: Collection) -> tuple[str, ...]:
        step = self.step_of(collection)
        return tuple(o.id for o in step.options) if step else ()

    def labels_of(self, collection: Collection) -> dict[str, str]:
        step = self.step_of(collection)
        return {o.id: o.label for o in step.options} if step else {}

    def result(self, collection: Collection) -> dict[str, Any]:
        return result(collection, seed=self.session.state.id)

    def texts_by(self, participant_id: str, step_id: str) -> list[Text]:
        return [t for c in self.collections if c.step == step_id and c.kind == "writing" for t in c.texts
                if t.by == participant_id]

    @property
    def checking_in(self) -> bool:
        """A check-in session: the key results the room rates are those in force, not a draft board's."""
        return self.session.check_ins.linked

    def key_results(self) -> list[tuple[Any, Any]]:
        """(objective, key result) the room can rate its confidence in: the check-in's, else the draft board's."""
        if self.checking_in:
            return self.session.check_ins.key_results()
        return [(o, kr) for o in self.session.board.objectives() for kr in o.key_results]

    def dots_for(self, step: Step) -> int:
        return step.dots or self.session.workshop.dots

    # -- the coach's verbs ------------------------------------------------------------------------------
    def open(self, kind: str, *, target: str = "", auto_close: bool = False) -> Collection:
        """Start collecting on the current step; a question still collecting is closed first."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind of question '{kind}': {', '.join(KINDS)}")
        step = self.session.current
        collection = Collection(id=self._next_id(), step=step.id, kind=kind, auto_close=auto_close,
                                opened_at=self._now())
        if kind == "dot-voting":
            if not step.options:
                raise ValueError(_("Dot voting needs options: this step has none (open it on a decision step)."))
            collection.dots = self.dots_for(step)
        if kind == "confidence":
            kr = next((k for _objective, k in self.key_results() if k.id == target), None)
            if kr is None:
                raise ValueError(_("Pick a key result of the check-in for the confidence vote.") if self.checking_in
                                 else _("Pick a key result of the draft board for the confidence vote."))
            collection.target, collection.target_text = kr.id, kr.text
            # confidence has a scale of its own: a room that scores 0-1 may still say confidence "out of 10"
            collection.scale = self.session.board.rules().confidence_scale._asdict()
        for other in self.collections:
            if other.status == "collecting":
                other.status, other.closed_at = "closed", self._now()
        self.collections.append(collection)
        self._save()
        return collection

    def close(self) -> Collection:
        collection = self.active()
        if collection is None or collection.status != "collecting":
            raise ValueError(_("No question is collecting: nothing to be closed."))
        collection.status, collection.closed_at = "closed", self._now()
        self._save()
        return collection

    def reveal(self) -> Collection:
        collection = self.active()
        if collection is None:
            raise ValueError(_("Nothing to reveal: open a question first."))
        if collection.status == "revealed":
            return collection
        if collection.status == "collecting":
            collection.closed_at = self._now()
        collection.status, collection.revealed_at = "revealed", self._now()
        self._save()
        return collection

    def hide_text(self, text_id: str, hidden: bool = True) -> Text:
        collection, text = self.find_text(text_id)
        if collection.status == "revealed":
            raise ValueError(_("The texts are revealed: hide a text before the reveal."))
        text.hidden = hidden
        self._save()
        return text

    def set_locked(self, locked: bool) -> None:
        self.settings.locked = locked
        self._save()

    def set_join_url(self, url: str) -> None:
        """The coach's room opened (with this link) or closed (""): the room screen shows the QR code from it."""
        if self.settings.join_url != url:
            self.settings.join_url = url
            self._save()

    def set_cap(self, cap: int) -> None:
        if not 1 <= cap <= MAX_CAP:
            raise ValueError(_("The room takes 1 to {most} people.").format(most=MAX_CAP))
        self.settings.cap = cap
        self._save()

    def set_auto_close(self, on: bool) -> None:
        collection = self.active()
        if collection is None or collection.status != "collecting":
            raise ValueError(_("No question is collecting: nothing to close by itself."))
        collection.auto_close = on
        self._maybe_auto_close(collection)
        self._save()

    def use_result(self) -> str:
        """The revealed vote goes where a hand-entered one would: the step's consensus check, or the key
        result's confidence. Returns what was done, for the coach."""
        collection = self.active()
        if collection is None or collection.status != "revealed":
            raise ValueError(_("Reveal the answers first: only a revealed result can be used."))
        res = self.result(collection)
        if not res["people"]:
            raise ValueError(_("Nobody answered: there is no result to use."))
        step = self.step_of(collection)
        if collection.kind in ("fist-of-five", "dot-voting"):
            if step is None or not step.parameter:
                raise ValueError(_("A consensus check belongs to a decision step; this question was not on one."))
            decision = self.session.state.decisions[step.parameter]
            previous = decision.consensus or {}
            if collection.kind == "fist-of-five":
                # objections the coach already wrote down for this decision stay with it
                consensus = fist_of_five({int(s): n for s, n in res["counts"].items()},
                                         objections=previous.get("objections", "")
                                         if previous.get("method") == "fist-of-five" else "")
            else:
                consensus = dot_voting(res["votes"], list(self.options_of(collection)))
            consensus["source"] = "phones"
            self.session.record_consensus(step.parameter, consensus)
            collection.used = "consensus"
            self._save()
            return "consensus"
        if collection.kind == "confidence" and self.checking_in:
            return self._record_check_in_confidence(collection, float(res["median"]))
        if collection.kind == "confidence":
            board = self.session.board
            objective = next((o for o in board.objectives() if any(k.id == collection.target
                                                                   for k in o.key_results)), None)
            if objective is None:
                raise ValueError(_("That key result is no longer on the draft board."))
            kr = next(k for k in objective.key_results if k.id == collection.target)
            kr.confidence = float(res["median"])
            board.save_key_result(objective.id, kr)
            collection.used = "confidence"
            self._save()
            return "confidence"
        raise ValueError(_("Silent-writing texts are used one by one: pick a text and turn it into something."))

    def _record_check_in_confidence(self, collection: Collection, median: float) -> str:
        """The room's median becomes the key result's confidence at this check-in; a value, note or blockers
        already typed for it stay, and its status is worked out again."""
        sheet = self.session.check_ins
        if not any(kr.id == collection.target for _objective, kr in sheet.key_results()):
            raise ValueError(_("That key result is not in force for this check-in any more."))
        entry = sheet.entry(collection.target)
        sheet.record(collection.target, value=entry.value if entry else None, confidence=median,
                     note=entry.note if entry else "",
                     blockers=[(b.text, b.owner) for b in entry.blockers] if entry else [])
        collection.used = "confidence"
        self._save()
        return "check-in"

    def use_text(self, text_id: str, use: str) -> str:
        """A written text becomes a draft objective, a parking-lot point or an objection; returns what it made."""
        if use not in TEXT_USES:
            raise ValueError(f"a text becomes one of: {', '.join(TEXT_USES)}")
        collection, text = self.find_text(text_id)
        if collection.status != "revealed":
            raise ValueError(_("Reveal the texts first: the room sees them together before any is used."))
        if text.hidden:
            raise ValueError(_("That text is hidden."))
        flat = " ".join(text.text.split())
        if use == "objective":
            from facilitator.core.okr import Objective

            board = self.session.board
            board.save_objective(Objective(id=board.new_objective_id(), title=flat[:OBJECTIVE_TITLE_MAX]))
        elif use == "parking":
            self.session.park(flat)
        else:
            step = self.step_of(collection)
            decision = self.session.state.decisions.get(step.parameter) if step and step.parameter else None
            consensus = decision.consensus if decision else None
            if not consensus:
                raise ValueError(_("Objections belong to a consensus check on this decision step: run one first."))
            heard = consensus.get("objections", "")
            consensus = {**consensus, "objections": f"{heard}; {flat}" if heard else flat}
            if consensus["method"] == "dot-voting":
                consensus["addressed"] = False  # a new objection is open until the coach marks it heard
            self.session.record_consensus(step.parameter, consensus)
        text.used_as = use
        self._save()
        return use

    # -- the phones' verbs ------------------------------------------------------------------------------
    def join(self, name: str = "", participant_id: str | None = None) -> Participant:
        """A phone joins (or, with its id, changes its display name). Refused when locked or full."""
        name = clean_name(name)
        if participant_id and (known := self.participant(participant_id)):
            if known.name != name:
                known.name = name
                self._save()
            return known
        if self.settings.locked:
            raise AnswerError(_("The room is locked: ask the facilitator to let you in."), 403)
        if self.joined() >= self.settings.cap:
            raise AnswerError(_("The room is full ({cap} people).").format(cap=self.settings.cap), 403)
        person = Participant(id=secrets.token_urlsafe(16), name=name, joined_at=self._now())
        self.settings.participants.append(person)
        self._save()
        return person

    def answer(self, participant_id: str, collection_id: str, form: Mapping[str, str]) -> Collection:
        """An answer from a phone to the question it was shown; a re-vote replaces the earlier one."""
        if self.participant(participant_id) is None:
            raise AnswerError(_("Join the room first."), 403)
        collection = self.active()
        if collection is None or collection.id != collection_id:
            raise AnswerError(_("That question is no longer open: reload the page for the current one."), 409)
        value = read_answer(collection, form, self.options_of(collection))
        if collection.kind == "writing":
            if len(self.texts_by(participant_id, collection.step)) >= TEXTS_PER_PERSON:
                raise AnswerError(_("You have written {most} texts on this step, the most it takes.").format(
                    most=TEXTS_PER_PERSON), 409)
            n = len(collection.texts) + 1
            collection.texts.append(Text(id=f"{collection.id}-t{n}", text=value, by=participant_id,
                                         at=self._now()))
        else:
            collection.answers[participant_id] = value
        self._maybe_auto_close(collection)
        self._save()
        return collection

    def withdraw_text(self, participant_id: str, text_id: str) -> None:
        """A writer takes back their own text while the question still collects."""
        try:
            collection, text = self.find_text(text_id)
        except ValueError:
            raise AnswerError(_("That text is not there any more."), 409) from None
        if text.by != participant_id:
            raise AnswerError(_("That text is not yours."), 403)
        if collection.status != "collecting":
            raise AnswerError(_("This question is closed: texts can no longer be taken back."), 409)
        collection.texts.remove(text)
        self._save()

    # -- internals --------------------------------------------------------------------------------------
    def _maybe_auto_close(self, collection: Collection) -> None:
        joined = {p.id for p in self.settings.participants}
        if collection.auto_close and collection.status == "collecting" and joined and joined <= collection.answered():
            collection.status, collection.closed_at = "closed", self._now()


    def find_text(self, text_id: str) -> tuple[Collection, Text]:
        for collection in self.collections:
            for text in collection.texts:
                if text.id == text_id:
                    return collection, text
        raise ValueError(f"no text '{text_id}'")

    def _next_id(self) -> str:
        taken = {c.id for c in self.collections}
        n = len(self.collections) + 1
        while f"c{n}" in taken:
            n += 1
        return f"c{n}"

    def _now(self) -> str:
        return iso(self.session.now())

    def _save(self) -> None:
        self.session.save_now()
