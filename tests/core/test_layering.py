"""The layering the design asks for, enforced: each layer imports only what sits below it.

- core is plain Python: no Textual, no store, no workspace, no screens, widgets, render helpers or app, no TinyDB;
- screens, widgets and render helpers never reach the store or TinyDB (they talk to the session's verbs);
- only the store imports TinyDB.
The rules read every module's imports from its syntax tree, function-local imports included, so an import
hidden inside a function to dodge a loop is caught too.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "facilitator"

UI = ("facilitator.screens", "facilitator.widgets", "facilitator.render", "facilitator.providers", "facilitator.app",
      "facilitator.room_app")
RULES = {
    "facilitator.core": ("textual", "rich", "tinydb", "aiohttp", "facilitator.store", "facilitator.workspace",
                         "facilitator.cli", "facilitator.join", *UI),
    # the join server is one more client of the session's verbs, like the screens: no store, no terminal
    "facilitator.join": ("textual", "rich", "tinydb", "facilitator.store", "facilitator.workspace", *UI),
    "facilitator.screens": ("tinydb", "facilitator.store", "facilitator.room_feed"),
    "facilitator.widgets": ("tinydb", "facilitator.store", "facilitator.workspace", "facilitator.screens"),
    "facilitator.render": ("tinydb", "facilitator.store", "facilitator.workspace", "facilitator.screens"),
    "facilitator.providers": ("tinydb", "facilitator.store"),
    "facilitator.app": ("tinydb", "facilitator.store"),
    "facilitator.room_app": ("tinydb", "facilitator.store", "facilitator.workspace", "facilitator.room_feed"),
    # the room screen's feed is a client of the workspace and the store's read-only watch, with no screen in it
    "facilitator.room_feed": ("tinydb", "textual", *UI),
    "facilitator.workspace": ("tinydb", "textual", *UI),
    "facilitator.cli": ("tinydb",),
    # the interface's language is read by core, so it imports nothing of the app
    "facilitator.i18n": ("textual", "rich", "tinydb", "facilitator.core", "facilitator.store",
                         "facilitator.workspace", "facilitator.cli", "facilitator.join", *UI),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            names.add(prefix)
            names.update(f"{prefix}.{alias.name}" for alias in node.names)
    return names


def crossings() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        for layer, forbidden in RULES.items():
            if name != layer and not name.startswith(layer + "."):
                continue
            for imported in sorted(imported_names(path)):
                for bad in forbidden:
                    if imported == bad or imported.startswith(bad + "."):
                        found.append(f"{name} imports {imported}")
    return found


def test_no_module_imports_across_its_layer():
    assert crossings() == []


def test_only_the_store_imports_tinydb():
    users = sorted(module_name(p) for p in PACKAGE.rglob("*.py")
                   if any(n == "tinydb" or n.startswith("tinydb.") for n in imported_names(p)))
    assert users and all(u == "facilitator.store" or u.startswith("facilitator.store.") for u in users), users


def test_the_rules_catch_a_crossing(tmp_path):
    """The checker itself: a function-local import of the store from core is found."""
    sneaky = PACKAGE / "core" / "_layering_probe.py"
    sneaky.write_text("def f():\n    from facilitator.store import Store\n    return Store\n", encoding="utf-8")
    try:
        assert "facilitator.core._layering_probe imports facilitator.store.Store" in crossings()
    finally:
        sneaky.unlink()


@pytest.mark.parametrize("entry", ["facilitator.core", "facilitator.store", "facilitator.workspace", "facilitator.cli"])
def test_importing_the_domain_loads_no_textual(entry):
    code = (
        "import sys, pkgutil, importlib, facilitator.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__): importlib.import_module('facilitator.core.' + m.name)\n"
        f"import {entry}\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad[:3]); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_does_not_import_the_store_or_tinydb():
    code = (
        "import sys, pkgutil, importlib, facilitator.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__): importlib.import_module('facilitator.core.' + m.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'tinydb' or m.startswith('facilitator.store'))\n"
        "print(bad[:3]); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
