"""The coach's findings and questions speak the interface's language: German with `--lang de`, English else."""

from __future__ import annotations

from facilitator import i18n
from facilitator.core.okr import KeyResult, Objective, RoomRules
from facilitator.core.okr_checks import BY_ID, CHECKS, GUIDANCE, run_checks


def _board() -> list[Objective]:
    return [Objective("o1", "Die beliebteste Banking-App der Schweiz werden", level="company", why_now="Q3",
                      key_results=[KeyResult("k1", "Neues CRM einführen", owner="Ana"),
                                   KeyResult("k2", "Conversion von 3,2 % auf 3,2 % steigern", start=3.2, target=3.2,
                                             unit="%", owner=""),
                                   KeyResult("k3", "NPS von 40 auf 30 steigern", start=40.0, target=30.0,
                                             direction="increase", owner="Marketing-Team")])]


def _by_check(findings):
    return {f.check_id: f for f in findings}


def test_a_german_board_gets_german_findings_and_questions():
    with i18n.using("de"):
        found = _by_check(run_checks(_board(), RoomRules(), language="de"))
    assert found["kr-task-like"].message == "„einführen“ beschreibt Arbeit, kein Ergebnis, das erreicht wird."
    assert found["kr-task-like"].question.startswith("Warum machen wir das?")
    assert found["kr-no-owner"].message == "Niemand verantwortlich: Nenn eine Person."
    # the numbers as the room wrote them: a decimal comma
    assert found["target-equals-start"].message == "Von 3,2 auf 3,2: keine Veränderung."
    assert found["kr-direction-mismatch"].message == "Die Zahl soll steigen, aber der Zielwert geht von 40 auf 30."
    assert found["kr-owner-not-a-person"].message == "„Marketing-Team“ ist keine Person: Nenn eine."


def test_the_same_board_in_english_keeps_the_english_findings():
    found = _by_check(run_checks(_board(), RoomRules(), language="de"))
    assert found["kr-task-like"].message == '"einführen" describes work to do, not a result to reach.'
    assert found["target-equals-start"].message == "From 3.2 to 3.2: no change."
    assert found["kr-task-like"].question == BY_ID["kr-task-like"].question


def test_every_question_and_the_guidance_have_german():
    with i18n.using("de"):
        untranslated = [c.id for c in CHECKS if i18n._(c.question) == c.question]
        guidance = [scope for scope, text in GUIDANCE.items() if i18n._(text) == text]
    assert not untranslated and not guidance


def test_the_registry_stays_english_for_the_checks_reference():
    """docs/checks.md is generated from the registry: the German interface must not leak into it."""
    from facilitator.core.checks_doc import checks_markdown

    with i18n.using("de"):
        text = checks_markdown()
    assert "What will be better, and for whom, once this is done?" in text
    assert "Was wird besser" not in text
