"""The session verbs behind the follow-up: who was in the room, what the opening steps recorded, the coach's
private notes, the next session, and the actions the summary screen edits.

A mixin of `Session`, kept apart so the room's running verbs (steps, clock, decisions) stay readable on their own.
Every verb saves before it returns, like the others.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from facilitator.core.records import Action, one_line
from facilitator.i18n import N_, _

if TYPE_CHECKING:
    from facilitator.core.records import SessionState
    from facilitator.core.workshop import Workshop

NOTE_MAX = 4000  # characters in one step record or coach note: a page, not a file

# The problems a date or time field can have, one whole sentence per field the callers name (`what`); another
# name (an option such as --end-at) goes into the general sentence as it is.
DATE_PROBLEMS = {"due date": N_("due date '{text}' is not a date like 2026-12-31"),
                 "by-when date": N_("by-when date '{text}' is not a date like 2026-12-31"),
                 "date": N_("date '{text}' is not a date like 2026-12-31")}
TIME_PROBLEMS = {"time": N_("time '{text}' is not a time of day like 09:30 or 14:00"),
                 "end time": N_("end time '{text}' is not a time of day like 09:30 or 14:00")}


def is_iso_date(text: str) -> bool:
    """A day written as the export promises it, 2026-12-31: what dialogs, verbs and the importer all accept."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10  # fromisoformat also takes 20261231, which reads as a number in a document


def iso_date(text: str, what: str = "due date") -> str:
    """`text` as an ISO date (empty stays empty); a ValueError that says how to write it otherwise."""
    text = text.strip()
    if text and not is_iso_date(text):
        template = DATE_PROBLEMS.get(what)
        raise ValueError(_(template).format(text=text) if template else
                         _("{what} '{text}' is not a date like 2026-12-31").format(what=what, text=text))
    return text


def clock_time(text: str, what: str = "time") -> str:
    """`9:05` or `09:05` as `09:05`; a ValueError for anything that is not a time of day."""
    text = text.strip()
    if not text:
        return ""
    hours, sep, minutes = text.partition(":")
    if not (sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and len(hours) <= 2
            and int(hours) < 24 and int(minutes) < 60):
        template = TIME_PROBLEMS.get(what)
        raise ValueError(_(template).format(text=text) if template else
                         _("{what} '{text}' is not a time of day like 09:30 or 14:00").format(what=what, text=text))
    return f"{int(hours):02d}:{minutes}"


_EMAIL = re.compile(r"<?\b([^\s<>,;:@]+@[^\s<>,;:@]+\.[^\s<>,;:@]+)>?")


def parse_attendees(text: str) -> list[dict[str, str]]:
    """One person a line, `Name, role, e-mail` (or `Name - role`, or just the name; the e-mail anywhere on the
    line, `<ana@example.com>` too): what the people dialog takes. Owners are these people, by name."""
    people = []
    for raw in text.splitlines():
        line = one_line(raw)
        found_email = _EMAIL.search(line)
        email = found_email.group(1) if found_email else ""
        if found_email:
            line = one_line(line[:found_email.start()] + " " + line[found_email.end():]).strip(" ,;-–:")
        if not line:
            if not email:
                continue
            line = email  # someone known only by their address
        # the first separator on the line splits it: "Dan: CTO, Berlin" is Dan, whose role is "CTO, Berlin"
        found = [(line.index(sep), sep) for sep in (",", " - ", " – ", ":") if sep in line]
        if found:
            at, sep = min(found)
            name, role = line[:at], line[at + len(sep):]
        else:
            name, role = line, ""
        if name.strip():
            people.append({"name": name.strip(), "role": role.strip(" ,;"), "email": email})
    return people


def attendees_text(attendees: list[dict[str, str]]) -> str:
    return "\n".join(", ".join(x for x in (p["name"], p.get("role", ""),
                                            p.get("email", "") if p.get("email") != p["name"] else "") if x)
                     for p in attendees)


class FollowUpVerbs:
    state: SessionState
    workshop: Workshop

    def _save(self) -> bool: ...  # provided by Session

    def _bank(self) -> None: ...  # provided by Session

    def set_attendees(self, attendees: list[dict[str, str]]) -> None:
        self.state.attendees = [{"name": one_line(p.get("name", "")), "role": one_line(p.get("role", "")),
                                 "email": one_line(p.get("email", ""))}
                                for p in attendees if one_line(p.get("name", ""))]
        self._bank()
        self._save()

    def record_step_text(self, step_id: str, text: str) -> None:
        """What the room said on a step that decides nothing (an opening's "why now", the expectations)."""
        self._keep_note(self.state.step_records, step_id, text)

    def set_coach_note(self, step_id: str, text: str) -> None:
        """The coach's own note on a step: kept out of every export and shared screen unless asked for."""
        self._keep_note(self.state.coach_notes, step_id, text)

    def _keep_note(self, notes: dict[str, str], step_id: str, text: str) -> None:
        if self.workshop.step(step_id) is None:
            raise ValueError(_("'{step}' is not a step of this workshop").format(step=step_id))
        text = text.strip()
        if len(text) > NOTE_MAX:
            raise ValueError(_("the note is {length} characters long; keep it under {most}").format(
                length=f"{len(text):,}", most=f"{NOTE_MAX:,}"))
        if text:
            notes[step_id] = text
        else:
            notes.pop(step_id, None)
        self._bank()
        self._save()

    def set_next_session(self, *, date: str = "", time: str = "", workshop: str = "", who: str = "") -> None:
        """When the room meets next, for what, and who comes; all empty clears it."""
        plan = {"date": iso_date(date, "date"), "time": clock_time(time), "workshop": one_line(workshop),
                "who": one_line(who)}
        if any(plan.values()) and not plan["date"]:
            raise ValueError(_("the next session needs a date like 2026-12-31"))
        self.state.next_session = plan if any(plan.values()) else {}
        self._bank()
        self._save()

    def plan_clock(self, *, auto_start: bool | None = None, end_at: str | None = None) -> None:
        """Resuming with --auto-start or --end-at: the session keeps them from now on."""
        if auto_start is not None:
            self.state.auto_start = auto_start
        if end_at is not None:
            self.state.end_at = clock_time(end_at, "end time")
        self._bank()
        self._save()

    def action(self, action_id: str) -> Action:
        found = next((a for a in self.state.actions if a.id == action_id), None)
        if found is None:
            raise ValueError(_("no action '{id}'").format(id=action_id))
        return found

    def update_action(self, action_id: str, *, text: str, owner: str, due: str) -> Action:
        """Reword, reassign or reschedule an action."""
        action = self.action(action_id)
        text = text.strip()
        if not text:
            raise ValueError(_("an action needs a text"))
        action.text, action.owner, action.due = text, owner.strip(), iso_date(due)
        self._save()
        return action

    def set_action_done(self, action_id: str, done: bool = True) -> Action:
        action = self.action(action_id)
        action.done = done
        self._save()
        return action

    def actions_by_due(self) -> list[Action]:
        """Open actions first, soonest due first (undated last), each group in the order captured."""
        return sorted(self.state.actions, key=lambda a: (a.done, not a.due, a.due))
