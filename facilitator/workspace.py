"""What the screens and the command line talk to: sessions on disk, workshops from the catalog.

Screens never touch the store directly; they ask the workspace for a `Session` and call its verbs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from facilitator import i18n
from facilitator.core import catalog
from facilitator.core.checkin_sheet import cycle_text_of, link_record
from facilitator.core.cycle_path import CyclePath, NextStep, team_path
from facilitator.core.cycles import CHECK_IN, DEPLOYMENT, OTHER, REFLECTION, Cycles, name_key, workshop_kind
from facilitator.core.export_formats import ExportOptions, export_language, render
from facilitator.core.loader import WorkshopError, parse_workshop
from facilitator.core.records import SessionState, SessionSummary, one_line
from facilitator.core.rules import resolve_session
from facilitator.core.session import Session
from facilitator.core.timer import Clock
from facilitator.core.workshop import Workshop
from facilitator.i18n import _, ngettext
from facilitator.store import Store, StoreError, atomic_write_text

NO_SESSION_GIVEN = i18n.N_("no session given: use a session id (see `facilitator sessions`) or 'latest'")
MAX_LISTED = 20  # sessions named in an ambiguous-prefix message


class SessionNotFound(StoreError):
    """No session answers to what was asked for (an id, a prefix, `latest` among a selection)."""


class SessionConflict(StoreError):
    """An import names a session that is already here with other content."""


class ImportResult(NamedTuple):
    session_id: str
    changed: bool
    notes: list[str]


@dataclass(frozen=True)
class Selection:
    """Which sessions a command means: of an organization, a team, a workshop (each optional; case and spacing
    do not count, as everywhere organizations and teams are compared)."""

    organization: str | None = None
    team: str | None = None
    workshop: str | None = None

    def matches(self, summary: SessionSummary) -> bool:
        return all(wanted is None or name_key(wanted) == name_key(value)
                   for wanted, value in ((self.organization, summary.organization), (self.team, summary.team),
                                         (self.workshop, summary.workshop_id)))

    def describe(self) -> str:
        parts = [what.format(name=value) for what, value in ((_("organization '{name}'"), self.organization),
                                                             (_("team '{name}'"), self.team),
                                                             (_("workshop '{name}'"), self.workshop))
                 if value is not None]
        return _(" of {parts}").format(parts=", ".join(parts)) if parts else ""


def _described(summary: SessionSummary) -> str:
    who = " / ".join(x for x in (summary.organization, summary.team) if x) or _("no team")
    return _("{title} · {who} · started {date}").format(title=summary.workshop_title or "?", who=who,
                                                         date=summary.started_at[:10])


def _source_of(workshop_ref: str) -> str:
    """The text of a workshop run from a file, kept with the session; built-in workshops ship with the app."""
    if workshop_ref in catalog.builtin_paths():
        return ""
    try:
        return Path(workshop_ref).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


class Workspace:
    def __init__(self, store: Store, *, clock: Clock | None = None):
        self.store = store
        self.clock = clock
        self._kinds: dict[str, str] = {}
        # every question about the organization's cycles starts from the whole list of sessions: kept, with the
        # store's index version it was read at (a write through the store or a new index on disk moves it)
        self._summaries: tuple[int, tuple[SessionSummary, ...]] | None = None

    @property
    def db_path(self) -> Path:
        return self.store.path

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def migration_note(self) -> str | None:
        if self.store.migrated_from is None:
            return None
        return _("Upgraded {path} from schema {version}; the old file is kept as {backup}").format(
            path=self.store.path, version=self.store.migrated_from, backup=self.store.migration_backup)

    def sessions(self, selection: Selection | None = None) -> list[SessionSummary]:
        """The most recently changed first; only those `selection` names, when given."""
        version = self.store.index_version()  # first: a save in between makes the next call read them again
        kept = self._summaries
        if kept is None or kept[0] != version:
            kept = self._summaries = (version, tuple(SessionSummary.from_dict(row)
                                                     for row in self.store.list_sessions()))
        found = list(kept[1])  # summaries are frozen; the list is the caller's own
        return [s for s in found if selection.matches(s)] if selection else found

    def find(self, ref: str = "latest", selection: Selection | None = None) -> str:
        """The id of one session: `latest` (the latest *started*: opening an old session to look something up
        must not make it the latest), a full id or an unambiguous prefix, among the selected sessions."""
        if not ref.strip():
            raise SessionNotFound(_(NO_SESSION_GIVEN))
        selection = selection or Selection()
        candidates = self.sessions(selection)
        if not candidates:
            where = selection.describe()
            raise SessionNotFound(_("there are no saved sessions{where} in {path}").format(
                where=where, path=self.db_path) if where else
                _("there are no saved sessions in {path}").format(path=self.db_path))
        if ref == "latest":
            # reversed: the index lists the later-created first among equals, and max keeps the first it meets
            return max(reversed(candidates), key=lambda s: s.started_at).id
        ids = [s.id for s in candidates]
        if ref in ids:
            return ref
        matches = [i for i in ids if i.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            # every match with what it is, so the coach can pick the right one (the first 20 on a long list)
            rows = {s.id: s for s in candidates}
            listed = "\n".join(f"  {i}  {_described(rows[i])}" for i in matches[:MAX_LISTED])
            more = "\n  " + _("... and {count} more").format(count=len(matches) - MAX_LISTED) \
                if len(matches) > MAX_LISTED else ""
            raise SessionNotFound(ngettext("'{ref}' matches {count} session; give more of the id:\n{listed}",
                                           "'{ref}' matches {count} sessions; give more of the id:\n{listed}",
                                           len(matches)).format(ref=ref, count=len(matches), listed=listed) + more)
        raise SessionNotFound(_("no session '{ref}'{where} in {path} (see `facilitator sessions`)").format(
            ref=ref, where=selection.describe(), path=self.db_path))

    def revision(self, summary: SessionSummary) -> str:
        """The session's content revision, read from the session itself when its index entry predates them."""
        if summary.revision:
            return summary.revision
        from facilitator.core.records import content_revision

        return content_revision(self.store.load_session(summary.id))

    # -- the organization's and the team's cycles (core/cycles.py reads the database through these) ------
    def summaries(self) -> list[SessionSummary]:
        return self.sessions()

    def state(self, session_id: str) -> SessionState | None:
        try:
            return SessionState.from_dict(self.store.load_session(session_id))
        except (StoreError, TypeError, ValueError):
            return None  # a damaged session is reported where it is opened; the cycles show what they can

    def kind(self, summary: SessionSummary) -> str:
        ref = summary.workshop_ref or summary.workshop_id
        if ref not in self._kinds:
            try:
                self._kinds[ref] = workshop_kind(catalog.resolve(ref)[0])
            except (WorkshopError, OSError):
                # a workshop file moved away since: a session that decided parameters decided them
                return DEPLOYMENT if summary.decided else OTHER
        return self._kinds[ref]

    def cycles(self) -> Cycles:
        return Cycles(self)

    def team_history(self, organization: str, team: str) -> list[tuple[SessionSummary, SessionState]]:
        """The team's sessions that decided anything, in cycle order: its OKR cycles."""
        return self.cycles().team_history(organization, team)

    def today(self) -> date:
        """The day the cycle is read on: what is due, what is late (tests fix it)."""
        return date.today()

    def cycle_path(self, organization: str, team: str, *, today: date | None = None,
                   self_guided: bool | None = None) -> CyclePath:
        """Where the team stands in its OKR cycle, and its exact next step (core/cycle_path.py)."""
        return team_path(self.cycles(), organization, team, today=today or self.today(), self_guided=self_guided)

    def next_step_after(self, session: Session, *, today: date | None = None) -> NextStep | None:
        """The step the team takes after this session, when the session belongs to a team; None when it is the
        session itself, still unfinished (the come-back line says how to resume it)."""
        state = session.state
        if not (state.organization or state.team):
            return None
        step = self.cycle_path(state.organization, state.team, today=today).next
        return None if step is None or step.resume == state.id else step

    def workshops(self) -> list[catalog.WorkshopEntry]:
        return catalog.list_builtin()

    def start(self, workshop: Workshop, workshop_ref: str, *, organization: str = "", team: str = "",
              facilitator: str = "", share_url: str = "", self_guided: bool = False,
              previous: str | None = None, auto_start: bool = False, end_at: str = "") -> Session:
        organization, team = self.cycles().canonical(one_line(organization), one_line(team))
        session = Session.start(workshop, self.store, workshop_ref=workshop_ref, organization=organization,
                                team=team, facilitator=facilitator, share_url=share_url, self_guided=self_guided,
                                workshop_source=_source_of(workshop_ref), auto_start=auto_start, end_at=end_at,
                                clock=self.clock)
        cycles = self.cycles()
        if workshop_kind(workshop) == REFLECTION:
            self._link_previous(session, previous, cycles)
        if (carried := cycles.carried_points(session.state)) is not None:
            from_session, points = carried
            session.carry_in(points, from_session)
        if (plan := cycles.planned_next(session.state)) is not None:
            # what the last session planned for this one: offered on the first screen, kept with the record
            session.state.planned = plan
            session.save_now()
        self.with_context(session, cycles)
        if workshop_kind(workshop) == CHECK_IN:
            self._link_check_in(session, cycles)
        self._record_rules(session)
        return session

    def _record_rules(self, session: Session) -> None:
        """A drafting session records the decisions its drafts are checked against, for its export."""
        if session.workshop.decision_steps:
            return
        resolution = session.board.resolution()
        session.state.inherited_decisions = resolution.inherited()
        session.state.inherited_from = getattr(resolution.primary(), "session_id", "")
        session.save_now()

    def rename(self, session: Session, organization: str, team: str) -> tuple[str, str]:
        """Move a session to an organization and team (spelled as they were first written, when known): its
        rules and cycles follow at once. Returns the names it now carries."""
        cycles = self.cycles()
        organization, team = cycles.canonical(one_line(organization), one_line(team), besides=session.state.id)
        if session.set_names(organization=organization, team=team):
            session.state.inherited_decisions, session.state.inherited_from = {}, ""
            self.with_context(session)
            self._record_rules(session)
        return organization, team

    def known_names(self) -> tuple[list[str], list[str]]:
        """Organizations and teams as first written, for the dialogs to suggest."""
        cycles = self.cycles()
        return cycles.organizations(), cycles.teams()

    def with_context(self, session: Session, cycles: Cycles | None = None) -> Session:
        """Tell the session what its organization knows: rules to fall back on, company objectives to serve."""
        session.context = (cycles or self.cycles()).context(session.state)
        return session

    def _link_check_in(self, session: Session, cycles: Cycles) -> None:
        """A check-in checks the key results in force, with this cycle's earlier check-ins of them (for the
        trend) and the actions still open; all kept with the session, so it reads the same after a restart."""
        state = session.state
        source = cycles.key_results_source(state)
        if source is None:
            return  # the screens say loudly that no key results were found
        earlier = cycles.check_ins_of(source.id, state)
        cycle_decision = session.board.resolution().rule("cycle").decision
        cycle_text = cycle_text_of(cycle_decision)
        cycle_months = ((cycle_decision or {}).get("values") or {}).get("cycle_months")
        linked = {source.id, *(s.id for s in earlier)}
        # The team's own setup (its deployment session whose rules are in force) leaves actions too: "tell all
        # staff about OKRs" is still open at the first check-in.
        setup = [cycles.state(src.session_id) for src, _params in session.board.resolution().sources()
                 if src.level in ("team", "company") and name_key(src.team) == name_key(state.team)
                 and src.session_id not in linked]
        earlier_sessions = sorted((s for s in setup if s is not None), key=lambda s: s.started_at)
        open_actions = [{"text": a.text, "owner": a.owner, "due": a.due, "session_id": s.id}
                        for s in (*earlier_sessions, source, *earlier) for a in s.actions
                        if not getattr(a, "done", False)]
        history = [{"session_id": s.id, "at": s.started_at[:10], "entries": s.check_in.get("entries") or {}}
                   for s in earlier]
        state.check_in = link_record(source_id=source.id, source_kind=source.workshop_id,
                                     source_started=source.started_at, objectives=source.objectives,
                                     cycle_text=cycle_text, history=history,
                                     open_actions=open_actions, cycle_months=cycle_months)
        session.save_now()

    def _link_previous(self, session: Session, ref: str | None, cycles: Cycles) -> None:
        """Reflect-and-reset starts the next cycle from the team's earlier session: the rules it worked under
        and its drafts."""
        state = session.state
        previous_id = self.find(ref) if ref else cycles.reflection_source(state)
        if previous_id is None:
            return
        earlier = cycles.state(previous_id)
        if earlier is None:
            earlier = SessionState.from_dict(self.store.load_session(previous_id))  # says what is damaged
        worked_under = resolve_session(earlier, cycles.context(earlier)).decisions()
        # a point last cycle parked stays parked here: the room is to come back to it
        worked_under.update({p: asdict(d) for p, d in earlier.decisions.items() if d.status == "parked"})
        state.previous_session = previous_id
        state.previous = {"decisions": worked_under, "objectives": earlier.objectives,
                          "started_at": earlier.started_at}
        if earlier.departures:  # the rules it departed from are reviewed when the room revisits them
            state.previous["departures"] = list(earlier.departures)
        # the cycle's last check-in is where scoring starts: values, confidence and status as last seen
        if check_ins := cycles.check_ins_of(previous_id, state):
            last = check_ins[-1]
            state.previous["check_in"] = {"session_id": last.id, "at": last.started_at[:10],
                                          "entries": last.check_in.get("entries") or {}}
        session.save_now()

    def resume(self, ref: str, selection: Selection | None = None) -> Session:
        session_id = self.find(ref, selection)
        state = SessionState.from_dict(self.store.load_session(session_id))
        return self.with_context(Session(self.workshop_for(state), state, self.store, clock=self.clock))

    def workshop_for(self, state: SessionState) -> Workshop:
        """The workshop a saved session runs: the built-in or file it names, else the copy kept with it."""
        if state.workshop_source and state.workshop_ref == state.workshop_id not in catalog.builtin_paths():
            # imported with its script (a rescue file on another machine): known by its id, never a path
            return parse_workshop(state.workshop_source, _("workshop '{id}' (copy kept with the session)").format(
                id=state.workshop_id))
        try:
            workshop, _ref = catalog.resolve(state.workshop_ref)
        except WorkshopError as exc:
            if not state.workshop_source:
                raise StoreError(_("session {id} runs workshop '{ref}', which cannot be loaded:\n{problems}").format(
                    id=state.id, ref=state.workshop_ref, problems=exc)) from None
            # The file was moved, deleted or broken since: the copy taken at the start still runs the session.
            workshop = parse_workshop(state.workshop_source, _("{ref} (copy kept with the session)").format(
                ref=state.workshop_ref))
        return workshop

    def announce(self, session: Session) -> None:
        """The coach's instance runs `session` now: a room screen (`facilitator room`) follows it."""
        if not self.read_only:
            self.store.announce(session.state.id)

    def rescue(self, session: Session) -> Path:
        """The session as a YAML export in a folder that can be written, when the database cannot: written on
        quitting with unsaved changes, so nothing the room decided is lost. Raises OSError if nowhere works."""
        import tempfile

        from facilitator.core.export import export_document, to_yaml

        # the coach's own file (owner-only): everything the session holds, its private notes and the copy of a
        # workshop file included, so `import --replace` brings the whole session back
        with i18n.using(i18n.SOURCE_LANGUAGE):  # a record for import: its findings in English, as every export's
            text = to_yaml(export_document(session, include_private=True))
        name = f"facilitator-rescue-{session.state.id}-{session.state.updated_at.replace(':', '')}.yaml"
        problems = []
        for folder in (Path.home(), Path(tempfile.gettempdir())):
            path = folder / name
            try:
                atomic_write_text(path, text)  # owner-only, whole or not at all, like every file we write
                return path
            except OSError as exc:
                problems.append(f"{path}: {exc.strerror or exc}")
        raise OSError("; ".join(problems))

    def export(self, ref: str, fmt: str = "yaml", *, include_private: bool = False,
               options: ExportOptions | None = None, selection: Selection | None = None,
               language: str | None = None) -> str:
        """The session in one format. The records tools read (YAML, JSON, CSV) are in English whatever the
        interface speaks; the follow-up people read (Markdown, HTML) is in `language` when given (--lang), else
        in the session's language, English where there is no catalogue for it (docs/export-format.md)."""
        from facilitator.core.export import export_document

        session = self.resume(ref, selection)
        with i18n.using(export_language(fmt, session.board.language(), language)):
            # the findings and the headings in one language: the document is built in the one it is written in
            document = export_document(session, include_private=include_private)
            return render(fmt, document, options)

    def import_text(self, text: str, *, replace: bool = False) -> ImportResult:
        """A new session from an export: its id, whether anything changed, and what to tell the person
        importing (a link to a session this database does not have). ImportProblem, and nothing saved,
        when the file is not an export; SessionConflict when its session is here with other content.

        Importing what is already here changes nothing and succeeds, so a script may import the same file twice.
        With `replace`, a session of the same id is overwritten (its last state stays in the backups): how a
        rescue file written when the database could not be saved is brought back."""
        from facilitator.core.importer import check_organization_links, import_document
        from facilitator.core.records import summarize

        here = {s.id for s in self.sessions()}

        def stored(other: str) -> dict[str, Any] | None:
            return self._stored(other) if other in here else None

        state = import_document(text, existing_ids=set(), kept=stored)
        notes = check_organization_links(state, stored)
        if state["inherited_from"] and state["inherited_from"] not in here:
            notes.append(_("okrs/rules_from: session '{id}' is not in {path}; the drafts keep the decisions the file "
                           "records (okrs/inherited_decisions)").format(id=state["inherited_from"], path=self.db_path))
        if state["id"] in here:
            try:
                same = self._exported(self.store.load_session(state["id"])) == self._exported(state)
            except (StoreError, WorkshopError):
                same = False  # a damaged copy is never "the same": --replace brings the good one back
            if same:
                return ImportResult(state["id"], False, notes)
            if not replace:
                raise SessionConflict(_("session/id: session '{id}' is already in this workspace with other "
                                        "content; --replace overwrites it (its last state stays backed up)").format(
                                            id=state["id"]))
        self.store.save_session(state, summarize(state))
        return ImportResult(state["id"], True, notes)

    def _stored(self, session_id: str) -> dict[str, Any] | None:
        try:
            return self.store.load_session(session_id)
        except StoreError:
            return None  # a damaged session is reported where it is opened

    def _exported(self, state: dict[str, Any]) -> dict[str, Any]:
        """A stored or imported session as its export reads: what import compares, since an export leaves out
        what only the facilitator's machine keeps (the timing log, the workshop file, whether the clock ran)."""
        from facilitator.core.export import export_document

        record = SessionState.from_dict(state)
        with i18n.using(i18n.SOURCE_LANGUAGE):  # compared with an export, whose findings are in English
            return export_document(Session(self.workshop_for(record), record, self.store, clock=self.clock))
