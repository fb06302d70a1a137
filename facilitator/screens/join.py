"""The room's phones, on the coach's screen: the join QR code and URL, what is being collected, and the reveal.

While a question collects, this screen shows only how many joined and how many answered. Silent-writing texts
appear once the question is closed (so the coach can hide one before the room sees them) and after the reveal.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from facilitator.core import qr
from facilitator.core.collection import kind_label
from facilitator.core.records import one_line
from facilitator.i18n import N_, _, ngettext
from facilitator.join.address import remote_advice
from facilitator.render.guard import guarded
from facilitator.render.read_only import changes_the_record
from facilitator.render.room_results import progress_line, result_text
from facilitator.screens.qr import QR_STYLE
from facilitator.widgets.key_bar import KeyBar
from facilitator.widgets.status_line import StatusLine

# what a text becomes, and how the coach is told: whole sentences, so a translation can inflect
USES = {"o": ("objective", N_("Made a draft objective of it.")),
        "k": ("parking", N_("Made a parking-lot point of it.")),
        "b": ("objection", N_("Made an objection of it."))}
USED_AS = {"objective": N_("objective"), "parking": N_("parking"), "objection": N_("objection")}


class KeyResultPicker(ModalScreen[str | None]):
    """Which key result of the draft board the room rates its confidence in."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, choices: list[tuple[str, str]]):
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(_("[b]Confidence vote[/b]: which key result?"), id="dialog-title")
            yield OptionList(*(Option(Content(label), id=kr_id) for kr_id, label in self.choices), id="krs")
            yield Static(_("[b]enter[/b] pick · [b]esc[/b] cancel"), id="dialog-keys")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class JoinScreen(Screen[None]):
    BINDINGS = [
        Binding("1", "collect('fist-of-five')", N_("Fist")),
        Binding("2", "collect('dot-voting')", N_("Dots")),
        Binding("3", "collect('confidence')", N_("Confidence"), show=False),
        Binding("4", "collect('writing')", N_("Writing"), show=False),
        Binding("c", "close_question", N_("Close")),
        Binding("v", "reveal", N_("Reveal")),
        Binding("u", "use_result", N_("Use result")),
        Binding("t", "auto_close", N_("Auto-close"), show=False),
        Binding("h", "hide_text", N_("Hide text"), show=False),
        Binding("o", "use_text('o')", N_("As objective"), show=False),
        Binding("k", "use_text('k')", N_("As parking"), show=False),
        Binding("b", "use_text('b')", N_("As objection"), show=False),
        Binding("l", "lock", N_("Lock"), show=False),
        Binding("plus,equals_sign", "cap(5)", N_("Cap +5"), key_display="+", show=False),
        Binding("minus,underscore", "cap(-5)", N_("Cap -5"), key_display="-", show=False),
        Binding("x", "stop_room", N_("Stop room")),
        Binding("escape,j", "back", N_("Back")),
    ]
    DEFAULT_CSS = """
    JoinScreen #join { height: 1fr; }
    JoinScreen #join-qr { width: auto; height: auto; margin: 0 1 0 0; }
    JoinScreen #join-info { width: 1fr; height: 1fr; }
    JoinScreen #join-url { text-style: bold; }
    JoinScreen #join-warnings { color: $warning; }
    JoinScreen #join-progress { color: $accent; text-style: bold; }
    JoinScreen #join-texts { height: auto; max-height: 12; }
    JoinScreen #join-keys { color: $text-muted; }
    """

    def __init__(self, session):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Horizontal(id="join"):
            yield Static(id="join-qr")
            with VerticalScroll(id="join-info"):
                yield Static(id="join-url")
                yield StatusLine(id="join-warnings")
                yield StatusLine(id="join-progress")
                yield Static(id="join-question")
                yield OptionList(id="join-texts")
                yield StatusLine(id="join-keys")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_room()

    def on_resize(self) -> None:
        self.show_room()

    @property
    def phones(self):
        return self.session.phones

    @property
    def server(self):
        return self.app.join_server

    # -- painting -----------------------------------------------------------------------------------
    def show_room(self) -> None:
        if not self.is_attached:
            return
        server = self.server
        code = self.query_one("#join-qr", Static)
        if server is None:
            code.display = False
            self.query_one("#join-url", Static).update(_("The room is closed: phones cannot join. "
                                                         "j on the step screen opens it again."))
            self.query_one("#join-warnings", StatusLine).text = ""
        else:
            width, height = self.app.size
            drawing = qr.draw(server.url, max(0, width - 34), height - 1)
            code.display = drawing is not None
            if drawing is not None:
                code.update(Text("\n".join(drawing.lines), style=QR_STYLE, no_wrap=True))
            small = _("(the terminal, {width}x{height}, is too small for the QR code)").format(width=width,
                                                                                               height=height)
            self.query_one("#join-url", Static).update(Content(
                _("Scan to join, or open:") + f"\n{server.url}" + ("" if drawing else "\n" + small)))
            notes = list(server.address.warnings)
            if advice := remote_advice(server.address):
                notes.append(advice)
            if server.crashes:
                notes.append(ngettext("{count} phone request failed; the room carries on.",
                                      "{count} phone requests failed; the room carries on.",
                                      server.crashes).format(count=server.crashes))
            self.query_one("#join-warnings", StatusLine).text = "\n".join(notes)
        settings = self.phones.settings
        self.query_one("#join-progress", StatusLine).text = (
            progress_line(self.phones) + " · " + _("room of {cap}").format(cap=settings.cap))
        self._show_question()

    def _show_question(self) -> None:
        active = self.phones.active()
        question = self.query_one("#join-question", Static)
        texts = self.query_one("#join-texts", OptionList)
        keys = self.query_one("#join-keys", StatusLine)
        if active is None:
            question.update(Content(_("Ask the room about \"{title}\":").format(title=self.session.current.title)
                                    + "\n" + _("1 fist of five · 2 dot voting · 3 confidence in a key result · "
                                                "4 silent writing")))
            texts.display = False
            keys.text = ""
            return
        step = self.phones.step_of(active)
        head = Text(kind_label(active.kind), style="bold")
        head.append(f" · {step.title if step else active.step}")
        if active.target_text:
            head.append(f" · {one_line(active.target_text)}")
        if active.auto_close and active.status == "collecting":
            head.append(" · " + _("closes when everyone answered"))
        head.append("\n")
        head.append_text(result_text(self.phones, active))
        if active.used:
            if active.kind == "confidence" and self.phones.checking_in:
                head.append("\n" + _("Used: as the confidence at this check-in."))
            else:
                head.append("\n" + (_("Used: in the consensus check.") if active.used == "consensus"
                                     else _("Used: as the confidence.")))
        question.update(head)
        showing = active.kind == "writing" and active.status != "collecting" and active.texts
        texts.display = bool(showing)
        if showing:
            highlighted = texts.highlighted
            texts.clear_options()
            for t in active.texts:
                if t.hidden:
                    mark = "[" + _("hidden") + "] "
                elif t.used_as:
                    mark = "[" + (_(USED_AS[t.used_as]) if t.used_as in USED_AS else t.used_as) + "] "
                else:
                    mark = ""
                texts.add_option(Option(Text(mark + one_line(t.text)), id=t.id))
            texts.highlighted = min(highlighted or 0, len(active.texts) - 1)
        if active.status == "collecting":
            keys.text = _("c close · v reveal · t close when everyone answered")
        elif active.status == "closed":
            keys.text = (_("v reveal · h hide the highlighted text (only you see them now)")
                         if active.kind == "writing" else _("v reveal"))
        elif active.kind == "writing":
            keys.text = _("o draft objective · k parking lot · b objection (the highlighted text)")
        else:
            keys.text = _("u use the result (consensus check, or the key result's confidence)")

    # -- actions ------------------------------------------------------------------------------------
    def _do(self, verb, said: str | None = None) -> None:
        outcome: list = []
        if not guarded(self, lambda: outcome.append(verb())):
            return
        if said:
            self.notify(said.format(outcome=outcome[0]), timeout=4)
        self.show_room()

    @changes_the_record
    def action_collect(self, kind: str) -> None:
        if kind == "confidence":
            choices = [(kr.id, f"{kr.text}  ({o.title})") for o, kr in self.phones.key_results()]
            if not choices:
                self.notify(_("A confidence vote is on a key result: this check-in found none in force.")
                            if self.phones.checking_in else
                            _("A confidence vote is on a key result: draft one on the board first (o)."),
                            severity="warning")
                return

            def picked(kr_id: str | None) -> None:
                if kr_id:
                    self._do(lambda: self.phones.open("confidence", target=kr_id), _("Confidence vote open."))

            self.app.push_screen(KeyResultPicker(choices), picked)
            return
        self._do(lambda: self.phones.open(kind),
                 _("{kind}: the phones can answer now.").format(kind=kind_label(kind)))

    @changes_the_record
    def action_close_question(self) -> None:
        self._do(self.phones.close, _("Closed: no more answers. v reveals them."))

    @changes_the_record
    def action_reveal(self) -> None:
        self._do(self.phones.reveal)

    @changes_the_record
    def action_auto_close(self) -> None:
        active = self.phones.active()
        on = not (active and active.auto_close)
        self._do(lambda: self.phones.set_auto_close(on),
                 _("Closes when everyone who joined has answered.") if on else _("Closes only when you say."))

    @changes_the_record
    def action_use_result(self) -> None:
        def use() -> str:
            return {"consensus": _("The result is the step's consensus check (v on the step shows it)."),
                    "confidence": _("The key result's confidence is the room's median."),
                    "check-in": _("The room's median is the key result's confidence at this check-in (d shows "
                                  "the sheet).")}[self.phones.use_result()]

        self._do(use, "{outcome}")

    def _highlighted_text(self) -> str | None:
        texts = self.query_one("#join-texts", OptionList)
        if not texts.display or texts.highlighted is None:
            self.notify(_("Highlight a text first (↑ ↓ in the list of texts)."), severity="warning")
            return None
        return texts.get_option_at_index(texts.highlighted).id

    @changes_the_record
    def action_hide_text(self) -> None:
        if (text_id := self._highlighted_text()) is None:
            return
        _kind, text = self.phones.find_text(text_id)
        self._do(lambda: self.phones.hide_text(text_id, not text.hidden))

    @changes_the_record
    def action_use_text(self, key: str) -> None:
        if (text_id := self._highlighted_text()) is None:
            return
        use, said = USES[key]
        self._do(lambda: self.phones.use_text(text_id, use), _(said))

    @changes_the_record
    def action_lock(self) -> None:
        locked = not self.phones.settings.locked
        self._do(lambda: self.phones.set_locked(locked),
                 _("Locked: nobody new can join.") if locked else _("Unlocked."))

    @changes_the_record
    def action_cap(self, delta: int) -> None:
        self._do(lambda: self.phones.set_cap(max(1, self.phones.settings.cap + delta)))

    async def action_stop_room(self) -> None:
        await self.app.close_room()
        self.notify(_("The room is closed: the server stopped. Answers so far are kept."), timeout=5)

    def action_back(self) -> None:
        self.dismiss(None)
