"""The cycle as one path: where a team stands, its exact next step and when, and what is still open."""

from __future__ import annotations

from datetime import date

from facilitator.core.cycle_path import DONE, ELSEWHERE, IN_PROGRESS, NEXT, check_in_dates, team_path
from facilitator.core.cycles import CHECK_IN, DEPLOYMENT, DRAFTING, REFLECTION, Cycles
from facilitator.core.records import (
    Action,
    Decision,
    ParkingItem,
    SessionState,
    SessionSummary,
    StepTiming,
    summarize,
)

WORKSHOPS = {DEPLOYMENT: "deployment-parameters", DRAFTING: "okr-drafting", CHECK_IN: "check-in",
             REFLECTION: "reflect-and-reset"}
CYCLE = {"status": "decided", "decision": "Quarterly", "values": {"cycle_months": 3, "start": "2027-01-04",
                                                                   "end": "2027-03-29"}}
SCORING_BIWEEKLY = {"status": "decided", "decision": "0-1, every two weeks",
                    "values": {"scale": {"name": "0-1", "min": 0, "max": 1}, "confidence": {"min": 0, "max": 1},
                               "check_in_weeks": 2}}


class Reader:
    def __init__(self):
        self.states: dict[str, SessionState] = {}
        self.kinds: dict[str, str] = {}

    def add(self, session_id: str, kind: str, day: str, *, team: str = "Leadership", org: str = "Nordwind",
            finished: bool = True, decisions: dict | None = None, objectives=(), **fields) -> SessionState:
        state = SessionState(
            id=session_id, workshop_id=WORKSHOPS[kind], workshop_title=WORKSHOPS[kind], workshop_version="1",
            workshop_ref=WORKSHOPS[kind], organization=org, team=team, facilitator="",
            started_at=f"{day}T09:00:00Z", updated_at=f"{day}T12:00:00Z", current_step="b",
            steps={"a": StepTiming(done=True), "b": StepTiming(done=finished)},
            decisions={p: Decision(p, p, **{k: v for k, v in d.items() if k != "values"}, values=d.get("values"))
                       for p, d in (decisions or {}).items()},
            objectives=list(objectives), **fields)
        self.states[session_id], self.kinds[session_id] = state, kind
        return state

    def summaries(self):
        rows = [SessionSummary.from_dict(summarize(s.to_dict())) for s in self.states.values()]
        return sorted(rows, key=lambda s: s.updated_at, reverse=True)

    def state(self, session_id):
        state = self.states.get(session_id)
        return SessionState.from_dict(state.to_dict()) if state else None

    def kind(self, summary):
        return self.kinds[summary.id]


DRAFTS = [{"id": "o1", "title": "Win the mid-market", "level": "company",
           "key_results": [{"id": "kr1", "text": "Grow mid-market ARR from 2M to 3M"}]}]


def path_of(reader: Reader, today: str, team: str = "Leadership", **kw):
    return team_path(Cycles(reader), "Nordwind", team, today=date.fromisoformat(today), **kw)


def deployed(reader: Reader, **kw) -> None:
    reader.add("dep", DEPLOYMENT, "2026-12-01", decisions={"cycle": CYCLE, "scoring": SCORING_BIWEEKLY}, **kw)


def test_a_team_with_nothing_yet_starts_with_the_setup_and_the_self_guided_one_with_its_own():
    path = path_of(Reader(), "2026-12-02", self_guided=True)
    assert path.next.workshop == "self-guided-setup"
    assert path.next.command() == "facilitator run self-guided-setup --org Nordwind --team Leadership --self-guided"
    assert path.stages[0].status == NEXT
    assert path_of(Reader(), "2026-12-02").next.workshop == "deployment-parameters"


def test_after_the_setup_the_drafting_is_next_on_the_first_day_of_the_cycle():
    reader = Reader()
    deployed(reader)
    path = path_of(reader, "2026-12-02")
    assert path.dates.start == "2027-01-04" and not path.dates.assumed
    assert path.check_in_weeks == 2
    assert [s.status for s in path.stages[:2]] == [DONE, NEXT]
    assert path.next.workshop == "okr-drafting" and path.next.when == "2027-01-04"
    assert path.stages[1].title == "Draft the company's OKRs"


def test_a_planned_next_session_wins_over_the_schedule():
    reader = Reader()
    deployed(reader, next_session={"date": "2026-12-10", "time": "14:00", "workshop": "drafting", "who": "all"})
    nxt = path_of(reader, "2026-12-02").next
    assert nxt.when == "2026-12-10"
    assert "Planned in your last session at 14:00" in nxt.why


def test_check_ins_follow_the_rhythm_the_room_decided_then_reflect_and_reset_at_the_end():
    assert check_in_dates(date(2027, 1, 4), date(2027, 3, 29), 2)[:2] == [date(2027, 1, 18), date(2027, 2, 1)]
    assert len(check_in_dates(date(2027, 1, 4), date(2027, 3, 29), 2)) == 5
    reader = Reader()
    deployed(reader)
    reader.add("draft", DRAFTING, "2027-01-04", objectives=DRAFTS)
    path = path_of(reader, "2027-01-06")
    assert path.next.workshop == "check-in" and path.next.when == "2027-01-18"
    assert path.next.title == "Check-in 1 of 5"
    upcoming = next(s for s in path.stages if s.status == NEXT)
    reader.add("late", DRAFTING, "2027-01-11", team="Sales", objectives=DRAFTS)
    assert path_of(reader, "2027-01-12", team="Sales").next.when == "2027-01-25"  # on the rhythm from its drafting
    assert upcoming.note == "then 4 more, every two weeks, until 2027-03-29"
    for i, day in enumerate(("2027-01-18", "2027-02-01", "2027-02-15", "2027-03-01", "2027-03-15"), 1):
        reader.add(f"ci{i}", CHECK_IN, day)
    path = path_of(reader, "2027-03-16")
    assert path.next.workshop == "reflect-and-reset" and path.next.when == "2027-03-29"
    assert [s.status for s in path.stages if s.key.startswith("check-in")] == [DONE] * 5


def test_a_cycle_that_ended_goes_to_reflect_and_reset_even_with_check_ins_missed():
    reader = Reader()
    deployed(reader)
    reader.add("draft", DRAFTING, "2027-01-05", objectives=DRAFTS)
    path = path_of(reader, "2027-04-02")
    assert path.next.workshop == "reflect-and-reset"
    assert path.next.when_text(date(2027, 4, 2)) == "due since 2027-03-29"


def test_an_unfinished_session_is_resumed_and_reflect_and_reset_opens_the_next_cycle():
    reader = Reader()
    deployed(reader)
    reader.add("draft", DRAFTING, "2027-01-05", objectives=DRAFTS, finished=False)
    path = path_of(reader, "2027-01-06")
    assert path.next.resume == "draft" and path.next.command() == "facilitator resume draft"
    assert path.stages[1].status == IN_PROGRESS
    reader.add("draft", DRAFTING, "2027-01-05", objectives=DRAFTS)
    reader.add("rr", REFLECTION, "2027-03-30")
    path = path_of(reader, "2027-03-31")
    assert path.cycle_number == 2
    # the decided dates were the first cycle's: the next one follows it, as long
    assert (path.dates.start, path.dates.end) == ("2027-03-30", "2027-06-22")
    assert path.stages[0].session_id == "rr" and path.stages[0].status == DONE
    assert path.next.workshop == "okr-drafting"


def test_a_team_drafts_under_the_company_and_sees_the_company_okrs():
    reader = Reader()
    deployed(reader)
    path = path_of(reader, "2027-01-05", team="Platform")
    assert path.company_team == "Leadership"
    assert path.stages[0].status == DONE and "decided by Leadership" in path.stages[0].note
    assert path.stages[1].key == "company-drafting" and path.stages[1].status == ELSEWHERE
    assert path.next.workshop == "okr-drafting" and path.next.team == "Platform"
    reader.add("cdraft", DRAFTING, "2027-01-05", objectives=DRAFTS)
    assert path_of(reader, "2027-01-05", team="Platform").stages[1].status == DONE
    teams = next(s for s in path_of(reader, "2027-01-05").stages if s.key == "teams-drafting")
    assert teams.note == "each team drafts its own: okr-drafting with its --team" and teams.status == ELSEWHERE
    reader.add("pdraft", DRAFTING, "2027-01-06", team="Platform", objectives=DRAFTS, finished=False)
    reader.add("sales", CHECK_IN, "2027-01-06", team="Sales")
    teams = next(s for s in path_of(reader, "2027-01-07").stages if s.key == "teams-drafting")
    assert teams.note == "drafted: Platform; not yet: Sales"


def test_open_items_list_parked_decisions_open_actions_and_carried_points():
    reader = Reader()
    parked = {"status": "parked", "decision": "Ask HR first", "owner": "Kim", "by_when": "2026-12-20"}
    reader.add("dep", DEPLOYMENT, "2026-12-01", decisions={"cycle": CYCLE, "performance-reviews": parked},
               actions=[Action("a1", "Book the drafting room", owner="Ana", due="2026-12-01"),
                        Action("a2", "Old one", done=True)],
               parking_lot=[ParkingItem("p1", "Tooling budget", resolution="carried", note="ask finance")])
    path = path_of(reader, "2026-12-02")
    assert [(p.title, p.owner, p.by_when) for p in path.parked] == [("Performance reviews", "Kim", "2026-12-20")]
    assert [(a.text, a.owner, a.overdue) for a in path.actions] == [("Book the drafting room", "Ana", True)]
    assert [(c.text, c.note) for c in path.carried] == [("Tooling budget", "ask finance")]
    decided = {**parked, "status": "decided"}
    reader.add("rr", REFLECTION, "2027-03-30", decisions={"performance-reviews": decided})
    assert path_of(reader, "2027-03-31").parked == []


def test_the_command_is_shell_quoted_and_the_document_has_everything():
    reader = Reader()
    reader.add("dep", DEPLOYMENT, "2026-12-01", team="Ops & 'Support'", decisions={"cycle": CYCLE})
    path = path_of(reader, "2026-12-02", team="ops & 'support'")
    assert path.team == "Ops & 'Support'"
    assert path.next.command("/tmp/my db.json") == (
        "facilitator run okr-drafting --org Nordwind --team 'Ops & '\"'\"'Support'\"'\"'' --db '/tmp/my db.json'")
    document = path.to_dict()
    assert document["next"]["workshop"] == "okr-drafting"
    assert document["cycle"] == {"number": 1, "start": "2027-01-04", "end": "2027-03-29", "assumed": False,
                                 "check_in_weeks": 1}
    assert set(document["open"]) == {"parked_decisions", "actions", "carried_points", "rule_departures"}
    lines = path.next.lines(date(2026, 12, 2))
    assert lines[0] == "Next: Draft the company's OKRs (OKR drafting workshop) for Nordwind / Ops & 'Support', " \
                       "on 2027-01-04 (Mon)."


def test_the_printed_next_step_wraps_its_sentences_and_keeps_the_command_whole():
    from facilitator.core.cycle_text import next_lines

    org, team = "Nordwind Logistik und Spedition GmbH & Co. KG", "Customer Experience and Support Operations"
    reader = Reader()
    reader.add("dep", DEPLOYMENT, "2026-12-01", org=org, team=team, decisions={"cycle": CYCLE})
    path = team_path(Cycles(reader), org, team, today=date(2026, 12, 2))
    lines = next_lines(path, date(2026, 12, 2), "/tmp/my db.json", width=80)
    command = path.next.command("/tmp/my db.json")
    assert len(command) > 80, "the case this is for: the command is longer than the terminal"
    assert lines[-1] == f"  {command}", "the command stays on one line, whole, to copy and paste"
    assert all(len(line) <= 80 for line in lines[:-1]) and len(lines) > 3, "the sentences wrap at words"
    assert " ".join(lines[:-1]).startswith(f"Next: Draft the company's OKRs (OKR drafting workshop) for {org} / {team}")
    assert next_lines(path, date(2026, 12, 2))[0].endswith("on 2027-01-04 (Mon)."), "unwrapped for a screen"
