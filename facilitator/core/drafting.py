"""The draft board of a session: objectives and key results, checked live against the room's rules.

Kept apart from `Session` so the session module stays about running the room; every change still goes
through the session's save, so it is on disk before the screen shows it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from facilitator.core.okr import KeyResult, Objective, RoomRules
from facilitator.core.rules import Resolution, resolve_session

if TYPE_CHECKING:
    from facilitator.core.okr_checks import Finding
    from facilitator.core.session import Session


@dataclass(frozen=True)
class Dismissal:
    check_id: str
    target_id: str
    reason: str
    at: str


class DraftBoard:
    def __init__(self, session: Session):
        self.session = session

    # -- reading ----------------------------------------------------------------------------------------
    @property
    def _state(self):
        return self.session.state

    def objectives(self) -> list[Objective]:
        return [Objective.from_dict(o) for o in self._state.objectives]

    def objective(self, objective_id: str) -> Objective | None:
        return next((o for o in self.objectives() if o.id == objective_id), None)

    def resolution(self) -> Resolution:
        """The rules in force and where each came from, in the order core/rules.py documents."""
        return resolve_session(self._state, self.session.context)

    def rules(self) -> RoomRules:
        return self.resolution().room

    def company_objectives_elsewhere(self):
        """Company objectives drafted in the organization's other sessions, which team objectives may serve."""
        return self.session.context.company_objectives()

    def company_refs(self, objectives: list[Objective]) -> frozenset[str]:
        if not any(":" in o.contributes_to for o in objectives):
            return frozenset()  # no link leaves this board: no need to read the organization's other boards
        return frozenset(c.ref for c in self.company_objectives_elsewhere())

    def findings(self, objectives: list[Objective] | None = None) -> list[Finding]:
        """Open findings: everything the checks say, less what the coach dismissed with a reason."""
        from facilitator.core.okr_checks import run_checks  # regexes compile on first use, not at start-up

        dismissed = {(d["check_id"], d["target_id"]) for d in self._state.dismissals}
        objectives = objectives if objectives is not None else self.objectives()
        return [f for f in run_checks(objectives, self.rules(), elsewhere=self.company_refs(objectives))
                if (f.check_id, f.target_id) not in dismissed]

    def findings_for(self, target_id: str, objectives: list[Objective] | None = None) -> list[Finding]:
        return [f for f in self.findings(objectives) if f.target_id == target_id]

    def dismissals(self) -> list[Dismissal]:
        return [Dismissal(**d) for d in self._state.dismissals]

    # -- changing ---------------------------------------------------------------------------------------
    def _write(self, objectives: list[Objective]) -> None:
        self._state.objectives = [o.to_dict() for o in objectives]
        self.session.save_now()

    def new_objective_id(self) -> str:
        return _next_id("o", {o.id for o in self.objectives()})

    def new_key_result_id(self) -> str:
        return _next_id("kr", {k.id for o in self.objectives() for k in o.key_results})

    def save_objective(self, objective: Objective) -> None:
        """Add it, or replace the objective with the same id (keeping its key results if none are given)."""
        if not objective.title.strip():
            raise ValueError("an objective needs a title")
        objectives = self.objectives()
        for i, existing in enumerate(objectives):
            if existing.id == objective.id:
                if not objective.key_results:
                    objective.key_results = existing.key_results
                objectives[i] = objective
                break
        else:
            objectives.append(objective)
        self._write(objectives)

    def remove_objective(self, objective_id: str) -> None:
        self._write([o for o in self.objectives() if o.id != objective_id])

    def move_objective(self, objective_id: str, delta: int) -> None:
        objectives = self.objectives()
        _move(objectives, next(i for i, o in enumerate(objectives) if o.id == objective_id), delta)
        self._write(objectives)

    def save_key_result(self, objective_id: str, key_result: KeyResult) -> None:
        if not key_result.text.strip():
            raise ValueError("a key result needs a text")
        objectives = self.objectives()
        objective = next(o for o in objectives if o.id == objective_id)
        for i, existing in enumerate(objective.key_results):
            if existing.id == key_result.id:
                objective.key_results[i] = key_result
                break
        else:
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
        """The coach heard the room and decided this finding does not apply; the reason stays on record."""
        if not reason.strip():
            raise ValueError("say why the finding does not apply: the reason is kept in the record")
        from facilitator.core.records import iso

        self._state.dismissals.append(asdict(Dismissal(check_id, target_id, reason.strip(),
                                                       iso(self.session.now()))))
        self.session.save_now()

    # -- alignment --------------------------------------------------------------------------------------
    def alignment(self) -> dict[str, Any]:
        """Company objectives with the team objectives that serve them; the bottom-up share; the unaligned."""
        objectives = self.objectives()
        company = [o for o in objectives if o.level == "company"]
        others = [o for o in objectives if o.level != "company"]
        company_ids = {o.id for o in company}
        teams = [o for o in others if o.level == "team"]
        share = sum(1 for o in teams if o.origin == "team") / len(teams) if teams else None
        return {
            "company": [(c, [o for o in others if o.contributes_to == c.id]) for c in company],
            "unaligned": [o for o in others if o.contributes_to not in company_ids],
            "bottom_up_share": share,
            "bottom_up_target": self.rules().bottom_up_target,
        }


def _next_id(prefix: str, taken: set[str]) -> str:
    n = len(taken) + 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def _move(items: list, index: int, delta: int) -> None:
    target = max(0, min(len(items) - 1, index + delta))
    items.insert(target, items.pop(index))
