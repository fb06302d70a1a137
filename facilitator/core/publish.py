"""A shared record in git: sessions as plain YAML files, one per session, that several coaches exchange.

`facilitator publish DIR` writes each session's export to `ORG/TEAM/DATE-ID.yaml` with the keys in the export's
fixed order and nothing that changes without the room changing it (the coach's live findings are recomputed
wherever the file is read; facilitator notes are never written), so a commit shows what the room did.
`facilitator import DIR` brings such files in. Both remember, per session, the version last exchanged (its
`updated_at` and the digest of the file's text): that *base* is how "changed here", "changed there" and
"changed on both sides" are told apart, as git tells them apart with a merge base.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from facilitator.core.cycles import name_key

SUFFIX = ".yaml"
# DATE-ID.yaml: the session id is what ties a file to its session, wherever the file was moved to
FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([A-Za-z0-9][A-Za-z0-9_-]{0,63})\.ya?ml$")
_UNSAFE = re.compile(r"[^\w]+")
NAME_CHARS = 60


def folder_name(name: str, empty: str) -> str:
    """A name as one folder: the same for every spelling of it, no dots, slashes or spaces."""
    slug = _UNSAFE.sub("-", name_key(name)).strip("-_")[:NAME_CHARS].strip("-_")
    return slug or empty


def path_for(document: dict[str, Any]) -> PurePosixPath:
    session = document["session"]
    day = str(session.get("started_at", ""))[:10] or "0000-00-00"
    return PurePosixPath(folder_name(session.get("organization", ""), "no-organization"),
                         folder_name(session.get("team", ""), "no-team"), f"{day}-{session['id']}{SUFFIX}")


def session_id_of(file_name: str) -> str | None:
    match = FILE_NAME.match(file_name)
    return match.group(2) if match else None


def publishable(document: dict[str, Any]) -> dict[str, Any]:
    """The export as it is shared: no private section, and no findings (the checks recompute them wherever
    the file is read, so a new check or a fixed one does not rewrite every file). `document` is left as it was;
    the two share their other sections (not copied: publish writes a thousand of them), so change neither."""
    shared = {k: v for k, v in document.items() if k != "private"}
    shared["okrs"] = {**shared["okrs"], "findings": []}
    return shared


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Base:
    """The version of a session this database last exchanged through a shared folder."""

    updated_at: str
    digest: str

    def to_dict(self) -> dict[str, str]:
        return {"updated_at": self.updated_at, "digest": self.digest}

    @classmethod
    def from_dict(cls, data: Any) -> Base | None:
        if isinstance(data, dict) and isinstance(data.get("updated_at"), str) and isinstance(data.get("digest"), str):
            return cls(data["updated_at"], data["digest"])
        return None


# What to do with a file whose session is also here: the outcomes `decide` gives.
SAME, TAKE_THEIRS, KEEP_OURS, CONFLICT = "same", "take-theirs", "keep-ours", "conflict"


def decide(ours: str, theirs: str, base: Base | None, same_content: Callable[[], bool]) -> str:
    """Import's rule, from the two `updated_at` stamps and the base: take the file when only it changed, keep
    ours when only ours did, a conflict when both did. Without a base, the newer wins. Two versions stamped
    the same second are compared by content (`same_content`, asked only then): equal, or a conflict."""
    if base is None:
        if ours == theirs:
            return SAME if same_content() else CONFLICT
        return TAKE_THEIRS if theirs > ours else KEEP_OURS
    ours_changed, theirs_changed = ours != base.updated_at, theirs != base.updated_at
    if ours_changed and theirs_changed:
        return SAME if ours == theirs and same_content() else CONFLICT
    if theirs_changed:
        return TAKE_THEIRS
    return KEEP_OURS if ours_changed else SAME


def may_overwrite(existing_updated_at: str | None, ours: str, base: Base | None) -> bool:
    """Publish's rule: a file in the folder is replaced only when it holds a version this database has seen
    (the base) or an older one; one changed by another coach since is imported first, never written over."""
    if existing_updated_at is None:
        return True  # not a readable export: ours replaces it (git keeps what it was)
    if existing_updated_at == ours or (base is not None and existing_updated_at == base.updated_at):
        return True
    return existing_updated_at <= ours and base is None


def conflict_copy_id(session_id: str, file_digest: str) -> str:
    """The id under which the other side's version of a conflicting session is kept: the same file always
    gives the same copy, so importing twice adds nothing."""
    return f"{session_id[:46]}-conflict-{file_digest[:8]}"


CONFLICT_TEAM_SUFFIX = " (conflict copy)"
