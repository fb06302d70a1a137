"""Every export format in one table: `facilitator export --format` offers these choices, its help and the
docs list them, and `render` writes with them. A new format is one function registered here.

Each writer works from the export document (`facilitator/v1`), never from the live session, so every format
says what the record other tools read says, and an imported or archived export can be written up the same way.
Writers import what they need when called: the command line builds its --help from this table at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from facilitator.i18n import N_


@dataclass(frozen=True)
class ExportOptions:
    """How to write, beside what: switches from the command line that some formats honour."""

    # Excel reads a CSV without a byte order mark in the machine's legacy code page ("Ana NÃºÃ±ez")
    excel: bool = False


@dataclass(frozen=True)
class ExportFormat:
    id: str
    summary: str  # one line: --help (translated where shown) and the docs
    suffix: str  # the file name ending a saved export usually has
    # whether --include-private adds the coach's private record; formats for tools and sheets never carry them
    private: bool
    sheet: bool  # a table for spreadsheets: honours --excel
    # a record programs read back (YAML, JSON): every character kept, control characters escaped by the format;
    # the other formats are read by people, and show control characters as pictures (core/visible.py)
    data: bool
    write: Callable[[dict[str, Any], ExportOptions], str] = field(repr=False, compare=False)


_REGISTRY: list[ExportFormat] = []


def _format(id: str, *, summary: str, suffix: str, private: bool = False, sheet: bool = False, data: bool = False):
    def register(function: Callable[[dict[str, Any], ExportOptions], str]) -> Callable:
        _REGISTRY.append(ExportFormat(id, summary, suffix, private, sheet, data, function))
        return function

    return register


@_format("yaml", summary=N_("the facilitator/v1 record for other tools (the default)"), suffix=".yaml", private=True,
         data=True)
def _yaml(document: dict[str, Any], options: ExportOptions) -> str:
    from facilitator.core.export import to_yaml

    return to_yaml(document)


@_format("json", summary=N_("the same facilitator/v1 record as JSON, for scripts and trackers"), suffix=".json",
         private=True, data=True)
def _json(document: dict[str, Any], options: ExportOptions) -> str:
    import json

    from facilitator.core.visible import json_escaped

    return json_escaped(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


@_format("markdown", summary=N_("the follow-up a coach e-mails after the session"), suffix=".md", private=True)
def _markdown(document: dict[str, Any], options: ExportOptions) -> str:
    from facilitator.core.export_markdown import to_markdown

    return to_markdown(document)


@_format("csv", summary=N_("key results, one row each, for the team's tracking sheet"), suffix=".csv", sheet=True)
def _csv(document: dict[str, Any], options: ExportOptions) -> str:
    from facilitator.core.export_csv import to_csv

    return _for_sheet(to_csv(document), options)


@_format("decisions-csv", summary=N_("the deployment decisions, one row each, with rationale and owner"),
         suffix=".csv", sheet=True)
def _decisions_csv(document: dict[str, Any], options: ExportOptions) -> str:
    from facilitator.core.export_csv import decisions_csv

    return _for_sheet(decisions_csv(document), options)


@_format("actions-csv", summary=N_("the action items, one row each: who does what by when"), suffix=".csv",
         sheet=True)
def _actions_csv(document: dict[str, Any], options: ExportOptions) -> str:
    from facilitator.core.export_csv import actions_csv

    return _for_sheet(actions_csv(document), options)


@_format("html", summary=N_("the same follow-up as one self-contained page: e-mail it or print it to PDF"),
         suffix=".html", private=True)
def _html(document: dict[str, Any], options: ExportOptions) -> str:
    from facilitator.core.export_html import to_html

    return to_html(document)


def _for_sheet(text: str, options: ExportOptions) -> str:
    return "\ufeff" + text if options.excel else text


FORMATS: tuple[ExportFormat, ...] = tuple(_REGISTRY)
BY_ID: dict[str, ExportFormat] = {f.id: f for f in FORMATS}
DEFAULT = "yaml"


def ids() -> tuple[str, ...]:
    return tuple(BY_ID)


def sheet_ids() -> tuple[str, ...]:
    return tuple(f.id for f in FORMATS if f.sheet)


def export_language(format_id: str, session_language: str, asked: str | None = None) -> str:
    """The language an export is written in: English for the records tools and sheets read (their ids, keys and
    column headers never change), else the one asked for (--lang), else the session's; English where there is no
    catalogue for it."""
    from facilitator import i18n

    chosen = BY_ID[format_id]
    if chosen.data or chosen.sheet:
        return i18n.SOURCE_LANGUAGE
    return i18n.choose(asked or session_language or i18n.SOURCE_LANGUAGE, {})


def render(format_id: str, document: dict[str, Any], options: ExportOptions | None = None) -> str:
    """The document written in one format; `document` carries the private section only when it was asked for."""
    from facilitator.core.visible import visible

    chosen = BY_ID[format_id]
    text = chosen.write(document, options or ExportOptions())
    return text if chosen.data else visible(text)
