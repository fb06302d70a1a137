"""The status lines the step screen and the phones' screen share: hidden while empty, text as written, and
no repaint for a poll that changed nothing."""

from __future__ import annotations

from textual.app import App, ComposeResult

from facilitator.widgets.status_line import StatusLine


class _Lines(App):
    def compose(self) -> ComposeResult:
        yield StatusLine(id="line")


async def test_a_status_line_hides_while_empty_shows_text_as_written_and_repaints_only_on_change():
    app = _Lines()
    async with app.run_test(size=(60, 5)) as pilot:
        line = app.query_one(StatusLine)
        assert not line.display, "nothing to say: no empty row"
        painted = []
        original = line.update
        line.update = lambda content: (painted.append(str(content)), original(content))[1]
        line.text = "NOT SAVED: [bold]/tmp/db[/bold] is gone (retrying)"
        await pilot.pause()
        assert line.display and painted == ["NOT SAVED: [bold]/tmp/db[/bold] is gone (retrying)"]
        assert "[bold]/tmp/db[/bold]" in str(line.render()), "brackets from a path are text, not markup"
        line.text = "NOT SAVED: [bold]/tmp/db[/bold] is gone (retrying)"
        await pilot.pause()
        assert len(painted) == 1, "the same words again draw nothing"
        line.text = ""
        await pilot.pause()
        assert not line.display
