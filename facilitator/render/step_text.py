"""Markdown for a step, as the room sees it. Kept apart from the screen so it is easy to test."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from facilitator.core import decision_values, rules_text
from facilitator.core.consensus import describe
from facilitator.core.records import Decision
from facilitator.core.workshop import Step, step_kind_label
from facilitator.i18n import _
from facilitator.render import light_markdown


def step_heading(step: Step, index: int, total: int) -> str:
    return f"{index + 1}/{total} · {step_kind_label(step, _)}"


def markdown(text: str) -> RenderableType:
    return light_markdown.render(text)


def step_body(step: Step, parking: list | None = None, session=None, *, usual_start: bool = True) -> Group:
    """Prompt, questions and numbered options as one renderable: one widget repaints faster than dozens."""
    # the script's words with the rules this room works under: "up to 2 objectives", not a generic "1-3"
    # (resolved only where a prompt names a rule, or the board is drafted on: not on every step shown)
    names_rules = step.kind == "drafting" or any("{{" in text for text in (step.prompt, *step.questions))
    rules = session.board.rules() if session is not None and names_rules else None
    parts: list = [markdown(rules_text.fill(step.prompt, rules))]
    if step.kind in ("review", "wrap-up") and parking:
        open_items = [p for p in parking if not p.resolution]
        said = _("Parking lot: {open} of {total} still open (K to review: resolve, make an action, or carry "
                 "forward)").format(open=len(open_items), total=len(parking))
        parts.append(Text("\n" + said, style="bold"))
        parts += [light_markdown.hanging("•", Text(p.text)) for p in open_items]
    if step.kind == "reflection" and session is not None:
        pairs = session.previous_key_results()
        scored = sum(1 for _s, kr in pairs if (session.state.reflections.get(kr["id"]) or {}).get("score") is not None)
        source = session.state.previous_session or _("no earlier session found for this team")
        said = _("Earlier session: {source} · {scored} of {total} key results scored (d to score)").format(
            source=source, scored=scored, total=len(pairs))
        parts.append(Text("\n" + said, style="bold"))
        if step.timebox_per_key_result and pairs:
            per = step.timebox_per_key_result
            said = _("Timebox: {timebox:g} min + {per:g} min for each of the {count} key results = {total:g} min")
            parts.append(Text(said.format(timebox=step.timebox, per=per, count=len(pairs),
                                          total=session.script_seconds(step) / 60), style="dim"))
    if session is not None and (step.kind == "check-in" or session.state.check_in
                                or any(s.kind == "check-in" for s in session.workshop.steps)):
        parts += _check_in_parts(step, session)
    if step.show_rules and session is not None:
        parts += rules_part(session)
    if step.kind == "drafting":
        if rules is not None:
            said = _("The rules in force: {objectives} per level, {key_results} each; key result types: {types}; "
                     "confidence {confidence}.").format(
                objectives=rules_text.objectives_words(rules), key_results=rules_text.key_results_words(rules),
                types=rules_text.kr_types_words(rules), confidence=rules_text.PLACEHOLDERS["confidence"](rules))
            parts.append(Text("\n" + said, style="italic"))
        parts.append(Text("\n" + _("→ Press o to open the draft board: objectives, key results and the coach's "
                                   "checks."), style="bold"))
    if step.questions:
        parts += [Text("\n" + _("Questions for the room"), style="bold underline")]
        parts += [light_markdown.render(f"- {rules_text.fill(q, rules)}") for q in step.questions]
    if step.options:
        parts += [Text("\n" + _("Options"), style="bold underline")]
        for number, option in enumerate(step.options, start=1):
            marker = " " + _("(usual starting choice)") if option.default and usual_start else ""
            label = Text.assemble((option.label, "bold"), (marker, "italic"))
            parts.append(light_markdown.hanging(f"{number}.", label))
            parts.append(Padding(Text(option.tradeoffs, style="dim"), (0, 0, 0, 3)))
    return Group(*parts)


def _check_in_parts(step: Step, session) -> list:
    from facilitator.render import check_in_text

    sheet = session.check_ins
    if not sheet.linked:
        state = session.state
        whose = " / ".join(x for x in (state.organization, state.team) if x) or _("this session (no team named)")
        return [check_in_text.not_found_text(sheet, whose)] if step.kind in ("intro", "check-in") else []
    if step.kind == "intro":
        return [Text("\n" + sheet.cycle_line(), style="bold"), check_in_text.open_actions_text(sheet)]
    if step.kind == "check-in":
        done = sum(1 for r in sheet.rows() if r.entry is not None)
        said = _("{done} of {total} key results checked in (d opens the check-in sheet)").format(
            done=done, total=len(sheet.rows()))
        return [Text(f"\n{sheet.cycle_line()}\n{said}", style="bold"), check_in_text.status_table(sheet)]
    if step.kind in ("discussion", "review"):
        return [check_in_text.falling_text(sheet)]
    return [check_in_text.status_table(sheet)] if step.kind == "wrap-up" else []


def rules_part(session) -> list:
    """The rules the room decided, as the drafts will be checked against them: one line per parameter."""
    resolution = session.board.resolution()
    if not resolution.found_any:
        return [Text("\n" + resolution.headline(), style="bold")]
    parts: list = [Text("\n" + _("The rules we draft under"), style="bold underline")]
    for rule in resolution.rules:
        line = Text.assemble((f"{_(rule.title)}: ", "bold"), rule.text)
        if rule.source is not None:
            line.append(f" ({rule.where})", style="dim")
        else:
            line.append(" " + _("(default: no decision found)"), style="dim")
        parts.append(light_markdown.hanging("•", line))
    return parts


def decision_text(step: Step, decision: Decision | None, *, shared: bool = False) -> str:
    """The decision panel; `shared` (presenter mode) leaves out what is marked coach only."""
    if decision is None:
        return ""
    consensus = describe(decision.consensus, {o.id: o.label for o in step.options})
    objections = (decision.consensus or {}).get("objections", "")
    if objections and not (shared and decision.consensus.get("objections_private")):
        consensus += "; " + (_("objections (coach only): {objections}") if decision.consensus.get(
            "objections_private") else _("objections: {objections}")).format(objections=objections)
    if decision.status == "open":
        text = _("Not decided yet. Press d to record the room's decision, v for a consensus check.")
        return text + ("\n" + _("[b]Consensus:[/b] {consensus}").format(consensus=_escape(consensus))
                       if consensus else "")
    lines = []
    if decision.status == "parked":
        lines.append(_("[b]Parked[/b] (to decide later)"))
    option = step.option(decision.choice)
    if option:
        lines.append(_("[b]Choice:[/b] {choice}").format(choice=_escape(option.label)))
    if decision.decision and (not option or decision.decision != option.label):
        lines.append(_("[b]Decision:[/b] {decision}").format(decision=_escape(decision.decision)))
    numbers = decision_values.own_numbers(step.parameter, decision.choice, decision.values)
    if numbers and decision.status == "decided":
        lines.append(_("[b]Numbers:[/b] {numbers}").format(numbers=_escape(numbers)))
    if decision.rationale and not (shared and decision.rationale_private):
        why = _("[b]Why (coach only):[/b] {why}") if decision.rationale_private else _("[b]Why:[/b] {why}")
        lines.append(why.format(why=_escape(decision.rationale)))
    if decision.owner:
        lines.append(_("[b]Owner:[/b] {owner}").format(owner=_escape(decision.owner)))
    if decision.status == "parked" and decision.by_when:
        lines.append(_("[b]By when:[/b] {date}").format(date=decision.by_when))
    if consensus:
        lines.append(_("[b]Consensus:[/b] {consensus}").format(consensus=_escape(consensus)))
    return "\n".join(lines)


def _escape(text: str) -> str:
    return text.replace("[", r"\[")
