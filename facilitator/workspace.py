"""What the screens and the command line talk to: sessions on disk, workshops from the catalog.

Screens never touch the store directly; they ask the workspace for a `Session` and call its verbs.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from facilitator.core import catalog
from facilitator.core.cycles import DEPLOYMENT, OTHER, REFLECTION, Cycles, workshop_kind
from facilitator.core.export_formats import ExportOptions, render
from facilitator.core.loader import WorkshopError, parse_workshop
from facilitator.core.records import SessionState, SessionSummary, one_line
from facilitator.core.rules import resolve_session
from facilitator.core.session import Session
from facilitator.core.timer import Clock
from facilitator.core.workshop import Workshop
from facilitator.store import Store, StoreError, atomic_write_text


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
        return (f"Upgraded {self.store.path} from schema {self.store.migrated_from}; "
                f"the old file is kept as {self.store.migration_backup}")

    def sessions(self) -> list[SessionSummary]:
        return [SessionSummary.from_dict(row) for row in self.store.list_sessions()]

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

    def workshops(self) -> list[catalog.WorkshopEntry]:
        return catalog.list_builtin()

    def start(self, workshop: Workshop, workshop_ref: str, *, organization: str = "", team: str = "",
              facilitator: str = "", share_url: str = "", self_guided: bool = False,
              previous: str | None = None) -> Session:
        organization, team = self.cycles().canonical(one_line(organization), one_line(team))
        session = Session.start(workshop, self.store, workshop_ref=workshop_ref, organization=organization,
                                team=team, facilitator=facilitator, share_url=share_url, self_guided=self_guided,
                                workshop_source=_source_of(workshop_ref), clock=self.clock)
        cycles = self.cycles()
        if workshop_kind(workshop) == REFLECTION:
            self._link_previous(session, previous, cycles)
        if (carried := cycles.carried_points(session.state)) is not None:
            from_session, points = carried
            session.carry_in(points, from_session)
        self.with_context(session, cycles)
        if not workshop.decision_steps:
            # a drafting session records the decisions its drafts are checked against, for its export
            session.state.inherited_decisions = session.board.resolution().inherited()
            session.state.inherited_from = getattr(session.board.resolution().primary(), "session_id", "")
            session.save_now()
        return session

    def with_context(self, session: Session, cycles: Cycles | None = None) -> Session:
        """Tell the session what its organization knows: rules to fall back on, company objectives to serve."""
        session.context = (cycles or self.cycles()).context(session.state)
        return session

    def _link_previous(self, session: Session, ref: str | None, cycles: Cycles) -> None:
        """Reflect-and-reset starts the next cycle from the team's earlier session: the rules it worked under
        and its drafts."""
        state = session.state
        previous_id = self.store.resolve(ref) if ref else cycles.reflection_source(state)
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
        session.save_now()

    def resume(self, ref: str) -> Session:
        session_id = self.store.resolve(ref)
        state = SessionState.from_dict(self.store.load_session(session_id))
        try:
            workshop, _ = catalog.resolve(state.workshop_ref)
        except WorkshopError as exc:
            if not state.workshop_source:
                raise StoreError(
                    f"session {session_id} runs workshop '{state.workshop_ref}', which cannot be loaded:\n{exc}"
                ) from None
            # The file was moved, deleted or broken since: the copy taken at the start still runs the session.
            workshop = parse_workshop(state.workshop_source, f"{state.workshop_ref} (copy kept with the session)")
        return self.with_context(Session(workshop, state, self.store, clock=self.clock))

    def rescue(self, session: Session) -> Path:
        """The session as a YAML export in a folder that can be written, when the database cannot: written on
        quitting with unsaved changes, so nothing the room decided is lost. Raises OSError if nowhere works."""
        import tempfile

        from facilitator.core.export import export_document, to_yaml

        text = to_yaml(export_document(session))
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
               options: ExportOptions | None = None) -> str:
        from facilitator.core.export import export_document

        return render(fmt, export_document(self.resume(ref), include_private=include_private), options)

    def import_text(self, text: str, *, replace: bool = False) -> str:
        """A new session from an export; ImportProblem (and nothing saved) when the file is not one.

        With `replace`, a session of the same id is overwritten (its last state stays in the backups): how a
        rescue file written when the database could not be saved is brought back."""
        from facilitator.core.importer import import_document
        from facilitator.core.records import summarize

        existing = set() if replace else {s.id for s in self.sessions()}
        state = import_document(text, existing_ids=existing)
        self.store.save_session(state, summarize(state))
        return state["id"]
