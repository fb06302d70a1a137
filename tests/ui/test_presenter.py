"""Presenter mode is safe to share: no facilitator note ever reaches the screen."""

from __future__ import annotations

from facilitator.app import make_app
from tests.ui.screen import screen_text as _plain


async def test_presenter_mode_never_shows_private_notes(workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    app = make_app(workspace, session, present=True)
    async with app.run_test(size=(80, 24)) as pilot:
        for step in deployment.steps:
            await pilot.press("f")  # asking for the notes must not show them
            await pilot.pause()
            shown = _plain(app)
            assert "PRESENTER MODE" in shown
            for line in step.notes.splitlines():
                words = " ".join(line.strip(" -*").split())
                if len(words) > 25:
                    assert words[:25] not in shown, f"note of {step.id} on screen"
            await pilot.press("n")


async def test_p_toggles_presenter_mode_and_hides_the_agenda(workspace, deployment):
    session = workspace.start(deployment, "deployment-parameters")
    app = make_app(workspace, session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f")
        notes = app.screen.query_one("#notes")
        assert notes.display
        first_note = " ".join(deployment.steps[0].notes.splitlines()[0].strip(" -*").split())[:25]
        assert first_note in _plain(app), "the check below can see notes when they are on screen"
        await pilot.press("P")
        await pilot.pause()
        assert first_note not in _plain(app)
        assert app.screen.has_class("presenting")
        assert not notes.display and not app.screen.query_one("#agenda").display
        await pilot.press("P")
        await pilot.pause()
        assert not app.screen.has_class("presenting")
        assert not notes.display and first_note not in _plain(app), "leaving presenter mode keeps the notes hidden"
        await pilot.press("f")
        await pilot.pause()
        assert notes.display and first_note in _plain(app), "the notes come back when the coach asks for them"


def test_summary_and_qr_text_never_carry_facilitator_notes(workspace, deployment):
    import io

    from rich.console import Console

    from facilitator.screens.summary import summary_renderable

    session = workspace.start(deployment, "deployment-parameters")
    for step in deployment.decision_steps:
        session.go_to(step.id)
        session.record_decision(step.parameter, choice=step.default_option.id, decision="", rationale="why")
    console = Console(file=io.StringIO(), width=200)
    console.print(summary_renderable(session))
    shown = " ".join(console.file.getvalue().split()) + " ".join(session.share_target()[0].split())
    for step in deployment.steps:
        for line in step.notes.splitlines():
            words = " ".join(line.strip(" -*").split())
            if len(words) > 30:
                assert words[:30] not in shown, step.id
