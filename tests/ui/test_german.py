"""The app in German: the facilitate screen, its key bar, help and dialogs speak German when the language is
German (--lang de or LANG=de_DE.UTF-8), and the German workshop script runs by its base id."""

from __future__ import annotations

from textual.widgets import Checkbox, Static

from facilitator import i18n
from facilitator.core import catalog
from facilitator.core.session import Session
from facilitator.screens.decision import DecisionScreen
from facilitator.screens.facilitate import FacilitateScreen
from facilitator.screens.help import HelpScreen
from tests.ui.screen import screen_text


def _german_session(store, clock, language: str):
    chosen = i18n.set_language(None, {"LANG": language})
    workshop, ref = catalog.resolve("deployment-parameters", language=chosen)
    return Session.start(workshop, store, workshop_ref=ref, organization="Acme", team="Führung", clock=clock)


async def test_lang_de_de_gives_a_german_facilitate_screen(app_factory, store, clock):
    session = _german_session(store, clock, "de_DE.UTF-8")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, FacilitateScreen)
        text = screen_text(app)
        assert "Einstieg" in text and "Agenda" in text
        assert "Weiter" in text and "Entscheiden" in text and "Beenden" in text  # the key bar
        assert "Next" not in text and "Decide" not in text
        session.go_to("level")
        app.screen.show_step()
        await pilot.pause()
        assert "Entscheidung: OKR-Ebenen" in screen_text(app)
        assert "Noch nicht entschieden" in screen_text(app)
        await pilot.press("d")
        assert isinstance(app.screen, DecisionScreen)
        # the dialog may open scrolled anywhere: read its title and its park checkbox from the widgets
        assert "Entscheiden: OKR-Ebenen" in str(app.screen.query_one("#dialog-title", Static).content)
        assert "Parken: später entscheiden" in str(app.screen.query_one(Checkbox).label)
        await pilot.press("escape")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Tasten beim Moderieren" in screen_text(app) and "Nächster Schritt" in screen_text(app)


async def test_english_stays_english(app_factory, store, clock):
    session = _german_session(store, clock, "C.UTF-8")
    assert session.workshop.language == "en"
    app = app_factory(session)
    async with app.run_test(size=(80, 24)):
        text = screen_text(app)
        assert "Opening" in text and "Next" in text and "Weiter" not in text
