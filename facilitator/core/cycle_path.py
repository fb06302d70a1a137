"""The cycle as one path: for an organization and a team, the steps of the method, where the team stands, what
comes next and when, and what is still open.

The method, as a coach walks a team through it: set up OKRs (the ten deployment parameters; the company does it
once for every team), draft (company OKRs first, then the teams'), check in on the rhythm the room decided
until the cycle ends, reflect and reset, and start the next cycle with its drafting. A team without a coach
needs the tool to say the next step at every turn, so everything here answers one question: what does this team
do next, when, and with which command.

Dates come from the rules in force (core/rules.py): the `cycle` decision's start and end (its fields, else the
dates its words give), the check-in rhythm of the `scoring` decision. A session that was started but not
finished is the next step itself: the team resumes it. A date the team's last session planned for its next
meeting wins over the schedule, since it is what the room agreed.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from facilitator.core.checkin_sheet import cycle_from_text
from facilitator.core.cycles import CHECK_IN, DEPLOYMENT, DRAFTING, REFLECTION, Cycles, name_key
from facilitator.core.parameters import BY_ID
from facilitator.core.records import SessionState, SessionSummary
from facilitator.core.rule_departures import departures_of
from facilitator.core.rules import Resolution, resolve_session
from facilitator.i18n import N_, _, language, ngettext

# The built-in workshops each step of the method runs.
SETUP_WORKSHOP, SELF_GUIDED_SETUP = "deployment-parameters", "self-guided-setup"
DRAFTING_WORKSHOP, CHECK_IN_WORKSHOP, REFLECT_WORKSHOP = "okr-drafting", "check-in", "reflect-and-reset"
# Every text of the path is built in the interface's language; `facilitator cycle --json` builds it in English
# (i18n.using("en")), since what tools read stays the same whatever the coach's language.
WORKSHOP_TITLES = {SETUP_WORKSHOP: N_("OKR deployment parameters"), SELF_GUIDED_SETUP: N_("Self-guided OKR setup"),
                   DRAFTING_WORKSHOP: N_("OKR drafting workshop"), CHECK_IN_WORKSHOP: N_("OKR check-in"),
                   REFLECT_WORKSHOP: N_("Reflect and reset")}
DAYS_PER_MONTH = 30.44

# What a stage's status reads as, on every screen and line that shows the path.
DONE, IN_PROGRESS, NEXT, LATER, ELSEWHERE = "done", "in-progress", "next", "later", "elsewhere"
STATUS_MARKS = {DONE: "✓", IN_PROGRESS: "▶", NEXT: "→", LATER: "·", ELSEWHERE: "○"}


@dataclass(frozen=True)
class Stage:
    """One step of the method in this cycle."""

    key: str  # setup, company-drafting, drafting, teams-drafting, check-in-N, check-ins, reflect, next-cycle
    title: str
    status: str  # DONE, IN_PROGRESS, NEXT, LATER, or ELSEWHERE (another team does it)
    who: str = ""
    when: str = ""  # YYYY-MM-DD: when it happened, or when it is due
    session_id: str = ""
    note: str = ""


@dataclass(frozen=True)
class NextStep:
    """The exact next step: which workshop, for whom, when, and the command that starts it."""

    workshop: str  # a built-in workshop id
    title: str  # what the step is, in words: "Check-in 2 of 6"
    organization: str
    team: str
    when: str = ""  # YYYY-MM-DD, or "" for as soon as the team can
    why: str = ""  # where the date comes from, or what the step is for
    resume: str = ""  # the id of a started session to resume instead of starting a new one
    self_guided: bool = False

    @property
    def workshop_title(self) -> str:
        return _(WORKSHOP_TITLES[self.workshop]) if self.workshop in WORKSHOP_TITLES else self.workshop

    def args(self, db: str | None = None) -> list[str]:
        """The command line that starts it, as arguments after `facilitator`."""
        if self.resume:
            args = ["resume", self.resume]
        else:
            args = ["run", self.workshop]
            if self.organization:
                args += ["--org", self.organization]
            if self.team:
                args += ["--team", self.team]
            if self.self_guided:
                args.append("--self-guided")
        return args + (["--db", db] if db else [])

    def command(self, db: str | None = None) -> str:
        """The command, shell-quoted: a name with spaces or quotes pastes as one argument."""
        return shlex.join(["facilitator", *self.args(db)])

    def when_text(self, today: date) -> str:
        if not self.when:
            return _("now") if self.resume else _("as soon as you can")
        try:
            day = date.fromisoformat(self.when)
        except ValueError:
            return self.when
        if day < today:
            return _("due since {date}").format(date=day_text(self.when))
        if day == today:
            return _("today, {date}").format(date=day_text(self.when))
        return _("on {date} ({weekday})").format(date=day_text(self.when), weekday=_weekday(day))

    def lines(self, today: date, db: str | None = None) -> list[str]:
        """What the end of a session and the exit print: the step, for whom and when, then the command."""
        whom = " / ".join(x for x in (self.organization, self.team) if x) or _("this team")
        head = (_("Resume: {title} ({workshop}) for {whom}, {when}.") if self.resume else
                _("Next: {title} ({workshop}) for {whom}, {when}.")).format(
            title=self.title, workshop=self.workshop_title, whom=whom, when=self.when_text(today))
        return [head] + ([self.why] if self.why else []) + [f"  {self.command(db)}"]

    def to_dict(self, db: str | None = None) -> dict[str, Any]:
        # for tools: the title in English, as `cycle --json` writes every text (see WORKSHOP_TITLES)
        return {**asdict(self), "workshop_title": WORKSHOP_TITLES.get(self.workshop, self.workshop),
                "command": self.command(db)}


@dataclass(frozen=True)
class OpenDecision:
    parameter: str
    title: str
    decision: str
    owner: str
    by_when: str
    session_id: str
    team: str


@dataclass(frozen=True)
class OpenAction:
    text: str
    owner: str
    due: str
    session_id: str
    overdue: bool = False


@dataclass(frozen=True)
class CarriedPoint:
    text: str
    note: str
    session_id: str


@dataclass(frozen=True)
class OpenDeparture:
    """A self-guided team's decision to depart from its own rule this cycle: reviewed at reflect-and-reset."""

    parameter: str
    title: str  # the rule's parameter, in words
    about: str  # the objective or key result it concerns, as drafted ("" for the whole board)
    finding: str
    reason: str
    session_id: str


@dataclass(frozen=True)
class CycleDates:
    start: str
    end: str
    assumed: bool  # no dates decided: a cycle of the decided length from the first session is assumed


@dataclass
class CyclePath:
    organization: str
    team: str
    today: str
    cycle_number: int
    dates: CycleDates | None
    check_in_weeks: int
    self_guided: bool
    company_team: str  # the team that decides for the organization, "" when this team decides for itself
    stages: list[Stage] = field(default_factory=list)
    next: NextStep | None = None
    parked: list[OpenDecision] = field(default_factory=list)
    actions: list[OpenAction] = field(default_factory=list)
    carried: list[CarriedPoint] = field(default_factory=list)
    departures: list[OpenDeparture] = field(default_factory=list)
    sessions: int = 0

    @property
    def known(self) -> bool:
        return self.sessions > 0

    def headline(self) -> str:
        whom = " / ".join(x for x in (self.organization, self.team) if x) or _("(no team)")
        parts = [_("{whom} · cycle {number}").format(whom=whom, number=self.cycle_number)]
        if self.dates:
            parts.append(f"{self.dates.start} → {self.dates.end}" + (" " + _("(assumed)") if self.dates.assumed
                                                                      else ""))
        parts.append(rhythm_words(self.check_in_weeks))
        return " · ".join(parts)

    def to_dict(self, db: str | None = None) -> dict[str, Any]:
        return {
            "organization": self.organization, "team": self.team, "today": self.today,
            "cycle": {"number": self.cycle_number, **(asdict(self.dates) if self.dates else {}),
                      "check_in_weeks": self.check_in_weeks},
            "self_guided": self.self_guided, "company_team": self.company_team,
            "stages": [asdict(s) for s in self.stages],
            "next": self.next.to_dict(db) if self.next else None,
            "open": {"parked_decisions": [asdict(p) for p in self.parked],
                     "actions": [asdict(a) for a in self.actions],
                     "carried_points": [asdict(c) for c in self.carried],
                     "rule_departures": [asdict(d) for d in self.departures]},
        }


def rhythm_words(weeks: int) -> str:
    named = {1: N_("weekly check-ins"), 2: N_("check-ins every two weeks"), 4: N_("monthly check-ins")}
    return _(named[weeks]) if weeks in named else _("check-ins every {weeks} weeks").format(weeks=weeks)


def _rhythm_short(weeks: int) -> str:
    named = {1: N_("weekly"), 2: N_("every two weeks"), 4: N_("monthly")}
    return _(named[weeks]) if weeks in named else _("every {weeks} weeks").format(weeks=weeks)


WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))


def _weekday(day: date) -> str:
    return _(WEEKDAYS[day.weekday()])


def day_text(iso_day: str) -> str:
    """A day in a sentence: as the ISO date in English (what `cycle` always printed), "4. Januar 2027" in German,
    as a German coach writes it."""
    day = _day(iso_day)
    if day is None or language() != "de":
        return iso_day
    return f"{day.day}. {_(MONTHS[day.month - 1])} {day.year}"


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def _complete(summary: SessionSummary) -> bool:
    return summary.steps_total > 0 and summary.steps_done >= summary.steps_total


def check_in_dates(start: date, end: date, weeks: int) -> list[date]:
    """The check-ins a cycle holds on its rhythm: every `weeks` weeks from its start, before its end (the last
    week belongs to reflect-and-reset)."""
    step = timedelta(weeks=max(1, weeks))
    found, day = [], start + step
    while day < end:
        found.append(day)
        day += step
    return found


def decided_dates(resolution: Resolution) -> tuple[date, date] | None:
    """The cycle's start and end as the room decided them: the decision's fields, else the dates its words give."""
    decision = resolution.rule("cycle").decision or {}
    values = decision.get("values") or {}
    start, end = _day(values.get("start") or ""), _day(values.get("end") or "")
    if start and end and end > start:
        return start, end
    found = cycle_from_text(str(decision.get("decision") or ""))
    return (found.start, found.end) if found else None


def team_path(cycles: Cycles, organization: str, team: str, *, today: date,
              self_guided: bool | None = None) -> CyclePath:
    """Where one team stands in its OKR cycle, and its exact next step."""
    organization, team = cycles.canonical(organization, team)
    sessions = cycles.team_sessions(organization, team)
    states = {s.id: cycles.state(s.id) for s in sessions}
    sessions = [s for s in sessions if states[s.id] is not None]
    guided = self_guided if self_guided is not None else any(states[s.id].self_guided for s in sessions)
    numbers = cycles.cycle_numbers(sessions)
    number = max(numbers.values(), default=1)
    this_cycle = [s for s in sessions if numbers[s.id] == number]
    kinds = {s.id: cycles.kind(s) for s in sessions}

    company_keys = cycles.company_teams(organization) if organization.strip() else set()
    company_team = ""
    if company_keys and name_key(team) not in company_keys:
        company_team = next((t for t in cycles.teams(organization) if name_key(t) in company_keys), "")

    latest = sessions[-1] if sessions else None
    resolution = _resolution(cycles, states[latest.id] if latest else None, organization, team, today)
    weeks = max(1, resolution.room.check_in_weeks)
    reflection = next((s for s in this_cycle if kinds[s.id] == REFLECTION), None)

    path = CyclePath(organization, team, today.isoformat(), number, None, weeks, guided, company_team,
                     sessions=len(sessions))
    stages = path.stages
    setup_stage = _setup_stage(cycles, sessions, kinds, organization, company_team, number, reflection)
    stages.append(setup_stage)

    drafted = [s for s in this_cycle if kinds[s.id] == DRAFTING]
    if reflection is not None and _has_key_results(states[reflection.id]):
        drafted = [reflection, *drafted]  # a reflect-and-reset that set the next cycle's key results drafted
    dates = _cycle_dates(resolution, number, reflection, drafted, sessions, cycles, today)
    path.dates = dates
    start, end = date.fromisoformat(dates.start), date.fromisoformat(dates.end)

    levels = resolution.room.levels
    if company_team:
        stages.append(_company_drafting(cycles, organization, company_team, start))
    drafting_title = _("Draft the company's OKRs") if not company_team and "company" in levels else \
        _("Draft the team's OKRs")
    drafting = _session_stage("drafting", drafting_title, drafted, team, planned_day=start)
    stages.append(drafting)
    if not company_team and "team" in levels and "company" in levels:
        stages.append(_teams_drafting(cycles, organization, team, start))

    check_ins = [s for s in this_cycle if kinds[s.id] == CHECK_IN]
    # check-ins follow the drafting: a cycle whose drafting came late has no check-ins before it
    drafted_on = _day(drafting.when) if drafting.status != LATER and drafting.when else None
    schedule = check_in_dates(max(start, drafted_on) if drafted_on else start, end, weeks)
    total = max(len(schedule), len(check_ins))
    for i, summary in enumerate(check_ins, 1):
        status = DONE if _complete(summary) else IN_PROGRESS
        stages.append(Stage(f"check-in-{i}", _("Check-in {n} of {total}").format(n=i, total=total), status, team,
                            summary.started_at[:10], summary.id))
    remaining = schedule[len(check_ins):]
    if remaining:
        later = len(remaining) - 1
        note = _("then {n} more, {rhythm}, until {end}").format(
            n=later, rhythm=_rhythm_short(weeks), end=day_text(dates.end)) if later else ""
        stages.append(Stage(f"check-in-{len(check_ins) + 1}",
                            _("Check-in {n} of {total}").format(n=len(check_ins) + 1, total=total), LATER,
                            team, remaining[0].isoformat(), note=note))
    stages.append(Stage("reflect", _("Reflect and reset: score, learn, set the next cycle"), LATER, team,
                        dates.end))
    stages.append(Stage("next-cycle", _("Cycle {number}: draft the next OKRs").format(number=number + 1), LATER,
                        team, (end + timedelta(days=1)).isoformat()))

    path.next = _next_step(path, sessions, states, kinds, today, start, end, guided)
    _mark_next(path)
    _open_items(path, cycles, sessions, states, organization, today)
    path.departures = _departures(this_cycle, states)
    return path


def _departures(sessions: Sequence[SessionSummary], states: dict[str, SessionState | None]) -> list[OpenDeparture]:
    """The departures from the team's own rules its drafts of this cycle hold (core/rule_departures.py)."""
    found = []
    for summary in sessions:
        state = states[summary.id]
        if state is None or not state.departures:
            continue
        names = {o.get("id"): o.get("title", "") for o in state.objectives if isinstance(o, dict)}
        names.update({kr.get("id"): kr.get("text", "") for o in state.objectives if isinstance(o, dict)
                      for kr in o.get("key_results") or () if isinstance(kr, dict)})
        for d in departures_of(state.departures):
            found.append(OpenDeparture(d.parameter, _(d.title), str(names.get(d.target_id, "")), d.finding, d.reason,
                                       summary.id))
    return found


def _resolution(cycles: Cycles, state: SessionState | None, organization: str, team: str,
                today: date) -> Resolution:
    if state is None:
        # no session of the team yet: the rules it would work under if it started one today
        state = SessionState(id="", workshop_id="", workshop_title="", workshop_version="", workshop_ref="",
                             organization=organization, team=team, facilitator="",
                             started_at=f"{today.isoformat()}T23:59:59Z", updated_at="", current_step="")
    return resolve_session(state, cycles.context(state))


def _has_key_results(state: SessionState | None) -> bool:
    return state is not None and any(isinstance(o, dict) and o.get("key_results") for o in state.objectives)


def _setup_stage(cycles: Cycles, sessions: Sequence[SessionSummary], kinds: dict[str, str], organization: str,
                 company_team: str, number: int, reflection: SessionSummary | None) -> Stage:
    if number > 1 and reflection is not None:
        status = DONE if _complete(reflection) else IN_PROGRESS
        return Stage("setup", _("Reflect and reset closed the last cycle and revisited the rules"), status,
                     reflection.team, reflection.started_at[:10], reflection.id)
    own = [s for s in sessions if kinds[s.id] == DEPLOYMENT]
    if own:
        return _session_stage("setup", _("Set up OKRs: the 10 deployment parameters"), own, own[-1].team)
    if company_team:
        company = [s for s in cycles.company_sessions(organization) if cycles.kind(s) == DEPLOYMENT]
        if company:
            done = next((s for s in reversed(company) if _complete(s)), company[-1])
            return Stage("setup", _("Set up OKRs: the 10 deployment parameters"), ELSEWHERE if not _complete(done)
                         else DONE, done.team, done.started_at[:10], done.id,
                         note=_("decided by {team} for all of {organization}").format(team=done.team,
                                                                                     organization=organization))
    return Stage("setup", _("Set up OKRs: the 10 deployment parameters"), LATER)


def _session_stage(key: str, title: str, found: Sequence[SessionSummary], who: str,
                   planned_day: date | None = None) -> Stage:
    if not found:
        return Stage(key, title, LATER, who, planned_day.isoformat() if planned_day else "")
    done = next((s for s in reversed(found) if _complete(s)), None)
    if done is not None:
        return Stage(key, title, DONE, who, done.started_at[:10], done.id)
    return Stage(key, title, IN_PROGRESS, who, found[-1].started_at[:10], found[-1].id)


def _drafted_since(cycles: Cycles, organization: str, team: str, since: date) -> list[SessionSummary]:
    return [s for s in cycles.team_sessions(organization, team)
            if cycles.kind(s) in (DRAFTING, REFLECTION) and _has_key_results(cycles.state(s.id))
            and (_day(s.started_at) or since) >= since - timedelta(days=45)]


def _company_drafting(cycles: Cycles, organization: str, company_team: str, start: date) -> Stage:
    found = _drafted_since(cycles, organization, company_team, start)
    if found:
        return Stage("company-drafting", _("The company's OKRs"), DONE, company_team, found[-1].started_at[:10],
                     found[-1].id, note=_("drafted by {team}: link your objectives to them").format(team=company_team))
    return Stage("company-drafting", _("The company's OKRs"), ELSEWHERE, company_team,
                 note=_("not drafted yet by {team}: draft yours, link them once theirs are up").format(
                     team=company_team))


def _teams_drafting(cycles: Cycles, organization: str, team: str, start: date) -> Stage:
    others = [t for t in cycles.teams(organization) if name_key(t) != name_key(team)]
    drafted = [t for t in others if _drafted_since(cycles, organization, t, start)]
    if not others:
        note = _("each team drafts its own: okr-drafting with its --team")
    else:
        waiting = [t for t in others if t not in drafted]
        done = ", ".join(drafted) or _("none yet")
        note = (_("drafted: {done}; not yet: {waiting}").format(done=done, waiting=", ".join(waiting)) if waiting
                else _("drafted: {done}").format(done=done))
    status = DONE if others and len(drafted) == len(others) else ELSEWHERE
    return Stage("teams-drafting", _("The teams draft theirs"), status, _("the teams"), note=note)


def _cycle_dates(resolution: Resolution, number: int, reflection: SessionSummary | None,
                 drafted: Sequence[SessionSummary], sessions: Sequence[SessionSummary], cycles: Cycles,
                 today: date) -> CycleDates:
    months = max(1, resolution.room.cycle_months)
    decided = decided_dates(resolution)
    opened = _day(reflection.started_at) if reflection is not None else None
    if decided and (opened is None or decided[1] > opened):
        return CycleDates(decided[0].isoformat(), decided[1].isoformat(), False)
    if decided and opened is not None:
        # last cycle's dates are still in force: the next cycle follows it, as long as the last one was
        length = decided[1] - decided[0]
        start = decided[1] + timedelta(days=1)
        while start + length <= opened:
            start += length + timedelta(days=1)
        return CycleDates(start.isoformat(), (start + length).isoformat(), False)
    first = opened or (_day(drafted[0].started_at) if drafted else None) or \
        (_day(sessions[0].started_at) if sessions else None) or today
    return CycleDates(first.isoformat(), (first + timedelta(days=round(months * DAYS_PER_MONTH))).isoformat(), True)


def _planned(states: dict[str, SessionState | None], sessions: Sequence[SessionSummary]) -> dict[str, str]:
    """The next meeting the team's latest session planned, when it planned one."""
    if not sessions:
        return {}
    state = states[sessions[-1].id]
    return dict(state.next_session) if state is not None and state.next_session.get("date") else {}


def _next_step(path: CyclePath, sessions: Sequence[SessionSummary], states: dict[str, SessionState | None],
               kinds: dict[str, str], today: date, start: date, end: date, guided: bool) -> NextStep:
    org, team = path.organization, path.team
    step = lambda workshop, title, when="", why="", resume="": NextStep(  # noqa: E731
        workshop, title, org, team, when, why, resume, guided)
    unfinished = next((s for s in reversed(sessions) if not _complete(s)), None)
    if unfinished is not None and sessions and unfinished.id == sessions[-1].id:
        workshop = unfinished.workshop_id or unfinished.workshop_ref
        done, total = unfinished.steps_done, unfinished.steps_total
        return step(workshop, _("pick up where you left off"), "",
                    ngettext("Started {date}, {done} of {total} step done.",
                             "Started {date}, {done} of {total} steps done.", total).format(
                        date=day_text(unfinished.started_at[:10]), done=done, total=total), resume=unfinished.id)
    planned = _planned(states, sessions)
    planned_day = planned.get("date", "")
    said = ""
    if planned_day:
        said = (_("Planned in your last session at {time}.").format(time=planned["time"]) if planned.get("time")
                else _("Planned in your last session."))
    by_key = {s.key: s for s in path.stages}
    setup = by_key["setup"]
    if setup.status == LATER:
        workshop = SELF_GUIDED_SETUP if guided else SETUP_WORKSHOP
        return step(workshop, _("Set up OKRs"), planned_day,
                    said or _("Before anyone drafts an OKR, decide the ten rules of the game."))
    if setup.status == ELSEWHERE:
        return step(SETUP_WORKSHOP, _("Set up OKRs"), planned_day,
                    _("{team} has not finished the deployment yet: finish it there, or set up your own.").format(
                        team=setup.who))
    drafting = by_key["drafting"]
    if drafting.status != DONE:
        when = planned_day or (max(start, today) if not path.dates.assumed else today).isoformat()
        why = said or _("The cycle starts {date}: draft in its first days.").format(date=day_text(path.dates.start))
        return step(DRAFTING_WORKSHOP, drafting.title, when, why)
    upcoming = next((s for s in path.stages if s.key.startswith("check-in-") and s.status == LATER), None)
    if upcoming is not None and today < end:
        why = said or _("On the {rhythm} the room decided.").format(rhythm=rhythm_words(path.check_in_weeks))
        return step(CHECK_IN_WORKSHOP, upcoming.title, planned_day or upcoming.when, why)
    why = said or (_("The cycle ends {date}: score it, learn from it, and set the next one.") if today <= end else
                   _("The cycle ended {date}: close it before drafting the next one.")).format(
        date=day_text(path.dates.end))
    return step(REFLECT_WORKSHOP, _("Reflect and reset"), planned_day or path.dates.end, why)


def _mark_next(path: CyclePath) -> None:
    """The stage the next step is, marked NEXT (a resumed session stays IN_PROGRESS)."""
    nxt = path.next
    if nxt is None or nxt.resume:
        return
    keys = {SETUP_WORKSHOP: "setup", SELF_GUIDED_SETUP: "setup", DRAFTING_WORKSHOP: "drafting",
            REFLECT_WORKSHOP: "reflect"}
    for i, stage in enumerate(path.stages):
        wanted = keys.get(nxt.workshop)
        if (wanted and stage.key == wanted) or (nxt.workshop == CHECK_IN_WORKSHOP and stage.key.startswith(
                "check-in-") and stage.status == LATER):
            path.stages[i] = Stage(stage.key, stage.title, NEXT, stage.who, nxt.when or stage.when,
                                   stage.session_id, stage.note)
            return


def _open_items(path: CyclePath, cycles: Cycles, sessions: Sequence[SessionSummary],
                states: dict[str, SessionState | None], organization: str, today: date) -> None:
    # parked decisions: the latest word on each parameter, the team's own over the company's
    latest: dict[str, tuple[Any, SessionSummary]] = {}
    company = cycles.company_sessions(organization) if path.company_team else []
    for summary in [*company, *sessions]:
        state = cycles.state(summary.id)
        if state is None:
            continue
        for parameter, decision in state.decisions.items():
            if decision.status in ("decided", "parked"):
                latest[parameter] = (decision, summary)
    for parameter, (decision, summary) in latest.items():
        if decision.status == "parked" and parameter in BY_ID:
            path.parked.append(OpenDecision(parameter, _(BY_ID[parameter].title), decision.decision, decision.owner,
                                            decision.by_when, summary.id, summary.team))
    path.parked.sort(key=lambda p: (not p.by_when, p.by_when))
    for summary in sessions:
        state = states[summary.id]
        for action in state.actions if state is not None else ():
            if not action.done:
                overdue = bool(action.due) and action.due < today.isoformat()
                path.actions.append(OpenAction(action.text, action.owner, action.due, summary.id, overdue))
    path.actions.sort(key=lambda a: (not a.due, a.due))
    if sessions and (last := states[sessions[-1].id]) is not None:
        path.carried = [CarriedPoint(p.text, p.note, last.id) for p in last.parking_lot
                        if p.resolution == "carried" or (not p.resolution and p.note.startswith("carried from"))]
