"""A module that calls `_()` must never bind `_` itself (`for _ in ...`, `x, _ = ...`): inside that function `_`
would be a local name, and the first `_("...")` an UnboundLocalError or a call of a string on a live screen."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "facilitator"


def _binds_underscore(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
            lines.append(node.lineno)
        elif isinstance(node, ast.arg) and node.arg == "_":
            lines.append(node.lineno)
        elif isinstance(node, ast.ExceptHandler) and node.name == "_":
            lines.append(node.lineno)
    return lines


def test_no_module_that_translates_binds_underscore():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports_it = any(isinstance(n, ast.ImportFrom) and n.module == "facilitator.i18n"
                         and any(a.name == "_" for a in n.names) for n in ast.walk(tree))
        if imports_it or path.name == "i18n.py":
            found += [f"{path.relative_to(PACKAGE)}:{line}" for line in _binds_underscore(tree)]
    assert not found, f"`_` is bound here, where it must stay the translation function: {found}"
