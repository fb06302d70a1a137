"""The decision dialog on a numeric parameter in German: the room's numbers are named, shown and checked in
German, and what is saved keeps its ids."""

from __future__ import annotations

from textual.widgets import Input, Label

from facilitator import i18n
from facilitator.core import catalog
from facilitator.core.session import Session
from facilitator.screens.decision import DecisionScreen


async def test_the_rooms_numbers_in_a_german_decision_dialog(app_factory, store, clock):
    i18n.set_language("de")
    workshop, ref = catalog.resolve("deployment-parameters", language="de")
    session = Session.start(workshop, store, workshop_ref=ref, organization="Acme", team="Führung", clock=clock)
    session.go_to("scoring")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        screen = app.screen
        assert isinstance(screen, DecisionScreen)
        labels = [str(label.content) for label in screen.query(".value-label").results(Label)]
        assert labels == ["Bewertungsskala", "Zuversichtsskala (oder keine)", "Check-in alle ... Wochen"]
        await pilot.press("2")  # percent, monthly
        assert screen.query_one("#value-scale", Input).value == "Prozent"
        screen.query_one("#value-check_in_weeks", Input).value = "alle 2 Wochen"
        screen.query_one("#value-confidence", Input).value = "keine"
        await pilot.press("ctrl+s")
        await pilot.pause()
    values = session.state.decisions["scoring"].values
    assert values == {"scale": {"name": "percent", "min": 0, "max": 100}, "confidence": None, "check_in_weeks": 2}


async def test_a_wrong_number_is_named_in_german_and_its_field_gets_the_cursor(app_factory, store, clock):
    i18n.set_language("de")
    workshop, ref = catalog.resolve("deployment-parameters", language="de")
    session = Session.start(workshop, store, workshop_ref=ref, clock=clock)
    session.go_to("number")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d", "1")
        screen = app.screen
        screen.query_one("#value-objectives", Input).value = "viele"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen), "the dialog stays open"
        assert any("Objectives pro Ebene, höchstens: „viele“ ist keine ganze Zahl" in str(n.message)
                   for n in app._notifications)
        assert screen.query_one("#value-objectives", Input).has_focus
