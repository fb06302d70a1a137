"""A full reflect-and-reset on a team's earlier session: scores, learnings, and every decision revisited."""

from __future__ import annotations

import yaml

from facilitator.core import catalog
from facilitator.core.export import export_document, schema_problems, to_yaml
from facilitator.core.okr import KeyResult, Objective
from facilitator.core.parameters import PARAMETER_IDS
from facilitator.screens.decision import DecisionScreen
from facilitator.screens.reflection import ReflectionScreen


def earlier_cycle(workspace):
    deployment, ref = catalog.resolve("deployment-parameters")
    first = workspace.start(deployment, ref, organization="Acme", team="Platform")
    for step in deployment.decision_steps:
        first.go_to(step.id)
        first.record_decision(step.parameter, choice=step.default_option.id, decision="", rationale="first cycle",
                              owner="Kim")
    drafting, ref = catalog.resolve("okr-drafting")
    drafts = workspace.start(drafting, ref, organization="Acme", team="Platform")
    drafts.board.save_objective(Objective("o1", "Delight first-time customers", why_now="Churn", level="team",
                                          team="Platform"))
    drafts.board.save_key_result("o1", KeyResult("kr1", "Raise week-1 activation", start=32, target=45, unit="%",
                                                 owner="Ana"))
    drafts.board.save_key_result("o1", KeyResult("kr2", "Cut onboarding tickets", start=120, target=60,
                                                 owner="Bo"))
    return first, drafts


async def test_full_reflect_and_reset_run(app_factory, workspace, store):
    first, drafts = earlier_cycle(workspace)
    workshop, ref = catalog.resolve("reflect-and-reset")
    session = workspace.start(workshop, ref, organization="Acme", team="Platform")
    assert session.state.previous_session == drafts.state.id, "linked to the team's latest session"
    app = app_factory(session)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")
        assert session.current.kind == "reflection"
        await pilot.press("d")
        sheet = app.screen
        assert isinstance(sheet, ReflectionScreen)
        sheet.query_one("#score-kr1").value = "0.6"
        sheet.query_one("#learning-kr1").value = "Invites mattered more than the tour"
        sheet.query_one("#verdict-kr1").value = "modify"
        sheet.query_one("#score-kr2").value = "1.4"  # outside the 0-1 scale the room chose
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionScreen), "an impossible score is refused"
        assert session.state.reflections == {}, "and nothing of the sheet is saved: all rows or none"
        assert store.load_session(session.state.id).get("reflections", {}) == {}
        sheet.query_one("#score-kr2").value = "0.9"
        sheet.query_one("#verdict-kr2").value = "remove"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.state.reflections["kr1"] == {"score": 0.6, "learning": "Invites mattered more than the tour",
                                                    "verdict": "modify"}
        for parameter in PARAMETER_IDS:
            session.go_to(f"revisit-{parameter}")
            app.screen.show_step()
            await pilot.press("d")
            dialog = app.screen
            assert isinstance(dialog, DecisionScreen)
            if parameter == "number":
                await pilot.press("2")  # change: a different option
            assert dialog.query_one("#decision-text").value, "starts from last cycle's decision"
            dialog.query_one("#rationale").text = "the learnings say so"
            await pilot.press("ctrl+s")
            await pilot.pause()
    verdicts = {p: session.state.decisions[p].revisit["verdict"] for p in PARAMETER_IDS}
    assert verdicts["number"] == "change" and list(verdicts.values()).count("keep") == 9
    document = yaml.safe_load(to_yaml(export_document(session)))
    assert schema_problems(document) == []
    assert document["reflection"]["previous_session"] == drafts.state.id
    assert [(r["key_result"], r["score"], r["verdict"]) for r in document["reflection"]["key_results"]] == [
        ("kr1", 0.6, "modify"), ("kr2", 0.9, "remove")]
    history = workspace.team_history("Acme", "Platform")
    assert [s.id for s, _ in history] == [first.state.id, session.state.id], "the team's cycles, in order"


async def test_a_revisit_needs_a_reason(app_factory, workspace):
    earlier_cycle(workspace)
    workshop, ref = catalog.resolve("reflect-and-reset")
    session = workspace.start(workshop, ref, organization="Acme", team="Platform")
    session.go_to("revisit-cycle")
    app = app_factory(session)
    async with app.run_test(size=(100, 32)) as pilot:
        assert "Last cycle:" in str(app.screen.query_one("#decision").render())
        await pilot.press("d", "ctrl+s")
        await pilot.pause()
        assert session.state.decisions["cycle"].status == "open"
        assert any("with a reason" in str(n.message) for n in app._notifications)


async def test_last_cycles_decision_with_brackets_is_shown_as_written(app_factory, workspace):
    first, _ = earlier_cycle(workspace)
    first.go_to("cycle")
    first.record_decision("cycle", choice=None, decision="Quarterly [/] [Q1 = Feb]", rationale="r", owner="Kim")
    workshop, ref = catalog.resolve("reflect-and-reset")
    session = workspace.start(workshop, ref, organization="Acme", team="Platform", previous=first.state.id)
    session.go_to("revisit-cycle")
    app = app_factory(session)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert "Last cycle: Quarterly [/] [Q1 = Feb]" in str(app.screen.query_one("#decision").render())


def test_the_cycle_reflected_on_is_the_one_with_key_results_not_the_last_opened(workspace):
    first, drafts = earlier_cycle(workspace)
    from facilitator.core.records import summarize

    # a coach looks something up in the deployment session later: that counts as its latest change
    state = workspace.resume(first.state.id).state.to_dict()
    state["updated_at"] = "2099-01-01T00:00:00Z"
    workspace.store.save_session(state, summarize(state))
    assert workspace.sessions()[0].id == first.state.id, "it is now the most recently changed"
    workshop, ref = catalog.resolve("reflect-and-reset")
    session = workspace.start(workshop, ref, organization="Acme", team="Platform")
    assert session.state.previous_session == drafts.state.id


async def test_a_decision_parked_last_cycle_is_shown_and_offered_for_revisiting(app_factory, workspace):
    first, _ = earlier_cycle(workspace)
    first.go_to("scoring")
    first.record_decision("scoring", choice="decimal-with-confidence", decision="0-1 scale",
                          rationale="Need HR input", owner="Kim", status="parked")
    workshop, ref = catalog.resolve("reflect-and-reset")
    session = workspace.start(workshop, ref, organization="Acme", team="Platform", previous=first.state.id)
    session.go_to("revisit-scoring")
    app = app_factory(session)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        shown = str(app.screen.query_one("#decision").render())
        assert "Last cycle: parked, to decide later: 0-1 scale (why: Need HR input)" in shown
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)
        assert app.screen.query_one("#decision-text").value == "0-1 scale"


def test_points_carried_to_the_next_session_open_its_parking_lot(workspace):
    deployment, ref = catalog.resolve("deployment-parameters")
    first = workspace.start(deployment, ref, organization="Acme", team="Platform")
    first.park("Tooling: spreadsheet or Jira?")
    first.park("Bonus link worries")
    first.resolve_parked("p1", "carried", "ask IT first")
    first.resolve_parked("p2", "resolved", "not this cycle")
    drafting, ref = catalog.resolve("okr-drafting")
    nxt = workspace.start(drafting, ref, organization="Acme", team="Platform")
    assert [(p.text, p.resolution) for p in nxt.state.parking_lot] == [("Tooling: spreadsheet or Jira?", "")]
    assert nxt.state.parking_lot[0].note == f"carried from session {first.state.id}: ask IT first"
    other = workspace.start(drafting, ref, organization="Acme", team="Sales")
    assert other.state.parking_lot == [], "another team's points stay with that team"
