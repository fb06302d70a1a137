"""The word lists the coach reads drafts with, one file per language, and telling a draft's language.

The built-in lists live in facilitator/core/lexicon/<code>.yaml (en, de, fr, es). A coach adds a language, or
words to a built-in one, without a release: a file <code>.yaml in the lexicon folder of the user's config
folder (or of FACILITATOR_LEXICON_DIR) is read too. For a built-in language its lists are added to the
built-in ones; a new language stands on its own, and a list it leaves out is empty. A file that cannot be read
or is not a lexicon is skipped and named in `lexicon_problems()`: a typo in a coach's file never stops a board.

A draft in another language than the session's is read in its own language when the text tells: each
lexicon's `markers` (short words no other language uses) and `letters` (ä, ç, ñ) are counted, and the clear
winner is the language; a short or mixed text stays in the session's language.
"""

from __future__ import annotations

import os
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from facilitator.i18n import _

DEFAULT = "en"
LEXICON_DIR_ENV = "FACILITATOR_LEXICON_DIR"
MAX_BYTES = 512 * 1024
# "en", "de", "pt-br": a code that is safe as a file name and reads as a language
_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def valid_code(code: str) -> bool:
    return bool(_CODE.match(code))


def user_lexicon_dir() -> Path:
    override = os.environ.get(LEXICON_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("facilitator", appauthor=False) / "lexicon"


def _built_in_codes() -> tuple[str, ...]:
    folder = resources.files("facilitator.core").joinpath("lexicon")
    codes = sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))
    return (DEFAULT, *(c for c in codes if c != DEFAULT))  # English, the reference, first


def _read_user_files() -> tuple[dict[str, dict[str, Any]], tuple[str, ...]]:
    folder = user_lexicon_dir()
    found: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    try:
        paths = sorted(folder.glob("*.yaml"))
    except OSError:
        return {}, ()
    for path in paths:
        code = path.name[:-5].lower()
        if not valid_code(code):
            problems.append(_("{path}: not a language code (like de.yaml or pt-br.yaml); skipped").format(path=path))
            continue
        try:
            raw = path.read_bytes()[: MAX_BYTES + 1]
            if len(raw) > MAX_BYTES:
                raise ValueError(_("larger than {size} KiB").format(size=MAX_BYTES // 1024))
            data = yaml.safe_load(raw.decode("utf-8"))
            problem = shape_problem(data)
            if problem:
                raise ValueError(problem)
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
            problems.append(_("{path}: {reason}; skipped").format(path=path, reason=exc))
            continue
        found[code] = data
    return found, tuple(problems)


@cache
def _user_files() -> tuple[dict[str, dict[str, Any]], tuple[str, ...]]:
    return _read_user_files()


def shape_problem(data: Any) -> str:
    """Why `data` is not a lexicon, or "": a mapping of names to lists of words, or to mappings of them."""
    if not isinstance(data, dict):
        return _("a lexicon is a mapping of list names to lists of words")

    def plain(value: Any, where: str) -> str:
        if isinstance(value, str):
            return ""
        if isinstance(value, list):
            bad = next((v for v in value if not isinstance(v, str)), None)
            # YAML reads a bare `on`, `no` or `1` as a boolean or number: quote such words
            if bad is None:
                return ""
            return _("{where}: {value} is not text (quote it)").format(where=where, value=repr(bad))
        if isinstance(value, dict):
            return next((p for k, v in value.items() if (p := plain(v, f"{where}.{k}"))), "")
        return _("{where}: expected words, found {kind}").format(where=where, kind=type(value).__name__)

    return next((p for k, v in data.items() if (p := plain(v, str(k)))), "")


def lexicon_problems() -> tuple[str, ...]:
    """What was wrong with the coach's own lexicon files, said so a person can fix them."""
    return _user_files()[1]


@cache
def languages() -> tuple[str, ...]:
    """Every language the checks can read: built in, then added by the coach."""
    built_in = _built_in_codes()
    return built_in + tuple(sorted(c for c in _user_files()[0] if c not in built_in))


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if isinstance(old, list) and isinstance(value, list):
            merged[key] = old + [v for v in value if v not in old]
        elif isinstance(old, dict) and isinstance(value, dict):
            merged[key] = _merge(old, value)
        else:
            merged[key] = value
    return merged


@cache
def lexicon(language: str = DEFAULT) -> dict[str, Any]:
    """The word lists of `language`; an unknown language reads as English."""
    if language not in languages():
        language = DEFAULT
    data: dict[str, Any] = {}
    if language in _built_in_codes():
        text = resources.files("facilitator.core").joinpath("lexicon", f"{language}.yaml").read_text(
            encoding="utf-8")
        data = yaml.safe_load(text)
    extra = _user_files()[0].get(language)
    return _merge(data, extra) if extra else data


def reload_lexicons() -> None:
    """Forget what was read, so a coach's new file is seen (tests, and a long-running app after an edit)."""
    for function in (_user_files, languages, lexicon, _markers, detect):
        function.cache_clear()
    from facilitator.core import okr_text

    okr_text.forget()


# Lists whose words belong to one language; what two languages share ("live", "launch", "de") tells nothing.
_TELLING = ("markers", "keep_phrases", "task_verbs", "project_verbs", "vague_verbs", "increase_verbs", "decrease_verbs",
            "outcome_verbs", "keep_verbs", "gain_verbs", "done_states", "output_units", "generic_nouns",
            "common_words", "function_words", "months", "new_words")


@cache
def _markers() -> dict[str, tuple[frozenset[str], frozenset[str], str]]:
    words: dict[str, set[str]] = {}
    for code in languages():
        lex = lexicon(code)
        own = {w.lower().replace("’", "'") for key in _TELLING for w in lex.get(key) or () if isinstance(w, str)
               and " " not in w}
        own |= {w for family in (lex.get("families") or {}).values() for w in family or () if isinstance(w, str)}
        words[code] = own
    seen: dict[str, int] = {}
    for own in words.values():
        for w in own:
            seen[w] = seen.get(w, 0) + 1
    return {code: (frozenset(w for w in own if seen[w] == 1),
                   frozenset(w.lower() for w in lexicon(code).get("markers") or ()),
                   "".join(lexicon(code).get("letters") or ())) for code, own in words.items()}


@cache
def detect(text: str, default: str = DEFAULT) -> str:
    """The language `text` is written in, when its words tell clearly; else `default`.

    Each language scores a point for every word of its own lists that no other language's lists have (two for
    its `markers`, the short words that tell it best), and half a point for each of its letters (ä, ç, ñ).
    Another language than `default` wins only by a margin: two points more, or any point when `default` has
    none ("Publier 10 articles de blog" on a German board is French; "Customer Satisfaction verbessern" stays
    German)."""
    markers = _markers()
    if len(markers) < 2:
        return default
    tokens = [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]
    scores: dict[str, float] = {}
    lowered = text.lower()
    for code, (words, strong, letters) in markers.items():
        score = 0.0
        for token in tokens:
            # "d'ici", "l'onboarding": the elided article is the word that tells
            word = token if token in words else token.split("'")[0] + "'"
            if word in words:
                score += 2.0 if word in strong else 1.0
        score += 0.5 * sum(1 for c in lowered if c in letters)
        scores[code] = score
    home = scores.get(default, 0.0)
    best = max(scores, key=lambda c: (scores[c], c == default))
    if best == default:
        return default
    others = max((s for c, s in scores.items() if c != best), default=0.0)
    clear = scores[best] >= others + 1 and (scores[best] >= home + 2 or (home == 0 and scores[best] >= 1))
    return best if clear else default
