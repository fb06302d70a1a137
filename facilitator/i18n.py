"""The interface's language: Python's own gettext, with English (the source text) for anything untranslated.

Every string a person reads goes through `_()` (or `ngettext()` where a count decides the form). The language is
chosen once per process by `set_language()`: the command line's `--lang`, else the environment as gettext reads
it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). Until then the environment decides, on first use.

`_()` looks the text up when it is called, never when a module is imported, so a string that must be written at
import time (a class's BINDINGS, a table of labels) is marked with `N_()` and translated where it is shown.
Translate the template, format after: `_("Saved {n} notes").format(n=n)`, never `_(f"...")`.

The catalogues are facilitator/locale/<lang>/LC_MESSAGES/facilitator.po (the translators' file) and its compiled
.mo, both committed, so an installed package needs no build step; tests/test_i18n.py fails when a .mo is older
than its .po or a string in the code is missing from a catalogue. See docs/translating.md for the commands.

No Textual here: core imports this module too.
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "facilitator"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"
# The variables gettext reads, in its order: the first one set decides (LANGUAGE may list several, "de:en").
ENV_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_TAG = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")

_lock = threading.Lock()
_translation: _gettext.NullTranslations | None = None
_language = SOURCE_LANGUAGE


def N_(message: str) -> str:
    """Marks a string for the catalogue without translating it: it is translated with `_()` where it is shown."""
    return message


def _(message: str) -> str:
    return _current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current().ngettext(singular, plural, n)


# The languages that write 3,5 where English writes 3.5.
DECIMAL_COMMA = frozenset({"de", "fr", "es", "it", "nl", "pt"})


def local_decimal(text: str) -> str:
    """A number written the English way ("3.5", "38.5 %") as the language spoken now writes it ("3,5")."""
    return text.replace(".", ",") if language() in DECIMAL_COMMA else text


def language() -> str:
    """The language the interface speaks now: 'de', or 'en' when nothing else was found."""
    _current()
    return _language


def available() -> tuple[str, ...]:
    """The languages with a catalogue, English (the source text) first."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (SOURCE_LANGUAGE, *[lang for lang in found if lang != SOURCE_LANGUAGE])


def is_language_tag(text: str) -> bool:
    """'de', 'de_DE', 'de-CH', 'pt_BR': what --lang and a workshop's `language` accept."""
    return bool(_TAG.match(text or ""))


def base_language(tag: str) -> str:
    """'de_DE.UTF-8' -> 'de', 'pt-BR' -> 'pt', 'C'/'POSIX'/'' -> 'en'."""
    tag = (tag or "").split(".")[0].split("@")[0]
    if tag in ("", "C", "POSIX"):
        return SOURCE_LANGUAGE
    return tag.replace("-", "_").split("_")[0].lower()


def requested_languages(lang: str | None = None, environ: Mapping[str, str] | None = None) -> list[str]:
    """What the person asked for, most wanted first: --lang, else the first environment variable that is set."""
    if lang:
        return [lang.replace("-", "_")]
    environ = os.environ if environ is None else environ
    for name in ENV_VARIABLES:
        value = environ.get(name, "")
        if value:
            return [v for v in value.split(":") if v] if name == "LANGUAGE" else [value]
    return []


def choose(lang: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to speak: the first one asked for that has a catalogue, else English."""
    known = set(available())
    for wanted in requested_languages(lang, environ):
        for candidate in (wanted.split(".")[0].split("@")[0].replace("-", "_"), base_language(wanted)):
            if candidate in known:
                return candidate
            if base_language(candidate) == SOURCE_LANGUAGE:
                return SOURCE_LANGUAGE  # "en_GB" before "de" in LANGUAGE: English was wanted first
    return SOURCE_LANGUAGE


def set_language(lang: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """Speak `lang` (or what the environment asks for) from now on; returns the language chosen."""
    global _translation, _language
    chosen = choose(lang, environ)
    translation = _load(chosen)
    with _lock:
        _translation, _language = translation, chosen
    return chosen


@contextmanager
def using(lang: str | None) -> Iterator[str]:
    """For a while, speak `lang` (an export in the session's language); then what was spoken before."""
    global _translation, _language
    before = (_current(), _language)
    chosen = choose(lang, {}) if lang else before[1]
    with _lock:
        _translation, _language = _load(chosen), chosen
    try:
        yield chosen
    finally:
        with _lock:
            _translation, _language = before


def _load(lang: str) -> _gettext.NullTranslations:
    if lang == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _current() -> _gettext.NullTranslations:
    if _translation is None:
        set_language()
    assert _translation is not None
    return _translation


def install_argparse() -> None:
    """argparse writes its own words ("usage:", "options", "error:") through the stdlib's gettext at call time:
    pointing those at our catalogue lets a German command line say them in German too (see argparse_text.py)."""
    import argparse

    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
