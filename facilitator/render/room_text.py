"""The body of the room screen for each view, as Rich renderables, from a `RoomView` only.

Everything here reads the room view (core/room_view.py), never a session: what is not in the view cannot be
shown. People's and scripts' words are Text, never markup.
"""

from __future__ import annotations

from datetime import datetime

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from facilitator.core.room_view import RoomView
from facilitator.i18n import N_, _, ngettext
from facilitator.render import light_markdown
from facilitator.render.plain import section_table as _table

STATUS_STYLE = {"decided": "bold green", "parked": "bold yellow", "open": "dim", "not agreed": "bold red"}
STATUS_WORDS = {"decided": N_("decided"), "parked": N_("parked"), "open": N_("open"), "not agreed": N_("not agreed")}
PARKING_WORDS = {"resolved": N_("resolved"), "action": N_("now an action"), "carried": N_("for the next session")}
LEVEL_WORDS = {"company": N_("company"), "team": N_("team"), "individual": N_("individual")}


def body(view: RoomView, width: int, height: int) -> RenderableType:
    return {"step": step_body, "board": board_body, "summary": summary_body, "parking": parking_body,
            "qr": qr_body, "break": break_body}.get(view.showing, step_body)(view, width, height)


def step_body(view: RoomView, width: int = 80, height: int = 24) -> RenderableType:
    step = view.step
    parts: list[RenderableType] = []
    if view.complete:
        parts.append(Text(_("The workshop is complete. Thank you!\n"), style="bold green"))
    if step.decision is not None:
        parts.append(decision_text(step.decision))
    parts.append(light_markdown.render(step.prompt))
    if step.questions:
        parts.append(Text("\n" + _("Questions for the room"), style="bold underline"))
        parts += [light_markdown.hanging("•", light_markdown.inline(q)) for q in step.questions]
    if step.options:
        parts.append(Text("\n" + _("Options"), style="bold underline"))
        for option in step.options:
            parts.append(light_markdown.hanging(f"{option.number}.", Text(option.label, style="bold")))
            if option.tradeoffs:
                parts.append(Padding(Text(option.tradeoffs, style="dim"), (0, 0, 0, 3)))
    return Group(*parts)


def decision_text(decision) -> Text:
    text = Text()
    if decision.status == "decided":
        text.append(_("Decided:") + " ", style="bold green")
        text.append(decision.choice if decision.choice and decision.decision == decision.choice
                    else decision.decision or decision.choice)
        if decision.choice and decision.decision and decision.decision != decision.choice:
            text.append("  " + _("(option: {option})").format(option=decision.choice), style="dim")
    elif decision.status == "parked":
        text.append(_("Parked, to decide later"), style="bold yellow")
        if decision.decision:
            text.append(f": {decision.decision}")
    for label, value in ((N_("Why"), decision.rationale), (N_("Owner"), decision.owner),
                         (N_("Consensus"), decision.consensus)):
        if value and (decision.status != "open" or label == "Consensus"):
            if text:
                text.append("\n")
            text.append(_(label) + ": ", style="bold")
            text.append(value)
    if text:
        text.append("\n")
    return text


def board_body(view: RoomView, width: int = 80, height: int = 24) -> RenderableType:
    if not view.board:
        return Text(_("No objectives drafted yet."), style="dim")
    text = Text()
    for objective in view.board:
        text.append(objective.title, style="bold")
        level = _(LEVEL_WORDS[objective.level]) if objective.level in LEVEL_WORDS else objective.level
        where = level + (f" · {objective.team}" if objective.team else "")
        text.append(f"  ({where})\n", style="dim")
        for kr in objective.key_results:
            text.append("  • ")
            text.append(kr.text)
            if kr.span:
                text.append(f"  {kr.span}", style="cyan")
            if kr.owner:
                text.append(f"  · {kr.owner}", style="dim")
            text.append("\n")
        if not objective.key_results:
            text.append("  " + _("no key results yet") + "\n", style="dim")
        text.append("\n")
    text.rstrip()
    return text


def summary_body(view: RoomView, width: int = 80, height: int = 24) -> RenderableType:
    parts: list[RenderableType] = []
    if view.summary:
        decisions = _table(_("Decisions"), (_("Parameter"), {"no_wrap": True}), (_("Status"), {"no_wrap": True}),
                           (_("Decision"), {"ratio": 3}), (_("Owner"), {}))
        for row in view.summary:
            status = _(STATUS_WORDS[row.status]) if row.status in STATUS_WORDS else row.status
            decisions.add_row(row.parameter, Text(status, style=STATUS_STYLE.get(row.status, "")),
                              row.decision, row.owner)
        parts += [decisions, Text("")]
    if view.actions:
        actions = _table(_("Actions"), (_("What"), {"ratio": 3}), (_("Owner"), {}), (_("Due"), {"no_wrap": True}))
        for action in view.actions:
            actions.add_row(action.text, action.owner or "-", action.due or "-")
        parts += [actions, Text("")]
    else:
        parts.append(Text(_("Actions: none yet\n"), style="dim"))
    parts.append(parking_body(view))
    return Group(*parts)


def parking_body(view: RoomView, width: int = 80, height: int = 24) -> RenderableType:
    open_items = [p for p in view.parking if p.status == "open"]
    closed = [p for p in view.parking if p.status != "open"]
    if not view.parking:
        return Text(_("Parking lot: empty"), style="dim")
    parts: list[RenderableType] = [Text(_("Parking lot: {count} open").format(
        count=len(open_items)), style="bold underline")]
    parts += [light_markdown.hanging("•", Text(p.text)) for p in open_items]
    if closed:
        parts.append(Text("\n" + _("Dealt with"), style="bold"))
        parts += [light_markdown.hanging("✓", Text.assemble(p.text, (
            f"  ({_(PARKING_WORDS[p.status]) if p.status in PARKING_WORDS else p.status})", "dim")))
                  for p in closed]
    return Group(*parts)


# Black on white whatever the theme: phone cameras read dark modules on a light background.
QR_STYLE = "#000000 on #ffffff"


def qr_body(view: RoomView, width: int = 80, height: int = 24) -> RenderableType:
    from facilitator.core import qr

    if view.qr is None:
        return Text("")
    drawing = qr.draw(view.qr.data, width, max(1, height - 2))
    if drawing is None:
        return Text(_("This screen is too small to show the QR code for {caption} readably: make the window larger "
                      "or the font smaller.").format(caption=view.qr.caption), style="bold")
    from rich.align import Align

    # centred as one block: centring line by line would trim the light modules at the ends and skew the code
    return Group(Align.center(Text("\n".join(drawing.lines), style=QR_STYLE, no_wrap=True)),
                 Text(_("Scan for {caption}").format(caption=view.qr.caption), style="dim", justify="center"))


def break_body(view: RoomView, width: int = 80, height: int = 24) -> RenderableType:
    card = view.break_card
    if card is None:
        return Text("")
    back = datetime.fromtimestamp(card.until).astimezone().strftime("%H:%M")
    back_in = ngettext("Back in {minutes} minute", "Back in {minutes} minutes", card.minutes).format(
        minutes=card.minutes)
    return Text.assemble("\n" * max(0, (height - 5) // 2), (_("Break") + "\n\n", "bold underline"),
                         (back_in, "bold"), _(", at {time}.").format(time=back), justify="center")
