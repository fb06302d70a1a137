"""The session as CSV sheets (written from the `facilitator/v1` export): key results for the spreadsheet a team
tracks its OKRs in, and the decisions and the actions, one row each.

Key results: one row each, so an objective without key results has no row: the sheet tracks what gets measured.
Every row carries its session and its ids, so a tool can join rows back to the export and tell sessions apart
in one sheet; ids come last so people see the words first.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from facilitator.core.export import plain_number

COLUMNS = ("objective", "key_result", "type", "from", "to", "unit", "direction", "due", "owner", "confidence",
           "team", "aligned_to", "level", "committed", "aspirational", "why_now", "contributes_to", "session_id",
           "objective_id", "key_result_id")
DECISION_COLUMNS = ("parameter", "status", "decision", "rationale", "owner", "decided_at", "agreed", "choice",
                    "session_id", "parameter_id")
ACTION_COLUMNS = ("action", "owner", "due", "step", "created_at", "session_id", "action_id")
# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
# (`=HYPERLINK(...)`, `@SUM(...)`, `-2+3`): the OWASP rule is to start such a cell with a single quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """Text people wrote, as a cell a spreadsheet shows rather than runs."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _sheet(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    out = io.StringIO()
    # the csv module's default dialect (RFC 4180 quoting, CRLF) is what spreadsheet programs read best
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def to_csv(document: dict[str, Any]) -> str:
    if document.get("check_in"):
        # a check-in's sheet: one row per key result per check-in of the cycle, for a chart of the trend
        from facilitator.core.export_checkins import to_check_in_csv

        return to_check_in_csv(document, cell)
    objectives = (document.get("okrs") or {}).get("objectives") or []
    company = {o["id"]: o["title"] for o in objectives if o["level"] == "company"}
    session_id = document["session"]["id"]
    session_team = document["session"]["team"]
    rows = []
    for objective in objectives:
        # a team objective without a team of its own belongs to the team the session was run with
        team = objective["team"] or ("" if objective["level"] == "company" else session_team)
        aligned_to = company.get(objective["contributes_to"], "")
        for kr in objective["key_results"]:
            # numbers are written by us (plain_number) and may be negative; every text cell is neutralised
            rows.append((cell(objective["title"]), cell(kr["text"]), kr["type"], plain_number(kr["start"]),
                         plain_number(kr["target"]), cell(kr["unit"]), kr.get("direction") or "",
                         kr.get("due") or "", cell(kr["owner"]), plain_number(kr["confidence"]), cell(team),
                         cell(aligned_to), objective["level"], _flag(objective["committed"]),
                         _flag(kr["aspirational"]), cell(objective["why_now"]), cell(objective["contributes_to"]),
                         cell(session_id), cell(objective["id"]), cell(kr["id"])))
    return _sheet(COLUMNS, rows)


def decisions_csv(document: dict[str, Any]) -> str:
    """One row per deployment parameter the workshop decides or the room touched, in the export's order."""
    from facilitator.core.parameters import BY_ID

    session_id = document["session"]["id"]
    steps = {row["parameter"] for row in document["agenda"] if row["parameter"]}
    rows = []
    for parameter, d in document["parameters"].items():
        if parameter not in steps and d["status"] == "open":
            continue  # not part of this workshop
        consensus = d.get("consensus")
        agreed = "" if consensus is None else _flag(bool(consensus.get("agreed")))
        title = BY_ID[parameter].title if parameter in BY_ID else parameter
        rows.append((title, d["status"], cell(d["decision"]), cell(d["rationale"]), cell(d["owner"]),
                     d["decided_at"] or "", agreed, d["choice"] or "", cell(session_id), parameter))
    return _sheet(DECISION_COLUMNS, rows)


def actions_csv(document: dict[str, Any]) -> str:
    session_id = document["session"]["id"]
    rows = [(cell(a["text"]), cell(a["owner"]), a["due"] or "", a["step"], a["created_at"], cell(session_id),
             cell(a["id"])) for a in document.get("actions", [])]
    return _sheet(ACTION_COLUMNS, rows)
