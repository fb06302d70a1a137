"""The follow-up, as the coach works on it in the room: actions on the summary, the next session, who is here,
the coach's own note, coach-only marks kept off a shared screen, and the clock's cues."""

from __future__ import annotations

from facilitator.core import catalog
from facilitator.screens.facilitate import FacilitateScreen
from facilitator.screens.summary import SummaryScreen
from tests.ui.screen import screen_text


async def test_actions_are_edited_marked_done_and_removed_on_the_summary(app_factory, workspace, deployment, store):
    session = workspace.start(deployment, "deployment-parameters")
    session.add_action("Send the decisions", owner="Kim", due="2026-12-03")
    session.add_action("Book drafting", owner="Ana", due="2026-12-01")
    app = app_factory(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert text.index("Book drafting") < text.index("Send the decisions"), "soonest due first"
        await pilot.press("e")  # the highlighted one: the soonest
        assert app.screen.query_one("#action-text").value == "Book drafting"
        app.screen.query_one("#action-owner").value = "Bo"
        await pilot.press("ctrl+s")
        assert session.action("a2").owner == "Bo"
        assert store.load_session(session.state.id)["actions"][1]["owner"] == "Bo", "saved at once"
        await pilot.press("space")
        assert session.action("a2").done
        assert store.load_session(session.state.id)["actions"][1]["done"] is True
        await pilot.press("down", "x")
        assert [a.id for a in session.state.actions] == ["a2"]
        assert "Send the decisions" not in screen_text(app)


async def test_the_next_session_is_set_on_the_summary_and_offered_when_it_starts(app_factory, workspace, deployment):
    first = workspace.start(deployment, "deployment-parameters", organization="Acme", team="Leadership")
    app = app_factory(first)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s", "N")
        assert app.screen.query_one("#next-workshop").value == "okr-drafting", "the usual next workshop"
        await pilot.press(*"2026-12-10", "tab", *"14:00", "tab", "tab", *"leadership team", "enter")
        assert first.state.next_session == {"date": "2026-12-10", "time": "14:00", "workshop": "okr-drafting",
                                             "who": "leadership team"}
        assert "Next session: 10 December 2026 at 14:00: okr-drafting, with leadership team." in screen_text(app)
    first.close()
    drafting, ref = catalog.resolve("okr-drafting")
    second = workspace.start(drafting, ref, organization="Acme", team="Leadership")
    assert second.state.planned["from"] == first.state.id
    app = app_factory(second)
    async with app.run_test(size=(100, 30)):
        said = [str(n.message) for n in app._notifications]
        assert any("10 December 2026 at 14:00: okr-drafting, with leadership team." in m for m in said), said


async def test_who_is_here_and_the_coachs_own_note(app_factory, workspace, deployment, store):
    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("i", *"Ana Lima, CEO", "enter", *"Bo", "ctrl+s")
        assert session.state.attendees == [{"name": "Ana Lima", "role": "CEO", "email": ""},
                                           {"name": "Bo", "role": "", "email": ""}]
        await pilot.press("N", *"Bo is [b]sceptical[/b]", "ctrl+s")
        assert isinstance(app.screen, FacilitateScreen)
        assert "Bo is [b]sceptical[/b]" in screen_text(app), "the note shows with the private notes, as typed"
        await pilot.press("P")
        assert "sceptical" not in screen_text(app), "never on a shared screen"
        await pilot.press("N")
        assert isinstance(app.screen, FacilitateScreen), "no note dialog in presenter mode"
    assert store.load_session(session.state.id)["coach_notes"] == {"why-okrs": "Bo is [b]sceptical[/b]"}


async def test_a_coach_only_rationale_stays_off_the_shared_screen(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("performance-reviews")
    session.record_decision("performance-reviews", choice="decoupled", decision="", rationale="The CFO fears a fight",
                            owner="Kim", rationale_private=True)
    session.add_action("Send the summary", owner="Kim", due="2026-12-01")
    app = app_factory(session)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Why (coach only): The CFO fears a fight" in screen_text(app)
        await pilot.press("P")
        assert "CFO fears" not in screen_text(app)
        await pilot.press("s")
        assert "CFO fears" not in screen_text(app), "the summary in presenter mode is a shared screen too"


async def test_the_cue_key_turns_the_flash_and_bell_on_and_they_fire_once(app_factory, workspace, deployment, clock):
    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    rang = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.bell = lambda: rang.append(1)
        screen = app.screen
        await pilot.press("b", "b")
        assert screen.cues.flash and screen.cues.bell
        await pilot.press("space")
        clock.advance(session.current.planned_seconds - 59)
        screen.tick()
        assert rang == [1] and screen.query_one("#countdown").has_class("cue")
        screen.tick()
        assert rang == [1], "once per crossing"
        clock.advance(60)
        screen.tick()
        assert rang == [1, 1]


async def test_no_cue_sounds_unless_asked(app_factory, workspace, deployment, clock):
    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    rang = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.bell = lambda: rang.append(1)
        await pilot.press("space")
        clock.advance(session.current.planned_seconds + 1)
        app.screen.tick()
        assert rang == [] and not app.screen.query_one("#countdown").has_class("cue")


async def test_the_drafting_opening_lists_the_rules_the_room_decided(app_factory, workspace, deployment):
    leadership = workspace.start(deployment, "deployment-parameters", organization="Acme", team="Leadership")
    leadership.record_decision("number", choice="two-by-three", decision="", rationale="Focus", owner="Kim")
    leadership.close()
    drafting, ref = catalog.resolve("okr-drafting")
    session = workspace.start(drafting, ref, organization="Acme", team="Leadership")
    app = app_factory(session)
    async with app.run_test(size=(120, 40)):
        text = screen_text(app)
        assert "The rules we draft under" in text
        assert "Number of OKRs:" in text


async def _end_of_summary(app, pilot) -> str:
    app.screen.query_one("#summary").scroll_end(animate=False)
    await pilot.pause()
    return screen_text(app)


async def test_the_summary_opens_at_once_and_reads_the_team_s_cycles_in_a_worker(app_factory, workspace, deployment):
    import threading

    earlier = workspace.start(deployment, "deployment-parameters", organization="Acme", team="Leadership")
    earlier.record_decision("cycle", choice=None, decision="Quarterly")
    session = workspace.start(deployment, "deployment-parameters", organization="Acme", team="Leadership")
    session.record_decision("cycle", choice=None, decision="Four months")
    read = workspace.team_history
    release, readers = threading.Event(), []

    def slow_history(organization: str, team: str):
        readers.append(threading.current_thread())
        release.wait(timeout=10)  # every session of a large team being read
        return read(organization, team)

    workspace.team_history = slow_history
    app = app_factory(session)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen), "the summary is up while the sessions are read"
        assert "Four months" in screen_text(app)
        assert "reading the team's earlier sessions" in await _end_of_summary(app, pilot)
        assert readers and readers[0] is not threading.main_thread(), "read in a worker, not on the UI thread"
        await pilot.press("N")  # the screen answers keys meanwhile
        assert type(app.screen).__name__ == "NextSessionScreen"
        await pilot.press("escape")
        release.set()
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        text = await _end_of_summary(app, pilot)
        assert "reading the team's" not in text and "Across cycles" in text
        assert "Quarterly" in text and "Four months" in text


async def test_the_summary_says_when_the_team_s_cycles_cannot_be_read(app_factory, workspace, deployment):
    from facilitator.store import StoreError

    session = workspace.start(deployment, "deployment-parameters", organization="Acme", team="Leadership")

    def broken(organization: str, team: str):
        raise StoreError("the database folder is gone")

    workspace.team_history = broken
    app = app_factory(session)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("s")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert "the team's earlier sessions could not be read (the database folder is gone)" in \
            " ".join((await _end_of_summary(app, pilot)).split())
        assert session.state.id in {s.id for s in workspace.sessions()}, "nothing lost: the summary only reads"
