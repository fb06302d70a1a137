"""A team without a coach, carried through one whole cycle: setup, drafting, two check-ins, reflect-and-reset,
each started from the next step the tool offered (the command printed at the end of a session, the home
screen's offer, the cycle view), as the tmux walk-through in the notes did by hand."""

from __future__ import annotations

import json
import shlex
from datetime import date, timedelta

from facilitator.app import make_app
from facilitator.cli import build_parser, cmd_cycle, next_step_lines
from facilitator.core import catalog
from facilitator.core.okr import KeyResult, Objective
from facilitator.screens.cycle import CycleScreen
from facilitator.screens.facilitate import FacilitateScreen
from facilitator.screens.new_session import NewSessionScreen
from tests.cycle_data import set_cycle


def _run_printed(workspace, command: str):
    """`facilitator run ...` as the tool printed it: parsed by the real parser, started as `run` starts it."""
    words = shlex.split(command)
    assert words[0] == "facilitator"
    args = build_parser().parse_args(words[1:])
    assert args.command == "run"
    workshop, ref = catalog.resolve(args.workshop)
    return workspace.start(workshop, ref, organization=args.org, team=args.team, self_guided=args.self_guided)


async def _finish_on_screen(workspace, session) -> str:
    """The team passes the last step with n: the end screen's next step, as shown."""
    while not session.is_last:
        session.next_step()
    if not session.state.actions:
        session.add_action("Send the follow-up to everyone", owner="Kim", due=date.today().isoformat())
    app = make_app(workspace, session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        if not session.complete:  # the self-guided check spoke first: a second n moves on
            await pilot.press("n")
            await pilot.pause()
        assert session.complete
        panel = app.screen.query_one("#next-step")
        assert panel.display
        shown = str(panel.render())
        await pilot.press("q")
    return shown


def _command_in(lines: list[str]) -> str:
    return next(line.strip() for line in lines if line.strip().startswith("facilitator "))


async def _start_from_home(workspace, expected: str):
    """The home screen offers the next step first; enter opens it prefilled, enter again starts it."""
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.focused.id == "start-next"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NewSessionScreen)
        assert app.screen.query_one("#workshop").value == expected
        assert app.screen.query_one("#self-guided").value, "a team on its own stays on its own"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen)
        session = app.screen.session
        await pilot.press("q")
    return workspace.resume(session.state.id)


async def test_a_team_without_a_coach_goes_round_the_whole_cycle(workspace, capsys):
    today = date.today()
    # nothing yet: the command line says where to begin
    cmd_cycle(workspace, "Nordwind", "Leadership", self_guided=True, as_json=True)
    document = json.loads(capsys.readouterr().out)
    assert document["format"] == "facilitator/cycle/v1"
    assert document["next"]["workshop"] == "self-guided-setup"

    setup = _run_printed(workspace, document["next"]["command"])
    assert setup.state.self_guided and setup.workshop.id == "self-guided-setup"
    set_cycle(setup, (today - timedelta(days=1)).isoformat(), (today + timedelta(weeks=5)).isoformat(), weeks=2)
    shown = await _finish_on_screen(workspace, setup)
    assert "OKR drafting workshop" in shown and "--team Leadership --self-guided" in shown

    drafting = await _start_from_home(workspace, "okr-drafting")
    drafting.board.save_objective(Objective("o1", "Win the mid-market", level="company", commitment="committed"))
    for kr in (KeyResult("kr1", "Grow mid-market ARR from 2M to 3M", start=2, target=3, owner="Ana"),
               KeyResult("kr2", "Cut time to first value from 20 to 7 days", start=20, target=7, owner="Bo")):
        drafting.board.save_key_result("o1", kr)
    shown = await _finish_on_screen(workspace, drafting)
    assert "Check-in 1 of 2" in shown

    # the first check-in from the lines q leaves on the terminal
    lines = next_step_lines(workspace, drafting)
    assert lines[0].startswith("Next: Check-in 1 of 2 (OKR check-in) for Nordwind / Leadership")
    first = _run_printed(workspace, _command_in(lines))
    assert first.check_ins.linked
    first.check_ins.record("kr1", value=2.2, confidence=0.6)
    shown = await _finish_on_screen(workspace, first)
    assert "Check-in 2 of 2" in shown

    second = await _start_from_home(workspace, "check-in")
    assert second.check_ins.earlier(), "the second check-in sees the first one's trend"
    second.check_ins.record("kr1", value=2.4, confidence=0.5)
    shown = await _finish_on_screen(workspace, second)
    assert "Reflect and reset" in shown

    # reflect-and-reset from the cycle view
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CycleScreen)
        assert [s.status for s in app.screen.path.stages if s.key.startswith("check-in")] == ["done", "done"]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#workshop").value == "reflect-and-reset"
        await pilot.press("enter")
        await pilot.pause()
        reflection = app.screen.session
        await pilot.press("q")
    reflection = workspace.resume(reflection.state.id)
    assert reflection.state.previous_session == drafting.state.id, "it scores the cycle's key results"
    shown = await _finish_on_screen(workspace, reflection)
    assert "Cycle 2" in shown or "OKR drafting workshop" in shown
    path = workspace.cycle_path("Nordwind", "Leadership")
    assert path.cycle_number == 2 and path.next.workshop == "okr-drafting"
