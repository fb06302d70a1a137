"""The language a session's drafts are read in: a setting of the session, chosen once and kept with it.

A new session takes the workshop's `language`; a workshop that names none takes the system's (LC_ALL,
LC_MESSAGES, LANG: "de_CH.UTF-8" is German), and English when the checks cannot read that one. The coach can
change it on the draft board. Whatever the setting, a draft whose words clearly tell another language is read
in that one (okr_lexicon.detect): a French key result on a German board is still read as French.
"""

from __future__ import annotations

import os

from facilitator.core.okr_lexicon import DEFAULT, languages, lexicon

# What each built-in language is called by those who speak it; a coach's own file may say with `name:`.
_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español"}


def known_language(code: str | None) -> str:
    """`code` when the checks can read it ("de-CH" reads as "de"), else English."""
    code = (code or "").strip().lower().replace("_", "-")
    available = languages()
    if code in available:
        return code
    base = code.split("-")[0]
    return base if base in available else DEFAULT


def language_name(code: str) -> str:
    name = lexicon(code).get("name") if code in languages() else None
    return str(name) if isinstance(name, str) and name.strip() else _NAMES.get(code, code)


def system_language(environ: dict[str, str] | None = None) -> str:
    """The language of the system's locale, when the checks can read it."""
    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return known_language(value.split(".")[0].split("@")[0])
    return DEFAULT


def session_language(workshop_language: str = "", environ: dict[str, str] | None = None) -> str:
    """The language a new session reads drafts in: the workshop's, else the system's."""
    if workshop_language:
        code = known_language(workshop_language)
        if code != DEFAULT or workshop_language.strip().lower()[:2] == DEFAULT:
            return code
    return system_language(environ)


def next_language(code: str) -> str:
    """The one after `code`, for a key that cycles through them."""
    available = languages()
    current = known_language(code)
    return available[(available.index(current) + 1) % len(available)]
