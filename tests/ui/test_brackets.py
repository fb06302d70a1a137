"""Square brackets in anything a person or a workshop script wrote are shown as written, never read as markup.

`Sales [/Marketing]` or a lone `[/]` used to crash the screen that showed it (Textual reads `[...]` as styles).
"""

from __future__ import annotations

import pytest

from facilitator.core.loader import parse_workshop
from facilitator.core.okr import KeyResult, Objective
from facilitator.screens.facilitate import FacilitateScreen
from facilitator.screens.home import HomeScreen
from tests.ui.screen import screen_text

B = "[/] Sales [/Marketing] [b]bold?"  # a stray closing tag, a path-like tag and an opening one

WORKSHOP = f"""
id: brackets
title: "Brackets {B}"
version: "1.0"
description: "About {B}"
share_url: "https://example.com/[x]"
steps:
  - id: welcome
    title: "Welcome {B}"
    kind: intro
    timebox: 10
    prompt: "Why {B}"
    notes: "Notes {B}"
    example: "Example {B}"
    questions: ["Question {B}"]
  - id: level
    title: "Level {B}"
    kind: decision
    parameter: level
    timebox: 20
    prompt: "Levels {B}"
    options:
      - id: one
        label: "One {B}"
        tradeoffs: "Trade {B}"
        default: true
      - id: two
        label: "Two {B}"
        tradeoffs: "Trade two {B}"
  - id: wrap-up
    title: "Wrap {B}"
    kind: wrap-up
    timebox: 10
    prompt: "Done {B}"
"""



@pytest.fixture
def bracket_session(workspace, tmp_path):
    workshop = parse_workshop(WORKSHOP, "brackets.yaml")
    path = tmp_path / "brackets.yaml"
    path.write_text(WORKSHOP, encoding="utf-8")
    session = workspace.start(workshop, str(path), organization=f"Org {B}", team=f"Team {B}",
                              facilitator=f"Kim {B}", share_url=f"https://example.com/{B}")
    session.add_action(f"Action {B}", owner=f"Owner {B}", due="")
    session.park(f"Parked {B}")
    session.go_to("level")
    session.record_decision("level", choice="two", decision=f"Decided {B}", rationale=f"Because {B}",
                            owner=f"Ana {B}")
    board = session.board
    board.save_objective(Objective("o1", f"Objective {B}", why_now=f"Now {B}", level="company"))
    board.save_key_result("o1", KeyResult("kr1", f"Launch {B}", type="metric", owner=f"Bo {B}"))
    return session


async def test_every_screen_shows_brackets_as_written(app_factory, workspace, bracket_session):
    app = app_factory(bracket_session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen)
        shown = screen_text(app)
        for text in ("Level [/] Sales", "Decided [/] Sales [/Marketing] [b]bold?", "Two [/] Sales [/Marketing]"):
            assert text in shown
        for key in ("f", "P", "P", "p", "n", "n", "p"):
            await pilot.press(key)
            await pilot.pause()
            screen_text(app)
        for key, seen in (("s", "Because [/]"), ("r", "https://example.com/[/]"), ("o", "Objective [/] Sales"),
                          ("question_mark", "Keys"), ("K", "Parked [/] Sales"), ("d", "Two [/] Sales"),
                          ("v", "Level [/] Sales"), ("a", "New action"), ("k", "Park")):
            await pilot.press(key)
            await pilot.pause()
            assert seen in screen_text(app), (key, screen_text(app))
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, FacilitateScreen), key
        await pilot.press("a", *f"New {B}", "enter", *B, "enter", *"2026-12-01", "enter")  # the notice repeats it
        await pilot.pause()
        await pilot.press("ctrl+p", *"Wrap", "enter")
        await pilot.pause()
        assert bracket_session.current.id == "wrap-up"
        await pilot.press("q")


async def test_the_home_screen_lists_sessions_with_brackets(app_factory, bracket_session):
    bracket_session.close()
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Org [/] Sales [/Mar" in screen_text(app), screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        screen_text(app)
