"""A team's cycle path as plain lines: what `facilitator cycle` prints and the cycle view shows.

Every text that came from a session (names, decisions, actions) passes `one_line`, so nothing typed on a phone
or read from an import reaches a terminal as a control sequence.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date

from facilitator.core.cycle_path import STATUS_MARKS, CyclePath, Stage, day_text
from facilitator.core.records import one_line
from facilitator.i18n import _

# what Session.carry_in writes into a carried point's note (kept in English in the record and the exports)
CARRIED = re.compile(r"^carried from session (\S+?)(?:: (.*))?$", re.DOTALL)


def shown_note(note: str) -> str:
    """A point's note as the screen shows it: the note that says where a carried point comes from, translated."""
    found = CARRIED.match(note)
    if not found:
        return note
    if found.group(2):
        return _("carried from session {id}: {note}").format(id=found.group(1), note=found.group(2))
    return _("carried from session {id}").format(id=found.group(1))


def stage_line(stage: Stage) -> str:
    when = stage.when or "—"
    who = f" ({one_line(stage.who)})" if stage.who and stage.key in ("setup", "company-drafting") else ""
    return f"{STATUS_MARKS[stage.status]} {when:<10}  {one_line(stage.title)}{who}"


def stage_lines(path: CyclePath) -> list[str]:
    lines = []
    for stage in path.stages:
        lines.append(stage_line(stage))
        if stage.note:
            lines.append(f"               {one_line(stage.note)}")
    return lines


def next_lines(path: CyclePath, today: date, db: str | None = None, width: int | None = None) -> list[str]:
    """The next step's lines; with `width` (a terminal's columns) the sentences are wrapped at word boundaries
    to fit, and the command stays on one line, whole, so it is copied and pasted as it is."""
    if not path.next:
        return []
    lines = []
    for line in path.next.lines(today, db):
        if line.startswith("  "):
            lines.append("  " + one_line(line))
        elif width:
            lines += textwrap.wrap(one_line(line), width=max(20, width), break_on_hyphens=False) or [""]
        else:
            lines.append(one_line(line))
    return lines


def open_lines(path: CyclePath) -> list[str]:
    lines: list[str] = []
    if path.parked:
        lines.append(_("Parked decisions ({count}):").format(count=len(path.parked)))
        for p in path.parked:
            extra = " · ".join(x for x in (one_line(p.owner), _("by {date}").format(date=day_text(p.by_when))
                                           if p.by_when else "") if x)
            said = f": {one_line(p.decision)}" if one_line(p.decision) else ""
            lines.append(f"  {p.title}{said}" + (f" · {extra}" if extra else ""))
    if path.actions:
        lines.append(_("Open actions ({count}):").format(count=len(path.actions)))
        for a in path.actions:
            due = a.due or _("no date")
            late = " " + _("OVERDUE") if a.overdue else ""
            owner = f" · {one_line(a.owner)}" if one_line(a.owner) else " · " + _("no owner")
            lines.append(f"  {due}{late}  {one_line(a.text)}{owner}")
    if path.carried:
        lines.append(_("Carried points ({count}):").format(count=len(path.carried)))
        for c in path.carried:
            note = f" ({one_line(shown_note(c.note))})" if one_line(c.note) else ""
            lines.append(f"  {one_line(c.text)}{note}")
    if path.departures:
        lines.append(_("Departures from your rules, to review at reflect-and-reset ({count}):").format(
            count=len(path.departures)))
        for d in path.departures:
            about = f" · {one_line(d.about)}" if one_line(d.about) else ""
            lines += [f"  {d.title}{about}: {one_line(d.finding)}",
                      "    " + _("why we depart: {reason}").format(reason=one_line(d.reason))]
    return lines or [_("Nothing open: no parked decisions, open actions or carried points.")]


def path_text(path: CyclePath, today: date, db: str | None = None, width: int | None = None) -> str:
    lines = [one_line(path.headline())]
    if not path.known:
        lines.append(_("No sessions of this team yet: the path starts with the setup."))
    lines += ["", *stage_lines(path), "", *next_lines(path, today, db, width), "", _("Open"), *open_lines(path)]
    return "\n".join(lines)
