"""The 10 parameter ids are written once, in core/parameters.py; both JSON Schemas must say the same, so a
tool validating an export or a workshop file never disagrees with the app on what a parameter is."""

from __future__ import annotations

import json
from importlib import resources

from facilitator.core.parameters import PARAMETER_IDS


def schema(name: str) -> dict:
    return json.loads(resources.files("facilitator").joinpath("schemas", name).read_text(encoding="utf-8"))


def test_the_export_schema_requires_exactly_the_parameters_in_order():
    parameters = schema("export-v1.schema.json")["properties"]["parameters"]
    assert tuple(parameters["required"]) == PARAMETER_IDS
    assert tuple(parameters["properties"]) == PARAMETER_IDS
    assert parameters["additionalProperties"] is False


def test_the_workshop_schema_offers_exactly_the_parameters():
    enums = [e for e in _enums(schema("workshop.schema.json")) if "level" in e]
    assert enums, "the workshop schema names no parameter ids"
    assert all(tuple(e) == PARAMETER_IDS for e in enums), enums


def _enums(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "enum" and isinstance(value, list):
                yield value
            else:
                yield from _enums(value)
    elif isinstance(node, list):
        for item in node:
            yield from _enums(item)
