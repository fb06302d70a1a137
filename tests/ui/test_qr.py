"""The QR code on screen scans: what the screen draws is decoded by a real QR decoder (zbarimg)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from textual.geometry import Region

from facilitator.screens.qr import QRScreen

URL = "https://example.org/okr/acme-leadership-2026-q1-decisions/rd"  # 60 characters
assert len(URL) == 60


def screen_to_pgm(lines: list[str], path, scale: int = 6) -> None:
    """Each character cell holds two modules: upper and lower half."""
    rows = []
    for line in lines:
        rows.append([c in "█▀" for c in line])
        rows.append([c in "█▄" for c in line])
    width, height = len(rows[0]) * scale, len(rows) * scale
    with open(path, "wb") as image:
        image.write(f"P5 {width} {height} 255\n".encode())
        for row in rows:
            pixels = bytes(0 if dark else 255 for dark in row for _ in range(scale))
            image.write(pixels * scale)


def decode(path) -> str:
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.fail("zbarimg is needed for this test: apt-get install zbar-tools (.ci/run installs it)")
    result = subprocess.run([zbarimg, "-q", "--raw", str(path)], capture_output=True, text=True, timeout=60)
    return result.stdout.strip()


async def shown_lines(app) -> list[str]:
    screen = app.screen
    assert isinstance(screen, QRScreen)
    widget = screen.query_one("#qr")
    assert widget.display, "the code is drawn"
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    styles = {seg.style.bgcolor.triplet.hex for strip in strips for seg in strip if seg.style and seg.style.bgcolor}
    assert styles == {"#ffffff"}, "dark modules on a light background"
    return [strip.text for strip in strips]


async def test_a_60_character_link_scans_at_80x24(app_factory, workspace, deployment, tmp_path):
    session = workspace.start(deployment, "deployment-parameters", share_url=URL)
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen_to_pgm(await shown_lines(app), tmp_path / "qr.pgm")
    assert decode(tmp_path / "qr.pgm") == URL


async def test_the_decisions_scan_as_text_on_a_larger_terminal(app_factory, workspace, deployment, tmp_path):
    session = workspace.start(deployment, "deployment-parameters", team="Leadership")
    session.go_to("cycle")
    session.record_decision("cycle", choice="quarterly", decision="")
    app = app_factory(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen_to_pgm(await shown_lines(app), tmp_path / "qr.pgm")
    text = decode(tmp_path / "qr.pgm")
    assert text.startswith(f"{deployment.title} - Leadership")
    assert f"Cycle length: {deployment.step('cycle').option('quarterly').label}" in text


async def test_too_small_a_terminal_says_so(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters", share_url=URL)
    app = app_factory(session)
    async with app.run_test(size=(40, 15)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert not app.screen.query_one("#qr").display
        assert "too small to show the QR code" in str(app.screen.query_one("#qr-caption").render())
        await pilot.press("escape")
        assert not isinstance(app.screen, QRScreen)
