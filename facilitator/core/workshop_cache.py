"""A cache of validated workshop scripts, so starting a session does not re-parse and re-validate YAML.

Parsing and validating the built-in half-day workshop costs more than the rest of start-up; a coach starts
the same scripts again and again. Entries are keyed by the file's content and the loader's own code, so an
edited file or a new facilitator version is always validated afresh. Any cache failure just means a re-parse.

An entry holds the whole script, facilitator notes included: entries are readable by the owner only (600 in a
700 folder, which is made private again if it was not) and only the most recently used few are kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import stat
from pathlib import Path
from typing import Any

from facilitator import __version__

ENTRIES_KEPT = 16
_CODE = [Path(__file__).with_name(n) for n in ("loader.py", "workshop.py", "located_yaml.py")]


def _directory() -> Path | None:
    if os.environ.get("FACILITATOR_NO_CACHE"):
        return None
    from platformdirs import user_cache_path

    return user_cache_path("facilitator", appauthor=False) / "workshops"


def _key(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8"))
    digest.update(__version__.encode())
    for path in _CODE:
        try:
            digest.update(str(path.stat().st_mtime_ns).encode())
        except OSError:
            pass
    return digest.hexdigest()[:32]


def get(text: str) -> dict[str, Any] | None:
    directory = _directory()
    if directory is None:
        return None
    path = directory / f"{_key(text)}.json"
    try:
        info = path.stat()
        if not _private(directory) or info.st_mode & 0o077 or info.st_uid != os.getuid():
            return None  # someone else could have written it: validate the file afresh instead
        data = json.loads(path.read_text(encoding="utf-8"))
        os.utime(path)  # used: kept longest by pruning
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def put(text: str, data: dict[str, Any]) -> None:
    directory = _directory()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(directory):
            os.chmod(directory, 0o700)
        target = directory / f"{_key(text)}.json"
        tmp = directory / f".{target.name}.{secrets.token_hex(4)}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(data))
        os.replace(tmp, target)
        prune(directory)
    except (OSError, TypeError, ValueError):
        pass


def prune(directory: Path, keep: int = ENTRIES_KEPT) -> None:
    """Keep the `keep` most recently used entries; older ones (and leftovers of interrupted writes) go."""
    entries = []
    for path in directory.iterdir():
        try:
            entries.append((path.stat().st_mtime, path))
        except OSError:
            continue
    entries.sort(reverse=True)
    for n, (_, path) in enumerate(entries):
        if n >= keep or path.name.endswith(".tmp"):
            try:
                path.unlink()
            except OSError:
                pass


def _private(directory: Path) -> bool:
    info = directory.stat()
    return stat.S_ISDIR(info.st_mode) and not info.st_mode & 0o077 and info.st_uid == os.getuid()
