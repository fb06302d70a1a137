"""The command line: plain output, one clear line per error, exit codes scripts can rely on."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import yaml

from facilitator.cli import CONFLICT, INVALID_INPUT, LOCKED, NOT_FOUND, USAGE, main
from facilitator.core import catalog
from facilitator.core.session import Session
from facilitator.store import Store
from facilitator.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent


def run(*args: str, db: Path) -> int:
    return main(["--db", str(db), *args])


def make_session(db: Path, team: str = "Leadership") -> str:
    workshop, ref = catalog.resolve("deployment-parameters")
    with Store(db) as store:
        session = Session.start(workshop, store, workshop_ref=ref, organization="Acme", team=team)
        session.next_step()  # the opening passed with n: one step done
        session.go_to("cycle")
        session.record_decision("cycle", choice=None, decision="Quarterly, starting 1 February")
        return session.state.id


def test_validate_passes_the_built_in_workshops(capsys):
    files = [str(p) for p in sorted((REPO / "workshops").glob("*.yaml"))]
    assert main(["validate", *files]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok: ") == len(files)


def test_validate_fails_with_located_problems(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: X\nversion: 1\ndescription: d\nsteps:\n  - id: a\n    title: A\n"
                   "    kind: intro\n    timebox: -1\n    prompt: p\n")
    assert main(["validate", str(bad)]) == 1
    assert f"{bad}:9:14: step 'a': 'timebox' must be a positive number of minutes, not -1" in capsys.readouterr().out


def test_workshops_lists_built_ins(capsys):
    assert main(["workshops"]) == 0
    out = capsys.readouterr().out
    assert "deployment-parameters" in out and "16 steps" in out


def test_sessions_and_export(tmp_path, capsys):
    db = tmp_path / "db.json"
    session_id = make_session(db)
    assert run("sessions", db=db) == 0
    out = capsys.readouterr().out
    assert session_id in out and "Acme / Leadership" in out
    target = tmp_path / "out" / "record.yaml"
    assert run("export", "latest", "-o", str(target), db=db) == 0
    doc = yaml.safe_load(target.read_text())
    assert doc["format"] == "facilitator/v1"
    assert doc["parameters"]["cycle"]["decision"] == "Quarterly, starting 1 February"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600, "exports hold confidential discussion"
    assert run("export", session_id[:12], db=db) == 0
    assert yaml.safe_load(capsys.readouterr().out)["session"]["id"] == session_id


def test_db_option_works_after_the_command(tmp_path, capsys):
    db = tmp_path / "db.json"
    make_session(db)
    assert main(["sessions", "--db", str(db)]) == 0
    assert "Leadership" in capsys.readouterr().out


def test_unknown_session_is_one_clear_line(tmp_path, capsys):
    db = tmp_path / "db.json"
    make_session(db)
    assert run("export", "nope", db=db) == NOT_FOUND
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no session 'nope'" in err and "Traceback" not in err


def test_unknown_workshop(tmp_path, capsys):
    assert run("run", "no-such-workshop", db=tmp_path / "db.json") == INVALID_INPUT
    err = capsys.readouterr().err
    assert "no built-in workshop or file 'no-such-workshop'" in err and "deployment-parameters" in err


def test_empty_database_says_how_to_start(tmp_path, capsys):
    assert run("sessions", db=tmp_path / "db.json") == 0
    assert "facilitator run deployment-parameters" in capsys.readouterr().out


def test_installed_command_finds_built_in_workshops_outside_the_repo(tmp_path):
    exe = shutil.which("facilitator") or str(Path(sys.executable).with_name("facilitator"))
    env = {**os.environ, "FACILITATOR_DB": str(tmp_path / "db.json")}
    result = subprocess.run([exe, "workshops"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "deployment-parameters" in result.stdout


def test_a_locked_database_is_refused_with_the_holder_and_read_commands_still_work(tmp_path):
    db = tmp_path / "db.json"
    make_session(db)
    env = {**os.environ, "FACILITATOR_DB": str(db)}
    exported = tmp_path / "session.yaml"
    assert main(["--db", str(db), "export", "-o", str(exported)]) == 0

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "facilitator", *args], capture_output=True, text=True,
                              env=env, timeout=60)

    with Store(db):
        refused = cli("import", str(exported), "--replace")
        listed, exported_again = cli("sessions", "--json"), cli("export", "latest", "--format", "json")
    assert refused.returncode == LOCKED
    assert f"process {os.getpid()}" in refused.stderr and "Traceback" not in refused.stderr
    assert listed.returncode == 0 and exported_again.returncode == 0, listed.stderr + exported_again.stderr
    assert "Leadership" in listed.stdout and '"format": "facilitator/v1"' in exported_again.stdout


def test_reading_commands_on_a_locked_database_say_they_read_it_read_only(tmp_path):
    db = tmp_path / "db.json"
    with Store(db) as store:
        session = Workspace(store).start(catalog.resolve("deployment-parameters")[0], "deployment-parameters",
                                         team="Ops")
        before = sorted((p.name, p.stat().st_mtime_ns) for p in tmp_path.rglob("*") if p.is_file())
        env = {**os.environ, "FACILITATOR_DB": str(db)}
        listed = subprocess.run([sys.executable, "-m", "facilitator", "sessions"], capture_output=True, text=True,
                                env=env, timeout=60)
        exported = subprocess.run([sys.executable, "-m", "facilitator", "export", "latest", "--format", "markdown"],
                                  capture_output=True, text=True, env=env, timeout=60)
        after = sorted((p.name, p.stat().st_mtime_ns) for p in tmp_path.rglob("*") if p.is_file())
    for result in (listed, exported):
        assert result.returncode == 0, result.stderr
        assert f"in use by another facilitator (process {os.getpid()}" in result.stderr
        assert "reading it without changing anything" in result.stderr
    assert session.state.id in listed.stdout and "Ops" in exported.stdout
    assert before == after, "nothing was written while the other facilitator holds the database"
    quiet = subprocess.run([sys.executable, "-m", "facilitator", "sessions"], capture_output=True, text=True,
                           env=env, timeout=60)
    assert quiet.returncode == 0 and "in use" not in quiet.stderr


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert capsys.readouterr().out.startswith("facilitator ")


def test_sessions_for_one_team_in_cycle_order(tmp_path, capsys):
    db = tmp_path / "db.json"
    first = make_session(db, team="Platform")
    make_session(db, team="Sales")
    second = make_session(db, team="platform")
    assert run("sessions", "--team", "Platform", db=db) == 0
    out = capsys.readouterr().out
    assert out.index(first) < out.index(second) and "Sales" not in out


def test_summary_history_shows_changes_between_cycles(tmp_path):
    from facilitator.screens.summary import history_table
    from facilitator.workspace import Workspace

    db = tmp_path / "db.json"
    make_session(db, team="Platform")
    workshop, ref = catalog.resolve("deployment-parameters")
    with Store(db) as store:
        later = Session.start(workshop, store, workshop_ref=ref, organization="Acme", team="Platform")
        later.go_to("cycle")
        later.record_decision("cycle", choice=None, decision="Four months")
        history = Workspace(store).team_history("Acme", "Platform")
    assert [s.decisions["cycle"].decision for _, s in history] == ["Quarterly, starting 1 February", "Four months"]
    assert history_table(history).row_count == 10


def test_export_formats_and_import_round_trip(tmp_path, capsys):
    db = tmp_path / "db.json"
    make_session(db)
    assert run("export", "latest", "--format", "markdown", db=db) == 0
    assert "Quarterly, starting 1 February" in capsys.readouterr().out
    assert run("export", "latest", "--format", "csv", db=db) == 0
    assert capsys.readouterr().out.startswith(
        "objective,key_result,type,from,to,unit,direction,due,owner,confidence,team")
    exported = tmp_path / "session.yaml"
    assert run("export", "latest", "-o", str(exported), db=db) == 0
    other = tmp_path / "other.json"
    capsys.readouterr()
    assert run("import", str(exported), db=other) == 0
    assert "Imported session" in capsys.readouterr().out
    again = tmp_path / "again.yaml"
    assert run("export", "latest", "-o", str(again), db=other) == 0
    assert again.read_text() == exported.read_text()
    assert run("import", str(exported), db=other) == 0, "the same file twice is no change"
    assert "nothing changed" in capsys.readouterr().out


def test_hostile_import_changes_nothing(tmp_path, capsys):
    db = tmp_path / "db.json"
    make_session(db)
    before = {p: p.read_bytes() for p in (tmp_path / "db.sessions").iterdir()}
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text('a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
                    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n')
    assert run("import", str(bomb), db=db) == INVALID_INPUT
    err = capsys.readouterr().err
    assert "nothing imported" in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in (tmp_path / "db.sessions").iterdir()} == before


def test_facilitator_notes_only_with_include_private(tmp_path, capsys):
    db = tmp_path / "db.json"
    make_session(db)
    workshop, _ = catalog.resolve("deployment-parameters")
    note = " ".join(workshop.step("cycle").notes.split())[:40]
    for fmt in ("yaml", "markdown", "csv"):
        assert run("export", "latest", "--format", fmt, db=db) == 0
        assert note not in " ".join(capsys.readouterr().out.split()), f"notes leaked into {fmt}"
    for fmt in ("yaml", "markdown"):
        assert run("export", "latest", "--format", fmt, "--include-private", db=db) == 0
        assert note in " ".join(capsys.readouterr().out.split())
    assert run("export", "latest", "--include-private", db=db) == 0
    from facilitator.core.export import schema_problems

    assert schema_problems(yaml.safe_load(capsys.readouterr().out)) == []


def test_commands_leave_the_garbage_collector_running_after_start_up(tmp_path, capsys):
    """The collector is paused for start-up only: a command that ends (or fails) without a screen turns it back on,
    so a long-lived process calling main() never leaks cycles."""
    import gc

    assert run("sessions", db=tmp_path / "db.json") == 0
    assert gc.isenabled()
    assert run("export", "nope", db=tmp_path / "db.json") == NOT_FOUND
    assert gc.isenabled()


def test_import_replace_brings_a_rescue_file_back_over_the_same_session(tmp_path, capsys):
    db = tmp_path / "db.json"
    session_id = make_session(db)
    exported = tmp_path / "rescue.yaml"
    assert run("export", session_id, "-o", str(exported), db=db) == 0
    capsys.readouterr()
    assert run("import", str(exported), db=db) == 0
    assert "nothing changed" in capsys.readouterr().out
    with Store(db) as store:
        from facilitator.workspace import Workspace

        session = Workspace(store).resume(session_id)
        session.record_decision("cycle", choice=None, decision="Four months")
    assert run("import", str(exported), db=db) == CONFLICT
    assert "already in this workspace with other content" in capsys.readouterr().err
    assert run("import", str(exported), "--replace", db=db) == 0
    assert f"Imported session {session_id}" in capsys.readouterr().out
    assert run("export", session_id, db=db) == 0
    assert "Quarterly, starting 1 February" in capsys.readouterr().out


def test_export_writes_through_a_symlink_and_into_a_pipe_instead_of_replacing_them(tmp_path, capsys):
    db = tmp_path / "db.json"
    make_session(db)
    target = tmp_path / "target.yaml"
    target.write_text("old")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    assert run("export", "latest", "-o", str(link), db=db) == 0
    assert link.is_symlink() and "format: facilitator/v1" in target.read_text()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    assert run("export", "latest", "-o", str(fifo), db=db) == 0
    assert "format: facilitator/v1" in reader.communicate(timeout=10)[0]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_to_a_full_device_is_one_clear_error(tmp_path, capsys):
    if not Path("/dev/full").exists():
        import pytest

        pytest.skip("no /dev/full on this system")
    db = tmp_path / "db.json"
    make_session(db)
    assert run("export", "latest", "-o", "/dev/full", db=db) == 1
    assert "cannot write /dev/full: No space left on device" in capsys.readouterr().err
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)


def test_names_are_one_line_and_of_a_sensible_length(tmp_path, capsys):
    db = tmp_path / "db.json"
    assert run("run", "deployment-parameters", "--org", "x" * 5000, db=db) == INVALID_INPUT
    assert "--org is 5,000 characters long" in capsys.readouterr().err
    workshop, ref = catalog.resolve("deployment-parameters")
    with Store(db) as store:
        session = Session.start(workshop, store, workshop_ref=ref, organization="Acme\nInc\r\x1b[31mRED",
                                team="Blue\tteam")
        assert (session.state.organization, session.state.team) == ("Acme Inc ␛[31mRED", "Blue team")
    assert run("sessions", db=db) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "Acme Inc ␛[31mRED / Blue team" in out


def test_empty_db_path_and_empty_session_ref_are_clear_errors(tmp_path, capsys):
    assert main(["--db", "", "sessions"]) == USAGE
    assert "--db needs the path of a database file" in capsys.readouterr().err
    db = tmp_path / "db.json"
    make_session(db)
    assert run("resume", "", db=db) == NOT_FOUND
    assert "no session given" in capsys.readouterr().err


def test_a_session_outlives_its_workshop_file(tmp_path, capsys):
    source = (REPO / "docs" / "workshop-format.md").read_text(encoding="utf-8")
    example = source.split("```yaml\n", 1)[1].split("```", 1)[0]
    script = tmp_path / "mine.yaml"
    script.write_text(example, encoding="utf-8")
    db = tmp_path / "db.json"
    workshop, ref = catalog.resolve(str(script))
    from facilitator.workspace import Workspace

    with Store(db) as store:
        session = Workspace(store).start(workshop, ref, team="Blue")
        session.go_to("cycle")
        session.record_decision("cycle", choice="quarterly", decision="Quarterly")
    script.unlink()
    assert run("export", "latest", db=db) == 0
    exported = yaml.safe_load(capsys.readouterr().out)
    assert exported["parameters"]["cycle"]["decision"] == "Quarterly"
    assert exported["session"]["workshop"]["id"] == workshop.id


def test_excel_csv_starts_with_a_byte_order_mark_and_is_refused_for_other_formats(tmp_path, capsys):
    db = tmp_path / "db.json"
    make_session(db)
    sheet = tmp_path / "krs.csv"
    assert run("export", "latest", "--format", "csv", "--excel", "-o", str(sheet), db=db) == 0
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbfobjective,")
    assert run("export", "latest", "--excel", db=db) == USAGE
    err = capsys.readouterr().err
    assert "--excel is for the spreadsheet formats (csv, decisions-csv, actions-csv), not yaml" in err


def test_rules_say_where_each_decision_came_from(tmp_path, capsys):
    db = tmp_path / "db.json"
    make_session(db, team="Leadership")
    drafting, ref = catalog.resolve("okr-drafting")
    with Store(db) as store:
        from facilitator.workspace import Workspace

        session = Workspace(store).start(drafting, ref, organization="ACME ", team="Platform")
    assert main(["rules", session.state.id, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"Session {session.state.id} (OKR drafting workshop, Acme / Platform)" in out
    assert "Cycle length" in out and "Quarterly, starting 1 February" in out
    assert f"from Leadership's deployment, {session.state.started_at[:10]}" in out
    assert "default: no decision found" in out


def test_session_moves_a_deployment_into_its_organization(tmp_path, capsys):
    db = tmp_path / "db.json"
    make_session(db, team="Leadership")  # Acme / Leadership
    workshop, ref = catalog.resolve("deployment-parameters")
    with Store(db) as store:
        loose = Session.start(workshop, store, workshop_ref=ref)
        loose.go_to("kr-types")
        loose.record_decision("kr-types", choice="metrics-only", decision="")
    assert main(["session", loose.state.id, "--db", str(db)]) == 0
    assert "no organization or team" in capsys.readouterr().out
    assert main(["session", loose.state.id, "--org", " acme", "--team", "PLATFORM", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"Session {loose.state.id}: no organization or team → Acme / PLATFORM" in out
    assert "'acme' is written 'Acme', as it was first written" in out
    with Store(db) as store:
        assert store.load_session(loose.state.id)["organization"] == "Acme"
    # the spelling a session introduced is its own to correct
    assert main(["session", loose.state.id, "--team", "Platform", "--db", str(db)]) == 0
    assert "Acme / PLATFORM → Acme / Platform" in capsys.readouterr().out
    assert main(["session", loose.state.id, "--team", "x" * 200, "--db", str(db)]) == 5
    assert "--team is 200 characters long" in capsys.readouterr().err
    assert main(["--read-only", "session", loose.state.id, "--team", "Ops", "--db", str(db)]) == 2


def test_sessions_org_lists_teams_and_their_cycles(tmp_path, capsys):
    db = tmp_path / "db.json"
    make_session(db, team="Leadership")
    drafting, ref = catalog.resolve("okr-drafting")
    reset, reset_ref = catalog.resolve("reflect-and-reset")
    with Store(db) as store:
        from facilitator.workspace import Workspace

        workspace = Workspace(store)
        first = workspace.start(drafting, ref, organization="acme", team="Platform")
        second = workspace.start(reset, reset_ref, organization="Acme", team="platform")
        workspace.start(drafting, ref, organization="Other", team="Platform")
    assert main(["sessions", "--org", "ACME", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Acme: 2 teams, 3 sessions\n")
    lines = out.splitlines()
    assert lines[1].split()[:2] == ["TEAM", "CYCLE"]
    assert lines[2].startswith("Leadership (company)  1")
    assert lines[3].startswith("Platform") and first.state.id in lines[3] and "  1  " in lines[3]
    assert second.state.id in lines[4] and lines[4].split()[0] == "2", "a reflect-and-reset opens cycle 2"
    assert main(["sessions", "--org", "Nowhere", "--db", str(db)]) == 0
    assert "No sessions for organization 'Nowhere'" in capsys.readouterr().out


def test_a_bad_join_url_is_refused_before_any_screen_opens(tmp_path, capsys):
    db = tmp_path / "db.json"
    assert run("run", "deployment-parameters", "--join", "--join-url", "https://x/", db=db) == 5
    assert "--join-url must look like http://HOST:PORT" in capsys.readouterr().err
    assert not db.exists()  # nothing was started
    make_session(db)
    assert run("resume", "--join-host", " ", db=db) == 5
    assert "--join-host needs an address" in capsys.readouterr().err


def test_quitting_says_how_to_come_back(tmp_path):
    from facilitator.cli import come_back_line
    from facilitator.core import catalog
    from facilitator.core.session import Session
    from tests.conftest import MemoryStore

    workshop, _ = catalog.resolve("deployment-parameters")
    session = Session.start(workshop, MemoryStore(), workshop_ref="deployment-parameters")
    line = come_back_line(session, str(tmp_path / "my db.json"))
    assert f"facilitator resume {session.state.id} --db '{tmp_path / 'my db.json'}'" in line
    assert "step 1/16, 0 done" in line and len(line.splitlines()[0]) <= 80
    assert come_back_line(session).rstrip().endswith(f"facilitator resume {session.state.id}")


def test_an_ambiguous_prefix_lists_every_session_it_matches(tmp_path, monkeypatch, capsys):
    from facilitator.core import catalog
    from facilitator.core import session as session_module
    from facilitator.store import Store

    ids = iter([f"20261126-{n:06x}" for n in range(25)])
    monkeypatch.setattr(session_module, "new_session_id", lambda now: next(ids))
    workshop, ref = catalog.resolve("deployment-parameters")
    with Store(tmp_path / "db.json") as store:
        for n in range(25):
            session_module.Session.start(workshop, store, workshop_ref=ref, team=f"Team {n}")
    # every command that takes a session reference asks the same door (Workspace.find): resume, export, room...
    assert run("export", "2026", db=tmp_path / "db.json") != 0
    message = capsys.readouterr().err
    assert "'2026' matches 25 sessions; give more of the id:" in message
    assert message.count("OKR deployment parameters") == 20 and "... and 5 more" in message
    assert "20261126-000018" in message and "Team 24" in message, "the latest first, as `sessions` lists them"


def test_run_asks_whose_session_it_is_at_a_terminal(tmp_path, monkeypatch, capsys):
    import facilitator.cli as cli

    db = tmp_path / "db.json"
    make_session(db, team="Leadership")  # organization "Acme" is known
    started = []
    monkeypatch.setattr(cli, "_need_a_terminal", lambda command: None)
    monkeypatch.setattr(cli, "_run_app", lambda workspace, session, *a, **k: started.append(session.state) or 0)
    answers = iter(["  acme ", "Plat\x1b[2Jform"])
    prompts = []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or next(answers))
    assert run("run", "okr-drafting", db=db) == 0
    assert prompts == ["Organization (known: Acme; enter for none): ", "Team (known: Leadership; enter for none): "]
    assert (started[0].organization, started[0].team) == ("Acme", "Plat␛[2Jform"), "as first written, one line"
    prompts.clear()
    assert run("run", "okr-drafting", "--org", "", "--team", "Blue", db=db) == 0, "given: nothing asked"
    assert prompts == [] and (started[1].organization, started[1].team) == ("", "Blue")
    monkeypatch.setattr("builtins.input", lambda prompt: (_ for _ in ()).throw(EOFError))
    before = len(started)
    assert run("run", "okr-drafting", "--org", "Acme", db=db) == USAGE
    assert len(started) == before and "nothing was started" in capsys.readouterr().err


def test_run_answered_with_end_of_input_leaves_no_database_behind(tmp_path, monkeypatch, capsys):
    import facilitator.cli as cli

    db = tmp_path / "new" / "db.json"
    db.parent.mkdir()
    monkeypatch.setattr(cli, "_need_a_terminal", lambda command: None)
    monkeypatch.setattr("builtins.input", lambda prompt: (_ for _ in ()).throw(EOFError))
    assert run("run", "deployment-parameters", db=db) == USAGE
    assert "nothing was started" in capsys.readouterr().err
    assert list(db.parent.iterdir()) == [], "ctrl+d at the first question makes no database file, lock or backup"
