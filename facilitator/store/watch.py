"""Following a database another process writes: without its lock, without writing a byte.

A room screen polls this. A stat of the session file says whether it changed (every save is an atomic rename,
so the inode changes even within one tick of the file system's clock); only then is the file read, as plain
JSON, never through TinyDB, so no cache or storage of ours can ever write it back. The owner file says which
process holds the write lock, which session it runs, and whether it is still alive.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator.i18n import _
from facilitator.store.errors import StoreError
from facilitator.store.files import read_json_file
from facilitator.store.layout import Layout, index_row_problem, read_session_file

Stamp = tuple[int, int, int] | None


@dataclass(frozen=True)
class Writer:
    """The process holding the database's write lock, as its owner file says."""

    pid: int
    host: str
    started: float  # epoch seconds it took the lock
    session: str  # the session it runs now, "" while none is open

    @property
    def live(self) -> bool:
        if self.host != os.uname().nodename:
            return True  # another machine's process cannot be asked; it holds the lock, so take its word
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False  # killed without closing: the kernel dropped its lock, the owner file stayed
        except PermissionError:
            return True
        return True


def stamp(path: Path) -> Stamp:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


class Watch:
    """Read-only looks at one database for a screen that follows it live."""

    def __init__(self, layout: Layout, owner_path: Path):
        self.layout = layout
        self.owner_path = owner_path

    def session_stamp(self, session_id: str) -> Stamp:
        return stamp(self.layout.session_path(session_id))

    def owner_stamp(self) -> Stamp:
        return stamp(self.owner_path)

    def read_session(self, session_id: str) -> dict[str, Any]:
        """The session as saved now; StoreError (naming the file) when it is missing or cannot be read."""
        path = self.layout.session_path(session_id)
        doc = read_session_file(path)
        if doc is None:
            raise StoreError(_("session '{id}' has no data in {path}").format(id=session_id, path=path))
        return doc

    def writer(self) -> Writer | None:
        """Who holds the write lock, or None when no process does (or its owner file cannot be read)."""
        try:
            owner = json.loads(self.owner_path.read_text(encoding="utf-8"))
            return Writer(int(owner["pid"]), str(owner["host"]), float(owner.get("started") or 0.0),
                          str(owner.get("session") or ""))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def latest_session(self) -> str | None:
        """The most recently changed session, read from the index as it is on disk now."""
        try:
            index = read_json_file(self.layout.path) or {}
        except StoreError:
            return None
        rows = [(str(r.get("updated_at", "")), int(doc_id) if doc_id.isdigit() else 0, r["id"])
                for doc_id, r in (index.get("sessions") or {}).items()
                if isinstance(r, dict) and not index_row_problem(r)]
        # as Store.list_sessions orders them: the later-created first among those changed in the same second
        return max(rows)[2] if rows else None
