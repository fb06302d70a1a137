"""A coach runs the whole deployment workshop from the keyboard, quits, resumes and exports."""

from __future__ import annotations

import yaml

from facilitator.core.parameters import PARAMETER_IDS
from facilitator.screens.decision import DecisionScreen
from facilitator.screens.facilitate import FacilitateScreen
from facilitator.screens.help import HelpScreen
from facilitator.screens.home import HomeScreen
from facilitator.screens.new_session import NewSessionScreen
from facilitator.store import Store
from facilitator.workspace import Workspace
from tests.ui.screen import paste, screen_text


async def start_from_home(pilot, org="Acme", team="Leadership", who="Kim"):
    await pilot.press("n")
    assert isinstance(pilot.app.screen, NewSessionScreen)
    await pilot.press(*org, "tab", *team, "tab", *who, "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FacilitateScreen)
    return pilot.app.screen.session


async def test_full_deployment_workshop_with_keys_then_resume_and_export(app_factory, store, clock, tmp_path):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        session = await start_from_home(pilot)
        assert session.state.organization == "Acme" and session.state.facilitator == "Kim"
        await pilot.press("space")
        for _ in range(len(session.workshop.steps) - 1):
            step = session.current
            clock.advance(61)
            if step.parameter:
                await pilot.press("d")
                assert isinstance(app.screen, DecisionScreen)
                await pilot.press("2", "tab")
                await paste(pilot, f"{step.id} agreed")
                await pilot.press("tab")
                await paste(pilot, "because")
                await pilot.press("tab")
                await paste(pilot, "Kim")
                await pilot.press("ctrl+s")
                await pilot.pause()
                assert isinstance(app.screen, FacilitateScreen)
                # saved before the screen shows it: straight from the file on disk
                on_disk = store.load_session(session.state.id)["decisions"][step.parameter]
                assert on_disk["choice"] == step.options[1].id
                assert on_disk["owner"] == "Kim"
            await pilot.press("n")
        assert session.is_last
        clock.advance(61)
        await pilot.press("n")  # n on the last step: the workshop is complete
        await pilot.pause()
        panel = app.screen.query_one("#next-step")
        assert panel.display and "Every step is done" in str(panel.render()), "the end screen says so"
        assert session.summary()["steps_done"] == len(session.workshop.steps)
        assert not session.timer.running
        await pilot.press("q")
    session_id = session.state.id
    store.close()

    with Store(store.path) as reopened:
        resumed_app = _app_for(reopened, clock)
        async with resumed_app.run_test(size=(80, 24)) as pilot:
            assert isinstance(resumed_app.screen, HomeScreen)
            # the team's next step is offered first (enter starts it); the saved sessions are a tab away
            assert resumed_app.focused.id == "start-next"
            await pilot.press("tab", "tab", "enter")
            await pilot.pause()
            screen = resumed_app.screen
            assert isinstance(screen, FacilitateScreen)
            resumed = screen.session
            assert resumed.state.id == session_id
            assert resumed.current.id == resumed.workshop.steps[-1].id
            assert resumed.decided_count() == 10
            assert resumed.state.steps[resumed.workshop.steps[0].id].actual_seconds == 61
            await pilot.press("q")
        exported = yaml.safe_load(Workspace(reopened).export("latest"))
    assert [exported["parameters"][p]["status"] for p in PARAMETER_IDS] == ["decided"] * 10
    assert exported["parameters"]["cycle"]["decision"] == "cycle agreed"
    assert exported["parameters"]["cycle"]["rationale"] == "because"
    assert all(row["actual_seconds"] >= 61 for row in exported["agenda"][:-1])


def _app_for(store, clock):
    from facilitator.app import make_app

    return make_app(Workspace(store, clock=clock))


async def test_timer_keys_and_overtime(app_factory, workspace, deployment, clock):
    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert not session.timer.running
        await pilot.press("space")
        assert session.timer.running
        await pilot.press("plus", "plus", "minus")
        assert session.planned_seconds(session.current) == session.current.planned_seconds + 60
        clock.advance(session.current.planned_seconds + 90)
        screen.tick()
        await pilot.pause()
        countdown = screen.query_one("#countdown")
        assert countdown.has_class("overtime")
        assert "OVERTIME" in str(screen.query_one("#clock-state").render())
        await pilot.press("space")
        assert not session.timer.running


async def test_the_clock_and_the_plan_line_say_the_same_before_and_after_the_clock_ran(app_factory, workspace,
                                                                                       deployment, clock):
    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen

        def lines() -> tuple[str, str]:
            return str(screen.query_one("#clock-state").render()), str(screen.query_one("#plan-status").text)

        clock_word, plan = lines()
        assert clock_word == "not started" and plan.startswith("Clock not started (space) · 0m of ")
        await pilot.press("space")
        clock.advance(90)
        screen.tick()
        await pilot.pause()
        assert lines()[0] == "running"
        await pilot.press("space")
        screen.tick()
        await pilot.pause()
        clock_word, plan = lines()
        assert clock_word == "paused" and plan.startswith("Clock paused · 2m of ")


async def test_escape_cancels_a_decision_and_nothing_is_saved(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("cycle")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d", "1", *"quarterly", "escape")
        assert isinstance(app.screen, FacilitateScreen)
        assert session.state.decisions["cycle"].status == "open"


async def test_editing_a_decision_keeps_what_was_there(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("cycle")
    session.record_decision("cycle", choice=None, decision="Quarterly from 1 Feb", rationale="fits budget",
                            owner="Ana")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        dialog = app.screen
        assert dialog.query_one("#decision-text").value == "Quarterly from 1 Feb"
        await pilot.press("ctrl+s")
        assert session.state.decisions["cycle"].rationale == "fits budget"


async def test_decision_key_on_a_break_explains(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("break")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        assert isinstance(app.screen, FacilitateScreen)
        assert any("records nothing" in str(n.message) for n in app._notifications)


async def test_an_opening_step_records_what_the_room_said(app_factory, workspace, deployment, store):
    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d", *"Growth stalled [/]", "enter", *"Teams pull apart", "ctrl+s")
        assert isinstance(app.screen, FacilitateScreen)
        assert "Growth stalled [/]" in screen_text(app), "shown as the room's record, brackets as typed"
    assert store.load_session(session.state.id)["step_records"] == {"why-okrs": "Growth stalled [/]\nTeams pull apart"}


async def test_parking_a_decision(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("kpis")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d", "tab", "tab", "tab", "tab", "space", "ctrl+s")
        assert session.state.decisions["kpis"].status == "open", "parked with nobody to settle it: refused"
        assert app.focused.id == "owner", "the dialog asks for who settles it"
        await pilot.press(*"Ana", "tab", "tab", *"2026-12-10", "ctrl+s")
        kpis = session.state.decisions["kpis"]
        assert (kpis.status, kpis.owner, kpis.by_when) == ("parked", "Ana", "2026-12-10")


async def test_notes_are_hidden_until_asked_for(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        notes = app.screen.query_one("#notes")
        assert not notes.display
        await pilot.press("f")
        assert notes.display
        await pilot.press("n")
        assert notes.display, "the choice sticks from step to step"
        await pilot.press("f")
        assert not notes.display


async def test_help_lists_every_key(app_factory, workspace, deployment):
    app = app_factory(workspace.start(deployment, "deployment-parameters"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = [key for key, _ in app.screen.rows]
        for key in ("n/→", "p/←", "spc", "+", "-", "d", "f", "?", "q", "ctrl+p"):
            assert key in keys
        await pilot.press("escape")
        assert isinstance(app.screen, FacilitateScreen)


async def test_command_palette_jumps_to_a_step(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Cycle length")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert session.current.id == "cycle"
        assert app.screen.query_one("#step-title").render()


async def test_clicking_a_step_in_the_agenda_jumps_to_it(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        target = deployment.index_of("cycle")
        await pilot.click("Agenda", offset=(3, target))
        assert session.current.id == "cycle"
        assert "Cycle" in str(app.screen.query_one("#step-heading").render())


async def test_action_items_parking_lot_and_summary(app_factory, workspace, deployment, store):
    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", *"Send the summary", "tab", *"Kim", "tab", *"2026-13-01", "enter")
        assert session.state.actions == [], "an impossible date is refused"
        await pilot.press("ctrl+a", "backspace", "ctrl+u")
        app.screen.query_one("#action-due").value = "2026-12-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [action] = session.state.actions
        assert (action.text, action.owner, action.due) == ("Send the summary", "Kim", "2026-12-01")
        assert store.load_session(session.state.id)["actions"][0]["due"] == "2026-12-01"
        await pilot.press("k", *"Budget cycle", "enter")
        await pilot.pause()
        assert [p.text for p in session.state.parking_lot] == ["Budget cycle"]
        await pilot.press("s")
        await pilot.pause()
        from facilitator.screens.summary import SummaryScreen

        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, FacilitateScreen)


async def test_parking_lot_review_closes_every_point(app_factory, workspace, deployment, store):
    from facilitator.screens.parking_review import ParkingReviewScreen

    session = workspace.start(deployment, "deployment-parameters")
    for text in ("Budget calendar", "Hiring plan", "Tooling"):
        session.park(text)
    session.go_to("review-decisions")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("K")
        assert isinstance(app.screen, ParkingReviewScreen)
        app.screen.query_one("#note").value = "Finance confirmed"
        await pilot.press("1")
        app.screen.query_one("#note").value = "Ana"
        await pilot.press("2")
        # the point becomes an action with a wording, an owner (from the note) and a date
        assert app.screen.query_one("#action-text").value == "Hiring plan"
        assert app.screen.query_one("#action-owner").value == "Ana"
        await pilot.press("ctrl+s")
        assert app.focused.id == "action-due", "an action without a date is refused"
        await pilot.press(*"2026-12-10", "ctrl+s")
        await pilot.press("3")
        await pilot.press("escape")
    assert [p.resolution for p in session.state.parking_lot] == ["resolved", "action", "carried"]
    assert session.state.parking_lot[0].note == "Finance confirmed"
    assert [(a.text, a.owner, a.due) for a in session.state.actions] == [("Hiring plan", "Ana", "2026-12-10")]
    assert store.load_session(session.state.id)["parking_lot"][2]["resolution"] == "carried"


async def test_a_question_parked_becomes_an_action_only_in_the_words_of_an_action(app_factory, workspace,
                                                                                  deployment):
    session = workspace.start(deployment, "deployment-parameters")
    session.park("Who pays for the OKR tool?")
    session.go_to("review-decisions")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("K", "2")
        assert "not a question" in screen_text(app)
        await pilot.press("tab", *"Kim", "tab", *"2026-12-01", "ctrl+s")
        assert session.state.actions == [], "a question is no action"
        assert app.focused.id == "action-text"
        app.focused.value = "Ask finance who pays for the OKR tool"
        await pilot.press("ctrl+s", "escape")
    [action] = session.state.actions
    assert (action.text, action.owner, action.due) == ("Ask finance who pays for the OKR tool", "Kim", "2026-12-01")
    assert session.state.parking_lot[0].resolution == "action"


async def test_summary_shows_drafts_and_offers_the_qr_code(app_factory, workspace, deployment):
    import io

    from rich.console import Console

    from facilitator.core.okr import KeyResult, Objective
    from facilitator.screens.qr import QRScreen
    from facilitator.screens.summary import SummaryScreen, summary_renderable

    session = workspace.start(deployment, "deployment-parameters")
    session.board.save_objective(Objective("o1", "Delight first-time customers", level="company"))
    session.board.save_key_result("o1", KeyResult("kr1", "Raise week-1 activation", start=32, target=45, unit="%"))
    console = Console(file=io.StringIO(), width=120)
    console.print(summary_renderable(session))
    text = console.file.getvalue()
    assert "OKR drafts" in text and "Raise week-1 activation" in text and "32 → 45 %" in text
    app = app_factory(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("r")
        assert isinstance(app.screen, QRScreen)


async def test_a_pick_then_tab_through_the_fields_as_the_hint_says_never_parks_by_accident(app_factory, workspace,
                                                                                          deployment):
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("alignment")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d", "3")
        assert app.focused.id == "options", "picking keeps the options focused; tab moves on"
        await pilot.press("tab", *"Contributes-to links, all 12 teams", "tab", *"Visible alignment", "tab",
                          *"Maria (COO)", "ctrl+s")
    decision = session.state.decisions["alignment"]
    assert decision.status == "decided"
    assert (decision.choice, decision.decision) == (deployment.step("alignment").options[2].id,
                                                    "Contributes-to links, all 12 teams")
    assert (decision.rationale, decision.owner) == ("Visible alignment", "Maria (COO)")
