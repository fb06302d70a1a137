"""The check-in as text: the status table with trends, the open actions, and the key results to talk about.

Shown in the step body of a check-in session and in the summary; plain Rich text, so it also reads under
NO_COLOR (every status is a word, not only a colour).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from facilitator.core.checkin_sheet import CheckInSheet
from facilitator.core.checkins import FALLING_QUESTIONS, STATUS_LABELS, shown_number
from facilitator.i18n import _

BARS = "▁▂▃▄▅▆▇█"
STATUS_STYLES = {"on-track": "bold green", "at-risk": "bold yellow", "off-track": "bold red", "": "dim"}


def spark(values: list[float], low: float | None = None, high: float | None = None) -> str:
    """A one-line sparkline: each check-in one bar, scaled between `low` and `high` (default: the values')."""
    if not values:
        return ""
    low = min(values) if low is None else low
    high = max(values) if high is None else high
    if high <= low:
        return BARS[len(BARS) // 2] * len(values)
    return "".join(BARS[round((min(high, max(low, v)) - low) / (high - low) * (len(BARS) - 1))] for v in values)


def status_table(sheet: CheckInSheet) -> RenderableType:
    scale = sheet.rules().confidence_scale
    table = Table(box=None, show_edge=False, pad_edge=False, expand=True, padding=(0, 1, 0, 0))
    table.add_column("#", style="bold", no_wrap=True)
    table.add_column(_("Key result"), ratio=1, overflow="fold")
    table.add_column(_("Now"), no_wrap=True, justify="right")
    table.add_column(_("Conf."), no_wrap=True, justify="right")
    table.add_column(_("Status"), no_wrap=True)
    table.add_column(_("Trend"), no_wrap=True)
    for number, row in enumerate(sheet.rows(), start=1):
        entry = row.entry
        value = "" if entry is None or entry.value is None else shown_number(entry.value)
        confidence = "" if entry is None or entry.confidence is None else shown_number(entry.confidence)
        trend = spark(row.trend.progress_series, 0.0, 1.0)
        falling = row.trend.confidence_dropped(scale)
        status = Text(_(STATUS_LABELS.get(row.status, row.status)), style=STATUS_STYLES.get(row.status, ""))
        if falling:
            # Translators: after a status, short: confidence fell since the last check-in
            status.append(" " + _("↓conf"), style="bold red")
        table.add_row(str(number), Text(row.key_result.text), value, confidence, status, trend)
    return table


def open_actions_text(sheet: CheckInSheet) -> RenderableType:
    actions = sheet.open_actions()
    if not actions:
        return Text("\n" + _("No open actions from this cycle's earlier sessions."), style="dim")
    lines = [Text("\n" + _("Open actions from this cycle ({count})").format(
        count=len(actions)), style="bold underline")]
    for action in sorted(actions, key=lambda a: (a.get("due") or "9999", a.get("owner") or "")):
        owner = action.get("owner") or _("no owner")
        due = action.get("due") or _("no date")
        lines.append(Text.assemble("• ", (str(action.get("text", "")), ""), (f"  ({owner}, {due})", "dim")))
    return Group(*lines)


def falling_text(sheet: CheckInSheet) -> RenderableType:
    scale = sheet.rules().confidence_scale
    rows = [r for r in sheet.rows() if r.status in ("at-risk", "off-track") or r.trend.falling(scale)]
    if not rows:
        return Text("\n" + _("No key result is at risk, off track or losing confidence at this check-in."), style="dim")
    rows.sort(key=lambda r: {"off-track": 0, "at-risk": 1}.get(r.status, 2))
    parts: list = [Text("\n" + _("To talk about ({count}), worst first").format(
        count=len(rows)), style="bold underline")]
    for row in rows:
        why = _(STATUS_LABELS.get(row.status, row.status))
        if row.trend.confidence_dropped(sheet.rules().confidence_scale):
            why = _("{status}, confidence dropped since last time").format(status=why)
        parts.append(Text.assemble("• ", (row.key_result.text, "bold"), f"  ({why})"))
        blockers = [b for b in (row.entry.blockers if row.entry else []) if b.text]
        parts += [Text(_("    blocker: {text}").format(
            text=b.text) + (_(" ({owner})").format(owner=b.owner) if b.owner else _(" (no owner yet)")), style="dim")
                  for b in blockers]
    parts.append(Text("\n" + _("Ask of each: ") + " ".join(_(q) for q in FALLING_QUESTIONS), style="italic"))
    return Group(*parts)


def not_found_text(sheet: CheckInSheet, whose: str) -> RenderableType:
    return Text.assemble(("\n" + _("NO KEY RESULTS FOUND"), "bold red"),
                         " " + _("for {whose}: no earlier session of this team drafted any. Start the check-in for "
                                 "the team whose drafting session holds them, or run okr-drafting first.").format(
                                     whose=whose))
