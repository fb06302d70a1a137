"""Importing an export: an exact round trip, and clear refusals of anything that cannot be trusted or mapped."""

from __future__ import annotations

import copy
import json
import time

import pytest
import yaml

from facilitator.core import catalog
from facilitator.core.consensus import dot_voting, fist_of_five
from facilitator.core.export import export_document, schema_problems, to_yaml
from facilitator.core.importer import ImportProblem, import_document
from facilitator.core.located_yaml import MAX_BYTES
from facilitator.core.okr import KeyResult, Objective
from facilitator.core.parameters import PARAMETER_IDS
from facilitator.core.records import SessionState, summarize
from facilitator.core.session import Session
from tests.conftest import MemoryStore

# the room's own words where it wrote them; None means "take the option's label"
DECISIONS = {
    "level": ("company-and-pilots", "", "Learn with teams that want it, before rolling out."),
    "number": ("two-by-three", "At most 2 objectives, 2-3 key results each", "Focus: we overcommit every year."),
    "scoring": ("decimal-with-confidence", "", "Same scale as Google's, easy to explain"),
    "cycle": (None, "Quarterly, aligned with the fiscal year: Q1 starts 1 February", "Budget talks \"drive\" it,\n"
                                                                                      "not the calendar"),
    "kr-types": ("metrics-baselines-few-milestones", "", "Milestones only when nothing can be measured yet"),
    "tracking": ("shared-spreadsheet", "", "Everyone has it, nobody needs training"),
    "performance-reviews": ("decoupled", "", "Keep stretch goals safe: no pay, no ratings"),
    "alignment": ("contributes-to-links", "", "Teams say which company objective they serve"),
    "bottom-up": ("mostly-bottom-up", "Teams propose ~60 %, leadership fills gaps", "Ownership, Équipe 目標 style"),
}


def build_full_session(workshop, clock, wall) -> Session:
    """Every part of a session filled: 9 decisions and a parked one, actions, every parking status, drafts,
    a dismissed finding, time on most steps, steps done after the current one and steps still pending."""
    session = Session.start(workshop, MemoryStore(), workshop_ref="deployment-parameters", organization="Acme, Inc.",
                            team="Équipe 目標", facilitator="Kim \"the coach\" Ng", clock=clock, wall_clock=wall)
    session.toggle_timer()
    while session.current.id != "review-decisions":
        step = session.current
        clock.advance(137.4)
        wall.advance(140)
        if step.id == "ground-rules":
            session.extend(5)  # minutes the room added: exported as extended_minutes
        if step.parameter in DECISIONS:
            choice, decision, rationale = DECISIONS[step.parameter]
            session.record_decision(step.parameter, choice=choice, decision=decision, rationale=rationale,
                                    owner="Kim" if step.parameter != "tracking" else "")
        if step.parameter == "level":
            session.record_consensus("level", fist_of_five({4: 5, 2: 1}, objections="Pilots feel unfair",
                                                           addressed=True))
        if step.parameter == "scoring":
            session.record_consensus("scoring", dot_voting({"decimal-with-confidence": 4, "percent-monthly": 2},
                                                           [o.id for o in step.options]))
        if step.parameter == "kpis":
            session.record_decision("kpis", choice=None, decision="Keep KPIs on the dashboard for now",
                                    rationale="Needs the finance team in the room", owner="Ana", status="parked")
        if step.id == "cycle":
            session.park("Align the cycle with the budget calendar, | pipes | and \"quotes\"")
            session.park("Who pays for the OKR tool?")
        if step.id == "tracking":
            session.park("Do interns write OKRs?")
            session.park("Rename the 'pilot' teams,\nmaybe")
            session.add_action("Set up the shared OKR sheet", owner="Bo", due="2026-12-15")
            session.add_action("Book the drafting workshop, 2 hours", owner="", due="")
        session.next_step()
    wall.advance(60)
    session.resolve_parked("p1", "carried", "First item next time")
    session.resolve_parked("p2", "action", owner="Kim", due="2026-12-01")
    session.resolve_parked("p3", "resolved", "Not this cycle")
    session.add_action("Send the decisions to the whole company", owner="Kim", due="2026-11-30")

    board = session.board
    board.save_objective(Objective("o1", "Delight first-time customers", why_now="Churn doubled, 2025 → 2026",
                                   level="company", origin="leadership"))
    board.save_key_result("o1", KeyResult("kr1", "Launch the new onboarding flow", type="metric", owner="Ana"))
    board.save_key_result("o1", KeyResult("kr2", "Raise 30-day retention", start=40, target=60, unit="%",
                                          direction="increase", owner="Bo", confidence=0.6))
    board.save_objective(Objective("o2", "Make support a joy, \"really\"", level="team", team="Support",
                                   contributes_to="o1", committed=False))
    board.save_key_result("o2", KeyResult("kr3", "Cut first reply time", type="baseline", start=9.5, target=2.25,
                                          unit="hours", direction="decrease", owner="Cleo", confidence=0.3,
                                          aspirational=True))
    board.save_key_result("o2", KeyResult("kr4", "Self-service help centre live", type="milestone",
                                          due="2027-01-31", owner="Dan, Eve"))
    wall.advance(30)
    board.dismiss("kr-task-like", "kr1", "The room agreed it is a stepping stone this cycle")

    clock.advance(12.6)
    session.go_to("kpis")  # back to an earlier step: later ones stay done, the last ones are still pending
    clock.advance(45.2)
    session.toggle_timer()
    return session


@pytest.fixture
def full(deployment, clock, wall) -> Session:
    return build_full_session(deployment, clock, wall)


def _round_trip(document: dict, workshop) -> dict:
    state = import_document(to_yaml(document), existing_ids={"20250101-000000"})
    json.dumps(state)  # what the store writes must be plain JSON
    return export_document(Session(workshop, SessionState.from_dict(state), MemoryStore()))


def test_the_fixture_fills_every_part_of_the_export(full):
    document = export_document(full)
    assert schema_problems(document) == []
    statuses = {p: d["status"] for p, d in document["parameters"].items()}
    assert list(statuses) == list(PARAMETER_IDS)
    assert "open" not in statuses.values() and list(statuses.values()).count("parked") == 1
    assert {p["status"] for p in document["parking_lot"]} == {"open", "resolved", "action", "carried"}
    assert {a["status"] for a in document["agenda"]} == {"done", "current", "pending"}
    assert any(row["actual_seconds"] for row in document["agenda"])
    assert len(document["actions"]) == 4 and any(a["due"] is None for a in document["actions"])
    assert document["okrs"]["findings"] and document["okrs"]["dismissed"]
    assert {(d.get("consensus") or {}).get("method") for d in document["parameters"].values()} == {
        None, "fist-of-five", "dot-voting"}
    assert sum(len(o["key_results"]) for o in document["okrs"]["objectives"]) == 4
    assert {row["step"]: row["extended_minutes"] for row in document["agenda"] if row["extended_minutes"]} == {
        "ground-rules": 5}


def test_a_full_session_survives_export_and_import_exactly(full, deployment):
    original = export_document(full)
    text = to_yaml(original)
    state = import_document(text, existing_ids=set())
    store = MemoryStore()
    imported = Session(deployment, SessionState.from_dict(state), store)
    again = export_document(imported)
    assert again == original
    assert to_yaml(again) == text
    assert state["workshop_ref"] == "deployment-parameters"
    assert store.saved == [], "opening the imported session changes nothing, updated_at included"


def test_the_imported_state_is_what_the_store_keeps(full, deployment, store):
    original = export_document(full)
    state = import_document(to_yaml(original), existing_ids={s["id"] for s in store.list_sessions()})
    store.save_session(state, summarize(state))
    loaded = SessionState.from_dict(store.load_session(state["id"]))
    assert export_document(Session(deployment, loaded, MemoryStore())) == original
    row = store.list_sessions()[0]
    assert row["id"] == original["session"]["id"] and row["decided"] == 9 and row["workshop_ref"] == (
        "deployment-parameters")


def test_the_imported_state_maps_agenda_decisions_and_lists(full):
    state = import_document(to_yaml(export_document(full)), existing_ids=set())
    assert state["current_step"] == "kpis"
    assert state["decisions"]["level"]["step"] == "level"
    assert all(d["step"] == d["parameter"] for d in state["decisions"].values())
    assert state["steps"]["alignment"]["done"] and not state["steps"]["wrap-up"]["done"]
    assert state["steps"]["why-okrs"]["actual_seconds"] == round(full.state.steps["why-okrs"].actual_seconds)
    assert [p["resolution"] for p in state["parking_lot"]] == ["carried", "action", "resolved", ""]
    assert state["actions"][1]["due"] == ""
    assert state["dismissals"] == full.state.dismissals
    assert state["objectives"] == [o.to_dict() for o in full.board.objectives()]
    assert state["timer_running"] is False and state["log"] == [] and state["share_url"] == ""


def test_minutes_added_the_share_link_and_self_guided_mode_survive_the_round_trip(deployment, clock, wall):
    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", clock=clock,
                            wall_clock=wall, share_url="https://intranet.example/okr?team=blue&x=1",
                            self_guided=True)
    session.extend(3)
    session.extend(-1)
    document = export_document(session)
    assert document["session"]["share_url"] == "https://intranet.example/okr?team=blue&x=1"
    assert document["session"]["self_guided"] is True
    assert document["agenda"][0]["extended_minutes"] == 2
    state = import_document(to_yaml(document), existing_ids=set())
    assert state["share_url"] == "https://intranet.example/okr?team=blue&x=1" and state["self_guided"] is True
    imported = Session(deployment, SessionState.from_dict(state), MemoryStore())
    assert imported.planned_seconds(deployment.steps[0]) == deployment.steps[0].planned_seconds + 120
    assert export_document(imported) == document


def test_an_export_from_before_extensions_and_links_imports(full, deployment):
    document = export_document(full)
    for key in ("self_guided", "share_url"):
        del document["session"][key]
    for row in document["agenda"]:
        del row["extended_minutes"]
    assert schema_problems(document) == []
    state = import_document(to_yaml(document), existing_ids=set())
    assert state["share_url"] == "" and state["self_guided"] is False
    assert all(timing["extra_seconds"] == 0 for timing in state["steps"].values())


def test_a_fresh_session_round_trips(deployment, clock, wall):
    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", clock=clock,
                            wall_clock=wall)
    original = export_document(session)
    assert _round_trip(original, deployment) == original


def test_a_drafting_session_round_trips_without_inventing_decisions(clock, wall):
    drafting, _ = catalog.resolve("okr-drafting")
    session = Session.start(drafting, MemoryStore(), workshop_ref="okr-drafting", team="Support", clock=clock,
                            wall_clock=wall)
    session.state.inherited_from = "20261101-abcdef"
    session.board.save_objective(Objective("o1", "Make support a joy"))
    session.board.save_key_result("o1", KeyResult("kr1", "Cut first reply time", start=9, target=2, unit="h"))
    session.next_step()
    original = export_document(session)
    state = import_document(to_yaml(original), existing_ids=set())
    assert state["decisions"] == {}
    assert state["inherited_from"] == "20261101-abcdef"
    assert export_document(Session(drafting, SessionState.from_dict(state), MemoryStore())) == original


def test_findings_that_follow_inherited_decisions_survive_the_round_trip(clock, wall):
    drafting, _ = catalog.resolve("okr-drafting")
    session = Session.start(drafting, MemoryStore(), workshop_ref="okr-drafting", clock=clock, wall_clock=wall)
    session.state.inherited_from = "20261101-abcdef"
    session.state.inherited_decisions = {"kr-types": {"status": "decided", "choice": "metrics-only",
                                                      "decision": "Metrics only"}}
    session.board.save_objective(Objective("o1", "Make support a joy"))
    session.board.save_key_result("o1", KeyResult("kr1", "Help centre live", type="milestone", owner="Ana"))
    session.board.save_key_result("o1", KeyResult("kr2", "Cut first reply time", start=9, target=2, unit="h",
                                                  owner="Bo"))
    original = export_document(session)
    state = import_document(to_yaml(original), existing_ids=set())
    assert export_document(Session(drafting, SessionState.from_dict(state), MemoryStore())) == original


# -- refusals ---------------------------------------------------------------------------------------------
def _refused(text: str, *, existing_ids: frozenset[str] = frozenset()) -> str:
    with pytest.raises(ImportProblem) as caught:
        import_document(text, existing_ids=set(existing_ids))
    message = str(caught.value)
    assert message and "\n" not in message, "a refusal is one line"
    return message


def _edited(full: Session, edit) -> str:
    document = copy.deepcopy(export_document(full))
    edit(document)
    return to_yaml(document)


def test_invalid_yaml_is_refused_with_its_line(full):
    text = to_yaml(export_document(full)).replace("agenda:\n", "agenda: [\n", 1)
    message = _refused(text)
    assert message.startswith("line ") and "invalid YAML" in message


@pytest.mark.parametrize("text, expected", [
    ("", "empty"),
    ("- just\n- a list\n", "not a facilitator export"),
    ("session: {}\n", "format: missing"),
])
def test_what_is_not_an_export_is_refused(text, expected):
    assert expected in _refused(text)


def test_another_format_version_is_refused_before_anything_else(full):
    message = _refused(_edited(full, lambda d: d.update(format="facilitator/v2", session=None)))
    assert message.startswith("format: 'facilitator/v2' is not supported")


def test_missing_fields_are_refused_with_their_path(full):
    message = _refused(_edited(full, lambda d: d["session"].pop("team")))
    assert message.startswith("session: 'team' is a required property")
    message = _refused(_edited(full, lambda d: d["parameters"]["cycle"].pop("status")))
    assert message.startswith("parameters/cycle: 'status' is a required property")
    message = _refused(_edited(full, lambda d: d["okrs"].pop("objectives")))
    assert message.startswith("okrs: 'objectives' is a required property")


def test_wrong_values_are_refused_with_their_path(full):
    message = _refused(_edited(full, lambda d: d["parameters"]["cycle"].update(status="maybe")))
    assert message.startswith("parameters/cycle/status: 'maybe' is not one of")
    message = _refused(_edited(full, lambda d: d["session"].update(id="../../etc/passwd")))
    assert message.startswith("session/id:")


def test_several_schema_problems_name_the_first_and_count_the_rest(full):
    def edit(document):
        document["session"].pop("team")
        document["actions"][0]["due"] = "next week"

    message = _refused(_edited(full, edit))
    assert message.endswith("(and 1 more)")


def test_a_session_already_in_the_workspace_is_refused(full):
    session_id = full.state.id
    message = _refused(to_yaml(export_document(full)), existing_ids=frozenset({session_id}))
    assert message == f"session/id: session '{session_id}' is already in this workspace"


def _billion_laughs(levels: int = 10) -> str:
    lines = ['a0: &a0 "lol"']
    for i in range(1, levels):
        aliases = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{aliases}]")
    return "format: facilitator/v1\n" + "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_fast():
    started = time.perf_counter()
    message = _refused(_billion_laughs())
    assert time.perf_counter() - started < 0.5
    assert "anchors" in message and message.startswith("line 2,")


def test_a_single_harmless_alias_is_refused_too(full):
    text = to_yaml(export_document(full)).replace("organization: Acme, Inc.", "organization: &org Acme, Inc.")
    text = text.replace("facilitator: ", "facilitator: *org\nx: ", 1)
    assert "anchors" in _refused(text)


def test_a_file_over_the_size_cap_is_refused_fast():
    text = "format: facilitator/v1\n# " + "x" * MAX_BYTES + "\n"
    started = time.perf_counter()
    message = _refused(text)
    assert time.perf_counter() - started < 0.5
    assert "too large" in message and f"{MAX_BYTES:,}" in message


def test_duplicate_keys_are_refused(full):
    text = to_yaml(export_document(full)).replace("  team: ", "  team: Other\n  team: ", 1)
    message = _refused(text)
    assert "duplicate key 'team'" in message and message.startswith("line ")


@pytest.mark.parametrize("workshop_id", ["my-own-workshop", "workshops/deployment-parameters.yaml",
                                         "../../../etc/passwd"])
def test_a_workshop_that_is_not_built_in_is_refused(full, workshop_id):
    message = _refused(_edited(full, lambda d: d["session"]["workshop"].update(id=workshop_id)))
    assert message.startswith(f"session/workshop/id: '{workshop_id}' is not a built-in workshop")
    assert "deployment-parameters" in message


def test_agenda_steps_the_workshop_does_not_have_are_refused(full):
    message = _refused(_edited(full, lambda d: d["agenda"][3].update(step="levels-v2")))
    assert message.startswith("agenda/3/step: 'levels-v2' is not a step of built-in workshop "
                              "'deployment-parameters' version")


def test_a_step_that_now_decides_another_parameter_is_refused(full):
    message = _refused(_edited(full, lambda d: d["agenda"][3].update(parameter="number")))
    assert message.startswith("agenda/3/parameter: step 'level' decides 'level'")


def test_a_choice_the_workshop_no_longer_offers_is_refused(full):
    message = _refused(_edited(full, lambda d: d["parameters"]["level"].update(choice="everyone-at-once")))
    assert message.startswith("parameters/level/choice: 'everyone-at-once' is not an option of step 'level'")


def test_dot_votes_for_an_option_the_workshop_no_longer_offers_are_refused(full):
    def edit(document):
        document["parameters"]["scoring"]["consensus"]["votes"]["stars"] = 3

    message = _refused(_edited(full, edit))
    assert message.startswith("parameters/scoring/consensus/votes: 'stars' is not an option of step 'scoring'")


def test_an_export_from_before_consensus_checks_imports(full, deployment):
    document = copy.deepcopy(export_document(full))
    for record in document["parameters"].values():
        record.pop("consensus", None)
    state = import_document(to_yaml(document), existing_ids=set())
    assert all(d["consensus"] is None for d in state["decisions"].values())


def test_a_decision_the_workshop_has_no_step_for_is_refused(clock, wall):
    drafting, _ = catalog.resolve("okr-drafting")
    session = Session.start(drafting, MemoryStore(), workshop_ref="okr-drafting", clock=clock, wall_clock=wall)
    document = export_document(session)
    document["parameters"]["cycle"].update(status="decided", decision="Quarterly", decided_at="2026-11-26T09:00:00Z")
    assert _refused(to_yaml(document)).startswith("parameters/cycle: recorded as decided, but built-in workshop "
                                                  "'okr-drafting'")


def test_an_agenda_without_exactly_one_current_step_is_refused(full):
    def no_current(document):
        for row in document["agenda"]:
            if row["status"] == "current":
                row["status"] = "done"

    expected = "agenda: exactly one step must be current, or every step done (found current: {})"
    assert _refused(_edited(full, no_current)) == expected.format("none")
    message = _refused(_edited(full, lambda d: d["agenda"][0].update(status="current")))
    assert message == expected.format("why-okrs, kpis")


@pytest.mark.parametrize("where, edit", [
    ("agenda/1/step: 'why-okrs' is listed twice", lambda d: d["agenda"][1].update(step="why-okrs")),
    ("actions/1/id: 'a1' is used twice", lambda d: d["actions"][1].update(id="a1")),
    ("parking_lot/2/id: 'p1' is used twice", lambda d: d["parking_lot"][2].update(id="p1")),
    ("okrs/objectives/1/id: 'o1' is used twice", lambda d: d["okrs"]["objectives"][1].update(id="o1")),
    ("okrs/objectives/1/key_results/0/id: 'kr1' is used twice",
     lambda d: d["okrs"]["objectives"][1]["key_results"][0].update(id="kr1")),
])
def test_ids_used_twice_are_refused(full, where, edit):
    assert _refused(_edited(full, edit)).startswith(where)


def test_a_huge_value_does_not_make_a_huge_message(full):
    message = _refused(_edited(full, lambda d: d.update(format="v" * 100_000)))
    assert len(message) < 400


def test_unquoted_timestamps_written_by_hand_are_refused_with_their_path(full):
    text = to_yaml(export_document(full))
    started = yaml.safe_load(text)["session"]["started_at"]
    message = _refused(text.replace(f"started_at: '{started}'", f"started_at: {started}", 1))
    assert message.startswith("session/started_at:")


def test_names_with_control_characters_are_refused(full):
    document = export_document(full)
    document["session"]["organization"] = "Acme\x1b[31mRED"
    with pytest.raises(ImportProblem) as info:
        import_document(to_yaml(document), existing_ids=set())
    assert "session/organization" in str(info.value)


def test_a_completed_workshop_exports_as_completed_and_comes_back_so(deployment, clock, wall):
    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", clock=clock,
                            wall_clock=wall)
    session.toggle_timer()
    while not session.is_last:
        clock.advance(30)
        session.next_step()
    clock.advance(95)
    assert session.finish()
    assert session.progress() == (16, 16)
    document = export_document(session)
    assert {row["status"] for row in document["agenda"]} == {"done"}, "the last step too"
    assert document["agenda"][-1]["actual_seconds"] == 95
    state = SessionState.from_dict(import_document(to_yaml(document), existing_ids=set()))
    back = Session(deployment, state, MemoryStore())
    assert back.progress() == (16, 16) and back.complete and back.current.id == deployment.steps[-1].id
    assert export_document(back)["agenda"] == document["agenda"]


def test_the_room_s_numbers_survive_export_and_import(full, deployment):
    full.go_to("number")
    full.record_decision("number", choice="two-by-three", decision="2 objectives, 2-4 key results each",
                         rationale="focus", owner="Kim", values={"objectives": 2, "key_results": {"min": 2, "max": 4}})
    document = export_document(full)
    assert document["parameters"]["number"]["values"] == {"objectives": 2, "key_results": {"min": 2, "max": 4}}
    assert schema_problems(document) == []
    assert _round_trip(document, deployment) == document


def test_numbers_that_break_the_rules_are_refused_on_import(full):
    def bad(document):
        document["parameters"]["number"]["values"] = {"objectives": 2, "key_results": {"min": 5, "max": 2}}

    assert _refused(_edited(full, bad)).startswith("parameters/number/values: Key results per objective")


def test_a_step_the_room_went_back_to_keeps_its_done_mark_through_export_and_import(deployment, clock, wall):
    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", clock=clock,
                            wall_clock=wall)
    for _ in range(3):
        session.next_step()
    session.previous_step()  # back to step 3 with p: passed before, current now
    assert session.progress() == (3, 16)
    document = export_document(session)
    rows = {row["step"]: row for row in document["agenda"]}
    current = rows[session.current.id]
    assert (current["status"], current.get("passed")) == ("current", True)
    assert [r for r in document["agenda"] if "passed" in r] == [current], "said only where it adds something"
    assert schema_problems(document) == []
    state = SessionState.from_dict(import_document(to_yaml(document), existing_ids=set()))
    back = Session(deployment, state, MemoryStore())
    assert back.progress() == (3, 16) and back.current.id == session.current.id
    assert {s: t.done for s, t in back.state.steps.items()} == {s: t.done for s, t in session.state.steps.items()}
    assert export_document(back)["agenda"] == document["agenda"]
