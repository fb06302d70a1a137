"""Where each file of a database lives, and what a usable session or index record looks like."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_data_path

from facilitator.core.records import SessionState, summarize
from facilitator.i18n import _
from facilitator.store.errors import StoreDamaged, StoreError
from facilitator.store.files import read_json_file

SCHEMA_VERSION = 1
APP_NAME = "facilitator"
SESSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def default_db_path() -> Path:
    env = os.environ.get("FACILITATOR_DB")
    if env:
        return Path(env).expanduser()
    return user_data_path(APP_NAME, appauthor=False) / "facilitator.json"


@dataclass(frozen=True)
class Layout:
    """The index file, the folder of session files and the folder of backups beside it."""

    path: Path

    @property
    def sessions_dir(self) -> Path:
        return self.path.with_name(self.path.name.removesuffix(".json") + ".sessions")

    @property
    def backups_dir(self) -> Path:
        return self.path.with_name(self.path.name.removesuffix(".json") + ".backups")

    def session_path(self, session_id: str) -> Path:
        if not SESSION_ID.match(session_id):
            raise StoreError(_("'{id}' is not a valid session id").format(id=session_id))
        return self.sessions_dir / f"{session_id}.json"

    @property
    def sync_path(self) -> Path:
        """Which version of each session this database last exchanged through a shared folder (publish/import)."""
        return self.path.with_name(self.path.name.removesuffix(".json") + ".sync.json")

    def session_files(self) -> list[Path]:
        return sorted(self.sessions_dir.glob("*.json")) if self.sessions_dir.is_dir() else []


def session_shape_problem(doc: dict[str, Any]) -> str | None:
    """Why a session record cannot be used (valid JSON of the wrong shape), or None when it can."""
    try:
        SessionState.from_dict(doc)
        summarize(doc)
    except (TypeError, AttributeError, ValueError, KeyError) as exc:
        return _("its session record does not have the expected shape ({error})").format(
            error=f"{type(exc).__name__}: {exc}")
    return None


def index_row_problem(row: dict[str, Any]) -> str | None:
    if not isinstance(row.get("id"), str) or not SESSION_ID.match(row["id"]):
        return _("an entry has no valid session id ({id})").format(id=repr(str(row.get("id"))[:40]))
    for key in ("steps_done", "steps_total", "decided", "decisions_total"):
        if not isinstance(row.get(key, 0), int):
            return _("the entry of session {id} has a '{key}' that is not a number").format(id=row["id"], key=key)
    return None


def session_doc(data: dict[str, Any] | None) -> dict[str, Any] | None:
    doc = (data or {}).get("session", {}).get("1")
    return doc if isinstance(doc, dict) and isinstance(doc.get("id"), str) else None


def read_session_file(path: Path) -> dict[str, Any] | None:
    """The session record in a file; StoreDamaged when it is not JSON or not of the expected shape."""
    doc = session_doc(read_json_file(path))
    if doc is not None and (problem := session_shape_problem(doc)):
        raise StoreDamaged(path, problem)
    return doc
