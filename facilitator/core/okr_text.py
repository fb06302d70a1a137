"""What the text of a draft says, read once per text: its numbers, its opening verb, its deadline, its subject.

The words come from a lexicon file per language (facilitator/core/lexicon/<code>.yaml, see okr_lexicon), loaded
once; every list matches whole words and whole phrases only. A text is read in the language it is written in
when that can be told from its words, else in the session's. Time references ("Q3", "2027", "H1", "by 31
March", "week-1", "bis zum 30. Mai", "d'ici fin juin") are taken out before numbers are read, so a date is never
mistaken for a target; another language's numbers and ranges are then written the English way (okr_numbers).
Reading a text is cached: a board re-checked after a keystroke reads only the one text that changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import snowballstemmer

from facilitator.core.okr_lexicon import DEFAULT as LANGUAGE
from facilitator.core.okr_lexicon import detect, lexicon
from facilitator.core.okr_numbers import Reader, alternatives

__all__ = ["LANGUAGE", "Facts", "facts", "infer_type", "is_generic", "lexicon", "parse_number", "shares_subject",
           "stem", "words"]


def _alternatives(words: list[str]) -> str:
    return alternatives(words)


def _whole(words: list[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{_alternatives(words)})(?![\w-])", re.IGNORECASE)


_TRAILING_BRACKETS = re.compile(r"\s*\([^()]*\)[\W]*$")


class _Opening:
    """The verb that opens a draft, after bullets, "we will", "to" or an adverb such as "successfully"; in a
    language that puts the verb last ("Conversion auf 5 % steigern"), the verb that closes it too."""

    def __init__(self, words: list[str], lex: dict):
        verbs = _alternatives(words)
        prefixes = _alternatives(lex.get("opening_prefixes") or [])
        adverbs = _alternatives(lex.get("opening_adverbs") or [])
        self.start = re.compile(rf"^[\W\d]*?(?:(?:{prefixes})\s+)?(?:(?:{adverbs})\s+)?(?P<verb>{verbs})(?![\w-])",
                                re.IGNORECASE)
        self.end = re.compile(rf"(?<![\w-])(?P<verb>{verbs})[\W\d]*$", re.IGNORECASE) \
            if "end" in (lex.get("verb_positions") or ()) else None

    def search(self, text: str) -> str:
        """The verb, as written, or ""."""
        # "NPS auf 50 steigern (aktuell: 32)": what is in brackets at the end is said about the verb's result
        match = self.start.search(text) or (self.end.search(_TRAILING_BRACKETS.sub("", text)) if self.end else None)
        return match.group("verb") if match else ""


def _opening(words: list[str], lex: dict) -> _Opening:
    return _Opening(words, lex)


class Words:
    """The lexicon's lists as compiled patterns, built once per language."""

    def __init__(self, language: str = LANGUAGE):
        lex = _complete(lexicon(language))
        self.language = language
        self.lex = lex
        self.task_opening = _opening(lex["task_verbs"], lex)
        self.project_opening = _opening(lex["project_verbs"], lex)
        self.vague = _whole(lex["vague_verbs"])
        self.increase_opening = _opening(lex["increase_verbs"], lex)
        self.decrease_opening = _opening(lex["decrease_verbs"], lex)
        self.keep_opening = _opening(lex["keep_verbs"], lex)
        self.assure_opening = _opening(lex["assure_verbs"], lex)
        self.gain_opening = _opening(lex["gain_verbs"], lex)
        self.any_verb_opening = _opening(lex["task_verbs"] + lex["vague_verbs"] + lex["increase_verbs"]
                                         + lex["decrease_verbs"] + lex["outcome_verbs"] + lex["keep_verbs"], lex)
        self.split = re.compile(rf"\s*(?:;|(?<![\w-])(?:{_alternatives(lex['joiners'])})(?![\w-]))\s*", re.IGNORECASE)
        self.signature_stopwords = frozenset(w.lower() for w in lex["signature_stopwords"] or lex["function_words"])
        self.staged = re.compile(rf"(?<![\w.,/-])\d+\s+(?:{_alternatives(lex['staged_of'])})\s+\d+"
                                 rf"|(?<![\w'])(?:{_alternatives(lex['staged_in'])})\s+\d+\s+[^\W\d_]", re.IGNORECASE) \
            if lex["staged_of"] else _STAGED
        # another language's numbers, ranges and dates are read from its lexicon's data (okr_numbers)
        self.reader = Reader(lex) if lex.get("numbers") else None
        self.keep_phrase = _whole(lex["keep_phrases"])
        self.hold_at_level = re.compile(rf"^\W*(?:{_alternatives(lex['hold_verbs'])})\s+\D{{1,40}}?(?<![\w-])"
                                        rf"(?:{_alternatives(lex['level_words'])})(?![\w-])", re.IGNORECASE)
        self.done_state = _whole(lex["done_states"])
        self.output_unit = _whole(lex["output_units"])
        self.output_unit_after_count = re.compile(
            rf"(?<![\w.,/-])\d[\d,]*(?:\.\d+)?\s+(?:\w+[\s-]+){{0,2}}?(?:{_alternatives(lex['output_units'])})"
            rf"(?![\w-])", re.IGNORECASE)
        self.baseline = _whole(lex["baseline_phrases"])
        self.count_of_new = re.compile(rf"(?<![\w.,/-])\d[\d,]*(?:\.\d+)?[kKmM]?\s+"
                                       rf"(?:{_alternatives(lex['new_words'])})(?![\w-])", re.IGNORECASE)
        self.vague_objective = _whole(lex["vague_objective_phrases"])
        self.metric_word = _whole(lex["metric_words"])
        self.multiplier = _whole(lex["multiplier_words"] + lex["magnitude_words"])
        self.health_metric = _whole(lex["health_metrics"])
        self.generic_nouns = frozenset(w.lower() for w in lex["generic_nouns"])
        # a month says when, never what a draft is about
        self.common = frozenset(w.lower() for w in lex["common_words"]
                                + list((lex.get("time") or {}).get("months") or ()))
        self.function_words = frozenset(w.lower() for w in lex["function_words"])
        self.direction_verbs = frozenset(w.lower() for w in lex["increase_verbs"] + lex["decrease_verbs"])
        self.bounded_units = frozenset(w.lower() for w in lex["bounded_units"])
        self.net_score = _whole(lex["net_scores"])
        self.owner_joiner = re.compile(rf"[,;/+]|(?<![\w-])(?:{_alternatives(lex['owner_joiners'])})(?![\w-])",
                                       re.IGNORECASE)
        self.not_a_person = _whole(lex["not_a_person"])
        self.family_of: dict[str, set[str]] = {}
        for family, members in lex["families"].items():
            for word in [family, *members]:
                self.family_of.setdefault(stem(word, language), set()).add(family)
        if self.reader is not None:
            self.time_reference, self.deadline = self.reader.time_reference, self.reader.deadline
            return
        months = _alternatives(lex["months"])
        period = _alternatives(lex["period_words"])
        # Dates and periods first, so "by 31 March", "Q3 2026", "week-1" and "30-day" leave no number behind.
        self.time_reference = re.compile(
            r"\b\d{4}-\d{2}-\d{2}\b"
            rf"|\b(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d{{2}})?(?![\w-])"
            rf"|(?<![\w-])\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{months})\b(?:,?\s+(?:19|20)\d{{2}})?"
            rf"|\b(?:{months})\s+(?:19|20)\d{{2}}\b"
            r"|\b(?:[QH][1-4]|FY)\s*'?(?:\d{2}|(?:19|20)\d{2})?\b"
            r"|\b(?:19|20)\d{2}\s*[-/]?\s*[QH][1-4]\b"
            r"|\b(?:week|wk|day|month|sprint|quarter|year|phase|stage|wave|release|version|v)[\s-]?\d{1,3}\b"
            r"|(?<![\w.])\d{1,3}-(?:day|week|month|year|hour|minute)s?\b"
            rf"|\b(?:in|by|of|for|until|till|before|after|during|since|through|end|from|to|mid|early|late)\s+"
            rf"(?:the\s+)?(?:end\s+of\s+|start\s+of\s+)?(?:(?:{period})\s+)?(?:19|20)\d{{2}}\b(?![-/]\d)"
            r"|(?<![\w.,$€£])(?:19|20)\d{2}(?=\s*(?:[.;:!?)]|$))",
            re.IGNORECASE)
        self.deadline = re.compile(
            rf"\b(?:by|before|until|till|no\s+later\s+than|due)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?"
            rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{months})|(?:{months})|"
            rf"[QH][1-4]|FY|(?:19|20)\d{{2}}|(?:week|month|day|sprint)\s*\d+|(?:this|the|next)\s+"
            rf"(?:quarter|cycle|month|year|half|sprint)|quarter|cycle|eoq|eoy|mid[\s-]\w+)"
            rf"|\b(?:in|during)\s+(?:{months}|[QH][1-4])\b",
            re.IGNORECASE)


@cache
def words(language: str = LANGUAGE) -> Words:
    return Words(language)


# A number standing on its own: "45%", "$1.5M", "10k", "3,000", "0.9"; not "B2B", "24/7", "1:1", "COVID-19".
_UNITS = "|".join(sorted((re.escape(u) for u in lexicon()["attached_units"]), key=len, reverse=True))
_NUMBER = re.compile(r"(?<![\w/:.-])(?P<sign>[-+])?(?P<currency>[$€£])?(?P<value>\d[\d,]*(?:\.\d+)?)"
                     r"(?P<scale>[kKmMbB](?![\w]))?(?P<suffix>%|x(?![\w]))?"
                     rf"(?P<unit>(?:{_UNITS})(?![\w]))?(?![\w/:]|\.\d)", re.IGNORECASE)
_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9}
_QUANTITY = r"[-+]?[$€£]?\d[\d,]*(?:\.\d+)?(?:[kKmMbB](?![a-zA-Z]))?%?"
_FROM_TO = re.compile(
    rf"\bfrom\s+(?:an?\s+|the\s+)?(?:\w+\s+){{0,2}}?(?P<start>{_QUANTITY})\s*(?P<start_unit>[a-z]+)?"
    rf"\s*(?:[a-z%$€£/]+\s+){{0,3}}?(?:to|→|->|-)\s*(?:an?\s+|the\s+)?(?P<target>{_QUANTITY})"
    rf"(?:\s*(?P<target_unit>[a-z]+))?", re.IGNORECASE)
# The value today said on its own: "(from 60%)", "up from 12", "currently 40%", "40% today", "baseline: 3.1".
_START_ONLY = re.compile(
    rf"\b(?:up\s+|down\s+)?from\s+(?:an?\s+|the\s+)?(?P<a>{_QUANTITY})(?![\d.,]*\d)(?!\s*(?:[a-z%$€£/]+\s+){{0,3}}?(?:to|→|->)\s*[-+]?[$€£]?\d)"
    rf"|\b(?:currently|today|now|baseline:?|vs\.?|versus)\s+(?:at\s+|is\s+)?(?P<b>{_QUANTITY})"
    rf"|(?P<c>{_QUANTITY})\s+(?:today|now|currently|at\s+present)\b", re.IGNORECASE)
# Durations compared in one unit: "from 8 hours to 30 minutes" is a cut, not a rise.
_MINUTES = {"second": 1 / 60, "seconds": 1 / 60, "sec": 1 / 60, "secs": 1 / 60, "s": 1 / 60, "minute": 1,
            "minutes": 1, "min": 1, "mins": 1, "hour": 60, "hours": 60, "h": 60, "hr": 60, "hrs": 60,
            "day": 1440, "days": 1440, "week": 10080, "weeks": 10080, "month": 43200, "months": 43200}
_ARROW = re.compile(r"(?P<start>[-+]?[$€£]?\d[\d,]*(?:\.\d+)?[kKmMbB]?%?)\s*(?:→|->)\s*"
                    r"(?P<target>[-+]?[$€£]?\d[\d,]*(?:\.\d+)?[kKmMbB]?%?)")
_BY_AMOUNT = re.compile(r"\bby\s+(?:at\s+least\s+|over\s+|more\s+than\s+)?[$€£]?\d[\d,]*(?:\.\d+)?[kKmMbB]?\s*"
                        r"(?:%|percent|points?|pts|pp|x\b)", re.IGNORECASE)
# "in 3 pilot markets", "stage 1 of 3": a milestone in steps, with something to show before the end
_STAGED = re.compile(r"(?<![\w.,/-])\d+\s+(?:of\s+\d+|(?:[a-z-]+\s+){0,2}?[a-z-]+s)(?![\w-])", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*", re.IGNORECASE)
_ANY_WORD = re.compile(r"[^\W_][\w'-]*")
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)'")
_APOSTROPHE = re.compile(r"'s$|'$")


# Snowball's stemmers for the languages whose endings a light English stem cannot take off ("Kunden" and
# "Kunde", "clientes" and "cliente"); English keeps the light stem its lists and corpus were tuned with.
_SNOWBALL = {"de": "german", "fr": "french", "es": "spanish", "it": "italian", "nl": "dutch", "pt": "portuguese"}
# Languages that write a compound as one word: "Kundenzufriedenheit" is about customers ("kund").
_COMPOUNDING = frozenset({"de", "nl"})
_COMPOUND_PART = 4


@cache
def _stemmer(language: str):
    name = _SNOWBALL.get(language)
    return snowballstemmer.stemmer(name) if name else None


def stem(word: str, language: str = LANGUAGE) -> str:
    """A stem for comparing subjects ("customers" and "customer"); word lists never use it."""
    word = _APOSTROPHE.sub("", word.casefold())
    stemmer = _stemmer(language)
    if stemmer is not None:
        return stemmer.stemWord(word)
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            return word[: -len(suffix)]
    return word


def parse_number(text: str) -> float | None:
    match = _NUMBER.search(text)
    return None if match is None else _value(match)


def _value(match: re.Match[str]) -> float:
    value = float(match.group("value").replace(",", ""))
    if match.group("scale"):
        value *= _SCALE[match.group("scale").lower()]
    return -value if match.group("sign") == "-" else value


@dataclass(frozen=True)
class Facts:
    """What one text says, independent of the board it sits on."""

    text: str
    numbers: tuple[float, ...]  # every quantity, after time references are taken out
    percent: bool  # a share or rate
    start: float | None  # "from X to Y" in the text
    target: float | None
    relative_change: bool  # "by 20%": a change with no stated starting point
    opening_task: str  # the task verb that opens it, or ""
    opening_project: str  # the project verb that opens it (objectives), or ""
    opening_direction: str  # "increase", "decrease", "maintain" or ""
    opening_assure: bool  # opens with "ensure" or "guarantee": holding a level, in a key result
    vague_verb: str  # the first vague verb in it, or ""
    done_state: str  # "live", "launched"...: a finished deliverable
    deadline: bool  # "by 31 March", "by Q3", "by the end of the quarter"
    baseline: bool  # reads as a measure to establish
    output_count: bool  # counts deliverables: "10 blog posts", "Run 4 webinars"
    staged: bool  # "in 3 pilot markets", "stage 1 of 3"
    counts_gains: bool  # counts what is gained this cycle, from zero: "Sign 20 new customers"
    keep: bool  # holds a measure where it is
    health_metric: str  # "uptime", "SLA"...: a measure usually watched, not changed
    compound: bool  # two results in one: "... and reduce churn to 3%"
    metric_word: str  # "NPS", "ARR"... named in it
    multiplier: str  # "double", "10x"
    subject: frozenset[str]  # stems of the words that say what it is about
    families: frozenset[str]  # the families those words belong to
    signature: str  # words for near-duplicate matching: numbers out, synonyms folded
    specific: tuple[str, ...]  # words that are neither function words, generic nouns nor vague or direction verbs
    word_count: int
    language: str = LANGUAGE  # the language it was read in


def shares_subject(a: Facts, b: Facts) -> bool:
    """Whether two texts are about the same thing: a word (by its stem) or a family of words in common; in a
    language that compounds, a word of one inside a compound of the other ("Kunden" in "Neukundenquote")."""
    if a.subject & b.subject or a.families & b.families:
        return True
    if a.language not in _COMPOUNDING and b.language not in _COMPOUNDING:
        return False
    return any(len(short) >= _COMPOUND_PART and short in long
               for x, y in ((a.subject, b.subject), (b.subject, a.subject)) for short in x for long in y)


def facts(text: str, language: str = LANGUAGE) -> Facts:
    """What `text` says, read in its own language when its words tell (okr_lexicon.detect), else in `language`,
    the session's."""
    plain = " ".join(text.replace("’", "'").split())
    return _facts(plain, detect(plain, language) if plain else language)


def forget() -> None:
    """Drop what was read and compiled, after the lexicons changed."""
    words.cache_clear()
    _facts.cache_clear()


@lru_cache(maxsize=8192)
def _facts(plain: str, language: str) -> Facts:
    w = words(language)
    timeless = w.time_reference.sub(" ", plain)
    task = w.task_opening.search(plain)
    project = w.project_opening.search(plain)
    direction = ""
    assure = bool(w.assure_opening.search(plain))
    if w.keep_opening.search(plain) or w.hold_at_level.search(plain):
        direction = "maintain"
        task = ""
    elif w.increase_opening.search(plain):
        direction = "increase"
    elif w.decrease_opening.search(plain):
        direction = "decrease"
    steering = direction in ("increase", "decrease")
    # the numbers are read from the English form of the text: the same as the text, in English
    numeric = w.reader.canonical(timeless, steering) if w.reader else timeless
    quantities = [m for m in _NUMBER.finditer(numeric)]
    numbers = tuple(_value(m) for m in quantities)
    start = target = None
    if match := _FROM_TO.search(numeric):
        start, target = parse_number(match.group("start")), parse_number(match.group("target"))
        units = (match.group("start_unit") or "").casefold(), (match.group("target_unit") or "").casefold()
        if units[0] in _MINUTES and units[1] in _MINUTES and units[0] != units[1] and None not in (start, target):
            start, target = start * _MINUTES[units[0]], target * _MINUTES[units[1]]
    elif match := _ARROW.search(numeric):
        start, target = parse_number(match.group("start")), parse_number(match.group("target"))
    elif match := _START_ONLY.search(numeric):
        start = parse_number(match.group("a") or match.group("b") or match.group("c"))
        others = [n for m in quantities if (n := _value(m)) != start]
        target = others[0] if len(others) == 1 else None
    vague = w.vague.search(plain)
    done = w.done_state.search(plain)
    counts = [m for m in quantities if not m.group("suffix") and not m.group("currency")]
    output_count = bool(w.output_unit_after_count.search(numeric)) or (bool(task) and bool(counts)
                                                                       and start is None)
    parts = [p for p in w.split.split(plain) if p.strip()]

    def numeric_part(part: str) -> str:
        part = w.time_reference.sub(" ", part)
        return w.reader.canonical(part, steering) if w.reader else part

    compound = len(parts) > 1 and (
        sum(1 for p in parts if w.any_verb_opening.search(p)) > 1
        or sum(1 for p in parts if _NUMBER.search(n := numeric_part(p)) and not _START_ONLY.search(n)) > 1)
    if w.reader is None:
        tokens = [t for t in _WORD.findall(timeless.casefold()) if not t[0].isdigit()]
    else:
        # "l'onboarding", "d'ici": the elided article is not part of what the text is about
        tokens = [_ELISION.sub("", t) for t in _ANY_WORD.findall(timeless.lower()) if not t[0].isdigit()]
        tokens = [t for t in tokens if t]
    subject = frozenset(stem(t, language) for t in tokens if t not in w.common and len(t) > 2)
    families = frozenset(f for s in subject for f in w.family_of.get(s, ()))
    fold = {**{v: "up" for v in w.lex["increase_verbs"]}, **{v: "down" for v in w.lex["decrease_verbs"]},
            **{v: "up" for v in w.lex["improve_words"]}, **w.lex["same_words"]}
    pieces = [p for t in tokens for p in t.split("-") if p]
    signature = " ".join(sorted(fold.get(t, stem(t)) for t in pieces if t not in w.signature_stopwords))
    metric = w.metric_word.search(plain)
    multiplier = w.multiplier.search(plain)
    return Facts(
        text=plain, numbers=numbers, percent=any(m.group("suffix") == "%" for m in quantities) or "percent" in
        plain.casefold(), start=start, target=target, relative_change=bool(_BY_AMOUNT.search(numeric)),
        opening_task=task, opening_project=project,
        opening_direction=direction, opening_assure=assure, vague_verb=vague.group(0) if vague else "",
        done_state=done.group(0) if done else "", deadline=bool(w.deadline.search(plain)),
        baseline=bool(w.baseline.search(plain)), output_count=output_count,
        staged=bool(w.staged.search(numeric)),
        counts_gains=bool(numbers) and bool(w.gain_opening.search(plain) or w.count_of_new.search(numeric)),
        keep=direction == "maintain" or bool(w.keep_phrase.search(plain)) or (assure and bool(numbers)),
        compound=compound,
        health_metric=(h.group(0) if (h := w.health_metric.search(plain)) else ""),
        metric_word=metric.group(0) if metric else "", multiplier=multiplier.group(0) if multiplier else "",
        subject=subject, families=families, signature=signature, word_count=len(plain.split()),
        specific=tuple(t for t in tokens if t not in w.function_words and t not in w.generic_nouns
                       and t not in w.direction_verbs and not w.vague.fullmatch(t)), language=language)


def infer_type(text: str, *, due: str = "", language: str = LANGUAGE) -> str:
    """The key result type its text reads as, for when the author did not say: a baseline establishes a new
    measure; a milestone reads as a deliverable (done or not) with a date; everything else is a metric."""
    f = facts(text, language)
    if f.baseline:
        return "baseline"
    has_change = f.start is not None or f.relative_change or f.multiplier
    if not has_change and (f.done_state or (f.opening_task and (f.deadline or due.strip()))):
        return "milestone"
    return "metric"


def is_generic(word: str, language: str = LANGUAGE) -> bool:
    return word.lower() in words(language).generic_nouns


# Lists a language's file may leave out: empty, or for English the way it always read.
_OPTIONAL: dict[str, object] = {
    "opening_prefixes": [], "opening_adverbs": [], "verb_positions": ["start"], "joiners": [],
    "signature_stopwords": [], "staged_of": [], "staged_in": [], "improve_words": [], "same_words": {},
    "families": {}, "markers": [], "letters": [],
}


def _complete(lex: dict) -> dict:
    """Every list the reading needs, so a coach's new language file may leave out what it has no words for."""
    complete = {key: [] for key in lexicon(LANGUAGE)}
    complete.update({k: (v.copy() if isinstance(v, (list, dict)) else v) for k, v in _OPTIONAL.items()})
    complete.update({k: v for k, v in lex.items() if v is not None})
    return complete
