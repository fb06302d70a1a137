"""Keeping a database recoverable: backups, `db check`, `db restore`, rebuilding the index, migrations.

Nothing here deletes what it finds damaged: a damaged file is moved aside, and the old file of a migration
is copied beside it first.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from facilitator.core.records import summarize
from facilitator.i18n import _
from facilitator.store import files
from facilitator.store.errors import StoreDamaged, StoreError
from facilitator.store.files import now_stamp, read_json_file
from facilitator.store.layout import (
    SCHEMA_VERSION,
    SESSION_ID,
    Layout,
    index_row_problem,
    read_session_file,
    session_shape_problem,
)

BACKUPS_KEPT = 5
# A session's file is copied to its backups at most this often while it is being changed.
BACKUP_EVERY_SECONDS = 300.0


# -- backups -------------------------------------------------------------------------------------------------
def backups_of(layout: Layout, key: str) -> list[Path]:
    """Backups of `index` or a session id, newest first."""
    return sorted((layout.backups_dir / key).glob("*.json"), reverse=True)


def latest_good_backup(layout: Layout, key: str) -> Path | None:
    for backup in backups_of(layout, key):
        try:
            good = read_json_file(backup) if key == "index" else read_session_file(backup)
            if good is not None:
                return backup
        except StoreError:
            continue
    return None


def backup_file(layout: Layout, source: Path, key: str) -> None:
    """Keep the last few good states of a file; a backup that fails never stops the work."""
    try:
        existing = backups_of(layout, key)
        content = source.read_bytes()
        if existing and existing[0].read_bytes() == content:
            return
        files.atomic_write_text(layout.backups_dir / key / f"{now_stamp()}.json", content.decode("utf-8"))
        for old in backups_of(layout, key)[BACKUPS_KEPT:]:
            old.unlink()
    except (OSError, UnicodeDecodeError):
        pass


def index_changed_since_backup(layout: Layout) -> bool:
    backups = backups_of(layout, "index")
    try:
        return not backups or layout.path.stat().st_mtime_ns > backups[0].stat().st_mtime_ns
    except OSError:
        return True


# -- check and restore -------------------------------------------------------------------------------------
def recovery_advice(layout: Layout, damage: StoreDamaged) -> str:
    key = "index" if damage.path == layout.path else damage.path.stem
    backup = latest_good_backup(layout, key)
    if backup:
        where = _("The last good backup is {backup}.").format(backup=backup)
    else:
        where = _("There is no backup of it.")
    return _("{damage}. {where} Run `facilitator db check` to see every problem and `facilitator db restore` to "
             "recover (the damaged file is kept aside, never deleted).").format(damage=damage, where=where)


def check(layout: Layout) -> list[str]:
    """Every problem with the database's files, as sentences; empty when all is well."""
    problems: list[str] = []
    try:
        index = read_json_file(layout.path)
        if index is None and layout.path.exists() and (layout.sessions_dir.is_dir() or layout.backups_dir.is_dir()):
            problems.append(_("{path} is empty; `facilitator db restore` rebuilds the index from the "
                              "session files").format(path=layout.path))
        index = index or {}
    except StoreError as exc:
        problems.append(recovery_advice(layout, exc) if isinstance(exc, StoreDamaged) else str(exc))
        index = {}
    version = (index.get("meta", {}).get("1") or {}).get("schema_version", SCHEMA_VERSION if not index else 0)
    if not isinstance(version, int):
        problems.append(_("{path}: its schema version is not a number ({version}); "
                          "`facilitator db restore` rebuilds the index (the old one is kept aside)").format(
                              path=layout.path, version=repr(version)))
    elif version > SCHEMA_VERSION:
        problems.append(_("{path} was written by a newer facilitator (schema {version}); upgrade "
                          "facilitator to open it. Nothing here will change it.").format(
                              path=layout.path, version=version))
        return problems
    rows = [s for s in (index.get("sessions") or {}).values() if isinstance(s, dict)]
    problems += [_("{path}: {why}; `facilitator db restore` rebuilds the index").format(path=layout.path, why=why)
                 for why in filter(None, map(index_row_problem, rows))]
    listed = {str(s.get("id")) for s in rows}
    on_disk = {p.stem for p in layout.session_files()}
    for session_id in sorted(listed | on_disk):
        path = layout.session_path(session_id)
        try:
            doc = read_session_file(path)
        except StoreDamaged as exc:
            problems.append(recovery_advice(layout, exc))
            continue
        except StoreError as exc:
            problems.append(str(exc))
            continue
        if doc is None:
            problems.append(_("{path} is missing or holds no session (listed in the index: yes)").format(path=path)
                            if session_id in listed else
                            _("{path} is missing or holds no session (listed in the index: no)").format(path=path))
        elif session_id not in listed:
            problems.append(_("session {id} is not in the index {path}; `facilitator db restore` rebuilds the "
                              "index").format(id=session_id, path=layout.path))
    return problems


def restore_sessions(layout: Layout) -> list[str]:
    """Put the newest good backup in place of every damaged session file; what was done, as sentences."""
    try:
        version = ((read_json_file(layout.path) or {}).get("meta", {}).get("1") or {}).get("schema_version")
    except StoreDamaged:
        version = None
    if isinstance(version, int) and version > SCHEMA_VERSION:
        raise StoreError(_("{path} was written by a newer facilitator (schema {version}); restoring it "
                           "with this version would lose what it keeps. Nothing was changed.").format(
                               path=layout.path, version=version))
    done: list[str] = []
    for path in layout.session_files():
        try:
            if read_session_file(path) is not None:
                continue
        except StoreDamaged:
            pass
        # damaged, or empty (a file in the sessions folder always holds its session): the newest good backup
        backup = latest_good_backup(layout, path.stem)
        aside = path.with_name(f"{path.name}.damaged-{now_stamp()}")
        os.replace(path, aside)
        if backup is None:
            done.append(_("{path}: damaged or empty and no backup; moved aside to {aside}").format(
                path=path, aside=aside))
            continue
        files.atomic_write_text(path, backup.read_text(encoding="utf-8"))
        done.append(_("{path}: restored from {backup} (damaged file kept as {aside})").format(
            path=path, backup=backup, aside=aside))
    return done


def rebuild_index(layout: Layout) -> str:
    """The index is derived data: rebuild it from the session files (a damaged index is kept aside)."""
    try:
        current = read_json_file(layout.path)
        version = ((current or {}).get("meta", {}).get("1") or {}).get("schema_version", SCHEMA_VERSION)
        usable = version == SCHEMA_VERSION and not any(
            index_row_problem(row) for row in (current or {}).get("sessions", {}).values())
    except StoreDamaged:
        usable = False
    if not usable and layout.path.exists():
        aside = layout.path.with_name(f"{layout.path.name}.damaged-{now_stamp()}")
        os.replace(layout.path, aside)
    sessions: dict[str, Any] = {}
    for n, path in enumerate(layout.session_files(), start=1):
        try:
            doc = read_session_file(path)
        except StoreError:
            continue
        if doc is not None:
            sessions[str(n)] = summarize(doc)
    index = {"meta": {"1": {"schema_version": SCHEMA_VERSION}}, "sessions": sessions}
    files.atomic_write_text(layout.path, json.dumps(index, ensure_ascii=False, separators=(",", ":")))
    return _("{path}: index rebuilt from {count} session file(s)").format(path=layout.path, count=len(sessions))


# -- migrations --------------------------------------------------------------------------------------------
def migrate(layout: Layout, data: dict[str, Any], version: int) -> Path:
    """Schema 0 (early builds) kept every whole session in the one file; schema 1 splits them out.

    Returns the copy of the old file kept beside it."""
    path = layout.path
    backup = path.with_name(f"{path.name}.v{version}-backup-{now_stamp()}")
    shutil.copy2(path, backup)
    os.chmod(backup, 0o600)
    sessions: dict[str, Any] = {}
    for n, (_key, state) in enumerate(sorted((data.get("sessions") or {}).items()), start=1):
        if not isinstance(state, dict) or not SESSION_ID.match(str(state.get("id", ""))):
            continue
        state = {**state, "log": state.get("log", [])}
        if problem := session_shape_problem(state):
            # the old file stays as it was (and in the backup beside it): nothing is lost by refusing
            raise StoreError(_("{path} cannot be upgraded: session {id}: {problem}. The file has not been "
                               "changed; a copy is kept as {backup}").format(
                                   path=path, id=state["id"], problem=problem, backup=backup))
        files.atomic_write_text(layout.session_path(state["id"]),
                                json.dumps({"session": {"1": state}}, ensure_ascii=False, separators=(",", ":")))
        sessions[str(n)] = summarize(state)
    index = {"meta": {"1": {"schema_version": SCHEMA_VERSION}}, "sessions": sessions}
    files.atomic_write_text(path, json.dumps(index, ensure_ascii=False, separators=(",", ":")))
    return backup
