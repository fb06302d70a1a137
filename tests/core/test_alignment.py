"""Alignment across the organization: company objectives from every board, the teams' objectives under them."""

from __future__ import annotations

from facilitator.core.alignment import TeamBoard, organization_alignment
from facilitator.core.cycles import DRAFTING, Cycles
from facilitator.core.okr import Objective
from tests.core.test_cycles import FolderReader


def company(oid: str, title: str) -> Objective:
    return Objective(oid, title, level="company")


def team(oid: str, title: str, to: str = "", origin: str = "team", level: str = "team") -> Objective:
    return Objective(oid, title, level=level, contributes_to=to, origin=origin)


def test_team_objectives_gather_under_the_company_objective_they_serve_across_boards():
    boards = [
        TeamBoard("lead", "Leadership", [company("o1", "Win DACH"), company("o2", "Safe releases"),
                                         team("o3", "Leadership health", to="o2")]),
        TeamBoard("plat", "Platform", [team("o1", "Fridays without fear", to="lead:o2"),
                                       team("o2", "Self-serve onboarding", to="lead:o9")]),
        TeamBoard("grow", "Growth", [team("o1", "100 accounts in Austria", to="lead:o1", origin="leadership"),
                                     team("o2", "Refresh the brand")]),
    ]
    view = organization_alignment(boards, here="plat", target=0.6, organization="Nordwind GmbH")
    assert [g.company.ref for g in view.company] == ["lead:o1", "lead:o2"]
    assert [p.title for p in view.company[0].contributors] == ["100 accounts in Austria"]
    # a local id on the leadership board and a link from another board meet under the same objective
    assert [p.title for p in view.company[1].contributors] == ["Leadership health", "Fridays without fear"]
    assert [p.title for p in view.unaligned] == ["Self-serve onboarding", "Refresh the brand"], \
        "a link to an objective that is gone aligns to nothing"
    assert [p.here for p in view.company[1].contributors] == [False, True]
    assert (view.bottom_up, view.team_objectives, view.share) == (4, 5, 0.8)
    assert view.by_team == (("Leadership", 1, 1), ("Platform", 2, 2), ("Growth", 1, 2))
    assert view.meets_target


def test_below_the_target_and_nothing_drafted():
    view = organization_alignment([TeamBoard("g", "Growth", [team("o1", "A", origin="leadership")])], here="g",
                                  target=0.6)
    assert view.share == 0.0 and not view.meets_target
    assert [p.team for p in view.unaligned] == ["Growth"], "the session's team when the objective names none"
    empty = organization_alignment([], here="x", target=0.6)
    assert empty.share is None and not empty.company and not empty.meets_target


def test_the_context_reads_every_team_s_current_board_when_asked():
    reader = FolderReader()
    reader.add("lead", DRAFTING, team="Leadership", objectives=[
        {"id": "o1", "title": "Win the DACH market", "level": "company", "key_results": []}])
    platform = reader.add("plat", DRAFTING, team="Platform", day="2026-12-01")
    context = Cycles(reader).context(platform)
    reader.add("grow", DRAFTING, team="Growth", day="2026-12-01", objectives=[
        {"id": "o1", "title": "Austria", "level": "team", "contributes_to": "lead:o1", "key_results": []}])
    assert [s.id for s, _ in context.boards()] == ["lead", "grow"], "a board drafted since opening is seen"
    alone = reader.add("solo", DRAFTING, org="", team="Solo")
    assert Cycles(reader).context(alone).boards() == []
