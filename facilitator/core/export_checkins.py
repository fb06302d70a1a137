"""Check-ins written up from the `facilitator/v1` export: one CSV row per key result per check-in (the shape a
spreadsheet charts), and the Markdown table with the trend that the follow-up carries."""

from __future__ import annotations

import csv
import io
from typing import Any

from facilitator.core.checkins import STATUS_LABELS
from facilitator.core.export import plain_number, reader_number
from facilitator.i18n import _

COLUMNS = ("check_in", "date", "objective", "key_result", "unit", "from", "to", "value", "confidence", "status",
           "note", "blockers", "session_id", "objective_id", "key_result_id")
BARS = "▁▂▃▄▅▆▇█"


def check_in_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every key result at every check-in of the cycle, oldest check-in first, this one last."""
    section = document.get("check_in") or {}
    krs = {kr["id"]: (o, kr) for o in section.get("objectives") or () for kr in o.get("key_results") or ()}
    session = document["session"]
    check_ins = [(h["session"], h["date"], h["key_results"]) for h in section.get("history") or ()]
    check_ins.append((session["id"], session["started_at"][:10], section.get("key_results") or []))
    rows = []
    for number, (session_id, at, entries) in enumerate(check_ins, start=1):
        for entry in entries:
            objective, kr = krs.get(entry["key_result"], ({}, {}))
            rows.append({"check_in": number, "date": at, "objective": objective.get("title", ""),
                         "key_result": kr.get("text", entry["key_result"]), "unit": kr.get("unit", ""),
                         "from": kr.get("start"), "to": kr.get("target"), "value": entry.get("value"),
                         "confidence": entry.get("confidence"), "status": entry.get("status") or "",
                         "note": entry.get("note") or "",
                         "blockers": "; ".join(b["text"] + (f" ({b['owner']})" if b.get("owner") else "")
                                               for b in entry.get("blockers") or ()),
                         "session_id": session_id, "objective_id": objective.get("id", ""),
                         "key_result_id": entry["key_result"]})
    return rows


def to_check_in_csv(document: dict[str, Any], cell=str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in check_in_rows(document):
        values = []
        for column in COLUMNS:
            value = row[column]
            values.append(plain_number(value) if column in ("from", "to", "value", "confidence") else
                          cell(str(value)))
        writer.writerow(values)
    return out.getvalue()


def _spark(values: list[float]) -> str:
    if not values:
        return ""
    low, high = min(0.0, min(values)), max(1.0, max(values))
    return "".join(BARS[round((min(high, max(low, v)) - low) / (high - low) * (len(BARS) - 1))] for v in values)


def check_in_markdown(document: dict[str, Any], cell) -> str:
    """The status table with each key result's progress trend, for the follow-up."""
    section = document.get("check_in")
    if not section:
        return ""
    rows = check_in_rows(document)
    latest = max((r["check_in"] for r in rows), default=0)
    cycle = section.get("cycle") or {}
    lines = ["## " + _("Where the key results stand"), ""]
    if cycle.get("start") and cycle.get("end"):
        template = (_("Cycle {start} to {end} (dates assumed); check-in {number} of this cycle.")
                    if cycle.get("assumed") else _("Cycle {start} to {end}; check-in {number} of this cycle."))
        lines += [template.format(start=cycle["start"], end=cycle["end"], number=latest), ""]
    if not section.get("source"):
        return "\n".join(lines + [_("**No key results were found for this team**: nothing was checked in."), ""])
    headers = (_("Key result"), _("Now"), _("Confidence"), _("Status"), _("Trend"))
    lines += ["| " + " | ".join(headers) + " |", "|---|---|---|---|---|"]
    by_kr: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_kr.setdefault(row["key_result_id"], []).append(row)
    for kr_rows in by_kr.values():
        now = next((r for r in kr_rows if r["check_in"] == latest), None)
        if now is None:
            continue
        progress = []
        for r in kr_rows:
            if r["value"] is not None and r["from"] is not None and r["to"] not in (None, r["from"]):
                progress.append((r["value"] - r["from"]) / (r["to"] - r["from"]))
        value = "" if now["value"] is None else reader_number(now["value"]) + (f" {now['unit']}" if now["unit"] else "")
        status = _(STATUS_LABELS[now["status"]]) if now["status"] in STATUS_LABELS else now["status"]
        lines.append(f"| {cell(now['key_result'])} | {cell(value)} | {reader_number(now['confidence'])} | "
                     f"{status} | {_spark(progress)} |")
    blockers = [r for r in rows if r["check_in"] == latest and r["blockers"]]
    if blockers:
        lines += ["", _("Blockers:"), ""] + [f"- {cell(r['key_result'])}: {cell(r['blockers'])}" for r in blockers]
    return "\n".join(lines + [""])
