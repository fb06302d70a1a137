"""The organization's and the team's cycles, and the rules they resolve to: pure logic over a reader."""

from __future__ import annotations

from dataclasses import asdict

from facilitator.core.cycles import DEPLOYMENT, DRAFTING, REFLECTION, Cycles, name_key
from facilitator.core.records import Decision, ParkingItem, SessionState, SessionSummary, summarize
from facilitator.core.rules import resolve_session


class FolderReader:
    """Sessions held in memory, as a folder of exports or a database would give them."""

    def __init__(self):
        self.states: dict[str, SessionState] = {}
        self.kinds: dict[str, str] = {}
        self.reads = 0

    def add(self, session_id: str, kind: str, *, org: str = "Nordwind GmbH", team: str = "Leadership",
            day: str = "2026-11-30", decided: dict[str, str] | None = None, parked: tuple[str, ...] = (),
            self_guided: bool = False, linked: str = "", **fields) -> SessionState:
        decisions = {p: Decision(p, p, status="decided", choice=c, decision=f"{p}: {c}")
                     for p, c in (decided or {}).items()}
        decisions.update({p: Decision(p, p, status="parked", decision="later") for p in parked})
        state = SessionState(id=session_id, workshop_id=kind, workshop_title=kind, workshop_version="1",
                             workshop_ref=kind, organization=org, team=team, facilitator="",
                             started_at=f"{day}T09:00:00Z",
                             updated_at=f"{day}T12:00:00Z", current_step="x", decisions=decisions,
                             self_guided=self_guided, previous_session=linked, **fields)
        self.states[session_id] = state
        self.kinds[session_id] = kind
        return state

    def summaries(self):
        rows = [SessionSummary.from_dict(summarize(s.to_dict())) for s in self.states.values()]
        return sorted(rows, key=lambda s: s.updated_at, reverse=True)

    def state(self, session_id):
        self.reads += 1
        state = self.states.get(session_id)
        return SessionState.from_dict(state.to_dict()) if state else None

    def kind(self, summary):
        return self.kinds[summary.id]


def rules_of(reader: FolderReader, session_id: str):
    cycles = Cycles(reader)
    state = cycles.state(session_id)
    return resolve_session(state, cycles.context(state))


def test_names_match_without_case_or_spaces_and_show_as_first_written():
    reader = FolderReader()
    reader.add("a", DEPLOYMENT, org="Nordwind GmbH", team="Leadership", day="2026-11-01")
    reader.add("b", DRAFTING, org="  nordwind   gmbh ", team="PLATFORM", day="2026-11-02")
    reader.add("c", DRAFTING, org="NORDWIND GMBH", team="platform", day="2026-11-03")
    cycles = Cycles(reader)
    assert name_key(" Nordwind  GmbH ") == name_key("nordwind gmbh")
    assert cycles.organizations() == ["Nordwind GmbH"]
    assert cycles.teams("nordwind gmbh") == ["Leadership", "PLATFORM"]
    assert cycles.canonical(" NORDWIND gmbh", "platform ") == ("Nordwind GmbH", "PLATFORM")
    assert cycles.canonical("Südwind AG", " Ops  team ") == ("Südwind AG", "Ops team")
    assert [s.id for s in cycles.team_sessions("Nordwind GmbH", "Platform")] == ["b", "c"]


def test_a_pilot_team_drafts_under_the_leadership_deployment():
    reader = FolderReader()
    reader.add("dep", DEPLOYMENT, team="Leadership", decided={"kr-types": "metrics-only", "number": "two-by-three"})
    reader.add("draft", DRAFTING, team="Platform", day="2026-12-01")
    resolution = rules_of(reader, "draft")
    assert resolution.found_any
    assert resolution.room.kr_types == frozenset({"metric"})
    assert resolution.room.max_krs == 3
    assert resolution.rule("kr-types").where == "from Leadership's deployment, 2026-11-30"
    assert resolution.headline().startswith("Rules from Leadership's deployment, 2026-11-30")
    assert resolution.rule("scoring").where == "default: no decision found"


def test_nothing_found_is_said_loudly_with_whose_sessions_were_searched():
    reader = FolderReader()
    reader.add("dep", DEPLOYMENT, org="Other AG", decided={"kr-types": "metrics-only"})
    reader.add("draft", DRAFTING, team="Platform", day="2026-12-01")
    resolution = rules_of(reader, "draft")
    assert not resolution.found_any
    assert resolution.headline() == "NO DECISIONS FOUND for Nordwind GmbH / Platform: checked against the defaults"
    assert resolution.room.kr_types == frozenset({"metric", "baseline", "milestone"})


def test_the_team_s_own_latest_decisions_win_parameter_by_parameter():
    reader = FolderReader()
    reader.add("dep", DEPLOYMENT, team="Leadership", day="2026-10-01",
               decided={"kr-types": "metrics-only", "number": "two-by-three", "scoring": "percent-monthly"})
    reader.add("own", DEPLOYMENT, team="Platform", day="2026-10-02", self_guided=True,
               decided={"number": "five-by-five"})
    reader.add("draft", DRAFTING, team="Platform", day="2026-10-03")
    resolution = rules_of(reader, "draft")
    assert resolution.room.max_objectives == 5  # the team's own
    assert resolution.room.kr_types == frozenset({"metric"})  # the company's
    assert resolution.rule("number").source.level == "team"
    assert resolution.rule("kr-types").source.level == "company"
    assert "number from Platform's deployment, 2026-10-02" in resolution.headline()


def test_an_unfinished_reflect_and_reset_overrides_only_what_it_revisited():
    reader = FolderReader()
    reader.add("dep", DEPLOYMENT, team="Leadership", day="2026-10-01",
               decided={"kr-types": "metrics-only", "number": "two-by-three"})
    reader.add("reset", REFLECTION, team="Platform", day="2026-12-20", decided={"number": "five-by-five"},
               parked=("kr-types",))
    reader.add("draft", DRAFTING, team="Platform", day="2026-12-21")
    resolution = rules_of(reader, "draft")
    assert resolution.room.max_objectives == 5
    assert resolution.room.kr_types == frozenset({"metric"}), "parked at the reset: last cycle's rule stands"
    assert resolution.rule("kr-types").where == "from Leadership's deployment, 2026-10-01"
    assert resolution.rule("number").where == "from Platform's reflect-and-reset, 2026-12-20"


def test_a_reflect_and_reset_starts_from_what_last_cycle_worked_under():
    reader = FolderReader()
    reader.add("dep", DEPLOYMENT, team="Leadership", day="2026-10-01", decided={"kr-types": "metrics-only"})
    before = {"kr-types": asdict(Decision("kr-types", "kr-types", status="decided", choice="metrics-and-baselines",
                                          decision="metrics and baselines"))}
    reader.add("reset", REFLECTION, team="Platform", day="2026-12-20", linked="draft-1",
               previous={"decisions": before, "objectives": [], "started_at": "2026-10-03T09:00:00Z"})
    resolution = rules_of(reader, "reset")
    assert resolution.room.kr_types == frozenset({"metric", "baseline"})
    assert resolution.rule("kr-types").where == "from Platform's last cycle, 2026-10-03"


def test_later_sessions_do_not_change_an_earlier_cycle_s_rules():
    reader = FolderReader()
    reader.add("dep", DEPLOYMENT, team="Leadership", day="2026-10-01", decided={"kr-types": "metrics-only"})
    reader.add("draft", DRAFTING, team="Platform", day="2026-10-02")
    reader.add("dep2", REFLECTION, team="Leadership", day="2026-12-20", decided={"kr-types": "all-types-freely"})
    assert rules_of(reader, "draft").room.kr_types == frozenset({"metric"})
    reader.add("draft2", DRAFTING, team="Platform", day="2026-12-21")
    assert rules_of(reader, "draft2").room.kr_types == frozenset({"metric", "baseline", "milestone"})
    assert rules_of(reader, "draft2").rule("kr-types").where == "from Leadership's reflect-and-reset, 2026-12-20"


def test_a_self_guided_team_s_setup_is_not_the_company_s():
    reader = FolderReader()
    reader.add("setup", DEPLOYMENT, team="Platform", self_guided=True, decided={"kr-types": "metrics-only"})
    reader.add("draft", DRAFTING, team="Growth", day="2026-12-01")
    assert not rules_of(reader, "draft").found_any
    # a pilot team's own reflect-and-reset is not the company's either
    reader.add("dep", DEPLOYMENT, team="Leadership", day="2026-11-01", decided={"number": "two-by-three"})
    reader.add("reset", REFLECTION, team="Platform", day="2026-11-20", decided={"kr-types": "metrics-only"})
    resolution = rules_of(reader, "draft")
    assert resolution.room.max_krs == 3
    assert resolution.rule("kr-types").source is None


def test_the_record_kept_with_a_session_is_the_last_resort():
    reader = FolderReader()
    recorded = {"kr-types": asdict(Decision("kr-types", "kr-types", status="decided", choice="metrics-only",
                                            decision="metrics only"))}
    reader.add("draft", DRAFTING, team="Platform", inherited_decisions=recorded, inherited_from="gone-123")
    resolution = rules_of(reader, "draft")
    assert resolution.room.kr_types == frozenset({"metric"})
    assert resolution.rule("kr-types").where == "recorded with this session (from gone-123)"


def test_cycles_carry_points_and_find_what_a_reset_scores():
    reader = FolderReader()
    reader.add("d1", DRAFTING, team="Platform", day="2026-10-01",
               objectives=[{"id": "o1", "title": "Grow", "key_results": [{"id": "kr1", "text": "x"}]}])
    reader.add("d2", DEPLOYMENT, team="platform", day="2026-10-05",
               parking_lot=[ParkingItem("p1", "Hiring plan", resolution="carried"), ParkingItem("p2", "done",
                                                                                                 resolution="resolved")])
    reset = reader.add("reset", REFLECTION, team="Platform", day="2026-12-20")
    cycles = Cycles(reader)
    assert cycles.reflection_source(reset) == "d1", "the latest session that drafted key results"
    from_session, points = cycles.carried_points(reset)
    assert from_session == "d2" and [p["text"] for p in points] == ["Hiring plan"]
    nameless = reader.add("solo", DRAFTING, org="", team="", day="2026-12-21")
    assert Cycles(reader).carried_points(nameless) is None


def test_same_day_cycles_follow_their_links():
    reader = FolderReader()
    reader.add("b-later", REFLECTION, team="Platform", linked="a-first")
    reader.add("a-first", DEPLOYMENT, team="Platform", decided={"number": "two-by-three"})
    reader.states["a-first"].started_at = "2026-11-30T10:00:00Z"  # a skewed clock started it "after"
    ids = [s.id for s in Cycles(reader).team_sessions("Nordwind GmbH", "Platform")]
    assert ids == ["a-first", "b-later"]


def test_organization_sessions_by_team_and_company_objectives_elsewhere():
    reader = FolderReader()
    reader.add("lead", DRAFTING, team="Leadership", objectives=[
        {"id": "o1", "title": "Win the DACH market", "level": "company", "key_results": []},
        {"id": "o2", "title": "Leadership team health", "level": "team", "key_results": []}])
    platform = reader.add("plat", DRAFTING, team="Platform", day="2026-12-01")
    reader.add("other", DRAFTING, org="Other AG", team="X", objectives=[
        {"id": "o1", "title": "Not ours", "level": "company", "key_results": []}])
    cycles = Cycles(reader)
    assert list(cycles.organization_sessions("nordwind gmbh")) == ["Leadership", "Platform"]
    [company] = cycles.company_objectives(platform)
    assert (company.ref, company.title, company.team) == ("lead:o1", "Win the DACH market", "Leadership")


def test_rules_read_only_what_they_need():
    reader = FolderReader()
    for i in range(200):
        reader.add(f"s{i:03}", DRAFTING, team=f"Team {i}", day=f"2026-{1 + i % 12:02}-01")
    reader.add("dep", DEPLOYMENT, team="Leadership", day="2026-01-01", decided={"kr-types": "metrics-only"})
    reader.add("draft", DRAFTING, team="Platform", day="2026-12-31")
    reader.reads = 0
    assert rules_of(reader, "draft").room.kr_types == frozenset({"metric"})
    assert reader.reads < 10, "only the team's and the company's sessions are read, not every team's"
