"""Sessions saved in a real database, for the tests of what the store keeps on disk (backups, checksums)."""

from __future__ import annotations

from pathlib import Path

from facilitator.core import catalog
from facilitator.core.session import Session
from facilitator.store import Store
from facilitator.workspace import Workspace


def new_session(db: Path, decision: str = "Quarterly") -> str:
    workshop, ref = catalog.resolve("deployment-parameters")
    with Store(db) as store:
        session = Session.start(workshop, store, workshop_ref=ref, team="Ops")
        session.go_to("cycle")
        session.record_decision("cycle", choice=None, decision=decision)
        return session.state.id


def decide_again(db: Path, session_id: str, decision: str) -> None:
    """A later opening: its first save keeps a backup of the file as it was."""
    with Store(db) as store:
        Workspace(store).resume(session_id).record_decision("cycle", choice=None, decision=decision)
