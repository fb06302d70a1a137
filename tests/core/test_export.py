from __future__ import annotations

import yaml

from facilitator.core.export import FORMAT, export_document, to_yaml
from facilitator.core.parameters import PARAMETER_IDS
from facilitator.core.session import Session
from tests.conftest import MemoryStore


def test_export_has_every_parameter_and_every_step(deployment, clock, wall):
    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", organization="Acme",
                            team="Leadership", facilitator="Kim", clock=clock, wall_clock=wall)
    session.go_to("level")
    session.record_decision("level", choice="company-and-pilots" if deployment.step("level").option(
        "company-and-pilots") else deployment.step("level").default_option.id, decision="Company + 2 pilots",
        rationale="Learn small", owner="Kim")
    session.next_step()  # passed with n: done; a step only jumped away from is not
    session.go_to("kpis")
    session.record_decision("kpis", choice=None, decision="", status="parked")
    doc = yaml.safe_load(to_yaml(export_document(session)))
    assert doc["format"] == FORMAT
    assert doc["session"]["organization"] == "Acme"
    assert doc["session"]["workshop"] == {"id": "deployment-parameters", "title": deployment.title,
                                          "version": deployment.version, "language": "en"}
    assert list(doc["parameters"]) == list(PARAMETER_IDS)
    assert doc["parameters"]["level"]["status"] == "decided"
    assert doc["parameters"]["level"]["rationale"] == "Learn small"
    assert doc["parameters"]["kpis"]["status"] == "parked"
    assert doc["parameters"]["cycle"] == {"status": "open", "choice": None, "decision": "", "rationale": "",
                                          "owner": "", "decided_at": None, "consensus": None, "revisit": None,
                                          "by_when": None}
    assert [a["step"] for a in doc["agenda"]] == [s.id for s in deployment.steps]
    statuses = {a["step"]: a["status"] for a in doc["agenda"]}
    assert statuses["kpis"] == "current" and statuses["level"] == "done"
    assert set(statuses.values()) <= {"done", "current", "pending"}


def test_facilitator_notes_never_reach_the_export(deployment):
    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters")
    text = to_yaml(export_document(session))
    for step in deployment.steps:
        if len(step.notes) > 40:
            assert step.notes[:40] not in text


def test_unicode_survives_the_export(deployment):
    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", team="Équipe 目標")
    session.go_to("level")
    session.record_decision("level", choice=None, decision="Entreprise — d'abord\nthen teams")
    doc = yaml.safe_load(to_yaml(export_document(session)))
    assert doc["session"]["team"] == "Équipe 目標"
    assert doc["parameters"]["level"]["decision"] == "Entreprise — d'abord\nthen teams"


def test_every_export_conforms_to_the_shipped_schema(deployment, clock, wall):
    from facilitator.core.export import schema_problems

    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", clock=clock,
                            wall_clock=wall)
    assert schema_problems(yaml.safe_load(to_yaml(export_document(session)))) == []
    for step in deployment.decision_steps:
        session.go_to(step.id)
        session.toggle_timer()
        clock.advance(100)
        session.record_decision(step.parameter, choice=step.options[-1].id, decision="", rationale="r", owner="o")
    session.record_decision("kpis", choice=None, decision="", status="parked")
    document = yaml.safe_load(to_yaml(export_document(session)))
    assert schema_problems(document) == []
    document["parameters"]["level"]["status"] = "maybe"
    assert schema_problems(document) == ["parameters/level/status: 'maybe' is not one of ['decided', 'parked', 'open']"]


def test_schema_command_prints_valid_json(capsys):
    import json

    from facilitator.cli import main

    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"].startswith("facilitator session export")


def test_okr_drafts_findings_and_dismissals_are_exported(deployment, clock, wall):
    from facilitator.core.export import schema_problems
    from facilitator.core.okr import KeyResult, Objective

    session = Session.start(deployment, MemoryStore(), workshop_ref="deployment-parameters", clock=clock,
                            wall_clock=wall)
    board = session.board
    board.save_objective(Objective("o1", "Delight first-time customers", why_now="Churn doubled", level="company"))
    board.save_key_result("o1", KeyResult("kr1", "Launch the new onboarding flow", type="metric", owner="Ana"))
    findings = board.findings()
    assert any(f.check_id == "kr-task-like" and f.target_id == "kr1" for f in findings)
    board.dismiss("kr-task-like", "kr1", "The room agreed it is a stepping stone this cycle")
    doc = yaml.safe_load(to_yaml(export_document(session)))
    assert schema_problems(doc) == []
    assert doc["okrs"]["objectives"][0]["key_results"][0]["text"] == "Launch the new onboarding flow"
    assert doc["okrs"]["dismissed"][0]["reason"] == "The room agreed it is a stepping stone this cycle"
    assert all(f["check"] != "kr-task-like" for f in doc["okrs"]["findings"])
