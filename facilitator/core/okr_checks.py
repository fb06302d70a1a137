"""Coaching checks on OKR drafts: what a coach challenges in the quality review, as pure functions.

Severity says how hard to push: a "problem" breaks a rule the room decided or leaves the OKR unusable, a
"warning" is a draft the coach should challenge, and "info" is worth a question. Within a severity, findings
come in the order of this registry, which puts what a coach fixes first (a task written as a key result)
first. Check ids are stable (findings are stored and exported with them): never rename one.

Checks read structure before words: the key result's from/to/unit/direction/type fields, its objective, the
room's rules; the words come from okr_text, which reads each text once. A check that says the same thing
more specifically than another silences it (`unless`): a task gets "this is a task", not also "add a number".

Each check function returns a message for a finding, or None; board checks return (target id, message)
pairs. All of them read a `Board`, built once per run.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from facilitator.core.okr import KR_TYPES, LEVELS, KeyResult, Objective, RoomRules
from facilitator.core.okr_lexicon import languages
from facilitator.core.okr_text import LANGUAGE, Facts, facts, infer_type, shares_subject, words
from facilitator.core.rules_text import LEVEL_WORDS
from facilitator.i18n import N_, _, local_decimal, ngettext

SEVERITIES: tuple[str, ...] = ("problem", "warning", "info")
SEVERITY_RANK: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}
SCOPES: tuple[str, ...] = ("board", "objective", "key-result")
BOARD = "board"

# What the coach says where nothing has been drafted yet: guidance, never a finding. "{krs}" is the room's own
# number of key results per objective (the defaults' "2-5" while the number decision is open). Marked for the
# catalogue: guidance() translates them, docs/checks.md keeps the English.
GUIDANCE: dict[str, str] = {
    "board": N_("Nothing drafted yet. Start with the objective (o): what must be different by the end of the "
                "cycle, in words people remember. Key results come after, {krs} for each objective."),
    "objective": N_("Write the objective: qualitative, memorable, an outcome someone outside the room would "
                    "notice. Numbers belong in the key results."),
    "key-result": N_("Write the key result as an outcome: what we will see at the end of the cycle, from X to Y "
                     "(\"Raise week-1 activation from 32% to 45%\"), with one owner."),
}


def key_result_range(rules: RoomRules) -> str:
    """The room's number of key results per objective, as the guidance says it: "2-5", "3", "up to 4"."""
    low, high = rules.min_krs, rules.max_krs
    if low == high:
        return str(low)
    return f"{low}-{high}" if low > 0 else _("up to {high}").format(high=high)


def guidance(scope: str, rules: RoomRules | None = None) -> str:
    """The guidance for a blank board, objective or key result, in the numbers the room decided."""
    return _(GUIDANCE[scope]).format(krs=key_result_range(rules or RoomRules()))


# Near-duplicates: token order and synonyms folded away, the same numbers (or none), this similar or more.
DUPLICATE_SIMILARITY = 88
MAX_OBJECTIVE_WORDS = 20
MIN_OBJECTIVE_WORDS = 3


@dataclass(frozen=True)
class Finding:
    check_id: str
    severity: str
    target_id: str  # an objective or key result id, or BOARD
    message: str
    question: str


@dataclass(frozen=True)
class Board:
    """The drafts under review with the room's rules, plus the cross-board facts several checks need."""

    objectives: tuple[Objective, ...]
    rules: RoomRules
    level_by_id: dict[str, str]
    # company objectives drafted in the organization's other sessions ("SESSION:o1"): a team may serve them
    elsewhere: frozenset[str] = frozenset()
    # the session's language: drafts are read in it unless their words tell another (okr_lexicon.detect)
    language: str = LANGUAGE

    @classmethod
    def of(cls, objectives: Iterable[Objective], rules: RoomRules, elsewhere: frozenset[str] = frozenset(),
           language: str = LANGUAGE) -> Board:
        objectives = tuple(objectives)
        return cls(objectives, rules, {o.id: o.level for o in objectives}, elsewhere, language)


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    finding: str  # the general finding, one line
    question: str  # what to ask the room, in English: a finding carries it translated (docs/checks.md does not)
    weak_example: str
    strong_example: str
    scope: str  # one of SCOPES
    # by scope: run(board) -> [(target id, message)]; run(objective, board) -> message or None;
    # run(key_result, objective, board) -> message or None
    run: Callable[..., object] = field(repr=False, compare=False)
    unless: tuple[str, ...] = ()  # quiet when one of these checks already speaks about the same item


_REGISTRY: list[Check] = []


def _check(id: str, severity: str, scope: str, *, finding: str, question: str, weak: str, strong: str,
           unless: tuple[str, ...] = ()):
    def register(function: Callable) -> Callable:
        _REGISTRY.append(Check(id, severity, finding, question, weak, strong, scope, function, unless))
        return function

    return register


# ---------------------------------------------------------------- reading a key result


def kr_type(kr: KeyResult, language: str = LANGUAGE) -> str:
    """The type the author chose, or the one its text reads as."""
    return kr.type if kr.type in KR_TYPES else infer_type(kr.text, due=kr.due, language=language)


def type_is_inferred(kr: KeyResult) -> bool:
    return kr.type not in KR_TYPES


def measure(kr: KeyResult, language: str = LANGUAGE) -> tuple[float | None, float | None]:
    """From and to: the fields when the author filled both, else the text's ("from 32% to 45%") when it has
    both, else whichever of each is known. A pair never mixes a field with the text."""
    f = facts(kr.text, language)
    if kr.start is not None and kr.target is not None:
        return kr.start, kr.target
    if f.start is not None and f.target is not None:
        return f.start, f.target
    return (kr.start if kr.start is not None else f.start), (kr.target if kr.target is not None else f.target)


def _has_target(kr: KeyResult, f: Facts) -> bool:
    return kr.target is not None or bool(f.numbers) or bool(f.multiplier)


def _direction(kr: KeyResult, f: Facts) -> str:
    return kr.direction or f.opening_direction


def _confidence(kr: KeyResult, rules: RoomRules) -> float | None:
    """Confidence as a share of the room's scale, 0 to 1."""
    scale = rules.confidence_scale  # the room's confidence scale ("out of 10"), not the score's
    if kr.confidence is None or scale.max <= scale.min:
        return None
    return max(0.0, min(1.0, (kr.confidence - scale.min) / (scale.max - scale.min)))


def _bounded(kr: KeyResult, f: Facts) -> bool:
    units = words(f.language).bounded_units
    return kr.unit.strip().casefold() in units or f.percent or f.metric_word.casefold() in units


def _ask(kr: KeyResult, f: Facts, rules: RoomRules) -> float | None:
    """How big a change the key result asks for in one quarter: 1.0 is a doubling, halving, 20 points of a net
    score, or closing two thirds of the gap to 100%. None when there is no from and to to judge."""
    start, target = measure(kr, f.language)
    if start is None or target is None or math.isclose(start, target):
        return None
    if words(f.language).net_score.search(kr.text) or kr.unit.strip().casefold() in ("nps", "enps"):
        ask = abs(target - start) / 20
    elif target < start:
        ask = (start - target) / abs(start) * 2 if start else math.inf  # halving is as hard as doubling
    else:
        ask = (target - start) / abs(start) if start else math.inf
        if _bounded(kr, f) and 0 <= start < 100 and target <= 100:
            # a rate close to 100% moves by closing the gap that is left: 99.5% to 99.9% is a big step
            ask = max(ask if start >= 1 else 0.0, (target - start) / (100 - start) * 1.5)
    return ask * 3 / max(1, rules.cycle_months)


def _fmt(value: float) -> str:
    # in the language the coach reads the finding in: "3,2" in German, as the drafts write it
    return local_decimal(f"{value:g}")




def _percent(share: float) -> str:
    return _("{share}%").format(share=f"{share * 100:.0f}")


def normalized(text: str) -> str:
    """Text compared case-, space- and punctuation-insensitively, ignoring articles."""
    return " ".join(t for t in "".join(c if c.isalnum() else " " for c in text.casefold()).split()
                    if t not in ("the", "a", "an"))


# ---------------------------------------------------------------- board checks


@_check("too-many-objectives", "problem", "board",
        finding="More objectives at one level than the number decision allows.",
        question=N_("If we could only keep the allowed number, which ones would we keep?"),
        weak="Four company objectives when the room agreed on at most three.",
        strong="Three company objectives; the fourth theme goes to the parking lot for next cycle.")
def too_many_objectives(board: Board) -> list[tuple[str, str]]:
    # The limit applies per level, and per team at team and individual level.
    groups = Counter((o.level, o.team if o.level != "company" else "") for o in board.objectives)
    found = []
    for (level, team), count in groups.items():
        limit = board.rules.objective_limit(level)
        if count > limit:
            word = _(LEVEL_WORDS.get(level, level))
            message = _("{count} objectives at {level} level ({team}); the room's limit is {limit}.") if team \
                else _("{count} objectives at {level} level; the room's limit is {limit}.")
            found.append((BOARD, message.format(count=count, level=word, team=team, limit=limit)))
    return found


@_check("bottom-up-share-low", "warning", "board",
        finding="Fewer team objectives proposed by the teams than the bottom-up target.",
        question=N_("Which of these did the teams not choose themselves, and what would it take for them to?"),
        weak="4 of 5 team objectives handed down by leadership (20% bottom-up) against a 60% target.",
        strong="3 of 5 team objectives proposed by the teams (60%), leadership challenged them in review.")
def bottom_up_share_low(board: Board) -> list[tuple[str, str]]:
    team_objectives = [o for o in board.objectives if o.level == "team"]
    if not team_objectives:
        return []
    proposed = sum(1 for o in team_objectives if o.origin == "team")
    share = proposed / len(team_objectives)
    target = board.rules.bottom_up_target
    if share + 1e-9 >= target:
        return []
    return [(BOARD, _("{proposed} of {total} team objectives ({share}) were proposed by the teams; the room's "
                      "target is {target}.").format(proposed=proposed, total=len(team_objectives),
                                                    share=_percent(share), target=_percent(target)))]


@_check("objective-no-why-now", "info", "board",
        finding="Objectives that do not say why they matter now: asked once for the board, not on each one.",
        question=N_("What does waiting one more cycle cost us, in customers, money or people?"),
        weak='"Make setup effortless for small accounts", with no reason given',
        strong='The same objective, why now: "new small accounts churn in month one because setup takes '
               'three weeks"')
def objective_no_why_now(board: Board) -> list[tuple[str, str]]:
    missing = [o.id for o in board.objectives if o.title.strip() and not o.why_now.strip()]
    if not missing:
        return []
    named = ", ".join(missing[:5])
    if len(missing) > 5:
        named += _(" and {count} more").format(count=len(missing) - 5)
    return [(BOARD, _("No \"why now\" yet on {named}: the why-now themes say why this matters this "
                      "cycle.").format(named=named))]


def _similar(a: str, b: str) -> bool:
    from rapidfuzz import fuzz  # its start-up cost is paid when a board is first compared, not when the app starts

    return bool(a) and bool(b) and fuzz.token_sort_ratio(a, b, score_cutoff=DUPLICATE_SIMILARITY) > 0


def _near(a: Facts, b: Facts) -> bool:
    """The same measure in other words: the same words in another order or with synonyms, or, with the very
    same numbers, one wording inside the other ("uptime" and "availability uptime")."""
    from rapidfuzz import fuzz

    if not _same_numbers(a, b) or not a.signature or not b.signature:
        return False
    if a.numbers and set(a.numbers) == set(b.numbers):
        return fuzz.token_set_ratio(a.signature, b.signature, score_cutoff=DUPLICATE_SIMILARITY) > 0
    return _similar(a.signature, b.signature)


def _same_numbers(a: Facts, b: Facts) -> bool:
    # "Raise NPS from 30 to 50" and "Increase NPS to 50" are one key result; WAU and MAU targets are not.
    x, y = set(a.numbers), set(b.numbers)
    return not x or not y or x <= y or y <= x


@_check("duplicate-key-result", "warning", "board",
        finding="The same key result, or nearly (other words, the same measure), appears more than once.",
        question=N_("Is this one shared key result? Then keep it once, with one owner."),
        weak='"Raise NPS from 18 to 30" on one objective and "Increase our NPS to 30" on another',
        strong="One shared key result with one owner, and each team's own contribution as its own key result")
def duplicate_key_result(board: Board) -> list[tuple[str, str]]:
    seen: list[tuple[KeyResult, Objective, Facts, str]] = []
    exact: dict[str, tuple[KeyResult, Objective]] = {}
    found = []
    for objective in board.objectives:
        for kr in objective.key_results:
            if not kr.text.strip():
                continue
            key, f = normalized(kr.text), facts(kr.text, board.language)
            first = exact.get(key)
            if first is None:
                first = next(((k, o) for k, o, g, sig in seen if _near(f, g)), None)
                nearly = True
            else:
                nearly = False
            if first is not None:
                if first[1] is objective:
                    message = _('Nearly the same as key result "{kr}" on this objective.') if nearly \
                        else _('Same as key result "{kr}" on this objective.')
                else:
                    message = _('Nearly the same as key result "{kr}" on objective "{objective}".') if nearly \
                        else _('Same as key result "{kr}" on objective "{objective}".')
                found.append((kr.id, message.format(kr=first[0].id, objective=first[1].id)))
            else:
                exact.setdefault(key, (kr, objective))
                seen.append((kr, objective, f, f.signature))
    return found


@_check("duplicate-objective", "warning", "board",
        finding="Two objectives say the same thing, or nearly.",
        question=N_("Are these one objective? Merge them, and keep the key results that show it best."),
        weak='"Delight our first-time customers" and "Delight first time customers" on the same board',
        strong="One objective, with the key results of both that tell most about it")
def duplicate_objective(board: Board) -> list[tuple[str, str]]:
    seen: list[tuple[Objective, str]] = []
    found = []
    for objective in board.objectives:
        if not objective.title.strip():
            continue
        sig = facts(objective.title, board.language).signature
        first = next((o for o, s in seen if s == sig or _similar(sig, s)), None)
        if first is not None:
            found.append((objective.id, _('Nearly the same as objective "{objective}" ("{title}").').format(
                objective=first.id, title=first.title)))
        else:
            seen.append((objective, sig))
    return found


# ---------------------------------------------------------------- objective checks


@_check("objective-is-a-project", "warning", "objective",
        finding="The objective names a project or activity, not an outcome.",
        question=N_("What will be better, and for whom, once this is done?"),
        weak="Launch CRM v2",
        strong="Give every sales rep a full picture of their customer before each call")
def objective_is_a_project(objective: Objective, board: Board) -> str | None:
    if verb := facts(objective.title, board.language).opening_project:
        return _('"{verb}" is a project to run; the objective is what changes once it is done.').format(verb=verb)
    return None


@_check("objective-has-numbers", "warning", "objective",
        finding="The objective contains numbers or metrics; those belong in the key results.",
        question=N_("Why do we want that number? The answer is usually the objective."),
        weak="Increase revenue by 20%",
        strong="Make every new customer successful in their first week, so they stay with us")
def objective_has_numbers(objective: Objective, board: Board) -> str | None:
    f = facts(objective.title, board.language)
    named = f.metric_word or f.multiplier or (_fmt(f.numbers[0]) + ("%" if f.percent else "") if f.numbers else "")
    if named:
        return _('The objective names a number or metric ("{named}"): move it into a key result.').format(
            named=named)
    return None


@_check("objective-too-long", "warning", "objective",
        finding="The objective is too long to remember.",
        question=N_("Could someone on the team say it from memory a month from now?"),
        weak="Improve our onboarding, support and documentation processes across all regions so that customers "
             "and partners have a better experience and we reduce costs",
        strong="Make setup effortless for small accounts")
def objective_too_long(objective: Objective, board: Board) -> str | None:
    count = facts(objective.title, board.language).word_count
    if count > MAX_OBJECTIVE_WORDS:
        return _("The objective has {count} words; aim for one memorable sentence of {most} or fewer.").format(
            count=count, most=MAX_OBJECTIVE_WORDS)
    return None


@_check("objective-vague", "warning", "objective",
        finding="The objective is too vague or broad to guide this cycle.",
        question=N_("What would be true by the end of this cycle that is not true today?"),
        weak="Be the best company in our market",
        strong="Win back the mid-market accounts we lost to competitors last year",
        unless=("objective-is-a-project", "objective-has-numbers"))
def objective_vague(objective: Objective, board: Board) -> str | None:
    f = facts(objective.title, board.language)
    w = words(f.language)
    if f.word_count < MIN_OBJECTIVE_WORDS:
        return _("The objective is only a word or two: say what should be different by the end of the cycle.")
    match = w.vague_objective.search(f.text)
    # "Be the number one choice for small businesses in Germany" says for whom and where: not vague
    if match and len([t for t in f.specific if not w.vague_objective.fullmatch(t)
                      and t.casefold() not in match.group(0).casefold().split()]) < 2:
        return _('"{words}" could mean anything: say what will be different by the end of the cycle.').format(
            words=match.group(0))
    if not f.specific:
        return _("It names no one and nothing in particular: for whom, and what will be different for them?")
    return None


@_check("objective-business-as-usual", "warning", "objective",
        finding="The objective keeps things as they are: business as usual, watched by KPIs.",
        question=N_("Is this under real threat this cycle, or is it a health metric to keep watching?"),
        weak="Keep our service reliable",
        strong="Make our service reliable enough for enterprise customers to sign up")
def objective_business_as_usual(objective: Objective, board: Board) -> str | None:
    if facts(objective.title, board.language).opening_direction == "maintain":
        return _("The objective only keeps things as they are; OKRs are for what must change this cycle.")
    return None


@_check("objective-no-key-results", "warning", "objective",
        finding="The objective has no key results yet, so nobody can tell whether it is met.",
        question=N_("How would we know, at the end of the cycle, that we achieved this?"),
        weak='"Make setup effortless for small accounts" with no key results',
        strong='The same objective with "Cut median setup time from 21 days to 5 days" and '
               '"Cut setup tickets per new account from 3.1 to 1.5"')
def objective_no_key_results(objective: Objective, board: Board) -> str | None:
    if not objective.key_results:
        return _("No key results yet: add the {krs} outcomes that would show this happened (r).").format(
            krs=key_result_range(board.rules))
    return None


@_check("too-few-key-results", "warning", "objective",
        finding="Fewer key results than the number decision asks for.",
        question=N_("If this key result is met, is the objective really achieved? What else would we see?"),
        weak="One key result: \"Raise week-1 activation from 32% to 45%\"",
        strong="Add a balancing one: \"Cut setup tickets per new account from 3.1 to 1.5\"")
def too_few_key_results(objective: Objective, board: Board) -> str | None:
    count, minimum = len(objective.key_results), board.rules.min_krs
    if 0 < count < minimum:
        return ngettext("{count} key result; the room asked for at least {minimum}.",
                        "{count} key results; the room asked for at least {minimum}.", count).format(
            count=count, minimum=minimum)
    return None


@_check("too-many-key-results", "problem", "objective",
        finding="More key results than the number decision allows.",
        question=N_("If we could only keep the allowed number, which ones tell us most about the objective?"),
        weak="Seven key results on one objective, one for every project the team runs",
        strong="Three key results that together show the objective is met; the rest go in the team plan")
def too_many_key_results(objective: Objective, board: Board) -> str | None:
    count, maximum = len(objective.key_results), board.rules.max_krs
    if count > maximum:
        return _("{count} key results; the room's limit is {maximum}.").format(count=count, maximum=maximum)
    return None


@_check("too-many-milestones", "problem", "objective",
        finding="More milestone key results on one objective than the kr-types decision allows.",
        question=N_("Which of these deliverables is itself the outcome customers notice? Keep that one."),
        weak='"Pricing page live" and "New checkout live" on the same objective, with one milestone allowed',
        strong='"New checkout live in 3 markets" plus "Raise checkout conversion from 2.1% to 2.8%"')
def too_many_milestones(objective: Objective, board: Board) -> str | None:
    limit = board.rules.max_milestones_per_objective
    if limit is None or "milestone" not in board.rules.kr_types:
        return None
    count = sum(1 for kr in objective.key_results
                if kr.text.strip() and kr_type(kr, board.language) == "milestone")
    if count > limit:
        return _("{count} milestone key results; the room allows at most {limit} per objective.").format(
            count=count, limit=limit)
    return None


@_check("too-many-baselines", "info", "objective",
        finding="Several baseline key results: the team cannot yet tell whether the objective succeeds.",
        question=N_("Is the value simply unknown today? Could finding it be an action due this week instead?"),
        weak="Three baseline key results: measure activation, measure churn reasons, measure setup time",
        strong="One baseline (time-to-first-value) plus metric key results on measures that exist")
def too_many_baselines(objective: Objective, board: Board) -> str | None:
    if "baseline" not in board.rules.kr_types:
        return None
    count = sum(1 for kr in objective.key_results if kr.text.strip() and kr_type(kr, board.language) == "baseline")
    if count > 1:
        return _("{count} baseline key results on one objective.").format(count=count)
    return None


@_check("level-not-allowed", "problem", "objective",
        finding="The objective is at a level the level decision does not include this cycle.",
        question=N_("Which team or company objective could carry this instead?"),
        weak="An individual objective when the room decided on company plus pilot teams",
        strong="The same intent as a key result owned by that person on their team's objective")
def level_not_allowed(objective: Objective, board: Board) -> str | None:
    if objective.level not in LEVELS:
        return _('"{level}" is not a level; use one of {levels}.').format(level=objective.level,
                                                                          levels=", ".join(LEVELS))
    if objective.level not in board.rules.levels:
        allowed = ", ".join(_(LEVEL_WORDS[level]) for level in LEVELS if level in board.rules.levels)
        message = _("{level} objectives are not part of this cycle (allowed: {allowed}).").format(
            level=_(LEVEL_WORDS[objective.level]), allowed=allowed)
        return message[:1].upper() + message[1:]
    return None


@_check("alignment-missing", "problem", "objective",
        finding="A team objective names no company objective, and the alignment decision requires one.",
        question=N_("Which company objective does this move, and how?"),
        weak='Team objective "Clean up our backlog" with no contributes-to link',
        strong='"Make setup effortless for small accounts", contributes to "Make every new customer '
               'successful in their first week"')
def alignment_missing(objective: Objective, board: Board) -> str | None:
    if objective.level == "team" and board.rules.alignment_required and not objective.contributes_to.strip():
        return _("No contributes-to link; the room decided every team objective names one.")
    return None


@_check("alignment-suggested", "info", "objective",
        finding="A team objective names no company objective it contributes to.",
        question=N_("Which company objective does this serve, or is it about the team's own health?"),
        weak='Team objective "Clean up our backlog" with no link and no reason',
        strong='"Make setup effortless for small accounts", contributes to "Make every new customer '
               'successful in their first week"')
def alignment_suggested(objective: Objective, board: Board) -> str | None:
    rules = board.rules
    if objective.level == "team" and not rules.alignment_required and rules.alignment_encouraged \
            and not objective.contributes_to.strip():
        return _("No contributes-to link: worth naming the company objective it serves, if any.")
    return None


@_check("alignment-link-broken", "warning", "objective",
        finding="The contributes-to link does not point at a company objective on the board.",
        question=N_("Which company objective exactly does this contribute to?"),
        weak="Contributes to another team's objective, or to an id nobody recognises",
        strong="Contributes to the company objective \"Make every new customer successful in their first week\"")
def alignment_link_broken(objective: Objective, board: Board) -> str | None:
    link = objective.contributes_to.strip()
    if not link or objective.level == "company" or link in board.elsewhere:
        return None
    level = board.level_by_id.get(link)
    if level is not None and level != "company":
        return _('It contributes to "{link}", a {level} objective, not a company objective.').format(
            link=link, level=_(LEVEL_WORDS.get(level, level)))
    # Team drafts are often reviewed without the company objectives on the same board: only judge a link
    # to an unknown id when the company objectives are there to compare against.
    if level is None and "company" in board.level_by_id.values():
        return _('It contributes to "{link}", which is not an objective on this board.').format(link=link)
    return None


# ---------------------------------------------------------------- key result checks


@_check("kr-task-like", "problem", "key-result",
        finding="The key result is a task or activity, not an outcome: done, it says nothing about what changed.",
        question=N_("Why are we doing this? What changes when it is done? That change is the key result."),
        weak="Deploy the new checkout",
        strong="Raise checkout conversion from 2.1% to 2.8%")
def kr_task_like(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    f = facts(kr.text, board.language)
    # the text says what is measured: "Deploy the new checkout" stays a task whatever number is put next to it
    if kr_type(kr, board.language) != "milestone" and f.opening_task and not f.numbers and not f.multiplier \
            and f.start is None:
        return _('"{task}" describes work to do, not a result to reach.').format(task=f.opening_task)
    return None


@_check("kr-output", "warning", "key-result",
        finding="The key result counts work done (posts, calls, webinars, hires), not the change it should cause.",
        question=N_("What should these bring about? Count that instead, and keep the activity in the plan."),
        weak="Publish 10 blog posts",
        strong="Grow organic sign-ups from blog readers from 120 to 300 a month")
def kr_output(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    f = facts(kr.text, board.language)
    unit = kr.unit.strip()
    counted = f.output_count or (unit and words(f.language).output_unit.fullmatch(unit))
    if counted and kr_type(kr, board.language) != "baseline":
        return _("It counts output; the key result is what that output changes for customers or the business.")
    return None


@_check("milestone-not-allowed", "problem", "key-result",
        finding="A milestone key result, and the kr-types decision does not allow milestones.",
        question=N_("What measurable change should this deliverable cause? Make that the key result."),
        weak="Pricing page live in all markets (milestone)",
        strong="Raise self-serve upgrades from 40 to 90 a month (metric)")
def milestone_not_allowed(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if kr_type(kr, board.language) == "milestone" and "milestone" not in board.rules.kr_types:
        if not type_is_inferred(kr):
            return _("A milestone, and milestones are not allowed this cycle.")
        if kr.due or facts(kr.text, board.language).deadline:
            return _("A milestone (read from its text: a deliverable with a date), and milestones are not allowed "
                     "this cycle.")
        return _("A milestone (read from its text: a deliverable), and milestones are not allowed this cycle.")
    return None


@_check("baseline-not-allowed", "problem", "key-result",
        finding="A baseline key result, and the kr-types decision does not allow baselines.",
        question=N_("Is there a measure we have today that tells us enough? If not, make finding it an action."),
        weak="Establish a measure of time-to-first-value (baseline)",
        strong="Cut median setup time from 21 days to 5 days (metric), with measuring it as an action")
def baseline_not_allowed(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if kr_type(kr, board.language) == "baseline" and "baseline" not in board.rules.kr_types:
        return _("Baseline key results are not allowed this cycle.")
    return None


@_check("kr-compound", "warning", "key-result",
        finding="Two key results in one: each can be met without the other, so neither can be scored.",
        question=N_("Which of the two shows the objective best? Keep that one, or make them two key results."),
        weak="Increase NPS to 50 and reduce churn to 3%",
        strong='"Raise NPS from 38 to 50" and, as its own key result, "Cut monthly churn from 4% to 3%"')
def kr_compound(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if facts(kr.text, board.language).compound:
        return _("It joins two results with \"and\": split it, so each is scored on its own.")
    return None


@_check("kpi-in-disguise", "warning", "key-result",
        finding="The key result only keeps a health metric where it is: a KPI in disguise.",
        question=N_("If this number stays exactly where it is, would we be happy? Then it is a KPI to monitor."),
        weak="Keep uptime at 99.9%",
        strong="Reduce first-90-day churn from 6% to 3%")
def kpi_in_disguise(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    f = facts(kr.text, board.language)
    moves = f.start is not None and f.target is not None and not math.isclose(f.start, f.target)
    steering = f.opening_direction in ("increase", "decrease")
    # a health metric stated as a level ("99.9% uptime") is watched, not moved
    level_only = bool(f.health_metric) and kr.start is None and not f.relative_change
    if kr.direction == "maintain" or ((f.keep or level_only) and not steering and not moves):
        return _("It keeps a measure steady rather than changing it; keep it on the KPI dashboard unless "
                 "holding it takes a real effort this cycle.")
    return None


@_check("vague-verb", "warning", "key-result",
        finding="A vague verb with no measure: it could mean anything.",
        question=N_("What exactly would we see if this were achieved, and how much?"),
        weak="Improve customer satisfaction",
        strong="Raise CSAT on support tickets from 78% to 85%",
        unless=("kr-task-like",))
def vague_verb(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    f = facts(kr.text, board.language)
    if f.vague_verb and not _has_target(kr, f) and kr_type(kr, board.language) != "milestone":
        return _('"{verb}" with no number: say from what to what.').format(verb=f.vague_verb)
    return None


@_check("kr-no-target", "problem", "key-result",
        finding="A metric key result has no measurable target.",
        question=N_("What exactly would we see at the end of the cycle if this were achieved?"),
        weak="Increase NPS",
        strong="Raise NPS of new accounts from 18 to 30",
        unless=("kr-task-like", "vague-verb", "kr-output", "kpi-in-disguise"))
def kr_no_target(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if kr_type(kr, board.language) == "metric" and not _has_target(kr, facts(kr.text, board.language)):
        return _("No target: say the value this should reach by the end of the cycle.")
    return None


@_check("kr-no-baseline", "warning", "key-result",
        finding="A metric key result has no starting value: \"from what?\" has no answer.",
        question=N_("What is the value today, and where exactly does that number come from?"),
        weak="Raise week-1 activation to 45%",
        strong="Raise week-1 activation from 32% to 45%",
        unless=("kr-task-like", "vague-verb", "kr-no-target", "kr-output", "kpi-in-disguise", "kr-compound"))
def kr_no_baseline(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    # "Sign 20 new customers" counts from zero: the start is known
    if kr_type(kr, board.language) == "metric" and measure(kr, board.language)[0] is None \
            and not facts(kr.text, board.language).counts_gains:
        return _("No starting value: add the value today, or make finding it an action due this week.")
    return None


@_check("target-equals-start", "warning", "key-result",
        finding="The target is the same as the starting value: nothing changes.",
        question=N_("What change do we want this cycle? If none, is this a KPI to monitor?"),
        weak="Week-1 activation from 32% to 32%",
        strong="Week-1 activation from 32% to 45%",
        unless=("kpi-in-disguise",))
def target_equals_start(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    start, target = measure(kr, board.language)
    if start is not None and target is not None and math.isclose(start, target):
        return _("From {start} to {target}: no change.").format(start=_fmt(start), target=_fmt(target))
    return None


@_check("kr-direction-mismatch", "warning", "key-result",
        finding="The target moves the opposite way to the stated direction.",
        question=N_("Do we want this number to go up or down? Which is the mistake, the direction or the target?"),
        weak="Decrease churn, from 3% to 4%",
        strong="Decrease churn, from 4% to 3%")
def kr_direction_mismatch(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    start, target = measure(kr, board.language)
    if start is None or target is None:
        return None
    direction = _direction(kr, facts(kr.text, board.language))
    if direction == "increase" and target < start:
        return _("Direction is increase, but the target goes from {start} to {target}.").format(
            start=_fmt(start), target=_fmt(target))
    if direction == "decrease" and target > start:
        return _("Direction is decrease, but the target goes from {start} to {target}.").format(
            start=_fmt(start), target=_fmt(target))
    return None


@_check("kr-not-ambitious", "warning", "key-result",
        finding="The target is at or near where we are today, or a stretch is rated near certain.",
        question=N_("What would we have to do differently to aim higher? What makes this a bet, not a forecast?"),
        weak="Raise NPS from 40 to 41 (committed), or an aspirational key result with confidence 0.95",
        strong="Raise NPS from 40 to 48, confidence 0.6",
        unless=("target-equals-start", "kpi-in-disguise", "kr-direction-mismatch"))
def kr_not_ambitious(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    f = facts(kr.text, board.language)
    confidence = _confidence(kr, board.rules)
    if (kr.aspirational or not objective.committed) and confidence is not None and confidence >= 0.9:
        return _("Confidence {confidence} on an aspirational key result: a stretch we are almost sure of is not a "
                 "stretch.").format(confidence=_fmt(kr.confidence))
    ask = _ask(kr, f, board.rules)
    if ask is not None and ask < 0.05 + 1e-9:
        start, target = measure(kr, board.language)
        return _("From {start} to {target} is barely a change from today.").format(start=_fmt(start),
                                                                                    target=_fmt(target))
    if f.relative_change and ask is None and f.numbers and f.numbers[0] <= 2 and f.percent:
        return _("{change} is barely a change from today.").format(
            change=_("{share}%").format(share=_fmt(f.numbers[0])))
    return None


@_check("kr-unrealistic-stretch", "warning", "key-result",
        finding="A change far beyond what one cycle usually moves, rated with high confidence.",
        question=N_("What would have to be true to make this change in one cycle? Is the confidence honest?"),
        weak="Raise NPS from 20 to 45 in one quarter, confidence 0.9",
        strong="Raise NPS from 20 to 30 this quarter, confidence 0.6, aspirational")
def kr_unrealistic_stretch(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    ask = _ask(kr, facts(kr.text, board.language), board.rules)
    if ask is None:
        return None
    confidence = _confidence(kr, board.rules)
    months = board.rules.cycle_months
    start, target = measure(kr, board.language)
    if confidence is not None and confidence >= 0.8 and ask >= 1.0:
        return _("From {start} to {target} in {months} months, with confidence {confidence}: a big stretch rated "
                 "almost certain.").format(start=_fmt(start), target=_fmt(target), months=months,
                                           confidence=_fmt(kr.confidence))
    if ask >= 9 and start:
        return _("From {start} to {target} in {months} months is a change of {factor}x: realistic in one "
                 "cycle?").format(start=_fmt(start), target=_fmt(target), months=months,
                                  factor=f"{target / start:.0f}")
    return None


@_check("milestone-task-like", "info", "key-result",
        finding="The milestone reads as a task; fair only if the deliverable is itself the outcome.",
        question=N_("And then what changes? Could that change be the key result, and the launch the plan?"),
        weak="Launch the new onboarding flow by 31 March",
        strong="Self-serve signup live in 3 pilot markets, stage 1 of 3")
def milestone_task_like(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    f = facts(kr.text, board.language)
    if kr_type(kr, board.language) == "milestone" and f.opening_task:
        if type_is_inferred(kr):
            return _('"{task}" is a deliverable (read as a milestone from its text); check it is the outcome, not '
                     'the way to one.').format(task=f.opening_task)
        return _('"{task}" is a deliverable; check it is the outcome, not the way to one.').format(
            task=f.opening_task)
    return None


@_check("kr-binary", "info", "key-result",
        finding="A done-or-not-done key result: it scores 0 or 1, with nothing to show at check-ins before then.",
        question=N_("Could it be staged (1 of 3 markets), or measured by what it changes once it is live?"),
        weak="New website live by 30 June",
        strong="Self-serve signup live in 3 pilot markets, stage 1 of 3",
        unless=("milestone-task-like", "milestone-not-allowed"))
def kr_binary(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    f = facts(kr.text, board.language)
    if kr_type(kr, board.language) == "milestone" and not f.staged:
        if type_is_inferred(kr):
            return _("Done or not done, read from its text as a milestone: nothing to score at check-ins until it "
                     "is done.")
        return _("Done or not done: nothing to score at check-ins until it is done.")
    return None


@_check("milestone-no-due", "warning", "key-result",
        finding="A milestone without a due date.",
        question=N_("By when must this be done for it to matter this cycle?"),
        weak="Self-serve signup live in 3 pilot markets",
        strong="Self-serve signup live in 3 pilot markets by 15 May")
def milestone_no_due(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if kr_type(kr, board.language) == "milestone" and not kr.due.strip() \
            and not facts(kr.text, board.language).deadline:
        return _("No due date for this milestone.")
    return None


@_check("kr-not-showing-objective", "info", "key-result",
        finding="The key result shares no subject with its objective: does it show the objective happened?",
        question=N_("If this key result is met, would someone see that the objective came true?"),
        weak='"Raise NPS from 30 to 45" under "Mobile is the way our customers prefer to reach us"',
        strong='"Grow the share of support contacts made in the app from 12% to 30%" under the same objective')
def kr_not_showing_objective(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    o, k = facts(objective.title, board.language), facts(kr.text, board.language)
    if not o.subject or shares_subject(o, k):
        return None
    named = ", ".join(sorted(o.subject)[:3])
    return _("Nothing in it names what the objective is about ({named}): is this the evidence that it "
             "happened?").format(named=named)


@_check("kr-no-owner", "warning", "key-result",
        finding="The key result has no owner.",
        question=N_("Who will keep this moving and report on it at check-ins?"),
        weak="Raise week-1 activation from 32% to 45% (owner: none)",
        strong="Raise week-1 activation from 32% to 45% (owner: Priya)")
def kr_no_owner(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if not kr.owner.strip():
        return _("No owner: name one person.")
    return None


@_check("kr-several-owners", "warning", "key-result",
        finding="The key result has several owners; shared ownership is no ownership.",
        question=N_("Which one person keeps this moving? The others can still do the work."),
        weak="Owners: Ana and Bo",
        strong="Owner: Ana (Bo contributes)")
def kr_several_owners(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    # an owner field is too short to tell its language: read it in every language the checks know
    if any(words(lang).owner_joiner.search(kr.owner) for lang in languages()):
        return _('"{owner}" names several owners: pick one.').format(owner=kr.owner.strip())
    return None


@_check("kr-owner-not-a-person", "warning", "key-result",
        finding="The owner is a team or a placeholder, not a person.",
        question=N_("Which person on that team owns it and reports on it?"),
        weak="Owner: Support team",
        strong="Owner: Lea (Support)")
def kr_owner_not_a_person(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    # "Lea (Support)" is Lea: what is in brackets says where she sits
    owner = re.sub(r"\(.*?\)", " ", kr.owner)
    if any(words(lang).not_a_person.search(owner) for lang in languages()):
        return _('"{owner}" is not a person: name one.').format(owner=kr.owner.strip())
    return None


@_check("confidence-out-of-scale", "problem", "key-result",
        finding="The confidence is outside the room's confidence scale.",
        question=N_("On our scale, how confident are we that this will be met?"),
        weak="Confidence 7 on a 0.0-1.0 scale",
        strong="Confidence 0.7 on a 0.0-1.0 scale")
def confidence_out_of_scale(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    scale = board.rules.confidence_scale  # the room's own confidence scale, which may differ from the score's
    if kr.confidence is not None and not scale.min <= kr.confidence <= scale.max:
        return _("Confidence {confidence} is outside the room's confidence scale ({low} to {high}).").format(
            confidence=_fmt(kr.confidence), low=_fmt(scale.min), high=_fmt(scale.max))
    return None


@_check("kr-no-confidence", "info", "key-result",
        finding="No confidence recorded, and the room tracks confidence.",
        question=N_("How sure are we this will be met, and what would raise that by one step?"),
        weak="Raise week-1 activation from 32% to 45%, confidence not given",
        strong="Raise week-1 activation from 32% to 45%, confidence 0.5, aspirational")
def kr_no_confidence(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if board.rules.confidence_tracked and kr.confidence is None:
        return _("No confidence yet: it is the starting line for the first check-in.")
    return None


CHECKS: tuple[Check, ...] = tuple(_REGISTRY)
BY_ID: dict[str, Check] = {c.id: c for c in CHECKS}
ORDER: dict[str, int] = {c.id: i for i, c in enumerate(CHECKS)}
_BY_SCOPE: dict[str, tuple[Check, ...]] = {s: tuple(c for c in CHECKS if c.scope == s) for s in SCOPES}


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """What a coach raises first: problems before warnings before questions, then in registry order."""
    return sorted(findings, key=lambda f: (SEVERITY_RANK.get(f.severity, 9), ORDER.get(f.check_id, 999)))


def _quieted(found: list[Finding]) -> list[Finding]:
    said = {f.check_id for f in found}
    return [f for f in found if not said.intersection(BY_ID[f.check_id].unless)]


def check_board(board: Board, checks: Iterable[Check] | None = None) -> list[Finding]:
    found = [Finding(c.id, c.severity, target, message, _(c.question))
             for c in (_BY_SCOPE["board"] if checks is None else [c for c in checks if c.scope == "board"])
             for target, message in c.run(board) if message]
    by_target: dict[str, list[Finding]] = {}
    for f in found:
        by_target.setdefault(f.target_id, []).append(f)
    return [f for group in by_target.values() for f in _quieted(group)]


def check_objective(objective: Objective, board: Board, checks: Iterable[Check] | None = None) -> list[Finding]:
    """The objective's own findings; none while it is still blank (that is guidance, see GUIDANCE)."""
    if not objective.title.strip():
        return []
    active = _BY_SCOPE["objective"] if checks is None else [c for c in checks if c.scope == "objective"]
    return sort_findings(_quieted([Finding(c.id, c.severity, objective.id, m, _(c.question)) for c in active
                                   if (m := c.run(objective, board))]))


def check_key_result(kr: KeyResult, objective: Objective, board: Board,
                     checks: Iterable[Check] | None = None) -> list[Finding]:
    """The key result's own findings; none while it is still blank."""
    if not kr.text.strip():
        return []
    active = _BY_SCOPE["key-result"] if checks is None else [c for c in checks if c.scope == "key-result"]
    return sort_findings(_quieted([Finding(c.id, c.severity, kr.id, m, _(c.question)) for c in active
                                   if (m := c.run(kr, objective, board))]))


def run_checks(objectives: list[Objective], rules: RoomRules, checks: Iterable[Check] | None = None, *,
               elsewhere: frozenset[str] = frozenset(), language: str = LANGUAGE) -> list[Finding]:
    """Every finding on the board: board-level first, then each objective followed by its key results."""
    checks = None if checks is None else tuple(checks)
    board = Board.of(objectives, rules, elsewhere, language)
    findings = check_board(board, checks)
    for objective in board.objectives:
        findings += check_objective(objective, board, checks)
        for kr in objective.key_results:
            findings += check_key_result(kr, objective, board, checks)
    return findings
