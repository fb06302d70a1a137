"""The coach's own keys: a small TOML file that remaps bindings by their id.

```toml
# ~/.config/facilitator/keymap.toml
[keys]
next-step = "n,right,l"
toggle-timer = "t"
```

A bad file never stops a workshop: what can be used is used, and every problem is reported with the file
and the entry, so the coach can fix it after the session.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.i18n import _

KEYMAP_ENV = "FACILITATOR_KEYMAP"
MAX_BYTES = 64 * 1024
# Textual's key names: letters, digits, punctuation names (question_mark), modifiers joined by "+".
_KEY = re.compile(r"^[A-Za-z0-9_]+(\+[A-Za-z0-9_]+)*$|^[^\s,\x00-\x1f\x7f]$")


@dataclass(frozen=True)
class Keymap:
    keys: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    path: Path | None = None


def keymap_path() -> Path:
    override = os.environ.get(KEYMAP_ENV)
    if override:
        return Path(override)
    from platformdirs import user_config_path  # only when a session starts, not for every command

    return user_config_path("facilitator", appauthor=False) / "keymap.toml"


def load_keymap(known_ids: Iterable[str], path: Path | None = None) -> Keymap:
    """The keymap at `path` (default: the user's config folder); no file is an empty keymap, not a problem."""
    path = path or keymap_path()
    try:
        raw = path.read_bytes()[: MAX_BYTES + 1]
    except FileNotFoundError:
        return Keymap(path=path)
    except OSError as exc:
        return Keymap(problems=(_("{path}: cannot be read ({reason}); the usual keys apply").format(
            path=path, reason=exc.strerror or exc),), path=path)
    if len(raw) > MAX_BYTES:
        return Keymap(problems=(_("{path}: larger than {size} KiB; the usual keys apply").format(
            path=path, size=MAX_BYTES // 1024),), path=path)
    return parse_keymap(raw.decode("utf-8", errors="replace"), known_ids, path)


def parse_keymap(text: str, known_ids: Iterable[str], path: Path | None = None) -> Keymap:
    where = str(path) if path else "keymap"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Keymap(problems=(_("{path}: {reason}; the usual keys apply").format(path=where, reason=exc),), path=path)
    table = data.get("keys", {})
    if not isinstance(table, dict):
        return Keymap(problems=(_('{path}: [keys] must be a table of id = "keys"; the usual keys apply').format(
            path=where),), path=path)
    known = set(known_ids)
    keys: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in table.items():
        if binding_id not in known:
            problems.append(_("{path}: [keys] {id} is not a key of facilitator (known: {known})").format(
                path=where, id=_show(binding_id), known=", ".join(sorted(known))))
            continue
        names = [k.strip() for k in value.split(",")] if isinstance(value, str) else []
        if not names or not all(_KEY.match(k) for k in names):
            problems.append(_('{path}: [keys] {id} = {value} is not a list of keys like "t" or "ctrl+t,f5"').format(
                path=where, id=binding_id, value=_show(value)))
            continue
        keys[binding_id] = ",".join(names)
    return Keymap(keys=keys, problems=tuple(problems), path=path)


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
