"""The room's phones as a section of the room view (`RoomView.sections["phones"]`): the join link while the
coach's room is open, how many joined and answered while a question collects (never the values), and the
revealed result. Built from the saved session alone, so a room screen in another process shows the same.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from facilitator.core.collection import Collection, describe_result, kind_label, result, shown_number
from facilitator.core.room_view import RoomSource, clean, room_section


@dataclass(frozen=True)
class RoomQuestion:
    kind: str  # "Fist of five", in the language of the screen that built the view
    about: str  # the step's title, or the key result's text
    status: str  # collecting | closed | revealed
    answered: int
    summary: str = ""  # once revealed: "7 people, average 3.1, 2 at 2 or less"
    bars: tuple[tuple[str, int], ...] = ()  # once revealed: (label, count) for the histogram
    texts: tuple[str, ...] = ()  # once revealed: silent-writing texts, shuffled, without ids


@dataclass(frozen=True)
class RoomPhones:
    join_url: str  # "" when the room is closed to phones
    joined: int
    question: RoomQuestion | None


@room_section("phones")
def phones_section(source: RoomSource) -> RoomPhones | None:
    state = source.state
    settings = state.phones
    join_url = settings.join_url if source.coach_live else ""
    active = state.collections[-1] if state.collections else None
    if not join_url and active is None:
        return None
    question = _question(source, active) if active is not None else None
    return RoomPhones(join_url=join_url, joined=len(settings.participants), question=question)


def _question(source: RoomSource, collection: Collection) -> RoomQuestion:
    state, workshop = source.state, source.workshop
    step = workshop.step(collection.step)
    known = {p.id for p in state.phones.participants}
    about = collection.target_text if collection.kind == "confidence" else (step.title if step else "")
    question = RoomQuestion(kind=kind_label(collection.kind), about=clean(about), status=collection.status,
                            answered=len(collection.answered() & known))
    if collection.status != "revealed":
        return question
    labels = {o.id: o.label for o in step.options} if step else {}
    res = result(collection, seed=state.id)
    if collection.kind == "fist-of-five":
        bars = tuple(res["counts"].items())
    elif collection.kind == "confidence":
        # from the lowest value given to the highest: the spread is what the room looks at, and eleven rows of
        # a 0-1 scale (or a percent scale's) would push it off a small screen
        counts = list(res["counts"].items())
        given = [i for i, (_value, n) in enumerate(counts) if n]
        bars = tuple((shown_number(float(v)), n) for v, n in counts[given[0]:given[-1] + 1]) if given else ()
    elif collection.kind == "dot-voting":
        bars = tuple((clean(labels.get(o, o)), res["votes"].get(o, 0)) for o in labels)
    else:
        bars = ()
    texts = tuple(clean(t) for t in res.get("texts", ()))
    return replace(question, summary=clean(describe_result(res, labels)), bars=bars, texts=texts)
