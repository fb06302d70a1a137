"""Reading an export (`facilitator/v1`) back into a session the store can keep.

The goal is a faithful round trip: exporting the imported session gives the same document, ids and
timestamps included. What the format does not carry (facilitator-only data such as the timing log, minutes
added with +/-, the decisions a drafting session inherited) comes back empty rather than guessed.

An export is untrusted input: it is size-capped and loaded without anchors or aliases (shared/RELIABILITY.md),
checked against the shipped schema, and every reference into the workshop is checked before anything is built.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from facilitator.core import catalog, decision_values
from facilitator.core.cycles import name_key
from facilitator.core.export import FORMAT, schema_problems
from facilitator.core.extensions import split
from facilitator.core.follow_up_verbs import is_iso_date
from facilitator.core.import_room import RoomImportProblem, import_room
from facilitator.core.loader import WorkshopError, parse_workshop
from facilitator.core.located_yaml import MAX_BYTES, YamlProblem, load
from facilitator.core.okr import Objective, rules_from_decisions
from facilitator.core.parameters import PARAMETER_IDS
from facilitator.core.records import Action, Decision, ParkingItem, SessionState, StepTiming, iso
from facilitator.core.workshop import Workshop
from facilitator.i18n import _


def _one_line(text: str, limit: int = 300) -> str:
    # a hostile or broken file can put megabytes in one value; a message quotes only the start of it
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


class ImportProblem(Exception):
    """Why an export cannot be imported, in one line that says where."""

    def __init__(self, message: str):
        super().__init__(_one_line(message))


def import_document(text: str, *, existing_ids: set[str],
                    kept: Callable[[str], dict[str, Any] | None] | None = None) -> dict[str, Any]:
    """A session state dict (the shape `SessionState.to_dict()` gives) rebuilt from an export's YAML text.

    Within v1 every section added after the first release is optional, with the default the docs give:
    `actions`, `parking_lot` empty, `okrs` without drafts (its `rules_from` this session,
    `inherited_decisions`, `findings`, `dismissed` empty), `reflection` without an earlier session.

    `kept(session_id)` gives the stored state of the session with the file's id, when the database has one
    (`import --replace` of a rescue file): a workshop file it ran keeps its path, and its kept copy runs the
    session when the file carries none."""
    parsed = _parse(text)
    # An `x-` key is written with those two characters, or escaped in double quotes (with a backslash): a file
    # with neither has none, and the walk over every value that takes them out is skipped (the parsed
    # document is this function's own, so nothing else sees it changed below).
    document, extensions = split(parsed) if "x-" in text or "\\" in text else (parsed, {})
    reflection = document.get("reflection") or {}
    previous = reflection.pop("previous", None)  # stored data as the session kept it: not normalised
    _normalise_times(document)
    session = document["session"]
    session_id = session["id"]
    if session_id in existing_ids:
        raise ImportProblem(_("session/id: session '{id}' is already in this workspace").format(id=session_id))
    private = document.get("private") or {}
    stored = kept(session_id) if kept else None
    workshop, workshop_ref, workshop_source = _workshop(session["workshop"], private.get("workshop_source"),
                                                        stored if stored and stored.get("id") == session_id else None)
    steps, current_step = _timings(document["agenda"], workshop)
    okrs = document.get("okrs") or {"objectives": []}
    rules_from = okrs.get("rules_from") or session_id
    decisions = _decisions(document["parameters"], workshop)
    inherited = _inherited(okrs.get("inherited_decisions", {}))
    objectives = _objectives(okrs["objectives"])
    _check_drafts(objectives, decisions, inherited)
    state = SessionState(
        id=session_id,
        workshop_id=session["workshop"]["id"],
        workshop_title=session["workshop"]["title"],
        workshop_version=session["workshop"]["version"],
        workshop_ref=workshop_ref,
        workshop_source=workshop_source,
        organization=session["organization"],
        team=session["team"],
        facilitator=session["facilitator"],
        started_at=session["started_at"],
        updated_at=session["updated_at"],
        # exports made before these were added have neither
        self_guided=session.get("self_guided", False),
        share_url=session.get("share_url") or "",
        language=session.get("language") or "",
        current_step=current_step,
        steps=steps,
        decisions=decisions,
        objectives=objectives,
        dismissals=[{"check_id": d["check"], "target_id": d["target"], "reason": d["reason"], "at": d["at"]}
                    for d in okrs.get("dismissed", [])],
        departures=[{"check_id": d["check"], "target_id": d["target"], "parameter": d["parameter"],
                     "rule": d["rule"], "finding": d["finding"], "reason": d["reason"], "at": d["at"]}
                    for d in okrs.get("departures", [])],
        inherited_from="" if rules_from == session_id else rules_from,
        inherited_decisions=inherited,
        actions=_actions(document.get("actions", [])),
        parking_lot=_parking_lot(document.get("parking_lot", [])),
        extensions=extensions,
        check_in=_check_in(document.get("check_in")),
        # exports made before these were added have none of them
        attendees=[dict(p) for p in session.get("attendees") or []],
        next_session=dict(session.get("next_session") or {}),
        step_records=_records(document.get("records") or [], workshop, "records"),
        previous_session=reflection.get("previous_session") or "",
    )
    state.previous, state.reflections = _reflection(reflection.get("key_results") or [], previous)
    _private(document.get("private"), state, workshop)
    key_results = {kr["id"]: kr["text"] for o in [*objectives, *state.check_in.get("objectives", [])]
                   for kr in o.get("key_results") or ()}
    try:
        state.phones, state.collections = import_room(document.get("room"), session_id=session_id,
                                                      workshop=workshop, key_results=key_results)
    except RoomImportProblem as problem:
        raise ImportProblem(str(problem)) from None
    return state.to_dict()


def check_organization_links(state: dict[str, Any], find: Callable[[str], dict[str, Any] | None]) -> list[str]:
    """A team objective's `contributes_to: SESSION:o1` names a company objective another session of the
    organization drafted: when that session is here (`find` gives its stored state), the objective must be on its
    board, at company level, in the same organization; else ImportProblem with the field's path. Links to
    sessions not here are notes: the file may come before the session it links to."""
    notes = []
    for i, objective in enumerate(state.get("objectives") or []):
        link = str(objective.get("contributes_to", ""))
        other_id, _colon, objective_id = link.rpartition(":")
        if not other_id:
            continue
        where = f"okrs/objectives/{i}/contributes_to"
        other = find(other_id)
        if other is None:
            notes.append(_("{where}: session '{id}' is not here; the link is kept and checked once it is").format(
                where=where, id=other_id))
            continue
        if name_key(str(other.get("organization", ""))) != name_key(str(state.get("organization", ""))):
            raise ImportProblem(_("{where}: '{link}' is a session of another organization ('{organization}')").format(
                where=where, link=link, organization=other.get("organization", "")))
        target = next((o for o in other.get("objectives") or [] if o.get("id") == objective_id), None)
        if target is None:
            raise ImportProblem(_("{where}: session '{id}' has no objective '{objective}'").format(
                where=where, id=other_id, objective=objective_id))
        if target.get("level") != "company":
            # Translators: {level} is the objective's level as the file writes it (team, individual)
            raise ImportProblem(_("{where}: '{link}' is a {level} objective, not a company one").format(
                where=where, link=link, level=target.get("level")))
    return notes


# every timestamp of the format; dates (`due`) are days, never times
_TIMESTAMP_KEYS = frozenset({"started_at", "updated_at", "decided_at", "created_at", "at"})


def _normalise_times(node: Any) -> None:
    """Timestamps written with an offset or fractions of a second (the schema lets them in) become the
    format's own: UTC, whole seconds, `Z`, so comparing and sorting them as text keeps working."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _TIMESTAMP_KEYS and isinstance(value, str):
                moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
                node[key] = iso(moment.astimezone(UTC).replace(microsecond=0))
            else:
                _normalise_times(value)
    elif isinstance(node, list):
        for item in node:
            _normalise_times(item)


def _check_drafts(objectives: list[dict[str, Any]], decisions: dict[str, Decision],
                  inherited: dict[str, dict[str, Any]]) -> None:
    """What the schema cannot say: links point at objectives that are there, dates are dates, confidence is
    on the scale the room decided (its own decisions, else those it drafted under)."""
    from dataclasses import asdict

    own = {p: asdict(d) for p, d in decisions.items()}
    # confidence is on the room's confidence scale, which may differ from the score's (0-1 scores, 1-10 confidence)
    scale = rules_from_decisions(own if any(d["status"] == "decided" for d in own.values())
                                 else inherited).confidence_scale
    ids = {o["id"] for o in objectives}
    for i, objective in enumerate(objectives):
        where = f"okrs/objectives/{i}"
        link = objective["contributes_to"]
        # "SESSION:o1" points at a company objective drafted in another session of the organization
        # (core/cycles.py): that session may be in another file, so only a link within this one is checked
        if link and link not in ids and ":" not in link:
            raise ImportProblem(_("{where}/contributes_to: '{link}' is not an objective of this session").format(
                where=where, link=link))
        if link == objective["id"]:
            raise ImportProblem(_("{where}/contributes_to: an objective cannot contribute to itself").format(
                where=where))
        for j, kr in enumerate(objective["key_results"]):
            _date(kr["due"], f"{where}/key_results/{j}/due")
            confidence = kr["confidence"]
            if confidence is not None and not scale.min <= confidence <= scale.max:
                raise ImportProblem(_("{where}: {confidence} is outside the room's confidence scale ({low}-{high})")
                                    .format(where=f"{where}/key_results/{j}/confidence", confidence=f"{confidence:g}",
                                            low=f"{scale.min:g}", high=f"{scale.max:g}"))


def _date(value: str | None, where: str) -> None:
    if value and not is_iso_date(value):
        raise ImportProblem(_("{where}: '{value}' is not a date like 2026-12-31").format(where=where, value=value))


def _check_in(section: dict[str, Any] | None) -> dict[str, Any]:
    """The check-in as the session keeps it (core/checkin_sheet.py), from its export; {} for other sessions."""
    if not section:
        return {}

    def entries(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {r["key_result"]: {"key_result_id": r["key_result"], "value": r.get("value"),
                                  "confidence": r.get("confidence"), "note": _one_line(r.get("note") or "", 500),
                                  "status": r.get("status") or "",
                                  "blockers": [{"text": _one_line(b.get("text", "")),
                                                "owner": _one_line(b.get("owner", ""))}
                                               for b in r.get("blockers") or ()]}
                for r in rows}

    return {"source": section.get("source") or "", "source_kind": section.get("source_workshop") or "",
            "cycle": dict(section.get("cycle") or {}), "objectives": _objectives(section.get("objectives") or []),
            "entries": entries(section.get("key_results") or []),
            "history": [{"session_id": h["session"], "at": h["date"], "entries": entries(h.get("key_results") or [])}
                        for h in section.get("history") or ()],
            "open_actions": [{"text": _one_line(a.get("text", ""), 2000), "owner": _one_line(a.get("owner", "")),
                              "due": a.get("due", ""), "session_id": a.get("session", "")}
                             for a in section.get("open_actions") or ()]}


def _records(records: list[dict[str, Any]], workshop: Workshop, where: str, key: str = "text") -> dict[str, str]:
    kept: dict[str, str] = {}
    for i, record in enumerate(records):
        if workshop.step(record["step"]) is None:
            raise ImportProblem(_("{where}: '{step}' is not a step of {workshop}").format(
                where=f"{where}/{i}/step", step=record["step"], workshop=_versions(workshop)))
        if record["step"] in kept:
            raise ImportProblem(_("{where}: '{step}' is listed twice").format(
                where=f"{where}/{i}/step", step=record["step"]))
        kept[record["step"]] = record[key]
    return kept


def _private(private: dict[str, Any] | None, state: SessionState, workshop: Workshop) -> None:
    """An export made with --include-private (a rescue file) brings the coach's own record back with it."""
    if not private:
        return
    state.coach_notes = _records(private.get("coach_notes") or [], workshop, "private/coach_notes", "note")
    for parameter, text in (private.get("rationales") or {}).items():
        decision = state.decisions.get(parameter)
        if decision is None:
            raise ImportProblem(_("{where}: this session decides no such parameter").format(
                where=f"private/rationales/{parameter}"))
        decision.rationale, decision.rationale_private = text, True
    for parameter, text in (private.get("objections") or {}).items():
        decision = state.decisions.get(parameter)
        if decision is None or not decision.consensus:
            raise ImportProblem(_("{where}: no consensus check to keep them with").format(
                where=f"private/objections/{parameter}"))
        decision.consensus = {**decision.consensus, "objections": text, "objections_private": True}


def _inherited(decisions: dict[str, Any]) -> dict[str, dict[str, Any]]:
    inherited = {}
    for parameter, record in decisions.items():
        record = dict(record)
        if record.get("values"):
            record["values"] = _values(parameter, record["values"], f"okrs/inherited_decisions/{parameter}/values")
        inherited[parameter] = record
    return inherited


def _parse(text: str) -> dict[str, Any]:
    # Checked here as well as in the loader so the message does not point at a meaningless line 1.
    if len(text) > MAX_BYTES:
        raise ImportProblem(_("the file is too large ({size} characters, the limit is {limit})").format(
            size=f"{len(text):,}", limit=f"{MAX_BYTES:,}"))
    try:
        located = load(text, positions=False)  # messages here name paths, not lines
    except YamlProblem as exc:
        problem = exc.problem
        raise ImportProblem(_("line {line}, column {column}: {message}").format(
            line=problem.line, column=problem.column, message=problem.message)) from None
    if located.duplicates:
        # the loader keeps the last of two equal keys; an import must not pick one silently
        problem = located.duplicates[0]
        raise ImportProblem(_("line {line}, column {column}: {message}").format(
            line=problem.line, column=problem.column, message=problem.message))
    document = located.data
    if not isinstance(document, dict):
        raise ImportProblem(_("(top): not a facilitator export (expected a mapping with a 'format' key)"))
    if "format" not in document:
        raise ImportProblem(_("format: missing; not a facilitator export (expected '{format}')").format(format=FORMAT))
    if document["format"] != FORMAT:
        raise ImportProblem(_("format: {found} is not supported (this version reads '{format}')").format(
            found=repr(document["format"]), format=FORMAT))
    problems = schema_problems(document)
    if problems:
        more = _(" (and {count} more)").format(count=len(problems) - 1) if len(problems) > 1 else ""
        raise ImportProblem(_one_line(problems[0], 240) + more)
    return document


def _workshop(exported: dict[str, Any], source: str | None,
              kept: dict[str, Any] | None) -> tuple[Workshop, str, str]:
    """The workshop the session runs, the ref to store and the workshop text to keep with it.

    A built-in id is the built-in. Any other id is never looked up on the disk (a path in an imported file must
    not make us read files): the session runs the script the file carries (`private/workshop_source`, as a
    rescue file has it), else the copy the database keeps with the session of the same id."""
    ref = exported["id"]
    builtins = catalog.builtin_paths()
    if ref in builtins:
        # a translated built-in has its original's id; the language says which of the two the room ran
        localized = catalog.localized_ref(ref, exported.get("language") or None, builtins)
        return _builtin_workshop(localized, ref), localized, ""
    same = kept is not None and kept.get("workshop_id") == ref
    where = "private/workshop_source"
    if not source and same and kept.get("workshop_source"):
        source, where = kept["workshop_source"], _("the copy kept with session {id}").format(id=kept["id"])
    if not source:
        known = ", ".join(builtins) or _("none installed")
        # the way out comes before the list of built-ins, which grows with every language and gets cut
        raise ImportProblem(_("session/workshop/id: '{ref}' is not a built-in workshop and the file does not carry "
                              "its script: a rescue file does, as does `export --include-private` "
                              "(private/workshop_source). Built-in: {known}").format(ref=ref, known=known))
    try:
        workshop = parse_workshop(source, where)  # untrusted text: size and count capped, no aliases, checked
    except WorkshopError as exc:
        raise ImportProblem(_("{where}: the workshop cannot be used: {problem}").format(
            where=where, problem=exc.problems[0])) from None
    if workshop.id != ref or workshop.version != exported["version"]:
        raise ImportProblem(_("{where}: the script is workshop '{id}' version {version}, the session ran '{ref}' "
                              "version {ran}").format(where=where, id=workshop.id, version=workshop.version,
                                                      ref=ref, ran=exported["version"]))
    # --replace keeps the path the session was started from; a new session is known by its id (never a path)
    stored_ref = kept["workshop_ref"] if same and kept.get("workshop_ref") else ref
    return workshop, stored_ref, source


def _builtin_workshop(ref: str, workshop_id: str) -> Workshop:
    try:
        workshop, _ref = catalog.resolve(ref)
    except WorkshopError as exc:
        raise ImportProblem(_("session/workshop/id: built-in workshop '{ref}' cannot be loaded: {problem}").format(
            ref=ref, problem=exc)) from None
    if workshop.id != workshop_id:
        raise ImportProblem(_("session/workshop/id: built-in workshop '{ref}' now has the id '{id}'").format(
            ref=ref, id=workshop.id))
    return workshop


def _versions(workshop: Workshop) -> str:
    if workshop.id in catalog.builtin_paths():
        return _("built-in workshop '{id}' version {version}").format(id=workshop.id, version=workshop.version)
    return _("workshop '{id}' version {version}").format(id=workshop.id, version=workshop.version)


def _reflection(rows: list[dict[str, Any]], previous: dict[str, Any] | None,
                ) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Reflect-and-reset: what the session kept of the earlier one, and the room's score of each key result.

    An export from before `reflection/previous` existed still brings the scores back: the earlier drafts are
    rebuilt from the rows (their ids and texts), which is all the reflection shows of them."""
    if previous is None:
        objectives: dict[str, dict[str, Any]] = {}
        for row in rows:
            objective = objectives.setdefault(row["objective"], {"id": row["objective"], "title": "",
                                                                 "key_results": []})
            objective["key_results"].append({"id": row["key_result"], "text": row["text"]})
        previous = {"objectives": [Objective.from_dict(o).to_dict() for o in objectives.values()]} if rows else {}
    known = {kr.get("id") for o in previous.get("objectives") or () for kr in o.get("key_results") or ()}
    scores: dict[str, dict[str, Any]] = {}
    for i, row in enumerate(rows):
        if row["key_result"] not in known:
            raise ImportProblem(_("{where}: '{id}' is not a key result of the earlier session "
                                  "(reflection/previous/objectives)").format(
                                      where=f"reflection/key_results/{i}/key_result", id=row["key_result"]))
        if row["score"] is not None or row["learning"] or row["verdict"]:
            scores[row["key_result"]] = {"score": row["score"], "learning": row["learning"],
                                         "verdict": row["verdict"]}
    return dict(previous), scores


def _timings(agenda: list[dict[str, Any]], workshop: Workshop) -> tuple[dict[str, StepTiming], str]:
    steps: dict[str, StepTiming] = {}
    current: list[str] = []
    for i, row in enumerate(agenda):
        step_id = row["step"]
        step = workshop.step(step_id)
        if step is None:
            raise ImportProblem(_("{where}: '{step}' is not a step of {workshop}").format(
                where=f"agenda/{i}/step", step=step_id, workshop=_versions(workshop)))
        if step_id in steps:
            raise ImportProblem(_("{where}: '{step}' is listed twice").format(where=f"agenda/{i}/step", step=step_id))
        if row["parameter"] != step.parameter:
            # decisions are tied to steps through their parameter; a different one would misfile them
            raise ImportProblem(_("{where}: step '{step}' decides {parameter} in {workshop}, the file says "
                                  "{found}").format(where=f"agenda/{i}/parameter", step=step_id,
                                                    parameter=repr(step.parameter), workshop=_versions(workshop),
                                                    found=repr(row["parameter"])))
        passed = row["status"] == "done" or (row["status"] == "current" and row.get("passed") is True)
        steps[step_id] = StepTiming(actual_seconds=float(row["actual_seconds"]), done=passed,
                                    extra_seconds=float(row.get("extended_minutes", 0)) * 60)
        if row["status"] == "current":
            current.append(step_id)
    if not current and steps and all(t.done for t in steps.values()):
        # a completed workshop: every step done, the session stays on its last step
        return steps, list(steps)[-1]
    if len(current) != 1:
        if current:
            raise ImportProblem(_("agenda: exactly one step must be current, or every step done (found current: "
                                  "{found})").format(found=", ".join(current)))
        raise ImportProblem(_("agenda: exactly one step must be current, or every step done (found current: none)"))
    return steps, current[0]


def _decisions(parameters: dict[str, Any], workshop: Workshop) -> dict[str, Decision]:
    steps = {s.parameter: s for s in workshop.decision_steps}
    decisions: dict[str, Decision] = {}
    for parameter in PARAMETER_IDS:
        record = parameters[parameter]
        step = steps.get(parameter)
        untouched = (record["status"] == "open" and record["choice"] is None and record.get("consensus") is None
                     and not any(record[k] for k in ("decision", "rationale", "owner", "decided_at")))
        if step is None:
            if untouched:
                continue  # not part of this workshop; the export writes it as open
            raise ImportProblem(_("{where}: recorded as {status}, but {workshop} has no step that decides it").format(
                where=f"parameters/{parameter}", status=record["status"], workshop=_versions(workshop)))
        choice = record["choice"]
        if choice is not None and step.option(choice) is None:
            raise ImportProblem(_("{where}: '{option}' is not an option of step '{step}' in {workshop}").format(
                where=f"parameters/{parameter}/choice", option=choice, step=step.id, workshop=_versions(workshop)))
        consensus = record.get("consensus")  # exports made before consensus checks existed have none
        if consensus and consensus["method"] == "dot-voting":
            unknown = sorted(set(consensus["votes"]) - {o.id for o in step.options})
            if unknown:
                raise ImportProblem(_("{where}: '{option}' is not an option of step '{step}' in {workshop}").format(
                    where=f"parameters/{parameter}/consensus/votes", option=unknown[0], step=step.id,
                    workshop=_versions(workshop)))
        values = _values(parameter, record.get("values"), f"parameters/{parameter}/values")
        decisions[parameter] = Decision(parameter=parameter, step=step.id, status=record["status"], choice=choice,
                                        decision=record["decision"], rationale=record["rationale"],
                                        owner=record["owner"], decided_at=record["decided_at"], consensus=consensus,
                                        by_when=record.get("by_when") or "",
                                        revisit=record.get("revisit"), values=values)
    return decisions


def _values(parameter: str, values: dict[str, Any] | None, where: str) -> dict[str, Any] | None:
    """A decision's numbers pass the same checks as those typed in the dialog (exports before them have none)."""
    if not values:
        return None
    try:
        return decision_values.check(parameter, dict(values))
    except ValueError as exc:
        raise ImportProblem(f"{where}: {exc}") from None


def _unique(items: list[dict[str, Any]], where: str, key: str = "id") -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item[key] in seen:
            raise ImportProblem(_("{where}: '{value}' is used twice").format(where=f"{where}/{i}/{key}",
                                                                              value=item[key]))
        seen.add(item[key])


def _actions(actions: list[dict[str, Any]]) -> list[Action]:
    _unique(actions, "actions")
    for i, a in enumerate(actions):
        _date(a["due"], f"actions/{i}/due")
    return [Action(id=a["id"], text=a["text"], owner=a["owner"], due=a["due"] or "", step=a["step"],
                   created_at=a["created_at"], done=a.get("done", False)) for a in actions]


def _parking_lot(items: list[dict[str, Any]]) -> list[ParkingItem]:
    _unique(items, "parking_lot")
    return [ParkingItem(id=p["id"], text=p["text"], step=p["step"], created_at=p["created_at"],
                        resolution="" if p["status"] == "open" else p["status"], note=p["note"]) for p in items]


def _objectives(objectives: list[dict[str, Any]]) -> list[dict[str, Any]]:
    _unique(objectives, "okrs/objectives")
    seen: set[str] = set()
    uids: set[str] = set()
    for i, objective in enumerate(objectives):
        for where, item in ((f"okrs/objectives/{i}", objective),
                            *((f"okrs/objectives/{i}/key_results/{j}", kr)
                              for j, kr in enumerate(objective["key_results"]))):
            # a tracker keys on uids: two items with one would be one item to it
            if item.get("uid") in uids:
                raise ImportProblem(_("{where}: '{value}' is used twice").format(where=f"{where}/uid",
                                                                                  value=item["uid"]))
            if item.get("uid"):
                uids.add(item["uid"])
        for j, kr in enumerate(objective["key_results"]):
            # key result ids are unique across the board: findings and dismissals point at them alone
            if kr["id"] in seen:
                raise ImportProblem(_("{where}: '{value}' is used twice").format(
                    where=f"okrs/objectives/{i}/key_results/{j}/id", value=kr["id"]))
            seen.add(kr["id"])
            if kr.get("type_inferred"):
                kr = objective["key_results"][j] = {**kr, "type": ""}  # read from the text again, as before
    # through the model, so the stored drafts look exactly like ones the draft board wrote
    return [Objective.from_dict(o).to_dict() for o in objectives]
