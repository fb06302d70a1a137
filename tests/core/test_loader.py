"""The workshop loader reports every problem with its file, line and column."""

from __future__ import annotations

import stat
import textwrap
from pathlib import Path

import pytest

from facilitator.core import catalog
from facilitator.core.loader import WorkshopError, load_workshop, parse_workshop
from facilitator.core.parameters import PARAMETER_IDS

GOOD = """\
id: mini
title: Mini workshop
version: "1.0"
description: Two steps.
steps:
  - id: welcome
    title: Welcome
    kind: intro
    timebox: 10
    prompt: Why are we here?
    notes: Keep it short.
    questions:
      - What do you want from today?
  - id: cycle
    title: Cycle length
    kind: decision
    parameter: cycle
    timebox: 20
    prompt: How long is a cycle?
    options:
      - id: quarterly
        label: Quarterly
        tradeoffs: Fast learning.
        default: true
      - id: four-months
        label: Four months
        tradeoffs: Room for bigger outcomes.
"""


def problems(text: str) -> list[str]:
    with pytest.raises(WorkshopError) as info:
        parse_workshop(text, "w.yaml")
    return [str(p) for p in info.value.problems]


def test_a_valid_workshop_loads_into_the_model():
    workshop = parse_workshop(GOOD, "w.yaml")
    assert [s.id for s in workshop.steps] == ["welcome", "cycle"]
    assert workshop.planned_seconds == 30 * 60
    cycle = workshop.step("cycle")
    assert cycle.parameter == "cycle"
    assert cycle.default_option.id == "quarterly"
    assert workshop.step("welcome").notes == "Keep it short."


def test_invalid_yaml_points_at_the_line():
    found = problems(GOOD.replace("title: Welcome", "title: [Welcome"))
    assert len(found) == 1
    assert found[0].startswith("w.yaml:8:") and "invalid YAML" in found[0]


def test_unknown_key_is_reported_at_the_key_with_a_suggestion():
    found = problems(GOOD.replace("    timebox: 10\n", "    timbox: 10\n"))
    assert "w.yaml:9:5: step 'welcome': unknown key 'timbox' (did you mean 'timebox'?)" in found
    assert "w.yaml:6:5: step 'welcome': missing required key 'timebox'" in found


def test_missing_top_level_field():
    found = problems(GOOD.replace('version: "1.0"\n', ""))
    assert found == ["w.yaml:1:1: missing required key 'version'"]


def test_wrong_type_names_what_was_expected():
    found = problems(GOOD.replace("timebox: 20", "timebox: twenty"))
    assert found == ["w.yaml:18:14: step 'cycle': 'timebox' must be a number, not text"]


def test_duplicate_step_id():
    found = problems(GOOD.replace("  - id: cycle\n", "  - id: welcome\n"))
    assert "w.yaml:14:9: duplicate step id 'welcome' (first used by step 1)" in found


def test_unknown_parameter_id_suggests_the_real_one():
    found = problems(GOOD.replace("parameter: cycle", "parameter: cycles"))
    assert found == ["w.yaml:17:16: step 'cycle': unknown parameter id 'cycles' (did you mean 'cycle'?)"]


@pytest.mark.parametrize("value", ["0", "-5"])
def test_non_positive_timebox(value):
    found = problems(GOOD.replace("timebox: 10", f"timebox: {value}"))
    assert found == [f"w.yaml:9:14: step 'welcome': 'timebox' must be a positive number of minutes, not {value}"]


def test_every_problem_is_reported_in_one_pass_in_file_order():
    text = GOOD.replace("timebox: 10", "timebox: 0").replace("parameter: cycle", "parameter: nope")
    text = text.replace("  - id: cycle\n", "  - id: welcome\n")
    found = problems(text)
    assert len(found) == 3
    assert [int(p.split(":")[1]) for p in found] == sorted(int(p.split(":")[1]) for p in found)


def test_decision_step_needs_exactly_one_default():
    found = problems(GOOD.replace("        default: true\n", ""))
    assert any("mark exactly one option 'default: true'" in p and p.startswith("w.yaml:20:") for p in found)


def test_options_are_only_for_decision_steps():
    text = GOOD.replace("    kind: decision\n", "    kind: discussion\n")
    found = problems(text)
    assert "w.yaml:17:5: step 'cycle': 'parameter' is only allowed on decision steps " \
           "(this step's kind is 'discussion')" in found


def test_duplicate_keys_are_not_silently_dropped():
    twice = "    prompt: Why are we here?\n    prompt: Again\n"
    found = problems(GOOD.replace("    prompt: Why are we here?\n", twice))
    assert "w.yaml:11:5: duplicate key 'prompt'" in found


def test_aliases_are_refused():
    text = GOOD.replace("notes: Keep it short.", "notes: &n Keep it short.")
    found = problems(text)
    assert len(found) == 1 and "anchors" in found[0]


def test_a_missing_file_is_one_clear_problem(tmp_path: Path):
    with pytest.raises(WorkshopError) as info:
        load_workshop(tmp_path / "nope.yaml")
    assert str(info.value) == f"{tmp_path / 'nope.yaml'}:1:1: no such file"


def test_empty_file(tmp_path: Path):
    path = tmp_path / "empty.yaml"
    path.write_text("")
    with pytest.raises(WorkshopError, match="the file is empty"):
        load_workshop(path)


def test_a_list_instead_of_a_mapping():
    assert problems("- a\n- b\n") == ["w.yaml:1:1: a workshop must be a mapping of keys, not a list"]


def test_unicode_and_long_text_load_unchanged():
    long_prompt = "Pourquoi maintenant ? Ünïcödé — 目標と成果 " * 200
    text = GOOD.replace("prompt: Why are we here?", f"prompt: {long_prompt.strip()}")
    workshop = parse_workshop(text)
    assert workshop.step("welcome").prompt == long_prompt.strip()


def test_built_in_deployment_workshop_covers_all_ten_parameters_with_the_contested_one_before_the_break(deployment):
    parameters = [s.parameter for s in deployment.steps if s.parameter]
    assert sorted(parameters) == sorted(PARAMETER_IDS) and len(parameters) == len(PARAMETER_IDS)
    assert [s.id for s in deployment.decision_steps] == parameters
    # the decision that splits rooms gets 20 minutes, and the break right after it absorbs an overrun
    ids = [s.id for s in deployment.steps]
    assert ids[ids.index("performance-reviews") + 1] == "break"
    assert deployment.step("performance-reviews").timebox == 20
    assert 180 * 60 <= deployment.planned_seconds <= 240 * 60
    for step in deployment.decision_steps:
        assert 2 <= len(step.questions) <= 4, step.id
        assert 2 <= len(step.options) <= 5, step.id
        assert step.notes and step.prompt, step.id
        assert all(o.tradeoffs for o in step.options)
    kinds = [s.kind for s in deployment.steps]
    assert kinds[0] == "intro" and kinds[-1] == "wrap-up" and "break" in kinds


def test_the_documented_example_is_valid():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "workshop-format.md").read_text()
    example = doc.split("## Example")[1].split("```yaml\n")[1].split("```")[0]
    workshop = parse_workshop(textwrap.dedent(example))
    assert workshop.id == "mini-deployment"


@pytest.mark.parametrize("value, expected", [
    (".nan", "w.yaml:9:14: '.nan' is not a usable number here"),
    ("-.inf", "w.yaml:9:14: '-.inf' is not a usable number here"),
    ("1" + "0" * 5000, "w.yaml:9:14: a number of 5,001 characters; write a real one"),
])
def test_numbers_that_would_break_the_clock_are_refused_where_they_are(value, expected):
    assert problems(GOOD.replace("timebox: 10", f"timebox: {value}")) == [expected]


def test_a_control_character_is_located():
    assert problems(GOOD.replace("Why are we here?", "Why are\x00 we here?")) == [
        "w.yaml:10:20: invalid YAML: a control character (code 0) cannot appear in a YAML file"]


def test_deep_nesting_is_refused_not_a_crash():
    assert problems("[" * 5000 + "]" * 5000) == ["w.yaml:1:1: invalid YAML: nested more than 40 levels deep"]
    assert problems("a: " + "[" * 45 + "]" * 45)[0].endswith("nested more than 40 levels deep")


def test_ids_and_kinds_of_the_wrong_type_are_described_not_crashed_on():
    text = GOOD.replace("      - id: quarterly", "      - id: [q]").replace("kind: intro", "kind: [intro]")
    found = problems(text)
    assert "w.yaml:21:13: step 'cycle', option 1: 'id' must be text, not a list" in found
    assert any(p.startswith("w.yaml:8:11: step 'welcome': unknown 'kind'") for p in found)


def test_blank_and_overlong_titles_are_refused():
    assert problems(GOOD.replace("title: Welcome", 'title: "   "')) == [
        "w.yaml:7:12: step 'welcome': 'title' must not be blank"]
    found = problems(GOOD.replace("title: Welcome", f"title: {'Welcome ' * 20}"))
    assert found == ["w.yaml:7:12: step 'welcome': 'title' is 159 characters long; keep it under 120 so it fits "
                     "the screen (put the rest in the prompt)"]


def test_keys_that_are_not_text_are_located_and_true_repeating_1_is_a_duplicate():
    found = problems(GOOD.replace('version: "1.0"\n', 'version: "1.0"\nnull: 3\n1: 2\ntrue: 4\n'))
    assert ("w.yaml:4:1: unknown key 'None'; allowed: id, title, version, language, description, share_url, "
            "auto_start, dots, steps, self_guided") in found
    assert "w.yaml:6:1: duplicate key 'true'" in found


def test_cached_copies_of_workshop_files_are_private_and_pruned(tmp_path, monkeypatch):
    from facilitator.core import workshop_cache

    monkeypatch.delenv("FACILITATOR_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = (catalog.builtin_dir() / "coach-training.yaml").read_text()
    for n in range(workshop_cache.ENTRIES_KEPT + 5):
        path = tmp_path / f"w{n}.yaml"
        path.write_text(source.replace("title:", f"title: Copy {n} of", 1) if n else source)
        load_workshop(path)
    folder = tmp_path / "cache" / "facilitator" / "workshops"
    entries = list(folder.iterdir())
    assert len(entries) == workshop_cache.ENTRIES_KEPT, "only the most recently used few are kept"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in entries} == {0o600}


def test_a_cache_folder_others_can_read_is_not_trusted_and_made_private_again(tmp_path, monkeypatch):
    from facilitator.core import workshop_cache

    monkeypatch.delenv("FACILITATOR_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "facilitator" / "workshops"
    text = (catalog.builtin_dir() / "coach-training.yaml").read_text()
    workshop_cache.put(text, {"id": "cached"})
    assert workshop_cache.get(text) == {"id": "cached"}
    folder.chmod(0o755)  # anyone could have planted an entry: validate afresh
    assert workshop_cache.get(text) is None
    workshop_cache.put(text, {"id": "cached"})
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and workshop_cache.get(text) == {"id": "cached"}


def test_hundreds_of_thousands_of_items_are_refused_by_count_before_parsing(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("id: huge\nsteps:\n" + "  - 1\n" * 300_000)
    with pytest.raises(WorkshopError) as info:
        load_workshop(path)
    assert "file is too large (300,002 lines" in str(info.value)
    flow = tmp_path / "flow.yaml"
    flow.write_text("steps: [" + "1," * 400_000 + "1]")
    with pytest.raises(WorkshopError, match="400,000 commas"):
        load_workshop(flow)


def test_every_step_kind_has_one_label_that_the_coach_s_and_the_room_s_headings_share():
    from facilitator.core import catalog
    from facilitator.core.room_view import room_step
    from facilitator.core.session import Session
    from facilitator.core.workshop import STEP_KIND_LABELS, STEP_KINDS, step_kind_label
    from facilitator.render.step_text import step_heading

    assert set(STEP_KIND_LABELS) == set(STEP_KINDS), "a new kind of step needs its label"
    workshop, _ = catalog.resolve("deployment-parameters")
    step = workshop.step("cycle")
    assert step_kind_label(step) == "Decision: Cycle length"
    from tests.conftest import MemoryStore

    state = Session.start(workshop, MemoryStore(), workshop_ref="deployment-parameters").state
    assert room_step(workshop, state, step).kind == step_kind_label(step)
    assert step_heading(step, 4, 16) == f"5/16 · {step_kind_label(step)}"
