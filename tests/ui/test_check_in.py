"""A check-in run as a coach runs it: the key results in force, a value and a confidence per key result, the
status and the trend, and the hand-over to reflect-and-reset."""

from __future__ import annotations

from facilitator.screens.check_in import CheckInScreen
from facilitator.screens.facilitate import FacilitateScreen
from tests.cycle_data import drafted_cycle, start_check_in
from tests.ui.screen import paste, screen_text


async def open_sheet(pilot, session):
    session.go_to("round")
    pilot.app.screen.show_step()
    await pilot.press("d")
    assert isinstance(pilot.app.screen, CheckInScreen)


async def test_a_check_in_finds_the_key_results_in_force_and_records_value_and_confidence(
        app_factory, workspace, store):
    drafts = drafted_cycle(workspace)
    session = start_check_in(workspace)
    assert session.check_ins.source == drafts.state.id, "names match without case or spaces"
    app = app_factory(session)
    async with app.run_test(size=(100, 32)) as pilot:
        text = screen_text(app)
        assert "Open actions from this cycle (1)" in text and "Interview five churned customers" in text
        await open_sheet(pilot, session)
        assert "Raise week-1 activation" in screen_text(app) and "32 → 45 %" in screen_text(app)
        # a value, tab, a confidence, enter: saved, and on to the next key result
        await paste(pilot, "38,5")
        await pilot.press("tab")
        await paste(pilot, "0.8")
        await pilot.press("enter")
        assert app.focused.id == "value-kr2"
        saved = store.load_session(session.state.id)["check_in"]["entries"]["kr1"]
        assert saved["value"] == 38.5 and saved["confidence"] == 0.8
        assert saved["status"] in ("on-track", "at-risk", "off-track")
        await paste(pilot, "118")
        await pilot.press("tab")
        await paste(pilot, "0.3")
        await pilot.press("tab", "tab")
        await paste(pilot, "No support data access")
        await pilot.press("tab")
        await paste(pilot, "Bo")
        await pilot.press("enter")
        kr2 = store.load_session(session.state.id)["check_in"]["entries"]["kr2"]
        assert kr2["status"] == "off-track"  # barely moved late in the cycle, and low confidence
        assert kr2["blockers"] == [{"text": "No support data access", "owner": "Bo"}]
        await pilot.press("escape")
        assert isinstance(app.screen, FacilitateScreen)
        assert "2 of 2 key results checked in" in screen_text(app)
        session.go_to("at-risk")
        app.screen.show_step()
        await pilot.pause()
        text = screen_text(app)
        assert "Cut onboarding tickets (off track)" in text and "blocker: No support data access (Bo)" in text
        assert "What changed since last time?" in text


async def test_a_bad_value_is_refused_with_the_reason_and_nothing_is_saved(app_factory, workspace, store):
    drafted_cycle(workspace)
    session = start_check_in(workspace)
    app = app_factory(session)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_sheet(pilot, session)
        await paste(pilot, "lots")
        await pilot.press("enter")
        assert any("'lots' is not a value" in n.message for n in app._notifications)
        assert app.focused.id == "value-kr1"
        assert store.load_session(session.state.id)["check_in"]["entries"] == {}


async def test_no_key_results_found_is_said_loudly(app_factory, workspace):
    session = start_check_in(workspace, team="Nobody")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "NO KEY RESULTS FOUND" in screen_text(app)
        session.go_to("round")
        app.screen.show_step()
        await pilot.press("d")
        assert "NO KEY RESULTS FOUND" in screen_text(app)


def test_the_second_check_in_sees_the_first_and_flags_a_drop_in_confidence(workspace, wall):
    drafted_cycle(workspace)
    first = start_check_in(workspace)
    first.check_ins.record("kr1", value=35, confidence=0.8)
    first.add_action("Ship the onboarding email", owner="Kim", due="2026-12-10")
    second = start_check_in(workspace)
    assert [h["session_id"] for h in second.check_ins.earlier()] == [first.state.id]
    assert "Ship the onboarding email" in [a["text"] for a in second.check_ins.open_actions()]
    second.check_ins.record("kr1", value=36, confidence=0.4)
    row = next(r for r in second.check_ins.rows() if r.key_result.id == "kr1")
    assert row.trend.confidence_series == [0.8, 0.4]
    assert row.trend.confidence_dropped(second.check_ins.rules().scale)


async def test_reflect_and_reset_starts_from_the_last_check_in(app_factory, workspace):
    from facilitator.core import catalog
    from facilitator.screens.reflection import ReflectionScreen

    drafts = drafted_cycle(workspace)
    check_in = start_check_in(workspace)
    check_in.check_ins.record("kr1", value=38.5, confidence=0.6)
    workshop, ref = catalog.resolve("reflect-and-reset")
    session = workspace.start(workshop, ref, organization="Acme", team="Platform")
    assert session.state.previous_session == drafts.state.id, "the drafting session is scored, not the check-in"
    app = app_factory(session)
    async with app.run_test(size=(110, 32)) as pilot:
        session.go_to("score-key-results")
        app.screen.show_step()
        await pilot.press("d")
        assert isinstance(app.screen, ReflectionScreen)
        assert app.screen.query_one("#score-kr1").value == "0.5"  # 38.5 of 32 → 45
        assert app.screen.query_one("#score-kr2").value == ""  # never checked in: the room scores it
        labels = " ".join(str(label.render()) for label in app.screen.query("Label"))
        assert "last check-in: 38.5, confidence 0.6" in labels


def _history(n: int) -> list[dict]:
    return [{"session_id": f"earlier-{i}", "at": f"2026-10-{i + 1:02d}",
             "entries": {"kr1": {"key_result_id": "kr1", "value": 32 + i, "confidence": 0.9 - i * 0.05,
                                 "status": "on-track"}}} for i in range(n)]


async def test_sparklines_with_one_two_and_twelve_check_ins(app_factory, workspace):
    from textual.widgets import Sparkline

    drafted_cycle(workspace)
    session = start_check_in(workspace)
    session.check_ins.record("kr1", value=40, confidence=0.5)
    for earlier, points in ((0, 1), (1, 2), (11, 12)):
        session.state.check_in["history"] = _history(earlier)
        app = app_factory(session)
        async with app.run_test(size=(100, 32)) as pilot:
            await open_sheet(pilot, session)
            progress = app.screen.query_one("#spark-kr1", Sparkline)
            confidence = app.screen.query_one("#conf-spark-kr1", Sparkline)
            assert len(list(progress.data)) == points and len(list(confidence.data)) == points
            assert list(confidence.data)[-1] == 0.5
            if points > 1:
                assert f"{points} check-ins" in screen_text(app)
            await pilot.press("escape", "s")
            assert "Where the key results stand" in screen_text(app)


async def test_the_check_in_sheet_at_80x24_and_120x40(app_factory, workspace):
    drafted_cycle(workspace)
    session = start_check_in(workspace)
    for size in ((80, 24), (120, 40)):
        app = app_factory(session)
        async with app.run_test(size=size) as pilot:
            await open_sheet(pilot, session)
            text = screen_text(app)
            assert "Raise week-1 activation" in text and "saves and goes on" in text
            assert "Save all" in text or "^s" in text


def test_the_first_check_in_lists_the_actions_the_teams_setup_left_open(workspace):
    drafted_cycle(workspace)
    setup = next(s for s in workspace.sessions() if s.workshop_id == "deployment-parameters")
    deployment = workspace.resume(setup.id)
    deployment.add_action("Tell all staff about OKRs at the Monday meeting", owner="Kim", due="2026-12-07")
    done = deployment.add_action("Book the drafting room", owner="Kim", due="2026-12-01")
    deployment.set_action_done(done.id, True)
    session = start_check_in(workspace)
    actions = [a["text"] for a in session.check_ins.open_actions()]
    assert actions[0] == "Tell all staff about OKRs at the Monday meeting", "the setup's actions come first"
    assert "Interview five churned customers" in actions and "Book the drafting room" not in actions, "done: gone"


async def test_a_german_check_in_reads_german_on_the_step_and_the_sheet(app_factory, workspace, store):
    from facilitator import i18n
    from facilitator.core import catalog

    drafted_cycle(workspace)
    first = start_check_in(workspace)
    first.check_ins.record("kr1", value=34, confidence=0.8)
    session = workspace.start(*catalog.resolve("de/check-in"), organization="Acme", team="Platform")
    session.check_ins.record("kr1", value=34.5, confidence=0.2)
    i18n.set_language("de")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        session.go_to("at-risk")
        app.screen.show_step()
        await pilot.pause()
        text = screen_text(app)
        assert "Zuversicht seit dem letzten Mal gesunken" in text and "Was bringt es wieder auf Kurs?" in text
        for english in ("What changed", "confidence dropped", "Ask of each", "off track"):
            assert english not in text, english
        await open_sheet(pilot, session)
        text = screen_text(app)
        assert "32 → 45 %" in text and "zuletzt: 34, Zuversicht 0,8" in text and "34,5 0,2" in text
        assert "Tag 62 von 91 (68 %)" in text
        await paste(pilot, "viel")  # typed into the value already there: "34,5viel"
        await pilot.press("enter")
        assert any("ist kein Wert für 'Raise week-1 activation': Schreib eine Zahl wie 38,5" in n.message
                   for n in app._notifications), [n.message for n in app._notifications]
