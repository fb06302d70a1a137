"""What the command line prints goes through core/visible.py: a team name or a workshop title holding
`ESC ] 0 ;` or `ESC [ 2 J` shows as ␛]0; and ␛[2J, wherever the line is printed from (a listing, a message,
an error from argparse or a library).

`main` swaps standard output and standard error for `VisibleStream`s while a command runs. Only the documents
a program reads back (the YAML and JSON exports, the schema, `sessions --json`) are written whole through
`write_data`: YAML and JSON escape every control character themselves, so the bytes stay exact for a pipe into
a file and still carry no escape to a terminal.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from facilitator.core.visible import visible


class VisibleStream(io.TextIOBase):
    """A text stream that writes `visible(text)` to the stream it wraps."""

    def __init__(self, stream: TextIO):
        super().__init__()
        self.wrapped = stream

    def write(self, text: str) -> int:
        self.wrapped.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self.wrapped.flush()

    def isatty(self) -> bool:
        return self.wrapped.isatty()

    def fileno(self) -> int:
        return self.wrapped.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.wrapped, "encoding", "utf-8")


@contextmanager
def visible_output() -> Iterator[None]:
    """While inside, everything printed to stdout and stderr shows control characters as pictures."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleStream(out), VisibleStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def write_data(text: str) -> None:
    """A YAML or JSON document to standard output, byte for byte (see the module's docstring)."""
    stream = sys.stdout
    target = stream.wrapped if isinstance(stream, VisibleStream) else stream
    target.write(text)
