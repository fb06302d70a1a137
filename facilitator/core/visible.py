"""Text from outside (workshop files, imports, phones, what people type or paste) as a terminal may show it.

A terminal runs control characters: `ESC ] 0 ; title BEL` renames the window, `ESC [ 2 J` clears the screen,
`ESC ] 52` writes the clipboard. Every screen and every line the command line prints shows such a character as
its Unicode control picture instead (ESC as ␛, NUL as ␀, DEL as ␡; a C1 control, which has no picture, as �),
so a coach sees that something odd is in the text and the terminal runs none of it. Newlines and tabs stay.

This module is the one place that decides what is shown: the screens install its table into Rich and Textual
(render/terminal_text.py), the command line passes everything it prints through `visible` (cli.py), and the
text exports (Markdown, CSV, HTML) write their cells through it. What is saved and what the YAML and JSON
exports carry stays as written, so export -> import -> export keeps every character.
"""

from __future__ import annotations

import re

C1_PICTURE = "\ufffd"  # no control picture exists for C1 controls (0x80-0x9f)

# One picture for one character: the text keeps its length, so styles laid over it stay where they were.
PICTURES: dict[int, str] = {
    **{code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)},
    0x7F: "\u2421",
    **{code: C1_PICTURE for code in range(0x80, 0xA0)},
}

_CONTROL = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(PICTURES)) + "]")


def visible(text: str) -> str:
    """`text` with every control character but newline and tab shown as a visible picture. A CR that ends a line
    before its LF (a CSV row, a file written on Windows) stays: the pair only starts a new line."""
    if not _CONTROL.search(text):
        return text
    return "\r\n".join(part.translate(PICTURES) for part in text.split("\r\n"))


def has_control(text: str) -> bool:
    """True when `text` holds a character `visible` would replace."""
    return _CONTROL.search(text) is not None


# json.dumps(ensure_ascii=False) escapes the C0 controls but writes DEL and the C1 controls (0x9b is CSI) raw.
_JSON_RAW = re.compile("[\x7f-\x9f]")


def json_escaped(document: str) -> str:
    """A JSON document with DEL and the C1 controls escaped as well (`\\u009b`): the same data, none of it raw.
    (Outside strings JSON has no such characters, so every one replaced is inside a string.)"""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", document)
