"""What the screens and the command line talk to: sessions on disk, workshops from the catalog.

Screens never touch the store directly; they ask the workspace for a `Session` and call its verbs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator.core import catalog
from facilitator.core.export_formats import ExportOptions, render
from facilitator.core.loader import WorkshopError, parse_workshop
from facilitator.core.records import SessionState
from facilitator.core.session import Session
from facilitator.core.timer import Clock
from facilitator.core.workshop import Workshop
from facilitator.store import Store, StoreError, atomic_write_text


@dataclass(frozen=True)
class SessionSummary:
    id: str
    workshop_title: str
    organization: str
    team: str
    facilitator: str
    started_at: str
    steps_done: int
    steps_total: int
    decided: int
    decisions_total: int
    updated_at: str

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> SessionSummary:
        return cls(
            id=row["id"], workshop_title=row.get("workshop_title", "?"),
            organization=row.get("organization", ""), team=row.get("team", ""),
            facilitator=row.get("facilitator", ""), started_at=row.get("started_at", ""),
            steps_done=int(row.get("steps_done", 0)),
            steps_total=int(row.get("steps_total", 0)), decided=int(row.get("decided", 0)),
            decisions_total=int(row.get("decisions_total", 0)),
            updated_at=row.get("updated_at", ""),
        )


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

    def team_history(self, organization: str, team: str) -> list[tuple[SessionSummary, dict[str, Any]]]:
        """The team's sessions that decided anything, oldest first, with their decisions: its OKR cycles."""
        found = []
        for summary in reversed(self.sessions()):  # oldest first, also among those of the same second
            if (summary.organization, summary.team) != (organization, team) or summary.decided == 0:
                continue
            try:
                state = self.store.load_session(summary.id)
            except StoreError:
                continue  # a damaged session is reported where it is opened; history shows what it can
            found.append((summary, state))
        previous = {summary.id: state.get("previous_session", "") for summary, state in found}

        def depth(session_id: str) -> int:
            """How many earlier cycles this session links back to: orders cycles started the same day."""
            seen, n = set(), 0
            while previous.get(session_id) and session_id not in seen:
                seen.add(session_id)
                session_id, n = previous[session_id], n + 1
            return n

        found.sort(key=lambda pair: (pair[0].started_at[:10], depth(pair[0].id), pair[0].started_at))
        return [(summary, state.get("decisions", {})) for summary, state in found]

    def workshops(self) -> list[catalog.WorkshopEntry]:
        return catalog.list_builtin()

    def start(self, workshop: Workshop, workshop_ref: str, *, organization: str = "", team: str = "",
              facilitator: str = "", share_url: str = "", self_guided: bool = False,
              previous: str | None = None) -> Session:
        session = Session.start(workshop, self.store, workshop_ref=workshop_ref, organization=organization,
                                team=team, facilitator=facilitator, share_url=share_url, self_guided=self_guided,
                                workshop_source=_source_of(workshop_ref), clock=self.clock)
        if any(step.kind == "reflection" for step in workshop.steps):
            self._link_previous(session, previous)
        elif not workshop.decision_steps:
            self._inherit_decisions(session)
        self._carry_parked_points(session)
        return session

    def _carry_parked_points(self, session: Session) -> None:
        """What the team's latest earlier session carried to "the next session" opens this one's parking lot."""
        state = session.state
        if not (state.organization or state.team):
            return  # without a team name there is no telling whose next session this is
        earlier = sorted((s for s in self.sessions() if s.id != state.id
                          and (s.organization, s.team) == (state.organization, state.team)),
                         key=lambda s: s.started_at, reverse=True)
        if not earlier:
            return
        try:
            parked = self.store.load_session(earlier[0].id).get("parking_lot") or []
        except StoreError:
            return
        session.carry_in([p for p in parked if isinstance(p, dict) and p.get("resolution") == "carried"],
                         earlier[0].id)

    def _has_key_results(self, session_id: str) -> bool:
        try:
            objectives = self.store.load_session(session_id).get("objectives") or []
        except StoreError:
            return False
        return any(o.get("key_results") for o in objectives if isinstance(o, dict))

    def _link_previous(self, session: Session, ref: str | None) -> None:
        """Reflect-and-reset starts the next cycle from the team's earlier session: its decisions and drafts."""
        state = session.state
        if ref:
            previous_id = self.store.resolve(ref)
        else:
            candidates = [s for s in self.sessions() if s.id != state.id
                          and (s.organization, s.team) == (state.organization, state.team)]
            if not candidates:
                return
            # The latest *started* session that drafted key results: last cycle's OKRs are what is scored.
            # Not the latest changed: merely opening an old session (to look something up) changes it.
            candidates.sort(key=lambda s: s.started_at, reverse=True)
            previous_id = next((s.id for s in candidates if self._has_key_results(s.id)), candidates[0].id)
        earlier = self.store.load_session(previous_id)
        decisions = earlier.get("decisions", {})
        if not any(d.get("status") == "decided" for d in decisions.values()):
            decisions = earlier.get("inherited_decisions", {})
        state.previous_session = previous_id
        state.previous = {"decisions": decisions, "objectives": earlier.get("objectives", []),
                          "started_at": earlier.get("started_at", "")}
        session.save_now()

    def _inherit_decisions(self, session: Session) -> None:
        """A drafting session checks drafts against the room's decisions: take them from the latest session
        of the same organization and team that decided anything."""
        state = session.state
        for summary in self.sessions():
            if summary.id == state.id or summary.decided == 0:
                continue
            if (summary.organization, summary.team) != (state.organization, state.team):
                continue
            decisions = self.store.load_session(summary.id).get("decisions", {})
            state.inherited_decisions = decisions
            state.inherited_from = summary.id
            session.save_now()
            return

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
        return Session(workshop, state, self.store, clock=self.clock)

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
