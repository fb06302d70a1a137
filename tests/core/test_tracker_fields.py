"""What a tracker keys on: ids never reused, uids unique across sessions, the cycle and its dates, the
session's people, and links to the organization's company objectives checked where the file comes in."""

from __future__ import annotations

import pytest
import yaml

from facilitator.core import catalog
from facilitator.core.export import export_document, schema_problems, to_yaml
from facilitator.core.importer import ImportProblem
from facilitator.core.okr import KeyResult, Objective, uid_of
from facilitator.store import Store
from facilitator.workspace import Workspace
from tests.cycle_data import drafted_cycle


@pytest.fixture
def workspace(store, clock):
    return Workspace(store, clock=clock)


def okrs(session) -> dict:
    document = export_document(session)
    assert schema_problems(document) == []
    return yaml.safe_load(to_yaml(document))["okrs"]


def test_a_removed_key_result_s_id_is_never_given_again_and_uids_are_unique(workspace):
    drafts = drafted_cycle(workspace)
    board = drafts.board
    board.save_key_result("o1", KeyResult(board.new_key_result_id(), "Lift NPS", start=20, target=35))
    assert [k.id for k in board.objectives()[0].key_results] == ["kr1", "kr2", "kr3"]
    board.remove_key_result("kr3")
    assert board.new_key_result_id() == "kr4", "kr3 stays retired: a dismissal or a score on it cannot move over"
    board.remove_objective("o1")
    assert board.new_objective_id() == "o2"
    other = drafted_cycle(workspace)  # another session: its o1 and kr1 are other items
    uids = [x["uid"] for o in okrs(other)["objectives"] + okrs(drafts)["objectives"] for x in [o, *o["key_results"]]]
    assert len(uids) == len(set(uids)) == 3


def test_uids_survive_edits_and_import_and_old_drafts_get_a_stable_one(workspace, tmp_path):
    drafts = drafted_cycle(workspace)
    board = drafts.board
    before = okrs(drafts)["objectives"][0]
    board.save_objective(Objective("o1", "Delight first-time customers, fast", level="team", team="Platform"))
    board.save_key_result("o1", KeyResult("kr1", "Raise week-1 activation to 50%"))  # as a dialog hands it back
    after = okrs(drafts)["objectives"][0]
    assert (after["uid"], after["key_results"][0]["uid"]) == (before["uid"], before["key_results"][0]["uid"])
    with Store(tmp_path / "other" / "db.json") as other:
        imported_id = Workspace(other).import_text(to_yaml(export_document(drafts))).session_id
        again = okrs(Workspace(other).resume(imported_id))["objectives"][0]
    assert again["uid"] == after["uid"] and again["key_results"][1]["uid"] == after["key_results"][1]["uid"]
    # drafts saved before uids existed: derived from the session and the id, the same on every export
    drafts.state.objectives[0]["uid"] = ""
    assert okrs(drafts)["objectives"][0]["uid"] == uid_of(drafts.state.id, "o1") == okrs(drafts)["objectives"][0]["uid"]


def test_the_cycle_is_exported_with_its_dates_and_a_metric_is_due_at_its_end(workspace):
    drafts = drafted_cycle(workspace)
    drafts.board.save_key_result("o1", KeyResult("kr3", "Publish the pricing page", type="milestone"))
    drafts.board.save_key_result("o1", KeyResult("kr4", "Ship the API", type="milestone", due="2026-11-15"))
    section = okrs(drafts)
    assert section["cycle"] == {"label": "Quarterly, 2026-10-01 to 2026-12-31", "start": "2026-10-01",
                                "end": "2026-12-31"}
    assert [k["due"] for k in section["objectives"][0]["key_results"]] == ["2026-12-31", "2026-12-31", "",
                                                                           "2026-11-15"]
    drafting, ref = catalog.resolve("okr-drafting")
    alone = workspace.start(drafting, ref, team="Nobody decided")
    alone.board.save_objective(Objective("o1", "Be findable", key_results=[KeyResult("kr1", "Raise visits")]))
    section = okrs(alone)
    assert section["cycle"] == {"label": "", "start": None, "end": None}
    assert section["objectives"][0]["key_results"][0]["due"] == "", "no cycle dates: no due date made up"


def test_the_cycle_s_dates_come_from_the_decision_s_fields(workspace):
    deployment, ref = catalog.resolve("deployment-parameters")
    session = workspace.start(deployment, ref, organization="Acme", team="Leadership")
    session.go_to("cycle")
    session.record_decision("cycle", choice="quarterly", decision="Quarterly",
                            values={"cycle_months": 3, "start": "2027-01-04", "end": "2027-04-02"})
    assert okrs(session)["cycle"] == {"label": "Quarterly", "start": "2027-01-04", "end": "2027-04-02"}


def test_people_with_e_mails_and_objective_owners_are_exported(workspace):
    from facilitator.core.follow_up_verbs import parse_attendees

    drafts = drafted_cycle(workspace)
    drafts.set_attendees(parse_attendees("Ana Núñez, Product lead, ana@acme.example\nBo <bo@acme.example>"))
    drafts.board.save_objective(Objective("o1", "Delight first-time customers", level="team", owner="Ana, Bo"))
    document = yaml.safe_load(to_yaml(export_document(drafts)))
    assert document["session"]["attendees"] == [
        {"name": "Ana Núñez", "role": "Product lead", "email": "ana@acme.example"},
        {"name": "Bo", "role": "", "email": "bo@acme.example"}]
    objective = document["okrs"]["objectives"][0]
    assert (objective["owner"], objective["owners"]) == ("Ana, Bo", ["Ana", "Bo"])
    assert schema_problems(export_document(drafts)) == []


def _leadership_and_team(workspace):
    drafting, ref = catalog.resolve("okr-drafting")
    lead = workspace.start(drafting, ref, organization="Acme", team="Leadership")
    lead.board.save_objective(Objective("o1", "Win DACH", level="company"))
    lead.board.save_objective(Objective("o2", "Leadership health", level="team"))
    team = workspace.start(drafting, ref, organization="Acme", team="Platform")
    return lead, team


@pytest.mark.parametrize(("link", "refused"), [
    ("{lead}:o2", "is a team objective, not a company one"),
    ("{lead}:o9", "has no objective 'o9'"),
])
def test_a_link_to_another_session_s_objective_is_checked_against_the_organization(workspace, link, refused):
    lead, team = _leadership_and_team(workspace)
    team.board.save_objective(Objective("o1", "Fridays without fear", contributes_to=link.format(lead=lead.state.id)))
    text = to_yaml(export_document(team))
    with Store(workspace.db_path.parent / "second" / "db.json") as second:
        other = Workspace(second)
        other.import_text(to_yaml(export_document(lead)))
        with pytest.raises(ImportProblem, match=f"okrs/objectives/0/contributes_to: .*{refused}"):
            other.import_text(text)
        assert [s.id for s in other.sessions()] == [lead.state.id], "nothing imported"


def test_a_good_link_imports_and_one_to_a_session_not_here_is_a_note(workspace, tmp_path):
    lead, team = _leadership_and_team(workspace)
    team.board.save_objective(Objective("o1", "Win Austria", contributes_to=f"{lead.state.id}:o1"))
    text = to_yaml(export_document(team))
    with Store(tmp_path / "alone" / "db.json") as alone:
        result = Workspace(alone).import_text(text)
        assert result.changed and any(f"session '{lead.state.id}' is not here" in n for n in result.notes)
    with Store(tmp_path / "both" / "db.json") as both:
        Workspace(both).import_text(to_yaml(export_document(lead)))
        assert Workspace(both).import_text(text).notes == []


def test_import_dir_refuses_a_file_whose_link_points_at_no_company_objective(workspace, tmp_path):
    from facilitator.shared_folder import import_folder, publish

    lead, team = _leadership_and_team(workspace)
    team.board.save_objective(Objective("o1", "Serve leadership health", contributes_to=f"{lead.state.id}:o2"))
    publish(workspace, tmp_path / "shared")
    with Store(tmp_path / "fresh" / "db.json") as fresh:
        result = import_folder(Workspace(fresh), tmp_path / "shared")
        assert result.added == [lead.state.id]
        assert any("is a team objective, not a company one" in p for p in result.problems)
        assert [s.id for s in Workspace(fresh).sessions()] == [lead.state.id]
