"""Load and validate workshop scripts, reporting every problem as FILE:LINE:COLUMN: message."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitator.core import workshop_cache
from facilitator.core.errors import FacilitatorError
from facilitator.core.problem import Problem
from facilitator.core.rules_text import PLACEHOLDERS, unknown_placeholders
from facilitator.core.workshop import STEP_KINDS, Option, Step, Workshop

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

    from facilitator.core.located_yaml import Located


@dataclass(frozen=True)
class LocatedProblem:
    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class WorkshopError(FacilitatorError):
    """A workshop script that cannot be used; `problems` lists every reason, in file order."""

    def __init__(self, problems: list[LocatedProblem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        super().__init__("\n".join(str(p) for p in self.problems))


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # slow to import: only when a file really needs checking

    schema = json.loads((Path(__file__).parent.parent / "schemas" / "workshop.schema.json").read_text())
    return Draft202012Validator(schema)


def load_workshop(path: str | Path) -> Workshop:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WorkshopError([LocatedProblem(str(path), 1, 1, "no such file")]) from None
    except UnicodeDecodeError as exc:
        raise WorkshopError([LocatedProblem(str(path), 1, 1, f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise WorkshopError([LocatedProblem(str(path), 1, 1, f"cannot read: {exc.strerror}")]) from None
    key = (str(path), text)
    if (built := _BUILT.get(key)) is not None:
        return built
    data = workshop_cache.get(text)
    if data is None:
        data = _validated_data(text, str(path))
        workshop_cache.put(text, data)
    built = _build(data, str(path))
    if len(_BUILT) >= BUILT_KEPT:
        del _BUILT[next(iter(_BUILT))]  # the oldest: a process reads a handful of scripts
    _BUILT[key] = built
    return built


# Workshops built in this process, by path and exact text: publishing or importing a thousand sessions asks for
# the same few scripts a thousand times. The file is read every time, so an edited one is built afresh; a
# Workshop is immutable (frozen, tuples), so one instance serves every session.
BUILT_KEPT = 32
_BUILT: dict[tuple[str, str], Workshop] = {}


def parse_workshop(text: str, source: str = "<workshop>") -> Workshop:
    return _build(_validated_data(text, source), source)


def _validated_data(text: str, source: str) -> dict[str, Any]:
    from facilitator.core import located_yaml  # PyYAML and jsonschema load only when a file is parsed

    try:
        located = located_yaml.load(text)
    except located_yaml.YamlProblem as exc:
        p = exc.problem
        raise WorkshopError([LocatedProblem(source, p.line, p.column, p.message)]) from None
    problems = [*located.duplicates, *_schema_problems(located)]
    if isinstance(located.data, dict):
        problems += _meaning_problems(located)
    if problems:
        raise WorkshopError([LocatedProblem(source, p.line, p.column, p.message) for p in problems])
    return located.data


def _step_label(data: Any, path: tuple) -> str:
    if len(path) >= 2 and path[0] == "steps" and isinstance(path[1], int):
        try:
            step_id = data["steps"][path[1]].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            step_id = None
        label = f"step '{step_id}'" if isinstance(step_id, str) else f"step {path[1] + 1}"
        if len(path) >= 4 and path[2] == "options" and isinstance(path[3], int):
            label += f", option {path[3] + 1}"
        return label + ": "
    return ""


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)


_EXPECTED = {"string": "text", "number": "a number", "array": "a list", "object": "a mapping",
             "boolean": "true or false", "integer": "a whole number"}


def _describe(error: ValidationError, located: Located) -> list[Problem]:
    import difflib
    path = tuple(error.absolute_path)
    prefix = _step_label(located.data, path)
    key = path[-1] if path and isinstance(path[-1], str) else None
    name = f"'{key}'" if key else "value"
    v = error.validator
    if v == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        out = []
        for extra in sorted(set(error.instance) - set(allowed), key=str):
            hint = difflib.get_close_matches(str(extra), allowed, n=1)
            msg = f"{prefix}unknown key '{extra}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")
            msg += "" if hint else f"; allowed: {', '.join(allowed)}"
            out.append(Problem(*located.where(path + (extra,), key=True), msg))
        return out
    if v == "required":
        missing = error.message.split("'")[1]
        return [Problem(*located.where(path), f"{prefix}missing required key '{missing}'")]
    where = located.where(path)
    if v == "type":
        types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        want = " or ".join(_EXPECTED.get(t, t) for t in types)
        return [Problem(*where, f"{prefix}{name} must be {want}, not {_type_name(error.instance)}")]
    if v in ("exclusiveMinimum", "minimum") and key == "timebox":
        return [Problem(*where, f"{prefix}'timebox' must be a positive number of minutes, not {error.instance}")]
    if v == "maximum" and key == "timebox":
        return [Problem(*where, f"{prefix}'timebox' of {error.instance} minutes is longer than a day")]
    if v == "enum":
        choices = [str(c) for c in error.validator_value]
        hint = difflib.get_close_matches(str(error.instance), choices, n=1)
        what = "parameter id" if key == "parameter" else name
        msg = f"{prefix}unknown {what} '{error.instance}'"
        msg += f" (did you mean '{hint[0]}'?)" if hint else f"; expected one of: {', '.join(choices)}"
        return [Problem(*where, msg)]
    if v == "pattern":
        if error.validator_value == "\\S":
            return [Problem(*where, f"{prefix}{name} must not be blank")]
        if key in ("share_url",):
            return [Problem(*where, f"{prefix}'{key}' must be an http(s) or mailto link")]
        if key == "language":
            return [Problem(*where, f"{prefix}'language' must be a language code such as en, de, fr or es "
                                    f"(found '{error.instance}')")]
        return [Problem(*where, f"{prefix}{name} must use only lowercase letters, digits and '-' "
                                f"(found '{error.instance}')")]
    if v == "minLength":
        return [Problem(*where, f"{prefix}{name} must not be empty")]
    if v == "maxLength":
        return [Problem(*where, f"{prefix}{name} is {len(error.instance)} characters long; keep it under "
                                f"{error.validator_value} so it fits the screen (put the rest in the prompt)")]
    if v in ("minItems", "maxItems"):
        bound = error.validator_value
        word = "at least" if v == "minItems" else "at most"
        return [Problem(*where, f"{prefix}{name} needs {word} {bound} entries, it has {len(error.instance)}")]
    return [Problem(*where, f"{prefix}{name}: {error.message}")]


def _schema_problems(located: Located) -> list[Problem]:
    if not isinstance(located.data, dict):
        return [Problem(1, 1, f"a workshop must be a mapping of keys, not {_type_name(located.data)}")]
    problems: list[Problem] = []
    for error in _validator().iter_errors(located.data):
        problems.extend(_describe(error, located))
    return problems


def _meaning_problems(located: Located) -> list[Problem]:
    """Rules a schema cannot say plainly: uniqueness, and what decision steps need."""
    problems: list[Problem] = []
    steps = located.data.get("steps")
    first_step: dict[str, int] = {}
    first_parameter: dict[str, str] = {}
    for i, step in enumerate(steps if isinstance(steps, list) else []):
        if not isinstance(step, dict):
            continue
        path = ("steps", i)
        prefix = _step_label(located.data, path)
        step_id = step.get("id")
        if isinstance(step_id, str):
            if step_id in first_step:
                first = first_step[step_id] + 1
                problems.append(Problem(*located.where(path + ("id",)),
                                        f"duplicate step id '{step_id}' (first used by step {first})"))
            first_step.setdefault(step_id, i)
        is_decision = step.get("kind") == "decision"
        if is_decision:
            for needed in ("parameter", "options"):
                if needed not in step:
                    problems.append(Problem(*located.where(path), f"{prefix}decision steps need '{needed}'"))
        elif isinstance(step.get("kind"), str) and step["kind"] in STEP_KINDS:
            for unwanted in ("parameter", "options"):
                if unwanted in step:
                    problems.append(Problem(*located.where(path + (unwanted,), key=True),
                                            f"{prefix}'{unwanted}' is only allowed on decision steps "
                                            f"(this step's kind is '{step.get('kind')}')"))
        parameter = step.get("parameter")
        if isinstance(parameter, str):
            if parameter in first_parameter:
                problems.append(Problem(*located.where(path + ("parameter",)),
                                        f"{prefix}parameter '{parameter}' is already decided by "
                                        f"step '{first_parameter[parameter]}'"))
            first_parameter.setdefault(parameter, str(step_id))
        team = step.get("self_guided")
        for holder, at in ((step, path), (team if isinstance(team, dict) else {}, path + ("self_guided",))):
            for key in ("prompt", "questions"):
                texts = holder.get(key)
                for j, text in enumerate(texts if isinstance(texts, list) else [texts]):
                    unknown = unknown_placeholders(text) if isinstance(text, str) else []
                    if unknown:
                        where = at + (key, j) if isinstance(texts, list) else at + (key,)
                        problems.append(Problem(*located.where(where),
                                                f"{prefix}unknown placeholder '{{{{{unknown[0]}}}}}' (known: "
                                                f"{', '.join(PLACEHOLDERS)})"))
        options = step.get("options")
        options = [o for o in options if isinstance(o, dict)] if isinstance(options, list) else []
        seen: set[str] = set()
        for j, option in enumerate(options):
            option_id = option.get("id")
            if not isinstance(option_id, str):
                continue  # the schema says what is wrong with it
            if option_id in seen:
                problems.append(Problem(*located.where(path + ("options", j, "id")),
                                        f"{prefix}duplicate option id '{option_id}'"))
            seen.add(option_id)
        if is_decision and options:
            defaults = [j for j, o in enumerate(options) if o.get("default") is True]
            if len(defaults) != 1:
                where = located.where(path + ("options", defaults[1], "default")) if defaults else \
                    located.where(path + ("options",), key=True)
                problems.append(Problem(*where, f"{prefix}mark exactly one option 'default: true' (the usual "
                                                f"starting choice); found {len(defaults)}"))
    return problems


def _self_guided(texts: dict) -> tuple[tuple[str, object], ...]:
    """A `self_guided:` mapping as (field, text) pairs, in the file's order; its questions as a tuple."""
    return tuple((key, tuple(q.strip() for q in value) if key == "questions" else value.strip())
                 for key, value in texts.items())


def _option(o: dict) -> Option:
    return Option(o["id"], o["label"].strip(), o["tradeoffs"].strip(), bool(o.get("default")),
                  self_guided=_self_guided(o.get("self_guided") or {}))


def _build(data: dict, source: str) -> Workshop:
    steps = tuple(
        Step(
            id=s["id"], title=s["title"].strip(), kind=s["kind"], timebox=float(s["timebox"]),
            prompt=s["prompt"].strip(), notes=s.get("notes", "").strip(),
            questions=tuple(q.strip() for q in s.get("questions", ())),
            parameter=s.get("parameter"),
            options=tuple(_option(o) for o in s.get("options", ())),
            example=s.get("example", "").strip(), share_url=s.get("share_url"), dots=s.get("dots"),
            timebox_per_key_result=float(s.get("timebox_per_key_result", 0)),
            show_rules=bool(s.get("show_rules", False)),
            self_guided=_self_guided(s.get("self_guided") or {}),
        )
        for s in data["steps"]
    )
    return Workshop(id=data["id"], title=data["title"].strip(), version=str(data["version"]),
                    description=data["description"].strip(), steps=steps, share_url=data.get("share_url"),
                    auto_start=bool(data.get("auto_start", False)), source=source, dots=data.get("dots", 3),
                    language=data.get("language", "").replace("_", "-"),
                    self_guided=_self_guided(data.get("self_guided") or {}))
