"""The word lists per language: built in, added by a coach without a release, and telling a draft's language."""

from importlib import resources

import pytest
import yaml

from facilitator.core import okr_lexicon
from facilitator.core.okr_lexicon import LEXICON_DIR_ENV, detect, languages, lexicon, lexicon_problems, reload_lexicons
from facilitator.core.okr_text import facts

BUILT_IN = ("en", "de", "es", "fr")


@pytest.fixture
def coach_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(LEXICON_DIR_ENV, str(tmp_path))
    reload_lexicons()
    yield tmp_path
    monkeypatch.delenv(LEXICON_DIR_ENV)
    reload_lexicons()


def _raw(code: str) -> dict:
    return yaml.safe_load(resources.files("facilitator.core").joinpath("lexicon", f"{code}.yaml").read_text("utf-8"))


@pytest.mark.parametrize("code", BUILT_IN)
def test_each_built_in_lexicon_has_every_list_and_only_text(code):
    data = _raw(code)
    assert okr_lexicon.shape_problem(data) == ""
    assert set(_raw("en")) <= set(data), f"{code} lacks {set(_raw('en')) - set(data)}"
    assert code in languages()


@pytest.mark.parametrize("code", [c for c in BUILT_IN if c != "en"])
def test_each_other_language_reads_its_own_numbers_and_dates(code):
    assert {"numbers", "time"} <= set(_raw(code))


def test_a_coach_adds_a_language_by_dropping_a_file(coach_folder):
    (coach_folder / "nl.yaml").write_text(
        "task_verbs: [lanceer, lanceren]\nvague_verbs: [verbeter, verbeteren]\n"
        "markers: [de, het, een, en, van, onze, voor, met]\n"
        "numbers: {decimal: ',', from: [van], to: [naar]}\n"
        "time: {months: [juni], deadline_words: [voor, tegen], quarter_letters: [q, k]}\n", encoding="utf-8")
    reload_lexicons()
    assert "nl" in languages()
    f = facts("Verhoog de conversie van 2,5 % naar 4 % voor juni", "nl")
    assert (f.start, f.target, f.deadline) == (2.5, 4.0, True)
    assert facts("Lanceer de nieuwe app", "nl").opening_task == "Lanceer"
    assert facts("Verbeter onze klantenservice voor het mkb", "en").language == "nl"


def test_a_coach_adds_words_to_a_built_in_language(coach_folder):
    assert facts("Neues Intranet ausschreiben", "de").opening_task == ""
    (coach_folder / "de.yaml").write_text("task_verbs: [ausschreiben, schreibe aus]\n", encoding="utf-8")
    reload_lexicons()
    assert facts("Neues Intranet ausschreiben", "de").opening_task == "ausschreiben"
    assert "einführen" in lexicon("de")["task_verbs"], "the built-in words stay"


@pytest.mark.parametrize("name, text, problem", [
    ("pt.yaml", "task_verbs: [lançar, on]\n", "is not text"),
    ("it.yaml", "- not\n- a mapping\n", "mapping"),
    ("xx-.yaml", "task_verbs: [a]\n", "not a language code"),
    ("sv.yaml", "task_verbs: [unclosed\n", "sv.yaml"),
])
def test_a_broken_coach_file_is_skipped_and_named(coach_folder, name, text, problem):
    (coach_folder / name).write_text(text, encoding="utf-8")
    reload_lexicons()
    assert languages() == BUILT_IN
    assert any(problem in p and name in p for p in lexicon_problems()), lexicon_problems()
    assert facts("Launch the new app", "en").opening_task == "Launch"


def test_an_unknown_language_reads_as_english():
    assert facts("Launch the new portal", "xx").opening_task == "Launch"


@pytest.mark.parametrize("text, expected", [
    ("Die Kündigungsquote unserer Neukunden auf 3 % senken", "de"),
    ("Réduire le taux de désabonnement des nouveaux clients à 3 %", "fr"),
    ("Reducir la tasa de bajas de los nuevos clientes al 3 %", "es"),
    ("Cut churn of new customers to 3%", "en"),
    ("NPS 45", "fr"),
])
def test_the_language_is_told_from_the_words(text, expected):
    assert detect(text, default="fr") == expected
