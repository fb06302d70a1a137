"""Keys starting with `x-` in an export: another tool's own data (its ids, its links), allowed anywhere in the
document and kept through import, so the next export carries them where they were.

They are stored apart from the session's own fields, each under the place it was found. A place is named by
the ids on the way to it rather than by list positions, so `x-jira: OKR-12` stays on objective `o-3f9a` even
after the board is reordered; an extension on something since removed goes with it.
"""

from __future__ import annotations

import copy
from typing import Any

PREFIX = "x-"
# what names an item of a list, in order of preference; findings are named by their check and target
_ITEM_KEYS = ("id", "step", "key_result")


def is_extension(key: Any) -> bool:
    return isinstance(key, str) and key.startswith(PREFIX)


def _item_name(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in _ITEM_KEYS:
            if isinstance(item.get(key), str) and item[key]:
                return f"[{key}={item[key]}]"
        if isinstance(item.get("check"), str) and isinstance(item.get("target"), str):
            return f"[check={item['check']}@{item['target']}]"
    return f"[{index}]"


def split(document: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """(the document without any `x-` key, the `x-` keys by place); the document given is not changed."""
    found: dict[str, dict[str, Any]] = {}

    def clean(node: Any, place: str) -> Any:
        if isinstance(node, dict):
            own = {k: v for k, v in node.items() if is_extension(k)}
            if own:
                found[place] = copy.deepcopy(own)
            return {k: clean(v, f"{place}/{k}") for k, v in node.items() if not is_extension(k)}
        if isinstance(node, list):
            return [clean(item, f"{place}/{_item_name(item, i)}") for i, item in enumerate(node)]
        return node

    return clean(document, ""), found


def merge(document: dict[str, Any], extensions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The document with the stored `x-` keys back where they were found (in place); places that no longer
    exist are skipped."""
    if not extensions:
        return document

    def visit(node: Any, place: str) -> None:
        if isinstance(node, dict):
            for key, value in list(node.items()):
                visit(value, f"{place}/{key}")
            for key, value in (extensions.get(place) or {}).items():
                node.setdefault(key, copy.deepcopy(value))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                visit(item, f"{place}/{_item_name(item, i)}")

    visit(document, "")
    return document
