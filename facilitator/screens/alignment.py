"""The alignment view (`l` on the draft board): the whole organization's company objectives, each team's
objectives under the one they serve, what serves nothing, and the bottom-up share against the room's target."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from facilitator.core.alignment import OrganizationAlignment, Placed
from facilitator.core.drafting import DraftBoard
from facilitator.core.rules_text import LEVEL_WORDS
from facilitator.i18n import N_, _, ngettext

HERE = "bold"  # the objectives of the board being edited stand out among the other teams'


def _who(placed: Placed) -> str:
    level = placed.objective.level
    team = placed.team or (_(LEVEL_WORDS[level]) if level in LEVEL_WORDS else level)
    if placed.objective.level == "company":
        return f"  [{team}]"
    origin = _("team-proposed") if placed.objective.origin == "team" else _("handed down")
    return f"  [{team}, {origin}]"


def _items(marker: str, placed: list[Placed], *, style: str = "") -> Table:
    """Objectives under a heading, each wrapping under its own first word rather than under the marker."""
    grid = Table.grid(padding=0, expand=True)
    grid.add_column(width=len(marker), no_wrap=True)
    grid.add_column(ratio=1)
    for item in placed:
        line = Text(item.title, style=" ".join(x for x in (HERE if item.here else "", style) if x))
        line.append(_who(item), style="dim")
        grid.add_row(Text(marker, style=style), line)
    return grid


def alignment_view(view: OrganizationAlignment, team: str = "") -> Group:
    """The view as the screen shows it: plain Rich renderables, so titles from anywhere are never markup."""
    parts: list = []
    boards = ngettext("{n} team board", "{n} team boards", view.boards).format(n=view.boards)
    mine = " · " + _("this board: {team}").format(team=team) if team else ""
    heading = f"{view.organization} · {boards}{mine}" if view.organization else \
        _("This board only: the session belongs to no organization (t on the facilitate screen sets it)")
    parts.append(Text(heading + "\n", style="dim"))
    for group in view.company:
        title = Text(group.company.title, style="bold underline" if group.company.here else "underline")
        title.append(_who(group.company), style="dim")
        parts.append(title)
        if group.contributors:
            parts.append(_items("  ↳ ", list(group.contributors)))
        else:
            parts.append(Text("  " + _("no team objective contributes yet"), style="dim"))
    if not view.company:
        parts.append(Text(_("No company objectives drafted in the organization yet."), style="dim"))
    parts.append(Text("\n" + _("Aligned to nothing"), style="bold"))
    if view.unaligned:
        parts.append(_items("  • ", list(view.unaligned), style="yellow"))
    else:
        parts.append(Text("  " + _("none"), style="green"))
    if view.share is None:
        parts.append(Text("\n" + _("Bottom-up: no team objectives drafted yet"), style="dim"))
    else:
        line = _("Bottom-up: {share} of the team objectives proposed by the teams (meets the room's target of "
                 "{target})") if view.meets_target else \
            _("Bottom-up: {share} of the team objectives proposed by the teams (below the room's target of "
              "{target})")
        parts.append(Text("\n" + line.format(share=f"{view.share:.0%}", target=f"{view.target:.0%}"),
                          style="green" if view.meets_target else "bold yellow"))
        if len(view.by_team) > 1:
            parts.append(Text(" · ".join(f"{name or _('no team')} {b}/{n}" for name, b, n in view.by_team),
                              style="dim"))
    return Group(*parts)


class AlignmentScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,l", "close", N_("Back"))]

    def __init__(self, board: DraftBoard):
        super().__init__()
        self.board = board

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(alignment_view(self.board.alignment(), self.board.host.state.team), id="alignment")

    def on_mount(self) -> None:
        panel = self.query_one("#help")
        panel.border_title = _("Alignment")
        panel.border_subtitle = _("esc back")

    def action_close(self) -> None:
        self.dismiss(None)
