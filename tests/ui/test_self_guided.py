"""A team without a coach: examples on every step, and the answer checked before moving on."""

from __future__ import annotations

import io

from rich.console import Console

from facilitator.core import catalog


async def test_self_guided_checks_the_answer_before_moving_on(app_factory, workspace):
    workshop, ref = catalog.resolve("deployment-parameters")
    session = workspace.start(workshop, ref, self_guided=True)
    session.go_to("level")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert screen.query_one("#example").display, "an example of a good answer is shown"
        await pilot.press("n")
        assert session.current.id == "level", "an open decision stops a self-guided team once"
        readiness = screen.query_one("#readiness")
        assert readiness.display and "Record the decision" in str(readiness.render())
        assert not any("Record the decision" in str(n.message) for n in app._notifications), \
            "no notice is drawn over the example the team needs"
        assert screen.query_one("#example").display
        notes = screen.query_one("#notes")
        assert notes.display and "Coaching tips for your team" in notes.border_title, "the team's own tips"
        await pilot.press("d", "1", "ctrl+s")
        await pilot.pause()
        assert session.readiness() == ["Add the reason (d): a decision without its why cannot be revisited next "
                                       "cycle.", "Name one owner for the decision (d)."]
        await pilot.press("d", "tab", "tab", *"We learn with volunteers", "tab", *"Kim", "ctrl+s")
        await pilot.pause()
        assert session.readiness() == []
        await pilot.press("n")
        assert session.current.id == "number"
        await pilot.press("n")
        assert session.current.id == "number"
        await pilot.press("n")
        assert session.current.id == "scoring", "a second n moves on anyway"


async def test_a_coached_session_is_never_blocked(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("level")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.screen.query_one("#example").display
        await pilot.press("n")
        assert session.current.id == "number"


async def test_a_team_can_start_self_guided_from_the_home_screen(app_factory):
    from facilitator.screens.facilitate import FacilitateScreen

    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        dialog = app.screen
        dialog.query_one("#workshop").value = "self-guided-setup"
        await pilot.pause()
        assert dialog.query_one("#self-guided").value, "the self-guided workshop starts ticked"
        await pilot.press(*"Acme", "tab", *"Platform", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen)
        assert app.screen.session.state.self_guided
        assert app.screen.session.workshop.id == "self-guided-setup"


async def test_the_new_session_dialog_describes_the_workshop_as_the_team_will_run_it(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        dialog = app.screen
        dialog.query_one("#workshop").value = "okr-drafting"
        await pilot.pause()
        description = dialog.query_one("#workshop-description")
        assert "with the coach challenging" in str(description.render()).replace("\n", " ")
        dialog.query_one("#self-guided").value = True
        await pilot.pause()
        said = str(description.render()).replace("\n", " ")
        assert "No coach needed" in said and "with the coach challenging" not in said


async def test_a_self_guided_team_reads_the_options_in_its_own_words(app_factory, workspace):
    workshop, ref = catalog.resolve("deployment-parameters")
    session = workspace.start(workshop, ref, self_guided=True)
    session.go_to("kr-types")
    app = app_factory(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        console = Console(file=io.StringIO(), width=110, color_system=None)
        console.print(app.screen.query_one("#prompt").content)  # the whole step, scrolled or not
        shown = " ".join(console.file.getvalue().split())
        assert "one of you to challenge every milestone" in shown
        assert "a coach to challenge milestones" not in shown
