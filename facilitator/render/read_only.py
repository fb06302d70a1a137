"""Keys that change the record, refused with the reason when the database is open read-only (--read-only)."""

from __future__ import annotations

import functools


def changes_the_record(action):
    """A screen action that would change the session: with --read-only it is refused up front (and says why),
    rather than taken and then lost on quitting."""

    @functools.wraps(action)
    def guarded(self, *args, **kwargs):
        if self.app.read_only_refusal():
            return None
        return action(self, *args, **kwargs)

    return guarded
