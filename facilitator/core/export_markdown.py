"""The follow-up a coach emails after a session, written from the export document (`facilitator/v1`).

It works from the export rather than the live session so that what the room reads matches the record other
tools read, and so an imported or archived export can be written up the same way.
"""

from __future__ import annotations

import re
from typing import Any

from facilitator.core.export import plain_number
from facilitator.core.export_checkins import check_in_markdown
from facilitator.core.parameters import BY_ID, PARAMETER_IDS

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# the follow-up is read in a minute: beyond this many, findings are counted rather than listed
MAX_FINDINGS_LISTED = 6
SOONEST_ACTIONS = 3
SEVERITY_ORDER = ("problem", "warning", "info")
SEVERITY_WORDS = {"problem": ("problem", "problems"), "warning": ("warning", "warnings"), "info": ("hint", "hints")}
# what would turn the start of a list item or heading into another block ("- 5 teams" a sub-list, "1. Ana" an
# ordered one); "+20% NPS" and "#1 priority" are plain text to Markdown and stay untouched
_MARKER_START = re.compile(r"^(?:[-+*#](?=\s|$)|>)")
_NUMBER_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def to_markdown(document: dict[str, Any]) -> str:
    session = document["session"]
    sections = [
        _title(session),
        _decisions(document),
        _okr_drafts(document),
        check_in_markdown(document, _cell),
        _action_plan(document["actions"]),
        _open_questions(document),
        _next_session(document),
    ]
    body = "\n\n".join(s for s in sections if s)
    # the id finds the full record again (`facilitator export ID`) when someone asks a question later
    return f"{body}\n\nSession record: `{session['id']}`\n" + _private_notes(document)


def _private_notes(document: dict[str, Any]) -> str:
    """Only in a document exported with --include-private: the facilitator notes, marked as not for sharing."""
    if "private" not in document:
        return ""
    notes = document["private"]["facilitator_notes"]
    return "\n## Facilitator notes (private: do not forward)\n\n" + "\n\n".join(
        f"### {n['step']}\n\n{n['notes']}" for n in notes) + "\n"


# -- helpers ------------------------------------------------------------------------------------------------
def _inline(text: Any) -> str:
    # Text typed in the room may span lines; a list item or a table cell must stay on one.
    line = " ".join(str(text).split())
    if _MARKER_START.match(line):
        return f"\\{line}"
    # a backslash before a digit is no escape in Markdown: escape the dot or parenthesis instead
    return _NUMBER_START.sub(r"\1\\\2", line)


def _cell(text: Any) -> str:
    return _inline(text).replace("|", "\\|")


def _sentence(text: Any) -> str:
    text = _inline(text)
    return text if not text or text[-1] in ".!?…" else f"{text}."




def _long_date(iso_text: str) -> str:
    try:
        year, month, day = int(iso_text[0:4]), int(iso_text[5:7]), int(iso_text[8:10])
        return f"{day} {MONTHS[month - 1]} {year}"
    except (ValueError, IndexError):
        return iso_text


def _parameter_title(parameter: str) -> str:
    return BY_ID[parameter].title if parameter in BY_ID else parameter


def _step_titles(document: dict[str, Any]) -> dict[str, str]:
    return {row["step"]: row["title"] for row in document["agenda"]}


def _decided_here(document: dict[str, Any]) -> list[str]:
    """The parameters this workshop has a step for, in the export's order."""
    stepped = {row["parameter"] for row in document["agenda"] if row["parameter"]}
    return [p for p in PARAMETER_IDS if p in stepped]


def _by_status(document: dict[str, Any], status: str) -> list[tuple[str, dict[str, Any]]]:
    parameters = document["parameters"]
    return [(p, parameters[p]) for p in PARAMETER_IDS if p in parameters and parameters[p]["status"] == status]


# -- sections -----------------------------------------------------------------------------------------------
def _title(session: dict[str, Any]) -> str:
    who = " / ".join(_inline(x) for x in (session["organization"], session["team"]) if _inline(x))
    parts = [_inline(session["workshop"]["title"]), who, _long_date(session["started_at"])]
    lines = [f"# {' — '.join(p for p in parts if p)}"]
    if _inline(session["facilitator"]):
        lines.append(f"Facilitated by {_inline(session['facilitator'])}.")
    return "\n\n".join(lines)


def _decisions(document: dict[str, Any]) -> str:
    decided = _by_status(document, "decided")
    parked = _by_status(document, "parked")
    if not decided and not parked and not _decided_here(document):
        return ""  # a drafting session decides no parameters; saying "none" would only confuse
    lines = ["## Decisions", ""]
    if not decided:
        lines.append("No decisions yet.")
    for parameter, record in decided:
        text = _sentence(record["decision"]) or "Decided."
        line = f"- **{_parameter_title(parameter)}:** {text}"
        if _inline(record["rationale"]):
            line += f" Why: {_sentence(record['rationale'])}"
        line += f" Owner: {_inline(record['owner'])}." if _inline(record["owner"]) else " No owner yet."
        if (record.get("consensus") or {}).get("agreed") is False:
            line += " **Not agreed yet:** the consensus check left objections open or a tie; settle it first."
        lines.append(line)
    if parked:
        names = ", ".join(_parameter_title(p) for p, _ in parked)
        lines += ["", f"Still open, parked for later: {names}. See open questions below."]
    return "\n".join(lines)


def _okr_drafts(document: dict[str, Any]) -> str:
    okrs = document.get("okrs") or {}
    objectives = okrs.get("objectives") or []
    if not objectives:
        return ""  # most sessions draft nothing; the follow-up does not need to say so
    titles = {o["id"]: _inline(o["title"]) for o in objectives}
    lines = ["## OKR drafts"]
    for objective in objectives:
        lines += ["", f"### {_inline(objective['title'])}", ""]
        about = [_level(objective)]
        if objective["contributes_to"]:
            about.append(f"contributes to “{titles.get(objective['contributes_to'], objective['contributes_to'])}”")
        if not objective["committed"]:
            about.append("aspirational")
        lines.append(_sentence("; ".join(about)))
        if _inline(objective["why_now"]):
            lines.append(f"Why now: {_sentence(objective['why_now'])}")
        lines.append("")
        if not objective["key_results"]:
            lines.append("- No key results yet.")
        lines += [f"- {_key_result(kr)}" for kr in objective["key_results"]]
    findings = _findings(okrs.get("findings") or [], objectives)
    if findings:
        lines += ["", *findings]
    return "\n".join(lines)


def _level(objective: dict[str, Any]) -> str:
    level = {"company": "Company", "team": "Team", "individual": "Individual"}.get(objective["level"],
                                                                               objective["level"])
    team = _inline(objective["team"])
    return f"{level} objective ({team})" if team and objective["level"] != "company" else f"{level} objective"


def _key_result(kr: dict[str, Any]) -> str:
    parts = [_sentence(kr["text"])]
    start, target, unit = plain_number(kr["start"]), plain_number(kr["target"]), _inline(kr["unit"])
    unit = f" {unit}" if unit else ""
    if start and target:
        parts.append(f"{start} → {target}{unit}.")
    elif target:
        parts.append(f"Target {target}{unit}.")
    elif start:
        parts.append(f"From {start}{unit}, target not set.")
    if kr["due"]:
        parts.append(f"Due {kr['due']}.")
    parts.append(f"Owner: {_inline(kr['owner'])}." if _inline(kr["owner"]) else "No owner yet.")
    if kr["confidence"] is not None:
        parts.append(f"Confidence {plain_number(kr['confidence'])}.")
    if kr["aspirational"]:
        parts.append("*Aspirational.*")
    return " ".join(parts)


def _findings(findings: list[dict[str, Any]], objectives: list[dict[str, Any]]) -> list[str]:
    if not findings:
        return []
    names = {o["id"]: _inline(o["title"]) for o in objectives}
    names.update({kr["id"]: _inline(kr["text"]) for o in objectives for kr in o["key_results"]})
    counts = [(s, sum(1 for f in findings if f["severity"] == s)) for s in SEVERITY_ORDER]
    summary = ", ".join(f"{n} {SEVERITY_WORDS[s][n != 1]}" for s, n in counts if n)
    lines = [f"Open coach notes on the drafts ({summary}):", ""]
    # info notes are nudges; the follow-up lists what needs fixing first
    worth_listing = sorted((f for f in findings if f["severity"] != "info"),
                           key=lambda f: SEVERITY_ORDER.index(f["severity"]))
    for finding in worth_listing[:MAX_FINDINGS_LISTED]:
        target = names.get(finding["target"])
        where = f"“{target}”: " if target else ""
        lines.append(f"- {where}{_sentence(finding['message'])}")
    hidden = len(findings) - min(len(worth_listing), MAX_FINDINGS_LISTED)
    if hidden:
        lines.append(f"- {hidden} more in the draft board.")
    return lines


def _due_order(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # ISO dates sort as text; undated ones go last, each group in the order they were captured
    return sorted(actions, key=lambda a: (not a["due"], a["due"] or ""))


def _action_plan(actions: list[dict[str, Any]]) -> str:
    if not actions:
        return "## Action plan\n\nNo actions were agreed."
    lines = ["## Action plan", "", "| What | Owner | Due |", "|---|---|---|"]
    for action in _due_order(actions):
        owner = _cell(action["owner"]) or "**nobody yet**"
        lines.append(f"| {_cell(action['text'])} | {owner} | {action['due'] or '—'} |")
    return "\n".join(lines)


def _open_questions(document: dict[str, Any]) -> str:
    steps = _step_titles(document)
    lines = []
    for parameter, record in _by_status(document, "parked"):
        line = f"- **{_parameter_title(parameter)}** (parked): {_question(parameter)}"
        if _inline(record["decision"]):
            line += f" For now: {_sentence(record['decision'])}"
        if _inline(record["rationale"]):
            line += f" Why parked: {_sentence(record['rationale'])}"
        if _inline(record["owner"]):
            line += f" Owner: {_inline(record['owner'])}."
        lines.append(line)
    here = set(_decided_here(document))
    for parameter, _record in _by_status(document, "open"):
        if parameter in here:
            lines.append(f"- **{_parameter_title(parameter)}** (not decided yet): {_question(parameter)}")
    for item in document["parking_lot"]:
        if item["status"] == "open":
            during = f" (raised during “{steps[item['step']]}”)" if item["step"] in steps else ""
            lines.append(f"- {_inline(item['text'])}{during}")
    if not lines:
        return "## Open questions\n\nNone."
    return "\n".join(["## Open questions", "", *lines])


def _question(parameter: str) -> str:
    return BY_ID[parameter].question if parameter in BY_ID else ""


def _next_session(document: dict[str, Any]) -> str:
    carried = [p for p in document["parking_lot"] if p["status"] == "carried"]
    dated = [a for a in _due_order(document["actions"]) if a["due"]]
    if not carried and not dated:
        return ""
    lines = ["## Next session"]
    if carried:
        lines += ["", "We pick up:", ""]
        for item in carried:
            note = f" — {_inline(item['note'])}" if _inline(item["note"]) else ""
            lines.append(f"- {_inline(item['text'])}{note}")
    if dated:
        lines += ["", "Due first:", ""]
        for action in dated[:SOONEST_ACTIONS]:
            owner = f" ({_inline(action['owner'])})" if _inline(action["owner"]) else ""
            lines.append(f"- {action['due']}: {_inline(action['text'])}{owner}")
    return "\n".join(lines)
