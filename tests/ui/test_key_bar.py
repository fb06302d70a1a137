"""The key bar at the foot of each screen: the keys that work here, kept legible when narrow, and clickable."""

from __future__ import annotations

from facilitator.screens.facilitate import FacilitateScreen
from facilitator.screens.help import HelpScreen
from facilitator.widgets.key_bar import KeyBar, KeyItem, layout_items


def item(display: str, description: str, essential: bool = False) -> KeyItem:
    return KeyItem(display, display, description, True, essential)


KEYS = [item("n", "Next"), item("p", "Prev"), item("d", "Decide"), item("?", "Help", True), item("q", "Quit", True)]
PALETTE = item("^p", "palette")


def shown(placed) -> list[str]:
    return [i.description for _, i in placed]


def test_everything_fits_on_a_wide_line_with_the_palette_at_the_right_edge():
    placed = layout_items(KEYS, PALETTE, 80)
    assert shown(placed) == ["Next", "Prev", "Decide", "Help", "Quit", "palette"]
    assert [x for x, _ in placed[:3]] == [0, 7, 14]  # "n Next" + a space
    assert placed[-1][0] + len("^p palette") == 80


def test_a_narrow_line_drops_the_palette_then_keys_from_the_right_but_keeps_help_and_quit():
    assert shown(layout_items(KEYS, PALETTE, 48)) == ["Next", "Prev", "Decide", "Help", "Quit", "palette"]
    assert shown(layout_items(KEYS, PALETTE, 47)) == ["Next", "Prev", "Decide", "Help", "Quit"]
    assert shown(layout_items(KEYS, PALETTE, 26)) == ["Next", "Help", "Quit"]
    assert shown(layout_items(KEYS, PALETTE, 19)) == ["Help", "Quit"]
    assert shown(layout_items(KEYS, None, 6)) == ["Help", "Quit"]  # nothing left to drop: cut at the edge


def bar_text(app) -> str:
    bar = app.screen.query_one(KeyBar)
    return str(bar.render())


async def test_the_facilitate_screen_lists_its_keys_and_a_click_presses_one(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        text = bar_text(app)
        for words in ("n/→ Next", "p/← Prev", "spc Timer", "d Decide", "f Notes", "? Help", "q Quit", "^p palette"):
            assert words in text
        bar = app.screen.query_one(KeyBar)
        next_x = text.index("Next")
        await pilot.click(KeyBar, offset=(next_x, 0))
        assert session.current_index == 1
        help_x = text.index("Help")
        await pilot.click(KeyBar, offset=(help_x, 0))
        assert isinstance(app.screen, HelpScreen)
        assert bar.region.y == 23  # docked on the last line


async def test_at_40_columns_help_and_quit_stay_on_the_bar(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    async with app.run_test(size=(40, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen)
        text = bar_text(app)
        assert "? Help" in text and "q Quit" in text
        assert len(text) <= 40


async def test_the_key_under_the_mouse_is_highlighted(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.screen.query_one(KeyBar)
        await pilot.hover(KeyBar, offset=(bar_text(app).index("Decide"), 0))
        decide = bar.render()
        hovered = [span for span in decide.spans if "block-hover" in str(span.style)]
        assert [decide.plain[span.start:span.end] for span in hovered] == ["d", " Decide"]
        await pilot.hover("#prompt")
        assert not [span for span in bar.render().spans if "block-hover" in str(span.style)]
