"""The `Store`: a database of sessions a workspace opens, saves to and closes (see the package's docstring)."""

from __future__ import annotations

import functools
import json
import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import filelock
from tinydb import Query, TinyDB
from tinydb.table import Document

from facilitator.i18n import _
from facilitator.store import files, recovery
from facilitator.store.errors import OWNER_UNKNOWN, StoreDamaged, StoreError, StoreLocked, StoreWriteError
from facilitator.store.files import MAX_FILE_BYTES, not_a_regular_file, open_tinydb, private_dir, read_json_file
from facilitator.store.layout import (
    SCHEMA_VERSION,
    Layout,
    default_db_path,
    index_row_problem,
    session_shape_problem,
)
from facilitator.store.recovery import BACKUP_EVERY_SECONDS
from facilitator.store.watch import Watch


def _one_thread_at_a_time(method):
    """Screens read the team's sessions in a worker thread while the coach's thread saves: TinyDB's tables and
    this store's caches are not thread-safe, so reads and writes of sessions take turns."""

    @functools.wraps(method)
    def serialized(self: Store, *args: Any, **kwargs: Any) -> Any:
        with self._access:
            return method(self, *args, **kwargs)

    return serialized


class Store:
    """Sessions on disk. Open it, use it, close it (it holds a lock so only one process writes)."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = Path(path).expanduser() if path else default_db_path()
        self.read_only = read_only
        self._abandoned = False
        self.layout = Layout(self.path)
        self.sessions_dir = self.layout.sessions_dir
        self.backups_dir = self.layout.backups_dir
        self.migrated_from: int | None = None
        self.migration_backup: Path | None = None
        self._lock: filelock.BaseFileLock | None = None
        self._owner: dict[str, Any] = {}
        self._index: TinyDB | None = None
        self._session_dbs: dict[str, TinyDB] = {}
        self._last_backup: dict[str, float] = {}
        self._index_backup: threading.Thread | None = None
        self._access = threading.RLock()
        # bumped with every change to the list of sessions this store makes or finds on disk: see index_version
        self._index_changes = 0

    # -- opening and closing ----------------------------------------------------------------------------
    def refuse_what_is_not_a_database(self) -> None:
        """Before anything is opened, locked or created beside it: `--db /dev/null` must never be replaced by a
        regular file, nor `--db /dev/zero` read until memory runs out."""
        what = not_a_regular_file(self.path)
        if what == files.A_FOLDER:
            raise StoreError(_("{path} is a folder, not a database file; give a file path with --db").format(
                path=self.path))
        if what:
            raise StoreError(_("{path} is {what}, not a database file; nothing was opened. Give the path of "
                               "a database file, or of one to create, with --db").format(path=self.path, what=what))
        try:
            size = self.path.stat().st_size
        except OSError:
            return
        if size > MAX_FILE_BYTES:
            raise StoreError(files.too_large(self.path, size))

    def open(self) -> Store:
        self.refuse_what_is_not_a_database()
        if not self.read_only:
            self.acquire_lock()
            self._remove_leftover_temporaries()
        try:
            read = files.signature(self.path)  # before reading: see AtomicJSONStorage.read
            data = self._prepare()
            self._index = open_tinydb(self.path, self.read_only, follow=True)
            self._index_changes += 1
            if data is not None:
                self._index.storage.cache = data  # parsed once already: no second read of a large index
                self._index.storage.storage.signature = read
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
        if data is None and self.path.exists() and (self.sessions_dir.is_dir() or self.backups_dir.is_dir()):
            # an index is never written empty; beside sessions or backups an empty one is damage, not a new start
            raise StoreError(self.recovery_advice(StoreDamaged(self.path, _("the file is empty"))))
        if data is None:
            if not self.read_only:
                files.atomic_write_text(self.path, json.dumps({"meta": {"1": {"schema_version": SCHEMA_VERSION}}}))
            return None
        version = (data.get("meta", {}).get("1") or {}).get("schema_version", 0)
        if not isinstance(version, int):
            raise StoreError(self.recovery_advice(StoreDamaged(self.path, _("its schema version is not a number"))))
        if version > SCHEMA_VERSION:
            raise StoreError(_(
                "{path} was written by a newer facilitator (schema {version}, this version reads up to "
                "{known}); it has not been changed. Upgrade facilitator to open it.").format(
                    path=self.path, version=version, known=SCHEMA_VERSION))
        if version < SCHEMA_VERSION:
            if self.read_only:
                raise StoreError(_("{path} needs upgrading from schema {version}; open it once without "
                                   "--read-only to upgrade it (a backup is kept)").format(
                                       path=self.path, version=version))
            self.migration_backup = recovery.migrate(self.layout, data, version)
            self.migrated_from = version
            return None
        if not self.read_only and recovery.index_changed_since_backup(self.layout):
            # Copying a large index is not worth delaying the first screen for: it runs beside start-up.
            self._index_backup = threading.Thread(target=recovery.backup_file, args=(self.layout, self.path, "index"),
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
            try:
                # nobody holds it any more: a room screen reads that the coach is gone, not a stale owner
                self._owner_path().unlink()
            except OSError:
                pass
            self._lock.release()
            self._lock = None
        if failure is not None:
            raise failure

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
        self.refuse_what_is_not_a_database()
        try:
            private_dir(self.path.parent)
        except OSError as exc:
            raise StoreError(_("cannot create the folder {folder}: {reason}").format(
                folder=self.path.parent, reason=exc.strerror)) from None
        lock = filelock.FileLock(self._lock_path(), timeout=0, mode=0o600)
        try:
            lock.acquire()
        except filelock.Timeout:
            owner = self._read_owner()
            raise StoreLocked(_(
                "{path} is in use by another facilitator ({owner}); close that one first, "
                "or look without changing anything with --read-only").format(path=self.path, owner=owner), owner
            ) from None
        except OSError as exc:
            raise StoreError(_("cannot lock {path}: {reason} (to look without changing anything, "
                               "add --read-only)").format(path=self.path, reason=exc.strerror)) from None
        self._lock = lock
        # The kernel drops the lock when a process dies, so a killed session never blocks the next start;
        # the owner file only tells the next person who holds it, and a room screen which session it runs.
        now = datetime.now(UTC)
        self._owner = {"pid": os.getpid(), "host": os.uname().nodename,
                       "since": now.replace(microsecond=0).isoformat(), "started": round(now.timestamp(), 3),
                       "session": ""}
        self._write_owner()

    def _write_owner(self) -> None:
        try:
            files.atomic_write_text(self._owner_path(), json.dumps(self._owner))
        except OSError:
            pass

    def announce(self, session_id: str) -> None:
        """Say in the owner file which session this process runs now: a room screen follows it."""
        if self._lock is None or self._owner.get("session") == session_id:
            return
        self._owner["session"] = session_id
        self._write_owner()

    def watch(self) -> Watch:
        """Read-only looks for a screen that follows this database while another process writes it."""
        return Watch(self.layout, self._owner_path())

    def holder(self) -> str | None:
        """Who holds the write lock when another process does, found without taking it (nothing is written)."""
        try:
            import fcntl
        except ImportError:
            return None
        try:
            fd = os.open(self._lock_path(), os.O_RDONLY)
        except OSError:
            return None  # no lock file: no one has opened it for writing
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return self._read_owner()
        finally:
            os.close(fd)  # closing also drops the shared lock just taken
        return None

    def _read_owner(self) -> str:
        try:
            owner = json.loads(self._owner_path().read_text())
            return _("process {pid} on {host}, since {since}").format(
                pid=owner["pid"], host=owner["host"], since=owner["since"])
        except (OSError, ValueError, KeyError, TypeError):
            return _(OWNER_UNKNOWN)

    # -- backups and recovery (the work is in recovery.py) ------------------------------------------------
    def backups_of(self, key: str) -> list[Path]:
        """Backups of `index` or a session id, newest first."""
        return recovery.backups_of(self.layout, key)

    def latest_good_backup(self, key: str) -> Path | None:
        return recovery.latest_good_backup(self.layout, key)

    def recovery_advice(self, damage: StoreDamaged) -> str:
        return recovery.recovery_advice(self.layout, damage)

    def check(self) -> list[str]:
        """Every problem with the database's files, as sentences; empty when all is well."""
        self.refuse_what_is_not_a_database()
        return recovery.check(self.layout)

    def restore(self) -> list[str]:
        """Put the newest good backup in place of every damaged session file, then rebuild the index."""
        if self.read_only:
            raise StoreError(_("cannot restore a database opened read-only"))
        self.refuse_what_is_not_a_database()
        done = recovery.restore_sessions(self.layout)
        done.append(self.rebuild_index())
        return done

    def rebuild_index(self) -> str:
        """The index is derived data: rebuild it from the session files (a damaged index is kept aside)."""
        done = recovery.rebuild_index(self.layout)
        if self._index is not None:
            self._index.close()
            self._index = open_tinydb(self.path, self.read_only, follow=True)
        self._index_changes += 1
        return done

    # -- sessions ---------------------------------------------------------------------------------------
    @property
    def index(self) -> TinyDB:
        if self._index is None:
            raise StoreError(_("the database is not open"))
        return self._index

    def sync_bases(self) -> dict[str, Any]:
        """Per session id, the version last published or imported (see core/publish.py); empty if none yet.
        A damaged file only forgets what was exchanged: the next import then lets the newer version win."""
        try:
            data = read_json_file(self.layout.sync_path) or {}
        except StoreDamaged:
            return {}
        bases = data.get("bases")
        return dict(bases) if isinstance(bases, dict) else {}

    def save_sync_bases(self, bases: dict[str, Any]) -> None:
        if self.read_only:
            raise StoreWriteError(_("{path}: the database is open read-only").format(path=self.layout.sync_path))
        try:
            files.write_json(self.layout.sync_path, {"bases": bases})
        except OSError as exc:
            raise StoreWriteError(_("cannot write {path}: {reason}").format(
                path=self.layout.sync_path, reason=exc.strerror or exc)) from None

    @_one_thread_at_a_time
    def index_version(self) -> int:
        """A number that changes whenever the list of sessions may have: with every write through this store, and
        when another process (or another Store on the same file) has replaced the index since this one read it.
        Whoever keeps something derived from `list_sessions` keeps it while this stays the same."""
        self._follow_index_on_disk()
        return self._index_changes

    def _follow_index_on_disk(self) -> None:
        """The index as it is on disk now: TinyDB serves it from memory once read, so a store opened read-only
        beside a running session would never see the sessions saved since. Changes of ours that did not reach
        the disk yet (a failed write, kept for retrying) are newer than the file and are kept."""
        middleware = self.index.storage
        if middleware.cache is None or middleware._cache_modified_count:
            return
        if files.signature(self.path) != middleware.storage.signature:
            self._index.close()
            self._index = open_tinydb(self.path, self.read_only, follow=True)
            self._index_changes += 1

    @_one_thread_at_a_time
    def list_sessions(self) -> list[dict[str, Any]]:
        """Session summaries, the most recently changed first (as the index is on disk now, or as this store
        last wrote it)."""
        self._follow_index_on_disk()
        docs = [d for d in self.index.table("sessions").all() if index_row_problem(d) is None]
        # the later-created session first among those changed in the same second
        docs = sorted(docs, key=lambda d: (d.get("updated_at", ""), d.doc_id), reverse=True)
        return [dict(doc) for doc in docs]

    def _session_path(self, session_id: str) -> Path:
        return self.layout.session_path(session_id)

    def _session_db(self, session_id: str) -> TinyDB:
        db = self._session_dbs.get(session_id)
        if db is None:
            db = open_tinydb(self._session_path(session_id), self.read_only)
            self._session_dbs[session_id] = db
        return db

    @_one_thread_at_a_time
    def load_session(self, session_id: str) -> dict[str, Any]:
        try:
            doc = self._session_db(session_id).table("session").get(doc_id=1)
        except StoreDamaged as exc:
            self._session_dbs.pop(session_id, None)
            raise StoreError(self.recovery_advice(exc)) from None
        if doc is None:
            raise StoreError(_("session '{id}' has no data in {path}").format(
                id=session_id, path=self._session_path(session_id)))
        problem = session_shape_problem(dict(doc))
        if problem:
            self._session_dbs.pop(session_id, None)
            raise StoreError(self.recovery_advice(StoreDamaged(self._session_path(session_id), problem)))
        return dict(doc)

    @_one_thread_at_a_time
    def save_session(self, state: dict[str, Any], summary: dict[str, Any]) -> None:
        """Write the session, then its summary; the session file is the truth, the index a cache of it."""
        session_id = state["id"]
        try:
            self._maybe_backup_session(session_id)
            self._session_db(session_id).table("session").upsert(Document(state, doc_id=1))
            self._index_changes += 1
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

    def save_sessions(self, batch: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
        """Many sessions at once (a folder being imported), with one durable write per session file.

        Each session file is written whole and synced as `save_session` does; the folder is synced once after
        the last, and only then the index is written, once. So the index never lists a session whose file is
        not on disk. Stopped half-way, the files written are whole, `db check` names those the index does not
        list yet (`db restore` rebuilds it), and importing again writes them again."""
        if not batch:
            return
        if self.read_only:
            raise StoreWriteError(_("{path} is open read-only").format(path=self.path))
        try:
            writes = []
            for state, _summary in batch:
                session_id = state["id"]
                self._maybe_backup_session(session_id)
                # the file is replaced under any TinyDB opened on it: its next read must see the new one
                self._session_dbs.pop(session_id, None)
                writes.append((self._session_path(session_id), files.checksummed_json({"session": {"1": state}})))
            # several files synced at once, the folder once after the last (files.atomic_write_texts)
            failed = files.atomic_write_texts(writes)
            if failed:
                path, exc = next((path, failed[path]) for path, _text in writes if path in failed)
                raise StoreWriteError(_("could not save to {path}: {reason}").format(
                    path=path, reason=exc.strerror or exc))
            self._index_changes += 1
            storage = self.index.storage
            storage.WRITE_CACHE_SIZE = len(batch) * 2 + 1  # no write until the flush below
            try:
                sessions = self.index.table("sessions")
                rows = {row.get("id"): row for row in sessions.all()}
                new = []
                for _state, summary in batch:
                    existing = rows.get(summary["id"])
                    if existing is None:
                        new.append(summary)
                    elif dict(existing) != summary:
                        sessions.update(summary, doc_ids=[existing.doc_id])
                if new:
                    sessions.insert_multiple(new)
            finally:
                del storage.WRITE_CACHE_SIZE  # back to writing every change at once
            storage.flush()
        except StoreWriteError:
            raise
        except StoreError as exc:
            raise StoreWriteError(str(exc)) from None

    def _maybe_backup_session(self, session_id: str) -> None:
        now = time.monotonic()
        last = self._last_backup.get(session_id)
        if last is not None and now - last < BACKUP_EVERY_SECONDS:
            return
        self._last_backup[session_id] = now
        path = self._session_path(session_id)
        if path.exists():
            recovery.backup_file(self.layout, path, session_id)
