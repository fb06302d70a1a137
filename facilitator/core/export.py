"""The YAML export (`facilitator/v1`): a stable, documented record other tools can read.

Facilitator notes are never part of the session state, so they cannot leak into an export. What the coach keeps
(their notes per step, rationales and objections marked "coach only") is left out of the document unless
`include_private` asks for it, and then it sits in the `private` section alone.
"""

from __future__ import annotations

import functools
import json
import random
from pathlib import Path
from typing import Any

import yaml

from facilitator import __version__, i18n
from facilitator.core.consensus import shared_consensus
from facilitator.core.draft_language import known_language
from facilitator.core.extensions import merge
from facilitator.core.okr import Objective, owner_names, uid_of
from facilitator.core.okr_checks import kr_type, type_is_inferred
from facilitator.core.parameters import PARAMETER_IDS
from facilitator.core.session import Session
from facilitator.i18n import N_, _, local_decimal

FORMAT = "facilitator/v1"


MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))
# languages that write 3,5 where English writes 3.5 (as okr_checks does for the coach's findings)


def long_date(iso_text: str) -> str:
    """`2 December 2026` (German `2. Dezember 2026`) from an ISO date or timestamp: no reader misreads 02/12 for
    12/02. In the language spoken now: the YAML record's title is built in English (export_document)."""
    try:
        year, month, day = int(iso_text[0:4]), int(iso_text[5:7]), int(iso_text[8:10])
        name = MONTHS[month - 1]
    except (ValueError, IndexError):
        return iso_text
    # Translators: a date in running text, e.g. "2 December 2026"; {month} is the month's name
    return _("{day} {month} {year}").format(day=day, month=_(name), year=year)


def document_title(session: dict[str, Any]) -> str:
    """`OKR deployment workshop — Acme / Sales — 2 December 2026`: the title every format carries."""
    who = " / ".join(" ".join(str(x).split()) for x in (session["organization"], session["team"]) if str(x).strip())
    parts = [" ".join(session["workshop"]["title"].split()), who, long_date(session["started_at"])]
    return " — ".join(p for p in parts if p)


def export_document(session: Session, *, include_private: bool = False, findings: bool = True) -> dict[str, Any]:
    """The session as the export format has it. `findings=False` leaves the coach's findings out (an empty
    list): a shared file does not carry what the checks recompute wherever it is read."""
    state = session.state
    parameters: dict[str, Any] = {}
    for parameter in PARAMETER_IDS:
        d = state.decisions.get(parameter)
        parameters[parameter] = {
            "status": d.status if d else "open",
            "choice": d.choice if d else None,
            "decision": d.decision if d else "",
            "rationale": d.rationale if d and not d.rationale_private else "",
            "owner": d.owner if d else "",
            "decided_at": d.decided_at if d else None,
            "consensus": shared_consensus(d.consensus) if d else None,
            "revisit": d.revisit if d else None,
            "by_when": (d.by_when or None) if d else None,
        }
        if d and d.values:
            # the room's own numbers (core/decision_values.py): what the drafts are checked against
            parameters[parameter]["values"] = d.values
    agenda = [
        {
            "step": row.step.id,
            "title": row.step.title,
            "parameter": row.step.parameter,
            "planned_minutes": round(row.step.timebox, 2),
            # minutes the room added (or took away) with +/- during the session
            "extended_minutes": round(state.steps[row.step.id].extra_seconds / 60, 2),
            "actual_seconds": int(round(row.actual_seconds)),
            # "next" is only a hint on screen; a record says done, current or pending
            "status": "pending" if row.status == "next" else row.status,
            # the room went back to a step it had passed (p, the agenda): current again, and still passed
            **({"passed": True} if row.status == "current" and state.steps[row.step.id].done else {}),
        }
        for row in session.agenda()
    ]
    steps = {step.id: step for step in session.workshop.steps}
    document = {
        "format": FORMAT,
        # which release wrote the file: a reader that meets a bug of one release can tell which files have it
        "writer": {"name": "facilitator", "version": __version__},
        "session": {
            "id": state.id,
            "workshop": {"id": state.workshop_id, "title": state.workshop_title,
                         "version": state.workshop_version,
                         # which translation of a built-in ran, so import brings back the script the room read
                         **({"language": session.workshop.language} if session.workshop.language else {})},
            "organization": state.organization,
            "team": state.team,
            "facilitator": state.facilitator,
            "started_at": state.started_at,
            "updated_at": state.updated_at,
            "self_guided": state.self_guided,
            "share_url": state.share_url or None,
            "language": known_language(state.language),
            # the session's people: who the owners of objectives, key results and actions are, for a tracker
            "attendees": [{"name": p["name"], "role": p.get("role", ""), "email": p.get("email", "")}
                          for p in state.attendees],
            "next_session": dict(state.next_session) if state.next_session else None,
        },
        "records": [{"step": step_id, "title": steps[step_id].title if step_id in steps else step_id, "text": text}
                    for step_id, text in _in_step_order(state.step_records, session)],
        "parameters": parameters,
        "agenda": agenda,
        "actions": [{"id": a.id, "text": a.text, "owner": a.owner, "due": a.due or None, "step": a.step,
                     "created_at": a.created_at, "done": a.done} for a in state.actions],
        "parking_lot": [{"id": p.id, "text": p.text, "step": p.step, "created_at": p.created_at,
                         "status": p.resolution or "open", "note": p.note} for p in state.parking_lot],
        "okrs": okrs_section(session, findings=findings),
        "reflection": reflection_section(session, include_private=include_private),
        **({"check_in": check_in_section(session)} if session.state.check_in else {}),
        **({"room": room_section(session)} if session.state.collections or session.state.phones.participants else {}),
        **({"private": private_section(session)} if include_private else {}),
    }
    with i18n.using(i18n.SOURCE_LANGUAGE):  # a record tools read: its title the same whatever the room speaks
        document["session"]["title"] = document_title(document["session"])
    return merge(document, state.extensions)


def check_in_section(session: Session) -> dict[str, Any]:
    """A check-in: the key results it checked (as drafted), where each stood, and the cycle's earlier check-ins."""
    data = session.state.check_in

    def entries(raw: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"key_result": kr_id, "value": e.get("value"), "confidence": e.get("confidence"),
                 "status": e.get("status") or "", "note": e.get("note") or "",
                 "blockers": [{"text": b.get("text", ""), "owner": b.get("owner", "")}
                              for b in e.get("blockers") or ()]}
                for kr_id, e in (raw or {}).items() if isinstance(e, dict)]

    return {
        "source": data.get("source") or None,
        "source_workshop": data.get("source_kind") or "",
        "cycle": dict(data.get("cycle") or {}),
        "objectives": list(data.get("objectives") or []),
        "key_results": entries(data.get("entries") or {}),
        "history": [{"session": h.get("session_id", ""), "date": h.get("at", ""),
                     "key_results": entries(h.get("entries") or {})} for h in data.get("history") or ()],
        "open_actions": [{"text": a.get("text", ""), "owner": a.get("owner", ""), "due": a.get("due", ""),
                          "session": a.get("session_id", "")} for a in data.get("open_actions") or ()],
    }


def _in_step_order(notes: dict[str, str], session: Session) -> list[tuple[str, str]]:
    order = {step.id: i for i, step in enumerate(session.workshop.steps)}
    return sorted(notes.items(), key=lambda item: order.get(item[0], len(order)))


def reflection_section(session: Session, *, include_private: bool = False) -> dict[str, Any]:
    """Reflect-and-reset: the earlier session, and how the room scored each of its key results."""
    rows = []
    for objective, kr in session.previous_key_results():
        done = session.state.reflections.get(kr["id"]) or {}
        rows.append({"objective": objective["id"], "key_result": kr["id"], "text": kr["text"],
                     "score": done.get("score"), "learning": done.get("learning", ""),
                     "verdict": done.get("verdict", "")})
    section: dict[str, Any] = {"previous_session": session.state.previous_session or None, "key_results": rows}
    if session.state.previous:
        section["previous"] = (dict(session.state.previous) if include_private
                               else previous_section(session.state.previous))
    return section


def previous_section(previous: dict[str, Any]) -> dict[str, Any]:
    """What this session kept of the earlier one (the rules it worked under, its drafts, its last check-in):
    what the reflection is scored against and revisits start from. The earlier session's coach-only
    rationales and objections stay out, as they do in its own export (a rescue file, --include-private,
    keeps them)."""
    decisions = {}
    for parameter, decision in (previous.get("decisions") or {}).items():
        decision = dict(decision)
        if decision.get("rationale_private"):
            decision["rationale"], decision["rationale_private"] = "", False
        if decision.get("consensus"):
            decision["consensus"] = shared_consensus(decision["consensus"])
        decisions[parameter] = decision
    return {**previous, "decisions": decisions}


def room_section(session: Session) -> dict[str, Any]:
    """What the room answered from their phones: counts and texts only, never who answered or their names."""
    room = session.phones
    questions = []
    for collection in room.collections:
        res = room.result(collection)
        question: dict[str, Any] = {
            "id": collection.id, "step": collection.step, "kind": collection.kind, "status": collection.status,
            "opened_at": collection.opened_at or None, "closed_at": collection.closed_at or None,
            "revealed_at": collection.revealed_at or None, "answered": res["people"], "used": collection.used or None,
        }
        if collection.kind in ("fist-of-five", "confidence"):
            question["counts"] = dict(res["counts"])
        if collection.kind == "dot-voting":
            question["dots"] = collection.dots
            question["votes"] = dict(res["votes"])
        if collection.kind == "confidence":
            question["key_result"] = collection.target
            question["scale"] = collection.scale.get("name", "")
        if collection.kind == "writing":
            # in the order the room saw them, hidden ones marked: no ids, no names, no order of arrival
            order = list(collection.texts)
            random.Random(f"{session.state.id}:{collection.id}").shuffle(order)
            question["texts"] = [{"text": t.text, "hidden": t.hidden, "used_as": t.used_as or None} for t in order]
        questions.append(question)
    return {"joined": room.joined(), "questions": questions}


def private_section(session: Session) -> dict[str, Any]:
    """Only with --include-private: the script's facilitator notes, the coach's own notes per step, and the
    rationales and objections marked coach-only (all kept out of exports by default)."""
    # in the parameters' order, as the parameters section: the order decisions were taken in is not kept
    decisions = {p: session.state.decisions[p] for p in PARAMETER_IDS if p in session.state.decisions}
    return {
        "facilitator_notes": [{"step": step.id, "notes": step.notes} for step in session.workshop.steps
                              if step.notes],
        "coach_notes": [{"step": step_id, "note": note}
                        for step_id, note in _in_step_order(session.state.coach_notes, session)],
        "rationales": {p: d.rationale for p, d in decisions.items() if d.rationale_private and d.rationale},
        "objections": {p: d.consensus["objections"] for p, d in decisions.items()
                       if d.consensus and d.consensus.get("objections_private") and d.consensus.get("objections")},
        # a workshop run from a file: the script as the session keeps it (notes included), so a rescue file
        # brings the session back where the file is gone or on another machine (core/importer.py)
        **({"workshop_source": session.state.workshop_source} if session.state.workshop_source else {}),
    }


def okrs_section(session: Session, *, findings: bool = True) -> dict[str, Any]:
    board = session.board
    cycle = board.cycle()
    return {
        "rules_from": session.state.inherited_from or session.state.id,
        # the decisions the drafts were checked against, when they came from the team's earlier session
        "inherited_decisions": {p: {"status": d.get("status", "open"), "choice": d.get("choice"),
                                    "decision": d.get("decision", ""),
                                    **({"values": d["values"]} if d.get("values") else {})}
                                for p, d in session.state.inherited_decisions.items()},
        # the rules in force as values, so a tracker need not know what each workshop option means
        "rules": board.rules().to_dict(),
        "cycle": cycle,
        "objectives": [_objective(o, session.state.id, cycle["end"]) for o in board.objectives()],
        "findings": [{"check": f.check_id, "severity": f.severity, "target": f.target_id, "message": f.message,
                      "question": f.question} for f in (board.findings() if findings else ())],
        "dismissed": [{"check": d.check_id, "target": d.target_id, "reason": d.reason, "at": d.at}
                      for d in board.dismissals()],
        # a self-guided team's decisions to depart from its own rules: absent when it took none
        **({"departures": [departure_record(d) for d in departures]} if (departures := board.departures()) else {}),
    }


def departure_record(departure) -> dict[str, Any]:
    return {"check": departure.check_id, "target": departure.target_id, "parameter": departure.parameter,
            "rule": departure.rule, "finding": departure.finding, "reason": departure.reason, "at": departure.at}


def _objective(objective: Objective, session_id: str, cycle_end: str | None) -> dict[str, Any]:
    # Other tools read one of the three types; a type the coach read from the text says so.
    data = objective.to_dict()
    data["uid"] = uid_of(session_id, objective.id, objective.uid)
    data["owners"] = owner_names(objective.owner)
    for kr, row in zip(objective.key_results, data["key_results"], strict=True):
        row["type"] = kr_type(kr)
        if type_is_inferred(kr):
            row["type_inferred"] = True
        row["owners"] = owner_names(kr.owner)
        row["uid"] = uid_of(session_id, kr.id, kr.uid)
        # a metric moves by the end of the cycle unless the room said otherwise
        if not kr.due and row["type"] == "metric" and cycle_end:
            row["due"] = cycle_end
    return data


SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "export-v1.schema.json"


def schema_text() -> str:
    """The JSON Schema of the export format, for `facilitator schema` and for other tools."""
    return SCHEMA_PATH.read_text(encoding="utf-8")


@functools.cache
def _validator():
    # built once: compiling the schema costs more than checking a document against it
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(schema_text()))


@functools.cache
def _fast_check():
    # compiled to Python once: 30x faster than jsonschema on a valid document, which is what an import of a
    # shared folder reads a thousand of; jsonschema still writes the messages for an invalid one
    try:
        import fastjsonschema
    except ImportError:
        return None
    return fastjsonschema.compile(json.loads(schema_text()))


def schema_problems(document: dict[str, Any]) -> list[str]:
    """Where `document` breaks the export schema: `path: message`, empty when it conforms."""
    fast = _fast_check()
    if fast is not None:
        from fastjsonschema import JsonSchemaException

        try:
            fast(document)
            return []
        except JsonSchemaException:
            pass
    validator = _validator()
    return [f"{'/'.join(str(p) for p in error.absolute_path) or '(top)'}: {error.message}"
            for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))]


def plain_number(value: Any) -> str:
    """40.0 is how a draft stores "40": a document or a spreadsheet cell should say 40."""
    if value is None or value == "":
        return ""
    value = float(value)
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    # repr switches to exponents for tiny and huge values, which nobody writes in a key result
    return text if "e" not in text else f"{value:f}".rstrip("0").rstrip(".")


def reader_number(value: Any) -> str:
    """`plain_number` as a person reads it in the language spoken now: 0,7 in German; sheets keep plain_number."""
    return local_decimal(plain_number(value))


_STR, _NULL, _BOOL, _INT = (f"tag:yaml.org,2002:{name}" for name in ("str", "null", "bool", "int"))
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_RESOLVED_KEPT = 20_000  # scalars whose implicit tag is remembered: an export's keys and short values repeat


# libyaml's emitter writes the same text as PyYAML's own, several times faster (publish writes 1,000 files)
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """The safe dumper, with the short way for what an export is made of (dicts, lists, strings, numbers, booleans
    and None) building exactly the nodes the safe representer builds, aliases of repeated objects included;
    anything else, and any other setting, goes the representer's own way."""

    _resolved: dict[str, str] = {}

    def represent_data(self, data: Any) -> yaml.Node:
        kind = type(data)
        if kind is str:
            return yaml.ScalarNode(_STR, data, style="|" if "\n" in data else None)
        if data is None:
            return yaml.ScalarNode(_NULL, "null")
        if kind is bool:
            return yaml.ScalarNode(_BOOL, "true" if data else "false")
        if kind is int:
            return yaml.ScalarNode(_INT, str(data))
        if (kind is dict or kind is list) and self.default_flow_style is False and not self.sort_keys:
            key = id(data)
            if key in self.represented_objects:
                return self.represented_objects[key]  # the same object again: an alias, as the representer does
            self.object_keeper.append(data)
            if kind is dict:
                pairs: list[tuple[yaml.Node, yaml.Node]] = []
                node = self.represented_objects[key] = yaml.MappingNode(_MAP, pairs, flow_style=False)
                for item_key, item_value in data.items():
                    pairs.append((self.represent_data(item_key), self.represent_data(item_value)))
            else:
                items: list[yaml.Node] = []
                node = self.represented_objects[key] = yaml.SequenceNode(_SEQ, items, flow_style=False)
                for item in data:
                    items.append(self.represent_data(item))
            return node
        return super().represent_data(data)

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """The resolver's answer, remembered: the emitter asks it twice for every scalar, and it tries a list of
        patterns each time. Its answer for a plain scalar depends on the value alone (no path resolvers here)."""
        if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if not implicit[0]:
            return self.DEFAULT_SCALAR_TAG
        tag = self._resolved.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(value) <= 100:
                if len(self._resolved) >= _RESOLVED_KEPT:
                    self._resolved.clear()
                self._resolved[value] = tag
        return tag


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def to_yaml(document: dict[str, Any]) -> str:
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
