"""The cycle view and the next step: the end screen says it, the home screen offers it first, prefilled."""

from __future__ import annotations

from datetime import date, timedelta

from facilitator.app import make_app
from facilitator.core import catalog
from facilitator.screens.cycle import CycleScreen
from facilitator.screens.facilitate import FacilitateScreen
from facilitator.screens.home import HomeScreen
from facilitator.screens.new_session import NewSessionScreen
from tests.cycle_data import finish, set_cycle
from tests.ui.screen import screen_text


def _start(workspace, ref, team="Platform", **kw):
    workshop, ref = catalog.resolve(ref)
    return workspace.start(workshop, ref, organization="Acme", team=team, **kw)


def _deployed_and_drafted(workspace):
    today = date.today()
    deployment = _start(workspace, "deployment-parameters")
    set_cycle(deployment, (today - timedelta(days=3)).isoformat(), (today + timedelta(weeks=9)).isoformat())
    deployment.park("Who pays for the OKR tool?")
    deployment.resolve_parked("p1", "carried", "ask finance")
    deployment.record_decision("performance-reviews", choice=None, decision="Ask HR first", owner="Kim",
                               status="parked", by_when=(today + timedelta(days=10)).isoformat())
    finish(deployment)
    drafting = _start(workspace, "okr-drafting")
    from facilitator.core.okr import KeyResult, Objective

    drafting.board.save_objective(Objective("o1", "Delight first-time customers", level="team", team="Platform"))
    drafting.board.save_key_result("o1", KeyResult("kr1", "Raise week-1 activation", start=32, target=45, unit="%",
                                                   direction="increase", owner="Ana"))
    drafting.add_action("Publish the OKRs in the wiki", owner="Ana", due=(today + timedelta(days=2)).isoformat())
    return deployment, drafting


async def test_the_end_screen_says_the_next_step_with_its_command(workspace):
    _, drafting = _deployed_and_drafted(workspace)
    while drafting.next_step():
        pass
    app = make_app(workspace, drafting)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, FacilitateScreen)
        assert not app.screen.query_one("#next-step").display  # not before the workshop is complete
        await pilot.press("n")
        await pilot.pause()
        panel = app.screen.query_one("#next-step")
        assert panel.display
        said = " ".join(str(panel.render()).split())
        assert "Next: Check-in 1 of" in said
        assert "facilitator run check-in --org Acme --team Platform" in said
        assert not any("Workshop complete" in str(n.title) for n in app._notifications), "no notice over it"
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, CycleScreen)
        await pilot.press("enter")  # one session at a time: the cycle view only shows the way from here
        await pilot.pause()
        assert isinstance(app.screen, CycleScreen)
        assert any("One session runs at a time" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen)


async def test_the_home_screen_offers_the_next_step_first_and_starts_it_prefilled(workspace):
    _, drafting = _deployed_and_drafted(workspace)
    finish(drafting)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        assert app.focused.id == "start-next"
        await app.workers.wait_for_complete()  # the step is worked out in a thread
        await pilot.pause()
        shown = screen_text(app)
        assert "Next for Acme / Platform: Check-in 1 of" in shown
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewSessionScreen)
        assert dialog.query_one("#workshop").value == "check-in"
        assert dialog.query_one("#organization").value == "Acme"
        assert dialog.query_one("#team").value == "Platform"
        assert app.focused.id == "facilitator"
        await pilot.press("K", "i", "m", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen)
        started = app.screen.session
        assert started.workshop.id == "check-in"
        assert (started.state.organization, started.state.team, started.state.facilitator) == \
            ("Acme", "Platform", "Kim")
        assert started.check_ins.linked  # it found the key results it checks


async def test_the_cycle_view_shows_what_is_done_next_and_open(workspace):
    _deployed_and_drafted(workspace)  # the drafting is left unfinished: resuming it is the next step
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CycleScreen)
        shown = screen_text(app)
        assert "Acme / Platform · cycle 1" in shown
        assert "✓" in shown and "Set up OKRs" in shown
        assert "Resume: pick up where you left off (OKR drafting workshop)" in shown
        await pilot.press("end")
        await pilot.pause()
        shown = screen_text(app)
        assert "Performance reviews: Ask HR first · Kim · by" in shown
        assert "Publish the OKRs in the wiki · Ana" in shown
        assert "Who pays for the OKR tool? (carried from session" in shown
        drafting_id = app.screen.path.next.resume
        await pilot.press("enter")  # resumes the unfinished drafting
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen)
        assert app.screen.session.state.id == drafting_id


async def test_a_team_with_no_sessions_is_told_how_to_begin(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.screen.query_one("#start-next").display
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("No team has a session yet" in str(n.message) for n in app._notifications)


async def test_the_home_offer_is_worked_out_in_a_thread_while_the_button_is_ready(workspace, monkeypatch):
    import threading

    _, drafting = _deployed_and_drafted(workspace)
    finish(drafting)
    release, on_ui_thread = threading.Event(), []
    real = workspace.cycle_path

    def slow(organization, team, **kwargs):
        on_ui_thread.append(threading.current_thread() is threading.main_thread())
        release.wait(10)  # an organization with many sessions: the screen must not wait for it
        return real(organization, team, **kwargs)

    monkeypatch.setattr(workspace, "cycle_path", slow)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        offer = app.screen.query_one("#next-offer")
        assert "Working out the next step for Acme / Platform…" in str(offer.render())
        assert app.focused.id == "start-next", "the button has the focus from the start"
        await pilot.press("x")  # taken the moment the step is known
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert on_ui_thread == [False], "worked out in a thread, never on the screen's thread"
        dialog = app.screen
        assert isinstance(dialog, NewSessionScreen) and dialog.query_one("#workshop").value == "check-in"
        await pilot.press("escape")
        await pilot.pause()
        assert "Next for Acme / Platform: Check-in 1 of" in str(app.screen.query_one("#next-offer").render())
        assert app.focused.id == "start-next", "back home: the offer stays where it was, the focus too"
        assert on_ui_thread == [False, False], "worked out again for the way back, in a thread again"
