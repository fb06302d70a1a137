"""The only module that touches TinyDB.

Layout: the database path is a small TinyDB *index* (one summary per session, for the home screen and
`facilitator sessions`), and each session lives in its own TinyDB file in a folder beside it. TinyDB rewrites
a whole file on every change, so keeping sessions apart keeps a save fast however many sessions a coach has
run. Every file is written atomically (a complete new file, fsynced, then renamed over the old one), so a
crash leaves either the old or the new state on disk, never half of each.

Beside them: `<name>.backups/` keeps the last few good states of the index and of each session, and a lock
file makes sure only one process writes. The index can always be rebuilt from the session files.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import filelock
from platformdirs import user_data_path
from tinydb import Query, TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage
from tinydb.table import Document

from facilitator.core.records import SaveError, SessionState, summarize

SCHEMA_VERSION = 1
APP_NAME = "facilitator"
SESSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
BACKUPS_KEPT = 5
# A session's file is copied to its backups at most this often while it is being changed.
BACKUP_EVERY_SECONDS = 300.0


class StoreError(Exception):
    """A database problem explained for a person: which file, what is wrong, what to do."""


class StoreLocked(StoreError):
    pass


class StoreDamaged(StoreError):
    def __init__(self, path: Path, detail: str):
        super().__init__(f"{path} is damaged ({detail}); it has not been changed")
        self.path = path
        self.detail = detail


class StoreWriteError(StoreError, SaveError):
    """A save failed (read-only folder, full disk, vanished directory); the caller keeps state in memory."""


def default_db_path() -> Path:
    env = os.environ.get("FACILITATOR_DB")
    if env:
        return Path(env).expanduser()
    return user_data_path(APP_NAME, appauthor=False) / "facilitator.json"


def _now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


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


def private_dir(directory: Path) -> None:
    """Create `directory` and any missing parents readable by the owner only (they hold confidential notes)."""
    missing = []
    while not directory.exists():
        missing.append(directory)
        if directory.parent == directory:
            break
        directory = directory.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` so that the file is always either wholly old or wholly new; owner-only."""
    private_dir(path.parent)
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


def read_json_file(path: Path) -> dict[str, Any] | None:
    """A TinyDB file's tables; None when it does not exist or is empty; StoreDamaged when unreadable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None
    if not raw.strip():
        return None
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise StoreDamaged(path, f"not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
        raise StoreDamaged(path, "not a TinyDB database: expected an object of tables")
    for name, table in data.items():
        for doc_id, doc in table.items():
            if not isinstance(doc, dict):
                raise StoreDamaged(path, f"not a TinyDB database: record {doc_id} of table '{name}' is "
                                         f"{type(doc).__name__}, not an object")
    return data


def session_shape_problem(doc: dict[str, Any]) -> str | None:
    """Why a session record cannot be used (valid JSON of the wrong shape), or None when it can."""
    try:
        SessionState.from_dict(doc)
        summarize(doc)
    except (TypeError, AttributeError, ValueError, KeyError) as exc:
        return f"its session record does not have the expected shape ({type(exc).__name__}: {exc})"
    return None


def _index_row_problem(row: dict[str, Any]) -> str | None:
    if not isinstance(row.get("id"), str) or not SESSION_ID.match(row["id"]):
        return f"an entry has no valid session id ({str(row.get('id'))[:40]!r})"
    for key in ("steps_done", "steps_total", "decided", "decisions_total"):
        if not isinstance(row.get(key, 0), int):
            return f"the entry of session {row['id']} has a '{key}' that is not a number"
    return None


class AtomicJSONStorage(Storage):
    """TinyDB storage that never leaves a half-written file behind (unlike TinyDB's JSONStorage)."""

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only

    def read(self) -> dict[str, Any] | None:
        return read_json_file(self.path)

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


def _session_doc(data: dict[str, Any] | None) -> dict[str, Any] | None:
    doc = (data or {}).get("session", {}).get("1")
    return doc if isinstance(doc, dict) and isinstance(doc.get("id"), str) else None


class Store:
    """Sessions on disk. Open it, use it, close it (it holds a lock so only one process writes)."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = Path(path).expanduser() if path else default_db_path()
        self.read_only = read_only
        self._abandoned = False
        stem = self.path.name.removesuffix(".json")
        self.sessions_dir = self.path.with_name(stem + ".sessions")
        self.backups_dir = self.path.with_name(stem + ".backups")
        self.migrated_from: int | None = None
        self.migration_backup: Path | None = None
        self._lock: filelock.BaseFileLock | None = None
        self._index: TinyDB | None = None
        self._session_dbs: dict[str, TinyDB] = {}
        self._last_backup: dict[str, float] = {}
        self._index_backup: threading.Thread | None = None

    # -- opening and closing ----------------------------------------------------------------------------
    def open(self) -> Store:
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a database file; give a file path with --db")
        if not self.read_only:
            self.acquire_lock()
            self._remove_leftover_temporaries()
        try:
            data = self._prepare()
            self._index = _tinydb(self.path, self.read_only)
            if data is not None:
                self._index.storage.cache = data  # parsed once already: no second read of a large index
        except BaseException:
            self.close()
            raise
        return self

    def _remove_leftover_temporaries(self) -> None:
        """A save killed half-way leaves its temporary file (the real file is intact); we hold the lock, so
        no other process is writing one now."""
        for folder in (self.path.parent, self.sessions_dir):
            for leftover in folder.glob(".*.tmp") if folder.is_dir() else ():
                try:
                    leftover.unlink()
                except OSError:
                    pass

    def _prepare(self) -> dict[str, Any] | None:
        """Check the index, refuse what we must not touch, migrate what is old, back up what is good.

        Returns the index's tables when they can be used as read."""
        try:
            data = read_json_file(self.path)
        except StoreDamaged as exc:
            raise StoreError(self.recovery_advice(exc)) from None
        if data is None:
            if not self.read_only:
                atomic_write_text(self.path, json.dumps({"meta": {"1": {"schema_version": SCHEMA_VERSION}}}))
            return None
        version = (data.get("meta", {}).get("1") or {}).get("schema_version", 0)
        if not isinstance(version, int):
            raise StoreError(self.recovery_advice(StoreDamaged(self.path, "its schema version is not a number")))
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer facilitator (schema {version}, this version reads up to "
                f"{SCHEMA_VERSION}); it has not been changed. Upgrade facilitator to open it."
            )
        if version < SCHEMA_VERSION:
            if self.read_only:
                raise StoreError(f"{self.path} needs upgrading from schema {version}; open it once without "
                                 f"--read-only to upgrade it (a backup is kept)")
            self._migrate(data, version)
            return None
        if not self.read_only and self._index_changed_since_backup():
            # Copying a large index is not worth delaying the first screen for: it runs beside start-up.
            self._index_backup = threading.Thread(target=self._backup_file, args=(self.path, "index"),
                                                  name="index-backup", daemon=True)
            self._index_backup.start()
        return data

    def __enter__(self) -> Store:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def abandon_pending_writes(self) -> None:
        """Writes that failed and were kept for retrying are given up on closing (they were rescued elsewhere)."""
        self._abandoned = True

    def close(self) -> None:
        """Flush and release; the lock is released even when a last flush fails (then that is raised)."""
        failure: StoreError | None = None
        self.wait_for_backup()
        databases = [*self._session_dbs.values(), *([self._index] if self._index is not None else [])]
        for db in databases:
            try:
                db.close()
            except StoreError as exc:
                # read-only: whatever was looked at and moved is meant to be dropped; abandoned: it is in a
                # rescue file already, and saying it failed twice helps no one
                if not (self.read_only or self._abandoned):
                    failure = failure or exc
        self._session_dbs.clear()
        self._index = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        if failure is not None:
            raise failure

    def _index_changed_since_backup(self) -> bool:
        backups = self.backups_of("index")
        try:
            return not backups or self.path.stat().st_mtime_ns > backups[0].stat().st_mtime_ns
        except OSError:
            return True

    def wait_for_backup(self) -> None:
        """The index backup taken at open runs beside start-up; this waits until it is on disk."""
        if self._index_backup is not None:
            self._index_backup.join(timeout=10)
            self._index_backup = None

    def _lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def _owner_path(self) -> Path:
        return self.path.with_name(self.path.name + ".owner")

    def acquire_lock(self) -> None:
        try:
            private_dir(self.path.parent)
        except OSError as exc:
            raise StoreError(f"cannot create the folder {self.path.parent}: {exc.strerror}") from None
        lock = filelock.FileLock(self._lock_path(), timeout=0, mode=0o600)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise StoreLocked(
                f"{self.path} is in use by another facilitator ({self._read_owner()}); close that one first, "
                f"or look without changing anything with --read-only"
            ) from None
        except OSError as exc:
            raise StoreError(f"cannot lock {self.path}: {exc.strerror} (to look without changing anything, "
                             f"add --read-only)") from None
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

    # -- migrations ---------------------------------------------------------------------------------------
    def _migrate(self, data: dict[str, Any], version: int) -> None:
        """Schema 0 (early builds) kept every whole session in the one file; schema 1 splits them out."""
        backup = self.path.with_name(f"{self.path.name}.v{version}-backup-{_now_stamp()}")
        shutil.copy2(self.path, backup)
        os.chmod(backup, 0o600)
        sessions: dict[str, Any] = {}
        for n, (_, state) in enumerate(sorted((data.get("sessions") or {}).items()), start=1):
            if not isinstance(state, dict) or not SESSION_ID.match(str(state.get("id", ""))):
                continue
            state = {**state, "log": state.get("log", [])}
            if problem := session_shape_problem(state):
                # the old file stays as it was (and in the backup beside it): nothing is lost by refusing
                raise StoreError(f"{self.path} cannot be upgraded: session {state['id']}: {problem}. The file "
                                 f"has not been changed; a copy is kept as {backup}")
            atomic_write_text(self._session_path(state["id"]),
                              json.dumps({"session": {"1": state}}, ensure_ascii=False, separators=(",", ":")))
            sessions[str(n)] = summarize(state)
        index = {"meta": {"1": {"schema_version": SCHEMA_VERSION}}, "sessions": sessions}
        atomic_write_text(self.path, json.dumps(index, ensure_ascii=False, separators=(",", ":")))
        self.migrated_from = version
        self.migration_backup = backup

    # -- backups and recovery -------------------------------------------------------------------------------
    def _backup_folder(self, key: str) -> Path:
        return self.backups_dir / key

    def backups_of(self, key: str) -> list[Path]:
        """Backups of `index` or a session id, newest first."""
        return sorted(self._backup_folder(key).glob("*.json"), reverse=True)

    def latest_good_backup(self, key: str) -> Path | None:
        for backup in self.backups_of(key):
            try:
                if read_json_file(backup) is not None:
                    return backup
            except StoreError:
                continue
        return None

    def _backup_file(self, source: Path, key: str) -> None:
        """Keep the last few good states of a file; a backup that fails never stops the work."""
        try:
            folder = self._backup_folder(key)
            existing = self.backups_of(key)
            content = source.read_bytes()
            if existing and existing[0].read_bytes() == content:
                return
            atomic_write_text(folder / f"{_now_stamp()}.json", content.decode("utf-8"))
            for old in self.backups_of(key)[BACKUPS_KEPT:]:
                old.unlink()
        except (OSError, UnicodeDecodeError):
            pass

    def recovery_advice(self, damage: StoreDamaged) -> str:
        key = "index" if damage.path == self.path else damage.path.stem
        backup = self.latest_good_backup(key)
        where = f"the last good backup is {backup}" if backup else "there is no backup of it"
        return (f"{damage}. {where.capitalize()}. Run `facilitator db check` to see every problem and "
                f"`facilitator db restore` to recover (the damaged file is kept aside, never deleted).")

    def check(self) -> list[str]:
        """Every problem with the database's files, as sentences; empty when all is well."""
        problems: list[str] = []
        try:
            index = read_json_file(self.path) or {}
        except StoreError as exc:
            problems.append(self.recovery_advice(exc) if isinstance(exc, StoreDamaged) else str(exc))
            index = {}
        version = (index.get("meta", {}).get("1") or {}).get("schema_version", SCHEMA_VERSION if not index else 0)
        if not isinstance(version, int):
            problems.append(f"{self.path}: its schema version is not a number ({version!r}); "
                            f"`facilitator db restore` rebuilds the index (the old one is kept aside)")
        elif version > SCHEMA_VERSION:
            problems.append(f"{self.path} was written by a newer facilitator (schema {version}); upgrade "
                            f"facilitator to open it. Nothing here will change it.")
            return problems
        rows = [s for s in (index.get("sessions") or {}).values() if isinstance(s, dict)]
        problems += [f"{self.path}: {why}; `facilitator db restore` rebuilds the index"
                     for why in filter(None, map(_index_row_problem, rows))]
        listed = {str(s.get("id")) for s in rows}
        files = {p.stem for p in self.sessions_dir.glob("*.json")} if self.sessions_dir.is_dir() else set()
        for session_id in sorted(listed | files):
            path = self._session_path(session_id)
            try:
                doc = self._read_session_file(path)
            except StoreDamaged as exc:
                problems.append(self.recovery_advice(exc))
                continue
            except StoreError as exc:
                problems.append(str(exc))
                continue
            if doc is None:
                problems.append(f"{path} is missing or holds no session (listed in the index: "
                                f"{'yes' if session_id in listed else 'no'})")
            elif session_id not in listed:
                problems.append(f"session {session_id} is not in the index {self.path}; "
                                f"`facilitator db restore` rebuilds the index")
        return problems

    def restore(self) -> list[str]:
        """Put the newest good backup in place of every damaged session file, then rebuild the index."""
        if self.read_only:
            raise StoreError("cannot restore a database opened read-only")
        try:
            version = ((read_json_file(self.path) or {}).get("meta", {}).get("1") or {}).get("schema_version")
        except StoreDamaged:
            version = None
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer facilitator (schema {version}); restoring it "
                             f"with this version would lose what it keeps. Nothing was changed.")
        done: list[str] = []
        files = sorted(self.sessions_dir.glob("*.json")) if self.sessions_dir.is_dir() else []
        for path in files:
            try:
                self._read_session_file(path)
                continue
            except StoreDamaged:
                pass
            backup = self.latest_good_backup(path.stem)
            aside = path.with_name(f"{path.name}.damaged-{_now_stamp()}")
            os.replace(path, aside)
            if backup is None:
                done.append(f"{path}: damaged and no backup; moved aside to {aside}")
                continue
            atomic_write_text(path, backup.read_text(encoding="utf-8"))
            done.append(f"{path}: restored from {backup} (damaged file kept as {aside})")
        done.append(self.rebuild_index())
        return done

    def rebuild_index(self) -> str:
        """The index is derived data: rebuild it from the session files (a damaged index is kept aside)."""
        try:
            current = read_json_file(self.path)
            version = ((current or {}).get("meta", {}).get("1") or {}).get("schema_version", SCHEMA_VERSION)
            usable = version == SCHEMA_VERSION and not any(
                _index_row_problem(row) for row in (current or {}).get("sessions", {}).values())
        except StoreDamaged:
            usable = False
        if not usable and self.path.exists():
            aside = self.path.with_name(f"{self.path.name}.damaged-{_now_stamp()}")
            os.replace(self.path, aside)
        sessions: dict[str, Any] = {}
        files = sorted(self.sessions_dir.glob("*.json")) if self.sessions_dir.is_dir() else []
        for n, path in enumerate(files, start=1):
            try:
                doc = self._read_session_file(path)
            except StoreError:
                continue
            if doc is not None:
                sessions[str(n)] = summarize(doc)
        index = {"meta": {"1": {"schema_version": SCHEMA_VERSION}}, "sessions": sessions}
        atomic_write_text(self.path, json.dumps(index, ensure_ascii=False, separators=(",", ":")))
        if self._index is not None:
            self._index.close()
            self._index = _tinydb(self.path, self.read_only)
        return f"{self.path}: index rebuilt from {len(sessions)} session file(s)"

    # -- sessions ---------------------------------------------------------------------------------------
    @property
    def index(self) -> TinyDB:
        if self._index is None:
            raise StoreError("the database is not open")
        return self._index

    def list_sessions(self) -> list[dict[str, Any]]:
        """Session summaries, the most recently changed first."""
        docs = [d for d in self.index.table("sessions").all() if _index_row_problem(d) is None]
        # the later-created session first among those changed in the same second
        docs = sorted(docs, key=lambda d: (d.get("updated_at", ""), d.doc_id), reverse=True)
        return [dict(doc) for doc in docs]

    def resolve(self, ref: str) -> str:
        """A session id from `latest`, a full id or an unambiguous prefix; StoreError if none or several."""
        if not ref.strip():
            raise StoreError("no session given: use a session id (see `facilitator sessions`) or 'latest'")
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

    def _session_path(self, session_id: str) -> Path:
        if not SESSION_ID.match(session_id):
            raise StoreError(f"'{session_id}' is not a valid session id")
        return self.sessions_dir / f"{session_id}.json"

    def _session_db(self, session_id: str) -> TinyDB:
        db = self._session_dbs.get(session_id)
        if db is None:
            db = _tinydb(self._session_path(session_id), self.read_only)
            self._session_dbs[session_id] = db
        return db

    def load_session(self, session_id: str) -> dict[str, Any]:
        try:
            doc = self._session_db(session_id).table("session").get(doc_id=1)
        except StoreDamaged as exc:
            self._session_dbs.pop(session_id, None)
            raise StoreError(self.recovery_advice(exc)) from None
        if doc is None:
            raise StoreError(f"session '{session_id}' has no data in {self._session_path(session_id)}")
        problem = session_shape_problem(dict(doc))
        if problem:
            self._session_dbs.pop(session_id, None)
            raise StoreError(self.recovery_advice(StoreDamaged(self._session_path(session_id), problem)))
        return dict(doc)

    def _read_session_file(self, path: Path) -> dict[str, Any] | None:
        """The session record in a file; StoreDamaged when it is not JSON or not of the expected shape."""
        doc = _session_doc(read_json_file(path))
        if doc is not None and (problem := session_shape_problem(doc)):
            raise StoreDamaged(path, problem)
        return doc

    def save_session(self, state: dict[str, Any], summary: dict[str, Any]) -> None:
        """Write the session, then its summary; the session file is the truth, the index a cache of it."""
        session_id = state["id"]
        try:
            self._maybe_backup_session(session_id)
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

    def _maybe_backup_session(self, session_id: str) -> None:
        now = time.monotonic()
        last = self._last_backup.get(session_id)
        if last is not None and now - last < BACKUP_EVERY_SECONDS:
            return
        self._last_backup[session_id] = now
        path = self._session_path(session_id)
        if path.exists():
            self._backup_file(path, session_id)
