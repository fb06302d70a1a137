"""The draft board: objectives with their key results, edited from the keyboard, challenged by the coach."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static, Tree

from facilitator.core import room_view, rules_text
from facilitator.core.draft_language import language_name, next_language
from facilitator.core.drafting import DraftBoard
from facilitator.core.okr import COMMITMENT_LABELS, KeyResult, Objective
from facilitator.core.okr_checks import BOARD, SEVERITY_RANK, guidance, kr_type, type_is_inferred
from facilitator.core.okr_lexicon import lexicon_problems
from facilitator.core.rules_text import KR_TYPE_WORDS, LEVEL_WORDS
from facilitator.core.session import Session
from facilitator.i18n import N_, _
from facilitator.render.findings import DEPARTURE_STYLE, SEVERITY_STYLE, findings_text
from facilitator.render.guard import guarded
from facilitator.render.read_only import changes_the_record
from facilitator.widgets.key_bar import KeyBar


def _kr_label(kr: KeyResult) -> str:
    target = ""
    if kr.start is not None or kr.target is not None:
        target = f" ({'' if kr.start is None else f'{kr.start:g}'} → {'' if kr.target is None else f'{kr.target:g}'}"
        target += f" {kr.unit})" if kr.unit else ")"
    owner = f" · {kr.owner}" if kr.owner else ""
    return f"{kr.text}{target}{owner}"


def _kr_type_label(kr: KeyResult) -> Text:
    """The type as the coach reads it; a type read from the text is marked so the room can correct it (e)."""
    kind = kr_type(kr)
    if kind == "metric":
        return Text()
    word = _(KR_TYPE_WORDS.get(kind, kind))
    return Text(f"  {word}?", style="dim italic") if type_is_inferred(kr) else Text(f"  {word}", style="dim")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def item_detail(board: DraftBoard, data) -> Text:
    """The highlighted item whole, wrapped: a tree line is one row and is cut at the edge, and the keys act on
    this item, so the coach reads all of it here."""
    if not data:
        return Text("")
    objective = board.objective(data[1] if data[0] == "objective" else data[2])
    if objective is None:
        return Text("")
    if data[0] == "objective":
        facts = [_("{level} objective").format(level=objective.level)
                 + (f" · {objective.team}" if objective.team else "")]
        if link := objective.contributes_to:
            served = board.objective(link)
            # a company objective of another session of the organization: by its title and team
            elsewhere = None if served or ":" not in link else \
                next((c for c in board.company_objectives_elsewhere() if c.ref == link), None)
            title = served.title if served else f"{elsewhere.title} · {elsewhere.team}" if elsewhere else link
            facts.append(_("contributes to “{title}”").format(title=title))
        if not objective.committed:
            facts.append(_("aspirational"))
        if objective.why_now:
            facts.append(_("why now: {why}").format(why=objective.why_now))
        return Text.assemble((f"{objective.id} ", "dim"), (objective.title, "bold"), "\n",
                             (" · ".join(facts), "dim"))
    kr = next((k for k in objective.key_results if k.id == data[1]), None)
    if kr is None:
        return Text("")
    kind = _(KR_TYPE_WORDS.get(kr_type(kr), kr_type(kr)))
    facts = [_("{kind} (read from the text)").format(kind=kind) if type_is_inferred(kr) else kind]
    if kr.start is not None or kr.target is not None:
        facts.append(_("from {start} to {target}").format(start=_number(kr.start) or "?",
                                                          target=_number(kr.target) or "?")
                     + (f" {kr.unit}" if kr.unit else ""))
    if kr.direction:
        facts.append(kr.direction)
    if kr.due:
        facts.append(_("due {date}").format(date=kr.due))
    facts.append(_("owner {name}").format(name=kr.owner) if kr.owner else _("no owner yet"))
    if kr.confidence is not None:
        facts.append(_("confidence {value}").format(value=f"{kr.confidence:g}"))
    if kr.aspirational:
        facts.append(_("aspirational"))
    return Text.assemble((f"{kr.id} ", "dim"), (kr.text, "bold"), "\n", (" · ".join(facts), "dim"),
                         ("\n" + _("under “{title}”").format(title=objective.title), "dim"))


class BoardTree(Tree):
    """The board's tree: an objective's line that does not fit is cut in its title, never in the commitment
    mark after it (a narrow board would otherwise hide whether the objective is committed or aspirational)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept: dict = {}  # node id -> (characters of its label up to the end of the title, the mark's)

    def clear(self):
        self.kept = {}
        return super().clear()

    def render_label(self, node, base_style, style) -> Text:
        label = super().render_label(node, base_style, style)
        width = self.scrollable_content_region.width
        if node.id not in self.kept or not width or label.cell_len <= width:
            return label
        title_end, mark_length = self.kept[node.id]
        title_end += len(label) - len(node.label)  # after the expand icon in front of the label
        mark = label[title_end:title_end + mark_length]
        room = width - mark.cell_len
        if label[:title_end].cell_len <= room:
            return label  # the mark fits: what the edge cuts is after it
        line = label[:title_end]
        line.truncate(max(1, room), overflow="ellipsis")
        if line.plain.endswith(" …"):  # "first-time…", not "first-time …"
            line = line[:-2].append_text(line[-1:])
        line.append_text(mark)
        return line


class DraftBoardScreen(Screen[None]):
    BINDINGS = [
        Binding("o", "new_objective", N_("Objective"), id="new-objective", tooltip=N_("New objective")),
        Binding("r", "new_key_result", N_("Key result"), id="new-key-result",
                tooltip=N_("New key result under the selected objective")),
        Binding("e", "edit", N_("Edit"), id="edit", tooltip=N_("Edit the selected objective or key result")),
        Binding("x,delete", "remove", N_("Remove"), id="remove", tooltip=N_("Remove the selected item")),
        Binding("left_square_bracket", "move(-1)", N_("Up"), key_display="[", id="move-up",
                tooltip=N_("Move it up")),
        Binding("right_square_bracket", "move(1)", N_("Down"), key_display="]", id="move-down",
                tooltip=N_("Move it down")),
        Binding("f", "toggle_all", N_("All findings"), id="all-findings",
                tooltip=N_("Every finding on the board, or only the selected item's")),
        Binding("i", "dismiss_finding", N_("Dismiss"), show=False, id="dismiss-finding",
                tooltip=N_("Dismiss a finding, with the reason (kept in the record)")),
        Binding("l", "alignment", N_("Alignment"), show=False, id="alignment",
                tooltip=N_("Alignment across the organization: company objectives, the teams' objectives serving "
                           "them")),
        Binding("c", "toggle_coach", N_("Coach panel"), id="toggle-coach-panel",
                tooltip=N_("Show or hide the coach panel and the finding marks (hidden in presenter mode)")),
        Binding("g", "cycle_language", N_("Language"), show=False, id="draft-language",
                tooltip=N_("The language the coach reads the drafts in: the next one (a draft in another language "
                           "is still read in its own)")),
        Binding("w", "cycle_room", N_("Room"), show=False, id="board-cycle-room",
                tooltip=N_("What the room screen shows: the next of step, draft board, summary, parking lot, QR, "
                           "break")),
        Binding("escape", "back", N_("Back")),
        # n and q belong to the step behind the board: a team pressing them here is told the way, not ignored.
        Binding("n,q", "step_key", show=False),
    ]

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        self.board: DraftBoard = session.board
        self.show_all = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="rules-from")
        with Horizontal(id="draft"):
            with Vertical(id="board-items"):
                yield BoardTree(_("Objectives"), id="okr-tree")
                yield Static(id="board-selected")
            with VerticalScroll(id="coach"):
                yield Static(id="coach-findings")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = _("Draft board")
        self.show_rules()
        # a coach's own lexicon file that could not be read is skipped: say which, and why, once per board
        for problem in lexicon_problems():
            self.notify(problem, title=_("Lexicon skipped"), severity="warning", timeout=10, markup=False)
        self.query_one("#coach").border_title = _("Coach")
        tree = self.query_one(Tree)
        tree.show_root = False
        tree.focus()
        self.rebuild()

    # -- painting ---------------------------------------------------------------------------------------
    def show_rules(self) -> None:
        """The header says what the drafts are checked against, and where each rule came from."""
        resolution = self.board.resolution()
        rules = resolution.room
        state = self.session.state
        # what the room screen shows comes first: a narrow header cuts from the right; the limits have a line
        # of their own below, wrapped rather than cut ("types: baseli…") at 80 columns
        who = " · ".join(x for x in (state.organization, state.team) if x)
        self.sub_title = _("room screen: {view} (w)").format(
            view=_(room_view.BY_VIEW[self.session.room_showing].label)) + (f" · {who}" if who else "")
        line = self.query_one("#rules-from", Static)
        language = language_name(self.board.language())
        # the language the drafts are read in is one of the rules they are checked against
        line.update(Content.assemble((_("Rules:") + " ", "bold"), rules_text.board_header(rules), " · ",
                                     _("drafts in {language} (g)").format(language=language), "\n",
                                     resolution.headline()))
        line.set_class(not resolution.found_any, "nothing-found")

    def rebuild(self, select: str | None = None) -> None:
        tree = self.query_one(BoardTree)
        current = select or self.selected_id()
        findings = self.board.findings()
        worst: dict[str, str] = {}
        for f in findings:
            if f.target_id not in worst or SEVERITY_RANK[f.severity] < SEVERITY_RANK[worst[f.target_id]]:
                worst[f.target_id] = f.severity
        departed = {d.target_id for d in self.board.departures()}
        tree.clear()
        line_to_select = None
        for objective in self.board.objectives():
            label = self._mark(worst.get(objective.id), objective.id in departed)
            label.append(objective.title, style="bold")
            # the choice the drafting workshop asks for, loudly while it is still to be made; before the level,
            # which is what a narrow board cuts first
            title_end = len(label)
            label.append(f" · {_(COMMITMENT_LABELS[objective.commitment])}",
                         style="dim" if objective.commitment else "bold yellow")
            mark_length = len(label) - title_end
            level = _(LEVEL_WORDS.get(objective.level, objective.level))
            label.append(f"  [{level}{' · ' + objective.team if objective.team else ''}]", style="dim")
            if objective.owner:
                label.append(f" · {objective.owner}", style="dim")
            node = tree.root.add(label, data=("objective", objective.id), expand=True)
            tree.kept[node.id] = (title_end, mark_length)
            if objective.id == current:
                line_to_select = node
            for kr in objective.key_results:
                kr_label = self._mark(worst.get(kr.id), kr.id in departed)
                kr_label.append(_kr_label(kr))
                kr_label.append(_kr_type_label(kr))
                leaf = node.add_leaf(kr_label, data=("key_result", kr.id, objective.id))
                if kr.id == current:
                    line_to_select = leaf
        if not tree.root.children:
            tree.root.add_leaf(Text(_("No objectives yet: press o to draft the first one."), style="dim"),
                               data=None)
        if line_to_select is not None:
            self.call_after_refresh(self._select_line, line_to_select)
        self.show_findings(findings)

    def _select_line(self, node) -> None:
        # The panel follows the cursor; when the cursor lands on the line it was already on (the first
        # objective replacing the "No objectives yet" line) no highlight event comes, so refresh it here.
        self.query_one(Tree).move_cursor(node)
        self.show_findings()

    def _mark(self, severity: str | None, departed: bool = False) -> Text:
        """A coloured dot in front of an item: the worst finding on it, visible even when the line is cut; a
        diamond where the team departed from its own rule on purpose and nothing else is open."""
        if not self.app.coach_aids:
            return Text("  ")
        if severity:
            return Text("● ", style=SEVERITY_STYLE[severity])
        return Text("◆ ", style=DEPARTURE_STYLE) if departed else Text("  ")

    @changes_the_record
    def action_cycle_language(self) -> None:
        code = next_language(self.board.language())
        if self._guard(lambda: self.session.set_language(code)):
            self.show_rules()
            self.rebuild()
            self.notify(_("The coach now reads drafts in {language}.").format(language=language_name(code)),
                        timeout=4, markup=False)

    @changes_the_record
    def action_cycle_room(self) -> None:
        if self._guard(self.session.cycle_room):
            self.show_rules()

    def action_toggle_coach(self) -> None:
        self.app.coach_aids = not self.app.coach_aids
        self.rebuild()

    def selected(self):
        node = self.query_one(Tree).cursor_node
        return node.data if node is not None else None

    def selected_id(self) -> str | None:
        data = self.selected()
        return data[1] if data else None

    def show_findings(self, findings=None) -> None:
        """The panel follows the cursor; the board keeps its findings, so moving runs no checks."""
        findings = self.board.findings() if findings is None else findings
        selected = self.query_one("#board-selected", Static)
        selected.update(item_detail(self.board, self.selected()))
        selected.display = bool(self.selected())
        panel = self.query_one("#coach-findings", Static)
        if not self.session.state.objectives:
            self.query_one("#coach").border_title = _("Coach")
            panel.update(findings_text([], empty=guidance("board", self.board.rules()), guidance=True))
            return
        departures = self.board.departures()
        if self.show_all:
            self.query_one("#coach").border_title = _("Coach · whole board ({count})").format(count=len(findings))
            panel.update(findings_text(findings, empty=_("No findings on the board."), with_target=True,
                                       departures=departures))
            return
        target = self.selected_id()
        # the selected item's findings, worst first, then what concerns the whole board; under a key result the
        # board's questions (why now) stay with the objectives, so they are asked once, not under every line
        data = self.selected()
        on_key_result = bool(data) and data[0] == "key_result"
        board = [f for f in findings if f.target_id == BOARD and not (on_key_result and f.severity == "info")]
        mine = [f for f in findings if f.target_id == target] + board
        self.query_one("#coach").border_title = _("Coach · {item}").format(item=target or _("board"))
        ours = [d for d in departures if d.target_id in (target, BOARD)]
        panel.update(findings_text(mine, empty=_("No findings here."), departures=ours))

    @on(Tree.NodeHighlighted)
    def highlighted(self) -> None:
        self.show_findings()

    # -- actions ----------------------------------------------------------------------------------------
    def _guard(self, action) -> bool:
        self.board.withdrawn = []
        if not guarded(self, action):
            return False
        if self.session.unsaved_reason:
            self.notify(_("NOT SAVED: {reason} (kept, retrying)").format(reason=self.session.unsaved_reason),
                        severity="error")
        for departure in self.board.withdrawn:
            # the drafts keep the rule again: the departure is over, and the record says so
            self.notify(_("{item} keeps the rule again: your departure from it is withdrawn.").format(
                item=departure.target_id), title=_("Departure withdrawn"), timeout=8, markup=False)
        return True

    @changes_the_record
    def action_new_objective(self) -> None:
        from facilitator.screens.draft_dialogs import ObjectiveDialog

        level = self.board.default_level()
        draft = Objective(self.board.new_objective_id(), "", level=level,
                          team=self.session.state.team if level != "company" else "")
        self._edit_objective(ObjectiveDialog(self.board, draft))

    def _edit_objective(self, dialog) -> None:
        def done(result: Objective | None) -> None:
            if result is not None and self._guard(lambda: self.board.save_objective(result)):
                self.rebuild(select=result.id)

        self.app.push_screen(dialog, done)

    def _objective_for_selection(self) -> str | None:
        data = self.selected()
        if not data:
            return None
        return data[1] if data[0] == "objective" else data[2]

    @changes_the_record
    def action_new_key_result(self) -> None:
        from facilitator.screens.draft_dialogs import KeyResultDialog

        objective_id = self._objective_for_selection()
        if objective_id is None:
            self.notify(_("Draft an objective first (o), then its key results."), severity="warning")
            return
        draft = KeyResult(self.board.new_key_result_id(), "")
        self._edit_key_result(KeyResultDialog(self.board, objective_id, draft), objective_id)

    def _edit_key_result(self, dialog, objective_id: str) -> None:
        def done(result: KeyResult | None) -> None:
            if result is not None and self._guard(lambda: self.board.save_key_result(objective_id, result)):
                self.rebuild(select=result.id)

        self.app.push_screen(dialog, done)

    @changes_the_record
    def action_edit(self) -> None:
        from facilitator.screens.draft_dialogs import KeyResultDialog, ObjectiveDialog

        data = self.selected()
        if not data:
            return
        if data[0] == "objective":
            self._edit_objective(ObjectiveDialog(self.board, self.board.objective(data[1])))
            return
        objective = self.board.objective(data[2])
        kr = next(k for k in objective.key_results if k.id == data[1])
        self._edit_key_result(KeyResultDialog(self.board, objective.id, kr), objective.id)

    @on(Tree.NodeSelected)
    def selected_with_enter(self) -> None:
        self.action_edit()

    @changes_the_record
    def action_remove(self) -> None:
        data = self.selected()
        if not data:
            return
        if data[0] == "objective":
            self._guard(lambda: self.board.remove_objective(data[1]))
        else:
            self._guard(lambda: self.board.remove_key_result(data[1]))
        self.rebuild()

    @changes_the_record
    def action_move(self, delta: int) -> None:
        data = self.selected()
        if not data:
            return
        if data[0] == "objective":
            self._guard(lambda: self.board.move_objective(data[1], delta))
        else:
            self._guard(lambda: self.board.move_key_result(data[1], delta))
        self.rebuild(select=data[1])

    def action_toggle_all(self) -> None:
        if not self.app.coach_aids:  # asking for the findings shows them
            self.action_toggle_coach()
            return
        self.show_all = not self.show_all
        self.show_findings()

    @changes_the_record
    def action_dismiss_finding(self) -> None:
        from facilitator.screens.draft_dialogs import DismissDialog, SetAside

        target = self.selected_id()
        findings = [f for f in self.board.findings() if self.show_all or f.target_id in (target, "board")]
        departures = [d for d in self.board.departures() if self.show_all or d.target_id in (target, "board")]
        if not findings and not departures:
            self.notify(_("No finding to dismiss here."))
            return
        # in a self-guided session the team's own rules are set aside only as a decision to depart from them
        rules = {i: rule for i, f in enumerate(findings) if (rule := self.board.broken_rule(f)) is not None}

        def done(result: SetAside | None) -> None:
            if result is None:
                return
            if result.kind == "withdraw":
                if self._guard(lambda: self.board.withdraw_departure(result.check_id, result.target_id)):
                    self.notify(_("Taken back: the rule holds again, and the finding is open on the board."),
                                title=_("Departure taken back"), timeout=8)
                    self.rebuild()
                return
            finding = next(f for f in findings if (f.check_id, f.target_id) == (result.check_id, result.target_id))
            if result.kind == "depart":
                if self._guard(lambda: self.board.depart(result.check_id, result.target_id, result.reason)):
                    self.notify(_("Recorded as your decision on {item}: {finding} The follow-up lists it.").format(
                        item=result.target_id, finding=finding.message), title=_("Departure from your rule"),
                        timeout=8, markup=False)
                    self.rebuild()
                return
            if self._guard(lambda: self.board.dismiss(result.check_id, result.target_id, result.reason)):
                self.notify(_("Dismissed on {item}: {finding}").format(item=result.target_id, finding=finding.message),
                            title=_("Finding dismissed"), timeout=8, markup=False)
                self.rebuild()

        self.app.push_screen(DismissDialog(findings, rules, departures), done)

    def action_alignment(self) -> None:
        from facilitator.screens.alignment import AlignmentScreen

        self.app.push_screen(AlignmentScreen(self.board))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_step_key(self) -> None:
        self.notify(_("esc goes back to the step first: then n moves on and q saves and quits."))
