"""Kill test: a child that saves decisions forever, and the harness that SIGKILLs it and checks the disk.

Child (what the harness runs, one process per kill):

    python tests/kill_child.py DB_PATH MODE SEED

saves decisions in an endless loop and prints `SESSION_ID PARAM DECISION_TEXT` for each one only after the
save has returned, so every printed line is a promise: "this decision is on disk". MODE is

- `ours`: the real code path, `Store` + `Session.record_decision`. A run resumes the latest session of the
  database (the app's own `Workspace.resume`), or starts a new one when the database has none or when
  SEED % NEW_SESSION_EVERY == 0, so a database collects several sessions and resumes are killed too.
- `default`: the same kind of document (one session, its decisions) in one file written by plain
  `tinydb.TinyDB(path)`, i.e. TinyDB's default JSONStorage without middleware, resumed across runs.

What is written is a pure function of (SEED, n) (`planned_write`), so the harness knows which write was
in flight when it killed. Writes come in pairs on one parameter, first ~2,000 characters of decision and
rationale, then a few characters: every second write shrinks the file by ~4 kB, which is what breaks a
storage that overwrites in place and truncates afterwards (see /work/shared/RELIABILITY.md).

Harness (imported by tests/test_crash_safety.py and bench/kill_compare.py): `run_kills(mode, workdir, kills)`
starts the child again and again on the same database, kills it with SIGKILL at a random moment and after
every kill checks the files; see `Worker.verify` for the exact rule.

Imports are kept to the standard library (facilitator and tinydb are imported inside the child functions),
so the child starts fast and never loads Textual.
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(1, str(REPO))

from facilitator.core.parameters import PARAMETER_IDS  # noqa: E402  (tiny module, no dependencies)

CHILD = Path(__file__).resolve()
MODES = ("ours", "default")
NEW_SESSION_EVERY = 10  # in mode `ours`, a run whose seed is a multiple of this starts a new session
LONG = 2000
# Not ASCII on purpose: the text must come back byte for byte whatever the encoding on disk.
_PAD = ("Quarterly cycles; teams score weekly; üblich 0.7 is good, ") * (LONG // 40 + 2)
CHILD_MAX_SECONDS = 120.0  # a child nobody killed stops by itself (exit 4)


# -- what the child writes: a pure function of (seed, n) ---------------------------------------------------
@dataclass(frozen=True)
class Write:
    seed: int
    n: int
    param: str
    decision: str
    rationale: str
    owner: str

    @property
    def record(self) -> tuple:
        """What the harness compares with the disk: (status, choice, decision, rationale, owner)."""
        return ("decided", None, self.decision, self.rationale, self.owner)


OPEN_RECORD = ("open", None, "", "", "")


def planned_write(seed: int, n: int) -> Write:
    """Write n of the run with this seed. Pairs on one parameter: long, then short (a shrinking save)."""
    param = PARAMETER_IDS[(seed + n // 2) % len(PARAMETER_IDS)]
    stamp = f"{seed}.{n}"  # unique in a database: seeds are never reused in one
    if n % 2 == 0:
        decision = f"d{stamp}-" + _PAD[: LONG - len(stamp) - 2]
        rationale = f"r{stamp}-" + _PAD[: LONG - len(stamp) - 2]
    else:
        decision, rationale = f"d{stamp}", f"r{stamp}"
    return Write(seed, n, param, decision, rationale, f"o{stamp}")


def parse_n(seed: int, text: str) -> int:
    prefix = f"d{seed}."
    if not text.startswith(prefix):
        raise ValueError(f"line text {text[:40]!r} is not from the run with seed {seed}")
    return int(text[len(prefix):].split("-", 1)[0])


def record_of(decision: dict | None) -> tuple:
    if not isinstance(decision, dict):
        return ("<missing>",)
    return (decision.get("status"), decision.get("choice"), decision.get("decision"), decision.get("rationale"),
            decision.get("owner"))


# -- the child ---------------------------------------------------------------------------------------------
def _give_up(message: str, code: int) -> None:
    print(message, file=sys.stderr, flush=True)
    sys.exit(code)


def child_ours(db_path: Path, seed: int) -> None:
    from facilitator.core import catalog
    from facilitator.core.session import Session
    from facilitator.store import Store
    from facilitator.workspace import Workspace

    workshop, ref = catalog.resolve("deployment-parameters")
    deadline = time.monotonic() + CHILD_MAX_SECONDS
    with Store(db_path) as store:
        if seed % NEW_SESSION_EVERY == 0 or not store.list_sessions():
            # the seed in `organization` lets the harness tell which run made a session it never heard of
            session = Session.start(workshop, store, workshop_ref=ref, organization=f"kill-seed-{seed}")
        else:
            session = Workspace(store).resume("latest")
        if session.unsaved_reason is not None:
            _give_up(f"session start not saved: {session.unsaved_reason}", 3)
        session_id = session.state.id
        n = 0
        while time.monotonic() < deadline:
            w = planned_write(seed, n)
            session.record_decision(w.param, choice=None, decision=w.decision, rationale=w.rationale,
                                    owner=w.owner)
            # record_decision keeps a failed save in memory and says so here; never report it as saved
            if session.unsaved_reason is not None:
                _give_up(f"write {n} not saved: {session.unsaved_reason}", 3)
            print(f"{session_id} {w.param} {w.decision}", flush=True)
            n += 1
    _give_up("nobody killed me", 4)


def child_default(db_path: Path, seed: int) -> None:
    from tinydb import TinyDB
    from tinydb.table import Document

    deadline = time.monotonic() + CHILD_MAX_SECONDS
    db = TinyDB(db_path)  # TinyDB's default JSONStorage: overwrite from the start, fsync, then truncate
    table = db.table("session")
    doc = table.get(doc_id=1)
    if doc is None:
        state = {"id": f"default-{seed}", "organization": f"kill-seed-{seed}", "updated_at": "",
                 "decisions": {p: {"parameter": p, "step": p, "status": "open", "choice": None, "decision": "",
                                   "rationale": "", "owner": "", "decided_at": None} for p in PARAMETER_IDS}}
        table.upsert(Document(state, doc_id=1))
    else:
        state = dict(doc)
    n = 0
    while time.monotonic() < deadline:
        w = planned_write(seed, n)
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        state["updated_at"] = now
        state["decisions"][w.param] = {"parameter": w.param, "step": w.param, "status": "decided", "choice": None,
                                       "decision": w.decision, "rationale": w.rationale, "owner": w.owner,
                                       "decided_at": now}
        table.upsert(Document(state, doc_id=1))  # JSONStorage.write has fsynced when this returns
        print(f"{state['id']} {w.param} {w.decision}", flush=True)
        n += 1
    _give_up("nobody killed me", 4)


def child_main(argv: list[str]) -> None:
    if len(argv) != 3 or argv[1] not in MODES:
        _give_up("usage: kill_child.py DB_PATH ours|default SEED", 2)
    db_path, mode, seed = Path(argv[0]), argv[1], int(argv[2])
    (child_ours if mode == "ours" else child_default)(db_path, seed)


# -- the harness -------------------------------------------------------------------------------------------
class HarnessError(Exception):
    """The harness itself could not do its job (the child failed to start, crashed, hung)."""


@dataclass
class KillStats:
    mode: str
    kills: int = 0
    early_kills: int = 0  # killed at a random moment of start-up, before any line
    writes_reported: int = 0
    unreadable: int = 0  # files that were not valid JSON, or a database Store could not open
    lost: int = 0  # reported decisions not on disk (or wrong) after a kill
    in_flight_landed: int = 0  # kills where the unreported write in flight was found on disk (allowed)
    mid_write: int = 0  # kills that left a new temporary file: the kill landed inside an atomic write
    unlisted: int = 0  # sessions with reported decisions missing from the index
    leftover_tmp: int = 0  # temporary files left behind by killed writes (litter, not damage)
    orphan_sessions: int = 0  # session files not in the index (a kill between session file and index)
    startup_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def merge(self, other: KillStats) -> None:
        for name in ("kills", "early_kills", "writes_reported", "unreadable", "lost", "in_flight_landed",
                     "mid_write", "unlisted", "leftover_tmp", "orphan_sessions"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.startup_ms += other.startup_ms
        self.problems += other.problems

    @property
    def ok(self) -> bool:
        return not (self.unreadable or self.lost or self.unlisted or self.problems)

    def summary(self) -> str:
        startup = sorted(self.startup_ms)
        median = startup[len(startup) // 2] if startup else float("nan")
        text = (f"{self.mode}: {self.kills} kills ({self.early_kills} during start-up), "
                f"{self.writes_reported} writes reported, {self.unreadable} unreadable, {self.lost} lost, "
                f"{self.unlisted} unlisted, in-flight write found on disk {self.in_flight_landed}x, "
                f"{self.mid_write} kills inside an atomic write, {self.leftover_tmp} leftover tmp files, "
                f"{self.orphan_sessions} orphan session files, "
                f"child start-up median {median:.0f} ms, {self.seconds:.1f} s")
        if self.problems:
            text += "\n  " + "\n  ".join(self.problems[:20])
            if len(self.problems) > 20:
                text += f"\n  ... and {len(self.problems) - 20} more"
        return text


class Worker:
    """Kills children on one database, one after the other, and checks it after every kill."""

    def __init__(self, mode: str, directory: Path, *, seed: int, seed_base: int, max_delay: float,
                 early_fraction: float, env: dict[str, str] | None):
        if mode not in MODES:
            raise ValueError(mode)
        self.mode = mode
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.db = self.dir / "db.json"
        self.rng = random.Random(seed)
        self.next_seed = seed_base
        self.max_delay = max_delay
        self.early_fraction = early_fraction
        self.env = env
        self.stats = KillStats(mode)
        # what must be on disk: session id -> parameter -> record (see record_of / Write.record)
        self.expected: dict[str, dict[str, tuple]] = {}
        self.generation = 0  # bumped when a damaged database is moved aside and a fresh one started
        self.tmp_files = 0

    # -- one kill -------------------------------------------------------------------------------------
    def kill_once(self) -> None:
        import subprocess

        seed = self.next_seed
        self.next_seed += 1
        out_path, err_path = self.dir / "child.out", self.dir / "child.err"
        early = len(self.stats.startup_ms) >= 3 and self.rng.random() < self.early_fraction
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            # stdout goes to a file, not a pipe: a pipe that fills up would block the child in print(), and
            # every kill would land there instead of inside a write
            started = time.monotonic()
            proc = subprocess.Popen([sys.executable, str(CHILD), str(self.db), self.mode, str(seed)],
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=self.env)
            try:
                if early:
                    startup = sorted(self.stats.startup_ms)[len(self.stats.startup_ms) // 2] / 1000
                    time.sleep(self.rng.uniform(0, 1.2 * startup))
                else:
                    self._wait_first_line(proc, out_path, started)
                    time.sleep(self.rng.uniform(0, self.max_delay))
                proc.kill()  # SIGKILL
                proc.wait(timeout=30)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait(timeout=30)
        if proc.returncode != -9:
            raise HarnessError(f"{self.mode} child (seed {seed}) ended by itself with code {proc.returncode}: "
                               f"{err_path.read_text(errors='replace')[-2000:]}")
        self.stats.kills += 1
        self.stats.early_kills += early
        self.stats.mid_write += self._count_tmp() > self.tmp_files
        self.verify(seed, out_path.read_bytes())
        self.tmp_files = self._count_tmp()  # after the check, in case opening the store tidies them

    def _count_tmp(self) -> int:
        return sum(1 for _ in self.dir.rglob("*.tmp"))

    def _wait_first_line(self, proc, out_path: Path, started: float) -> None:
        deadline = started + 30.0
        while True:
            with open(out_path, "rb") as handle:
                head = handle.read(8192)
            if b"\n" in head:
                self.stats.startup_ms.append((time.monotonic() - started) * 1000)
                return
            if proc.poll() is not None:
                raise HarnessError(f"{self.mode} child ended with code {proc.returncode} before its first line: "
                                   f"{(self.dir / 'child.err').read_text(errors='replace')[-2000:]}")
            if time.monotonic() > deadline:
                raise HarnessError(f"{self.mode} child printed nothing in 30 s")
            time.sleep(0.0005)

    # -- the check after a kill -----------------------------------------------------------------------
    def verify(self, seed: int, output: bytes) -> None:
        """Check the database against everything the killed child reported.

        The rule. The child prints a line only after the save returned, and starts the next save only after
        printing (print is flushed, into a file, so a printed line survives the kill). So when it dies:
        - every reported write is on disk: for each (session, parameter) the disk holds exactly the latest
          reported record (decision, rationale, owner, status) -- or, for parameters never reported, what
          was there before this run ("open" and empty for a new session);
        - at most ONE write is on disk without being reported: the write right after the last reported one
          (n = last + 1, or n = 0 when nothing was reported), which was in flight: the kill came before its
          save finished (then the old record must be on disk) or after it but before its line was printed
          (then the new one is). It is known exactly, because writes are a function of (seed, n). So for
          that one parameter of that one session, either record is correct; any other difference is a lost
          or corrupted decision. Once the in-flight record is found on disk it is what the next run resumes
          from, so it becomes the expected record.
        A line cut short by the kill (no newline) is not a report: that write counts as the one in flight.
        """
        lines = output.split(b"\n")[:-1]  # the last piece has no newline: unfinished, not reported
        session_of_run = None
        last_n = -1
        for raw in lines:
            session_id, param, text = raw.decode("utf-8").split(" ", 2)
            n = parse_n(seed, text)
            w = planned_write(seed, n)
            if n != last_n + 1 or w.param != param or w.decision != text:
                raise HarnessError(f"child output out of order or not as planned at seed {seed} n {n}")
            if session_of_run is None:
                session_of_run = session_id
                # a session first heard of now was started by this run: all open before its first write
                self.expected.setdefault(session_id, {p: OPEN_RECORD for p in PARAMETER_IDS})
            elif session_id != session_of_run:
                raise HarnessError(f"one run wrote to two sessions: {session_of_run}, {session_id}")
            self.expected[session_id][param] = w.record
            last_n = n
        self.stats.writes_reported += len(lines)
        in_flight = planned_write(seed, last_n + 1)
        # with nothing reported, the run may have started a new session or resumed any (the latest)
        where = f"seed {seed}, after {len(lines)} reported writes"

        disk, listed, damaged = (self._snapshot_ours if self.mode == "ours" else self._snapshot_default)()
        if damaged:
            self.stats.unreadable += len(damaged)
            lost = sum(1 for records in self.expected.values() for r in records.values() if r != OPEN_RECORD)
            self.stats.lost += lost
            self.stats.problems.append(f"{where}: unreadable {'; '.join(damaged)} -> {lost} reported decisions "
                                       f"lost")
            self._start_fresh()
            return

        in_flight_used = False
        for session_id, records in self.expected.items():
            got = disk.get(session_id)
            if got is None:
                lost = sum(1 for r in records.values() if r != OPEN_RECORD)
                self.stats.lost += lost
                self.stats.problems.append(f"{where}: session {session_id} is gone ({lost} decisions)")
                records.clear()
                continue
            if listed is not None and session_id not in listed and any(r != OPEN_RECORD for r in records.values()):
                self.stats.unlisted += 1
                self.stats.problems.append(f"{where}: session {session_id} is not in the index")
            for param, want in records.items():
                have = record_of(got.get(param))
                if have == want:
                    continue
                if (not in_flight_used and param == in_flight.param and have == in_flight.record
                        and session_of_run in (None, session_id)):
                    in_flight_used = True
                    self.stats.in_flight_landed += 1
                    records[param] = have
                    continue
                self.stats.lost += 1
                self.stats.problems.append(f"{where}: session {session_id} {param}: expected "
                                           f"{_short(want)}, disk has {_short(have)}")
                records[param] = have  # count each loss once
        for session_id, got in disk.items():
            if session_id in self.expected:
                continue
            # a session this harness never heard of: started by this run, killed before its first line
            records = {p: record_of(got.get(p)) for p in PARAMETER_IDS}
            for param, have in records.items():
                if have == OPEN_RECORD:
                    continue
                if not in_flight_used and session_of_run is None and param == in_flight.param \
                        and have == in_flight.record:
                    in_flight_used = True
                    self.stats.in_flight_landed += 1
                    continue
                self.stats.problems.append(f"{where}: unknown session {session_id} holds {param}={_short(have)}")
            self.expected[session_id] = records

    def _snapshot_ours(self):
        """Open the database the way the app does, and read every session's decisions."""
        from facilitator.store import Store, StoreError

        damaged = []
        sessions_dir = self.db.with_name(self.db.name.removesuffix(".json") + ".sessions")
        # independent of the store's code: every file it reads must be valid JSON
        for path in [self.db, *sorted(sessions_dir.glob("*.json"))]:
            try:
                json.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                continue
            except (ValueError, UnicodeDecodeError) as exc:
                damaged.append(f"{path.name} ({path.stat().st_size} bytes): {exc}")
        if damaged:
            return {}, None, damaged
        disk: dict[str, dict] = {}
        try:
            with Store(self.db) as store:
                listed = {row["id"] for row in store.list_sessions()}
                for session_id in sorted(listed | set(self.expected)):
                    try:
                        disk[session_id] = store.load_session(session_id).get("decisions") or {}
                    except StoreError as exc:
                        if session_id in listed:
                            damaged.append(f"session {session_id}: {exc}")
        except StoreError as exc:
            return {}, None, [f"Store({self.db.name}) does not open: {exc}"]
        return disk, listed, damaged

    def _snapshot_default(self):
        try:
            text = self.db.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}, None, []
        if not text:
            return {}, None, []
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            return {}, None, [f"{self.db.name} ({len(text)} chars): {exc}"]
        doc = (data.get("session") or {}).get("1")
        if doc is None:
            return {}, None, []
        return {doc["id"]: doc.get("decisions") or {}}, None, []

    def _start_fresh(self) -> None:
        """Move a damaged database aside (kept for a post-mortem) and go on with a new one."""
        self.generation += 1
        aside = self.dir / f"damaged-{self.generation}"
        aside.mkdir()
        for path in self.dir.iterdir():
            if path.name.startswith("db."):
                path.rename(aside / path.name)
        self.expected.clear()

    def finish(self) -> None:
        """Count the litter: temporary files of killed writes, session files the index does not list."""
        sessions_dir = self.db.with_name("db.sessions")
        self.stats.leftover_tmp = self._count_tmp()
        if self.mode == "ours" and self.db.exists():
            try:
                index = json.loads(self.db.read_text(encoding="utf-8"))
                listed = {row.get("id") for row in (index.get("sessions") or {}).values()}
                files = {p.stem for p in sessions_dir.glob("*.json")}
                self.stats.orphan_sessions = len(files - listed)
            except (OSError, ValueError):
                pass


def _short(record: tuple) -> str:
    return repr(tuple(v[:24] + "..." if isinstance(v, str) and len(v) > 24 else v for v in record))


def run_kills(mode: str, workdir: Path, kills: int, *, seed: int = 0, workers: int = 2, max_delay: float = 0.040,
              early_fraction: float = 0.1, env: dict[str, str] | None = None,
              stop_when=None) -> KillStats:
    """Kill `kills` children in total, spread over `workers` databases killed in parallel.

    `stop_when(stats)` (optional) ends a worker early once it returns true for that worker's stats.
    """
    from concurrent.futures import ThreadPoolExecutor

    started = time.monotonic()
    shares = [kills // workers + (1 if i < kills % workers else 0) for i in range(workers)]
    pool = [Worker(mode, Path(workdir) / f"{mode}-{i}", seed=seed * 1000 + i, seed_base=(i + 1) * 1_000_000,
                   max_delay=max_delay, early_fraction=early_fraction, env=env) for i in range(workers)]

    def work(worker: Worker, share: int) -> KillStats:
        for _ in range(share):
            worker.kill_once()
            if stop_when is not None and stop_when(worker.stats):
                break
        worker.finish()
        return worker.stats

    total = KillStats(mode)
    with ThreadPoolExecutor(max_workers=workers) as executor:
        for stats in list(executor.map(work, pool, shares)):
            total.merge(stats)
    total.seconds = time.monotonic() - started
    return total


if __name__ == "__main__":
    child_main(sys.argv[1:])
