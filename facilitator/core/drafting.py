"""The draft board of a session: objectives and key results, checked live against the room's rules.

The board needs only a small host (`BoardHost`: the session state, a save, a clock), so it does not import
the session and the session can build it once. Every change still goes through the host's save, so it is on
disk before the screen shows it.

Checks run once per change, not once per look: the findings are kept until the drafts, the room's rules or
the dismissals change. While someone types in a dialog, `preview_key_result` and `preview_objective` check
only the item being edited, its objective and the board-wide rules, against the findings already known.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from facilitator import i18n
from facilitator.core.alignment import OrganizationAlignment, TeamBoard, organization_alignment
from facilitator.core.checkin_sheet import decided_cycle
from facilitator.core.cycles import Context, name_key
from facilitator.core.draft_language import known_language
from facilitator.core.follow_up_verbs import is_iso_date
from facilitator.core.okr import LEVELS, KeyResult, Objective, RoomRules, new_uid
from facilitator.core.okr_checks import (
    BOARD,
    Board,
    Finding,
    check_board,
    check_key_result,
    check_objective,
    sort_findings,
)
from facilitator.core.records import SessionState, iso
from facilitator.core.rule_departures import BrokenRule, Departure, broken_rule, departures_of, still_broken
from facilitator.core.rules import Resolution, resolve_session
from facilitator.i18n import _


def key_result_problem(key_result: KeyResult) -> tuple[str, str] | None:
    """What the board refuses in a key result, as (field, message): the dialog shows it on that field and the
    board raises it, so a key result saved from anywhere meets the same rules."""
    if not key_result.text.strip():
        return "text", _("Write the key result first.")
    due = key_result.due.strip()
    if due and not is_iso_date(due):  # the export promises an ISO day here, and spreadsheets sort by it
        return "due", _("'{due}' is not a date: write it as 2027-03-31.").format(due=due)
    return None


class BoardHost(Protocol):
    """What the board needs from a session."""

    state: SessionState
    context: Context  # what the rest of the organization tells the session: rules, company objectives

    def save_now(self) -> bool: ...

    def now(self) -> datetime: ...


@dataclass(frozen=True)
class Dismissal:
    check_id: str
    target_id: str
    reason: str
    at: str


@dataclass
class _Checked:
    """The findings of one version of the board, by item, before dismissals."""

    source: object  # the state's objectives list they were computed from
    rules: RoomRules
    language: str  # the session's language, which drafts are read in unless their words tell another
    elsewhere: frozenset[str]  # company objectives on the organization's other boards that links may name
    speaks: str  # the language the findings are written in (an English export of a German screen's board)
    objectives: tuple[Objective, ...]
    board: list[Finding]
    by_item: dict[str, list[Finding]]


class DraftBoard:
    def __init__(self, host: BoardHost):
        self.host = host
        self._checked: _Checked | None = None
        self._parsed: tuple[object, tuple[Objective, ...]] | None = None
        # the departures the last change of the drafts withdrew (the rule holds again): the screen says so
        self.withdrawn: list[Departure] = []

    # -- reading ----------------------------------------------------------------------------------------
    @property
    def _state(self) -> SessionState:
        return self.host.state

    def _current(self) -> tuple[Objective, ...]:
        """The drafts as model objects, parsed once per change. Shared: never hand these out to be edited."""
        source = self._state.objectives
        if self._parsed is None or self._parsed[0] is not source:
            self._parsed = (source, tuple(Objective.from_dict(o) for o in source))
        return self._parsed[1]

    def objectives(self) -> list[Objective]:
        """A fresh copy of the drafts, the caller's to change."""
        return [Objective.from_dict(o) for o in self._state.objectives]

    def objective(self, objective_id: str) -> Objective | None:
        return next((o for o in self.objectives() if o.id == objective_id), None)

    def resolution(self) -> Resolution:
        """The rules in force and where each came from, in the order core/rules.py documents."""
        return resolve_session(self._state, self.host.context)

    def rules(self) -> RoomRules:
        return self.resolution().room

    def language(self) -> str:
        """The language drafts are read in: the session's, or English for a session saved before the choice."""
        return known_language(self._state.language)

    def cycle(self) -> dict[str, Any]:
        """The cycle in force as `{label, start, end}` (dates None when the room gave none)."""
        return decided_cycle(self.resolution().rule("cycle").decision)

    def company_objectives_elsewhere(self):
        """Company objectives drafted in the organization's other sessions, which team objectives may serve."""
        return self.host.context.company_objectives()

    def company_refs(self, objectives: Iterable[Objective]) -> frozenset[str]:
        if not any(":" in o.contributes_to for o in objectives):
            return frozenset()  # no link leaves this board: no need to read the organization's other boards
        return frozenset(c.ref for c in self.company_objectives_elsewhere())

    def _checks(self) -> _Checked:
        rules = self.rules()
        objectives = self._current()
        elsewhere = self.company_refs(objectives)
        checked = self._checked
        language, speaks = self.language(), i18n.language()
        if checked is not None and checked.source is self._state.objectives and checked.rules == rules \
                and checked.elsewhere == elsewhere and checked.language == language and checked.speaks == speaks:
            return checked
        board = Board.of(objectives, rules, elsewhere, language)
        by_item: dict[str, list[Finding]] = {}
        for objective in objectives:
            by_item[objective.id] = check_objective(objective, board)
            for kr in objective.key_results:
                by_item[kr.id] = check_key_result(kr, objective, board)
        self._checked = _Checked(self._state.objectives, rules, language, elsewhere, speaks, objectives,
                                 check_board(board), by_item)
        return self._checked

    def levels(self) -> list[str]:
        """The levels the room decided objectives at, in order: only these are offered for a new objective."""
        allowed = self.rules().levels
        return [level for level in LEVELS if level in allowed]

    def default_level(self) -> str:
        """The level this session drafts at: company when the team drafting is the one whose decisions are in
        force (leadership drafting after its deployment, or no team named), else team; always a decided one."""
        levels = self.levels() or ["company"]
        team = self._state.team.strip().casefold()
        source = self.resolution().rule("level").source or self.resolution().primary()
        rules_team = None
        if source is not None:
            rules_team = team if source.level in ("own", "recorded") else source.team.strip().casefold()
        level = "company" if not team or team == rules_team else "team"
        return level if level in levels else levels[0]

    def _set_aside(self) -> set[tuple[str, str]]:
        keys = {(d["check_id"], d["target_id"]) for d in self._state.dismissals}
        keys.update((d.get("check_id"), d.get("target_id")) for d in self._state.departures if isinstance(d, dict))
        return keys

    def _open(self, findings: list[Finding]) -> list[Finding]:
        aside = self._set_aside()
        return [f for f in findings if (f.check_id, f.target_id) not in aside] if aside else findings

    def findings(self) -> list[Finding]:
        """Open findings: everything the checks say, less what the coach dismissed with a reason and what the
        team departed from on purpose. Board-wide first, then each objective followed by its key results, each
        item's in the order a coach raises them."""
        return self._open(self._all_findings())

    def _all_findings(self) -> list[Finding]:
        checked = self._checks()
        board_wide = [f for f in checked.board if f.target_id == BOARD]
        by_target: dict[str, list[Finding]] = {}
        for f in checked.board:
            if f.target_id != BOARD:
                by_target.setdefault(f.target_id, []).append(f)
        ordered = list(board_wide)
        for objective in checked.objectives:
            for item in (objective.id, *(kr.id for kr in objective.key_results)):
                ordered += sort_findings(checked.by_item.get(item, []) + by_target.get(item, []))
        return ordered

    def findings_for(self, target_id: str) -> list[Finding]:
        return [f for f in self.findings() if f.target_id == target_id]

    def dismissals(self) -> list[Dismissal]:
        return [Dismissal(**d) for d in self._state.dismissals]

    # -- the team's own rules (core/rule_departures.py) -------------------------------------------------
    def broken_rule(self, finding: Finding) -> BrokenRule | None:
        """In a self-guided session, the team's own decided rule `finding` says the drafts break: such a
        finding is set aside only as a departure from the rule. None in a coached session (the coach dismisses
        with a reason) and for any other finding."""
        if not self._state.self_guided:
            return None
        return broken_rule(finding, self.resolution())

    def departures(self) -> list[Departure]:
        """The team's decisions to depart from its own rules, in the order they were taken."""
        return departures_of(self._state.departures)

    def depart(self, check_id: str, target_id: str, reason: str) -> Departure:
        """The team decides to depart from its rule this time: kept as a decision of the session, with the rule
        as decided, what the check said and the team's reason, and saved at once."""
        finding = next((f for f in self.findings() if (f.check_id, f.target_id) == (check_id, target_id)), None)
        if finding is None:
            raise ValueError(_("Nothing to depart from: the drafts keep this rule."))
        rule = broken_rule(finding, self.resolution())
        if rule is None:
            raise ValueError(_("This finding is not one of your own rules: dismiss it with a reason instead."))
        if not reason.strip():
            raise ValueError(_("Say why you depart from your rule this time: the reason is kept with the decision."))
        departure = Departure(check_id, target_id, rule.parameter, rule.rule, finding.message, reason.strip(),
                              iso(self.host.now()))
        self._state.departures.append(departure.to_dict())
        self.host.save_now()
        return departure

    def withdraw_departure(self, check_id: str, target_id: str) -> Departure | None:
        """The team takes its departure back: the finding is open again, and the record no longer holds it."""
        kept = [d for d in self.departures() if d.key != (check_id, target_id)]
        gone = next((d for d in self.departures() if d.key == (check_id, target_id)), None)
        if gone is not None:
            self._state.departures = [d.to_dict() for d in kept]
            self.host.save_now()
        return gone

    # -- checking a draft as it is typed ---------------------------------------------------------------
    def preview_key_result(self, objective_id: str, key_result: KeyResult) -> list[Finding]:
        """The findings `key_result` would have on `objective_id`, checking only what it can change."""
        checked = self._checks()
        objectives = list(checked.objectives)
        for i, objective in enumerate(objectives):
            if objective.id == objective_id:
                others = [k for k in objective.key_results if k.id != key_result.id]
                replaced = len(others) < len(objective.key_results)
                krs = [key_result if k.id == key_result.id else k for k in objective.key_results] if replaced \
                    else [*others, key_result]
                objectives[i] = parent = replace(objective, key_results=krs)
                break
        else:
            raise ValueError(_("no objective '{id}' on the board").format(id=objective_id))
        board = Board.of(objectives, checked.rules, checked.elsewhere, checked.language)
        own = check_key_result(key_result, parent, board)
        if key_result.text.strip():
            own += [f for f in check_board(board) if f.target_id == key_result.id]
        return self._open(sort_findings(own))

    def preview_objective(self, draft: Objective) -> list[Finding]:
        """The findings `draft` would have, with its key results as they are on the board."""
        checked = self._checks()
        objectives = [draft if o.id == draft.id else o for o in checked.objectives]
        if draft.id not in {o.id for o in checked.objectives}:
            objectives.append(draft)
        board = Board.of(objectives, checked.rules, self.company_refs(objectives), checked.language)
        own = check_objective(draft, board)
        if draft.title.strip():
            own += [f for f in check_board(board) if f.target_id == draft.id]
        return self._open(sort_findings(own))

    # -- changing ---------------------------------------------------------------------------------------
    def _write(self, objectives: list[Objective]) -> None:
        self._state.objectives = [o.to_dict() for o in objectives]
        self.withdrawn = []
        if self._state.departures:
            # a departure is over once the drafts keep the rule again: withdrawn in the same save
            kept, self.withdrawn = still_broken(self.departures(), self._all_findings())
            if self.withdrawn:
                self._state.departures = [d.to_dict() for d in kept]
        self.host.save_now()

    def new_objective_id(self) -> str:
        return _next_id("o", {o.id for o in self._current()}, self._state.id_high.get("o", 0))

    def new_key_result_id(self) -> str:
        return _next_id("kr", {k.id for o in self._current() for k in o.key_results},
                        self._state.id_high.get("kr", 0))

    def _given(self, prefix: str, item_id: str) -> None:
        number = _number_of(prefix, item_id)
        if number > self._state.id_high.get(prefix, 0):
            self._state.id_high[prefix] = number

    def save_objective(self, objective: Objective) -> None:
        """Add it, or replace the objective with the same id (keeping its key results if none are given)."""
        if not objective.title.strip():
            raise ValueError(_("an objective needs a title"))
        objectives = self.objectives()
        for i, existing in enumerate(objectives):
            if existing.id == objective.id:
                if not objective.key_results:
                    objective.key_results = existing.key_results
                objective.uid = objective.uid or existing.uid  # a dialog edits the fields, never the identity
                objectives[i] = objective
                break
        else:
            objective.uid = objective.uid or new_uid()
            for kr in objective.key_results:
                kr.uid = kr.uid or new_uid()
                self._given("kr", kr.id)
            self._given("o", objective.id)
            objectives.append(objective)
        self._write(objectives)

    def remove_objective(self, objective_id: str) -> None:
        self._write([o for o in self.objectives() if o.id != objective_id])

    def move_objective(self, objective_id: str, delta: int) -> None:
        objectives = self.objectives()
        _move(objectives, next(i for i, o in enumerate(objectives) if o.id == objective_id), delta)
        self._write(objectives)

    def save_key_result(self, objective_id: str, key_result: KeyResult) -> None:
        if (problem := key_result_problem(key_result)) is not None:
            raise ValueError(problem[1])
        key_result = replace(key_result, due=key_result.due.strip())
        objectives = self.objectives()
        objective = next((o for o in objectives if o.id == objective_id), None)
        if objective is None:
            raise ValueError(_("no objective '{id}' on the board").format(id=objective_id))
        for i, existing in enumerate(objective.key_results):
            if existing.id == key_result.id:
                key_result.uid = key_result.uid or existing.uid
                objective.key_results[i] = key_result
                break
        else:
            key_result.uid = key_result.uid or new_uid()
            self._given("kr", key_result.id)
            objective.key_results.append(key_result)
        self._write(objectives)

    def remove_key_result(self, key_result_id: str) -> None:
        objectives = self.objectives()
        for objective in objectives:
            objective.key_results = [k for k in objective.key_results if k.id != key_result_id]
        self._write(objectives)

    def move_key_result(self, key_result_id: str, delta: int) -> None:
        objectives = self.objectives()
        for objective in objectives:
            for i, kr in enumerate(objective.key_results):
                if kr.id == key_result_id:
                    _move(objective.key_results, i, delta)
                    self._write(objectives)
                    return

    def dismiss(self, check_id: str, target_id: str, reason: str) -> None:
        """The coach heard the room and decided this finding does not apply; the reason stays on record. A
        self-guided team departs from its own rule instead (`depart`)."""
        if not reason.strip():
            raise ValueError(_("say why the finding does not apply: the reason is kept in the record"))
        finding = next((f for f in self.findings() if (f.check_id, f.target_id) == (check_id, target_id)), None)
        if finding is not None and self.broken_rule(finding) is not None:
            raise ValueError(_("This breaks a rule your team decided: record it as a departure from the rule."))
        self._state.dismissals.append(asdict(Dismissal(check_id, target_id, reason.strip(), iso(self.host.now()))))
        self.host.save_now()

    # -- alignment --------------------------------------------------------------------------------------
    def alignment(self) -> OrganizationAlignment:
        """The organization's alignment with this board in it as it stands: company objectives of every team's
        current board, the objectives that serve each, the unaligned, the bottom-up share against the room's
        target. A session without an organization sees its own board."""
        state = self._state
        mine = TeamBoard(state.id, state.team, self._current())
        boards: list[TeamBoard] = []
        for summary, other in self.host.context.boards():
            if summary.id == state.id or name_key(summary.team) == name_key(state.team):
                # this team's board is the one being edited, wherever it sits in the team's cycles
                boards.append(mine)
                continue
            boards.append(TeamBoard(summary.id, summary.team,
                                    tuple(Objective.from_dict(o) for o in other.objectives if isinstance(o, dict))))
        if not any(board is mine for board in boards):
            boards.append(mine)
        return organization_alignment(boards, here=state.id, target=self.rules().bottom_up_target,
                                      organization=state.organization)


def _number_of(prefix: str, item_id: str) -> int:
    rest = item_id[len(prefix):] if item_id.startswith(prefix) else ""
    return int(rest) if rest.isdigit() else 0


def _next_id(prefix: str, taken: set[str], high: int = 0) -> str:
    """The next `o`/`kr` number after every one given so far on this board, removed ones included."""
    n = max([high, *(_number_of(prefix, t) for t in taken)]) + 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def _move(items: list, index: int, delta: int) -> None:
    target = max(0, min(len(items) - 1, index + delta))
    items.insert(target, items.pop(index))
