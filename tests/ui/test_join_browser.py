"""End to end: the app under run_test opens the room on 127.0.0.1, a real headless Chromium with a phone's
viewport joins by the URL, votes, and sees the reveal arrive by polling; the coach's screen shows the counts.

The browser is Debian's `chromium` package (installed by .ci/run), driven through Playwright's Python API with
`executable_path`: Playwright's own browser download is never used. Without /usr/bin/chromium the test fails
and says so rather than skipping silently.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from facilitator.app import JoinOptions, make_app
from tests.ui.screen import screen_text

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def chromium() -> str:
    assert CHROMIUM.exists(), "the browser test needs Debian's chromium package (apt-get install chromium)"
    return str(CHROMIUM)


async def test_a_phone_joins_votes_and_sees_the_reveal(workspace, deployment, chromium):
    from playwright.async_api import async_playwright

    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("cycle")
    app = make_app(workspace, session, join=JoinOptions(host="127.0.0.1"))
    async with app.run_test(size=(100, 32)) as pilot, async_playwright() as playwright:
        await pilot.press("j", "1")
        await pilot.pause()
        url = app.join_server.url
        profile = tempfile.mkdtemp(prefix="facilitator-chromium-")
        browser = await playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium, headless=True, args=ARGS, viewport=PHONE, is_mobile=True,
            has_touch=True, env={**os.environ, "HOME": profile})
        try:
            page = browser.pages[0] if browser.pages else await browser.new_page()
            await page.goto(url)
            await page.fill("#name", "Ana")
            await page.click("text=Join the room")
            await page.wait_for_selector("text=You joined as Ana")
            await page.click("button[name=score][value='4']")
            await page.wait_for_selector("text=You sent:")
            assert "4 · support" in await page.inner_text(".sent")
            # the page fits a 360-px phone: nothing wider than the viewport
            assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            await pilot.pause()
            assert "1 joined · 1 answered" in screen_text(app)
            assert session.phones.active().answers and list(session.phones.active().answers.values()) == [4]
            await pilot.press("v")
            await pilot.pause()
            # no reload by hand: the page's 2-second poll sees the reveal and shows it
            await page.wait_for_selector("text=Revealed to the room", timeout=10_000)
            result = await page.inner_text(".result")
            assert "1 person answered" in result and "0 at 2 or less" in result
            await page.screenshot(path=str(Path(profile) / "phone.png"), full_page=True)
        finally:
            await browser.close()


async def test_during_a_check_in_a_phone_votes_confidence_and_the_coach_records_the_median(workspace, chromium):
    from playwright.async_api import async_playwright

    from tests.cycle_data import drafted_cycle, start_check_in

    drafted_cycle(workspace)
    session = start_check_in(workspace)
    session.go_to("round")
    app = make_app(workspace, session, join=JoinOptions(host="127.0.0.1"))
    async with app.run_test(size=(100, 32)) as pilot, async_playwright() as playwright:
        await pilot.press("j", "3", "enter")  # confidence in the first key result in force
        await pilot.pause()
        assert session.phones.active().target == "kr1"
        profile = tempfile.mkdtemp(prefix="facilitator-chromium-")
        browser = await playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium, headless=True, args=ARGS, viewport=PHONE, is_mobile=True,
            has_touch=True, env={**os.environ, "HOME": profile})
        try:
            page = browser.pages[0] if browser.pages else await browser.new_page()
            await page.goto(app.join_server.url)
            await page.click("text=Join the room")
            await page.wait_for_selector("text=Raise week-1 activation")
            await page.click("button[name=value][value='0.6']")
            await page.wait_for_selector("text=You sent:")
            assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], \
                "eleven choices still fit a 360-px phone"
            await pilot.pause()
            assert "1 joined · 1 answered" in screen_text(app)
            assert session.check_ins.entry("kr1") is None, "private until revealed: nothing in the check-in yet"
            await pilot.press("v", "u")
            await pilot.pause()
            await page.wait_for_selector("text=Revealed to the room", timeout=10_000)
            assert "median 0.6" in await page.inner_text(".result")
            assert session.check_ins.entry("kr1").confidence == 0.6
        finally:
            await browser.close()
