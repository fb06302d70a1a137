"""Whose session this is: the organization and team, changed from the session (key t on the facilitate screen)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from facilitator.core.records import NAME_MAX
from facilitator.i18n import N_, _


@dataclass(frozen=True)
class Names:
    organization: str
    team: str


def name_inputs(organizations: list[str], teams: list[str], *, organization: str = "",
                team: str = "") -> tuple[Input, Input]:
    """The two inputs both dialogs use: known names are suggested as you type, whatever their case
    (right arrow takes the suggestion)."""
    return (
        Input(organization, placeholder=_("e.g. Acme Ltd"), id="organization", max_length=NAME_MAX,
              suggester=SuggestFromList(organizations, case_sensitive=False) if organizations else None),
        Input(team, placeholder=_("e.g. Leadership team"), id="team", max_length=NAME_MAX,
              suggester=SuggestFromList(teams, case_sensitive=False) if teams else None),
    )


class NamesScreen(ModalScreen[Names | None]):
    BINDINGS = [Binding("ctrl+s", "save", N_("Save")), Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, names: Names, organizations: list[str], teams: list[str]):
        super().__init__()
        self.names = names
        self.organizations = organizations
        self.teams = teams

    def compose(self) -> ComposeResult:
        organization, team = name_inputs(self.organizations, self.teams, organization=self.names.organization,
                                         team=self.names.team)
        with Vertical(id="dialog"):
            yield Static(_("[b]Whose session is this?[/b] Its rules and cycles follow the organization and team"),
                         id="dialog-title")
            yield Label(_("Organization"))
            yield organization
            yield Label(_("Team"))
            yield team
            yield Static(_("[b]→[/b] take the suggestion · [b]tab[/b] next field · [b]enter[/b] on the team or "
                         "[b]ctrl+s[/b] save · [b]esc[/b] cancel"), id="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#organization", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "team":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        self.dismiss(Names(self.query_one("#organization", Input).value, self.query_one("#team", Input).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
