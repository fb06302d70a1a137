"""The organization's and the team's cycles: one answer to "which sessions came before this one".

The draft board's rules, the parking-lot carry-over, reflect-and-reset, the summary's history across cycles,
the organization-wide alignment view and the command line all ask here, so they cannot disagree. It reads
through `SessionReader`, a small protocol the workspace implements over the database and the report over a
folder of exports; states come through `SessionState.from_dict`, never as raw dicts.

Names are matched the way people type them: "nordwind gmbh " is "Nordwind GmbH", and lists show a name as it
was first written.

Which sessions decide for the whole organization (its company level): the Field Book decides the deployment
parameters once, at the company level, usually with the leadership team. So the *company teams* of an
organization are the teams that ran a coached deployment session there (decision steps, no reflection, not a
self-guided team on its own), and the company's decisions are those teams' sessions that decided anything,
their reflect-and-reset included.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from facilitator.core.plain_data import plain
from facilitator.core.records import SessionState, SessionSummary
from facilitator.i18n import N_, _

DEPLOYMENT, REFLECTION, DRAFTING, OTHER = "deployment", "reflection", "drafting", "other"
CHECK_IN = "check-in"
KIND_LABELS = {CHECK_IN: N_("check-in"), DEPLOYMENT: N_("deployment"), REFLECTION: N_("reflect-and-reset"),
               DRAFTING: N_("drafting"), OTHER: N_("session"), "cycle": N_("last cycle")}


@functools.lru_cache(maxsize=8192)  # asked for every session of the index on every question: names repeat
def name_key(name: str) -> str:
    """What two spellings of one organization or team have in common: case and spacing do not count."""
    return " ".join(name.split()).casefold()


def workshop_kind(workshop) -> str:
    """What kind of cycle step a workshop is, from its steps: the kinds the cycles are made of."""
    if any(step.kind == "reflection" for step in workshop.steps):
        return REFLECTION
    if any(step.kind == "check-in" for step in workshop.steps):
        return CHECK_IN
    if workshop.decision_steps:
        return DEPLOYMENT
    if any(step.kind == "drafting" for step in workshop.steps):
        return DRAFTING
    return OTHER


class SessionReader(Protocol):
    def summaries(self) -> Sequence[SessionSummary]:
        """Every session's index entry, the most recently changed first."""

    def state(self, session_id: str) -> SessionState | None:
        """The session, or None when it cannot be read (a damaged file is reported where it is opened)."""

    def kind(self, summary: SessionSummary) -> str:
        """DEPLOYMENT, REFLECTION, DRAFTING or OTHER: what the session's workshop does."""


@dataclass(frozen=True)
class Source:
    """Where a rule came from: a session of this team or of the company, this session, or its own record."""

    session_id: str
    organization: str
    team: str
    kind: str
    date: str  # the day the session started, YYYY-MM-DD
    level: str  # "own" (this session), "team", "company", or "recorded" (kept with the session)

    def label(self) -> str:
        if self.level == "own":
            return _("decided in this session")
        if self.level == "recorded":
            return _("recorded with this session (from {session})").format(session=self.session_id) \
                if self.session_id else _("recorded with this session")
        whose = self.team or self.organization or _("session {session}").format(session=self.session_id)
        return _("from {whose}'s {kind}, {date}").format(whose=whose, kind=_(KIND_LABELS.get(self.kind, "session")),
                                                          date=self.date)

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Layer:
    """One source's decisions, keyed by parameter id, as the stored decision records."""

    source: Source
    decisions: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class CompanyObjective:
    """A company objective drafted in one of the organization's sessions, which team objectives can serve."""

    ref: str  # "SESSION:OBJECTIVE", how a team objective on another board points at it
    title: str
    team: str  # the team whose session drafted it (usually the leadership team)
    session_id: str


@dataclass
class Context:
    """What a session learns from the rest of its organization when it is opened: the layers its rules fall
    through to, and the company objectives drafted elsewhere. Empty for a session on its own."""

    layers: tuple[Layer, ...] = ()
    searched: str = ""  # whose sessions were searched, for "no decisions found for ..."
    # reading every team's board is only worth it when something asks (a link, the alignment view)
    find_company_objectives: Callable[[], list[CompanyObjective]] | None = field(default=None, repr=False)
    # each team's current board in the organization, read afresh on every call (the alignment view)
    find_boards: Callable[[], list[tuple[SessionSummary, SessionState]]] | None = field(default=None, repr=False)
    _company: tuple[CompanyObjective, ...] | None = field(default=None, init=False, repr=False)

    def company_objectives(self) -> tuple[CompanyObjective, ...]:
        if self._company is None:
            self._company = tuple(self.find_company_objectives() if self.find_company_objectives else ())
        return self._company

    def boards(self) -> list[tuple[SessionSummary, SessionState]]:
        return self.find_boards() if self.find_boards else []


def objective_ref(session_id: str, objective_id: str) -> str:
    return f"{session_id}:{objective_id}"


def split_ref(ref: str) -> tuple[str, str]:
    """("SESSION", "o1") from "SESSION:o1"; ("", "o1") for a link to this board's own objective."""
    session_id, _colon, objective_id = ref.rpartition(":")
    return session_id, objective_id


@dataclass
class Cycles:
    """The sessions of one database (or folder) seen as organizations, teams and their cycles.

    Built once per question or per screen: it reads the index once and each session at most once."""

    reader: SessionReader
    _summaries: list[SessionSummary] = field(init=False)
    _states: dict[str, SessionState | None] = field(init=False, default_factory=dict)
    _kinds: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        # oldest created first among those changed in the same second, as the index keeps them
        self._summaries = list(reversed(list(self.reader.summaries())))

    # -- reading ----------------------------------------------------------------------------------------
    def summaries(self) -> list[SessionSummary]:
        return list(self._summaries)

    def state(self, session_id: str) -> SessionState | None:
        if session_id not in self._states:
            self._states[session_id] = self.reader.state(session_id)
        return self._states[session_id]

    def kind(self, summary: SessionSummary) -> str:
        if summary.id not in self._kinds:
            self._kinds[summary.id] = self.reader.kind(summary)
        return self._kinds[summary.id]

    def summary(self, session_id: str) -> SessionSummary | None:
        return next((s for s in self._summaries if s.id == session_id), None)

    # -- names ------------------------------------------------------------------------------------------
    def organizations(self, *, besides: str = "") -> list[str]:
        """Every organization, as first written, in the order they first appeared (leaving out session
        `besides`, so a session can correct the spelling it introduced)."""
        return _first_written(s.organization for s in self._by_start() if s.id != besides)

    def teams(self, organization: str | None = None, *, besides: str = "") -> list[str]:
        """The organization's teams as first written (every team of every organization with None)."""
        key = None if organization is None else name_key(organization)
        return _first_written(s.team for s in self._by_start()
                              if s.id != besides and (key is None or name_key(s.organization) == key))

    def canonical(self, organization: str, team: str, *, besides: str = "") -> tuple[str, str]:
        """The names as first written, when this organization or team is already known; else as given."""
        org = " ".join(organization.split())
        org = next((o for o in self.organizations(besides=besides) if name_key(o) == name_key(org)), org)
        team = " ".join(team.split())
        team = next((t for t in self.teams(org, besides=besides) if name_key(t) == name_key(team)), team)
        return org, team

    # -- cycles -----------------------------------------------------------------------------------------
    def team_sessions(self, organization: str | None, team: str) -> list[SessionSummary]:
        """The team's sessions in cycle order, oldest first. `organization=None` means any organization."""
        team_key = name_key(team)
        org_key = None if organization is None else name_key(organization)
        found = [s for s in self._summaries if name_key(s.team) == team_key
                 and (org_key is None or name_key(s.organization) == org_key)]
        return self._in_cycle_order(found)

    def team_history(self, organization: str, team: str) -> list[tuple[SessionSummary, SessionState]]:
        """The team's sessions that decided anything, in cycle order, with their states: its OKR cycles."""
        found = []
        for summary in self.team_sessions(organization, team):
            if summary.decided and (state := self.state(summary.id)) is not None:
                found.append((summary, state))
        return found

    def organization_sessions(self, organization: str) -> dict[str, list[SessionSummary]]:
        """Each team of the organization (as first written) with its sessions in cycle order."""
        return {team: self.team_sessions(organization, team) for team in self.teams(organization)}

    def cycle_numbers(self, sessions: Sequence[SessionSummary]) -> dict[str, int]:
        """Which cycle each of a team's sessions (in cycle order) belongs to: a reflect-and-reset ends one
        cycle and starts the next, so it opens cycle 2, 3, ..."""
        numbers, cycle = {}, 1
        for summary in sessions:
            if self.kind(summary) == REFLECTION:
                cycle += 1
            numbers[summary.id] = cycle
        return numbers

    def earlier(self, state: SessionState) -> list[SessionSummary]:
        """The team's sessions started before this one (or in the same second), latest first."""
        if not (state.organization or state.team):
            return []  # without a name there is no telling whose sessions came before
        sessions = self.team_sessions(state.organization, state.team)
        return [s for s in reversed(sessions) if s.id != state.id and s.started_at <= state.started_at]

    def carried_points(self, state: SessionState) -> tuple[str, list[dict[str, Any]]] | None:
        """What the team's latest earlier session carried to "the next session": (its id, the points)."""
        earlier = self.earlier(state)
        if not earlier or (before := self.state(earlier[0].id)) is None:
            return None
        return earlier[0].id, [asdict(p) for p in before.parking_lot if p.resolution == "carried"]

    def planned_next(self, state: SessionState) -> dict[str, str] | None:
        """The next session the team's latest earlier session planned (date, time, workshop, who, and the id
        of the session that planned it): offered when this one opens."""
        earlier = self.earlier(state)
        if not earlier or (before := self.state(earlier[0].id)) is None or not before.next_session.get("date"):
            return None
        return {**before.next_session, "from": earlier[0].id}

    def reflection_source(self, state: SessionState) -> str | None:
        """The session a reflect-and-reset looks back on: the team's latest *started* session that drafted key
        results (last cycle's OKRs are what is scored), else its latest. Not the latest changed: merely
        opening an old session to look something up changes it."""
        earlier = self.earlier(state)
        for summary in earlier:
            before = self.state(summary.id)
            if before is not None and any(o.get("key_results") for o in before.objectives if isinstance(o, dict)):
                return summary.id
        return earlier[0].id if earlier else None

    def key_results_source(self, state: SessionState) -> SessionState | None:
        """The session whose key results a check-in checks: the team's latest-started session that drafted key
        results (a drafting session, or a reflect-and-reset that set the next cycle's), not a check-in."""
        for summary in self.earlier(state):
            if self.kind(summary) == CHECK_IN:
                continue
            before = self.state(summary.id)
            if before is not None and any(o.get("key_results") for o in before.objectives if isinstance(o, dict)):
                return before
        return None

    def check_ins_of(self, source_id: str, state: SessionState) -> list[SessionState]:
        """The team's earlier check-ins of one session's key results, oldest first: the cycle's trend."""
        found = []
        for summary in reversed(self.earlier(state)):
            if self.kind(summary) != CHECK_IN:
                continue
            before = self.state(summary.id)
            if before is not None and before.check_in.get("source") == source_id:
                found.append(before)
        return found

    def company_teams(self, organization: str) -> set[str]:
        """The name keys of the teams that ran the organization's coached deployment sessions."""
        key = name_key(organization)
        teams = set()
        for summary in self._summaries:
            if name_key(summary.organization) != key or not summary.decided or self.kind(summary) != DEPLOYMENT:
                continue
            state = self.state(summary.id)
            if state is not None and not state.self_guided:
                teams.add(name_key(summary.team))
        return teams

    def company_sessions(self, organization: str) -> list[SessionSummary]:
        """The sessions that decided for the organization, in cycle order, oldest first."""
        if not organization.strip():
            return []
        key, teams = name_key(organization), self.company_teams(organization)
        found = [s for s in self._summaries if name_key(s.organization) == key and name_key(s.team) in teams
                 and s.decided and self.kind(s) in (DEPLOYMENT, REFLECTION)]
        return self._in_cycle_order(found)

    # -- rules ------------------------------------------------------------------------------------------
    def rule_layers(self, state: SessionState) -> list[Layer]:
        """What a session's rules fall through to, nearest first (see core/rules.py for the order): the team's
        own earlier sessions, then the company's."""
        layers: list[Layer] = []
        seen = {state.id}

        def add(summary: SessionSummary, level: str, decisions: dict[str, dict[str, Any]] | None = None) -> None:
            if summary.id in seen:
                return
            if decisions is None:
                other = self.state(summary.id)
                if other is None:
                    return
                decisions = {p: plain(d) for p, d in other.decisions.items()}
            seen.add(summary.id)
            layers.append(Layer(self.source_of(summary, level), decisions))

        # a reflect-and-reset's earlier cycle comes from its own record (core/rules.py), not from here
        seen.add(state.previous_session)
        for summary in self.earlier(state):
            if summary.decided:
                add(summary, "team")
        for summary in reversed(self.company_sessions(state.organization)):
            if summary.started_at <= state.started_at:
                add(summary, "company")
        return layers

    def source_of(self, summary: SessionSummary, level: str) -> Source:
        return Source(summary.id, summary.organization, summary.team, self.kind(summary), summary.started_at[:10],
                      level)

    def context(self, state: SessionState) -> Context:
        who = " / ".join(x for x in (state.organization, state.team) if x)
        organization = state.organization
        # the view is opened minutes or hours later: other boards are read then, not as they were at opening
        return Context(tuple(self.rule_layers(state)), who, lambda: self.company_objectives(state),
                       lambda: Cycles(self.reader).current_boards(organization) if organization.strip() else [])

    # -- alignment --------------------------------------------------------------------------------------
    def current_boards(self, organization: str) -> list[tuple[SessionSummary, SessionState]]:
        """Each team's latest session with objectives on its board: the organization's drafts this cycle."""
        boards = []
        for sessions in self.organization_sessions(organization).values():
            for summary in reversed(sessions):
                state = self.state(summary.id)
                if state is not None and state.objectives:
                    boards.append((summary, state))
                    break
        return boards

    def company_objectives(self, state: SessionState) -> list[CompanyObjective]:
        """The company objectives other sessions of the organization drafted, for this board to align to."""
        if not state.organization.strip():
            return []
        found = []
        for summary, other in self.current_boards(state.organization):
            if summary.id == state.id:
                continue
            for objective in other.objectives:
                if isinstance(objective, dict) and objective.get("level") == "company":
                    found.append(CompanyObjective(objective_ref(summary.id, str(objective.get("id", ""))),
                                                  str(objective.get("title", "")), summary.team, summary.id))
        return found

    # -- internals --------------------------------------------------------------------------------------
    def _by_start(self) -> list[SessionSummary]:
        return sorted(self._summaries, key=lambda s: s.started_at)

    def _in_cycle_order(self, sessions: Iterable[SessionSummary]) -> list[SessionSummary]:
        """Oldest first by the day they started; on one day a session that links back further comes later
        (reflect-and-reset starts the next cycle), then by the time it started."""
        sessions = list(sessions)
        days: dict[str, int] = {}
        for s in sessions:
            days[s.started_at[:10]] = days.get(s.started_at[:10], 0) + 1
        depths = {s.id: self._depth(s.id) if days[s.started_at[:10]] > 1 else 0 for s in sessions}
        return sorted(sessions, key=lambda s: (s.started_at[:10], depths[s.id], s.started_at))

    def _depth(self, session_id: str) -> int:
        seen, n = set(), 0
        while session_id and session_id not in seen:
            seen.add(session_id)
            state = self.state(session_id)
            session_id = state.previous_session if state is not None else ""
            n += 1 if session_id else 0
        return n


def _first_written(names: Iterable[str]) -> list[str]:
    shown: dict[str, str] = {}
    for name in names:
        key = name_key(name)
        if key and key not in shown:
            shown[key] = " ".join(name.split())
    return list(shown.values())
