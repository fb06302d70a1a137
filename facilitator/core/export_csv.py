"""Key results as CSV, for the spreadsheet a team tracks its OKRs in (written from the `facilitator/v1` export).

One row per key result, so an objective without key results has no row: the sheet tracks what gets measured.
Ids come last so people see the words first and tools can still join rows back to the export.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from facilitator.core.export import plain_number

COLUMNS = ("objective", "key_result", "type", "from", "to", "unit", "direction", "due", "owner", "confidence",
           "team", "aligned_to", "objective_id", "key_result_id")




def to_csv(document: dict[str, Any]) -> str:
    objectives = (document.get("okrs") or {}).get("objectives") or []
    company = {o["id"]: o["title"] for o in objectives if o["level"] == "company"}
    session_team = document["session"]["team"]
    out = io.StringIO()
    # the csv module's default dialect (RFC 4180 quoting, CRLF) is what spreadsheet programs read best
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for objective in objectives:
        # a team objective without a team of its own belongs to the team the session was run with
        team = objective["team"] or ("" if objective["level"] == "company" else session_team)
        aligned_to = company.get(objective["contributes_to"], "")
        for kr in objective["key_results"]:
            writer.writerow((objective["title"], kr["text"], kr["type"], plain_number(kr["start"]),
                             plain_number(kr["target"]), kr["unit"], kr.get("direction") or "", kr.get("due") or "",
                             kr["owner"], plain_number(kr["confidence"]), team, aligned_to, objective["id"], kr["id"]))
    return out.getvalue()
