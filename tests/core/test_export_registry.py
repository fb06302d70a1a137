"""The one table of export formats: what the command line offers, what the code writes and what the docs list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from facilitator.cli import build_parser
from facilitator.core import export_formats
from facilitator.core.export import export_document
from facilitator.core.export_formats import ExportOptions, render
from tests.core.test_import import build_full_session

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def document(deployment, clock, wall) -> dict:
    return export_document(build_full_session(deployment, clock, wall), include_private=True)


def _export_choices() -> tuple[str, ...]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    option = next(a for a in sub.choices["export"]._actions if a.dest == "format")
    return tuple(option.choices)


def test_the_command_line_offers_exactly_the_registered_formats():
    assert _export_choices() == export_formats.ids()
    assert export_formats.DEFAULT in export_formats.ids()


def test_the_docs_list_every_format_with_its_summary():
    docs = (REPO / "docs" / "export-format.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([\w-]+)` \| ([^|]+?) \|", docs.split("## Formats", 1)[1].split("\n## ", 1)[0],
                           re.MULTILINE))
    assert rows == {f.id: f.summary for f in export_formats.FORMATS}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"--format {'|'.join(export_formats.ids())}]" in readme


@pytest.mark.parametrize("fmt", export_formats.ids())
def test_every_format_writes_text_and_keeps_notes_to_the_formats_that_may_carry_them(fmt, document):
    note = next(n["notes"] for n in document["private"]["facilitator_notes"])
    private = render(fmt, document)
    assert private.strip()
    public = render(fmt, {k: v for k, v in document.items() if k != "private"})
    # the words of the note's first line, without its Markdown list marker (HTML makes it a list item)
    words = note.split("\n")[0].removeprefix("- ")
    assert words not in public
    assert (words in private) == export_formats.BY_ID[fmt].private


@pytest.mark.parametrize("fmt", export_formats.ids())
def test_excel_adds_a_byte_order_mark_to_sheets_only(fmt, document):
    excel = render(fmt, document, ExportOptions(excel=True))
    assert excel.startswith("\ufeff") == export_formats.BY_ID[fmt].sheet
    if export_formats.BY_ID[fmt].sheet:
        assert excel[1:] == render(fmt, document)
