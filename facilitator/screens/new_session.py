"""Starting a session: which workshop, and who is in the room."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static

from facilitator.core.catalog import WorkshopEntry, localized_ref
from facilitator.core.records import NAME_MAX
from facilitator.core.timer import format_minutes
from facilitator.i18n import N_, _, language
from facilitator.render.light_markdown import inline
from facilitator.screens.names import name_inputs


@dataclass(frozen=True)
class NewSession:
    workshop_ref: str
    organization: str
    team: str
    facilitator: str
    self_guided: bool = False


class NewSessionScreen(ModalScreen[NewSession | None]):
    BINDINGS = [
        Binding("ctrl+s", "start", N_("Start")),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, workshops: list[WorkshopEntry], organizations: list[str] = (), teams: list[str] = (), *,
                 prefill: NewSession | None = None):
        super().__init__()
        # the team's next step, as the cycle offered it: the team checks it and starts
        self.prefill = prefill
        # names already in the database, suggested as typed so a team's sessions find each other
        self.organizations, self.teams = list(organizations), list(teams)
        self.entries = [e for e in workshops if e.workshop is not None]
        self.broken = [e for e in workshops if e.workshop is None]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(_("[b]Start a new session[/b]"), id="dialog-title")
            yield Label(_("Workshop"))
            # each workshop and its versions in other languages, marked with their language; the one in the
            # interface's language is chosen first (the rule `facilitator run` follows)
            choices = [(Content(f"{e.workshop.title} ({format_minutes(e.workshop.planned_seconds)}) · {e.language}"),
                        e.ref) for e in self.entries]
            usual = localized_ref("deployment-parameters", language(), {e.ref: e.path for e in self.entries})
            # the team's next step, when the cycle offered one: its workshop (in the interface's language)
            wanted = localized_ref(self.prefill.workshop_ref, language(), {e.ref: e.path for e in self.entries}) \
                if self.prefill else usual
            default = next((ref for _label, ref in choices if ref == wanted),
                           next((ref for _label, ref in choices if ref == usual),
                                choices[0][1] if choices else Select.NULL))
            yield Select(choices, value=default, allow_blank=False, id="workshop")
            yield Static(id="workshop-description")
            organization, team = name_inputs(self.organizations, self.teams)
            yield Label(_("Organization"))
            yield organization
            yield Label(_("Team"))
            yield team
            yield Label(_("Facilitator"))
            yield Input(placeholder=_("Your name"), id="facilitator", max_length=NAME_MAX)
            yield Checkbox(_("Self-guided: no coach (examples, answers checked)"), id="self-guided")
            yield Static(_("[b]tab[/b] next field · [b]enter[/b] on the last field or [b]ctrl+s[/b] start · "
                         "[b]esc[/b] cancel"), id="dialog-keys")

    def on_mount(self) -> None:
        if self.prefill is not None:
            self.query_one("#dialog-title", Static).update(_("[b]Start the next step[/b]: check and press enter"))
            self.query_one("#organization", Input).value = self.prefill.organization
            self.query_one("#team", Input).value = self.prefill.team
            self.query_one("#facilitator", Input).focus()
        else:
            self.query_one("#organization", Input).focus()
        self._describe()
        if self.broken:
            names = ", ".join(e.ref for e in self.broken)
            self.notify(_("Skipped broken built-in workshops: {names} (run `facilitator validate`)").format(
                names=names),
                        severity="warning")

    def on_select_changed(self) -> None:
        self._describe()

    def _describe(self) -> None:
        ref = self.query_one("#workshop", Select).value
        entry = next((e for e in self.entries if e.ref == ref), None)
        if entry and entry.workshop:
            # the built-in workshop written for teams on their own starts ticked; anything else unticked
            guided = entry.base == "self-guided-setup"
            if self.prefill is not None and entry.base == self.prefill.workshop_ref:
                guided = self.prefill.self_guided  # a team on its own stays on its own through the cycle
            self.query_one("#self-guided", Checkbox).value = guided
            self._show_description(entry)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        ref = self.query_one("#workshop", Select).value
        entry = next((e for e in self.entries if e.ref == ref), None)
        if event.checkbox.id == "self-guided" and entry and entry.workshop:
            self._show_description(entry)

    def _show_description(self, entry: WorkshopEntry) -> None:
        """The workshop's first paragraph, as the team reads it when it runs the workshop on its own."""
        workshop = entry.workshop.for_team() if self.query_one("#self-guided", Checkbox).value else entry.workshop
        paragraph = workshop.description.strip().split("\n\n")[0]
        text = inline(" ".join(line.strip() for line in paragraph.splitlines()), style="dim")
        self.query_one("#workshop-description", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "facilitator":
            self.action_start()
        else:
            self.focus_next()

    def action_start(self) -> None:
        ref = self.query_one("#workshop", Select).value
        if ref is Select.NULL or not isinstance(ref, str):
            self.notify(_("Pick a workshop first."), severity="warning")
            return
        self.dismiss(NewSession(
            workshop_ref=ref,
            organization=self.query_one("#organization", Input).value,
            team=self.query_one("#team", Input).value,
            facilitator=self.query_one("#facilitator", Input).value,
            self_guided=self.query_one("#self-guided", Checkbox).value,
        ))

    def action_cancel(self) -> None:
        self.dismiss(None)
