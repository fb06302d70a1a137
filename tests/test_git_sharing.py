"""Two coaches share one record through git: each publishes into a clone of one bare repository, pushes, pulls
and imports the other's sessions. Real git, on this machine only."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.core import catalog
from facilitator.core.session import Session
from facilitator.store import Store
from facilitator.workspace import Workspace
from tests.conftest import FakeWallClock

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

GIT_ENV = {"GIT_AUTHOR_NAME": "Coach", "GIT_AUTHOR_EMAIL": "coach@example.invalid", "GIT_COMMITTER_NAME": "Coach",
           "GIT_COMMITTER_EMAIL": "coach@example.invalid", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60,
                            env={**os.environ, **GIT_ENV})
    assert result.returncode == 0, result.stderr
    return result.stdout


def share(coach: Path, message: str) -> None:
    """What the README tells a coach to do after a session: pull, import, publish, commit, push."""
    checkout = coach / "record"
    git("pull", "-q", "--no-rebase", "origin", "main", cwd=checkout)
    assert main(["import", str(checkout), "--db", str(coach / "db.json")]) in (0, 6)
    assert main(["publish", str(checkout), "--db", str(coach / "db.json")]) == 0
    git("add", "-A", cwd=checkout)
    if git("status", "--porcelain", cwd=checkout).strip():
        git("commit", "-q", "-m", message, cwd=checkout)
    git("push", "-q", "origin", "HEAD:main", cwd=checkout)


def decide(db: Path, session_id: str, text: str, wall: FakeWallClock) -> None:
    with Store(db) as store:
        state = Workspace(store).resume(session_id).state
        workshop, _ = catalog.resolve(state.workshop_ref)
        session = Session(workshop, state, store, wall_clock=wall)
        session.go_to("kr-types")
        session.record_decision("kr-types", choice=None, decision=text, rationale="we learned")


def test_two_coaches_share_one_record_through_git(tmp_path, capsys):
    bare = tmp_path / "shared.git"
    git("init", "-q", "--bare", "-b", "main", str(bare), cwd=tmp_path)
    seed = tmp_path / "seed"
    git("clone", "-q", str(bare), str(seed), cwd=tmp_path)
    (seed / "README.md").write_text("Our OKR record\n")
    git("add", "README.md", cwd=seed)
    git("commit", "-q", "-m", "start", cwd=seed)
    git("push", "-q", "origin", "HEAD:main", cwd=seed)
    anna, ben = tmp_path / "anna", tmp_path / "ben"
    for coach in (anna, ben):
        coach.mkdir()
        git("clone", "-q", str(bare), str(coach / "record"), cwd=tmp_path)

    wall = FakeWallClock()
    deployment, ref = catalog.resolve("deployment-parameters")
    with Store(anna / "db.json") as store:
        lead = Session.start(deployment, store, workshop_ref=ref, organization="Nordwind GmbH", team="Leadership",
                             wall_clock=wall)
        lead.go_to("kr-types")
        lead.record_decision("kr-types", choice="metrics-only", decision="")
    wall.advance(60)
    drafting, ref = catalog.resolve("okr-drafting")
    with Store(ben / "db.json") as store:
        platform = Session.start(drafting, store, workshop_ref=ref, organization="Nordwind GmbH", team="Platform",
                                 wall_clock=wall)

    share(anna, "Leadership deployment")
    share(ben, "Platform drafting")
    share(anna, "pull Ben's")
    capsys.readouterr()
    day = lead.state.started_at[:10]
    assert (anna / "record" / "nordwind-gmbh" / "leadership" / f"{day}-{lead.state.id}.yaml").is_file()
    assert (ben / "record" / "nordwind-gmbh" / "platform" / f"{day}-{platform.state.id}.yaml").is_file()
    for coach in (anna, ben):
        with Store(coach / "db.json") as store:
            workspace = Workspace(store)
            assert {s.id for s in workspace.sessions()} == {lead.state.id, platform.state.id}
    # Ben's drafting session now drafts under the leadership's deployment Anna ran
    with Store(ben / "db.json") as store:
        rules = Workspace(store).resume(platform.state.id).board.resolution()
        assert rules.room.kr_types == frozenset({"metric"})
        assert rules.rule("kr-types").where == f"from Leadership's deployment, {day}"

    # importing again changes nothing, and says so
    assert main(["import", str(anna / "record"), "--db", str(anna / "db.json")]) == 0
    assert "nothing new: 2 unchanged" in capsys.readouterr().out

    # both coaches change the same decision before sharing
    wall.advance(60)
    decide(anna / "db.json", lead.state.id, "metrics only, still", wall)
    wall.advance(60)
    decide(ben / "db.json", lead.state.id, "metrics and baselines", wall)
    share(anna, "Anna revisits kr-types")
    git("pull", "-q", "--no-rebase", "origin", "main", cwd=ben / "record")
    assert main(["import", str(ben / "record"), "--db", str(ben / "db.json")]) == 6
    out = capsys.readouterr().out
    assert f"conflict: {lead.state.id}: changed here and in nordwind-gmbh/leadership/" in out
    with Store(ben / "db.json") as store:
        sessions = {s.id: s for s in Workspace(store).sessions()}
        assert store.load_session(lead.state.id)["decisions"]["kr-types"]["decision"] == "metrics and baselines"
        [copy] = [s for s in sessions if "-conflict-" in s]
        assert store.load_session(copy)["decisions"]["kr-types"]["decision"] == "metrics only, still"
        assert sessions[copy].team == "Leadership (conflict copy)"
    share(ben, "Ben's kr-types, Anna's kept as a conflict copy")
    share(anna, "pull")
    with Store(anna / "db.json") as store:
        decisions = {s.id: store.load_session(s.id)["decisions"]["kr-types"]["decision"]
                     for s in Workspace(store).sessions() if s.id != platform.state.id}
    assert sorted(decisions.values()) == ["metrics and baselines", "metrics only, still"], "nothing is lost"

