"""The rules in force, in words: for prompts, the draft board's header and summaries.

A workshop prompt may name a rule with a placeholder, `{{objectives}}` or `{{key_results}}`, so the room reads
"Draft up to 2 objectives" when it decided 2, not the script's generic "1-3". Without a session (validating a
file, a plain listing) the default rules fill them in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from facilitator.core import decision_values
from facilitator.core.okr import KR_TYPES, LEVELS, RoomRules, Scale, decided_values
from facilitator.core.parameters import BY_ID
from facilitator.i18n import N_

# the words for the ids a screen shows (the ids stay in the record and the exports): shown with _()
KR_TYPE_WORDS = {"metric": N_("metric"), "baseline": N_("baseline"), "milestone": N_("milestone")}
LEVEL_WORDS = {"company": N_("company"), "team": N_("team"), "individual": N_("individual")}
STATUS_WORDS = {"decided": N_("decided"), "parked": N_("parked"), "open": N_("open")}
PARKING_WORDS = {"resolved": N_("resolved"), "action": N_("action"), "carried": N_("carried")}


def _n(value: float) -> str:
    return f"{value:g}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def scale_words(scale: Scale) -> str:
    if scale.name == "percent":
        return "percent (0-100)"
    if scale.name == "traffic-light":
        return "a traffic light (0 off track, 1 at risk, 2 on track)"
    return f"{_n(scale.min)}-{_n(scale.max)}"


def objectives_words(rules: RoomRules) -> str:
    text = f"up to {_plural(rules.max_objectives, 'objective')}"
    if rules.max_company_objectives is not None and rules.max_company_objectives != rules.max_objectives:
        text = f"up to {_plural(rules.max_company_objectives, 'objective')} at company level, " \
               f"{rules.max_objectives} per team"
    return text


def key_results_words(rules: RoomRules) -> str:
    if rules.min_krs == rules.max_krs:
        return _plural(rules.max_krs, "key result")
    return f"{rules.min_krs}-{rules.max_krs} key results"


def kr_types_words(rules: RoomRules) -> str:
    types = [t for t in KR_TYPES if t in rules.kr_types]
    text = _and(types)
    if rules.max_milestones_per_objective is not None and "milestone" in rules.kr_types:
        text += f" (at most {_plural(rules.max_milestones_per_objective, 'milestone')} per objective)"
    return text


PLACEHOLDERS: dict[str, Callable[[RoomRules], str]] = {
    "objectives": objectives_words,
    "key_results": key_results_words,
    "kr_types": kr_types_words,
    "levels": lambda r: _and([level for level in LEVELS if level in r.levels]),
    "scale": lambda r: scale_words(r.scale),
    "confidence": lambda r: scale_words(r.confidence_scale) if r.confidence_tracked else "not tracked",
    "check_in": lambda r: decision_values.rhythm_text(r.check_in_weeks),
    "cycle": lambda r: decision_values.cycle_text(r.cycle_months),
    "bottom_up": lambda r: f"{r.bottom_up_target:.0%}",
}
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders a workshop file names that do not exist, for the loader to report."""
    return [name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS]


def fill(text: str, rules: RoomRules | None = None) -> str:
    """`text` with every `{{rule}}` replaced by the rule in force (the defaults without `rules`)."""
    if "{{" not in text:
        return text
    rules = rules or RoomRules()
    return _PLACEHOLDER.sub(lambda m: PLACEHOLDERS[m.group(1)](rules) if m.group(1) in PLACEHOLDERS
                            else m.group(0), text)


def board_header(rules: RoomRules) -> str:
    """The draft board's rules line: the limits in force, in one short line."""
    conf = f"confidence {_n(rules.confidence_scale.min)}-{_n(rules.confidence_scale.max)}" \
        if rules.confidence_tracked else "no confidence"
    objectives = f"≤{rules.max_objectives} objectives"
    if rules.max_company_objectives is not None and rules.max_company_objectives != rules.max_objectives:
        objectives = f"≤{rules.max_company_objectives} company, ≤{rules.max_objectives} team objectives"
    types = "/".join(t for t in KR_TYPES if t in rules.kr_types)
    return f"{objectives} · {rules.min_krs}-{rules.max_krs} key results · {types} · {conf}"


@dataclass(frozen=True)
class RuleLine:
    parameter: str
    title: str
    text: str  # the rule in the room's words, with its numbers
    source: str  # where it comes from: this session, another session, or the defaults


def rule_lines(rules: Iterable[Any]) -> list[RuleLine]:
    """One line per parameter that sets a rule for drafts: what is in force and where it came from.

    `rules` are core/rules.py `Rule`s (parameter, the decision in force or None, and `where` it came from); a
    parameter no source decided shows the default rule."""
    defaults = RoomRules()
    default_text = {
        "level": "company and team objectives", "number": f"{objectives_words(defaults)}, "
        f"{key_results_words(defaults)} each", "scoring": f"scored {scale_words(defaults.scale)}, confidence "
        f"{scale_words(defaults.confidence_scale)}", "cycle": decision_values.cycle_text(defaults.cycle_months),
        "kr-types": kr_types_words(defaults), "alignment": "team objectives are encouraged to link",
        "bottom-up": f"{defaults.bottom_up_target:.0%} of team objectives from the teams",
    }
    lines = []
    for rule in rules:
        if rule.parameter not in default_text:
            continue  # tracking, reviews and KPIs set no rule for drafts
        values = decided_values(rule.parameter, rule.decision)
        if values is None:
            lines.append(RuleLine(rule.parameter, BY_ID[rule.parameter].title, default_text[rule.parameter],
                                  rule.where))
            continue
        words = str(rule.decision.get("decision") or "")
        numbers = decision_values.own_numbers(rule.parameter, rule.decision.get("choice"), values) if words else \
            decision_values.describe(rule.parameter, values)
        text = f"{words} ({numbers})" if words and numbers else words or numbers
        lines.append(RuleLine(rule.parameter, BY_ID[rule.parameter].title, text, rule.where))
    return lines
