"""Numbers, ranges, baselines and dates in a language other than English, read from its lexicon's data.

The English reading (okr_text) is the reference: a draft in another language is brought into its form before
its numbers are read. Time references ("bis zum 30. Mai", "d'ici fin juin", "en el T2", "Q3 2026") are taken
out first, so a date never counts as a metric; then each quantity is written the English way ("3,2 %" is
"3.2%", "1.000" and "1 000" are "1000", "37,50 €" is "€37.50", "2 Mio. €" is "€2m"), and the words around
them are turned into the English markers: "von X auf Y", "de X à Y", "de X a Y" into "from X to Y", "vs X
actuellement" or "(aktuell: X)" into "currently X", "um 20 %" into "by 20%", "Stunden" into "hours".

Which words do that is data: the `numbers` and `time` sections of the language's lexicon file.
"""

from __future__ import annotations

import re
from typing import Any

# The canonical quantity, as the English reading writes it.
_CANONICAL = r"[-+]?[$€£]?\d+(?:\.\d+)?[kmb]?%?"
_SYMBOLS = {"€": "€", "$": "$", "£": "£", "eur": "€", "usd": "$", "gbp": "£", "chf": "$"}
_YEAR = r"(?:19|20)\d{2}"
# a score out of a scale: "8/10", "4,5/5" is the score
_SCORE = re.compile(r"(?<![\w/.,])(\d{1,3}(?:[.,]\d+)?)\s?/\s?(?:5|10|20|100)(?![\w/]|[.,]\d)")
_SPACES = "\u00a0\u202f\u2009 "


def alternatives(words: list[str]) -> str:
    """Longest first, so "bis zum" wins over "bis"; a space in a phrase matches any run of spaces or a hyphen."""
    forms = sorted({w.lower().replace("’", "'") for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in forms) or r"(?!x)x"


def _words(section: dict[str, Any], key: str) -> list[str]:
    return [str(w) for w in section.get(key) or ()]


def to_float(number: str, decimal: str) -> float:
    """A written number in the language's own way: "1.234,5", "1 234,5" and "1,234.5" are all 1234.5."""
    digits = re.sub(f"[{_SPACES}]", "", number)
    if "," in digits and "." in digits:
        mark = "," if digits.rfind(",") > digits.rfind(".") else "."
    elif digits.count(",") + digits.count(".") == 1:
        sep = "," if "," in digits else "."
        # "3,2" and (in German) "1,5" are decimals; "1.000" is a thousand unless the language writes "." as
        # its decimal mark and the group is not three digits
        mark = sep if sep == decimal or len(digits) - digits.index(sep) - 1 != 3 else ""
    else:
        mark = ""
    if mark:
        whole, _, fraction = digits.rpartition(mark)
        whole = re.sub(r"[.,]", "", whole)
        return float(f"{whole}.{fraction}")
    return float(re.sub(r"[.,]", "", digits))


def _plain_number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


class Reader:
    """One language's way of writing numbers and dates, compiled once."""

    def __init__(self, lex: dict[str, Any]):
        n, t = lex.get("numbers") or {}, lex.get("time") or {}
        self.decimal = str(n.get("decimal") or ".")
        currency_words = _words(n, "currency_words")  # "euro", "d'euros", "franken"
        self._currency_of = {w.lower(): str(s) for w, s in (n.get("currency_symbols") or {}).items()}
        symbols = alternatives([*_SYMBOLS, *currency_words])
        scale_of = {str(k).lower(): str(v) for k, v in (n.get("scales") or {}).items()}
        self._scale_of = scale_of
        scales = alternatives(list(scale_of))
        percent = alternatives(["%", *_words(n, "percent_words")])
        points = alternatives(_words(n, "points_words"))
        self.quantity = re.compile(
            rf"(?<![\w/:.,-])(?P<sign>[-+−])?(?:(?P<pre>{symbols})\.?[{_SPACES}]?)?"
            rf"(?P<num>\d{{1,3}}(?:[{_SPACES}.]\d{{3}})+(?:,\d+)?(?![\d.])|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:[.,]\d+)?)"
            rf"(?:[{_SPACES}]?(?P<scale>{scales})(?![\w]))?"
            rf"(?:[{_SPACES}]?(?P<post>{symbols})(?![\w]))?"
            rf"(?:[{_SPACES}]?(?P<pct>{percent})(?![\w]))?"
            rf"(?:[{_SPACES}]?(?P<points>{points})(?![\w]))?"
            r"(?![\w/:]|[.,]\d)", re.IGNORECASE)
        self._symbol_of = {**_SYMBOLS, **{w.lower(): self._currency_of.get(w.lower(), "€") for w in currency_words}}
        q = _CANONICAL
        articles = alternatives(_words(t, "articles"))
        self.range = re.compile(
            rf"(?<![\w'])(?:{alternatives(_words(n, 'from'))})\s+(?P<before>(?:[^\s\d]+\s+){{0,4}}?)(?P<start>{q})"
            rf"(?P<middle>(?:\s+[^\s\d]+){{0,4}}?)\s+(?:{alternatives(_words(n, 'to'))})\s+"
            rf"(?:(?:{articles})\s+)?(?P<target>{q})", re.IGNORECASE)
        self.baseline_before = re.compile(
            rf"(?<![\w'])(?:{alternatives(_words(n, 'baseline_before'))})\s*:?\s*(?:(?:{articles})\s+)?(?={q})",
            re.IGNORECASE)
        self.baseline_after = re.compile(rf"(?<=\d|%)\s+(?:{alternatives(_words(n, 'baseline_after'))})(?![\w'])",
                                         re.IGNORECASE)
        self.by = re.compile(rf"(?<![\w'])(?:{alternatives(_words(n, 'by'))})\s+(?=[-+]?[$€£]?\d)", re.IGNORECASE)
        self._unit_of = {str(k).lower(): str(v) for k, v in (n.get("units") or {}).items()}
        self.units = re.compile(rf"(?<=\d)\s+({alternatives(list(self._unit_of))})(?![\w])", re.IGNORECASE)
        self.time_reference, self.deadline = self._time(t)

    def _time(self, t: dict[str, Any]) -> tuple[re.Pattern[str], re.Pattern[str]]:
        months = alternatives(_words(t, "months"))
        letters = alternatives(_words(t, "quarter_letters"))  # Q3, T3 (trimestre), S1, H1
        suffixes = alternatives(_words(t, "ordinal_suffixes"))  # 1er, 3e, 2º, 30.
        of = alternatives(_words(t, "date_joiners"))  # "30 de junio de 2026"
        articles = alternatives(_words(t, "articles"))
        numbered = alternatives(_words(t, "numbered_periods"))  # Woche 1, KW 12, semaine 2, semana 3
        quarter_words = alternatives(_words(t, "quarter_words"))  # Quartal, trimestre, semestre
        leads = alternatives(_words(t, "year_leads"))  # bis 2027, Ende 2026, fin 2026, en 2026, para 2026
        periods = alternatives(_words(t, "period_words"))  # Ende, fin, finales, Quartal, año
        day = rf"\d{{1,2}}(?:{suffixes})?"
        dates = [
            r"\b\d{4}-\d{2}-\d{2}\b",
            r"(?<![\w.,])\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2}(?!\d))?",
            rf"(?<![\w.,]){day}\.?\s+(?:(?:{of})\s+)?(?:{months})(?![\w])\.?(?:\s+(?:(?:{of})\s+)?{_YEAR}\b)?",
            rf"(?<![\w'])(?:{months})\.?\s+(?:(?:{of})\s+)?{_YEAR}\b",
            rf"(?<![\w])(?:{letters})[1-4](?![\w])(?:(?:\s*[/']\s*|\s+){_YEAR}\b|[/']\d{{2}}\b)?",
            rf"\b{_YEAR}\s*[-/]?\s*(?:{letters})[1-4]\b",
            rf"(?<![\w.,])[1-4](?:{suffixes})?\.?\s*(?:{quarter_words})(?![\w])",
            rf"(?<![\w'])(?:{quarter_words})\s+[1-4]\b",
            rf"(?<![\w'])(?:{numbered})[\s-]?\d{{1,3}}\b",
            r"\b(?:FY|GJ)\s?'?(?:\d{2}|(?:19|20)\d{2})\b",
        ]
        lead_year = (rf"(?<![\w'])(?:{leads})\s+(?:(?:{articles}|{of})\s+){{0,2}}(?:(?:{periods})\s+"
                     rf"(?:(?:{articles}|{of})\s+){{0,2}})?{_YEAR}\b(?![-/]\d)")
        time = re.compile("|".join([*dates, lead_year, rf"(?<![\w.,$€£]){_YEAR}(?=\s*(?:[.;:!?)]|$))"]),
                          re.IGNORECASE)
        when = "|".join(dates)
        between = rf"(?:(?:{articles}|{of})\s+){{0,2}}"
        deadline = re.compile(
            rf"(?<![\w'])(?:{alternatives(_words(t, 'deadline_words'))})\s+{between}"
            rf"(?:(?:{periods})\s+{between})?(?:{when}|(?:{months})(?![\w])|{_YEAR}\b|(?:{periods})(?![\w]))"
            rf"|(?<![\w'])(?:{alternatives(_words(t, 'in_words'))})\s+(?:(?:{articles})\s+)?"
            rf"(?:(?:{months})(?![\w])|(?:{letters})[1-4]\b|[1-4](?:{suffixes})?\.?\s*(?:{quarter_words})(?![\w]))",
            re.IGNORECASE)
        return time, deadline

    def _canonical_quantity(self, m: re.Match[str]) -> str:
        value = to_float(m.group("num"), self.decimal)
        sign = "-" if m.group("sign") in ("-", "−") else ("+" if m.group("sign") == "+" else "")
        currency = m.group("pre") or m.group("post") or ""
        symbol = self._symbol_of.get(currency.lower().rstrip("."), "€") if currency else ""
        scale = self._scale_of.get((m.group("scale") or "").lower(), "")
        out = f"{sign}{symbol}{_plain_number(value)}{scale}{'%' if m.group('pct') else ''}"
        return out + (" points" if m.group("points") else "")

    def canonical(self, timeless: str, steering: bool = False) -> str:
        """`timeless` (its time references already out) with its numbers and markers written the English way.
        `steering`: it opens with a verb that moves a measure, so "de 20 %" (fr) or "en un 20 %" (es) is by how
        much, not a starting value."""
        text = _SCORE.sub(r"\1", timeless)
        text = self.quantity.sub(self._canonical_quantity, text)
        text = self.units.sub(lambda m: " " + self._unit_of[m.group(1).lower()], text)
        text = self.range.sub(self._range, text)
        text = self.baseline_before.sub("currently ", text)
        text = self.baseline_after.sub(" today", text)
        if steering:
            text = self.by.sub("by ", text)
        return text

    def _range(self, m: re.Match[str]) -> str:
        # "de 50 clients qualifiés à 60": the English reading wants "from 50 to 60"; a duration unit stays
        # with its number ("from 8 hours to 30 minutes"), other words move after the range
        middle = m.group("middle").split()
        unit = middle.pop(0) + " " if middle and middle[0] in _DURATIONS else ""
        rest = (" " + " ".join(middle)) if middle else ""
        return f"{m.group('before')}from {m.group('start')} {unit}to {m.group('target')}{rest}"


_DURATIONS = frozenset(("second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
                        "month", "months", "min", "h", "s", "ms"))
