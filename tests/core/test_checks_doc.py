"""docs/checks.md is generated from the registry: a changed check without a regenerated page fails here."""

from pathlib import Path

from facilitator.core.checks_doc import checks_markdown
from facilitator.core.okr_checks import CHECKS

PAGE = Path(__file__).resolve().parents[2] / "docs" / "checks.md"


def test_the_checks_page_is_current():
    assert PAGE.read_text(encoding="utf-8") == checks_markdown(), \
        "regenerate it: python -m facilitator.core.checks_doc > docs/checks.md"


def test_every_check_is_documented_with_its_question_and_examples():
    page = checks_markdown()
    for check in CHECKS:
        assert f"### `{check.id}` ({check.severity})" in page
        for text in (check.finding, check.question, check.weak_example, check.strong_example):
            assert text.replace("|", "\\|") in page
