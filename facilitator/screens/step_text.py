"""Markdown for a step, as the room sees it. Kept apart from the screen so it is easy to test."""

from __future__ import annotations

from facilitator.core.parameters import BY_ID
from facilitator.core.session import Decision
from facilitator.core.workshop import Step

KIND_LABELS = {"intro": "Opening", "discussion": "Discussion", "decision": "Decision", "break": "Break",
               "drafting": "Drafting", "review": "Review", "wrap-up": "Wrap-up"}


def step_heading(step: Step, index: int, total: int) -> str:
    kind = KIND_LABELS.get(step.kind, step.kind.title())
    if step.parameter:
        kind += f": {BY_ID[step.parameter].title}"
    return f"{index + 1}/{total} · {kind}"


def step_markdown(step: Step) -> str:
    parts = [step.prompt]
    if step.questions:
        parts.append("### Questions for the room\n\n" + "\n".join(f"- {q}" for q in step.questions))
    if step.options:
        lines = []
        for number, option in enumerate(step.options, start=1):
            usual = " *(usual starting choice)*" if option.default else ""
            lines.append(f"{number}. **{option.label}**{usual}  \n   {option.tradeoffs}")
        parts.append("### Options\n\n" + "\n".join(lines))
    return "\n\n".join(parts)


def decision_text(step: Step, decision: Decision | None) -> str:
    if decision is None:
        return ""
    if decision.status == "open":
        return "Not decided yet. Press d to record the room's decision."
    lines = []
    if decision.status == "parked":
        lines.append("[b]Parked[/b] (to decide later)")
    option = step.option(decision.choice)
    if option:
        lines.append(f"[b]Choice:[/b] {_escape(option.label)}")
    if decision.decision and (not option or decision.decision != option.label):
        lines.append(f"[b]Decision:[/b] {_escape(decision.decision)}")
    if decision.rationale:
        lines.append(f"[b]Why:[/b] {_escape(decision.rationale)}")
    if decision.owner:
        lines.append(f"[b]Owner:[/b] {_escape(decision.owner)}")
    return "\n".join(lines)


def _escape(text: str) -> str:
    return text.replace("[", r"\[")
