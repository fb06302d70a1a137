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
from facilitator.i18n import N_, _

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
        raise WorkshopError([LocatedProblem(str(path), 1, 1, _("no such file"))]) from None
    except UnicodeDecodeError as exc:
        raise WorkshopError([LocatedProblem(str(path), 1, 1, _("not UTF-8 text ({reason})").format(
            reason=exc.reason))]) from None
    except OSError as exc:
        raise WorkshopError([LocatedProblem(str(path), 1, 1, _("cannot read: {reason}").format(
            reason=exc.strerror))]) from None
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
        label = _("step '{id}'").format(id=step_id) if isinstance(step_id, str) else \
            _("step {number}").format(number=path[1] + 1)
        if len(path) >= 4 and path[2] == "options" and isinstance(path[3], int):
            label = _("{step}, option {number}").format(step=label, number=path[3] + 1)
        return label + ": "
    return ""


# How a value found or wanted is named in a message (translated where the message is made).
_TYPE_NAMES = {bool: N_("true/false"), int: N_("a number"), float: N_("a number"), str: N_("text"),
               list: N_("a list"), dict: N_("a mapping")}


def _type_name(value: Any) -> str:
    if value is None:
        return _("empty")
    name = _TYPE_NAMES.get(type(value))
    return _(name) if name else type(value).__name__


_EXPECTED = {"string": N_("text"), "number": N_("a number"), "array": N_("a list"), "object": N_("a mapping"),
             "boolean": N_("true or false"), "integer": N_("a whole number")}


def _describe(error: ValidationError, located: Located) -> list[Problem]:
    import difflib
    path = tuple(error.absolute_path)
    prefix = _step_label(located.data, path)
    key = path[-1] if path and isinstance(path[-1], str) else None
    name = f"'{key}'" if key else _("value")
    v = error.validator
    if v == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        out = []
        for extra in sorted(set(error.instance) - set(allowed), key=str):
            hint = difflib.get_close_matches(str(extra), allowed, n=1)
            if hint:
                msg = _("{prefix}unknown key '{key}' (did you mean '{hint}'?)").format(
                    prefix=prefix, key=extra, hint=hint[0])
            else:
                msg = _("{prefix}unknown key '{key}'; allowed: {allowed}").format(
                    prefix=prefix, key=extra, allowed=", ".join(allowed))
            out.append(Problem(*located.where(path + (extra,), key=True), msg))
        return out
    if v == "required":
        missing = error.message.split("'")[1]
        return [Problem(*located.where(path), _("{prefix}missing required key '{key}'").format(
            prefix=prefix, key=missing))]
    where = located.where(path)
    if v == "type":
        types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        want = _(" or ").join(_(_EXPECTED[t]) if t in _EXPECTED else t for t in types)
        return [Problem(*where, _("{prefix}{name} must be {wanted}, not {found}").format(
            prefix=prefix, name=name, wanted=want, found=_type_name(error.instance)))]
    if v in ("exclusiveMinimum", "minimum") and key == "timebox":
        return [Problem(*where, _("{prefix}'timebox' must be a positive number of minutes, not {value}").format(
            prefix=prefix, value=error.instance))]
    if v == "maximum" and key == "timebox":
        return [Problem(*where, _("{prefix}'timebox' of {value} minutes is longer than a day").format(
            prefix=prefix, value=error.instance))]
    if v == "enum":
        choices = [str(c) for c in error.validator_value]
        hint = difflib.get_close_matches(str(error.instance), choices, n=1)
        if key == "parameter":
            msg = _("{prefix}unknown parameter id '{value}'").format(prefix=prefix, value=error.instance)
        else:
            msg = _("{prefix}unknown {name} '{value}'").format(prefix=prefix, name=name, value=error.instance)
        msg += _(" (did you mean '{hint}'?)").format(hint=hint[0]) if hint else \
            _("; expected one of: {choices}").format(choices=", ".join(choices))
        return [Problem(*where, msg)]
    if v == "pattern":
        if error.validator_value == "\\S":
            return [Problem(*where, _("{prefix}{name} must not be blank").format(prefix=prefix, name=name))]
        if key in ("share_url",):
            return [Problem(*where, _("{prefix}'{key}' must be an http(s) or mailto link").format(
                prefix=prefix, key=key))]
        if key == "language":
            return [Problem(*where, _("{prefix}'language' must be a language code such as en, de, fr or es "
                                      "(found '{value}')").format(prefix=prefix, value=error.instance))]
        return [Problem(*where, _("{prefix}{name} must use only lowercase letters, digits and '-' "
                                  "(found '{value}')").format(prefix=prefix, name=name, value=error.instance))]
    if v == "minLength":
        return [Problem(*where, _("{prefix}{name} must not be empty").format(prefix=prefix, name=name))]
    if v == "maxLength":
        return [Problem(*where, _("{prefix}{name} is {length} characters long; keep it under {limit} so it fits "
                                  "the screen (put the rest in the prompt)").format(
                                      prefix=prefix, name=name, length=len(error.instance),
                                      limit=error.validator_value))]
    if v in ("minItems", "maxItems"):
        bound, found = error.validator_value, len(error.instance)
        if v == "minItems":
            msg = _("{prefix}{name} needs at least {bound} entries, it has {found}")
        else:
            msg = _("{prefix}{name} needs at most {bound} entries, it has {found}")
        return [Problem(*where, msg.format(prefix=prefix, name=name, bound=bound, found=found))]
    return [Problem(*where, f"{prefix}{name}: {error.message}")]


def _schema_problems(located: Located) -> list[Problem]:
    if not isinstance(located.data, dict):
        return [Problem(1, 1, _("a workshop must be a mapping of keys, not {found}").format(
            found=_type_name(located.data)))]
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
                                        _("duplicate step id '{id}' (first used by step {first})").format(
                                            id=step_id, first=first)))
            first_step.setdefault(step_id, i)
        is_decision = step.get("kind") == "decision"
        if is_decision:
            for needed in ("parameter", "options"):
                if needed not in step:
                    problems.append(Problem(*located.where(path), _("{prefix}decision steps need '{key}'").format(
                        prefix=prefix, key=needed)))
        elif isinstance(step.get("kind"), str) and step["kind"] in STEP_KINDS:
            for unwanted in ("parameter", "options"):
                if unwanted in step:
                    problems.append(Problem(*located.where(path + (unwanted,), key=True),
                                            _("{prefix}'{key}' is only allowed on decision steps "
                                              "(this step's kind is '{kind}')").format(
                                                  prefix=prefix, key=unwanted, kind=step.get("kind"))))
        parameter = step.get("parameter")
        if isinstance(parameter, str):
            if parameter in first_parameter:
                problems.append(Problem(*located.where(path + ("parameter",)),
                                        _("{prefix}parameter '{parameter}' is already decided by "
                                          "step '{step}'").format(prefix=prefix, parameter=parameter,
                                                                  step=first_parameter[parameter])))
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
                                                _("{prefix}unknown placeholder '{placeholder}' (known: "
                                                  "{known})").format(prefix=prefix,
                                                                     placeholder="{{" + unknown[0] + "}}",
                                                                     known=", ".join(PLACEHOLDERS))))
        options = step.get("options")
        options = [o for o in options if isinstance(o, dict)] if isinstance(options, list) else []
        seen: set[str] = set()
        for j, option in enumerate(options):
            option_id = option.get("id")
            if not isinstance(option_id, str):
                continue  # the schema says what is wrong with it
            if option_id in seen:
                problems.append(Problem(*located.where(path + ("options", j, "id")),
                                        _("{prefix}duplicate option id '{id}'").format(prefix=prefix, id=option_id)))
            seen.add(option_id)
        if is_decision and options:
            defaults = [j for j, o in enumerate(options) if o.get("default") is True]
            if len(defaults) != 1:
                where = located.where(path + ("options", defaults[1], "default")) if defaults else \
                    located.where(path + ("options",), key=True)
                problems.append(Problem(*where, _("{prefix}mark exactly one option 'default: true' (the usual "
                                                  "starting choice); found {count}").format(
                                                      prefix=prefix, count=len(defaults))))
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
