"""Key result values from a tracker, by id: where each stands today (for a check-in) or how it scored (for
reflect-and-reset), read from a CSV sheet or a JSON file.

All or nothing: every row must name a key result the session has, and every value must fit, before anything
is saved; otherwise the whole file is refused with the rows that did not fit.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from facilitator.i18n import _

# the column that names the key result; `id` is accepted as what a tracker's own export usually calls it
ID_COLUMNS = ("key_result_id", "id")
# a check-in takes where the key result stands; reflect-and-reset takes its score
VALUE_COLUMNS = ("value", "current")
FIELDS = ("value", "confidence", "note", "score", "learning", "verdict")
MAX_ROWS = 1000


class UpdateProblem(Exception):
    """Why a file of key result values cannot be applied, naming the rows."""


@dataclass(frozen=True)
class Update:
    row: str  # where it came from, for messages: "row 3" of a sheet, "key_results/2" of a JSON file
    key_result_id: str
    values: dict[str, str]  # only the fields the file gave, as text: empty means "no value"


def read_updates(text: str) -> list[Update]:
    """The rows of a CSV sheet (with a header) or a JSON list (or `{"key_results": [...]}`) of key results."""
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith(("[", "{")):
        return _from_json(stripped)
    return _from_csv(text.lstrip("\ufeff"))


def _from_json(text: str) -> list[Update]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UpdateProblem(_("line {line}, column {column}: not valid JSON: {reason}").format(
            line=exc.lineno, column=exc.colno, reason=exc.msg)) from None
    where = "key_results"
    rows = data.get("key_results") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise UpdateProblem(_("expected a list of key results, or a mapping with a 'key_results' list"))
    if isinstance(data, list):
        where = ""
    updates = []
    for i, row in enumerate(rows[:MAX_ROWS + 1]):
        place = f"{where}/{i}" if where else str(i)
        if not isinstance(row, dict):
            raise UpdateProblem(_("{where}: expected a mapping with a key_result_id").format(where=place))
        values = {k: "" if row[k] is None else str(row[k]) for k in (*FIELDS, *VALUE_COLUMNS) if k in row}
        updates.append(_update(place, _id_of(row), values))
    return _checked(updates)


def _from_csv(text: str) -> list[Update]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or ()]
    if not any(h in ID_COLUMNS for h in header):
        raise UpdateProblem(_("row 1: the header needs a key_result_id column (it has: {columns})").format(
            columns=", ".join(header) or _("none")))
    reader.fieldnames = header
    updates = []
    for row in reader:
        if reader.line_num > MAX_ROWS + 1:
            break
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue  # a blank line at the end of a sheet
        values = {k: (row.get(k) or "").strip() for k in (*FIELDS, *VALUE_COLUMNS) if k in header}
        updates.append(_update(_("row {number}").format(number=reader.line_num), _id_of(row), values))
    return _checked(updates)


def _id_of(row: dict[str, Any]) -> str:
    for column in ID_COLUMNS:
        value = row.get(column)
        if value not in (None, ""):
            return str(value).strip().lstrip("'")  # a sheet may have kept the quote that kept it from running
    return ""


def _update(place: str, key_result_id: str, values: dict[str, str]) -> Update:
    for alias in VALUE_COLUMNS[1:]:
        if alias in values:
            values.setdefault("value", values.pop(alias))
    return Update(place, key_result_id, values)


def _checked(updates: list[Update]) -> list[Update]:
    if len(updates) > MAX_ROWS:
        raise UpdateProblem(_("more than {limit} rows: not a sheet of one session's key results").format(
            limit=MAX_ROWS))
    if not updates:
        raise UpdateProblem(_("no rows: nothing to update"))
    seen: dict[str, str] = {}
    for update in updates:
        if not update.key_result_id:
            raise UpdateProblem(_("{where}: no key_result_id").format(where=update.row))
        if update.key_result_id in seen:
            raise UpdateProblem(_("{where}: key result '{id}' is also in {other}").format(
                where=update.row, id=update.key_result_id, other=seen[update.key_result_id]))
        seen[update.key_result_id] = update.row
    return updates


def unmatched(updates: list[Update], known_ids: set[str]) -> list[Update]:
    return [u for u in updates if u.key_result_id not in known_ids]


def number(text: str, where: str) -> float | None:
    if not text:
        return None
    try:
        return float(text.replace(",", ".") if text.count(",") == 1 and "." not in text else text)
    except ValueError:
        raise UpdateProblem(_("{where}: '{text}' is not a number").format(where=where, text=text)) from None


def apply(session: Any, updates: list[Update]) -> str:
    """Apply the updates to a check-in (value, confidence, note) or a reflect-and-reset session (score,
    learning, verdict); returns which it was. Every row is checked before the first is saved."""
    from facilitator.core.checkin_sheet import NOTE_MAX
    from facilitator.core.checkins import validate

    sheet = session.check_ins
    scale = session.board.rules().scale
    if sheet.linked:
        by_id = {kr.id: kr for _objective, kr in sheet.key_results()}
        _refuse_unmatched(session, updates, set(by_id))
        planned = []
        for u in updates:
            kr = by_id[u.key_result_id]
            earlier = sheet.entry(kr.id)
            value = number(u.values["value"], f"{u.row}/value") if "value" in u.values else \
                (earlier.value if earlier else None)
            confidence = number(u.values["confidence"], f"{u.row}/confidence") if "confidence" in u.values else \
                (earlier.confidence if earlier else None)
            note = " ".join(u.values.get("note", earlier.note if earlier else "").split())
            try:
                validate(kr, value, confidence, scale)
            except ValueError as exc:
                raise UpdateProblem(_("{where}: {problem}; nothing updated").format(where=u.row, problem=exc)) \
                    from None
            if len(note) > NOTE_MAX:
                raise UpdateProblem(_("{where}: the note is {length} characters; keep it under {limit}; nothing "
                                      "updated").format(where=u.row, length=len(note), limit=NOTE_MAX))
            planned.append((kr.id, value, confidence, note, earlier))
        for kr_id, value, confidence, note, earlier in planned:
            blockers = [(b.text, b.owner) for b in earlier.blockers] if earlier else []
            sheet.record(kr_id, value=value, confidence=confidence, note=note, blockers=blockers)
        return "check-in"
    known = {kr["id"] for _objective, kr in session.previous_key_results()}
    if not known:
        raise UpdateProblem(_("session {id} has no key results to take values: values go to a check-in session, "
                              "scores to a reflect-and-reset session").format(id=session.state.id))
    _refuse_unmatched(session, updates, known)
    planned = []
    for u in updates:
        done = session.state.reflections.get(u.key_result_id) or {}
        score = number(u.values["score"], f"{u.row}/score") if "score" in u.values else done.get("score")
        if score is not None and not scale.min <= score <= scale.max:
            raise UpdateProblem(_("{where}/score: {score} is outside the room's scale {scale} ({low}-{high}); "
                                  "nothing updated").format(where=u.row, score=f"{score:g}", scale=scale.name,
                                                            low=f"{scale.min:g}", high=f"{scale.max:g}"))
        verdict = u.values.get("verdict", done.get("verdict", ""))
        if verdict not in ("keep", "modify", "remove", ""):
            raise UpdateProblem(_("{where}/verdict: '{verdict}' is not keep, modify or remove; nothing "
                                  "updated").format(where=u.row, verdict=verdict))
        planned.append((u.key_result_id, score, u.values.get("learning", done.get("learning", "")), verdict))
    for kr_id, score, learning, verdict in planned:
        session.reflect(kr_id, score=score, learning=learning, verdict=verdict)
    return "reflection"


def _refuse_unmatched(session: Any, updates: list[Update], known: set[str]) -> None:
    missing = unmatched(updates, known)
    if missing:
        listed = "; ".join(f"{u.row}: '{u.key_result_id}'" for u in missing[:10])
        if len(missing) > 10:
            listed = _("{listed} and {count} more").format(listed=listed, count=len(missing) - 10)
        raise UpdateProblem(_("{count} of {total} rows match no key result of session {id} ({listed}); nothing "
                              "updated").format(count=len(missing), total=len(updates), id=session.state.id,
                                                listed=listed))
