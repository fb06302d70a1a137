"""How the coach's findings read on screen."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from facilitator.i18n import N_, _

SEVERITY_STYLE = {"problem": "bold red", "warning": "bold yellow", "info": "bold cyan"}
SEVERITY_WORDS = {"problem": N_("PROBLEM"), "warning": N_("WARNING"), "info": N_("INFO")}
DEPARTURE_STYLE = "bold blue"


def findings_text(findings, *, empty: str | None = None, with_target: bool = False,
                  guidance: bool = False, departures=()) -> Group | Text:
    """Each finding with the question to ask; `empty` when there are none, as guidance (nothing drafted yet)
    or as the good news that the draft is strong. `departures`: the team's decisions to depart from its own
    rule (core/rule_departures.py), shown after the findings as what they are: a decision, not a problem."""
    if not findings and not departures:
        return Text(_("No findings.") if empty is None else empty, style="italic" if guidance else "green")
    parts = []
    for f in findings:
        line = Text()
        word = _(SEVERITY_WORDS[f.severity]) if f.severity in SEVERITY_WORDS else f.severity.upper()
        line.append(f"{word} ", style=SEVERITY_STYLE.get(f.severity, "bold"))
        if with_target:
            line.append(f"{f.target_id}: ", style="dim")
        line.append(f.message)
        parts.append(line)
        parts.append(Text(_("  Ask: {question}").format(question=f.question), style="italic dim"))
    for d in departures:
        line = Text()
        line.append(_("OUR DECISION") + " ", style=DEPARTURE_STYLE)
        if with_target:
            line.append(f"{d.target_id}: ", style="dim")
        line.append(_("we depart from our rule: {finding}").format(finding=d.finding))
        parts.append(line)
        parts.append(Text(_("  We decided: {rule}. Why we depart: {reason} (i takes it back)").format(
            rule=d.rule.rstrip("."), reason=d.reason), style="italic dim"))
    return Group(*parts)
