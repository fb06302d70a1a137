"""The worked example of docs/integrating.md runs as written against a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from facilitator.core import catalog
from facilitator.core.okr import KeyResult, Objective
from facilitator.core.session import Session
from facilitator.store import Store
from facilitator.workspace import Workspace

DOC = Path(__file__).resolve().parent.parent / "docs" / "integrating.md"


def test_the_tracker_sync_example_maps_new_sessions_once_and_changed_ones_again(tmp_path):
    script = tmp_path / "tracker_sync.py"
    script.write_text(DOC.read_text(encoding="utf-8").split("```python\n", 1)[1].split("```", 1)[0])
    db = tmp_path / "db.json"
    workshop, ref = catalog.resolve("deployment-parameters")
    with Store(db) as store:
        session = Session.start(workshop, store, workshop_ref=ref, organization="Acme", team="Platform")
        session.add_action("Share the OKRs with every team", owner="Kim", due="2026-12-15")
        session.board.save_objective(Objective("o1", "Make onboarding effortless", level="team"))
        session.board.save_key_result("o1", KeyResult("kr1", "Cut time to first value from 9 to 3 days",
                                                      start=9, target=3, unit="days", owner="Dan, Eve"))
        session.set_attendees([{"name": "Dan", "role": "PM", "email": "dan@acme.example"}, {"name": "Eve"}])
    env = {**os.environ, "FACILITATOR_DB": str(db),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}

    def sync() -> list[dict]:
        done = subprocess.run([sys.executable, str(script), str(tmp_path / "state.json")], capture_output=True,
                              text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    items = sync()
    assert [i["kind"] for i in items] == ["objective", "key-result", "task"]
    objective, kr, task = items
    assert objective["team"] == "Platform" and objective["committed"] is True
    assert kr["parent"] == objective["key"] and kr["owners"] == ["dan@acme.example", "Eve"], "by e-mail if known"
    assert len(objective["key"]) == 12 and objective["key"] != kr["key"], "keyed on uids"
    assert kr["scale"] == {"name": "0-1", "min": 0.0, "max": 1.0}
    assert task["owners"] == ["Kim"] and task["due"] == "2026-12-15"
    with Store(db) as store:
        Workspace(store).resume(session.state.id).close()  # opened and left: not a change
    assert sync() == []
    with Store(db) as store:
        Workspace(store).resume(session.state.id).add_action("Book the review", owner="Ana")
    assert [i["title"] for i in sync() if i["kind"] == "task"] == ["Share the OKRs with every team",
                                                                     "Book the review"]
