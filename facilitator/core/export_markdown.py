"""The follow-up a coach emails after a session, written from the export document (`facilitator/v1`).

It works from the export rather than the live session so that what the room reads matches the record other
tools read, and so an imported or archived export can be written up the same way.

What goes to the client and what stays with the coach are apart: the coach's findings on the drafts, their own
notes and anything marked coach-only appear only in the closing coach section, and only when the document was
exported with `--include-private` (it then has a `private` section).
"""

from __future__ import annotations

import re
from typing import Any

from facilitator.core import decision_values
from facilitator.core.export import document_title, long_date, reader_number
from facilitator.core.export_checkins import check_in_markdown
from facilitator.core.export_departures import departures_markdown
from facilitator.core.okr_checks import SEVERITIES, SEVERITY_RANK
from facilitator.core.parameters import BY_ID, PARAMETER_IDS
from facilitator.i18n import N_, _, ngettext

# the follow-up is read in a minute: beyond this many, findings are counted rather than listed
MAX_FINDINGS_LISTED = 6
SOONEST_ACTIONS = 3
# the words for each of okr_checks.SEVERITIES (a test keeps the two the same): "info" reads as a hint to a client
SEVERITY_WORDS = {"problem": lambda n: ngettext("{count} problem", "{count} problems", n),
                  "warning": lambda n: ngettext("{count} warning", "{count} warnings", n),
                  "info": lambda n: ngettext("{count} hint", "{count} hints", n)}
# what would turn the start of a list item or heading into another block ("- 5 teams" a sub-list, "1. Ana" an
# ordered one); "+20% NPS" and "#1 priority" are plain text to Markdown and stay untouched
_MARKER_START = re.compile(r"^(?:[-+*#](?=\s|$)|>)")
_NUMBER_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def to_markdown(document: dict[str, Any]) -> str:
    session = document["session"]
    sections = [
        _title(session),
        _records(document),
        _decisions(document),
        _okr_drafts(document),
        departures_markdown(document, _inline, _sentence),
        check_in_markdown(document, _cell),
        _action_plan(document["actions"]),
        _open_questions(document),
        _next_session(document),
        _coach_section(document),
    ]
    # the id finds the full record again (`facilitator export ID`) when someone asks a question later;
    # the coach section comes last, after the record id, so the part to forward ends at one clear line
    body = "\n\n".join(s for s in sections[:-1] if s)
    coach = sections[-1]
    record = _("Session record: {id}").format(id=f"`{session['id']}`")
    return f"{body}\n\n{record}\n" + (f"\n{coach}\n" if coach else "")


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


_long_date = long_date


def _lines(text: Any) -> list[str]:
    """Free text typed in the room, one Markdown-safe line per line that says something."""
    return [_inline(line) for line in str(text).splitlines() if line.strip()]


def _quoted(text: str) -> str:
    # Translators: quotation marks around a title in running text (German „…“)
    return _("“{text}”").format(text=text)


def _parameter_title(parameter: str) -> str:
    return _(BY_ID[parameter].title) if parameter in BY_ID else parameter


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
    lines = [f"# {_inline(document_title(session))}"]
    if _inline(session["facilitator"]):
        lines.append(_("Facilitated by {name}.").format(name=_inline(session["facilitator"])))
    people = [f"{_inline(p['name'])} ({_inline(p['role'])})" if _inline(p.get("role", "")) else _inline(p["name"])
              for p in session.get("attendees") or []]
    if people:
        lines.append(_("In the room ({count}): {people}.").format(count=len(people), people=", ".join(people)))
    return "\n\n".join(lines)


def _records(document: dict[str, Any]) -> str:
    """What the opening steps recorded: the room's "why OKRs, why now", what people expect."""
    blocks = []
    for record in document.get("records") or []:
        lines = _lines(record["text"])
        if not lines:
            continue
        body = lines[0] if len(lines) == 1 else "\n".join(f"- {line}" for line in lines)
        blocks.append(f"### {_inline(record['title'])}\n\n{body}")
    return "\n\n".join(["## " + _("What the room said"), *blocks]) if blocks else ""


def headline(document: dict[str, Any]) -> str:
    """`9 of 10 parameters decided, 1 parked`: the state of the decisions in one line."""
    here = _decided_here(document)
    parameters = document["parameters"]
    counted = here or [p for p in PARAMETER_IDS if parameters[p]["status"] != "open"]
    return status_headline([parameters[p]["status"] for p in counted])


def status_headline(statuses: list[str]) -> str:
    """The headline from the status of each parameter the session decides (the summary screen's too)."""
    decided = statuses.count("decided")
    parked = statuses.count("parked")
    still_open = len(statuses) - decided - parked
    parts = [ngettext("{decided} of {total} parameter decided", "{decided} of {total} parameters decided",
                      len(statuses)).format(decided=decided, total=len(statuses))]
    if parked:
        parts.append(_("{count} parked").format(count=parked))
    if still_open:
        parts.append(_("{count} still open").format(count=still_open))
    return ", ".join(parts)


def consensus_line(consensus: dict[str, Any] | None, choice: str | None = None) -> str:
    """How the room agreed, in a sentence: for fist-of-five the spread matters, not only the average."""
    if not consensus:
        return ""
    if consensus["method"] == "fist-of-five":
        people, low = consensus["people"], consensus["low"]
        if not low:
            template = ngettext("Consensus: fist-of-five, {people} person, average {average}, {low} at 2 or less",
                                "Consensus: fist-of-five, {people} people, average {average}, {low} at 2 or less",
                                people)
        elif consensus["agreed"]:
            template = ngettext("Consensus: fist-of-five, {people} person, average {average}, {low} at 2 or less, "
                                "objections heard and addressed",
                                "Consensus: fist-of-five, {people} people, average {average}, {low} at 2 or less, "
                                "objections heard and addressed", people)
        else:
            template = ngettext("Consensus: fist-of-five, {people} person, average {average}, {low} at 2 or less, "
                                "objections still open",
                                "Consensus: fist-of-five, {people} people, average {average}, {low} at 2 or less, "
                                "objections still open", people)
        text = template.format(people=people, average=reader_number(consensus["average"]), low=low)
        if _inline(consensus.get("objections", "")):
            text += " " + _("(objections: {objections})").format(
                objections=_inline(consensus["objections"]).rstrip("."))
        return text + "."
    votes = consensus["votes"]
    total = sum(votes.values())
    if consensus["leader"]:
        won = votes[consensus["leader"]]
        if consensus["leader"] == choice:
            return _("Dot vote: the chosen option led with {won} of {total} dots.").format(won=won, total=total)
        return _("Dot vote: {option} led with {won} of {total} dots.").format(
            option=_quoted(_inline(consensus["leader"])), won=won, total=total)
    return _("Dot vote: a tie at the top ({options}), {total} dots.").format(
        options=", ".join(_inline(t) for t in consensus["tied"]), total=total)


def _decisions(document: dict[str, Any]) -> str:
    decided = _by_status(document, "decided")
    parked = _by_status(document, "parked")
    if not decided and not parked and not _decided_here(document):
        return ""  # a drafting session decides no parameters; saying "none" would only confuse
    lines = ["## " + _("Decisions"), "", f"**{headline(document)}.**", ""]
    if not decided:
        lines.append(_("No decisions yet."))
    for parameter, record in decided:
        text = _sentence(record["decision"]) or _("Decided.")
        line = f"- **{_parameter_title(parameter)}:** {text}"
        numbers = decision_values.own_numbers(parameter, record["choice"], record.get("values"))
        if numbers:
            line += f" ({_inline(numbers)})"
        if _inline(record["rationale"]):
            line += " " + _("Why: {rationale}").format(rationale=_sentence(record["rationale"]))
        line += " " + _owner_sentence(record["owner"])
        agreed = consensus_line(record.get("consensus"), record.get("choice"))
        if agreed:
            line += f" {agreed}"
        if (record.get("consensus") or {}).get("agreed") is False:
            line += " " + _("**Not agreed yet:** the consensus check left objections open or a tie; settle it first.")
        lines.append(line)
    if parked:
        lines += ["", _("Parked, to settle later:"), ""]
        for parameter, record in parked:
            owner = _inline(record["owner"]) or "**" + _("no owner yet") + "**"
            by_when = _long_date(record["by_when"]) if record.get("by_when") else "**" + _("no date yet") + "**"
            line = f"- **{_parameter_title(parameter)}:** " + _("{owner} settles it by {date}.").format(
                owner=owner, date=by_when)
            if _inline(record["decision"]):
                line += " " + _("For now: {decision}").format(decision=_sentence(record["decision"]))
            if _inline(record["rationale"]):
                line += " " + _("Why parked: {rationale}").format(rationale=_sentence(record["rationale"]))
            lines.append(line)
    return "\n".join(lines)


def _owner_sentence(owner: str) -> str:
    return _("Owner: {owner}.").format(owner=_inline(owner)) if _inline(owner) else _("No owner yet.")


def _okr_drafts(document: dict[str, Any]) -> str:
    okrs = document.get("okrs") or {}
    objectives = okrs.get("objectives") or []
    if not objectives:
        return ""  # most sessions draft nothing; the follow-up does not need to say so
    titles = {o["id"]: _inline(o["title"]) for o in objectives}
    lines = ["## " + _("OKR drafts")]
    for objective in objectives:
        lines += ["", f"### {_inline(objective['title'])}", ""]
        about = [_level(objective)]
        if objective["contributes_to"]:
            about.append(_("contributes to {objective}").format(
                objective=_quoted(titles.get(objective["contributes_to"], objective["contributes_to"]))))
        if not objective["committed"]:
            about.append(_("aspirational"))
        lines.append(_sentence("; ".join(about)))
        if _inline(objective["why_now"]):
            lines.append(_("Why now: {why}").format(why=_sentence(objective["why_now"])))
        lines.append("")
        if not objective["key_results"]:
            lines.append("- " + _("No key results yet."))
        lines += [f"- {_key_result(kr)}" for kr in objective["key_results"]]
    return "\n".join(lines)


# whole words per level, since German joins them ("Team-Objective"); a level from elsewhere is shown as it is
_LEVELS = {"company": (N_("Company objective"), N_("Company objective")),
           "team": (N_("Team objective"), N_("Team objective ({team})")),
           "individual": (N_("Individual objective"), N_("Individual objective ({team})"))}


def _level(objective: dict[str, Any]) -> str:
    team = _inline(objective["team"])
    if objective["level"] not in _LEVELS:
        level = objective["level"]
        return f"{level} objective ({team})" if team else f"{level} objective"
    alone, with_team = _LEVELS[objective["level"]]
    return _(with_team).format(team=team) if team else _(alone)


def _key_result(kr: dict[str, Any]) -> str:
    parts = [_sentence(kr["text"])]
    start, target, unit = reader_number(kr["start"]), reader_number(kr["target"]), _inline(kr["unit"])
    unit = f" {unit}" if unit else ""
    if start and target:
        parts.append(f"{start} → {target}{unit}.")
    elif target:
        parts.append(_("Target {target}.").format(target=f"{target}{unit}"))
    elif start:
        parts.append(_("From {start}, target not set.").format(start=f"{start}{unit}"))
    if kr["due"]:
        parts.append(_("Due {date}.").format(date=kr["due"]))
    parts.append(_owner_sentence(kr["owner"]))
    if kr["confidence"] is not None:
        parts.append(_("Confidence {confidence}.").format(confidence=reader_number(kr["confidence"])))
    if kr["aspirational"]:
        parts.append("*" + _("Aspirational.") + "*")
    return " ".join(parts)


def _findings(findings: list[dict[str, Any]], objectives: list[dict[str, Any]]) -> list[str]:
    if not findings:
        return []
    names = {o["id"]: _inline(o["title"]) for o in objectives}
    names.update({kr["id"]: _inline(kr["text"]) for o in objectives for kr in o["key_results"]})
    counts = [(s, sum(1 for f in findings if f["severity"] == s)) for s in SEVERITIES]
    summary = ", ".join(SEVERITY_WORDS[s](n).format(count=n) for s, n in counts if n)
    lines = [_("Open findings on the drafts ({summary}):").format(summary=summary), ""]
    # info notes are nudges; the follow-up lists what needs fixing first
    worth_listing = sorted((f for f in findings if f["severity"] != "info"),
                           key=lambda f: SEVERITY_RANK.get(f["severity"], len(SEVERITIES)))
    for finding in worth_listing[:MAX_FINDINGS_LISTED]:
        target = names.get(finding["target"])
        where = f"{_quoted(target)}: " if target else ""
        lines.append(f"- {where}{_sentence(finding['message'])}")
    hidden = len(findings) - min(len(worth_listing), MAX_FINDINGS_LISTED)
    if hidden:
        lines.append("- " + ngettext("{count} more, kept in the coach's record of the session.",
                                     "{count} more, kept in the coach's record of the session.",
                                     hidden).format(count=hidden))
    return lines


def _due_order(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # ISO dates sort as text; undated ones go last, each group in the order they were captured
    return sorted(actions, key=lambda a: (not a["due"], a["due"] or ""))


def _action_plan(actions: list[dict[str, Any]]) -> str:
    if not actions:
        return "## " + _("Action plan") + "\n\n" + _("No actions were agreed.")
    still_open = [a for a in _due_order(actions) if not a.get("done")]
    done = [a for a in _due_order(actions) if a.get("done")]
    lines = ["## " + _("Action plan"), ""]
    if still_open:
        lines += ["| " + " | ".join((_("What"), _("Owner"), _("Due"))) + " |", "|---|---|---|"]
        for action in still_open:
            owner = _cell(action["owner"]) or "**" + _("nobody yet") + "**"
            due = action["due"] or "**" + _("no date yet") + "**"
            lines.append(f"| {_cell(action['text'])} | {owner} | {due} |")
    else:
        lines.append(_("Every action is done."))
    if done:
        names = "; ".join(_inline(a["text"]).rstrip(".") + (f" ({_inline(a['owner'])})" if _inline(a["owner"])
                                                            else "") for a in done)
        lines += ["", _("Done already: {names}.").format(names=names)]
    return "\n".join(lines)


def _open_questions(document: dict[str, Any]) -> str:
    steps = _step_titles(document)
    lines = []
    for parameter, _record in _by_status(document, "parked"):
        lines.append("- **{title}** ({parked}): {question}".format(
            title=_parameter_title(parameter), parked=_("parked"), question=_question(parameter)))
    here = set(_decided_here(document))
    for parameter, _record in _by_status(document, "open"):
        if parameter in here:
            lines.append("- **{title}** ({not_yet}): {question}".format(
                title=_parameter_title(parameter), not_yet=_("not decided yet"), question=_question(parameter)))
    for item in document["parking_lot"]:
        if item["status"] == "open":
            during = " " + _("(raised during {step})").format(step=_quoted(steps[item["step"]])) \
                if item["step"] in steps else ""
            lines.append(f"- {_inline(item['text'])}{during}")
    if not lines:
        return "## " + _("Open questions") + "\n\n" + _("None.")
    return "\n".join(["## " + _("Open questions"), "", *lines])


def _question(parameter: str) -> str:
    return _(BY_ID[parameter].question) if parameter in BY_ID else ""


def next_session_line(plan: dict[str, Any] | None, *, plain: bool = False) -> str:
    """`10 December 2026 at 14:00: OKR drafting, with the leadership team.`; `plain` for a screen, not Markdown."""
    if not plan or not plan.get("date"):
        return ""
    inline = (lambda t: " ".join(str(t).split())) if plain else _inline
    text = _long_date(plan["date"])
    if plan.get("time"):
        text = _("{date} at {time}").format(date=text, time=plan["time"])
    if inline(plan.get("workshop", "")):
        text += f": {inline(plan['workshop'])}"
    if inline(plan.get("who", "")):
        text = _("{plan}, with {who}").format(plan=text, who=inline(plan["who"]))
    return f"{text}."


def _next_session(document: dict[str, Any]) -> str:
    carried = [p for p in document["parking_lot"] if p["status"] == "carried"]
    dated = [a for a in _due_order(document["actions"]) if a["due"] and not a.get("done")]
    planned = next_session_line(document["session"].get("next_session"))
    if not carried and not dated and not planned:
        return ""
    lines = ["## " + _("Next session")]
    if planned:
        lines += ["", f"**{planned}**"]
    if carried:
        lines += ["", _("We pick up:"), ""]
        for item in carried:
            note = f" — {_inline(item['note'])}" if _inline(item["note"]) else ""
            lines.append(f"- {_inline(item['text'])}{note}")
    if dated:
        lines += ["", _("Due before then:") if planned else _("Due first:"), ""]
        for action in dated[:SOONEST_ACTIONS]:
            owner = f" ({_inline(action['owner'])})" if _inline(action["owner"]) else ""
            lines.append(f"- {action['due']}: {_inline(action['text'])}{owner}")
    return "\n".join(lines)


def _coach_section(document: dict[str, Any]) -> str:
    """Only in a private export: what the coach keeps (never forward this part to the client)."""
    private = document.get("private")
    if private is None:
        return ""
    steps = _step_titles(document)
    lines = ["## " + _("For the coach only (do not forward)")]
    notes = private.get("coach_notes") or []
    if notes:
        lines += ["", _("Your notes:"), ""]
        lines += [f"- **{_inline(steps.get(n['step'], n['step']))}:** {' / '.join(_lines(n['note']))}" for n in notes]
    for key, what in (("rationales", N_("Rationales marked coach only:")),
                      ("objections", N_("Objections marked coach only:"))):
        kept = private.get(key) or {}
        if kept:
            lines += ["", _(what), ""]
            lines += [f"- **{_parameter_title(p)}:** {_sentence(text)}" for p, text in kept.items()]
    okrs = document.get("okrs") or {}
    findings = _findings(okrs.get("findings") or [], okrs.get("objectives") or [])
    if findings:
        lines += ["", *findings]
    script_notes = private.get("facilitator_notes") or []
    if script_notes:
        lines += ["", _("The script's facilitator notes:")]
        for n in script_notes:
            lines += ["", f"### {_inline(steps.get(n['step'], n['step']))}", "", n["notes"].strip()]
    if len(lines) == 1:
        lines += ["", _("Nothing kept for the coach in this session.")]
    return "\n".join(lines)
