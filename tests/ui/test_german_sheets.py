"""Reflect-and-reset's scoring sheet and the parking lot review in German: the verdicts, the placeholders and
what a carried point says are German; what is saved keeps its ids."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Select

from facilitator import i18n
from facilitator.core import catalog
from facilitator.screens.parking_review import ParkingReviewScreen
from facilitator.screens.reflection import ReflectionScreen
from tests.ui.test_reflect_and_reset import earlier_cycle


async def test_the_german_scoring_sheet_offers_german_verdicts_and_keeps_the_ids(app_factory, workspace):
    earlier_cycle(workspace)
    i18n.set_language("de")
    workshop, ref = catalog.resolve("reflect-and-reset", language="de")
    session = workspace.start(workshop, ref, organization="Acme", team="Platform")
    session.go_to("score-key-results")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        sheet = app.screen
        assert isinstance(sheet, ReflectionScreen)
        verdict = sheet.query_one("#verdict-kr1", Select)
        assert [str(label) for label, _value in verdict._options] == ["behalten", "ändern", "streichen",
                                                                      "noch nicht"]
        assert sheet.query_one("#score-kr1", Input).placeholder == "Score"
        sheet.query_one("#score-kr1", Input).value = "0,6"
        verdict.value = "modify"
        sheet.query_one("#score-kr2", Input).value = "zwei"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("„zwei“ ist keine Bewertung (Key Result: Cut onboarding tickets)" in str(n.message)
                   for n in app._notifications)
        sheet.query_one("#score-kr2", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert session.state.reflections["kr1"]["verdict"] == "modify" and session.state.reflections["kr1"]["score"] == 0.6


async def test_the_german_parking_lot_review_says_where_a_carried_point_comes_from(app_factory, workspace):
    i18n.set_language("de")
    workshop, ref = catalog.resolve("deployment-parameters", language="de")
    session = workspace.start(workshop, ref, organization="Acme", team="Platform")
    session.park("Wer zahlt das Tool?")
    session.carry_in([{"text": "Budget Q3", "note": "Finanzen fragen"}], "20261101-abc123")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("K")
        screen = app.screen
        assert isinstance(screen, ParkingReviewScreen)
        prompts = [str(screen.query_one(OptionList).get_option_at_index(i).prompt) for i in range(2)]
        assert prompts == ["[offen] Wer zahlt das Tool?",
                           "[offen] Budget Q3 · mitgenommen aus Session 20261101-abc123: Finanzen fragen"]
    assert session.state.parking_lot[1].note == "carried from session 20261101-abc123: Finanzen fragen"
