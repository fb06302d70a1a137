"""The interface's language: catalogues that match the code, the language a person asks for, English fallback."""

from __future__ import annotations

import gettext
import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from facilitator import i18n
from facilitator.cli import main

REPO = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(i18n.LOCALE_DIR.glob(f"*/LC_MESSAGES/{i18n.DOMAIN}.po"))


def _read(po: Path):
    with po.open("rb") as fh:
        return read_po(fh, locale=po.parent.parent.name)


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def _ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


def test_there_is_a_german_catalogue():
    assert "de" in i18n.available()
    assert any(p.parent.parent.name == "de" for p in CATALOGUES)


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_the_compiled_catalogue_is_the_po_file(po):
    """The .mo is committed so an installed package needs no build step: it must say what the .po says
    (after editing a .po: pybabel compile -d facilitator/locale -D facilitator, see docs/translating.md)."""
    catalogue = _read(po)
    with po.with_suffix(".mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for message in catalogue:
        if not message.id or message.fuzzy or not all(_strings(message)):
            continue
        if isinstance(message.id, tuple | list):
            got = [compiled.ngettext(message.id[0], message.id[1], n) for n in (1, 2)]
            if got != _strings(message)[:2]:
                stale.append(message.id[0])
        elif compiled.gettext(message.id) != message.string:
            stale.append(message.id)
    assert not stale, f"{po.with_suffix('.mo')} is older than its .po for: {stale[:5]}"


_BRACES = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")
_PERCENT = re.compile(r"%(?:\([a-z_]+\))?[-#0 +]*\d*(?:\.\d+)?[sdrfi%]")
_MARKUP = re.compile(r"\[/?[a-z@$][^\[\]]*\]")


def _shape(text: str) -> tuple[Counter, Counter, Counter]:
    return Counter(_BRACES.findall(text)), Counter(_PERCENT.findall(text)), Counter(_MARKUP.findall(text))


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_translations_keep_every_placeholder_and_markup_tag(po):
    """A translation that drops `{team}` breaks `.format()`; one that drops `[/b]` breaks the screen's markup."""
    wrong = []
    for message in _read(po):
        if not message.id:
            continue
        for source, translated in zip(_ids(message) * 2, _strings(message), strict=False):
            if translated and _shape(source) != _shape(translated):
                wrong.append((source, translated))
    assert not wrong, wrong[:5]


def test_the_environment_chooses_the_language_in_gettexts_order():
    assert i18n.choose(None, {"LANG": "de_DE.UTF-8"}) == "de"
    assert i18n.choose(None, {"LC_MESSAGES": "de_AT.UTF-8", "LANG": "en_US.UTF-8"}) == "de"
    assert i18n.choose(None, {"LC_ALL": "C.UTF-8", "LANG": "de_DE.UTF-8"}) == "en"  # LC_ALL wins, as in C
    assert i18n.choose(None, {"LANGUAGE": "fr:de", "LANG": "en_US.UTF-8"}) == "de"  # the first one we have
    assert i18n.choose(None, {"LANGUAGE": "en_GB:de"}) == "en"
    assert i18n.choose(None, {}) == "en"
    assert i18n.choose("de", {"LANG": "en_US.UTF-8"}) == "de"  # --lang over the environment
    assert i18n.choose("de-CH", {}) == "de"
    assert i18n.choose("fr", {"LANG": "de_DE.UTF-8"}) == "en"  # asked for one we do not have: the source text


def test_untranslated_text_falls_back_to_english():
    i18n.set_language("de")
    assert i18n._("usage: ") == "Aufruf: "
    assert i18n._("A sentence no catalogue has") == "A sentence no catalogue has"
    assert i18n.ngettext("one step", "{n} steps", 3) == "{n} steps"


def test_using_switches_for_a_while_and_back():
    i18n.set_language("en")
    with i18n.using("de") as chosen:
        assert chosen == "de" and i18n._("options") == "Optionen"
    assert i18n.language() == "en" and i18n._("options") == "options"


def test_lang_gives_a_german_command_line(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "de", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("Aufruf: facilitator") and "Optionen:" in out


def test_lang_de_de_in_the_environment_gives_german(monkeypatch, capsys):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    with pytest.raises(SystemExit):
        main(["export", "--format", "nonsense"])
    err = capsys.readouterr().err
    assert "Fehler" in err and "ungültige Wahl: 'nonsense'" in err


def test_an_unknown_language_says_so_and_speaks_english(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "fr", "--help"])
    captured = capsys.readouterr()
    assert captured.out.startswith("usage: facilitator")
    assert "no fr translation yet" in captured.err


def test_a_malformed_language_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "de!", "workshops"])
    assert exit_info.value.code == 2
    assert "'de!' is not a language" in capsys.readouterr().err


def test_every_string_in_the_code_is_translated_in_the_german_catalogue():
    """Extracted with Babel, as `pybabel extract -F babel.cfg` does: a new `_()` string without its German
    fails here, with the command that brings it into the catalogue (docs/translating.md)."""
    from babel.messages.extract import extract_from_dir

    used = {message if isinstance(message, str) else message[0]
            for _file, _line, message, _comments, _context in extract_from_dir(
                str(REPO), method_map=[("facilitator/**.py", "python")])}
    assert "Keys while facilitating" in used and "usage: " in used  # the extraction really read the package
    catalogue = _read(i18n.LOCALE_DIR / "de" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po")
    translated = {_ids(m)[0] for m in catalogue if m.id and not m.fuzzy and all(_strings(m))}
    missing = sorted(used - translated)
    assert not missing, (f"{len(missing)} strings have no German yet (pybabel extract/update, translate, compile: "
                         f"see docs/translating.md): {missing[:10]}")


def test_workshops_lists_each_original_with_its_translations(capsys):
    assert main(["--lang", "de", "workshops"]) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    refs = [line[0] for line in lines]
    assert refs.index("de/deployment-parameters") == refs.index("deployment-parameters") + 1
    assert lines[refs.index("de/deployment-parameters")][1] == "de"
    assert "Schritte," in lines[0]  # the command line speaks German, the titles are each script's own


def test_exports_are_the_same_whatever_the_interface_speaks(tmp_path):
    """Ids, keys and the v1 schema are never translated, and a follow-up of an English session stays English."""
    from facilitator.core import catalog
    from facilitator.core.session import Session
    from facilitator.store import Store
    from facilitator.workspace import Workspace

    with Store(tmp_path / "db.json") as store:
        workshop, ref = catalog.resolve("deployment-parameters")
        session = Session.start(workshop, store, workshop_ref=ref, organization="Acme", team="Leadership")
        session.go_to("number")
        session.record_decision("number", choice="three-by-five", decision="")
        workspace = Workspace(store)
        english = {fmt: workspace.export(session.state.id, fmt) for fmt in ("yaml", "markdown", "csv")}
        i18n.set_language("de")
        assert {fmt: workspace.export(session.state.id, fmt) for fmt in english} == english
        assert i18n.language() == "de"  # and the interface still speaks German afterwards


def test_a_german_sessions_follow_up_has_german_headings_and_its_yaml_is_unchanged(tmp_path):
    from facilitator.core import catalog
    from facilitator.core.session import Session
    from facilitator.store import Store
    from facilitator.workspace import Workspace

    with Store(tmp_path / "db.json") as store:
        workshop, ref = catalog.resolve("de/deployment-parameters")
        session = Session.start(workshop, store, workshop_ref=ref, organization="Acme", team="Leitung")
        session.go_to("number")
        session.record_decision("number", choice="three-by-five", decision="Bis zu 3 Objectives")
        session.add_action("Alle informieren", owner="Kim", due="2026-12-07")
        workspace = Workspace(store)
        markdown = workspace.export(session.state.id, "markdown")
        assert "## Entscheidungen" in markdown and "## Aktionsplan" in markdown
        assert "| Was | Verantwortlich | Fällig |" in markdown and "## Decisions" not in markdown
        assert "**1 von 10 Parametern entschieden, 9 noch offen.**" in markdown
        assert "(noch nicht entschieden): Wie lang ist ein Zyklus, und wann beginnt" in markdown
        assert "## Action plan" in workspace.export(session.state.id, "markdown", language="en"), "--lang en asks"
        html = workspace.export(session.state.id, "html")
        assert '<html lang="de">' in html and ">Aktionsplan</h2>" in html
        yaml_text = workspace.export(session.state.id, "yaml")
        i18n.set_language("de")
        assert workspace.export(session.state.id, "yaml") == yaml_text, "tools read the same record"
