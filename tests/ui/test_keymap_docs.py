"""The README lists every id a coach can remap: a binding given an id is documented where coaches look."""

from __future__ import annotations

from pathlib import Path

from facilitator.screens.draft_board import DraftBoardScreen
from facilitator.screens.facilitate import FacilitateScreen

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_remappable_id_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Your own keys"):text.index("## Command line")]
    ids = {b.id for screen in (FacilitateScreen, DraftBoardScreen) for b in screen.BINDINGS if b.id}
    assert ids and all(f"`{i}`" in section for i in ids), sorted(i for i in ids if f"`{i}`" not in section)
