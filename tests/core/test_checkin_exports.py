"""A check-in's record: the v1 YAML carries it and import brings it back whole; the CSV has one row per key
result per check-in; the follow-up shows the table with its trend."""

from __future__ import annotations

import csv
import io

import pytest
import yaml

from facilitator.core.export import export_document, schema_problems, to_yaml
from facilitator.core.export_formats import ExportOptions, render
from facilitator.workspace import Workspace
from tests.cycle_data import drafted_cycle, start_check_in


@pytest.fixture
def workspace(store, clock):
    return Workspace(store, clock=clock)


def two_check_ins(workspace):
    drafted_cycle(workspace)
    first = start_check_in(workspace)
    first.check_ins.record("kr1", value=35, confidence=0.8, note="onboarding email drafted")
    second = start_check_in(workspace)
    second.check_ins.record("kr1", value=36, confidence=0.4, blockers=[("=HYPERLINK(\"x\")", "Ana")])
    second.check_ins.record("kr2", value=118, confidence=0.3)
    return first, second


def test_the_yaml_carries_the_check_in_and_import_round_trips_it(workspace):
    _, second = two_check_ins(workspace)
    document = export_document(second)
    assert schema_problems(document) == []
    section = document["check_in"]
    assert [e["key_result"] for e in section["key_results"]] == ["kr1", "kr2"]
    assert section["history"][0]["key_results"][0]["confidence"] == 0.8
    text = to_yaml(document)
    from facilitator.core.importer import import_document

    state = import_document(text, existing_ids=set())
    assert state["check_in"] == second.state.check_in


def test_a_session_without_a_check_in_exports_no_check_in_section(workspace):
    drafts = drafted_cycle(workspace)
    assert "check_in" not in export_document(drafts)


def test_the_csv_has_one_row_per_key_result_per_check_in(workspace):
    _, second = two_check_ins(workspace)
    rows = list(csv.DictReader(io.StringIO(render("csv", export_document(second), ExportOptions()))))
    assert [(r["check_in"], r["key_result_id"], r["value"], r["confidence"]) for r in rows] == [
        ("1", "kr1", "35", "0.8"), ("2", "kr1", "36", "0.4"), ("2", "kr2", "118", "0.3")]
    assert rows[1]["status"] and rows[1]["unit"] == "%"
    assert rows[1]["blockers"].startswith("'=HYPERLINK"), "a blocker cannot run as a formula in a spreadsheet"


def test_the_follow_up_shows_where_each_key_result_stands_with_its_trend(workspace):
    _, second = two_check_ins(workspace)
    text = render("markdown", export_document(second), ExportOptions())
    assert "## Where the key results stand" in text
    assert "| Raise week-1 activation | 36 % | 0.4 |" in text
    assert "check-in 2 of this cycle" in text
    assert yaml.safe_load(to_yaml(export_document(second)))["check_in"]["cycle"]["start"] == "2026-10-01"
