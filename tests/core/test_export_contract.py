"""The facilitator/v1 contract: files of earlier v1 releases keep importing, `x-` keys ride along, timestamps
and references are checked, and every export says which release wrote it."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from facilitator import __version__
from facilitator.core import catalog
from facilitator.core.export import document_title, export_document, schema_problems, schema_text, to_yaml
from facilitator.core.importer import ImportProblem, import_document
from facilitator.core.records import SessionState
from facilitator.core.session import Session
from tests.conftest import MemoryStore
from tests.core.test_import import build_full_session

FIRST_RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "export-v1-first-release.yaml"


@pytest.fixture
def document(deployment, clock, wall) -> dict:
    return export_document(build_full_session(deployment, clock, wall))


def _import(document_or_text) -> dict:
    text = document_or_text if isinstance(document_or_text, str) else to_yaml(document_or_text)
    return import_document(text, existing_ids=set())


def _export(state: dict) -> dict:
    workshop, _ = catalog.resolve(state["workshop_ref"])
    return export_document(Session(workshop, SessionState.from_dict(state), MemoryStore()))


def _refused(document: dict) -> str:
    with pytest.raises(ImportProblem) as caught:
        _import(document)
    return str(caught.value)


def test_a_file_as_the_first_v1_release_wrote_it_still_imports():
    original = yaml.safe_load(FIRST_RELEASE.read_text(encoding="utf-8"))
    assert set(original) == {"format", "session", "parameters", "agenda"}, "the fixture is the first release's"
    exported = _export(_import(FIRST_RELEASE.read_text(encoding="utf-8")))
    assert schema_problems(exported) == []
    # the built-in's script now says its language (added within v1, so German and English runs tell apart)
    workshop = {**original["session"]["workshop"], "language": "en"}
    assert exported["session"] == {**original["session"], "workshop": workshop,
                                   "self_guided": False, "share_url": None,
                                   "attendees": [], "next_session": None, "language": "en",
                                   "title": document_title(original["session"])}
    for parameter, record in original["parameters"].items():
        assert {k: exported["parameters"][parameter][k] for k in record} == record
    # by step: the built-in script may order its steps differently since (performance reviews moved up)
    assert {r["step"]: (r["actual_seconds"], r["status"]) for r in exported["agenda"]} == \
           {r["step"]: (r["actual_seconds"], r["status"]) for r in original["agenda"]}
    # the documented defaults of what later releases added
    assert exported["actions"] == [] and exported["parking_lot"] == []
    assert exported["okrs"]["objectives"] == [] and exported["okrs"]["inherited_decisions"] == {}
    assert exported["okrs"]["rules_from"] == original["session"]["id"]
    assert exported["reflection"] == {"previous_session": None, "key_results": []}


def test_sections_added_within_v1_are_optional(document):
    for section in ("actions", "parking_lot", "okrs", "reflection", "writer"):
        trimmed = {k: v for k, v in document.items() if k != section}
        assert schema_problems(trimmed) == [], section
        _import(trimmed)
    for key in ("inherited_decisions", "rules_from", "findings", "dismissed"):
        trimmed = copy.deepcopy(document)
        del trimmed["okrs"][key]
        assert schema_problems(trimmed) == [], key


def test_every_export_names_the_release_that_wrote_it(document):
    assert document["writer"] == {"name": "facilitator", "version": __version__}
    assert list(document)[:2] == ["format", "writer"]


def _objects(schema: dict, where: str = ""):
    if isinstance(schema, dict):
        if schema.get("type") == "object" or "properties" in schema:
            yield where, schema
        for key, value in schema.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from _objects(value, f"{where}/{i}")


def test_every_object_of_the_schema_allows_x_keys():
    schema = json.loads(schema_text())
    objects = list(_objects(schema))
    assert len(objects) > 15
    for where, node in objects:
        assert node.get("patternProperties") == {"^x-": {}}, where


def test_x_keys_anywhere_are_kept_through_import_and_export_even_when_the_board_moves(document):
    marked = copy.deepcopy(document)
    marked["x-tracker"] = {"sync": 3}
    marked["session"]["x-tracker-id"] = "S-1"
    marked["parameters"]["cycle"]["x-note"] = "from the wiki"
    marked["agenda"][2]["x-slide"] = 7
    marked["actions"][0]["x-jira"] = "OPS-12"
    objectives = marked["okrs"]["objectives"]
    objectives[1]["x-jira"] = "OKR-2"
    objectives[1]["key_results"][0]["x-jira"] = "KR-21"
    assert schema_problems(marked) == []
    state = _import(marked)
    assert _export(state) == marked
    # the tracker's ids stay on their objective and key result when the board is reordered
    state["objectives"].reverse()
    again = _export(state)
    moved = next(o for o in again["okrs"]["objectives"] if o["id"] == objectives[1]["id"])
    assert moved["x-jira"] == "OKR-2" and moved["key_results"][0]["x-jira"] == "KR-21"
    assert again["okrs"]["objectives"][1].get("x-jira") is None


def test_an_x_key_written_with_an_escape_is_kept_too(document):
    """The reader skips looking for x- keys in a file that has no `x-` in it: a key spelled with an escape
    ("\\x78-jira" is "x-jira") still counts, and a file without any gives a session without any."""
    text = to_yaml(document).replace("format: facilitator/v1\n", 'format: facilitator/v1\n"\\x78-jira": OPS-7\n', 1)
    assert "x-" not in text
    assert _export(_import(text))["x-jira"] == "OPS-7"
    assert _import(document)["extensions"] == {}


def test_timestamps_with_offsets_and_fractions_are_read_as_utc(document):
    shifted = copy.deepcopy(document)
    shifted["session"]["started_at"] = "2026-11-26T10:00:00.734+01:00"
    shifted["actions"][0]["created_at"] = "2026-11-26T04:05:06-05:00"
    state = _import(shifted)
    assert state["started_at"] == "2026-11-26T09:00:00Z"
    assert state["actions"][0]["created_at"] == "2026-11-26T09:05:06Z"
    assert "not valid" not in " ".join(schema_problems(shifted))
    shifted["session"]["updated_at"] = "26/11/2026 09:00"
    assert _refused(shifted).startswith("session/updated_at:")


def test_references_and_values_are_checked_with_the_field_path(document):
    bad = copy.deepcopy(document)
    bad["okrs"]["objectives"][1]["contributes_to"] = "o-gone"
    assert _refused(bad) == "okrs/objectives/1/contributes_to: 'o-gone' is not an objective of this session"
    bad = copy.deepcopy(document)
    bad["okrs"]["objectives"][0]["key_results"][1]["confidence"] = 7
    assert _refused(bad).startswith("okrs/objectives/0/key_results/1/confidence: 7 is outside the room's "
                                   "confidence scale (0-1)")
    bad = copy.deepcopy(document)
    bad["okrs"]["objectives"][1]["key_results"][1]["due"] = "end of January"
    assert _refused(bad) == "okrs/objectives/1/key_results/1/due: 'end of January' is not a date like 2026-12-31"
    bad["okrs"]["objectives"][1]["key_results"][1]["due"] = "20270131"  # the board refuses it, so import does
    assert _refused(bad) == "okrs/objectives/1/key_results/1/due: '20270131' is not a date like 2026-12-31"
    bad = copy.deepcopy(document)
    bad["actions"][0]["due"] = "2026-13-01"
    assert _refused(bad) == "actions/0/due: '2026-13-01' is not a date like 2026-12-31"


def test_every_key_of_the_schema_is_documented():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "export-format.md").read_text(encoding="utf-8")
    keys = {key for _, node in _objects(json.loads(schema_text())) for key in node.get("properties", {})}
    assert len(keys) > 60
    assert sorted(k for k in keys if f"`{k}`" not in docs) == []


def test_the_rules_in_force_and_every_owner_are_values_a_tracker_can_use(document):
    rules = document["okrs"]["rules"]
    assert rules["scale"] == {"name": "0-1", "min": 0.0, "max": 1.0}
    assert (rules["max_objectives"], rules["min_krs"], rules["max_krs"]) == (2, 2, 3)
    assert rules["alignment_required"] is True and rules["cycle_months"] is not None
    owners = {kr["id"]: kr["owners"] for o in document["okrs"]["objectives"] for kr in o["key_results"]}
    assert owners["kr4"] == ["Dan", "Eve"] and owners["kr1"] == ["Ana"]


@pytest.mark.parametrize(("written", "names"), [("", []), ("Ana", ["Ana"]), ("Ana, Bo and Cleo", ["Ana", "Bo", "Cleo"]),
                                                ("Ana & Bo / Cy", ["Ana", "Bo", "Cy"]), ("Andrea", ["Andrea"])])
def test_owner_names(written, names):
    from facilitator.core.okr import owner_names

    assert owner_names(written) == names
