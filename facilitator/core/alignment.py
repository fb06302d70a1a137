"""Alignment across the organization: the company objectives, every team's objectives under the one they serve,
what serves nothing, and the share of team objectives the teams proposed themselves.

The draft board's alignment view (`l`) shows this for the organization the session belongs to; a session
without an organization sees its own board only. Boards come in as plain (session, team, objectives) triples,
so this module reads no database: core/cycles.py finds each team's current board, and the draft board puts
itself in as it stands (the session being edited need not be its team's latest).

A team objective names the company objective it serves by `contributes_to`: an id on its own board ("o1"),
or a link to another session's ("SESSION:o1"). Either way it is resolved to "SESSION:o1", so one company
objective collects its contributors from every board.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from facilitator.core.cycles import objective_ref, split_ref
from facilitator.core.okr import Objective


@dataclass(frozen=True)
class TeamBoard:
    """One team's current objectives: the session they are drafted in and the team that session belongs to."""

    session_id: str
    team: str
    objectives: Sequence[Objective]


@dataclass(frozen=True)
class Placed:
    """An objective as the organization-wide view shows it."""

    ref: str  # "SESSION:o1"
    objective: Objective
    team: str  # the objective's own team, else the team of the session that drafted it
    here: bool  # on the board being edited

    @property
    def title(self) -> str:
        return self.objective.title


@dataclass(frozen=True)
class Group:
    company: Placed
    contributors: tuple[Placed, ...]


@dataclass(frozen=True)
class OrganizationAlignment:
    organization: str  # "" when the session belongs to none: the view is of its own board
    boards: int
    company: tuple[Group, ...]
    unaligned: tuple[Placed, ...]  # team (and individual) objectives that serve no company objective found
    team_objectives: int  # team-level objectives across the organization
    bottom_up: int  # of those, how many the teams proposed themselves
    by_team: tuple[tuple[str, int, int], ...]  # (team, bottom-up, team objectives), teams in board order
    target: float  # the room's decided bottom-up target

    @property
    def share(self) -> float | None:
        return self.bottom_up / self.team_objectives if self.team_objectives else None

    @property
    def meets_target(self) -> bool:
        return self.share is not None and self.share >= self.target


def organization_alignment(boards: Iterable[TeamBoard], *, here: str, target: float,
                           organization: str = "") -> OrganizationAlignment:
    """The view over `boards` (each team's current board, the one being edited among them as session `here`)."""
    boards = list(boards)
    company: dict[str, Placed] = {}
    others: list[tuple[Placed, str]] = []  # with the company objective it names, resolved to a ref
    for board in boards:
        for objective in board.objectives:
            placed = Placed(objective_ref(board.session_id, objective.id), objective,
                            objective.team.strip() or board.team, board.session_id == here)
            if objective.level == "company":
                company.setdefault(placed.ref, placed)
            else:
                others.append((placed, _resolve(objective.contributes_to, board.session_id)))
    groups = tuple(Group(c, tuple(p for p, to in others if to == ref)) for ref, c in company.items())
    unaligned = tuple(p for p, to in others if to not in company)
    counts: dict[str, list[int]] = {}
    for placed, _ in others:
        if placed.objective.level == "team":
            tally = counts.setdefault(placed.team, [0, 0])
            tally[0] += placed.objective.origin == "team"
            tally[1] += 1
    return OrganizationAlignment(
        organization=organization, boards=len(boards), company=groups, unaligned=unaligned,
        team_objectives=sum(t for _, t in counts.values()), bottom_up=sum(b for b, _ in counts.values()),
        by_team=tuple((team, b, t) for team, (b, t) in counts.items()), target=target)


def _resolve(contributes_to: str, session_id: str) -> str:
    link = contributes_to.strip()
    if not link:
        return ""
    linked_session, objective_id = split_ref(link)
    return objective_ref(linked_session or session_id, objective_id)
