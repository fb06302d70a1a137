"""The room screen's feed follows the coach's instance through the database alone, and never writes to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.room_feed import RoomFeed
from facilitator.store import Store
from facilitator.workspace import Workspace


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def db(tmp_path):
    return tmp_path / "db" / "facilitator.json"


def coach_opens(db: Path, deployment, ref: str | None = None):
    store = Store(db).open()
    workspace = Workspace(store)
    session = workspace.resume(ref) if ref else workspace.start(deployment, "deployment-parameters", team="Leaders")
    workspace.announce(session)
    return store, session


def room_on(db: Path, ref: str | None = None, *, pin: bool = False, wall=None):
    store = Store(db, read_only=True).open()
    kwargs = {"wall": wall} if wall else {}
    return store, RoomFeed(Workspace(store), ref, pin=pin, **kwargs)


def test_the_room_follows_each_save_of_the_coach(db, deployment):
    coach, session = coach_opens(db, deployment)
    room_store, feed = room_on(db)
    assert feed.session_id == session.state.id and feed.waiting == ""
    assert feed.view().step.number == 1
    session.next_step()
    assert feed.poll()
    assert feed.view().step.number == 2
    assert not feed.poll(), "nothing changed: nothing to repaint"
    session.show_room("parking")
    assert feed.poll() and feed.view().showing == "parking"
    coach.close()
    room_store.close()


def test_coach_quitting_and_resuming(db, deployment):
    coach, session = coach_opens(db, deployment)
    room_store, feed = room_on(db)
    session.toggle_timer()
    feed.poll()
    assert feed.view().clock.running
    session.close()
    coach.close()  # quitting: the clock recorded as running is left in the file
    feed.poll()
    assert feed.waiting.startswith("Waiting for the coach")
    assert not feed.view().clock.running, "a clock whose coach has gone does not run on"
    coach, resumed = coach_opens(db, deployment, session.state.id)
    feed.poll()
    assert feed.waiting == ""
    assert not feed.view().clock.running, "a resumed session starts paused, whatever the file said"
    resumed.toggle_timer()
    feed.poll()
    assert feed.view().clock.running
    coach.close()
    room_store.close()


def test_a_killed_coach_is_noticed_from_its_dead_process(db, deployment, monkeypatch):
    from facilitator.store import watch

    coach, session = coach_opens(db, deployment)
    room_store, feed = room_on(db)
    assert feed.coach_live

    def no_such_process(pid, signal):
        raise ProcessLookupError

    monkeypatch.setattr(watch.os, "kill", no_such_process)
    feed._writer_checked = float("-inf")  # the next look asks the system again, as it does every second
    feed.poll()
    assert not feed.coach_live and feed.waiting
    coach.close()
    room_store.close()


def test_a_session_switch_is_followed_unless_pinned(db, deployment):
    coach, first = coach_opens(db, deployment)
    room_store, follows = room_on(db)
    pinned_store, pinned = room_on(db, pin=True)
    second = Workspace(coach).start(deployment, "deployment-parameters", team="Platform")
    Workspace(coach).announce(second)
    follows.poll()
    pinned.poll()
    assert follows.session_id == second.state.id and follows.view().who == "Platform"
    assert pinned.session_id == first.state.id and pinned.view().who == "Leaders"
    assert "another session" in pinned.waiting
    coach.close()
    room_store.close()
    pinned_store.close()


def test_a_damaged_then_restored_session_file(db, deployment):
    from facilitator.store import recovery

    coach, session = coach_opens(db, deployment)
    session.next_step()
    path = db.parent / "facilitator.sessions" / f"{session.state.id}.json"
    recovery.backup_file(coach.layout, path, session.state.id)  # as a save five minutes later would
    coach.close()
    room_store, feed = room_on(db)
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])
    feed.poll()
    assert feed.waiting == "Reconnecting to the session…"
    assert feed.view().step.number == 2, "the room keeps what it showed"
    restorer = Store(db)
    restorer.acquire_lock()
    restorer.restore()
    restorer.close()
    feed.poll()
    assert feed.waiting.startswith("Waiting for the coach") and feed.view().step.number == 2
    room_store.close()


def test_an_empty_database_waits_for_the_first_session(db, deployment):
    room_store, feed = room_on(db)
    assert feed.view() is None and feed.waiting.startswith("Waiting for the coach to start")
    coach, session = coach_opens(db, deployment)
    feed.poll()
    assert feed.session_id == session.state.id and feed.view() is not None
    coach.close()
    room_store.close()


def test_following_never_writes_a_byte(db, deployment):
    coach, session = coach_opens(db, deployment)
    session.toggle_timer()
    session.close()
    coach.close()
    before = files_of(db.parent)
    room_store, feed = room_on(db)
    for _ in range(20):
        feed.poll()
        feed.view()
    room_store.close()
    assert files_of(db.parent) == before
