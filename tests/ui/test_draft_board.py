"""Drafting OKRs from the keyboard, with the coach's findings following the room's own decisions."""

from __future__ import annotations

from facilitator.core import catalog
from facilitator.core.okr import Objective
from facilitator.screens.draft_board import DraftBoardScreen
from facilitator.screens.draft_dialogs import KeyResultDialog, ObjectiveDialog


async def test_draft_objectives_and_key_results_with_live_checks(app_factory, workspace, store):
    workshop, ref = catalog.resolve("okr-drafting")
    session = workspace.start(workshop, ref, team="Platform")
    app = app_factory(session)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, DraftBoardScreen)
        await pilot.press("o")
        assert isinstance(app.screen, ObjectiveDialog)
        await pilot.press(*"Delight first-time customers", "tab", *"Churn doubled this year", "ctrl+s")
        await pilot.pause()
        [objective] = session.board.objectives()
        assert (objective.title, objective.why_now, objective.team) == (
            "Delight first-time customers", "Churn doubled this year", "Platform")
        await pilot.press("r")
        dialog = app.screen
        assert isinstance(dialog, KeyResultDialog)
        await pilot.press(*"Launch the new onboarding flow")
        await pilot.pause()
        assert "kr-task-like" in [f.check_id for f in dialog.current_findings], "checked as you type"
        await pilot.press("ctrl+s")
        await pilot.pause()
        on_disk = store.load_session(session.state.id)["objectives"]
        assert on_disk[0]["key_results"][0]["text"] == "Launch the new onboarding flow"
        board_screen = app.screen
        assert any(f.check_id == "kr-task-like" for f in session.board.findings())
        await pilot.press("i")
        await pilot.press("1", "enter", *"A stepping stone this cycle", "ctrl+s")
        await pilot.pause()
        assert session.board.dismissals()[0].reason == "A stepping stone this cycle"
        await pilot.press("f")
        assert board_screen.show_all
        await pilot.press("x")
        assert session.board.objectives()[0].key_results == []
        await pilot.press("l")
        await pilot.press("escape", "escape")
        assert not isinstance(app.screen, DraftBoardScreen)


async def test_the_room_s_decisions_set_the_rules(app_factory, workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    session.go_to("kr-types")
    session.record_decision("kr-types", choice="metrics-only", decision="")
    board = session.board
    from facilitator.core.okr import KeyResult, Objective

    board.save_objective(Objective("o1", "Delight first-time customers", why_now="Churn", level="company"))
    board.save_key_result("o1", KeyResult("kr1", "Publish the new pricing page", type="milestone", owner="Ana",
                                          due="2026-12-01"))
    assert any(f.check_id == "milestone-not-allowed" for f in board.findings())


async def test_the_coach_panel_shows_the_first_objective_s_findings_at_once(app_factory, workspace):
    workshop, ref = catalog.resolve("okr-drafting")
    session = workspace.start(workshop, ref, team="Platform")
    app = app_factory(session)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("o", "o", *"Delight first-time customers", "ctrl+s")
        await pilot.pause()
        [objective] = session.board.objectives()
        mine = [f for f in session.board.findings() if f.target_id == objective.id]
        assert mine, "a new objective with no key results has findings"
        from tests.ui.screen import screen_text

        shown = screen_text(app)
        assert "No findings here" not in shown and mine[0].message[:20] in shown


async def test_a_milestone_date_must_be_a_date(app_factory, workspace):
    workshop, ref = catalog.resolve("okr-drafting")
    session = workspace.start(workshop, ref, team="Platform")
    session.board.save_objective(Objective("o1", "Delight first-time customers", level="team"))
    app = app_factory(session)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("o", "down", "r", *"Help centre live")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, KeyResultDialog)
        dialog.query_one("#due").value = "end of March"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and app.focused.id == "due", "refused, with the cursor on the date"
        dialog.query_one("#due").value = "2027-03-31"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.board.objectives()[0].key_results[0].due == "2027-03-31"


async def test_a_pilot_team_s_board_says_its_rules_come_from_the_leadership_deployment(app_factory, workspace,
                                                                                        deployment):
    leadership = workspace.start(deployment, "deployment-parameters", organization="Nordwind GmbH",
                                 team="Leadership")
    leadership.go_to("kr-types")
    leadership.record_decision("kr-types", choice="metrics-only", decision="")
    drafting, ref = catalog.resolve("okr-drafting")
    session = workspace.start(drafting, ref, organization="nordwind gmbh ", team="Platform")
    assert session.state.organization == "Nordwind GmbH", "shown as first written"
    app = app_factory(session)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("o")
        header = str(app.screen.query_one("#rules-from").render())
        assert f"Rules from Leadership's deployment, {leadership.state.started_at[:10]}" in header
        assert not app.screen.query_one("#rules-from").has_class("nothing-found")
        assert "key results · metric · confidence" in header, "the rules line, whole at 80 columns"


async def test_a_board_with_no_decisions_anywhere_says_so_loudly(app_factory, workspace):
    drafting, ref = catalog.resolve("okr-drafting")
    session = workspace.start(drafting, ref, organization="Nordwind GmbH", team="Platform")
    app = app_factory(session)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("o")
        line = app.screen.query_one("#rules-from")
        assert "NO DECISIONS FOUND for Nordwind GmbH / Platform: checked against the defaults" in str(line.render())
        assert line.has_class("nothing-found")


async def test_the_coach_guides_an_empty_draft_and_puts_a_task_first(app_factory, workspace):
    workshop, ref = catalog.resolve("okr-drafting")
    session = workspace.start(workshop, ref, team="Platform")
    app = app_factory(session)
    from tests.ui.screen import screen_text as cells

    def screen_text(app) -> str:  # the text of the panels, read across their borders and line breaks
        return " ".join(cells(app).replace("│", " ").split())

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert "Start with the objective" in screen_text(app), "an empty board shows guidance"
        assert "PROBLEM" not in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ObjectiveDialog)
        assert app.screen.current_findings == [] and "Write the objective" in screen_text(app)
        await pilot.press(*"Make checkout effortless for returning customers", "ctrl+s")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, KeyResultDialog)
        assert dialog.current_findings == [] and "PROBLEM" not in screen_text(app), "nothing typed, no problems"
        await pilot.press(*"Deploy the new checkout")
        await pilot.pause()
        assert dialog.current_findings[0].check_id == "kr-task-like", "the task is the first thing said"
        assert dialog.current_findings[0].severity == "problem"
        assert "kr-no-target" not in {f.check_id for f in dialog.current_findings}, "not steered to add a number"
        dialog.query_one("#text").value = "Launch one-click checkout by 31 March"
        await pilot.pause()
        assert "reads as milestone" in screen_text(app), "the room sees how the coach reads the type"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [kr] = session.board.objectives()[0].key_results
        assert kr.type == "", "nobody chose a type: it stays read from the text"
        assert "milestone?" in screen_text(app), "the board marks the inferred type"


async def test_moving_the_cursor_runs_no_checks(app_factory, workspace, monkeypatch):
    workshop, ref = catalog.resolve("okr-drafting")
    session = workspace.start(workshop, ref, team="Platform")
    board = session.board
    board.save_objective(Objective("o1", "Make checkout effortless for returning customers"))
    board.save_objective(Objective("o2", "Make support the reason customers stay"))
    assert session.board is board, "the board is built once"
    app = app_factory(session)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        import facilitator.core.drafting as drafting

        calls = []
        original = drafting.check_objective
        monkeypatch.setattr(drafting, "check_objective", lambda *a, **k: calls.append(a) or original(*a, **k))
        await pilot.press("down", "down", "up")
        await pilot.pause()
        assert calls == []


async def test_t_moves_a_session_to_its_team_and_the_rules_follow(app_factory, workspace, deployment):
    from facilitator.screens.names import NamesScreen

    leadership = workspace.start(deployment, "deployment-parameters", organization="Nordwind GmbH",
                                 team="Leadership")
    leadership.go_to("kr-types")
    leadership.record_decision("kr-types", choice="metrics-only", decision="")
    drafting, ref = catalog.resolve("okr-drafting")
    session = workspace.start(drafting, ref)
    assert not session.board.resolution().found_any
    app = app_factory(session)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, NamesScreen)
        await pilot.press(*"nord", "right", "tab", *"Platform", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, NamesScreen)
        assert (session.state.organization, session.state.team) == ("Nordwind GmbH", "Platform")
        assert app.screen.sub_title == "Nordwind GmbH · Platform"
        assert session.board.rules().kr_types == frozenset({"metric"})
        assert workspace.store.load_session(session.state.id)["team"] == "Platform"
        assert workspace.store.load_session(session.state.id)["inherited_from"] == leadership.state.id


async def test_the_new_session_dialog_suggests_the_names_already_used(app_factory, workspace, deployment):
    workspace.start(deployment, "deployment-parameters", organization="Nordwind GmbH", team="Leadership")
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        await pilot.press(*"NORD", "right", "tab", *"lead", "right")
        await pilot.pause()
        assert app.screen.query_one("#organization").value == "Nordwind GmbH"
        assert app.screen.query_one("#team").value == "Leadership"


def _organization(workspace):
    """A leadership board with company objectives and two pilot teams' boards, in one database."""
    drafting, ref = catalog.resolve("okr-drafting")
    lead = workspace.start(drafting, ref, organization="Nordwind GmbH", team="Leadership")
    lead.board.save_objective(Objective("o1", "Become the bank customers recommend", level="company"))
    lead.board.save_objective(Objective("o2", "Make every release boringly safe", level="company"))
    growth = workspace.start(drafting, ref, organization="Nordwind GmbH", team="Growth")
    growth.board.save_objective(Objective("o1", "Win 100 accounts in Austria", level="team", team="Growth",
                                          origin="leadership", contributes_to=f"{lead.state.id}:o1"))
    platform = workspace.start(drafting, ref, organization="nordwind gmbh", team="Platform")
    return lead, growth, platform


async def test_the_alignment_view_shows_the_whole_organization(app_factory, workspace):
    from facilitator.screens.alignment import AlignmentScreen
    from tests.ui.screen import screen_text

    lead, growth, platform = _organization(workspace)
    platform.board.save_objective(Objective("o1", "Ship on Fridays without fear", level="team", team="Platform",
                                            contributes_to=f"{lead.state.id}:o2"))
    platform.board.save_objective(Objective("o2", "Refresh the brand", level="team", team="Platform"))
    app = app_factory(platform)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o", "l")
        assert isinstance(app.screen, AlignmentScreen)
        shown = screen_text(app)
        assert "Nordwind GmbH · 3 team boards · this board: Platform" in shown
        lead_at, growth_at, ours_at = (shown.index(t) for t in (
            "Become the bank customers recommend [Leadership]", "↳ Win 100 accounts in Austria [Growth, handed down]",
            "Make every release boringly safe"))
        assert lead_at < growth_at < ours_at, "another team's objective sits under the company objective it serves"
        assert "↳ Ship on Fridays without fear [Platform, team-proposed]" in shown
        assert shown.index("Aligned to nothing") < shown.index("• Refresh the brand")
        assert "Bottom-up: 67% of the team objectives proposed by the teams (meets" in shown
        assert "target of 60%)" in shown
        assert "Growth 0/1 · Platform 2/2" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, AlignmentScreen)


async def test_a_team_objective_can_serve_a_company_objective_drafted_in_another_session(app_factory, workspace):
    lead, growth, platform = _organization(workspace)
    app = app_factory(platform)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o", "o", *"Ship on Fridays without fear")
        dialog = app.screen
        assert isinstance(dialog, ObjectiveDialog)
        picker = dialog.query_one("#contributes-to")
        offered = {str(label): value for label, value in picker._options if value is not picker.NULL}
        assert offered == {"Become the bank customers recommend · Leadership": f"{lead.state.id}:o1",
                           "Make every release boringly safe · Leadership": f"{lead.state.id}:o2"}
        picker.value = f"{lead.state.id}:o2"
        dialog.query_one("#objective-owner").value = "Ana, Bo"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [objective] = platform.board.objectives()
        assert objective.contributes_to == f"{lead.state.id}:o2"
        assert objective.owner == "Ana, Bo" and len(objective.uid) == 12
        assert "alignment-link-broken" not in {f.check_id for f in platform.board.findings()}
        # editing it again shows the link, and saving unchanged keeps it
        await pilot.press("e")
        assert app.screen.query_one("#contributes-to").value == f"{lead.state.id}:o2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert platform.board.objectives()[0].contributes_to == f"{lead.state.id}:o2"
        assert platform.board.objectives()[0].uid == objective.uid, "an edit keeps the objective's identity"
        shown = _lines_of(app.screen.query_one("#board-selected"))
        assert "contributes to “Make every release boringly safe · Leadership”" in shown, "by title, not SESSION:o2"


def _lines_of(widget) -> str:
    """What a widget shows on screen, its rows joined (words wrapped over two rows read as one text)."""
    return " ".join(" ".join(widget.render_line(y).text.split()) for y in range(widget.size.height))


async def test_at_80_columns_the_highlighted_item_is_shown_whole_where_its_tree_line_is_cut(app_factory, workspace):
    from facilitator.core.okr import KeyResult
    workshop, ref = catalog.resolve("okr-drafting")
    session = workspace.start(workshop, ref, organization="Acme", team="Customer Experience and Support")
    title = "Make every first-time customer feel at home from their very first week"
    session.board.save_objective(Objective("o1", title, level="team", team="Customer Experience and Support"))
    kr_text = "Raise the share of new accounts that invite a second teammate within seven days"
    session.board.save_key_result("o1", KeyResult("kr1", kr_text, start=18, target=35, unit="%", owner="Ana"))
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        tree_line = app.screen.query_one("#okr-tree").render_line(0).text
        assert title not in tree_line, "the case this is for: the tree line is cut at 80 columns"
        assert tree_line.rstrip().endswith("… · commit/stretch?"), "the title is cut, not the commitment after it"
        shown = _lines_of(app.screen.query_one("#board-selected"))
        assert title in shown and "team objective · Customer Experience and Support" in shown
        await pilot.press("down")
        await pilot.pause()
        shown = _lines_of(app.screen.query_one("#board-selected"))
        assert kr_text in shown and "from 18 to 35 % · owner Ana" in shown, "the key the coach presses acts on this"
        assert f"under “{title}”" in shown


async def test_each_objective_says_committed_or_aspirational_once_the_room_chooses(app_factory, workspace):
    from facilitator.core.export import export_document
    from tests.ui.screen import screen_text

    workshop, ref = catalog.resolve("okr-drafting")
    session = workspace.start(workshop, ref, organization="Acme", team="Platform")
    app = app_factory(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o", "o", *"Delight first-time customers", "ctrl+s")
        await pilot.pause()
        assert "commit/stretch?" in screen_text(app), "the choice not made yet is on the board"
        [objective] = session.board.objectives()
        assert objective.commitment == "" and export_document(session)["okrs"]["objectives"][0]["commitment"] == ""
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ObjectiveDialog)
        dialog.query_one("#commitment").value = "aspirational"  # the Select, as a keyboard pick sets it
        await pilot.press("ctrl+s")
        await pilot.pause()
        [objective] = session.board.objectives()
        assert (objective.commitment, objective.committed) == ("aspirational", False)
        shown = screen_text(app)
        assert "aspirational" in shown and "commit/stretch?" not in shown
        exported = export_document(session)["okrs"]["objectives"][0]
        assert (exported["commitment"], exported["committed"]) == ("aspirational", False)


def test_drafts_from_before_the_choice_read_as_not_chosen_unless_unticked():
    assert Objective.from_dict({"id": "o1", "title": "x", "committed": True}).commitment == ""
    assert Objective.from_dict({"id": "o1", "title": "x", "committed": False}).commitment == "aspirational"
    assert Objective.from_dict({"id": "o1", "title": "x", "commitment": "committed"}).committed is True


async def test_n_or_q_on_the_board_says_the_way_back_to_the_step(app_factory, workspace):
    drafting, ref = catalog.resolve("okr-drafting")
    session = workspace.start(drafting, ref, organization="Nordwind GmbH", team="Platform")
    app = app_factory(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, DraftBoardScreen)
        await pilot.press("q")
        assert isinstance(app.screen, DraftBoardScreen) and app.is_running, "q on the board neither quits nor leaves"
        assert any("esc goes back to the step first" in n.message for n in app._notifications)
