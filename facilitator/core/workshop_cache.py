"""A cache of validated workshop scripts, so starting a session does not re-parse and re-validate YAML.

Parsing and validating the built-in half-day workshop costs more than the rest of start-up; a coach starts
the same scripts again and again. Entries are keyed by the file's content and the loader's own code, so an
edited file or a new facilitator version is always validated afresh. Any cache failure just means a re-parse.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from facilitator import __version__

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
    try:
        data = json.loads((directory / f"{_key(text)}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def put(text: str, data: dict[str, Any]) -> None:
    directory = _directory()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = directory / f"{_key(text)}.json"
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, target)
    except (OSError, TypeError, ValueError):
        pass
