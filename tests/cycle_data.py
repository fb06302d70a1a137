"""A team's cycle as tests need it: a deployment with cycle dates, a drafting session with key results, and
check-ins started for the team as a coach would start them."""

from __future__ import annotations

from facilitator.core import catalog
from facilitator.core.okr import KeyResult, Objective


def drafted_cycle(workspace, wall=None):
    deployment, ref = catalog.resolve("deployment-parameters")
    first = workspace.start(deployment, ref, organization="Acme", team="Platform")
    cycle = next(s for s in deployment.decision_steps if s.parameter == "cycle")
    first.go_to(cycle.id)
    first.record_decision("cycle", choice=cycle.default_option.id, decision="Quarterly, 2026-10-01 to 2026-12-31",
                          owner="Kim")
    drafting, ref = catalog.resolve("okr-drafting")
    drafts = workspace.start(drafting, ref, organization="Acme", team="Platform")
    drafts.board.save_objective(Objective("o1", "Delight first-time customers", level="team", team="Platform"))
    drafts.board.save_key_result("o1", KeyResult("kr1", "Raise week-1 activation", start=32, target=45, unit="%",
                                                 direction="increase", owner="Ana"))
    drafts.board.save_key_result("o1", KeyResult("kr2", "Cut onboarding tickets", start=120, target=60,
                                                 direction="decrease", owner="Bo"))
    drafts.add_action("Interview five churned customers", owner="Ana", due="2026-11-30")
    return drafts


def start_check_in(workspace, team="Platform"):
    workshop, ref = catalog.resolve("check-in")
    return workspace.start(workshop, ref, organization="acme ", team=team.lower())


def finish(session):
    """Every step passed with n, the last one too: the workshop is complete, as the end screen shows it."""
    while session.next_step():
        pass
    session.finish()
    return session


def set_cycle(session, start: str, end: str, weeks: int = 2):
    """The room decides the cycle's dates and the check-in rhythm in the decision dialog's fields."""
    session.record_decision("cycle", choice="quarterly", decision=f"Quarterly, {start} to {end}", owner="Kim",
                            rationale="The rhythm of the business", values={"cycle_months": 3, "start": start,
                                                                             "end": end})
    session.record_decision("scoring", choice="decimal-with-confidence", decision="0-1, check-ins every two weeks",
                            owner="Kim", rationale="Weekly is too often for us",
                            values={"scale": {"name": "0-1", "min": 0, "max": 1}, "confidence": {"min": 0, "max": 1},
                                    "check_in_weeks": weeks})
