"""A problem found in a file, at a 1-based line and column."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    line: int
    column: int
    message: str
