"""The coach measured on labelled corpora of real drafts, one per language (tests/corpus/drafts*.yaml).

A flawed draft counts as caught when a check whose intent matches its flaw speaks about the item that
carries the flaw; a good draft counts as a false alarm when any warning or problem is raised on it. The
report (run with -s to see it) gives recall and false alarms per category, for the drafts looked at while
writing the checks and for the held-out ones. Each corpus is checked in its own language as the session's,
with the same bars: English (drafts.yaml), German, French and Spanish (drafts-de/-fr/-es.yaml).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from facilitator.core.okr import Objective, RoomRules
from facilitator.core.okr_checks import BY_ID, run_checks

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
CORPORA = {"en": CORPUS_DIR / "drafts.yaml", "de": CORPUS_DIR / "drafts-de.yaml", "fr": CORPUS_DIR / "drafts-fr.yaml",
           "es": CORPUS_DIR / "drafts-es.yaml"}
MIN_DRAFTS = {"en": 150, "de": 60, "fr": 60, "es": 60}

# The checks whose intent matches each flaw: what a coach would call the same problem.
INTENT: dict[str, set[str]] = {
    "task-not-outcome": {"kr-task-like", "objective-is-a-project", "milestone-task-like"},
    "output-not-outcome": {"kr-output", "kr-task-like"},
    "vague-verb": {"vague-verb"},
    "no-measurable-target": {"kr-no-target", "vague-verb"},
    "no-baseline": {"kr-no-baseline"},
    "binary-milestone": {"kr-binary", "milestone-task-like", "milestone-not-allowed", "milestone-no-due"},
    "kpi-in-disguise": {"kpi-in-disguise", "target-equals-start"},
    "compound": {"kr-compound"},
    "not-ambitious": {"kr-not-ambitious", "target-equals-start"},
    "duplicate": {"duplicate-key-result", "duplicate-objective"},
    "no-owner": {"kr-no-owner", "kr-owner-not-a-person", "kr-several-owners"},
    "numbers-in-objective": {"objective-has-numbers"},
    "objective-vague": {"objective-vague"},
    "objective-too-long": {"objective-too-long"},
    "unrealistic-stretch": {"kr-unrealistic-stretch"},
}
RECALL_BAR = 0.85
CATEGORY_BAR = 0.75
FALSE_ALARM_BAR = 0.10


def _load(language: str = "en") -> dict:
    return yaml.safe_load(CORPORA[language].read_text(encoding="utf-8"))


def _objective(data: dict, id: str) -> Objective:
    krs = [{"id": f"{id}-k{i}", **kr} for i, kr in enumerate(data.get("key_results") or [], 1)]
    return Objective.from_dict({**data, "id": id, "key_results": krs})


def _board(draft: dict) -> tuple[list[Objective], Objective]:
    extra = [_objective(o, o.get("id", f"x{i}")) for i, o in enumerate(draft.get("extra") or [])]
    main = _objective({**draft["objective"], "key_results": draft["key_results"]}, "o1")
    return [*extra, main], main


def _target(draft: dict, main: Objective) -> str:
    where = draft["flaw_on"]
    return main.id if where == "objective" else f"{main.id}-{where}"


def evaluate(drafts: list[dict], language: str = "en") -> dict[str, dict[str, int]]:
    """Per category: how many drafts, and how many caught (flaws) or flagged (good and borderline)."""
    tally: dict[str, dict[str, int]] = defaultdict(lambda: {"drafts": 0, "hits": 0})
    for draft in drafts:
        objectives, main = _board(draft)
        findings = run_checks(objectives, RoomRules(), language=language)
        category = draft["category"]
        tally[category]["drafts"] += 1
        if category in INTENT:
            target = _target(draft, main)
            hit = any(f.check_id in INTENT[category] and f.target_id == target for f in findings)
        else:
            ours = {main.id, *(kr.id for kr in main.key_results)}
            hit = any(f.severity in ("problem", "warning") and f.target_id in ours for f in findings)
        tally[category]["hits"] += hit
    return tally


def report(title: str, tally: dict[str, dict[str, int]]) -> str:
    lines = [title, f"  {'category':<24}{'drafts':>7}{'flagged':>9}{'rate':>8}"]
    for category in [*INTENT, "good", "borderline"]:
        if category in tally:
            t = tally[category]
            what = "false alarms" if category == "good" else ("flagged" if category == "borderline" else "recall")
            lines.append(f"  {category:<24}{t['drafts']:>7}{t['hits']:>9}{t['hits'] / t['drafts']:>8.0%}  {what}")
    flawed = [t for c, t in tally.items() if c in INTENT]
    caught, total = sum(t["hits"] for t in flawed), sum(t["drafts"] for t in flawed)
    lines.append(f"  all flaws: {caught}/{total} = {caught / total:.0%} recall")
    return "\n".join(lines)


def _split(name: str, language: str = "en") -> list[dict]:
    return [d for d in _load(language)["drafts"] if d["split"] == name]


@pytest.mark.parametrize("language", CORPORA)
def test_the_corpus_is_labelled_and_cited(language):
    corpus = _load(language)
    drafts = corpus["drafts"]
    assert corpus.get("language", "en") == language
    assert len(drafts) >= MIN_DRAFTS[language]
    assert len({d["id"] for d in drafts}) == len(drafts)
    for d in drafts:
        assert d["source"] in corpus["sources"], f"{d['id']}: cite a source listed in `sources`"
        assert d["category"] in (*INTENT, "good", "borderline"), d["id"]
        assert d["split"] in ("dev", "holdout"), d["id"]
        if d["category"] in INTENT:
            assert d["flaw_on"] == "objective" or d["flaw_on"].startswith("k"), d["id"]
    assert {d["category"] for d in drafts} >= {*INTENT, "good", "borderline"}, "every category has drafts"
    for checks in INTENT.values():
        assert checks <= set(BY_ID), "every category is matched by registered checks"


@pytest.mark.parametrize("split", ["dev", "holdout", "all"])
@pytest.mark.parametrize("language", CORPORA)
def test_the_coach_catches_flaws_and_leaves_good_drafts_alone(language, split, capsys):
    drafts = _load(language)["drafts"] if split == "all" else _split(split, language)
    tally = evaluate(drafts, language)
    with capsys.disabled():
        print("\n" + report(f"coach on the {split} drafts in {language} ({len(drafts)})", tally))
    flawed = {c: t for c, t in tally.items() if c in INTENT}
    caught, total = sum(t["hits"] for t in flawed.values()), sum(t["drafts"] for t in flawed.values())
    assert caught / total >= RECALL_BAR, f"recall {caught}/{total}"
    if split == "holdout":
        return  # too few drafts per category (one good draft is 11%) to hold it to the per-category bars
    good = tally["good"]
    assert good["hits"] / good["drafts"] <= FALSE_ALARM_BAR, f"false alarms {good['hits']}/{good['drafts']}"
    low = {c: f"{t['hits']}/{t['drafts']}" for c, t in flawed.items() if t["hits"] / t["drafts"] < CATEGORY_BAR}
    assert not low, f"categories below {CATEGORY_BAR:.0%}: {low}"


# A draft in another language than the session's is read in its own: each corpus, checked on a board whose
# language is another one, still holds the bars over all its drafts.
@pytest.mark.parametrize("language, session", [("de", "en"), ("fr", "de"), ("es", "fr"), ("en", "de")])
def test_drafts_in_another_language_than_the_session_s_are_read_in_their_own(language, session, capsys):
    drafts = _load(language)["drafts"]
    tally = evaluate(drafts, session)
    with capsys.disabled():
        print("\n" + report(f"coach on the {language} drafts in a {session} session ({len(drafts)})", tally))
    flawed = [t for c, t in tally.items() if c in INTENT]
    caught, total = sum(t["hits"] for t in flawed), sum(t["drafts"] for t in flawed)
    assert caught / total >= RECALL_BAR, f"recall {caught}/{total}"
    good = tally["good"]
    assert good["hits"] / good["drafts"] <= FALSE_ALARM_BAR, f"false alarms {good['hits']}/{good['drafts']}"
