"""Workshops in more than one language: the `language` key, built-ins grouped by workshop, the version in the
room's language picked by the base id."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.core import catalog
from facilitator.core.loader import WorkshopError, parse_workshop

SCRIPT = """id: demo
title: {title}
version: 1
{language}description: d
steps:
  - id: hello
    title: {step}
    kind: intro
    timebox: 5
    prompt: p
"""


def _script(title: str = "Demo", step: str = "Hello", language: str | None = None) -> str:
    return SCRIPT.format(title=title, step=step, language=f"language: {language}\n" if language else "")


def test_language_is_optional_and_read_as_a_tag():
    assert parse_workshop(_script()).language == ""
    assert parse_workshop(_script(language="de")).language == "de"
    assert parse_workshop(_script(language="de_CH")).language == "de-CH"


def test_a_language_that_is_not_a_tag_is_a_located_problem():
    with pytest.raises(WorkshopError) as problem:
        parse_workshop(_script(language="'German!'"), "demo.yaml")
    assert "demo.yaml:4:" in str(problem.value) and "language" in str(problem.value)


@pytest.fixture
def builtins(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "de").mkdir()
    (tmp_path / "demo.yaml").write_text(_script(language="en"), encoding="utf-8")
    (tmp_path / "de" / "demo.yaml").write_text(_script("Vorführung", "Hallo", "de"), encoding="utf-8")
    (tmp_path / "other.yaml").write_text(_script("Other").replace("id: demo", "id: other"), encoding="utf-8")
    (tmp_path / "old-drafts").mkdir()  # a folder whose name is no language is not a translation
    (tmp_path / "old-drafts" / "x.yaml").write_text(_script(), encoding="utf-8")
    monkeypatch.setattr(catalog, "builtin_dir", lambda: tmp_path)
    return tmp_path


def test_translations_are_listed_after_their_original(builtins):
    """A top-level built-in is the English original, whether or not its file says so."""
    entries = catalog.list_builtin()
    assert [(e.ref, e.base, e.language) for e in entries] == [
        ("demo", "demo", "en"), ("de/demo", "demo", "de"), ("other", "other", "en")]


def test_the_base_id_runs_the_version_in_the_rooms_language(builtins):
    assert catalog.resolve("demo", language="de")[1] == "de/demo"
    assert catalog.resolve("demo", language="de-AT")[1] == "de/demo"
    assert catalog.resolve("demo", language="en")[1] == "demo"
    assert catalog.resolve("demo", language="fr")[1] == "demo"  # no French version: the original
    assert catalog.resolve("other", language="de")[1] == "other"
    workshop, ref = catalog.resolve("de/demo", language="en")  # a ref that names its language is taken as it is
    assert ref == "de/demo" and workshop.steps[0].title == "Hallo"


def test_without_a_language_the_ref_is_exactly_the_one_stored(builtins):
    """Resuming and importing name the ref a session was started with: the same script comes back."""
    assert catalog.resolve("demo")[1] == "demo"
    assert catalog.resolve("de/demo")[0].language == "de"


def test_every_english_built_in_says_its_language():
    originals = [e for e in catalog.list_builtin() if e.ref == e.base]
    assert originals and all(e.workshop is not None and e.workshop.language == "en" for e in originals)


TRANSLATED = [e for e in catalog.list_builtin() if e.ref != e.base]


def test_every_built_in_ships_in_german():
    originals = {e.ref for e in catalog.list_builtin() if e.ref == e.base}
    not_yet: set[str] = set()  # every built-in has its German version (issue 21)
    assert {e.base for e in TRANSLATED if e.language == "de"} == originals - not_yet


def _team_wording(workshop) -> set[str]:
    """Where a workshop has self-guided wording: its description, step fields, options' fields."""
    found = {f"workshop.{key}" for key, _text in workshop.self_guided}
    for step in workshop.steps:
        found |= {f"{step.id}.{key}" for key, _text in step.self_guided}
        found |= {f"{step.id}.{o.id}.{key}" for o in step.options for key, _text in o.self_guided}
    return found


@pytest.mark.parametrize("entry", TRANSLATED, ids=lambda e: e.ref)
def test_a_translation_speaks_to_a_team_on_its_own_wherever_its_original_does(entry):
    """A team running the German version alone reads the team's wording in the same places as in English (a
    translation may add some where its own words speak to a coach)."""
    assert _team_wording(catalog.resolve(entry.base)[0]) <= _team_wording(entry.workshop)


@pytest.mark.parametrize("entry", TRANSLATED, ids=lambda e: e.ref)
def test_a_translation_keeps_every_id_of_its_original(entry):
    """Same workshop, step, parameter and option ids, kinds and timeboxes: a German session's export is the same
    v1 document as an English one's, so reports compare them decision by decision."""
    original = catalog.resolve(entry.base)[0]
    translated = entry.workshop
    assert entry.error is None and translated is not None
    assert translated.language == entry.ref.split("/")[0]
    assert translated.id == original.id and translated.version == original.version
    shape = [(s.id, s.kind, s.timebox, s.parameter, s.timebox_per_key_result, s.show_rules,
              [(o.id, o.default) for o in s.options]) for s in original.steps]
    assert [(s.id, s.kind, s.timebox, s.parameter, s.timebox_per_key_result, s.show_rules,
             [(o.id, o.default) for o in s.options]) for s in translated.steps] == shape
    assert translated.title != original.title  # written in its language, not a copy


def test_run_takes_the_german_script_by_its_base_id():
    workshop, ref = catalog.resolve("okr-drafting", language="de")
    assert ref == "de/okr-drafting" and workshop.language == "de" and workshop.id == "okr-drafting"
