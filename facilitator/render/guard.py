"""One way for a screen to run a session verb: what the verb refuses, or the database could not take, is said
in a notice, and the screen carries on with what it shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from facilitator.core.errors import FacilitatorError
from facilitator.i18n import _


def guarded(node: Any, action: Callable[[], object]) -> bool:
    """True when `action` went through; otherwise the reason is notified on `node` (a screen or the app)."""
    try:
        action()
    except FacilitatorError as exc:  # the database: which file, what happened, what to do
        node.notify(str(exc), title=_("Not saved"), severity="error", timeout=10)
        return False
    except ValueError as exc:  # the session refused what was asked: the message says why and what to do
        node.notify(str(exc), severity="warning", timeout=8)
        return False
    return True
