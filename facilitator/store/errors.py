"""Database errors, each explained for a person: which file, what is wrong, what to do."""

from __future__ import annotations

from pathlib import Path

from facilitator.core.errors import FacilitatorError
from facilitator.core.records import SaveError
from facilitator.i18n import N_, _

# Translators: said of a database whose owner file (who holds its lock) cannot be read.
OWNER_UNKNOWN = N_("owner unknown")


class StoreError(FacilitatorError):
    """A database problem explained for a person: which file, what is wrong, what to do."""


class StoreLocked(StoreError):
    """Another process holds the database; `owner` says which, as far as its owner file tells."""

    def __init__(self, message: str, owner: str | None = None):
        super().__init__(message)
        self.owner = _(OWNER_UNKNOWN) if owner is None else owner


class StoreDamaged(StoreError):
    def __init__(self, path: Path, detail: str):
        super().__init__(_("{path} is damaged ({detail}); it has not been changed").format(path=path, detail=detail))
        self.path = path
        self.detail = detail


class StoreWriteError(StoreError, SaveError):
    """A save failed (read-only folder, full disk, vanished directory); the caller keeps state in memory."""
