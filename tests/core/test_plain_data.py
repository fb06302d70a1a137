"""`plain` is `dataclasses.asdict` taken the short way: the same result, never sharing a mutable part."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import asdict, dataclass, field
from enum import IntEnum

from hypothesis import given
from hypothesis import strategies as st

from facilitator.core import catalog
from facilitator.core.okr import KeyResult, Objective, RoomRules
from facilitator.core.plain_data import plain
from facilitator.core.records import Action, Decision, ParkingItem, SessionState
from facilitator.core.session import Session
from tests.conftest import MemoryStore

Pair = namedtuple("Pair", "left right")


class Level(IntEnum):
    LOW = 1


@dataclass
class Leaf:
    name: str
    numbers: list[float] = field(default_factory=list)


@dataclass
class Odd:
    pair: Pair
    levels: frozenset[str]
    nested: tuple[Leaf, ...]
    level: Level
    by_key: dict[int, Leaf]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=20,
)


def filled_state() -> SessionState:
    workshop, ref = catalog.resolve("okr-drafting")
    session = Session.start(workshop, MemoryStore(), workshop_ref=ref, organization="Acme", team="Platform")
    state = session.state
    state.objectives = [
        Objective(
            "o1",
            "Win the market",
            key_results=[KeyResult("kr1", "Raise activation", start=30, target=45, unit="%", owner="Kim")],
        ).to_dict()
    ]
    state.actions = [Action("a1", "Set up tracking", owner="Kim", due="2026-12-31")]
    state.parking_lot = [ParkingItem("p1", "Pricing", resolution="carried")]
    state.decisions["cycle"] = Decision(
        "cycle",
        "cycle",
        status="decided",
        choice="quarter",
        consensus={"method": "fist-of-five", "votes": [3, 4]},
        values={"cycle_months": 3},
    )
    state.log = [{"at": state.started_at, "event": "start", "elapsed": 1.5}]
    return state


def test_a_session_state_is_what_asdict_gives_and_shares_nothing_mutable():
    state = filled_state()
    made = plain(state)
    assert made == asdict(state)
    assert state.to_dict() == asdict(state)
    made["objectives"][0]["key_results"][0]["text"] = "changed"
    made["decisions"]["cycle"]["consensus"]["votes"].append(5)
    assert state.objectives[0]["key_results"][0]["text"] == "Raise activation"
    assert state.decisions["cycle"].consensus["votes"] == [3, 4]


def test_drafts_and_rules_are_what_asdict_gives():
    objective = Objective("o1", "Win", key_results=[KeyResult("kr1", "Raise it", start=1, target=2)])
    assert objective.to_dict() == asdict(objective)
    rules = RoomRules()
    assert plain(rules) == asdict(rules)


def test_what_session_records_never_hold_is_still_copied_as_asdict_copies_it():
    odd = Odd(Pair([1], Leaf("a")), frozenset({"x"}), (Leaf("b", [1.0]),), Level.LOW, {1: Leaf("c")})
    made = plain(odd)
    assert made == asdict(odd)
    assert type(made["pair"]) is Pair and type(made["nested"]) is tuple and type(made["level"]) is Level
    made["pair"].left.append(2)
    assert odd.pair.left == [1]


@given(JSON)
def test_any_stored_value_is_copied_as_asdict_copies_it(value):
    holder = Leaf("x", [value])
    made = plain(holder)
    assert made == asdict(holder)
    assert repr(made) == repr(asdict(holder))  # the same types all the way down (1 and 1.0 and True differ)
