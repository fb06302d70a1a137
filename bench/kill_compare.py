"""SIGKILL a writer mid-save, many times: TinyDB's default JSONStorage against facilitator's store.

    python bench/kill_compare.py                 # 300 kills per mode
    python bench/kill_compare.py --kills 1000 --seed 7

Runs the harness of tests/kill_child.py (the same one tests/test_crash_safety.py uses) for `default` (plain
`tinydb.TinyDB(path)`) and `ours` (`Store` + `Session.record_decision`). Each kill lands at a random moment
of a loop of saves that shrink and grow the file; after each kill the files are read back and compared
with what the writer had reported as saved. Prints a table; exits 1 if `ours` lost or damaged anything.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.kill_child import run_kills  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=300, help="kills per mode (default 300)")
    parser.add_argument("--workers", type=int, default=2, help="databases killed in parallel (default 2)")
    parser.add_argument("--max-delay-ms", type=float, default=40.0,
                        help="kill at a uniform random delay up to this after the first saved line (default 40)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--modes", default="default,ours")
    parser.add_argument("--keep", action="store_true", help="keep the databases (damaged ones too) and say where")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)

    workdir = Path(tempfile.mkdtemp(prefix="kill-compare-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(workdir / "cache")}  # keep the workshop cache out of ~/.cache
    print(f"seed {seed}, {args.kills} kills per mode, {args.workers} databases in parallel, "
          f"kill 0-{args.max_delay_ms:.0f} ms after the first saved decision (10% during start-up)\n")
    rows = []
    for mode in args.modes.split(","):
        stats = run_kills(mode, workdir, args.kills, seed=seed, workers=args.workers,
                          max_delay=args.max_delay_ms / 1000, env=env)
        rows.append(stats)
        print(stats.summary().split("\n")[0], flush=True)

    print()
    header = ("storage", "kills", "unreadable files", "lost reported decisions", "decisions reported",
              "kills mid-write", "seconds")
    print("  ".join(f"{h:>{max(len(h), 8)}}" for h in header))
    for s in rows:
        values = (s.mode, s.kills, s.unreadable, s.lost, s.writes_reported,
                  s.mid_write if s.mode == "ours" else "-", f"{s.seconds:.1f}")
        print("  ".join(f"{str(v):>{max(len(h), 8)}}" for v, h in zip(values, header, strict=True)))
    for s in rows:
        if s.mode == "default" and s.kills:
            print(f"\ndefault: {100 * s.unreadable / s.kills:.0f}% of kills left an unreadable file")
    ours = [s for s in rows if s.mode == "ours"]
    bad = [s for s in ours if not s.ok]
    for s in bad:
        print(f"\nours FAILED:\n{s.summary()}")
    if args.keep:
        print(f"\nfiles kept in {workdir}")
    else:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    start = time.monotonic()
    code = main()
    print(f"\n({time.monotonic() - start:.0f} s)")
    sys.exit(code)
