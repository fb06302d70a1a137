"""The only module that touches TinyDB.

Layout: the database path is a small TinyDB *index* (one summary per session, for the home screen and
`facilitator sessions`), and each session lives in its own TinyDB file in a folder beside it. TinyDB rewrites
a whole file on every change, so keeping sessions apart keeps a save fast however many sessions a coach has
run. Every file is written atomically (a complete new file, fsynced, then renamed over the old one), so a
crash leaves either the old or the new state on disk, never half of each.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import filelock
from platformdirs import user_data_path
from tinydb import Query, TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage
from tinydb.table import Document

from facilitator.core.session import SaveError

SCHEMA_VERSION = 1
APP_NAME = "facilitator"
SESSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


class StoreError(Exception):
    """A database problem explained for a person: which file, what is wrong, what to do."""


class StoreLocked(StoreError):
    pass


class StoreWriteError(StoreError, SaveError):
    """A save failed (read-only folder, full disk, vanished directory); the caller keeps state in memory."""


def default_db_path() -> Path:
    env = os.environ.get("FACILITATOR_DB")
    if env:
        return Path(env).expanduser()
    return user_data_path(APP_NAME, appauthor=False) / "facilitator.json"


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` so that the file is always either wholly old or wholly new; owner-only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)


class AtomicJSONStorage(Storage):
    """TinyDB storage that never leaves a half-written file behind (unlike TinyDB's JSONStorage)."""

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only

    def read(self) -> dict[str, Any] | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {exc.strerror}") from None
        if not text.strip():
            return None
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise StoreError(f"{self.path} is damaged (not valid JSON: {exc}); it has not been changed") from None
        if not isinstance(data, dict):
            raise StoreError(f"{self.path} is damaged (expected a JSON object of tables); it has not been changed")
        return data

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            raise StoreWriteError(f"{self.path} is open read-only")
        try:
            atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        except OSError as exc:
            raise StoreWriteError(f"could not save to {self.path}: {exc.strerror or exc}") from None

    def close(self) -> None:
        pass


class WriteThrough(CachingMiddleware):
    """Serve reads from memory, write every change at once: a save costs one file write, no re-read.

    If a write fails the change stays in the cache as unflushed and goes out with the next write.
    """

    WRITE_CACHE_SIZE = 1


def _tinydb(path: Path, read_only: bool) -> TinyDB:
    return TinyDB(path, storage=WriteThrough(AtomicJSONStorage), read_only=read_only)


class Store:
    """Sessions on disk. Open it, use it, close it (it holds a lock so only one process writes)."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = Path(path).expanduser() if path else default_db_path()
        self.read_only = read_only
        self.sessions_dir = self.path.with_name(self.path.name.removesuffix(".json") + ".sessions")
        self._lock: filelock.BaseFileLock | None = None
        self._index: TinyDB | None = None
        self._session_dbs: dict[str, TinyDB] = {}

    # -- opening and closing ----------------------------------------------------------------------------
    def open(self) -> Store:
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a database file; give a file path with --db")
        if not self.read_only:
            self._acquire_lock()
        self._index = _tinydb(self.path, self.read_only)
        meta = self._index.table("meta")
        try:
            version_doc = meta.get(doc_id=1)
        except StoreError:
            self.close()
            raise
        if version_doc is None and not self.read_only:
            self._write_index_meta()
        elif version_doc and version_doc.get("schema_version", 0) > SCHEMA_VERSION:
            self.close()
            raise StoreError(
                f"{self.path} was written by a newer facilitator (schema {version_doc['schema_version']}, "
                f"this version reads up to {SCHEMA_VERSION}); upgrade facilitator to open it"
            )
        return self

    def __enter__(self) -> Store:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Flush and release; the lock is released even when a last flush fails (then that is raised)."""
        failure: StoreError | None = None
        databases = [*self._session_dbs.values(), *([self._index] if self._index is not None else [])]
        for db in databases:
            try:
                db.close()
            except StoreError as exc:
                failure = failure or exc
        self._session_dbs.clear()
        self._index = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        if failure is not None:
            raise failure

    def _lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def _owner_path(self) -> Path:
        return self.path.with_name(self.path.name + ".owner")

    def _acquire_lock(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StoreError(f"cannot create the folder {self.path.parent}: {exc.strerror}") from None
        lock = filelock.FileLock(self._lock_path(), timeout=0, mode=0o600)
        try:
            lock.acquire()
        except filelock.Timeout:
            owner = self._read_owner()
            raise StoreLocked(
                f"{self.path} is in use by another facilitator ({owner}); close that one first, "
                f"or open it read-only with --read-only"
            ) from None
        except OSError as exc:
            raise StoreError(f"cannot lock {self.path}: {exc.strerror}") from None
        self._lock = lock
        # The kernel drops the lock when a process dies, so a killed session never blocks the next start;
        # the owner file only tells the next person who holds it.
        owner = {"pid": os.getpid(), "host": os.uname().nodename,
                 "since": datetime.now(UTC).replace(microsecond=0).isoformat()}
        try:
            atomic_write_text(self._owner_path(), json.dumps(owner))
        except OSError:
            pass

    def _read_owner(self) -> str:
        try:
            owner = json.loads(self._owner_path().read_text())
            return f"process {owner['pid']} on {owner['host']}, since {owner['since']}"
        except (OSError, ValueError, KeyError, TypeError):
            return "owner unknown"

    def _write_index_meta(self) -> None:
        assert self._index is not None
        self._index.table("meta").upsert(Document({"schema_version": SCHEMA_VERSION}, doc_id=1))

    # -- sessions ---------------------------------------------------------------------------------------
    @property
    def index(self) -> TinyDB:
        if self._index is None:
            raise StoreError("the database is not open")
        return self._index

    def list_sessions(self) -> list[dict[str, Any]]:
        """Session summaries, the most recently changed first."""
        rows = [dict(doc) for doc in self.index.table("sessions").all()]
        return sorted(rows, key=lambda r: r.get("updated_at", ""), reverse=True)

    def resolve(self, ref: str) -> str:
        """A session id from `latest`, a full id or an unambiguous prefix; StoreError if none or several."""
        sessions = self.list_sessions()
        if not sessions:
            raise StoreError(f"there are no saved sessions in {self.path}")
        if ref == "latest":
            return sessions[0]["id"]
        ids = [s["id"] for s in sessions]
        if ref in ids:
            return ref
        matches = [i for i in ids if i.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise StoreError(f"'{ref}' matches several sessions: {', '.join(matches[:5])}")
        raise StoreError(f"no session '{ref}' in {self.path} (see `facilitator sessions`)")

    def _session_db(self, session_id: str) -> TinyDB:
        if not SESSION_ID.match(session_id):
            raise StoreError(f"'{session_id}' is not a valid session id")
        db = self._session_dbs.get(session_id)
        if db is None:
            db = _tinydb(self.sessions_dir / f"{session_id}.json", self.read_only)
            self._session_dbs[session_id] = db
        return db

    def load_session(self, session_id: str) -> dict[str, Any]:
        doc = self._session_db(session_id).table("session").get(doc_id=1)
        if doc is None:
            raise StoreError(f"session '{session_id}' has no data in {self.sessions_dir}")
        return dict(doc)

    def save_session(self, state: dict[str, Any], summary: dict[str, Any]) -> None:
        """Write the session, then its summary; the session file is the truth, the index a cache of it."""
        session_id = state["id"]
        try:
            self._session_db(session_id).table("session").upsert(Document(state, doc_id=1))
            sessions = self.index.table("sessions")
            existing = sessions.get(Query().id == session_id)
            if existing is None:
                sessions.insert(summary)
            elif dict(existing) != summary:
                sessions.update(summary, doc_ids=[existing.doc_id])
        except StoreWriteError:
            raise
        except StoreError as exc:
            # e.g. the folder vanished under us: still a failed save, so the session keeps it in memory
            raise StoreWriteError(str(exc)) from None
