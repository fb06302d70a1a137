"""The room screen's feed: the session the coach runs, followed from another process, as a room view.

How it follows: polling. Every `POLL_SECONDS` it stats the session file and the database's owner file (the
coach's instance names the session it runs there); only a changed stamp makes it read the file again. On a
2-core machine that is two `stat` calls per tick and no thread: no dependency such as `watchfiles` (a
compiled extension and a thread, for one file), no socket served by the coach's instance (a port, or a
socket file, that both sides must manage and that a quitting coach takes away), and it works the same as the
same user over SSH and on any file system. A change is on the room screen a tick after the coach's save.

Nothing here writes: the store's `Watch` reads files as plain JSON and never takes the lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from facilitator.core.errors import FacilitatorError
from facilitator.core.records import SessionState
from facilitator.core.room_view import RoomSource, RoomView, build
from facilitator.core.workshop import Workshop
from facilitator.i18n import _
from facilitator.store import StoreError
from facilitator.workspace import Workspace

POLL_SECONDS = 0.1
WRITER_CHECK_SECONDS = 1.0  # a killed coach leaves its owner file behind: ask the system this often


class RoomFeed:
    """One session followed live; `poll()` says whether what the room sees may have changed."""

    def __init__(self, workspace: Workspace, ref: str | None = None, *, pin: bool = False,
                 wall: Callable[[], float] = time.time, monotonic: Callable[[], float] = time.monotonic):
        self.workspace = workspace
        self.watch = workspace.store.watch()
        self.pin = pin
        self._wall = wall
        self._monotonic = monotonic
        self.state: SessionState | None = None
        self.workshop: Workshop | None = None
        self.coach_live = False
        self.coach_elsewhere = False  # pinned here while the coach runs another session
        self.unreadable = False
        self._writer_started = 0.0
        self._owner_stamp: object = ()
        self._session_stamp: object = ()
        self._writer_checked = float("-inf")
        self._workshops: dict[tuple[str, str, int], Workshop] = {}
        writer = self.watch.writer()
        if ref is None and writer is not None and writer.session and writer.live:
            self.session_id: str | None = writer.session
        else:
            try:
                self.session_id = workspace.find(ref or "latest")
            except StoreError:
                if ref is not None:
                    raise  # a session asked for by name that is not there: said on the command line
                self.session_id = None  # an empty database: wait for the coach's first session
        self.poll()

    # -- following ----------------------------------------------------------------------------------------
    def poll(self) -> bool:
        changed = self._follow_writer()
        if self.session_id is None:
            return changed
        current = self.watch.session_stamp(self.session_id)
        if current != self._session_stamp:
            self._session_stamp = current
            changed = self._reload() or changed
        return changed

    def _follow_writer(self) -> bool:
        owner = self.watch.owner_stamp()
        now = self._monotonic()
        if owner == self._owner_stamp and now - self._writer_checked < WRITER_CHECK_SECONDS:
            return False
        self._owner_stamp, self._writer_checked = owner, now
        writer = self.watch.writer()
        live = writer is not None and writer.live
        if live and writer.session and writer.session != self.session_id and not self.pin:
            self.session_id, self._session_stamp = writer.session, ()  # the coach switched: follow
        if self.session_id is None and not live:
            self.session_id = self.watch.latest_session()
        before = (self.coach_live, self.coach_elsewhere, self._writer_started)
        self.coach_live = live and writer.session == self.session_id
        self.coach_elsewhere = live and bool(writer.session) and writer.session != self.session_id
        self._writer_started = writer.started if live else 0.0
        return (self.coach_live, self.coach_elsewhere, self._writer_started) != before

    def _reload(self) -> bool:
        try:
            state = SessionState.from_dict(self.watch.read_session(self.session_id))
            workshop = self._workshop_for(state)
        except FacilitatorError:
            # being restored, or damaged: the room keeps what it showed and says it is reconnecting
            self.unreadable = True
            return True
        self.state, self.workshop, self.unreadable = state, workshop, False
        return True

    def _workshop_for(self, state: SessionState) -> Workshop:
        key = (state.workshop_ref, state.workshop_version, hash(state.workshop_source))
        if key not in self._workshops:
            self._workshops[key] = self.workspace.workshop_for(state)
        return self._workshops[key]

    # -- what the room sees ---------------------------------------------------------------------------------
    def view(self) -> RoomView | None:
        if self.state is None or self.workshop is None:
            return None
        at = (self.state.clock or {}).get("at")
        # A running clock counts only as recorded by the coach's instance alive now: one that quit or was
        # killed left "running" in the file, and a resumed one starts paused.
        clock_live = self.coach_live and isinstance(at, int | float) and at >= self._writer_started
        return build(RoomSource(self.workshop, self.state, self._wall(), coach_live=clock_live))

    def now(self) -> float:
        return self._wall()

    @property
    def waiting(self) -> str:
        """What the room is told while the screen cannot follow the coach; empty while it does."""
        if self.unreadable:
            return _("Reconnecting to the session…")
        if self.state is None:
            return _("Waiting for the coach to start the session…")
        if self.coach_elsewhere:
            return _("The coach is running another session; this screen stays on this one.")
        if not self.coach_live:
            return _("Waiting for the coach: the session is paused.")
        return ""
