"""A workshop session: the state a room produces, and the verbs that change it.

Every verb persists through the store before it returns, so whatever the screen shows as done is on disk.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from facilitator.core import decision_values, room_view
from facilitator.core.checkin_sheet import CheckInSheet
from facilitator.core.checkins import KeyResultCheckIn
from facilitator.core.consensus import carry_objections, settle
from facilitator.core.cycles import Context
from facilitator.core.draft_language import known_language, session_language
from facilitator.core.drafting import DraftBoard
from facilitator.core.follow_up_verbs import FollowUpVerbs, clock_time, iso_date
from facilitator.core.parameters import BY_ID, PARAMETER_IDS
from facilitator.core.records import (
    DECISION_STATUSES,
    MINUTE,
    NAME_MAX,
    PARKING_RESOLUTIONS,
    Action,
    AgendaRow,
    Decision,
    ParkingItem,
    SaveError,
    SessionState,
    SessionStore,
    StepTiming,
    WallClock,
    content_revision,
    iso,
    new_session_id,
    one_line,
    script_seconds,
    step_timebox,
    summarize,
    utc_now,
)
from facilitator.core.rule_departures import Departure, for_parameter
from facilitator.core.timer import Clock, Timer
from facilitator.core.workshop import Step, Workshop
from facilitator.i18n import N_, _

# Timing is checkpointed this often while a timer runs, so a crash loses at most this much of it.
CHECKPOINT_SECONDS = 60.0
# After a failed save (read-only folder, full disk) retry this often until it works.
RETRY_SECONDS = 5.0


class Session(FollowUpVerbs):
    """Runs one workshop with one room; the UI calls these verbs and never touches the store."""

    def __init__(self, workshop: Workshop, state: SessionState, store: SessionStore, *,
                 clock: Clock | None = None, wall_clock: WallClock = utc_now):
        # a team on its own reads the self-guided wording of every step: the texts written for a coach are not
        # for them (the workshop file's `self_guided:` texts)
        self.workshop = workshop.for_team() if state.self_guided else workshop
        self.state = state
        self.store = store
        self.unsaved_reason: str | None = None
        # what the rest of the organization tells this session (rules to fall back on, company objectives):
        # set by whoever opens it from a database (the workspace); empty for a session on its own
        self.context = Context()
        self._wall_clock = wall_clock
        self._clock = clock
        for step in workshop.steps:
            state.steps.setdefault(step.id, StepTiming())
            if step.parameter:
                state.decisions.setdefault(step.parameter, Decision(step.parameter, step.id))
        if workshop.step(state.current_step) is None:
            state.current_step = workshop.steps[0].id
        # A resumed session starts paused: the clock runs again when the room is back and the coach says so.
        state.timer_running = False
        self.timer = self._make_timer()
        self._board: DraftBoard | None = None
        self._last_checkpoint = self._now_monotonic()
        # what is on disk: a save that would write the same content again is skipped, so opening a session
        # and leaving it without a change keeps its updated_at (and its revision) as they were
        self._saved_revision: str | None = content_revision(state.to_dict())

    # -- creation -------------------------------------------------------------------------------------
    @classmethod
    def start(cls, workshop: Workshop, store: SessionStore, *, workshop_ref: str, organization: str = "",
              team: str = "", facilitator: str = "", share_url: str = "", self_guided: bool = False,
              workshop_source: str = "", auto_start: bool = False, end_at: str = "", language: str = "",
              clock: Clock | None = None, wall_clock: WallClock = utc_now) -> Session:
        now = wall_clock()
        state = SessionState(
            id=new_session_id(now), workshop_id=workshop.id, workshop_title=workshop.title,
            workshop_version=workshop.version, workshop_ref=workshop_ref, organization=one_line(organization),
            team=one_line(team), facilitator=one_line(facilitator), started_at=iso(now), updated_at=iso(now),
            current_step=workshop.steps[0].id, share_url=share_url.strip(), self_guided=self_guided,
            workshop_source=workshop_source, auto_start=auto_start or workshop.auto_start,
            end_at=clock_time(end_at, "end time"),
            language=known_language(language) if language else session_language(workshop.language),
        )
        session = cls(workshop, state, store, clock=clock, wall_clock=wall_clock)
        session._saved_revision = None  # nothing is on disk yet
        session._save()
        return session

    # -- reading --------------------------------------------------------------------------------------
    @property
    def current(self) -> Step:
        return self.workshop.steps[self.current_index]

    @property
    def current_index(self) -> int:
        return self.workshop.index_of(self.state.current_step)

    @property
    def is_first(self) -> bool:
        return self.current_index == 0

    @property
    def is_last(self) -> bool:
        return self.current_index == len(self.workshop.steps) - 1

    def script_seconds(self, step: Step) -> float:
        """The step's timebox as the script plans it for this room (see records.script_seconds)."""
        return script_seconds(step, self.state)

    def _floor(self, step: Step) -> float:
        # `-` never takes a timebox below a minute, nor below the script's own when that is shorter
        return min(MINUTE, self.script_seconds(step))

    def planned_seconds(self, step: Step) -> float:
        """The step's timebox including minutes added during the session."""
        return step_timebox(step, self.state.steps[step.id], self.state)

    def script_total(self) -> float:
        """The whole plan as the script sets it for this room, before minutes added with +/-."""
        return sum(self.script_seconds(s) for s in self.workshop.steps)

    def planned_total(self) -> float:
        """The plan for the whole session, with the minutes the room added or removed with +/-."""
        return sum(self.planned_seconds(s) for s in self.workshop.steps)

    def actual_seconds(self, step: Step) -> float:
        if step.id == self.state.current_step:
            return self.timer.elapsed
        return self.state.steps[step.id].actual_seconds

    def readiness(self, step: Step | None = None) -> list[str]:
        """What a team on its own should finish before leaving a step; empty when the step is done well."""
        step = step or self.current
        gaps: list[str] = []
        if step.parameter:
            d = self.state.decisions[step.parameter]
            if d.status == "open":
                gaps.append(_("Record the decision (d), or park it if the team needs more information."))
            elif d.status == "decided":
                if not d.rationale:
                    gaps.append(_("Add the reason (d): a decision without its why cannot be revisited next cycle."))
                if not d.owner:
                    gaps.append(_("Name one owner for the decision (d)."))
            if d.consensus and not d.consensus.get("agreed"):
                gaps.append(_("The consensus check left objections open: hear them before moving on (v)."))
        elif step.kind == "review":
            missing = [_(BY_ID[p].title) for p, d in self.state.decisions.items()
                       if d.status == "decided" and not (d.rationale and d.owner)]
            if missing:
                gaps.append(_("Give these decisions a reason and an owner: {titles}.").format(
                    titles=", ".join(missing)))
        elif step.kind == "wrap-up" and not self.state.actions:
            gaps.append(_("Write down at least one action with an owner and a date (a)."))
        return gaps

    def share_target(self) -> tuple[str, str]:
        """What the QR code carries now, and how to say it: the step's link, the session's, the workshop's,
        else the decisions as plain text."""
        return room_view.share_target(self.workshop, self.current, self.state)

    @property
    def room_showing(self) -> str:
        """What the room screen shows now, one of room_view.ROOM_VIEW_IDS."""
        return room_view.shown_view(self.state)

    @property
    def check_ins(self) -> CheckInSheet:
        return CheckInSheet(self)

    @property
    def phones(self):
        """The room's phones: who joined, what is being collected (core/room.py)."""
        from facilitator.core.room import Room

        return Room(self)

    @property
    def board(self) -> DraftBoard:
        """The draft board, built once: it keeps its findings until the drafts or the rules change."""
        if self._board is None:
            self._board = DraftBoard(self)
        return self._board

    def now(self) -> datetime:
        return self._wall_clock()

    def save_now(self) -> bool:
        """For the parts of a session kept in other modules (the draft board): persist before returning."""
        self._bank()
        return self._save()

    def decision_for(self, step: Step) -> Decision | None:
        return self.state.decisions.get(step.parameter) if step.parameter else None

    def agenda(self) -> list[AgendaRow]:
        from facilitator.core.schedule import planned_starts

        rows = []
        starts = planned_starts(self)
        current = self.current_index
        complete = self.complete
        for i, step in enumerate(self.workshop.steps):
            timing = self.state.steps[step.id]
            if i == current and not complete:
                status = "current"
            elif timing.done:  # passed with n; the last step too once the workshop is complete
                status = "done"
            elif i == current + 1:
                status = "next"
            else:
                status = "pending"
            start = starts.get(step.id)
            decision = self.state.decisions.get(step.parameter) if step.parameter else None
            rows.append(AgendaRow(step, i, status, self.planned_seconds(step), self.actual_seconds(step),
                                  decision.status if decision else None, i == current,
                                  clock=f"{start:%H:%M}" if start else ""))
        return rows

    def schedule_variance(self) -> float:
        """Seconds behind the plan (negative: ahead), over finished steps the clock timed and the current
        overrun. The plan is the timeboxes as the room changed them with +/-, the same plan the totals show."""
        variance = 0.0
        for step in self.workshop.steps:
            timing = self.state.steps[step.id]
            if step.id == self.state.current_step and not timing.done:
                variance += max(0.0, self.timer.elapsed - self.planned_seconds(step))
            elif timing.done and self.actual_seconds(step) > 0:
                # a step passed without the clock says nothing about the pace: it is no time saved
                variance += self.actual_seconds(step) - self.planned_seconds(step)
        return variance

    @property
    def complete(self) -> bool:
        """Every step is done: the room moved past the last one (n on the last step)."""
        return all(t.done for t in self.state.steps.values())

    def elapsed_total(self) -> float:
        return sum(self.actual_seconds(s) for s in self.workshop.steps)

    def progress(self) -> tuple[int, int]:
        done = sum(1 for t in self.state.steps.values() if t.done)
        return done, len(self.workshop.steps)

    def decided_count(self) -> int:
        return sum(1 for d in self.state.decisions.values() if d.status == "decided")

    # -- verbs ----------------------------------------------------------------------------------------
    def next_step(self) -> bool:
        if self.is_last:
            return False
        self._move_to(self.current_index + 1, mark_done=True)
        return True

    def finish(self) -> bool:
        """`n` on the last step: it is done too, and the clock stops. False when it already was."""
        timing = self.state.steps[self.state.current_step]
        if not self.is_last or timing.done:
            return False
        if self.timer.running:
            self.timer.toggle()
            self.state.timer_running = False
        self._bank()
        timing.done = True
        self._log("finish")
        self._save()
        return True

    def previous_step(self) -> bool:
        if self.is_first:
            return False
        self._move_to(self.current_index - 1, mark_done=False)
        return True

    def go_to(self, step_id: str) -> None:
        """Jump to a step (palette, agenda click). Only `n` marks a step done: a step jumped away from was
        visited, not passed."""
        target = self.workshop.index_of(step_id)
        if target != self.current_index:
            self._move_to(target, mark_done=False)

    def toggle_timer(self) -> bool:
        running = self.timer.toggle()
        self._bank()
        self.state.timer_running = running
        self._log("start" if running else "pause")
        self._save()
        return running

    def show_room(self, view: str, *, break_minutes: int | None = None) -> str:
        """Put `view` up on the room screen; a break card counts down `break_minutes` from now."""
        if view not in room_view.BY_VIEW:
            raise ValueError(_("the room screen cannot show '{view}': {views}").format(
                view=view, views=", ".join(room_view.ROOM_VIEW_IDS)))
        self._bank()  # a break step proposes what is left of it: what was spent must be counted first
        record: dict[str, Any] = {"view": view}
        if view == "break":
            if break_minutes is None:
                break_minutes = room_view.default_break_minutes(self.current, self.state.steps[self.current.id])
            if not 1 <= break_minutes <= room_view.MAX_BREAK_MINUTES:
                raise ValueError(_("a break is 1 to {most} minutes, not {minutes}").format(
                    most=room_view.MAX_BREAK_MINUTES, minutes=break_minutes))
            record.update(break_minutes=break_minutes,
                          break_until=round(self._wall_clock().timestamp() + break_minutes * MINUTE, 3))
        self.state.room = record
        self._log("room", view=view)
        self._save()
        return view

    def cycle_room(self) -> str:
        """The next view in ROOM_VIEWS on the room screen: one key walks the coach through them."""
        return self.show_room(room_view.next_view(self.room_showing))

    def extend(self, minutes: float) -> None:
        step = self.current
        timing = self.state.steps[step.id]
        before = self.planned_seconds(step)
        timing.extra_seconds += minutes * MINUTE
        # never below one minute (or the script's shorter timebox): removing more would make it meaningless
        timing.extra_seconds = max(timing.extra_seconds, self._floor(step) - self.script_seconds(step))
        self.timer.planned_seconds = self.planned_seconds(step)
        if self.planned_seconds(step) != before:
            self._bank()
            self._log("extend", minutes=minutes)
            self._save()

    def record_decision(self, parameter: str, *, choice: str | None, decision: str, rationale: str = "",
                        owner: str = "", status: str = "decided", by_when: str = "",
                        rationale_private: bool = False,
                        values: dict[str, Any] | None = None) -> Decision:
        """Record the room's decision. `values` are its numbers (core/decision_values.py); without them a
        decided option stands for its own values, so the checks follow the option the room picked."""
        if parameter not in PARAMETER_IDS:
            raise ValueError(_("unknown parameter '{parameter}'").format(parameter=parameter))
        if status not in DECISION_STATUSES:
            raise ValueError(_("unknown decision status '{status}'").format(status=status))
        current = self.state.decisions.get(parameter)
        step_id = current.step if current else self.state.current_step
        step = self.workshop.step(step_id)
        if choice is not None and (step is None or step.option(choice) is None):
            raise ValueError(_("'{choice}' is not an option of step '{step}'").format(choice=choice, step=step_id))
        decision = decision.strip()
        if status == "decided" and not decision and step and choice:
            decision = step.option(choice).label
        if status == "decided" and not decision:
            raise ValueError(_("a decided parameter needs a choice or a decision text"))
        if status != "decided":
            values = None  # a parked decision sets no numbers yet: the rules in force stay as they were
        elif values is not None:
            values = decision_values.check(parameter, dict(values)) or None
        elif status == "decided" and choice:
            values = decision_values.option_values(parameter, choice) or None
        revisit = None
        before = (self.state.previous.get("decisions") or {}).get(parameter)
        if before and before.get("status") == "decided" and status == "decided":
            if not rationale.strip():
                raise ValueError(_("say why: last cycle's decision is kept or changed with a reason"))
            kept = before.get("choice") == choice and before.get("decision", "") == decision and (
                not before.get("values") or before.get("values") == values)
            revisit = {"previous": before.get("decision", ""), "previous_choice": before.get("choice"),
                       "verdict": "keep" if kept else "change"}
        # a parked decision is settled by its owner by a date; a decided one has nothing left to settle
        by_when = iso_date(by_when, "by-when date") if status == "parked" else ""
        record = Decision(parameter=parameter, step=step_id, status=status, choice=choice, decision=decision,
                          rationale=rationale.strip(), owner=owner.strip(),
                          decided_at=iso(self._wall_clock()) if status != "open" else None,
                          consensus=settle(current.consensus, status, choice) if current else None,
                          revisit=revisit, by_when=by_when,
                          rationale_private=rationale_private and bool(rationale.strip()), values=values)
        self.state.decisions[parameter] = record
        self._bank()
        self._save()
        return record

    def previous_decision(self, parameter: str) -> dict[str, Any] | None:
        """Last cycle's decision on `parameter`, decided or parked (a parked one is what the room must come back to)."""
        decision = (self.state.previous.get("decisions") or {}).get(parameter)
        return decision if decision and decision.get("status") in ("decided", "parked") else None

    def previous_departures(self, parameter: str) -> list[Departure]:
        """At reflect-and-reset: where last cycle's drafts departed from the rule `parameter` sets, and why (the
        room reviews them when it revisits that rule)."""
        return for_parameter(self.state.previous.get("departures") or [], parameter)

    def previous_key_results(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """(objective, key result) pairs of the earlier session, to be scored at reflect-and-reset."""
        return [(o, kr) for o in self.state.previous.get("objectives", []) for kr in o.get("key_results", [])]

    def last_check_in(self, key_result_id: str) -> KeyResultCheckIn | None:
        """At reflect-and-reset: where the key result stood at the cycle's last check-in, if there was one."""
        raw = ((self.state.previous.get("check_in") or {}).get("entries") or {}).get(key_result_id)
        return KeyResultCheckIn.from_dict(raw) if isinstance(raw, dict) else None

    def reflect(self, key_result_id: str, *, score: float | None, learning: str, verdict: str) -> None:
        """Score one of last cycle's key results on the room's scale, with what was learned and what next."""
        if verdict not in ("keep", "modify", "remove", ""):
            raise ValueError(_("unknown verdict '{verdict}': keep, modify or remove").format(verdict=verdict))
        if key_result_id not in {kr["id"] for _objective, kr in self.previous_key_results()}:
            raise ValueError(_("'{id}' is not a key result of the earlier session").format(id=key_result_id))
        if score is not None:
            scale = self.board.rules().scale
            if not scale.min <= score <= scale.max:
                raise ValueError(_("a score of {score} is outside the room's scale {scale} ({low}-{high})").format(
                    score=f"{score:g}", scale=scale.name, low=f"{scale.min:g}", high=f"{scale.max:g}"))
        self.state.reflections[key_result_id] = {"score": score, "learning": learning.strip(), "verdict": verdict}
        self._save()

    def record_consensus(self, parameter: str, result: dict[str, Any]) -> None:
        """Keep the room's consensus check with the decision it was about (built by core/consensus.py)."""
        decision = self.state.decisions.get(parameter)
        if decision is None:
            raise ValueError(_("this workshop does not decide '{parameter}'").format(parameter=parameter))
        decision.consensus = settle(carry_objections(result, decision.consensus), decision.status, decision.choice)
        self._bank()
        self._save()

    def add_action(self, text: str, *, owner: str = "", due: str = "") -> Action:
        text = text.strip()
        if not text:
            raise ValueError(_("an action needs a text"))
        due = iso_date(due)
        action = Action(id=self._next_id("a", self.state.actions), text=text, owner=owner.strip(), due=due,
                        step=self.state.current_step, created_at=iso(self._wall_clock()))
        self.state.actions.append(action)
        self._bank()
        self._save()
        return action

    def remove_action(self, action_id: str) -> None:
        self.state.actions = [a for a in self.state.actions if a.id != action_id]
        self._save()

    def park(self, text: str) -> ParkingItem:
        text = text.strip()
        if not text:
            raise ValueError(_("a parking lot item needs a text"))
        item = ParkingItem(id=self._next_id("p", self.state.parking_lot), text=text, step=self.state.current_step,
                           created_at=iso(self._wall_clock()))
        self.state.parking_lot.append(item)
        self._bank()
        self._save()
        return item

    def set_language(self, code: str) -> bool:
        """Read this session's drafts in another language (core/draft_language.py). True when it changed."""
        code = known_language(code)
        if code == self.state.language:
            return False
        self.state.language = code
        self._bank()
        self._save()
        return True

    def set_names(self, *, organization: str, team: str) -> bool:
        """Say whose session this is, later than at the start: the organization and team it belongs to decide
        which rules it falls back on and whose cycles it is part of. True when that changed anything."""
        organization, team = one_line(organization), one_line(team)
        for what, value in (("organization", organization), ("team", team)):
            if len(value) > NAME_MAX:
                template = (N_("the organization name is {length} characters long; names are kept under {most} so "
                               "they fit every screen") if what == "organization" else
                            N_("the team name is {length} characters long; names are kept under {most} so they "
                               "fit every screen"))
                raise ValueError(_(template).format(length=f"{len(value):,}", most=NAME_MAX))
        if (organization, team) == (self.state.organization, self.state.team):
            return False
        self.state.organization, self.state.team = organization, team
        self._bank()
        self._save()
        return True

    def carry_in(self, items: list[dict[str, Any]], from_session: str) -> int:
        """Points the team's previous session carried forward: open again here, saying where they come from."""
        for item in items:
            self.state.parking_lot.append(ParkingItem(
                id=self._next_id("p", self.state.parking_lot), text=str(item.get("text", "")), step="",
                created_at=iso(self._wall_clock()),
                note=f"carried from session {from_session}" + (f": {item['note']}" if item.get("note") else "")))
        if items:
            self._save()
        return len(items)

    def resolve_parked(self, item_id: str, resolution: str, note: str = "", *, owner: str = "",
                       due: str = "", action_text: str = "") -> ParkingItem:
        """Close a parking lot item: resolved, turned into an action (created here), or carried forward."""
        if resolution not in PARKING_RESOLUTIONS:
            raise ValueError(_("unknown resolution '{resolution}'").format(resolution=resolution))
        item = next((p for p in self.state.parking_lot if p.id == item_id), None)
        if item is None:
            raise ValueError(_("no parking lot item '{id}'").format(id=item_id))
        if item.resolution == "action" and resolution != "action":
            # the action it became stays on the list: the point cannot also be resolved or carried
            raise ValueError(_("'{text}' is already an action; change the action instead").format(text=item.text))
        if resolution == "action":
            if item.resolution == "action":
                raise ValueError(_("'{text}' is already an action").format(text=item.text))
            # the point as parked is often a question; the action says what will be done about it
            self.add_action(action_text.strip() or item.text, owner=owner, due=due)
        item.resolution = resolution
        item.note = note.strip()
        self._save()
        return item

    def open_parking(self) -> list[ParkingItem]:
        return [p for p in self.state.parking_lot if not p.resolution]

    def _next_id(self, prefix: str, items: list) -> str:
        taken = {i.id for i in items}
        n = len(items) + 1
        while f"{prefix}{n}" in taken:
            n += 1
        return f"{prefix}{n}"

    def checkpoint(self, *, force: bool = False) -> bool:
        """Bank the running clock to disk now and then, and retry a failed save; True if it saved."""
        interval = RETRY_SECONDS if self.unsaved_reason else CHECKPOINT_SECONDS
        if not force and self._now_monotonic() - self._last_checkpoint < interval:
            return False
        self._bank()
        return self._save()

    def close(self) -> None:
        """Leaving the session: keep the time spent, and whether the clock ran, for the next resume."""
        self._bank()
        self._save()

    # -- internals ------------------------------------------------------------------------------------
    def _now_monotonic(self) -> float:
        return self._clock() if self._clock else time.monotonic()

    def _make_timer(self) -> Timer:
        step = self.current
        kwargs = {"clock": self._clock} if self._clock else {}
        return Timer(self.planned_seconds(step), elapsed=self.state.steps[step.id].actual_seconds, **kwargs)

    def _log(self, event: str, **details: Any) -> None:
        self.state.log.append({"at": iso(self._wall_clock()), "step": self.state.current_step, "event": event,
                               "elapsed": round(self.timer.elapsed, 1), **details})

    def _bank(self) -> None:
        self.state.steps[self.state.current_step].actual_seconds = round(self.timer.elapsed, 1)

    def _move_to(self, index: int, *, mark_done: bool) -> None:
        was_running = self.timer.running
        self._bank()
        if mark_done:
            self.state.steps[self.state.current_step].done = True
        self.state.current_step = self.workshop.steps[index].id
        self.timer = self._make_timer()
        if was_running or self.state.auto_start:
            self.timer.start()
            self.state.timer_running = True
        self._log("enter")
        self._save()

    def summary(self) -> dict[str, Any]:
        return summarize(self.state.to_dict())

    def _save(self) -> bool:
        """Persist now; on a failed save keep everything in memory and say why (retried by checkpoint)."""
        self._last_checkpoint = self._now_monotonic()
        state = self.state.to_dict()
        revision = content_revision(state)
        if revision == self._saved_revision and self.unsaved_reason is None:
            return True
        now = self._wall_clock()
        self.state.updated_at = iso(now)
        # the clock as of this save, for a room screen in another process to run on from (room_view.RoomClock)
        self.state.clock = {"step": self.state.current_step, "running": self.timer.running,
                            "elapsed": round(self.timer.elapsed, 3), "at": round(now.timestamp(), 3)}
        state = self.state.to_dict()
        try:
            self.store.save_session(state, summarize(state))
        except SaveError as exc:
            self.unsaved_reason = str(exc)
            return False
        self.unsaved_reason = None
        self._saved_revision = revision
        return True
