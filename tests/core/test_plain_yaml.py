"""The one-pass reading of plain YAML files (an import of a shared folder reads a thousand): it gives exactly the
values the careful path gives, and never accepts a file the careful path refuses; anything unusual goes the
careful way."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.core import catalog
from facilitator.core.export import export_document, to_yaml
from facilitator.core.located_yaml import _UNUSUAL, YamlProblem, _plain_data, load
from facilitator.core.session import Session
from tests.conftest import MemoryStore


def careful(text: str):
    try:
        return load(text).data, None
    except YamlProblem as exc:
        return None, exc.problem.message


def same_as_careful(text: str) -> bool:
    """True when the one pass read the file; then it must have read what the careful path reads."""
    fast = _plain_data(text)
    data, refused = careful(text)
    if fast is _UNUSUAL:
        return False
    assert refused is None, f"the one pass accepted what the careful path refuses: {refused}"
    assert repr(fast) == repr(data)  # the same values and the same types (1, 1.0 and True differ)
    return True


def test_exports_and_workshop_scripts_are_read_in_one_pass_as_the_careful_path_reads_them():
    workshop, ref = catalog.resolve("okr-drafting")
    session = Session.start(workshop, MemoryStore(), workshop_ref=ref, organization="Nordwind", team="R&D: *all*")
    assert same_as_careful(to_yaml(export_document(session)))
    for entry in catalog.list_builtin():
        assert same_as_careful(entry.path.read_text(encoding="utf-8")), entry.ref


def test_numbers_booleans_and_nothing_are_what_the_safe_loader_makes_of_them():
    text = ("a: 1\nb: 1.5\nc: true\nd: ~\ne: ''\nf: 'yes'\ng: yes\nh: 0x1F\ni: 1_000\nj: -.5\nk: 0o17\nl: 012\n"
            "m: +1\nn: 1e3\no: 1.0e+3\np: [1, {x: y}]\nq: {}\nr: []\ns: \"\\u00e9\\n\"\nt: |\n  two\n  lines\n")
    assert same_as_careful(text)
    assert _plain_data(text)["n"] == "1e3" and _plain_data(text)["o"] == 1000.0


def test_what_is_unusual_goes_the_careful_way():
    for text in ("a: &x 1\nb: *x\n", "a: &x 1\n", "a: 1\na: 2\n", "1: a\ntrue: b\n", "<<: {a: 1}\n", "a: !!str 1\n",
                 "--- 1\n--- 2\n", "", "? [a]\n: 1\n", "a: .nan\n", "a: .inf\n", "a: " + "1" * 50 + "\n",
                 "a: " + "[" * 45 + "]" * 45, "a: 2026-01-01\n", "a: b: c\n", "a: \x00\n", "[" * 5000):
        assert _plain_data(text) is _UNUSUAL, text[:40]


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                    st.text(max_size=8), st.sampled_from(["yes", "No", "~", "null", "0x1F", "012", "1e3", "<<", "=",
                                                          "2026-01-01", "- a", ": b", "&x", "*x", "!t", "#"]))
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.one_of(st.text(max_size=5), st.integers()), inner, max_size=4),
                    max_leaves=25)


@settings(max_examples=300, deadline=None)  # a loaded CI machine is slow, not wrong
@given(DATA, st.sampled_from([False, True, None]))
def test_any_data_written_as_yaml_is_read_back_as_the_careful_path_reads_it(data, flow):
    same_as_careful(yaml.safe_dump({"root": data}, default_flow_style=flow, allow_unicode=True))


YAMLISH = st.lists(st.sampled_from(["a", "b", "1", "1.5", ":", ": ", "- ", "\n", "  ", "[", "]", "{", "}", ",", "'",
                                    '"', "&x ", "*x", "!!str ", "<<", "? ", "---\n", "~", "true", "#", "|\n", ".nan"]),
                   max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(YAMLISH)
def test_the_one_pass_never_accepts_what_the_careful_path_refuses(text):
    same_as_careful(text)
