"""Publishing sessions to a shared folder (a git checkout) and importing them back: see core/publish.py.

Only files named like a published session are read back (`DATE-ID.yaml`, anywhere below the folder, never in
hidden folders such as `.git`); each is untrusted input, size-capped and checked like any import.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from facilitator.core import catalog
from facilitator.core.cycles import workshop_kind
from facilitator.core.export import export_document, to_yaml
from facilitator.core.importer import ImportProblem, check_organization_links, import_document
from facilitator.core.located_yaml import MAX_BYTES
from facilitator.core.publish import (
    CONFLICT,
    CONFLICT_TEAM_SUFFIX,
    KEEP_OURS,
    SAME,
    TAKE_THEIRS,
    Base,
    conflict_copy_id,
    decide,
    digest,
    may_overwrite,
    path_for,
    publishable,
    session_id_of,
)
from facilitator.core.records import SessionState, SessionSummary, summarize
from facilitator.core.session import Session
from facilitator.core.workshop import Workshop
from facilitator.i18n import _
from facilitator.store import StoreError, atomic_write_texts
from facilitator.workspace import Selection, Workspace


@dataclass
class PublishResult:
    written: list[str] = field(default_factory=list)  # paths relative to the folder
    unchanged: int = 0
    moved: list[tuple[str, str]] = field(default_factory=list)  # (old, new): the session changed team
    refused: list[str] = field(default_factory=list)  # "path: why"
    problems: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept_ours: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # one line each: what, where, which copy keeps theirs
    problems: list[str] = field(default_factory=list)  # "path: why" for files that are not exports


def published_files(folder: Path) -> dict[str, Path]:
    """Session id -> its file, for every published session file below `folder` (hidden folders skipped)."""
    found: dict[str, Path] = {}
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            session_id = session_id_of(name)
            if session_id is not None:
                found.setdefault(session_id, Path(root) / name)
    return found


def _updated_at(text: str) -> str | None:
    """The session's `updated_at` without parsing the whole file: the export writes it on one line."""
    for line in text.splitlines():
        stripped = line.strip()
        if line.startswith("  updated_at:") and stripped.count(":") >= 1:
            return stripped.split(":", 1)[1].strip().strip("'\"")
    return None


def _read(path: Path) -> str:
    if path.stat().st_size > MAX_BYTES:
        raise ImportProblem(_("too large to be an export ({size} bytes)").format(size=f"{path.stat().st_size:,}"))
    return path.read_text(encoding="utf-8")


def publish(workspace: Workspace, folder: Path, selection: Selection | None = None) -> PublishResult:
    result = PublishResult()
    folder.mkdir(parents=True, exist_ok=True)
    existing = published_files(folder)
    bases = workspace.store.sync_bases()
    workshops: dict[str, Workshop] = {}  # a thousand sessions run a handful of scripts
    pending: list[_Write] = []
    for summary in workspace.sessions(selection) if selection else workspace.sessions():
        try:
            state = SessionState.from_dict(workspace.store.load_session(summary.id))
            if state.workshop_ref not in workshops:
                workshops[state.workshop_ref] = catalog.resolve(state.workshop_ref)[0]
            workshop = workshops[state.workshop_ref]
        except Exception as exc:  # noqa: BLE001 - one unreadable session must not stop the others
            result.problems.append(_("session {id}: {problem}").format(id=summary.id, problem=exc))
            continue
        document = publishable(export_document(Session(workshop, state, workspace.store), findings=False))
        text = to_yaml(document)
        relative = path_for(document)
        target = folder / relative
        base = Base.from_dict(bases.get(state.id))
        old = existing.get(state.id)
        on_disk = old if old is not None else target
        current = None
        if on_disk.is_file():
            try:
                current = on_disk.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                current = None
        if current is not None and not may_overwrite(_updated_at(current), state.updated_at, base):
            result.refused.append(_("{file}: changed there since this database last exchanged it; run "
                                    "`facilitator import {folder}` first").format(
                                        file=on_disk.relative_to(folder), folder=folder))
            continue
        if current == text and on_disk == target:
            result.unchanged += 1
            bases[state.id] = Base(state.updated_at, digest(text)).to_dict()
            continue
        pending.append(_Write(state.id, state.updated_at, target, relative, old, text))
        if len(pending) >= PUBLISH_BATCH:
            _write(pending, folder, bases, result)
            pending.clear()
    _write(pending, folder, bases, result)
    workspace.store.save_sync_bases(bases)
    return result


PUBLISH_BATCH = 200  # files held before they are written: bounds memory


@dataclass(frozen=True)
class _Write:
    session_id: str
    updated_at: str
    target: Path
    relative: PurePosixPath
    old: Path | None  # where the session's file was before, when it moves (its team changed)
    text: str


def _write(pending: list[_Write], folder: Path, bases: dict, result: PublishResult) -> None:
    """The files of a batch, several synced at once; a moved session's old file is removed only once its new one
    is on disk, and a session's base moves only when its file was written."""
    failed: dict[Path, OSError] = {}
    for write in pending:
        try:
            write.target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            failed[write.target] = exc
    failed.update(atomic_write_texts([(w.target, w.text) for w in pending if w.target not in failed]))
    for write in pending:
        if write.target in failed:
            exc = failed[write.target]
            result.problems.append(f"{write.target}: {exc.strerror or exc}")
            continue
        if write.old is not None and write.old != write.target:
            try:
                write.old.unlink()
            except OSError as exc:
                result.problems.append(f"{write.target}: {exc.strerror or exc}")
                continue
            result.moved.append((str(write.old.relative_to(folder)), str(write.relative)))
        else:
            result.written.append(str(write.relative))
        bases[write.session_id] = Base(write.updated_at, digest(write.text)).to_dict()


IMPORT_BATCH = 200  # sessions held before they are written: bounds memory, and what a stop would leave unindexed


def import_folder(workspace: Workspace, folder: Path) -> ImportResult:
    if not folder.is_dir():
        raise StoreError(_("{folder} is not a folder").format(folder=folder))
    result = ImportResult()
    bases = workspace.store.sync_bases()
    here = {s.id: s for s in workspace.sessions()}
    pending: list[tuple[dict, dict]] = []  # saved together: one durable write per session file, one index write
    links = _Links(workspace, folder, here, bases, result)
    files = published_files(folder)
    for session_id, path in files.items():
        shown = path.relative_to(folder)
        try:
            text = _read(path)
        except (OSError, UnicodeDecodeError, ImportProblem) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else _("not UTF-8 text") \
                if isinstance(exc, UnicodeDecodeError) else str(exc)
            result.problems.append(_("{file}: {problem}; nothing imported").format(file=shown, problem=reason))
            continue
        file_digest = digest(text)
        base = Base.from_dict(bases.get(session_id))
        if base is not None and base.digest == file_digest and session_id in here:
            result.unchanged += 1  # the version this database last exchanged: nothing to read
            continue
        try:
            state = import_document(text, existing_ids=set())
        except ImportProblem as exc:
            result.problems.append(_("{file}: {problem}; nothing imported").format(file=shown, problem=exc))
            continue
        if state["id"] != session_id:
            result.problems.append(_("{file}: the file name says session {id}, the file says {found}; nothing "
                                     "imported").format(file=shown, id=session_id, found=state["id"]))
            continue
        ours = here.get(session_id)
        outcome = TAKE_THEIRS if ours is None else decide(
            ours.updated_at, state["updated_at"], base,
            lambda session_id=session_id, state=state:
            publishable(workspace._exported(workspace.store.load_session(session_id)))
            == publishable(workspace._exported(state)))
        if outcome == SAME:
            result.unchanged += 1
        elif outcome == KEEP_OURS:
            result.kept_ours.append(_("{id}: changed here since ({updated_at}); `facilitator publish` shares "
                                      "it").format(id=session_id, updated_at=ours.updated_at))
            continue  # the base stays: the file is still the version we last exchanged
        elif outcome == CONFLICT:
            copy_id = conflict_copy_id(session_id, file_digest)
            if copy_id not in here:
                state["id"] = copy_id
                state["team"] = (state["team"] or "no team") + CONFLICT_TEAM_SUFFIX
                pending.append((state, summarize(state)))
            result.conflicts.append(_("{id}: changed here and in {file}; ours is kept, theirs is session "
                                      "{copy}").format(id=session_id, file=shown, copy=copy_id))
        else:
            pending.append((state, summarize(state)))
            (result.updated if ours is not None else result.added).append(session_id)
        # after a conflict too: theirs is kept as a copy, so the next publish may share ours over it
        bases[session_id] = Base(state["updated_at"], file_digest).to_dict()
        links.saw(state)
        if len(pending) >= IMPORT_BATCH:
            workspace.store.save_sessions(links.checked(pending, files))
            pending.clear()
    # the sessions first, the record of what was exchanged after: stopped in between, the next import finds the
    # same content here and changes nothing
    workspace.store.save_sessions(links.checked(pending, files))
    workspace.store.save_sync_bases(bases)
    return result


class _Links:
    """Links to another session's company objective, checked before a batch is saved: against the sessions this
    import read so far and those already here. A file whose link points at nothing it could is reported, not
    imported; a link to a session not read yet is kept (the check runs again when that session is opened)."""

    def __init__(self, workspace: Workspace, folder: Path, here: dict, bases: dict, result: ImportResult):
        self.workspace, self.folder, self.here, self.bases, self.result = workspace, folder, here, bases, result
        self.before = dict(bases)  # the versions last exchanged, for a file that is refused after all
        self.read: dict[str, dict] = {}  # what links are checked against: organization and objectives

    def saw(self, state: dict) -> None:
        self.read[state["id"]] = {"organization": state["organization"], "objectives": state["objectives"]}

    def find(self, session_id: str) -> dict | None:
        if session_id in self.read:
            return self.read[session_id]
        return self.workspace._stored(session_id) if session_id in self.here else None

    def checked(self, pending: list[tuple[dict, dict]], files: dict[str, Path]) -> list[tuple[dict, dict]]:
        kept = []
        for state, summary in pending:
            try:
                check_organization_links(state, self.find)
            except ImportProblem as exc:
                path = files.get(state["id"])
                shown = path.relative_to(self.folder) if path else state["id"]
                self.result.problems.append(_("{file}: {problem}; nothing imported").format(file=shown, problem=exc))
                for listed in (self.result.added, self.result.updated):
                    if state["id"] in listed:
                        listed.remove(state["id"])
                if state["id"] in self.before:
                    self.bases[state["id"]] = self.before[state["id"]]
                else:
                    self.bases.pop(state["id"], None)
                continue
            kept.append((state, summary))
        return kept


class FolderReader:
    """A folder of published sessions read as a database would be (core/cycles.py's SessionReader), for the
    report: every file checked like an import; the ones that are not exports are listed in `problems`."""

    def __init__(self, folder: Path):
        if not folder.is_dir():
            raise StoreError(_("{folder} is not a folder").format(folder=folder))
        self.problems: list[str] = []
        self._states: dict[str, SessionState] = {}
        for session_id, path in published_files(folder).items():
            try:
                state = SessionState.from_dict(import_document(_read(path), existing_ids=set()))
            except (OSError, UnicodeDecodeError, ImportProblem) as exc:
                self.problems.append(f"{path.relative_to(folder)}: {getattr(exc, 'strerror', None) or exc}")
                continue
            if state.id == session_id:
                self._states[state.id] = state
        self._kinds: dict[str, str] = {}

    def summaries(self) -> list[SessionSummary]:
        rows = [SessionSummary.from_dict(summarize(s.to_dict())) for s in self._states.values()]
        return sorted(rows, key=lambda s: s.updated_at, reverse=True)

    def state(self, session_id: str) -> SessionState | None:
        return self._states.get(session_id)

    def kind(self, summary: SessionSummary) -> str:
        if summary.workshop_id not in self._kinds:
            self._kinds[summary.workshop_id] = workshop_kind(catalog.resolve(summary.workshop_id)[0])
        return self._kinds[summary.workshop_id]
