"""The room's own numbers: the values a decision sets, as structured fields beside its wording.

A decision such as "2 objectives, 2-4 key results each" is kept as the room said it (`Decision.decision`) and
as values the checks, prompts and summaries use (`Decision.values`): {"objectives": 2, "key_results":
{"min": 2, "max": 4}}. The dialog shows one field per value, prefilled from the picked option and editable;
`parse` turns what was typed into values, or says in one sentence what is wrong and where.

Stored and exported values are plain JSON: integers, lists of words, `{"min", "max"}` ranges and scales,
ISO dates. The keys are part of the export format (`facilitator/v1`, `parameters.<id>.values`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from facilitator.i18n import N_, _, ngettext

KR_TYPE_WORDS = ("metric", "baseline", "milestone")
LEVEL_WORDS = ("company", "team", "individual")


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # marked N_(): shown, and named in the field's problems, through `title`
    kind: str  # count | range | scale | confidence | weeks | months | words | percent | date
    example: str  # what a valid entry looks like, shown as the placeholder and in error messages
    required: bool = True
    words: tuple[str, ...] = ()  # for kind "words": the allowed words

    @property
    def title(self) -> str:
        """The label in the interface's language."""
        return _(self.label)


FIELDS: dict[str, tuple[Field, ...]] = {
    "level": (
        Field("levels", N_("Levels with OKRs"), "words", "company, team", words=LEVEL_WORDS),
    ),
    "number": (
        Field("objectives", N_("Objectives per level, at most"), "count", "3"),
        Field("company_objectives", N_("Company level, if different"), "count", "1", required=False),
        Field("key_results", N_("Key results per objective"), "range", "2-5"),
    ),
    "scoring": (
        Field("scale", N_("Scoring scale"), "scale", "0-1"),
        Field("confidence", N_("Confidence scale (or none)"), "confidence", "1-10"),
        Field("check_in_weeks", N_("Check-in every ... weeks"), "weeks", "1"),
    ),
    "cycle": (
        Field("cycle_months", N_("Cycle length in months"), "months", "3"),
        Field("start", N_("First cycle starts (YYYY-MM-DD)"), "date", "2027-01-04", required=False),
        Field("end", N_("First cycle ends (YYYY-MM-DD)"), "date", "2027-03-31", required=False),
    ),
    "kr-types": (
        Field("kr_types", N_("Key result types allowed"), "words", "metric, baseline", words=KR_TYPE_WORDS),
        Field("max_milestones", N_("Milestones per objective, at most"), "count", "1", required=False),
    ),
    "bottom-up": (
        Field("bottom_up_percent", N_("Share proposed by the teams (%)"), "percent", "60"),
    ),
}

SCALE_NAMES = {"0-1": "0-1", "percent": "percent", "traffic-light": "traffic-light"}
_NAMED_SCALES: dict[str, tuple[str, float, float]] = {
    "decimal": ("0-1", 0.0, 1.0), "0.0-1.0": ("0-1", 0.0, 1.0), "0-1": ("0-1", 0.0, 1.0),
    "percent": ("percent", 0.0, 100.0), "%": ("percent", 0.0, 100.0), "0-100": ("percent", 0.0, 100.0),
    "traffic light": ("traffic-light", 0.0, 2.0), "traffic-light": ("traffic-light", 0.0, 2.0),
    "0-2": ("traffic-light", 0.0, 2.0),
    # confidence said in words, kept as numbers so it can still be compared: 1 low, 2 medium, 3 high
    "high/medium/low": ("1-3", 1.0, 3.0), "low/medium/high": ("1-3", 1.0, 3.0),
}
_NONE = ("none", "no", "not tracked", "-", "off")
_RANGE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:-|–|to)\s*(\d+(?:[.,]\d+)?)\s*$", re.IGNORECASE)
_UP_TO = re.compile(r"^\s*(?:up to|at most|max(?:imum)?|≤|<=)?\s*(\d+)\s*$", re.IGNORECASE)
_RHYTHM = {"weekly": 1, "every week": 1, "biweekly": 2, "fortnightly": 2, "every two weeks": 2,
           "every 2 weeks": 2, "monthly": 4, "every month": 4}
_CYCLES = {"quarterly": 3, "quarter": 3, "four months": 4, "four-month": 4, "half-year": 6, "half year": 6,
           "half-yearly": 6, "annual": 12, "yearly": 12}

# What each option of the built-in workshops sets, by parameter and option id: the fields' starting values
# when the room picks it. A test checks these keys against the workshop files.
OPTION_VALUES: dict[str, dict[str, dict[str, Any]]] = {
    "level": {
        "company-only": {"levels": ["company"]},
        "company-and-pilots": {"levels": ["company", "team"]},
        "company-and-all-teams": {"levels": ["company", "team"]},
        "down-to-individuals": {"levels": ["company", "team", "individual"]},
    },
    "number": {
        "three-by-five": {"objectives": 3, "key_results": {"min": 2, "max": 5}},
        "two-by-three": {"objectives": 2, "key_results": {"min": 2, "max": 3}},
        # "up to 5 key results" names no minimum, so the usual minimum of 2 stands
        "five-by-five": {"objectives": 5, "key_results": {"min": 2, "max": 5}},
        "one-company-objective": {"objectives": 3, "company_objectives": 1, "key_results": {"min": 2, "max": 5}},
    },
    "scoring": {
        "decimal-with-confidence": {"scale": {"name": "0-1", "min": 0, "max": 1},
                                    "confidence": {"min": 0, "max": 1}, "check_in_weeks": 1},
        "percent-monthly": {"scale": {"name": "percent", "min": 0, "max": 100},
                            "confidence": {"min": 0, "max": 100}, "check_in_weeks": 4},
        "traffic-light-weekly": {"scale": {"name": "traffic-light", "min": 0, "max": 2},
                                 "confidence": {"min": 0, "max": 2}, "check_in_weeks": 1},
        "decimal-no-confidence": {"scale": {"name": "0-1", "min": 0, "max": 1}, "confidence": None,
                                  "check_in_weeks": 2},
    },
    "cycle": {
        "quarterly": {"cycle_months": 3},
        "four-months": {"cycle_months": 4},
        "half-year": {"cycle_months": 6},
        "annual-plus-quarterly": {"cycle_months": 3},  # the teams' cycle: what drafts and check-ins run on
    },
    "kr-types": {
        "metrics-baselines-few-milestones": {"kr_types": ["metric", "baseline", "milestone"], "max_milestones": 1},
        "metrics-and-baselines": {"kr_types": ["metric", "baseline"]},
        "metrics-only": {"kr_types": ["metric"]},
        "all-types-freely": {"kr_types": ["metric", "baseline", "milestone"]},
    },
    "bottom-up": {
        "mostly-bottom-up": {"bottom_up_percent": 60},
        # leadership drafts most team OKRs this cycle: there is no share to fall short of
        "leadership-led-first-cycle": {"bottom_up_percent": 0},
        "fully-bottom-up": {"bottom_up_percent": 100},
    },
}


def fields_for(parameter: str | None) -> tuple[Field, ...]:
    return FIELDS.get(parameter or "", ())


def option_values(parameter: str | None, choice: str | None) -> dict[str, Any]:
    """The values an option stands for ({} for an option that sets none, or a custom workshop's option)."""
    return dict(OPTION_VALUES.get(parameter or "", {}).get(choice or "", {}))


# -- showing values as text --------------------------------------------------------------------------------
# The words a "words" field shows for its ids (the ids stay in the record and the exports); the field reads
# both, so a German room can type "Unternehmen, Team" and an English one "company, team".
WORD_LABELS = {"company": N_("company"), "team": N_("team"), "individual": N_("individual"),
               "metric": N_("metric"), "baseline": N_("baseline"), "milestone": N_("milestone")}
# named scales as the field shows them; English and the interface's words both read back
SCALE_WORDS = {"percent": N_("percent"), "traffic-light": N_("traffic light")}
NO_CONFIDENCE = N_("none")


def _num(value: float) -> str:
    return f"{float(value):g}"


def word(value: str) -> str:
    return _(WORD_LABELS[value]) if value in WORD_LABELS else value


def sample(field: Field) -> str:
    """The field's example in the interface's language (the placeholder, and the examples in its problems)."""
    if field.kind == "words":
        return ", ".join(word(w.strip()) for w in field.example.split(","))
    return field.example


def show(field: Field, value: Any) -> str:
    """A value as the dialog's field shows it, and as `parse` reads it back."""
    if value is None:
        return _(NO_CONFIDENCE) if field.kind == "confidence" else ""
    if field.kind == "range":
        return f"{value['min']}-{value['max']}"
    if field.kind in ("scale", "confidence"):
        name = value.get("name")
        if name in SCALE_WORDS:
            return _(SCALE_WORDS[name])
        return f"{_num(value['min'])}-{_num(value['max'])}"
    if field.kind == "words":
        return ", ".join(word(w) for w in value)
    return str(value)


def show_all(parameter: str | None, values: dict[str, Any]) -> dict[str, str]:
    return {f.key: show(f, values.get(f.key)) for f in fields_for(parameter)}


# -- reading what was typed --------------------------------------------------------------------------------
def _problem(field: Field, text: str, template: str) -> ValueError:
    """`template` (marked N_) names the field, what was typed and an example: one sentence per problem."""
    return ValueError(_(template).format(label=field.title, text=text, example=sample(field)))


def _whole(field: Field, text: str, low: int, high: int) -> int:
    match = _UP_TO.match(text)
    if not match:
        raise _problem(field, text, N_("{label}: '{text}' is not a whole number (for example {example})"))
    number = int(match.group(1))
    if not low <= number <= high:
        raise ValueError(_("{label}: '{text}' must be between {low} and {high} (for example {example})").format(
            label=field.title, text=text, low=low, high=high, example=sample(field)))
    return number


def _named_scale(key: str) -> tuple[str, float, float] | None:
    if key in _NAMED_SCALES:
        return _NAMED_SCALES[key]
    for name, label in SCALE_WORDS.items():
        if key == _(label).lower():
            return _NAMED_SCALES[name]
    return None


def _scale(field: Field, text: str) -> dict[str, Any]:
    key = text.lower().strip()
    named = _named_scale(key)
    if named is not None:
        _name, low, high = named
    else:
        match = _RANGE.match(key)
        if not match:
            raise _problem(field, text, N_("{label}: '{text}' is not a scale: write its lowest and highest value "
                                           "(for example {example})"))
        low, high = (float(g.replace(",", ".")) for g in match.groups())
    if low >= high:
        raise _problem(field, text, N_("{label}: '{text}' must go from a lower to a higher value "
                                       "(for example {example})"))
    low_i, high_i = (int(v) if v.is_integer() else v for v in (low, high))
    if field.kind == "confidence":
        return {"min": low_i, "max": high_i}
    known = {(v[1], v[2]): v[0] for v in _NAMED_SCALES.values()}
    return {"name": known.get((low, high), f"{_num(low)}-{_num(high)}"), "min": low_i, "max": high_i}


def _words(field: Field, lower: str) -> list[str]:
    """The ids a words field names, in English or in the interface's words (plural forms too)."""
    spellings = {w: w for w in field.words}
    for w in field.words:
        spellings.setdefault(word(w).lower(), w)
    chosen = [w.strip() for w in re.split(r"[,;/]|\band\b|\bund\b|\+", lower) if w.strip()]
    found = []
    for w in chosen:
        for form in (w, w[:-1] if w.endswith(("s", "e")) else w, w[:-2] if w.endswith("en") else w):
            if form in spellings:
                found.append(spellings[form])
                break
        else:
            raise ValueError(_("{label}: '{text}' is not one of {allowed} (for example {example})").format(
                label=field.title, text=w, allowed=", ".join(word(v) for v in field.words), example=sample(field)))
    return found


def parse_field(field: Field, text: str) -> Any:
    """One field's value from its text; None for an optional field left empty. ValueError says what is wrong."""
    text = " ".join(text.split())
    if not text:
        if field.required:
            raise ValueError(_("{label}: fill it in (for example {example}), or park the decision").format(
                label=field.title, example=sample(field)))
        return None
    lower = text.lower()
    if field.kind == "count":
        return _whole(field, text, 1, 20)
    if field.kind == "range":
        match = _RANGE.match(text)
        if match is None:
            single = _UP_TO.match(text)
            if single is None:
                raise _problem(field, text, N_("{label}: '{text}' is not a range (for example {example})"))
            match_low, match_high = "1" if int(single.group(1)) < 2 else "2", single.group(1)
        else:
            match_low, match_high = match.groups()
        if "." in match_low + match_high or "," in match_low + match_high:
            raise _problem(field, text, N_("{label}: '{text}' must be whole numbers (for example {example})"))
        low, high = int(match_low), int(match_high)
        if not 1 <= low <= high <= 20:
            raise _problem(field, text, N_("{label}: '{text}' must run from at least 1 up to at most 20, the "
                                           "smaller number first (for example {example})"))
        return {"min": low, "max": high}
    if field.kind == "confidence" and (lower in _NONE or lower == _(NO_CONFIDENCE).lower()):
        return None
    if field.kind in ("scale", "confidence"):
        return _scale(field, text)
    if field.kind == "weeks":
        if lower in _RHYTHM:
            return _RHYTHM[lower]
        weeks = re.sub(r"^(every|alle)\s+|\s*(weeks?|wochen?)$", "", lower)
        return _whole(field, weeks, 1, 13)
    if field.kind == "months":
        if lower in _CYCLES:
            return _CYCLES[lower]
        months = re.sub(r"\s*(months?|monate?)$", "", lower)
        return _whole(field, months, 1, 12)
    if field.kind == "percent":
        return _whole(field, text.rstrip("%").strip(), 0, 100)
    if field.kind == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise _problem(field, text, N_("{label}: '{text}' is not a date (for example {example})")) from None
    if field.kind == "words":
        chosen = _words(field, lower)
        if not chosen:
            raise _problem(field, text, N_("{label}: '{text}' names none (for example {example})"))
        return [w for w in field.words if w in chosen]
    raise ValueError(f"{field.label}: unknown kind of field '{field.kind}'")


def parse(parameter: str | None, texts: dict[str, str]) -> dict[str, Any]:
    """Every field of `parameter` from the dialog's texts; ValueError names the first field that is wrong."""
    values: dict[str, Any] = {}
    for field in fields_for(parameter):
        value = parse_field(field, texts.get(field.key, ""))
        if value is not None or field.kind == "confidence":
            values[field.key] = value
    return check(parameter, values)


def check(parameter: str | None, values: dict[str, Any]) -> dict[str, Any]:
    """Rules across fields, and the shape of stored or imported values; returns them, or raises ValueError."""
    fields = {f.key: f for f in fields_for(parameter)}
    # `x-` keys belong to other tools (the export format lets them in anywhere): kept, never read
    unknown = sorted(k for k in set(values) - set(fields) if not str(k).startswith("x-"))
    if unknown:
        raise ValueError(_("'{key}' is not a value of the {parameter} decision").format(key=unknown[0],
                                                                                       parameter=parameter))
    for key, value in values.items():
        if key not in fields:
            continue
        field = fields[key]
        if value is None:
            if field.required and field.kind != "confidence":
                raise ValueError(_("{label}: fill it in (for example {example})").format(
                    label=field.title, example=sample(field)))
            continue
        # re-read through the text form: stored and imported values pass the same checks as typed ones
        try:
            valid = parse_field(field, show(field, value)) == _normal(field, value)
        except (KeyError, TypeError, AttributeError, ValueError):
            valid = False
        if not valid:
            raise ValueError(_("{label}: {value} is not a valid value (for example {example})").format(
                label=field.title, value=repr(value), example=sample(field)))
    start, end = values.get("start"), values.get("end")
    if start and end and end <= start:
        raise ValueError(_("First cycle ends: {end} is not after the start, {start}").format(end=end, start=start))
    if values.get("max_milestones") is not None and "milestone" not in (values.get("kr_types") or ()):
        raise ValueError(_("Milestones per objective: milestones are not among the types allowed; "
                           "leave it empty or allow milestones"))
    return values


def _normal(field: Field, value: Any) -> Any:
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if not str(k).startswith("x-")}
    if field.kind in ("scale", "confidence") and isinstance(value, dict):
        low, high = float(value["min"]), float(value["max"])
        as_int = tuple(int(v) if v.is_integer() else v for v in (low, high))
        normal = {"min": as_int[0], "max": as_int[1]}
        if field.kind == "scale":
            known = {(v[1], v[2]): v[0] for v in _NAMED_SCALES.values()}
            normal = {"name": known.get((low, high), value.get("name") or f"{_num(low)}-{_num(high)}"), **normal}
            if value.get("name") in ("percent", "traffic-light") and known.get((low, high)) != value.get("name"):
                return None  # a named scale with other bounds is not that scale
        return normal
    return value


def own_numbers(parameter: str | None, choice: str | None, values: dict[str, Any] | None) -> str:
    """The values in words when they say more than the option's label: the room changed the option's numbers,
    or wrote its own decision. "" when they are just the picked option's."""
    if not values or (choice and values == option_values(parameter, choice)):
        return ""
    return describe(parameter, values)


def describe(parameter: str | None, values: dict[str, Any] | None) -> str:
    """The values in one line for summaries and the follow-up: "2 objectives · 2-4 key results each"."""
    if not values:
        return ""
    parts: list[str] = []
    if "levels" in values:
        parts.append(_("levels: {levels}").format(levels=", ".join(word(w) for w in values["levels"])))
    if "objectives" in values:
        n = values["objectives"]
        parts.append(ngettext("up to {n} objective per level", "up to {n} objectives per level", n).format(n=n))
    if values.get("company_objectives") is not None:
        parts.append(_("{n} at company level").format(n=values["company_objectives"]))
    if "key_results" in values:
        kr = values["key_results"]
        parts.append(_("{low}-{high} key results each").format(low=kr["min"], high=kr["max"]))
    if "scale" in values:
        parts.append(_("scored {scale}").format(scale=scale_text(values["scale"])))
    if "confidence" in values:
        parts.append(_("no confidence") if values["confidence"] is None else
                     _("confidence {scale}").format(scale=scale_text(values["confidence"])))
    if "check_in_weeks" in values:
        parts.append(rhythm_text(values["check_in_weeks"]))
    if "cycle_months" in values:
        parts.append(cycle_text(values["cycle_months"]))
    if values.get("start") or values.get("end"):
        parts.append(_("first cycle {start} to {end}").format(start=values.get("start") or "?",
                                                             end=values.get("end") or "?"))
    if "kr_types" in values:
        parts.append(_("types: {types}").format(types=", ".join(word(w) for w in values["kr_types"])))
    if values.get("max_milestones") is not None:
        n = values["max_milestones"]
        parts.append(ngettext("at most {n} milestone per objective", "at most {n} milestones per objective",
                              n).format(n=n))
    if "bottom_up_percent" in values:
        parts.append(_("{percent} of team objectives from the teams").format(
            percent=f"{values['bottom_up_percent']}%"))
    return " · ".join(parts)


def scale_text(scale: dict[str, Any]) -> str:
    if scale.get("name") == "percent":
        return _("in percent (0-100)")
    if scale.get("name") == "traffic-light":
        return _("as a traffic light (0-2)")
    return f"{_num(scale['min'])}-{_num(scale['max'])}"


def rhythm_text(weeks: int) -> str:
    named = {1: N_("weekly check-ins"), 2: N_("check-ins every two weeks"), 4: N_("monthly check-ins")}
    return _(named[weeks]) if weeks in named else _("check-ins every {weeks} weeks").format(weeks=weeks)


def cycle_text(months: int) -> str:
    named = {3: N_("quarterly cycles"), 6: N_("half-year cycles"), 12: N_("annual cycles")}
    return _(named[months]) if months in named else _("{months}-month cycles").format(months=months)
