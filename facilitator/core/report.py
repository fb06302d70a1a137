"""Across teams, without opening the screens: what a program office reads (`facilitator report DIR|db`).

Per organization: the 10 decisions of each team side by side with the company's (marking where a team
departs), each team's current objectives and key results with what they align to, the bottom-up share against
the room's target, key result scores across cycles, where each key result stood at the team's latest check-in,
and the open actions with owners and due dates. Read
through core/cycles.py and core/rules.py, so it says what the screens say.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from facilitator import i18n
from facilitator.core.checkins import STATUS_LABELS, STATUSES, KeyResultCheckIn
from facilitator.core.cycles import CHECK_IN, REFLECTION, Cycles, name_key, split_ref
from facilitator.core.export import plain_number, reader_number
from facilitator.core.okr import Objective
from facilitator.core.parameters import PARAMETERS
from facilitator.core.records import SessionState, one_line
from facilitator.core.rules import Resolution, resolve_session
from facilitator.i18n import N_, _


@dataclass
class TeamReport:
    name: str
    company: bool  # one of the teams that decide for the organization
    latest: SessionState | None
    rules: Resolution | None
    objectives: list[tuple[Objective, str]] = field(default_factory=list)  # with the title it aligns to
    board_session: str = ""
    share: float | None = None  # bottom-up: team objectives proposed by the team
    scores: list[tuple[str, str, str, float | None]] = field(default_factory=list)  # (date, objective, kr, score)
    actions: list[tuple[str, str, str, str]] = field(default_factory=list)  # (text, owner, due, session)
    check_in: LatestCheckIn | None = None  # the team's latest check-in: where its key results stand


@dataclass(frozen=True)
class CheckInRow:
    objective: str
    key_result: str
    value: float | None
    unit: str
    confidence: float | None
    status: str  # on-track | at-risk | off-track | "" (not checked in at that check-in)
    owner: str


@dataclass(frozen=True)
class LatestCheckIn:
    session: str
    date: str
    rows: tuple[CheckInRow, ...]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def headline(self) -> str:
        """"3 of 4 key results checked in: 1 on track, 1 at risk, 1 off track"."""
        checked = sum(1 for r in self.rows if r.status)
        counts = [f"{self.count(s)} {_(STATUS_LABELS[s])}" for s in STATUSES if self.count(s)]
        line = _("{checked} of {total} key results checked in").format(checked=checked, total=len(self.rows))
        return line + (f": {', '.join(counts)}" if counts else "")


def latest_check_in(state: SessionState) -> LatestCheckIn | None:
    """A check-in session's key results as it left them, or None when it found no key results to check."""
    data = state.check_in or {}
    if not data.get("source"):
        return None
    entries = data.get("entries") or {}
    rows = []
    for objective in (o for o in data.get("objectives") or () if isinstance(o, dict)):
        for objective_kr in objective.get("key_results") or ():
            raw = entries.get(objective_kr.get("id"))
            entry = KeyResultCheckIn.from_dict(raw) if isinstance(raw, dict) else None
            rows.append(CheckInRow(objective.get("title", ""), objective_kr.get("text", ""),
                                   entry.value if entry else None, objective_kr.get("unit", "") or "",
                                   entry.confidence if entry else None, entry.status if entry else "",
                                   objective_kr.get("owner", "") or ""))
    return LatestCheckIn(state.id, state.started_at[:10], tuple(rows))


@dataclass
class OrganizationReport:
    name: str
    company_rules: Resolution | None
    teams: list[TeamReport]

    def departs(self, team: TeamReport, parameter: str) -> bool:
        """The team works under another rule than the company's for this parameter, by its own decision."""
        if team.company or team.rules is None or self.company_rules is None:
            return False
        mine, theirs = team.rules.rule(parameter), self.company_rules.rule(parameter)
        if mine.source is None or mine.source.level == "company":
            return False
        return _said(mine.decision) != _said(theirs.decision)


def _said(decision: dict | None) -> tuple:
    decision = decision or {}
    return decision.get("choice"), " ".join(str(decision.get("decision", "")).split()).casefold()


def build(cycles: Cycles) -> list[OrganizationReport]:
    reports = []
    for organization in cycles.organizations() or [""]:
        company_keys = cycles.company_teams(organization) if organization else set()
        teams = []
        boards = {name_key(s.team): (s, st) for s, st in cycles.current_boards(organization)}
        titles = {f"{s.id}:{o.get('id')}": o.get("title", "") for s, st in boards.values() for o in st.objectives
                  if isinstance(o, dict) and o.get("level") == "company"}
        for team, sessions in cycles.organization_sessions(organization).items():
            latest = cycles.state(sessions[-1].id) if sessions else None
            rules = resolve_session(latest, cycles.context(latest)) if latest is not None else None
            report = TeamReport(team, name_key(team) in company_keys, latest, rules)
            if (board := boards.get(name_key(team))) is not None:
                summary, state = board
                report.board_session = summary.id
                own = {o.get("id"): o.get("title", "") for o in state.objectives
                       if isinstance(o, dict) and o.get("level") == "company"}
                objectives = [Objective.from_dict(o) for o in state.objectives if isinstance(o, dict)]
                for objective in objectives:
                    link = objective.contributes_to.strip()
                    session_id, objective_id = split_ref(link)
                    aligned = titles.get(link, "") if session_id else own.get(objective_id, "")
                    report.objectives.append((objective, aligned))
                team_level = [o for o in objectives if o.level == "team"]
                if team_level:
                    report.share = sum(o.origin == "team" for o in team_level) / len(team_level)
            for summary in sessions:
                state = cycles.state(summary.id)
                if state is None:
                    continue
                if cycles.kind(summary) == REFLECTION:
                    for objective in (state.previous or {}).get("objectives", []):
                        for kr in objective.get("key_results", []):
                            scored = state.reflections.get(kr.get("id"), {})
                            report.scores.append((state.started_at[:10], objective.get("title", ""),
                                                  kr.get("text", ""), scored.get("score")))
                if cycles.kind(summary) == CHECK_IN and (found := latest_check_in(state)) is not None:
                    report.check_in = found  # in cycle order: the last one found is the latest
                for action in state.actions:
                    report.actions.append((action.text, action.owner, action.due, summary.id))
            report.actions.sort(key=lambda a: (a[2] or "9999", a[0]))
            teams.append(report)
        teams.sort(key=lambda t: (not t.company, name_key(t.name)))  # the company first, then by name
        company_sessions = cycles.company_sessions(organization) if organization else []
        company_rules = None
        if company_sessions and (state := cycles.state(company_sessions[-1].id)) is not None:
            company_rules = resolve_session(state, cycles.context(state))
        reports.append(OrganizationReport(organization, company_rules, teams))
    return reports


# the words the report shows for an objective's level and origin (okr.LEVELS, okr.ORIGINS); others as they are
LEVEL_WORDS = (N_("company"), N_("team"), N_("individual"))
ORIGIN_WORDS = {"team": N_("team-proposed"), "leadership": N_("leadership-proposed")}


def _percent(share: float) -> str:
    return _("{share}%").format(share=f"{share * 100:.0f}")


# -- Markdown ---------------------------------------------------------------------------------------------
def _md(text: object) -> str:
    """One table cell: one line, with Markdown's own characters taken literally."""
    text = one_line(str(text))
    for char in "\\|*_`[]<>#":
        text = text.replace(char, "\\" + char)
    return text or "-"


def report_language(reports: list[OrganizationReport], asked: str | None = None) -> str:
    """The language the Markdown report is written in, by export_language's rule: the one asked for (--lang),
    else the one most teams' latest sessions speak, else English (on a tie too)."""
    if asked:
        return i18n.choose(asked, {})
    spoken = Counter(team.latest.language for org in reports for team in org.teams
                     if team.latest is not None and team.latest.language).most_common(2)
    if not spoken or (len(spoken) == 2 and spoken[0][1] == spoken[1][1]):
        return i18n.SOURCE_LANGUAGE
    return i18n.choose(spoken[0][0], {})


def to_markdown(reports: list[OrganizationReport], language: str | None = None) -> str:
    """The report people read; `language` is --lang (see report_language)."""
    with i18n.using(report_language(reports, language)):
        return _markdown(reports)


def _markdown(reports: list[OrganizationReport]) -> str:
    title = "# " + _("OKR report")
    lines = [title, ""]
    if not any(r.teams for r in reports):
        return f"{title}\n\n" + _("No sessions found.") + "\n"
    for org in reports:
        lines += [f"## {_md(org.name or _('No organization'))}", ""]
        lines += _decisions_md(org)
        for team in org.teams:
            name = _md(team.name or _("No team"))
            lines += [f"### {_('{team} (company)').format(team=name) if team.company else name}", ""]
            lines += _team_md(team)
    return "\n".join(lines).rstrip() + "\n"


def _decisions_md(org: OrganizationReport) -> list[str]:
    columns = ([_("Company")] if org.company_rules else []) + [t.name or _("No team") for t in org.teams]
    lines = [_("**Decisions side by side** (⚑ where a team departs from the company)"), "",
             f"| {_('Parameter')} | " + " | ".join(_md(c) for c in columns) + " |",
             "|---|" + "---|" * len(columns)]
    for parameter in PARAMETERS:
        cells = []
        if org.company_rules:
            cells.append(_rule_md(org.company_rules, parameter.id))
        for team in org.teams:
            if team.rules is None:
                cells.append("-")
                continue
            flag = "⚑ " if org.departs(team, parameter.id) else ""
            cells.append(flag + _rule_md(team.rules, parameter.id))
        lines.append(f"| {_(parameter.title)} | " + " | ".join(cells) + " |")
    return lines + [""]


def _rule_md(rules: Resolution, parameter: str) -> str:
    rule = rules.rule(parameter)
    return _md(rule.decision.get("decision", "")) if rule.decision else "*" + _("open") + "*"


def _team_md(team: TeamReport) -> list[str]:
    lines = []
    if team.rules is not None and not team.rules.found_any:
        lines += [f"**{_md(team.rules.headline())}**", ""]
    if team.objectives:
        lines += [_("Objectives (session {session}):").format(session=team.board_session), ""]
        for objective, aligned in team.objectives:
            to = " " + _("→ serves {objective}").format(objective=f"*{_md(aligned)}*") if aligned else \
                (" " + _("→ aligns to nothing") if objective.level == "team" else "")
            level = _(objective.level) if objective.level in LEVEL_WORDS else objective.level
            who = _(ORIGIN_WORDS[objective.origin]) if objective.origin in ORIGIN_WORDS else \
                f"{objective.origin}-proposed"
            lines.append(f"- **{_md(objective.title)}** ({level}, {who}){to}")
            for kr in objective.key_results:
                unit = f" {_md(kr.unit)}" if kr.unit else ""
                span = "" if kr.start is None and kr.target is None else \
                    f" ({_md(reader_number(kr.start))} → {_md(reader_number(kr.target))}{unit})"
                owner = f", {_md(kr.owner)}" if kr.owner else ", " + _("no owner")
                lines.append(f"  - {_md(kr.text)}{span}{owner}")
        lines.append("")
    else:
        lines += [_("No objectives drafted yet."), ""]
    if team.share is not None:
        target = team.rules.room.bottom_up_target if team.rules else 0.6
        template = (_("Bottom-up: {share} of team objectives proposed by the team (meets the target of {target})")
                    if team.share >= target else
                    _("Bottom-up: {share} of team objectives proposed by the team (below the target of {target})"))
        lines += [template.format(share=_percent(team.share), target=_percent(target)), ""]
    if team.scores:
        headers = (_("Cycle ended"), _("Objective"), _("Key result"), _("Score"))
        lines += ["| " + " | ".join(headers) + " |", "|---|---|---|---|"]
        lines += [f"| {d} | {_md(o)} | {_md(k)} | {reader_number(s) or _('not scored')} |"
                  for d, o, k, s in team.scores]
        lines.append("")
    if team.check_in is not None:
        found = team.check_in
        lines += [_("Latest check-in ({date}, session {session}): {headline}").format(
                      date=found.date, session=found.session, headline=_md(found.headline)), "",
                  "| " + " | ".join((_("Key result"), _("Now"), _("Confidence"), _("Status"), _("Owner"))) + " |",
                  "|---|---|---|---|---|"]
        for row in found.rows:
            now = "-" if row.value is None else _md(reader_number(row.value) + (f" {row.unit}" if row.unit else ""))
            lines.append(f"| {_md(row.key_result)} | {now} | {_md(reader_number(row.confidence))} | "
                         f"{_(STATUS_LABELS[row.status]) if row.status else _('not checked in')} | "
                         f"{_md(row.owner)} |")
        lines.append("")
    if team.actions:
        lines += ["| " + " | ".join((_("Action"), _("Owner"), _("Due"), _("Session"))) + " |", "|---|---|---|---|"]
        lines += [f"| {_md(t)} | {_md(o)} | {d or '-'} | {s} |" for t, o, d, s in team.actions]
        lines.append("")
    return lines


# -- CSV --------------------------------------------------------------------------------------------------
CSV_COLUMNS = ("section", "organization", "team", "session", "date", "subject", "value", "detail", "owner", "due")


def sheet_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula gets a leading apostrophe."""
    text = one_line("" if value is None else str(value))
    if text[:1] in ("=", "+", "-", "@") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(reports: list[OrganizationReport]) -> str:
    """A sheet, in English whatever the interface speaks (export_formats.export_language)."""
    with i18n.using(i18n.SOURCE_LANGUAGE):
        return _csv(reports)


def _csv(reports: list[OrganizationReport]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)

    def row(*cells: object) -> None:
        writer.writerow([sheet_cell(c) for c in cells])

    for org in reports:
        for team in org.teams:
            latest = team.latest.id if team.latest else ""
            date = team.latest.started_at[:10] if team.latest else ""
            for parameter in PARAMETERS:
                if team.rules is None:
                    continue
                rule = team.rules.rule(parameter.id)
                row("decision", org.name, team.name, latest, date, parameter.id,
                    rule.decision.get("decision", "") if rule.decision else "",
                    ("departs from the company; " if org.departs(team, parameter.id) else "") + rule.where, "", "")
            for objective, aligned in team.objectives:
                row("objective", org.name, team.name, team.board_session, "", objective.title, objective.level,
                    f"serves: {aligned}" if aligned else "aligns to nothing", "", "")
                for kr in objective.key_results:
                    span = f"{plain_number(kr.start)} → {plain_number(kr.target)} {kr.unit}".strip()
                    row("key result", org.name, team.name, team.board_session, "", kr.text, span,
                        f"objective: {objective.title}", kr.owner, kr.due)
            if team.share is not None:
                row("bottom-up", org.name, team.name, team.board_session, "", "share proposed by the team",
                    f"{team.share:.2f}", f"target {team.rules.room.bottom_up_target:.2f}" if team.rules else "", "", "")
            for day, objective, kr, score in team.scores:
                row("score", org.name, team.name, "", day, kr, plain_number(score), f"objective: {objective}", "", "")
            if team.check_in is not None:
                found = team.check_in
                for kr in found.rows:
                    value = plain_number(kr.value) + (f" {kr.unit}" if kr.unit and kr.value is not None else "")
                    said = [_("now {value}").format(value=value) if kr.value is not None else "",
                            _("confidence {value}").format(value=plain_number(kr.confidence))
                            if kr.confidence is not None else "", _("objective: {title}").format(title=kr.objective)]
                    row("check-in", org.name, team.name, found.session, found.date, kr.key_result,
                        _(STATUS_LABELS[kr.status]) if kr.status else _("not checked in"),
                        "; ".join(x for x in said if x), kr.owner, "")
            for text, owner, due, session in team.actions:
                row("action", org.name, team.name, session, "", text, "", "", owner, due)
    return out.getvalue()
