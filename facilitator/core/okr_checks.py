"""Coaching checks on OKR drafts: what a coach challenges in the quality review, as pure functions.

Severity says how hard to push: a "problem" breaks a rule the room decided or leaves the OKR unusable, a
"warning" is a draft the coach should challenge, and "info" is worth a question. Check ids are stable
(findings are stored and exported with them): never rename one.

Each check function returns a message for a finding, or None; board checks return (target id, message)
pairs. All of them read a `Board`, built once per run, so cross-board checks stay linear.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from facilitator.core.okr import LEVELS, KeyResult, Objective, RoomRules

SEVERITIES: tuple[str, ...] = ("problem", "warning", "info")
SCOPES: tuple[str, ...] = ("board", "objective", "key-result")
BOARD = "board"


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
    # normalized key result text -> where it first appears, so duplicates are found without comparing pairs
    first_kr: dict[str, tuple[KeyResult, Objective]]
    level_by_id: dict[str, str]
    # company objectives drafted in the organization's other sessions ("SESSION:o1"): a team may serve them
    elsewhere: frozenset[str] = frozenset()

    @classmethod
    def of(cls, objectives: Iterable[Objective], rules: RoomRules, elsewhere: frozenset[str] = frozenset()) -> Board:
        objectives = tuple(objectives)
        first_kr: dict[str, tuple[KeyResult, Objective]] = {}
        for objective in objectives:
            for kr in objective.key_results:
                key = normalized(kr.text)
                if key:
                    first_kr.setdefault(key, (kr, objective))
        return cls(objectives, rules, first_kr, {o.id: o.level for o in objectives}, elsewhere)


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    finding: str  # the general finding, one line
    question: str  # what to ask the room
    weak_example: str
    strong_example: str
    scope: str  # one of SCOPES
    # by scope: run(board) -> [(target id, message)]; run(objective, board) -> message or None;
    # run(key_result, objective, board) -> message or None
    run: Callable[..., object] = field(repr=False, compare=False)


_REGISTRY: list[Check] = []


def _check(id: str, severity: str, scope: str, *, finding: str, question: str, weak: str, strong: str):
    def register(function: Callable) -> Callable:
        _REGISTRY.append(Check(id, severity, finding, question, weak, strong, scope, function))
        return function

    return register


# ---------------------------------------------------------------- text helpers

_PUNCTUATION = re.compile(r"[\W_]+")
_ARTICLES = re.compile(r"\b(?:the|a|an)\b")
_DIGIT = re.compile(r"\d")
# Years and quarters only place an objective in time, which the cycle already does: they are not metrics.
_TIME_REFERENCE = re.compile(r"\b(?:(?:19|20)\d{2}|[QH][1-4])\b", re.IGNORECASE)
_METRIC_IN_TEXT = re.compile(
    r"[$€£]?\d+(?:[.,]\d+)*%?|%|[$€£]|\b(?:NPS|CSAT|ARR|MRR|KPIs?|ROI|EBITDA|CAC|LTV|DAU|MAU)\b", re.IGNORECASE)
_VAGUE_OBJECTIVE = re.compile(
    r"\b(?:be the best|best[- ]in[- ]class|world[- ]class|excellen(?:ce|t)|number one|industry[- ]leading|"
    r"market[- ]leading|next level|synerg\w*|do better|win big)\b", re.IGNORECASE)
_BUSINESS_AS_USUAL = re.compile(r"^\W*(?:keep|maintain|continue|sustain|remain|stay)\b", re.IGNORECASE)
_TASK_VERB = re.compile(
    r"^\W*(?:(?:we\s+will|to)\s+)?(?P<verb>launch|implement|build|create|hold|run|complete|ship|deliver|develop|"
    r"roll\s+out|set\s+up|migrate|deploy|introduce|organi[sz]e|conduct|write|publish|design|finish|host|"
    r"release|attend)(?=\s)", re.IGNORECASE)
_KPI_VERB = re.compile(r"^\W*(?:keep|maintain|sustain|preserve)\b", re.IGNORECASE)
# "Hold" is a task verb ("Hold 4 workshops") unless it holds a measure at a level ("Hold churn at 2%").
_KPI_HOLD = re.compile(r"^\W*hold\s+\D{1,40}?\b(?:at|above|below|under|over|within)\s+\D{0,3}\d", re.IGNORECASE)
_KPI_PHRASE = re.compile(
    r"\b(?:stays?|remains?|holds?|staying|remaining|maintained|kept)\s+(?:steady|stable|above|below|at|"
    r"under|over|within)\b", re.IGNORECASE)
_VAGUE_VERB = re.compile(
    r"\b(?:improv\w*|increas\w*|optimi[sz]\w*|enhanc\w*|support\w*|ensur\w*|boost\w*|strengthen\w*|better)\b",
    re.IGNORECASE)
_FROM_VALUE = re.compile(r"\bfrom\s+\D{0,3}\d", re.IGNORECASE)
_SEVERAL_OWNERS = re.compile(r"[,;/&+]|\band\b", re.IGNORECASE)
_NOT_A_PERSON = re.compile(
    r"\b(?:team|teams|everyone|everybody|all|squad|department|dept|group|tbd|tbc|n/a)\b", re.IGNORECASE)

MAX_OBJECTIVE_WORDS = 20
MIN_OBJECTIVE_WORDS = 3


def normalized(text: str) -> str:
    """Text compared case-, space- and punctuation-insensitively, ignoring articles."""
    return " ".join(_ARTICLES.sub(" ", _PUNCTUATION.sub(" ", text.casefold())).split())


def _has_number(text: str) -> bool:
    return _DIGIT.search(text) is not None


def _task_verb(text: str) -> str | None:
    match = _TASK_VERB.search(text)
    if match is None or _KPI_HOLD.search(text):
        return None
    return match.group("verb")


def _fmt(value: float) -> str:
    return f"{value:g}"


# ---------------------------------------------------------------- board checks


@_check("too-many-objectives", "problem", "board",
        finding="More objectives at one level than the number decision allows.",
        question="If we could only keep the allowed number, which ones would we keep?",
        weak="Four company objectives when the room agreed on at most three.",
        strong="Three company objectives; the fourth theme goes to the parking lot for next cycle.")
def too_many_objectives(board: Board) -> list[tuple[str, str]]:
    # The limit applies per level, and per team at team and individual level.
    groups = Counter((o.level, o.team if o.level != "company" else "") for o in board.objectives)
    found = []
    for (level, team), count in groups.items():
        limit = board.rules.objective_limit(level)
        if count > limit:
            where = f"{level} level" + (f" ({team})" if team else "")
            found.append((BOARD, f"{count} objectives at {where}; the room's limit is {limit}."))
    return found


@_check("bottom-up-share-low", "warning", "board",
        finding="Fewer team objectives proposed by the teams than the bottom-up target.",
        question="Which of these did the teams not choose themselves, and what would it take for them to?",
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
    return [(BOARD, f"{proposed} of {len(team_objectives)} team objectives ({share:.0%}) were proposed by "
                    f"the teams; the room's target is {target:.0%}.")]


# ---------------------------------------------------------------- objective checks


@_check("objective-has-numbers", "warning", "objective",
        finding="The objective contains numbers or metrics; those belong in the key results.",
        question="Why do we want that number? The answer is usually the objective.",
        weak="Increase revenue by 20%",
        strong="Make every new customer successful in their first week, so they stay with us")
def objective_has_numbers(objective: Objective, board: Board) -> str | None:
    if match := _METRIC_IN_TEXT.search(_TIME_REFERENCE.sub(" ", objective.title)):
        return f'The objective names a number or metric ("{match.group(0)}"): move it into a key result.'
    return None


@_check("objective-too-long", "warning", "objective",
        finding="The objective is too long to remember.",
        question="Could someone on the team say it from memory a month from now?",
        weak="Improve our onboarding, support and documentation processes across all regions so that customers "
             "and partners have a better experience and we reduce costs",
        strong="Make setup effortless for small accounts")
def objective_too_long(objective: Objective, board: Board) -> str | None:
    words = len(objective.title.split())
    if words > MAX_OBJECTIVE_WORDS:
        return f"The objective has {words} words; aim for one memorable sentence of {MAX_OBJECTIVE_WORDS} or fewer."
    return None


@_check("objective-vague", "warning", "objective",
        finding="The objective is too vague or broad to guide this cycle.",
        question="What would be true by the end of this cycle that is not true today?",
        weak="Be the best company in our market",
        strong="Win back the mid-market accounts we lost to competitors last year")
def objective_vague(objective: Objective, board: Board) -> str | None:
    words = len(objective.title.split())
    if words == 0:
        return "The objective has no title yet."
    if words < MIN_OBJECTIVE_WORDS:
        return "The objective is only a word or two: say what should be different by the end of the cycle."
    if match := _VAGUE_OBJECTIVE.search(objective.title):
        return f'"{match.group(0)}" could mean anything: say what will be different by the end of the cycle.'
    return None


@_check("objective-business-as-usual", "warning", "objective",
        finding="The objective keeps things as they are: business as usual, watched by KPIs.",
        question="Is this under real threat this cycle, or is it a health metric to keep watching?",
        weak="Keep our service reliable",
        strong="Make our service reliable enough for enterprise customers to sign up")
def objective_business_as_usual(objective: Objective, board: Board) -> str | None:
    if _BUSINESS_AS_USUAL.search(objective.title):
        return "The objective only keeps things as they are; OKRs are for what must change this cycle."
    return None


@_check("objective-is-a-project", "warning", "objective",
        finding="The objective names a project or activity, not an outcome.",
        question="What will be better, and for whom, once this is done?",
        weak="Launch CRM v2",
        strong="Give every sales rep a full picture of their customer before each call")
def objective_is_a_project(objective: Objective, board: Board) -> str | None:
    if verb := _task_verb(objective.title):
        return f'"{verb}" is a project to run; the objective is what changes once it is done.'
    return None


@_check("objective-no-why-now", "warning", "objective",
        finding="The objective does not say why it matters now.",
        question="What does waiting one more cycle cost us, in customers, money or people?",
        weak='"Make setup effortless for small accounts", with no reason given',
        strong='The same objective, why now: "new small accounts churn in month one because setup takes '
               'three weeks"')
def objective_no_why_now(objective: Objective, board: Board) -> str | None:
    if not objective.why_now.strip():
        return "No \"why now\": say why this matters this cycle and not next."
    return None


@_check("objective-no-key-results", "problem", "objective",
        finding="The objective has no key results, so nobody can tell whether it is met.",
        question="How would we know, at the end of the cycle, that we achieved this?",
        weak='"Make setup effortless for small accounts" with no key results',
        strong='The same objective with "Cut median setup time from 21 days to 5 days" and '
               '"Cut setup tickets per new account from 3.1 to 1.5"')
def objective_no_key_results(objective: Objective, board: Board) -> str | None:
    if not objective.key_results:
        return "The objective has no key results yet."
    return None


@_check("too-few-key-results", "warning", "objective",
        finding="Fewer key results than the number decision asks for.",
        question="If this key result is met, is the objective really achieved? What else would we see?",
        weak="One key result: \"Raise week-1 activation from 32% to 45%\"",
        strong="Add a balancing one: \"Cut setup tickets per new account from 3.1 to 1.5\"")
def too_few_key_results(objective: Objective, board: Board) -> str | None:
    count, minimum = len(objective.key_results), board.rules.min_krs
    if 0 < count < minimum:
        return f"{count} key result{'s' if count != 1 else ''}; the room asked for at least {minimum}."
    return None


@_check("too-many-key-results", "problem", "objective",
        finding="More key results than the number decision allows.",
        question="If we could only keep the allowed number, which ones tell us most about the objective?",
        weak="Seven key results on one objective, one for every project the team runs",
        strong="Three key results that together show the objective is met; the rest go in the team plan")
def too_many_key_results(objective: Objective, board: Board) -> str | None:
    count, maximum = len(objective.key_results), board.rules.max_krs
    if count > maximum:
        return f"{count} key results; the room's limit is {maximum}."
    return None


@_check("too-many-milestones", "problem", "objective",
        finding="More milestone key results on one objective than the kr-types decision allows.",
        question="Which of these deliverables is itself the outcome customers notice? Keep that one.",
        weak='"Pricing page live" and "New checkout live" on the same objective, with one milestone allowed',
        strong='"New checkout live in 3 markets" plus "Raise checkout conversion from 2.1% to 2.8%"')
def too_many_milestones(objective: Objective, board: Board) -> str | None:
    limit = board.rules.max_milestones_per_objective
    if limit is None or "milestone" not in board.rules.kr_types:
        return None
    count = sum(1 for kr in objective.key_results if kr.type == "milestone")
    if count > limit:
        return f"{count} milestone key results; the room allows at most {limit} per objective."
    return None


@_check("too-many-baselines", "info", "objective",
        finding="Several baseline key results: the team cannot yet tell whether the objective succeeds.",
        question="Is the value simply unknown today? Could finding it be an action due this week instead?",
        weak="Three baseline key results: measure activation, measure churn reasons, measure setup time",
        strong="One baseline (time-to-first-value) plus metric key results on measures that exist")
def too_many_baselines(objective: Objective, board: Board) -> str | None:
    if "baseline" not in board.rules.kr_types:
        return None
    count = sum(1 for kr in objective.key_results if kr.type == "baseline")
    if count > 1:
        return f"{count} baseline key results on one objective."
    return None


@_check("level-not-allowed", "problem", "objective",
        finding="The objective is at a level the level decision does not include this cycle.",
        question="Which team or company objective could carry this instead?",
        weak="An individual objective when the room decided on company plus pilot teams",
        strong="The same intent as a key result owned by that person on their team's objective")
def level_not_allowed(objective: Objective, board: Board) -> str | None:
    if objective.level not in LEVELS:
        return f'"{objective.level}" is not a level; use one of {", ".join(LEVELS)}.'
    if objective.level not in board.rules.levels:
        allowed = ", ".join(level for level in LEVELS if level in board.rules.levels)
        return f"{objective.level.capitalize()} objectives are not part of this cycle (allowed: {allowed})."
    return None


@_check("alignment-missing", "problem", "objective",
        finding="A team objective names no company objective, and the alignment decision requires one.",
        question="Which company objective does this move, and how?",
        weak='Team objective "Clean up our backlog" with no contributes-to link',
        strong='"Make setup effortless for small accounts", contributes to "Make every new customer '
               'successful in their first week"')
def alignment_missing(objective: Objective, board: Board) -> str | None:
    if objective.level == "team" and board.rules.alignment_required and not objective.contributes_to.strip():
        return "No contributes-to link; the room decided every team objective names one."
    return None


@_check("alignment-suggested", "info", "objective",
        finding="A team objective names no company objective it contributes to.",
        question="Which company objective does this serve, or is it about the team's own health?",
        weak='Team objective "Clean up our backlog" with no link and no reason',
        strong='"Make setup effortless for small accounts", contributes to "Make every new customer '
               'successful in their first week"')
def alignment_suggested(objective: Objective, board: Board) -> str | None:
    rules = board.rules
    if objective.level == "team" and not rules.alignment_required and rules.alignment_encouraged \
            and not objective.contributes_to.strip():
        return "No contributes-to link: worth naming the company objective it serves, if any."
    return None


@_check("alignment-link-broken", "warning", "objective",
        finding="The contributes-to link does not point at a company objective on the board.",
        question="Which company objective exactly does this contribute to?",
        weak="Contributes to another team's objective, or to an id nobody recognises",
        strong="Contributes to the company objective \"Make every new customer successful in their first week\"")
def alignment_link_broken(objective: Objective, board: Board) -> str | None:
    link = objective.contributes_to.strip()
    if not link or objective.level == "company" or link in board.elsewhere:
        return None
    level = board.level_by_id.get(link)
    if level is not None and level != "company":
        return f'It contributes to "{link}", a {level} objective, not a company objective.'
    # Team drafts are often reviewed without the company objectives on the same board: only judge a link
    # to an unknown id when the company objectives are there to compare against.
    if level is None and "company" in board.level_by_id.values():
        return f'It contributes to "{link}", which is not an objective on this board.'
    return None


# ---------------------------------------------------------------- key result checks


@_check("kr-no-target", "problem", "key-result",
        finding="A metric key result has no measurable target.",
        question="What exactly would we see at the end of the cycle if this were achieved?",
        weak="Increase NPS",
        strong="Raise NPS of new accounts from 18 to 30")
def kr_no_target(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if kr.type == "metric" and kr.target is None and not _has_number(kr.text):
        return "No target: say the value this should reach by the end of the cycle."
    return None


@_check("kr-no-baseline", "warning", "key-result",
        finding="A metric key result has no starting value: \"from what?\" has no answer.",
        question="What is the value today, and where exactly does that number come from?",
        weak="Raise week-1 activation to 45%",
        strong="Raise week-1 activation from 32% to 45%")
def kr_no_baseline(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if kr.type == "metric" and kr.start is None and not _FROM_VALUE.search(kr.text):
        return "No starting value: add the value today, or make finding it an action due this week."
    return None


@_check("kr-task-like", "warning", "key-result",
        finding="The key result reads as a task or activity, not an outcome.",
        question="Why are we doing this? What changes when it is done? That change is the key result.",
        weak="Launch the new onboarding flow",
        strong="Raise week-1 activation from 32% to 45%")
def kr_task_like(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if kr.type != "milestone" and (verb := _task_verb(kr.text)):
        return f'"{verb}" describes work to do, not a result to reach.'
    return None


@_check("milestone-task-like", "info", "key-result",
        finding="The milestone reads as a task; fair only if the deliverable is itself the outcome.",
        question="And then what changes? Could that change be the key result, and the launch the plan?",
        weak="Launch the new onboarding flow",
        strong="Self-serve signup live in 3 pilot markets, stage 1 of 3")
def milestone_task_like(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if kr.type == "milestone" and (verb := _task_verb(kr.text)):
        return f'"{verb}" is a deliverable; check it is the outcome, not the way to one.'
    return None


@_check("milestone-not-allowed", "problem", "key-result",
        finding="A milestone key result, and the kr-types decision does not allow milestones.",
        question="What measurable change should this deliverable cause? Make that the key result.",
        weak="Pricing page live in all markets (milestone)",
        strong="Raise self-serve upgrades from 40 to 90 a month (metric)")
def milestone_not_allowed(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if kr.type == "milestone" and "milestone" not in board.rules.kr_types:
        return "Milestones are not allowed this cycle."
    return None


@_check("baseline-not-allowed", "problem", "key-result",
        finding="A baseline key result, and the kr-types decision does not allow baselines.",
        question="Is there a measure we have today that tells us enough? If not, make finding it an action.",
        weak="Establish a measure of time-to-first-value (baseline)",
        strong="Cut median setup time from 21 days to 5 days (metric), with measuring it as an action")
def baseline_not_allowed(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if kr.type == "baseline" and "baseline" not in board.rules.kr_types:
        return "Baseline key results are not allowed this cycle."
    return None


@_check("kr-no-owner", "warning", "key-result",
        finding="The key result has no owner.",
        question="Who will keep this moving and report on it at check-ins?",
        weak="Raise week-1 activation from 32% to 45% (owner: none)",
        strong="Raise week-1 activation from 32% to 45% (owner: Priya)")
def kr_no_owner(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if not kr.owner.strip():
        return "No owner: name one person."
    return None


@_check("kr-several-owners", "warning", "key-result",
        finding="The key result has several owners; shared ownership is no ownership.",
        question="Which one person keeps this moving? The others can still do the work.",
        weak="Owners: Ana and Bo",
        strong="Owner: Ana (Bo contributes)")
def kr_several_owners(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if _SEVERAL_OWNERS.search(kr.owner):
        return f'"{kr.owner.strip()}" names several owners: pick one.'
    return None


@_check("kr-owner-not-a-person", "warning", "key-result",
        finding="The owner is a team or a placeholder, not a person.",
        question="Which person on that team owns it and reports on it?",
        weak="Owner: Support team",
        strong="Owner: Lea (Support)")
def kr_owner_not_a_person(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if _NOT_A_PERSON.search(kr.owner):
        return f'"{kr.owner.strip()}" is not a person: name one.'
    return None


@_check("confidence-out-of-scale", "problem", "key-result",
        finding="The confidence is outside the room's scoring scale.",
        question="On our scale, how confident are we that this will be met?",
        weak="Confidence 7 on a 0.0-1.0 scale",
        strong="Confidence 0.7 on a 0.0-1.0 scale")
def confidence_out_of_scale(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    scale = board.rules.scale
    if kr.confidence is not None and not scale.min <= kr.confidence <= scale.max:
        return (f"Confidence {_fmt(kr.confidence)} is outside the {scale.name} scale "
                f"({_fmt(scale.min)} to {_fmt(scale.max)}).")
    return None


@_check("kr-no-confidence", "info", "key-result",
        finding="No confidence recorded, and the room tracks confidence.",
        question="How sure are we this will be met, and what would raise that by one step?",
        weak="Raise week-1 activation from 32% to 45%, confidence not given",
        strong="Raise week-1 activation from 32% to 45%, confidence 0.5, aspirational")
def kr_no_confidence(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if board.rules.confidence_tracked and kr.confidence is None:
        return "No confidence yet: it is the starting line for the first check-in."
    return None


@_check("kpi-in-disguise", "warning", "key-result",
        finding="The key result only keeps a health metric where it is: a KPI in disguise.",
        question="If this number stays exactly where it is, would we be happy? Then it is a KPI to monitor.",
        weak="Keep uptime at 99.9%",
        strong="Reduce first-90-day churn from 6% to 3%")
def kpi_in_disguise(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    text = kr.text
    if kr.direction == "maintain" or _KPI_VERB.search(text) or _KPI_HOLD.search(text) or _KPI_PHRASE.search(text):
        return "It keeps a measure steady rather than changing it; keep it on the KPI dashboard unless " \
               "holding it takes a real effort this cycle."
    return None


@_check("vague-verb", "warning", "key-result",
        finding="A vague verb with no measure: it could mean anything.",
        question="What exactly would we see if this were achieved, and how much?",
        weak="Improve customer satisfaction",
        strong="Raise CSAT on support tickets from 78% to 85%")
def vague_verb(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if kr.target is None and not _has_number(kr.text) and (match := _VAGUE_VERB.search(kr.text)):
        return f'"{match.group(0)}" with no number: say from what to what.'
    return None


@_check("duplicate-key-result", "warning", "key-result",
        finding="The same key result appears more than once.",
        question="Is this one shared key result? Then keep it once, with one owner.",
        weak='"Raise NPS from 18 to 30" on two objectives, owned by two people',
        strong="One shared key result with one owner, and each team's own contribution as its own key result")
def duplicate_key_result(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    first = board.first_kr.get(normalized(kr.text))
    if first is None or first[0] is kr:
        return None
    first_kr, first_objective = first
    where = "this objective" if first_objective is objective else f'objective "{first_objective.id}"'
    return f'Same as key result "{first_kr.id}" on {where}.'


@_check("milestone-no-due", "warning", "key-result",
        finding="A milestone without a due date.",
        question="By when must this be done for it to matter this cycle?",
        weak="Self-serve signup live in 3 pilot markets",
        strong="Self-serve signup live in 3 pilot markets by 15 May")
def milestone_no_due(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if kr.type == "milestone" and not kr.due.strip():
        return "No due date for this milestone."
    return None


@_check("target-equals-start", "warning", "key-result",
        finding="The target is the same as the starting value: nothing changes.",
        question="What change do we want this cycle? If none, is this a KPI to monitor?",
        weak="Week-1 activation from 32% to 32%",
        strong="Week-1 activation from 32% to 45%")
def target_equals_start(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    # A deliberate "maintain" is the KPI check's finding; saying it twice only adds noise.
    if kr.direction != "maintain" and kr.start is not None and kr.target is not None \
            and math.isclose(kr.start, kr.target):
        return f"From {_fmt(kr.start)} to {_fmt(kr.target)}: no change."
    return None


@_check("kr-direction-mismatch", "warning", "key-result",
        finding="The target moves the opposite way to the stated direction.",
        question="Do we want this number to go up or down? Which is the mistake, the direction or the target?",
        weak="Decrease churn, from 3% to 4%",
        strong="Decrease churn, from 4% to 3%")
def kr_direction_mismatch(kr: KeyResult, objective: Objective, board: Board) -> str | None:
    if kr.start is None or kr.target is None:
        return None
    if (kr.direction == "increase" and kr.target < kr.start) or (kr.direction == "decrease" and kr.target > kr.start):
        return f"Direction is {kr.direction}, but the target goes from {_fmt(kr.start)} to {_fmt(kr.target)}."
    return None


CHECKS: tuple[Check, ...] = tuple(_REGISTRY)
BY_ID: dict[str, Check] = {c.id: c for c in CHECKS}


def run_checks(objectives: list[Objective], rules: RoomRules, checks: Iterable[Check] = CHECKS, *,
               elsewhere: frozenset[str] = frozenset()) -> list[Finding]:
    """Every finding on the board: board-level first, then each objective followed by its key results."""
    board = Board.of(objectives, rules, elsewhere)
    by_scope: dict[str, list[Check]] = {scope: [] for scope in SCOPES}
    for check in checks:
        by_scope[check.scope].append(check)
    findings: list[Finding] = []

    def add(check: Check, target_id: str, message: str | None) -> None:
        if message:
            findings.append(Finding(check.id, check.severity, target_id, message, check.question))

    for check in by_scope["board"]:
        for target_id, message in check.run(board):
            add(check, target_id, message)
    for objective in board.objectives:
        for check in by_scope["objective"]:
            add(check, objective.id, check.run(objective, board))
        for kr in objective.key_results:
            for check in by_scope["key-result"]:
                add(check, kr.id, check.run(kr, objective, board))
    return findings
