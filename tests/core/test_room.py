"""The room's phones as session logic: joining, collecting, revealing, and using what the room said."""

from __future__ import annotations

import pytest

from facilitator.core.collection import TEXT_MAX, AnswerError, describe_result
from facilitator.core.okr import KeyResult, Objective
from facilitator.core.records import SessionState
from facilitator.core.session import Session
from facilitator.store import Store
from tests.conftest import MemoryStore


@pytest.fixture
def session(deployment, clock, wall):
    s = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", clock=clock, wall_clock=wall)
    s.go_to("cycle")
    return s


def people(session, n):
    return [session.phones.join(f"P{i}").id for i in range(n)]


def test_a_fist_of_five_goes_collecting_closed_revealed_and_shows_counts_only_at_the_end(session):
    room = session.phones
    a, b, c = people(session, 3)
    q = room.open("fist-of-five")
    room.answer(a, q.id, {"score": "4"})
    room.answer(b, q.id, {"score": "1"})
    room.answer(b, q.id, {"score": "2"})  # a re-vote replaces the earlier one
    assert room.progress() == (3, 2)
    room.close()
    with pytest.raises(AnswerError) as closed:
        room.answer(c, q.id, {"score": "5"})
    assert closed.value.status == 409
    room.reveal()
    res = room.result(q)
    assert res["counts"]["4"] == 1 and res["counts"]["2"] == 1 and res["counts"]["1"] == 0
    assert res["low"] == 1 and res["people"] == 2
    assert "1 at 2 or less" in describe_result(res)
    assert session.store.saved[-1]["collections"][0]["status"] == "revealed"


@pytest.mark.parametrize("form", [{}, {"score": "6"}, {"score": "-1"}, {"score": "2.5"}, {"score": "four"}])
def test_out_of_range_scores_are_refused_and_nothing_is_saved(session, form):
    (a,) = people(session, 1)
    q = session.phones.open("fist-of-five")
    saves = len(session.store.saved)
    with pytest.raises(AnswerError):
        session.phones.answer(a, q.id, form)
    assert len(session.store.saved) == saves and q.answers == {}


def test_dot_votes_use_the_workshops_dots_and_refuse_unknown_options_and_overspending(session):
    room = session.phones
    a, b = people(session, 2)
    q = room.open("dot-voting")
    assert q.dots == 3
    options = [o.id for o in session.current.options]
    with pytest.raises(AnswerError, match="not on this vote"):
        room.answer(a, q.id, {"dot-monthly-ish": "1"})
    with pytest.raises(AnswerError, match="3 dots and placed 4"):
        room.answer(a, q.id, {f"dot-{options[0]}": "4"})
    with pytest.raises(AnswerError, match="at least one"):
        room.answer(a, q.id, {f"dot-{options[0]}": "0"})
    room.answer(a, q.id, {f"dot-{options[0]}": "2", f"dot-{options[1]}": "1"})
    room.answer(b, q.id, {f"dot-{options[0]}": "3"})
    room.reveal()
    res = room.result(q)
    assert res["votes"] == {options[0]: 5, options[1]: 1} and res["leader"] == options[0]
    assert room.use_result() == "consensus"
    consensus = session.state.decisions["cycle"].consensus
    assert consensus["method"] == "dot-voting" and consensus["leader"] == options[0]
    assert consensus["source"] == "phones"


def test_a_revealed_low_score_opens_the_objections_round_like_a_hand_entered_one(session):
    room = session.phones
    a, b = people(session, 2)
    q = room.open("fist-of-five")
    room.answer(a, q.id, {"score": "5"})
    room.answer(b, q.id, {"score": "1"})
    with pytest.raises(ValueError, match="Reveal"):
        room.use_result()
    room.reveal()
    room.use_result()
    consensus = session.state.decisions["cycle"].consensus
    assert consensus["low"] == 1 and not consensus["agreed"]
    assert session.readiness() and "objections" in session.readiness()[-1]


def test_auto_close_closes_once_everyone_who_joined_has_answered(session):
    room = session.phones
    a, b = people(session, 2)
    q = room.open("fist-of-five", auto_close=True)
    room.answer(a, q.id, {"score": "3"})
    assert q.status == "collecting"
    room.answer(b, q.id, {"score": "4"})
    assert q.status == "closed"


def test_the_room_can_be_locked_and_capped(session):
    room = session.phones
    room.set_cap(2)
    people(session, 2)
    with pytest.raises(AnswerError, match="full"):
        room.join("late")
    room.set_cap(10)
    room.set_locked(True)
    with pytest.raises(AnswerError, match="locked") as locked:
        room.join("late")
    assert locked.value.status == 403
    with pytest.raises(ValueError):
        room.set_cap(0)


def test_silent_writing_takes_five_texts_per_person_per_step_and_reveals_them_shuffled_without_ids(session):
    room = session.phones
    a, b = people(session, 2)
    q = room.open("writing")
    for i in range(5):
        room.answer(a, q.id, {"text": f"idea {i}"})
    with pytest.raises(AnswerError, match="5 texts"):
        room.answer(a, q.id, {"text": "one more"})
    second = room.open("writing")  # the limit is per step, not per question
    with pytest.raises(AnswerError, match="5 texts"):
        room.answer(a, second.id, {"text": "one more"})
    room.answer(b, second.id, {"text": "<script>alert(1)</script>"})
    room.answer(b, second.id, {"text": "rude words"})
    room.hide_text(second.texts[1].id)
    room.reveal()
    res = room.result(second)
    assert res["texts"] == ["<script>alert(1)</script>"] and res["hidden"] == 1
    assert room.result(second) == res  # the same order on every screen and every poll
    with pytest.raises(ValueError, match="before the reveal"):
        room.hide_text(second.texts[0].id, hidden=False)


@pytest.mark.parametrize("text, why", [("", "Write something"), ("x" * (TEXT_MAX + 1), "500 characters"),
                                       ("bad\x00byte", "control characters"), ("\x1b[31mred", "control"),
                                       ("evil \u202e txet", "control")])
def test_oversize_empty_and_binary_texts_are_refused(session, text, why):
    (a,) = people(session, 1)
    q = session.phones.open("writing")
    with pytest.raises(AnswerError, match=why):
        session.phones.answer(a, q.id, {"text": text})
    assert q.texts == []


def test_texts_become_objectives_parking_points_and_objections(session):
    room = session.phones
    a, b = people(session, 2)
    vote = room.open("fist-of-five")
    room.answer(a, vote.id, {"score": "2"})
    room.reveal()
    room.use_result()
    q = room.open("writing")
    for text in ("Delight new customers", "Who owns the wiki?", "Quarters are too short"):
        room.answer(b, q.id, {"text": text})
    with pytest.raises(ValueError, match="Reveal"):
        room.use_text(q.texts[0].id, "objective")
    room.reveal()
    room.use_text(q.texts[0].id, "objective")
    room.use_text(q.texts[1].id, "parking")
    room.use_text(q.texts[2].id, "objection")
    assert session.board.objectives()[-1].title == "Delight new customers"
    assert session.state.parking_lot[-1].text == "Who owns the wiki?"
    assert session.state.decisions["cycle"].consensus["objections"] == "Quarters are too short"
    assert [t.used_as for t in q.texts] == ["objective", "parking", "objection"]


def test_a_confidence_vote_is_on_the_rooms_scale_and_sets_the_key_results_confidence(session):
    board = session.board
    board.save_objective(Objective("o1", "Delight customers",
                                   key_results=[KeyResult("kr1", "NPS from 20 to 40", start=20, target=40)]))
    room = session.phones
    a, b, c = people(session, 3)
    with pytest.raises(ValueError, match="key result"):
        room.open("confidence", target="nope")
    q = room.open("confidence", target="kr1")
    with pytest.raises(AnswerError):
        room.answer(a, q.id, {"value": "1.5"})
    for who, value in ((a, "0.3"), (b, "0.7"), (c, "0.5")):
        room.answer(who, q.id, {"value": value})
    room.reveal()
    res = room.result(q)
    assert (res["min"], res["median"], res["max"]) == (0.3, 0.5, 0.7)
    room.use_result()
    assert board.objective("o1").key_results[0].confidence == 0.5


def test_an_answer_for_an_old_question_or_from_a_stranger_is_refused(session):
    room = session.phones
    (a,) = people(session, 1)
    old = room.open("fist-of-five")
    room.open("writing")
    with pytest.raises(AnswerError, match="no longer open"):
        room.answer(a, old.id, {"score": "3"})
    assert old.status == "closed"  # opening a new question closed the one still collecting
    with pytest.raises(AnswerError, match="Join"):
        room.answer("someone-else", old.id, {"score": "3"})


def test_answers_survive_a_restart(tmp_path, deployment, clock, wall):
    with Store(tmp_path / "db.json") as store:
        session = Session.start(deployment, store, workshop_ref="deployment-parameters", clock=clock)
        (a,) = [session.phones.join("Ana").id]
        q = session.phones.open("fist-of-five")
        session.phones.answer(a, q.id, {"score": "4"})
        session_id = session.state.id
    with Store(tmp_path / "db.json") as store:
        state = SessionState.from_dict(store.load_session(session_id))
    again = Session(deployment, state, MemoryStore())
    assert again.phones.active().answers == {a: 4}
    assert again.phones.participant(a).name == "Ana"


def test_the_export_carries_counts_and_texts_never_ids_or_names(session):
    from facilitator.core.export import export_document, schema_problems, to_yaml

    room = session.phones
    a, b = room.join("Ana Secretname").id, room.join("Bo Hiddenname").id
    vote = room.open("fist-of-five")
    room.answer(a, vote.id, {"score": "4"})
    room.answer(b, vote.id, {"score": "2"})
    room.reveal()
    room.use_result()
    dots = room.open("dot-voting")
    room.answer(a, dots.id, {f"dot-{session.current.options[0].id}": "3"})
    writing = room.open("writing")
    room.answer(b, writing.id, {"text": "A bold idea"})
    room.answer(b, writing.id, {"text": "hide me"})
    room.close()
    room.hide_text(writing.texts[1].id)
    document = export_document(session)
    assert schema_problems(document) == []
    text = to_yaml(document)
    for private in (a, b, "Secretname", "Hiddenname"):
        assert private not in text
    section = document["room"]
    assert section["joined"] == 2
    first, second, third = section["questions"]
    assert first["counts"]["4"] == 1 and first["answered"] == 2 and first["used"] == "consensus"
    assert second["votes"] == {session.current.options[0].id: 3} and second["status"] == "closed"
    assert sorted((t["text"], t["hidden"]) for t in third["texts"]) == [("A bold idea", False), ("hide me", True)]
    assert document["parameters"]["cycle"]["consensus"]["source"] == "phones"


def test_a_session_without_phones_exports_no_room(session):
    from facilitator.core.export import export_document

    assert "room" not in export_document(session)


def test_the_room_view_shows_the_join_link_counts_while_collecting_and_the_reveal(session):
    from facilitator.core.room_view import RoomSource, build

    def phones(live: bool = True):
        return build(RoomSource(session.workshop, session.state, now=0.0, coach_live=live)).sections.get("phones")

    assert phones() is None  # no room, nothing asked: the room screen shows nothing of phones
    room = session.phones
    room.set_join_url("http://192.168.1.20:8765/j/abc")
    a, b = people(session, 2)
    q = room.open("fist-of-five")
    room.answer(a, q.id, {"score": "1"})
    shown = phones()
    assert shown.join_url.endswith("/j/abc") and shown.joined == 2
    assert shown.question.answered == 1 and shown.question.status == "collecting"
    assert shown.question.bars == () and shown.question.summary == ""  # no values before the reveal
    assert phones(live=False).join_url == ""  # a closed coach instance serves no phones
    room.answer(b, q.id, {"score": "5"})
    room.reveal()
    shown = phones()
    assert dict(shown.question.bars)["1"] == 1 and "1 at 2 or less" in shown.question.summary
    assert a not in repr(shown) and "P0" not in repr(shown)


def _answered_room(session):
    """Every kind of question, answered: fist of five used, dots closed, confidence revealed, texts hidden and used."""
    room = session.phones
    people = [room.join(f"P{i}").id for i in range(6)]
    vote = room.open("fist-of-five")
    for person, score in zip(people, "452214", strict=True):
        room.answer(person, vote.id, {"score": score})
    room.reveal()
    room.use_result()
    dots = room.open("dot-voting")
    first, second = (o.id for o in session.current.options[:2])
    room.answer(people[0], dots.id, {f"dot-{first}": "2", f"dot-{second}": "1"})
    room.answer(people[1], dots.id, {f"dot-{first}": "3"})
    room.close()
    session.board.save_objective(Objective("o1", "Customers love onboarding", key_results=[
        KeyResult("kr1", "Activation from 30% to 45%", start=30, target=45, unit="%")]))
    confidence = room.open("confidence", target="kr1")
    for person, value in zip(people, ("0.7", "0.4", "0.7"), strict=False):
        room.answer(person, confidence.id, {"value": value})
    room.reveal()
    writing = room.open("writing")
    for n, person in enumerate(people[:4]):
        room.answer(person, writing.id, {"text": f"Idea {n}: <b>bold</b> [i]x[/i]"})
    room.answer(people[0], writing.id, {"text": "A second idea"})
    room.close()
    room.hide_text(writing.texts[2].id)
    room.reveal()
    room.use_text(writing.texts[0].id, "parking")
    return people


def test_the_room_s_questions_survive_export_and_import_and_export_again(session, deployment):
    from facilitator.core.export import export_document, to_yaml
    from facilitator.core.importer import import_document

    people = _answered_room(session)
    original = export_document(session)
    state = SessionState.from_dict(import_document(to_yaml(original), existing_ids=set()))
    imported = Session(deployment, state, MemoryStore())
    assert export_document(imported)["room"] == original["room"]
    assert to_yaml(export_document(imported)) == to_yaml(original)
    assert not {p.id for p in state.phones.participants} & set(people), "stand-ins, never the phones' ids"
    assert all(len(p.id) >= 22 and not p.name for p in state.phones.participants), "unguessable, nameless"
    revealed = imported.phones.result(state.collections[2])
    assert revealed["median"] == 0.7 and state.collections[2].target_text == "Activation from 30% to 45%"
    assert all(sum(b.values()) <= 3 for b in state.collections[1].answers.values()), "each within their dots"


@pytest.mark.parametrize("edit, problem", [
    (lambda q: q[0].update(step="no-such-step"), "room/questions/0/step: 'no-such-step' is not a step"),
    (lambda q: q[0]["counts"].update({"4": 9}), "room/questions/0/counts: 13 people in the counts"),
    (lambda q: q[0].update(answered=60), "room/questions/0/answered: 60 answered but only 6 joined"),
    (lambda q: q[1]["votes"].update({"nope": 1}), "room/questions/1/votes: 'nope' is not an option"),
    (lambda q: q[1]["votes"].update({next(iter(q[1]["votes"])): 40}), "room/questions/1/votes: 41 dots from 2"),
    (lambda q: q[2].update(key_result="kr9"), "room/questions/2/key_result: 'kr9' is not a key result"),
    (lambda q: q[2]["counts"].update({"0.75": 1}), "room/questions/2/counts: '0.75' is not a value"),
    (lambda q: q[3].update(answered=6), "room/questions/3/answered: 6 people cannot have written 5 texts"),
    (lambda q: q[1].update(id=q[0]["id"]), "room/questions/1/id: 'c1' is listed twice"),
])
def test_a_room_section_that_does_not_add_up_is_refused_with_where(session, edit, problem):
    from facilitator.core.export import export_document, to_yaml
    from facilitator.core.importer import ImportProblem, import_document

    _answered_room(session)
    document = export_document(session)
    edit(document["room"]["questions"])
    with pytest.raises(ImportProblem) as refused:
        import_document(to_yaml(document), existing_ids=set())
    assert problem in str(refused.value)


def test_confidence_choices_are_the_numbers_people_say_on_each_scale():
    from facilitator.core.collection import confidence_choices

    assert [v for v, _ in confidence_choices({"name": "0-1", "min": 0, "max": 1})][:3] == ["0", "0.1", "0.2"]
    assert [v for v, _ in confidence_choices({"name": "1-10", "min": 1, "max": 10})] == [str(n) for n in range(1, 11)]
    assert [v for v, _ in confidence_choices({"name": "percent", "min": 0, "max": 100})][-2:] == ["90", "100"]
    assert [label for _, label in confidence_choices({"name": "traffic-light", "min": 0, "max": 2})][0] == "0 off track"


def test_a_confidence_vote_is_on_the_room_s_confidence_scale_not_its_scoring_scale(session):
    session.record_decision("scoring", choice="decimal-with-confidence", decision="0-1, confidence 1-10",
                            values={"scale": {"name": "0-1", "min": 0, "max": 1}, "confidence": {"min": 1, "max": 10}})
    session.board.save_objective(Objective("o1", "Delight customers",
                                           key_results=[KeyResult("kr1", "NPS from 20 to 40", start=20, target=40)]))
    (a,) = people(session, 1)
    question = session.phones.open("confidence", target="kr1")
    assert (question.scale["min"], question.scale["max"]) == (1, 10)
    session.phones.answer(a, question.id, {"value": "7"})
    session.phones.reveal()
    session.phones.use_result()
    assert session.board.objective("o1").key_results[0].confidence == 7


@pytest.fixture
def check_in(clock, wall):
    from facilitator.core import catalog
    from facilitator.core.checkin_sheet import link_record

    workshop, ref = catalog.resolve("check-in")
    s = Session.start(workshop, MemoryStore(), workshop_ref=ref, organization="Acme", team="Platform", clock=clock,
                      wall_clock=wall)
    objectives = [Objective("o1", "Delight every first-time customer", level="team", key_results=[
        KeyResult("kr1", "Raise week-1 activation", start=32, target=45, unit="%", owner="Ana"),
        KeyResult("kr2", "Cut onboarding tickets per week", start=120, target=60, owner="Bo")]).to_dict()]
    s.state.check_in = link_record(source_id="20261001-aaaaaa", source_kind="okr-drafting",
                                   source_started="2026-10-01T09:00:00Z", objectives=objectives,
                                   cycle_text="Quarterly, 2026-10-01 to 2026-12-31", history=[], open_actions=[])
    s.go_to("round")
    return s


def test_during_a_check_in_the_room_votes_confidence_in_a_key_result_in_force(check_in):
    room = check_in.phones
    sheet = check_in.check_ins
    sheet.record("kr1", value=38, confidence=None, note="Pilot went live", blockers=[("No data access", "Bo")])
    assert room.checking_in and [kr.id for _, kr in room.key_results()] == ["kr1", "kr2"]
    with pytest.raises(ValueError, match="key result of the check-in"):
        room.open("confidence", target="kr9")
    a, b, c = people(check_in, 3)
    question = room.open("confidence", target="kr1")
    assert question.target_text == "Raise week-1 activation"
    for who, value in ((a, "0.2"), (b, "0.4"), (c, "0.9")):
        room.answer(who, question.id, {"value": value})
    assert sheet.entry("kr1").confidence is None, "nothing reaches the check-in before the reveal"
    room.reveal()
    assert room.use_result() == "check-in"
    entry = sheet.entry("kr1")
    assert entry.confidence == 0.4 and entry.value == 38, "the room's median, the value typed before kept"
    assert entry.note == "Pilot went live" and entry.blockers[0].text == "No data access"
    assert entry.status in ("at-risk", "off-track"), "the status follows the room's confidence"
    assert check_in.store.saved[-1]["check_in"]["entries"]["kr1"]["confidence"] == 0.4, "saved"
    room.open("confidence", target="kr2")  # a key result nobody checked in yet
    room.answer(a, room.active().id, {"value": "0.8"})
    room.reveal()
    room.use_result()
    assert sheet.entry("kr2").confidence == 0.8 and sheet.entry("kr2").value is None
