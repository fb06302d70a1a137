"""Running a workshop: agenda, the current step, its decision, and the clock."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Header, Static

from facilitator.core import room_view
from facilitator.core.errors import FacilitatorError
from facilitator.core.schedule import Cues, clock_started, drift_line
from facilitator.core.schedule import plan_line as plan_text
from facilitator.core.session import Session
from facilitator.i18n import N_, _, ngettext
from facilitator.providers import StepCommands
from facilitator.render.guard import guarded
from facilitator.render.plain import escape
from facilitator.render.read_only import changes_the_record
from facilitator.render.step_text import decision_text, markdown, step_body, step_heading
from facilitator.widgets.agenda import Agenda
from facilitator.widgets.countdown import Countdown
from facilitator.widgets.key_bar import KeyBar
from facilitator.widgets.status_line import StatusLine


class FacilitateScreen(Screen[None]):
    NARROW = 70  # columns; below this the agenda is hidden (.narrow in app.tcss)
    COMMANDS = {StepCommands}
    # Each binding has an id, so a coach can remap it in the keymap file (see README), and a tooltip, which is
    # what the help screen says the key does.
    BINDINGS = [
        Binding("n,right", "next_step", N_("Next"), key_display="n/→", priority=True, id="next-step",
                tooltip=N_("Next step (marks this one done)")),
        Binding("p,left", "previous_step", N_("Prev"), key_display="p/←", priority=True, id="previous-step",
                tooltip=N_("Previous step")),
        Binding("space", "toggle_timer", N_("Timer"), key_display="spc", priority=True, id="toggle-timer",
                tooltip=N_("Start or pause the step's timer")),
        Binding("plus,equals_sign", "extend(1)", N_("+1 min"), key_display="+", show=False, id="add-minute",
                tooltip=N_("Add a minute to this step's timebox")),
        Binding("minus,underscore", "extend(-1)", N_("-1 min"), key_display="-", show=False, id="remove-minute",
                tooltip=N_("Remove a minute from this step's timebox")),
        Binding("d", "decide", N_("Decide"), id="decide", tooltip=N_("Record or edit this step's decision")),
        Binding("f", "toggle_notes", N_("Notes"), id="toggle-notes",
                tooltip=N_("Show or hide the private facilitator notes")),
        Binding("N", "coach_note", N_("Coach note"), show=False, id="coach-note",
                tooltip=N_("Your private note on this step (never shared or exported unless --include-private)")),
        Binding("i", "attendees", N_("Who's here"), show=False, id="attendees",
                tooltip=N_("The session's people: names, roles and e-mails, whom owners name")),
        Binding("b", "cues", N_("Cues"), show=False, id="cues",
                tooltip=N_("Timebox cues: off, flash, flash and bell (a minute before the end and at zero)")),
        Binding("a", "add_action", N_("Action"), id="add-action",
                tooltip=N_("New action item: what, owner, due date")),
        Binding("k", "park", N_("Park"), show=False, id="park",
                tooltip=N_("Park an off-topic point in the parking lot")),
        Binding("K", "review_parking", N_("Review parking lot"), show=False, id="review-parking",
                tooltip=N_("Review the parking lot: resolve, make an action, or carry each point forward")),
        Binding("s", "summary", N_("Summary"), show=False, id="summary",
                tooltip=N_("Summary: decisions, actions, parking lot, timing")),
        Binding("r", "qr", N_("QR code"), show=False, id="qr",
                tooltip=N_("QR code to scan: the share link, or the decisions as text")),
        Binding("o", "draft_board", N_("OKRs"), show=False, id="draft-board",
                tooltip=N_("Draft board: objectives and key results, checked by the coach")),
        Binding("P", "toggle_presenter", N_("Present"), show=False, id="toggle-presenter",
                tooltip=N_("Presenter mode: safe to share, notes hidden, prompt and clock large")),
        Binding("w", "cycle_room", N_("Room"), show=False, id="cycle-room",
                tooltip=N_("What the room screen (facilitator room) shows: the next of step, draft board, summary, "
                        "parking lot, QR code, break card")),
        Binding("W", "choose_room", N_("Room view"), show=False, id="choose-room",
                tooltip=N_("Pick what the room screen shows, and how long a break is")),
        Binding("c", "toggle_coach_aids", N_("Coach aids"), show=False, id="toggle-coach-aids",
                tooltip=N_("Show or hide the usual-start marker (hidden in presenter mode until shown)")),
        Binding("v", "consensus", N_("Consensus"), show=False, id="consensus",
                tooltip=N_("Consensus check on this decision: fist-of-five or dot voting")),
        Binding("t", "names", N_("Team"), show=False, id="names",
                tooltip=N_("Organization and team of this session: its rules and cycles follow them")),
        Binding("j", "join", N_("Phones"), show=False, id="join",
                tooltip=N_("The room's phones: join by QR code, vote and write privately, reveal together")),
        Binding("C", "cycle_view", N_("Cycle"), show=False, id="cycle-view",
                tooltip=N_("The team's cycle: what is done, the next step and when, what is open")),
        Binding("question_mark", "help", N_("Help"), key_display="?", id="help", tooltip=N_("This help")),
        Binding("q", "quit_session", N_("Quit"), id="quit",
                tooltip=N_("Save and quit (resume later where you left off)")),
    ]

    # What the screen shows that changes while the room works: each watcher repaints only its own widget, and
    # only when the value really changed (the clock ticks every second; the plan line changes once a minute).
    presenting = var(False, init=False)
    notes_visible = var(False, init=False)
    plan_line = var("", init=False)
    room_line = var("", init=False)
    clock_line = var("", init=False)  # with the plan line: when the session ends at this pace
    save_warning = var("", init=False)

    def __init__(self, session: Session, *, presenting: bool = False, cues: Cues | None = None):
        super().__init__()
        self.session = session
        self.set_reactive(FacilitateScreen.presenting, presenting)
        self.cues = cues or Cues()
        # What the "before you move on" warning was about: the step, its gaps and what was recorded then.
        self._warned: tuple | None = None
        self._quit_warned = False
        self._aids_shown: bool | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="facilitate"):
            with VerticalScroll(id="agenda"):
                yield Agenda()
            with Vertical(id="main"):
                yield Static(_("PRESENTER MODE · safe to share · P to leave"), id="presenter-mark")
                with Horizontal(id="step-bar"):
                    with Vertical(id="step-titles"):
                        yield Static(id="step-heading")
                        yield Static(id="step-title")
                        yield StatusLine(id="room-status")
                        yield StatusLine(id="plan-clock")
                        yield StatusLine(id="save-status")
                        yield StatusLine(id="phones-status")
                    yield Countdown(id="countdown")
                # the drift line under the clock, full width: beside it, it ran into the clock at 80 columns
                yield StatusLine(id="plan-status")
                with VerticalScroll(id="step-body"):
                    yield Static(id="next-step")
                    yield Static(id="decision")
                    yield Static(id="notes")
                    yield Static(id="prompt")
                    # a self-guided team's "before you move on": inline, above the example it needs to fix
                    # its answer, never a notice drawn over it
                    yield Static(id="readiness")
                    yield Static(id="example")
        yield KeyBar()

    def on_mount(self) -> None:
        workshop = self.session.workshop
        state = self.session.state
        self.title = workshop.title
        self.show_names()
        agenda_box = self.query_one("#agenda")
        agenda_box.border_title = _("Agenda")
        agenda_box.can_focus = False  # the keys belong to the step; the agenda is for reading and clicking
        self.query_one("#decision").border_title = _("Decision")
        self.query_one("#example").border_title = _("Example of a good answer")
        self.query_one("#next-step").border_title = _("Workshop complete · your next step")
        notes = self.query_one("#notes", Static)
        # a team on its own is its own facilitator: the notes are its coaching tips, on the screen from the start
        notes.border_title = _("Coaching tips for your team (f hides them)") if state.self_guided else \
            _("Facilitator notes · private")
        notes.display = False
        readiness = self.query_one("#readiness", Static)
        readiness.border_title = _("Before you move on")
        readiness.display = False
        if state.self_guided and not self.presenting:
            self.set_reactive(FacilitateScreen.notes_visible, True)
        if state.self_guided:
            # the team reads the step first, then the example it answers by, then its tips
            self.query_one("#step-body").move_child(notes, after=self.query_one("#example"))
        self.query_one("#step-body").focus()
        self.set_class(self.presenting, "presenting")
        self._fit_width(self.app.size.width)
        self.app.workspace.announce(self.session)  # a room screen (facilitator room) follows this session
        self.show_step()
        self.show_room()
        self.set_interval(1.0, self.tick)
        if not (state.organization or state.team) and not self.app.workspace.read_only:
            self.notify(_("This session belongs to no organization or team, so no team's rules or cycles reach "
                        "it: press t to say whose it is."), title=_("Whose session?"), timeout=10)
        self._offer_plan()

    def _offer_plan(self) -> None:
        """The team's last session planned this one: say what was agreed while the room gathers."""
        plan = self.session.state.planned
        if not plan or self.session.elapsed_total() > 0:
            return
        from facilitator.core.export_markdown import next_session_line

        said = next_session_line(plan, plain=True)
        workshop = plan.get("workshop", "")
        if workshop and workshop not in (self.session.workshop.id, self.session.workshop.title):
            said += " " + _("(This session runs '{title}'.)").format(title=self.session.workshop.title)
        self.notify(said + "\n\n" + _("i notes who is here; the follow-up lists them."),
                    title=_("Planned at session {session}").format(session=plan.get("from", "")), timeout=15)

    def show_names(self) -> None:
        state = self.session.state
        self.sub_title = " · ".join(x for x in (state.organization, state.team) if x) or state.id

    def on_resize(self, event) -> None:
        self._fit_width(event.size.width)

    def _fit_width(self, width: int) -> None:
        # Set before the first layout rather than with breakpoints, which cost a second layout pass at start-up.
        self.set_class(width < self.NARROW, "narrow")

    # -- painting -----------------------------------------------------------------------------------
    def show_step(self) -> None:
        session = self.session
        step = session.current
        self.query_one("#step-heading", Static).update(
            step_heading(step, session.current_index, len(session.workshop.steps)))
        self.query_one("#step-title", Static).update(Content(step.title))  # as written: brackets are no markup
        self.query_one("#prompt", Static).update(step_body(step, session.state.parking_lot, session,
                                                                  usual_start=self.app.coach_aids))
        notes = self.query_one("#notes", Static)
        # In presenter mode the private notes never even reach the screen's widgets.
        notes.update("" if self.presenting else self._notes_text(step))
        notes.display = self._notes_shown(step)
        self.query_one("#readiness", Static).display = False
        example = self.query_one("#example", Static)
        example.display = self.session.state.self_guided and bool(step.example)
        example.update(markdown(step.example) if step.example else "")
        if self._warned is not None and self._warned[0] != step.id:
            # the warning was about the step just left: it must not sit over the next one
            self.app.clear_notifications()
        self._warned = None
        self.cues.due(step.id, session.timer.remaining, False)  # arriving on a step is no crossing
        self.show_next_step()
        self.show_decision()
        self.query_one("#step-body", VerticalScroll).scroll_home(animate=False)
        self.query_one(Agenda).show(session.agenda())
        self._agenda_minute = int(session.timer.elapsed // 60)
        self.tick(checkpoint=False)

    def _notes_shown(self, step) -> bool:
        if self.presenting or not self.notes_visible:
            return False
        # a self-guided team sees tips where the step has some, not an empty box on every step
        return not self.session.state.self_guided or bool(step.notes or self.session.state.coach_notes.get(step.id))

    def _notes_text(self, step):
        from rich.console import Group
        from rich.text import Text

        script = markdown(step.notes or _("*No facilitator notes for this step.*"))
        own = self.session.state.coach_notes.get(step.id)
        if not own:
            return script
        return Group(Text(_("Your note (N to edit)"), style="bold"), Text(own), Text(""), script)

    def next_step_lines(self) -> list[str]:
        """Once the workshop is complete: the team's exact next step, with the command that starts it."""

        from facilitator.core.cycle_text import next_lines

        state = self.session.state
        if not (state.organization or state.team):
            return [_("This session belongs to no team, so it is on no team's cycle: t says whose it is.")]
        try:
            path = self.app.workspace.cycle_path(state.organization, state.team)
        except FacilitatorError:
            return []
        if path.next is None or path.next.resume == state.id:
            return []
        return next_lines(path, self.app.workspace.today(), self.app.db_option)

    def show_next_step(self) -> None:
        panel = self.query_one("#next-step", Static)
        lines = self.next_step_lines() if self.session.complete and self.session.is_last else []
        panel.display = bool(lines)
        if lines:
            panel.update(Content("\n".join([
                _("Every step is done and the clock is stopped."), "", *lines, "",
                _("C shows the whole cycle; s the summary; q quits (the record is saved) and prints the command.")])))

    def show_decision(self) -> None:
        step = self.session.current
        panel = self.query_one("#decision", Static)
        record = self.session.state.step_records.get(step.id, "")
        if not step.parameter:
            # a step that decides nothing may still hold what the room said (d records it)
            panel.display = bool(record)
            panel.border_title = _("What the room said")
            panel.update(Content(record))
            panel.set_class(False, "decided")
            panel.set_class(False, "parked")
            return
        panel.display = True
        panel.border_title = _("Decision")
        decision = self.session.decision_for(step)
        text = decision_text(step, decision, shared=self.presenting)
        before = self.session.previous_decision(step.parameter) if step.parameter else None
        if before:
            said = escape(before.get("decision", "") or _("(no wording)"))
            if before.get("status") == "parked":
                why = escape(before.get("rationale", ""))
                said = (_("parked, to decide later: {decision} (why: {why})") if why else
                        _("parked, to decide later: {decision}")).format(decision=said, why=why)
            # the team set this rule aside last cycle, on purpose: the revisit is where to look at it again
            departed = [_("[b]Last cycle you departed from it:[/b] {finding} Why: {reason}").format(
                finding=escape(d.finding), reason=escape(d.reason))
                for d in self.session.previous_departures(step.parameter)]
            text = "\n".join([_("[b]Last cycle:[/b] {decision}").format(decision=said), *departed, text])
        panel.update(text)
        panel.set_class(bool(decision and decision.status == "decided"), "decided")
        panel.set_class(bool(decision and decision.status == "parked"), "parked")
        self._refresh_readiness()

    def _refresh_readiness(self) -> None:
        """A warning on the screen follows what the team records: it says what is still missing, or goes."""
        panel = self.query_one("#readiness", Static)
        if not panel.display:
            return
        gaps = self.session.readiness()
        panel.display = bool(gaps)
        if gaps:
            panel.update(Content("\n".join([*gaps, "", _("Press n again to move on anyway.")])))

    def tick(self, checkpoint: bool = True) -> None:
        session = self.session
        self.query_one(Countdown).show(session.timer, started=clock_started(session))
        # the plan as the room changed it with +/-, the same plan the summary totals
        self.plan_line = plan_text(session)
        self.room_line = _("Room screen: {view} (w)").format(view=_(room_view.BY_VIEW[session.room_showing].label))
        self.clock_line = drift_line(session)
        self._cue(session)
        # the agenda counts minutes; a timebox under a minute is counted in seconds
        unit = 1 if session.planned_seconds(session.current) < 60 else 60
        minute = int(session.timer.elapsed // unit)
        if minute != getattr(self, "_agenda_minute", None):
            self._agenda_minute = minute
            self.query_one(Agenda).show(session.agenda())
        if checkpoint and (session.timer.running or session.unsaved_reason):
            self._guard(lambda: session.checkpoint())
        self._show_save_status()

    def watch_room_line(self, line: str) -> None:
        self.query_one("#room-status", StatusLine).text = line

    def watch_plan_line(self, line: str) -> None:
        self.query_one("#plan-status", StatusLine).text = line

    def watch_clock_line(self, line: str) -> None:
        self.query_one("#plan-clock", StatusLine).text = line

    def _cue(self, session: Session) -> None:
        timer = session.timer
        cue = self.cues.due(session.current.id, timer.remaining, timer.running)
        if cue is None or not self.cues.any_on:
            return
        if self.cues.bell:
            self.app.bell()
        if self.cues.flash:
            countdown = self.query_one(Countdown)
            countdown.add_class("cue")
            self.set_timer(1.5, lambda: countdown.remove_class("cue"))
            self.notify(_("One minute left on this step.") if cue == "ahead" else _("Time is up on this step."),
                        timeout=4)

    def watch_save_warning(self, warning: str) -> None:
        self.query_one("#save-status", StatusLine).text = warning

    def show_room(self) -> None:
        """While the room is open: how many joined and answered, never what (the values wait for the reveal)."""
        if not self.is_attached:
            return
        line = ""
        if self.app.join_server is not None:
            joined, answered = self.session.phones.progress()
            line = _("Phones: {joined} joined · {answered} answered (j)").format(joined=joined, answered=answered)
        self.query_one("#phones-status", StatusLine).text = line

    def _show_save_status(self) -> None:
        reason = self.session.unsaved_reason
        if reason is None and self.app.workspace.read_only:
            reason = _("the database is open read-only")
        self.save_warning = _("NOT SAVED: {reason} (retrying)").format(reason=reason) if reason else ""

    def _guard(self, action) -> bool:
        return guarded(self, action)

    # -- actions ------------------------------------------------------------------------------------
    def action_next_step(self) -> None:
        gaps = self.session.readiness() if self.session.state.self_guided else []
        # A team on its own gets the check a coach would make; pressing n again moves on anyway, but only
        # straight after the warning: anything recorded in between is checked afresh.
        warned = (self.session.current.id, tuple(gaps), self._record_mark())
        if gaps and self._warned != warned:
            self._warned = warned
            panel = self.query_one("#readiness", Static)
            panel.update(Content("\n".join([*gaps, "", _("Press n again to move on anyway.")])))
            panel.display = True
            panel.scroll_visible(animate=False)
            return
        if self.session.is_last:
            if self.session.state.steps[self.session.current.id].done:
                self.notify(_("This is the last step, and the workshop is complete."), timeout=4)
            elif self._guard(self.session.finish):
                self.show_step()  # the end screen: the panel says it is complete and what comes next
                if not self.query_one("#next-step").display:
                    self.notify(_("Every step is done and the clock is stopped. s shows the summary to read "
                                  "back; q quits (the record is saved)."), title=_("Workshop complete"), timeout=12)
            return
        if self._guard(self.session.next_step):
            self.show_step()
            if self.session.current.kind == "drafting":
                self.action_draft_board()  # a drafting step is done on the board; escape comes back here

    def _record_mark(self) -> tuple:
        """What the room has recorded on this step, to tell whether anything changed since a warning."""
        state = self.session.state
        decision = self.session.decision_for(self.session.current)
        return (repr(decision), len(state.actions), len(state.parking_lot),
                tuple(p.resolution for p in state.parking_lot))

    def action_previous_step(self) -> None:
        if self._guard(self.session.previous_step):
            self.show_step()

    def on_agenda_step_chosen(self, message: Agenda.StepChosen) -> None:
        self.go_to(message.step_id)

    def go_to(self, step_id: str) -> None:
        """Jump to a step (from the command palette or a click on the agenda)."""
        if step_id == self.session.current.id:
            return
        if self._guard(lambda: self.session.go_to(step_id)):
            self.show_step()

    def action_toggle_timer(self) -> None:
        self._guard(self.session.toggle_timer)
        self.tick(checkpoint=False)

    @changes_the_record
    def action_extend(self, minutes: int) -> None:
        self._guard(lambda: self.session.extend(minutes))
        self.query_one(Agenda).show(self.session.agenda())
        self.tick(checkpoint=False)

    def action_toggle_notes(self) -> None:
        if self.presenting:
            self.notify(_("Facilitator notes stay hidden in presenter mode (P to leave it)."), severity="warning")
            return
        self.notes_visible = not self.notes_visible

    def watch_notes_visible(self, visible: bool) -> None:
        self.query_one("#notes").display = self._notes_shown(self.session.current)

    def action_toggle_presenter(self) -> None:
        self.presenting = not self.presenting

    def watch_presenting(self, presenting: bool) -> None:
        self.app.coach_aids = not presenting  # hidden when sharing the screen, until the coach shows them
        if presenting:
            # The screen may still be shared right after leaving presenter mode: the notes come back only when
            # the coach asks for them (f), never by themselves.
            self.set_reactive(FacilitateScreen.notes_visible, False)
        self.set_class(presenting, "presenting")
        self._fit_width(self.app.size.width)
        self.show_step()

    @changes_the_record
    def action_cycle_room(self) -> None:
        if self._guard(self.session.cycle_room):
            self.tick(checkpoint=False)

    @changes_the_record
    def action_choose_room(self) -> None:
        from facilitator.screens.room_chooser import RoomChoice, RoomChooser

        def chosen(choice: RoomChoice | None) -> None:
            if choice is not None and self._guard(
                    lambda: self.session.show_room(choice.view, break_minutes=choice.break_minutes)):
                self.tick(checkpoint=False)

        step = self.session.current
        self.app.push_screen(RoomChooser(self.session.room_showing, room_view.default_break_minutes(
            step, self.session.state.steps[step.id])), chosen)

    def action_toggle_coach_aids(self) -> None:
        self.app.coach_aids = not self.app.coach_aids
        self.show_step()
        self.notify(_("The usual-start marker and the coach's findings are shown (c hides them).") if
                    self.app.coach_aids else _("The usual-start marker and the coach's findings are hidden."),
                    timeout=3)

    def on_screen_resume(self) -> None:
        # the draft board may have shown or hidden the coach aids meanwhile
        if self._aids_shown is not None and self._aids_shown != self.app.coach_aids:
            self.show_step()

    def action_cycle_view(self) -> None:
        state = self.session.state
        if not (state.organization or state.team):
            self.notify(_("This session belongs to no organization or team, so it is on no cycle: press t to say "
                          "whose it is."), severity="warning", timeout=8)
            return
        self.session.checkpoint(force=True)
        self.app.show_cycle(state.organization, state.team, can_start=False)

    def action_help(self) -> None:
        from facilitator.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.BINDINGS, self.app.keymap))

    @changes_the_record
    def action_decide(self) -> None:
        step = self.session.current
        if step.kind == "check-in":
            from facilitator.screens.check_in import CheckInScreen

            self.app.push_screen(CheckInScreen(self.session), lambda _result: self.show_step())
            return
        if step.kind == "reflection":
            from facilitator.screens.reflection import ReflectionScreen

            self.app.push_screen(ReflectionScreen(self.session), lambda _result: self.show_step())
            return
        if not step.parameter:
            self._record_step(step)
            return

        from facilitator.screens.decision import DecisionResult, DecisionScreen

        def save(result: DecisionResult | None) -> None:
            if result is None:
                return
            ok = self._guard(lambda: self.session.record_decision(
                step.parameter, choice=result.choice, decision=result.decision, rationale=result.rationale,
                owner=result.owner, status=result.status, by_when=result.by_when,
                rationale_private=result.rationale_private, values=result.values))
            if ok:
                self.show_decision()
                self.query_one(Agenda).show(self.session.agenda())
                self._warn_if_not_agreed(step)

        self.app.push_screen(DecisionScreen(step, self.session.decision_for(step),
                                            previous=self.session.previous_decision(step.parameter),
                                            usual_start=self.app.coach_aids), save)

    def _record_step(self, step) -> None:
        if step.kind in ("break", "drafting"):
            self.notify(_("This step records nothing: the draft board (o) holds the drafts.") if step.kind ==
                        "drafting" else _("This step records nothing: it is a break."), severity="warning")
            return
        from facilitator.screens.notes_dialogs import TextDialog

        def save(text: str | None) -> None:
            if text is not None and self._guard(lambda: self.session.record_step_text(step.id, text)):
                self.show_decision()

        self.app.push_screen(TextDialog(
            _("What the room said · {step}").format(step=step.title),
            _("In the room's own words, one point a line: the follow-up quotes it under this step's title."),
            self.session.state.step_records.get(step.id, "")), save)

    @changes_the_record
    def action_coach_note(self) -> None:
        if self.presenting:
            self.notify(_("Your notes stay hidden in presenter mode (P to leave it)."), severity="warning")
            return
        from facilitator.screens.notes_dialogs import TextDialog

        step = self.session.current

        def save(text: str | None) -> None:
            if text is not None and self._guard(lambda: self.session.set_coach_note(step.id, text)):
                self.notes_visible = True
                self.show_step()

        self.app.push_screen(TextDialog(
            _("Your note · {step}").format(step=step.title),
            _("Private: never in the follow-up, the QR code or a shared screen (only with --include-private)."),
            self.session.state.coach_notes.get(step.id, ""), dialog_id="coach-note"), save)

    @changes_the_record
    def action_attendees(self) -> None:
        from facilitator.core.follow_up_verbs import attendees_text, parse_attendees
        from facilitator.screens.notes_dialogs import TextDialog

        def save(text: str | None) -> None:
            if text is not None and self._guard(lambda: self.session.set_attendees(parse_attendees(text))):
                count = len(self.session.state.attendees)
                self.notify(ngettext("{count} person in the room.", "{count} people in the room.", count)
                            .format(count=count), timeout=3)

        self.app.push_screen(TextDialog(
            _("The session's people"),
            _("One person a line: name, role, e-mail (role and e-mail optional). Owners are these people, by name."),
            attendees_text(self.session.state.attendees)), save)

    def action_cues(self) -> None:
        said = self.cues.cycle()
        self.notify(said[0].upper() + said[1:], timeout=5)

    @changes_the_record
    def action_consensus(self) -> None:
        from facilitator.screens.consensus import ConsensusScreen

        step = self.session.current
        if not step.parameter:
            self.notify(_("A consensus check belongs to a decision step."), severity="warning")
            return
        decision = self.session.decision_for(step)

        def save(result) -> None:
            if result is not None and self._guard(lambda: self.session.record_consensus(step.parameter, result)):
                self.show_decision()
                self._warn_if_not_agreed(step)

        self.app.push_screen(ConsensusScreen(step, decision.consensus if decision else None, decision), save)

    def _warn_if_not_agreed(self, step) -> None:
        decision = self.session.decision_for(step)
        consensus = decision.consensus if decision else None
        if consensus and consensus.get("method") == "dot-voting" and consensus.get("differs") \
                and not consensus.get("confirmed"):
            leader = step.option(consensus["leader"])
            self.notify(_("The dot vote's leader is '{leader}', the decision written down is not: it counts as not "
                          "agreed until the room confirms it (v).").format(
                              leader=leader.label if leader else consensus["leader"]),
                        title=_("Not agreed"), severity="warning", timeout=10, markup=False)

    @changes_the_record
    async def action_join(self) -> None:
        """Open the room to phones (the join server starts now, with a fresh token) and show how to join."""
        from facilitator.core.join_address import JoinUrlError
        from facilitator.screens.join import JoinScreen

        if self.app.join_server is None:
            try:
                await self.app.open_room()
            except JoinUrlError as exc:
                self.notify(str(exc), title=_("Cannot open the room"), severity="error", timeout=12)
                return
            except OSError as exc:
                self.notify(_("The join server cannot listen: {reason}. Try --join-host with this machine's Wi-Fi "
                              "address, or free the port.").format(reason=exc.strerror or exc),
                            title=_("Cannot open the room"), severity="error", timeout=12)
                return
        def back(_result) -> None:
            self.show_step()
            self.show_room()

        self.app.push_screen(JoinScreen(self.session), back)

    def action_add_action(self) -> None:
        self.app.action_add_action()

    def action_park(self) -> None:
        self.app.action_park()

    @changes_the_record
    def action_review_parking(self) -> None:
        from facilitator.screens.parking_review import ParkingReviewScreen

        self.app.push_screen(ParkingReviewScreen(self.session), lambda _result: self.show_step())

    def action_summary(self) -> None:
        from facilitator.screens.summary import SummaryScreen

        self.session.checkpoint(force=True)
        state = self.session.state
        workspace = self.app.workspace
        # every session of the team is read for its cycles: in the summary's worker, never on this thread
        history = (lambda: workspace.team_history(state.organization, state.team)) if state.team else None
        self.app.push_screen(SummaryScreen(self.session, history, presenting=self.presenting))

    @changes_the_record
    def action_names(self) -> None:
        from facilitator.screens.names import Names, NamesScreen

        state = self.session.state

        def save(result: Names | None) -> None:
            if result is None:
                return
            names: list[tuple[str, str]] = []
            if self._guard(lambda: names.append(self.app.workspace.rename(self.session, result.organization,
                                                                         result.team))):
                self.show_names()
                shown = " / ".join(x for x in names[0] if x) or _("no organization or team")
                self.notify(f"{shown}. {self.session.board.resolution().headline()}", title=_("Session moved"),
                            timeout=8)

        organizations, teams = self.app.workspace.known_names()
        self.app.push_screen(NamesScreen(Names(state.organization, state.team), organizations, teams), save)

    def action_draft_board(self) -> None:
        from facilitator.screens.draft_board import DraftBoardScreen

        self.app.push_screen(DraftBoardScreen(self.session))

    def action_qr(self) -> None:
        from facilitator.screens.qr import QRScreen

        data, what = self.session.share_target()
        self.app.push_screen(QRScreen(data, what))

    def action_quit_session(self) -> None:
        self._guard(self.session.close)
        reason = self.session.unsaved_reason
        if reason and not self.app.workspace.read_only and not self._quit_warned:
            # Quitting now would leave the database behind what the room decided: say so once.
            self._quit_warned = True
            self.notify(reason + "\n\n" + _("Press q again to quit anyway: the session is then written to a rescue "
                                            "file (its path is printed) that `facilitator import --replace` brings "
                                            "back."),
                        title=_("Not saved"), severity="error", timeout=20)
            return
        self.app.exit()

