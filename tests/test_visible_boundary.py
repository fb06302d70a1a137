"""The one boundary for text from outside (core/visible.py) has no way around it.

What each screen and command shows is tested end to end in tests/test_terminal_escapes.py; these checks fail
when new code (or a Textual or Rich upgrade) opens a path around the boundary."""

from __future__ import annotations

import ast
from pathlib import Path

from facilitator.app import make_app
from facilitator.core.visible import PICTURES, has_control, json_escaped, visible
from facilitator.render import terminal_text
from facilitator.workspace import Workspace

PACKAGE = Path(__file__).resolve().parents[1] / "facilitator"


def test_every_control_character_but_newline_and_tab_has_a_picture_of_one_character():
    for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]:
        shown = visible(chr(code))
        if chr(code) in "\n\t":
            assert shown == chr(code)
        else:
            assert len(shown) == 1 and not has_control(shown) and shown.isprintable(), hex(code)
    assert visible("a\x1b]0;x\x07b") == "a␛]0;x␇b"
    assert visible("row one\r\nrow two\rover") == "row one\r\nrow two␍over", "only a lone CR is a control"
    assert len(PICTURES) == 0x20 - 2 + 1 + 0x20


def test_json_keeps_every_character_and_carries_none_raw():
    import json

    text = json.dumps({"k": "a\x9b\x7f\x1bé"}, ensure_ascii=False)
    assert json.loads(json_escaped(text)) == {"k": "a\x9b\x7f\x1bé"} and not has_control(json_escaped(text))


def test_the_app_installs_the_pictures_into_rich_and_textual(store):
    make_app(Workspace(store))
    assert terminal_text.installed(), "Rich or Textual moved their control-code tables: render/terminal_text.py"


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def test_no_code_writes_around_the_boundary():
    """No raw terminal streams, no Textual content made with its control-code filter off, no print on a screen."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(PACKAGE)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("__stdout__", "__stderr__"):
                found.append(f"{where}:{node.lineno}: sys.{node.attr} bypasses cli_output")
        for call in _calls(tree):
            if any(k.arg == "strip_control_codes" for k in call.keywords):
                found.append(f"{where}:{call.lineno}: strip_control_codes= turns the pictures off")
            if isinstance(call.func, ast.Attribute) and call.func.attr == "write" and \
                    isinstance(call.func.value, ast.Name) and call.func.value.id == "os":
                found.append(f"{where}:{call.lineno}: os.write to a file descriptor")
            if where.parts[0] in ("screens", "widgets", "render") and isinstance(call.func, ast.Name) and \
                    call.func.id == "print":
                found.append(f"{where}:{call.lineno}: print() from a screen")
    assert found == []
