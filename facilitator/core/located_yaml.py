"""Safe YAML loading that remembers where every value came from.

Validation messages must point at `FILE:LINE:COLUMN`, so we keep the node marks that `yaml.safe_load`
throws away. Only the safe loader's constructors are used. Aliases are refused outright: an alias bomb
costs nothing to parse but explodes when walked (see shared/RELIABILITY.md), and hand-written workshop
scripts and exports never need them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from facilitator.core.problem import Problem
from facilitator.i18n import _

Path_ = tuple[Any, ...]
MAX_BYTES = 2_000_000
MAX_NODES = 200_000
# Every item of a YAML list or mapping needs a line break or a comma of its own, so counting those bounds the
# number of items before anything is parsed: composing 20,000 nodes already takes seconds, and the largest
# built-in workshop has about 700 lines.
MAX_ITEMS = 20_000
MAX_DEPTH = 40  # a workshop is 4-5 levels deep; far below where the parser's recursion gives out
MAX_NUMBER_CHARS = 40
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


class YamlProblem(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class Located:
    data: Any
    # where each value starts, by its path of keys and indexes; for mapping entries also the key itself
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[Problem] = field(default_factory=list)

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The closest known position for `path`, walking up to the parent when needed."""
        table = self.keys if key else self.values
        path = tuple(path)
        while path:
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def load(text: str, *, positions: bool = True) -> Located:
    """Parse one YAML document; raises YamlProblem for invalid YAML, aliases or oversize input.

    With `positions=False` (a reader that names paths, not lines, in its messages: the importer) the positions
    of the values are not kept, and a file with nothing unusual in it is read in one pass (`_plain_data`)."""
    if len(text) > MAX_BYTES:
        raise YamlProblem(Problem(1, 1, _("file is too large ({size} characters, the limit is {limit})").format(
            size=f"{len(text):,}", limit=f"{MAX_BYTES:,}")))
    items = text.count("\n") + text.count(",")
    if items > MAX_ITEMS:
        raise YamlProblem(Problem(1, 1, _("file is too large ({lines} lines and {commas} commas; a workshop or an "
                                          "export has far fewer than {limit} items)").format(
                                              lines=f"{text.count(chr(10)):,}", commas=f"{text.count(','):,}",
                                              limit=f"{MAX_ITEMS:,}")))
    if not positions and (data := _plain_data(text)) is not _UNUSUAL:
        return Located(data=data)
    try:
        _check_events(text)
        loader = _NoAliasLoader(text)  # the reader refuses control characters (a NUL byte) right here
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise YamlProblem(Problem(line, column, _("invalid YAML: a control character (code {code}) cannot "
                                                  "appear in a YAML file").format(code=repr(exc.character)))) from None
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem):  # libyaml's own limit, far beyond ours
            raise YamlProblem(Problem(1, 1, _invalid(_nested()))) from None
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        what = exc.problem or str(exc)
        if exc.context:
            what = f"{exc.context}: {what}"
        raise YamlProblem(Problem(line, col, _invalid(what))) from None
    try:
        root = loader.get_single_node()
        if root is None:
            raise YamlProblem(Problem(1, 1, _("the file is empty")))
        located = Located(data=None)
        _check_tree(root, (), located, [0])
        located.data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        what = exc.problem or str(exc)
        if exc.context:
            what = f"{exc.context}: {what}"
        raise YamlProblem(Problem(line, col, _invalid(what))) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(1, 1, _invalid(str(exc)))) from None
    except RecursionError:
        raise YamlProblem(Problem(1, 1, _invalid(_nested()))) from None
    finally:
        loader.dispose()
    return located


def _invalid(problem: str) -> str:
    """PyYAML's own words for what is wrong stay English (they are its messages); the frame is ours."""
    return _("invalid YAML: {problem}").format(problem=problem)


def _nested() -> str:
    return _("nested more than {levels} levels deep").format(levels=MAX_DEPTH)


def _too_large() -> str:
    return _("document is too large (over {count} values)").format(count=f"{MAX_NODES:,}")


def _aliases() -> str:
    return _("aliases ('*name') are not allowed in this file")


def _anchors(anchor: str) -> str:
    return _("anchors ('&{anchor}') are not allowed in this file").format(anchor=anchor)


def _check_tree(node: yaml.Node, path: Path_, located: Located, count: list[int]) -> None:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise YamlProblem(Problem(*_pos(node.start_mark), _too_large()))
    located.values[path] = _pos(node.start_mark)
    if len(path) > MAX_DEPTH:
        raise YamlProblem(Problem(*_pos(node.start_mark), _nested()))
    if isinstance(node, yaml.ScalarNode) and node.tag in (_INT, _FLOAT):
        # Refused here, where the position is known: int() gives up on thousands of digits, and a
        # timebox of .nan or .inf would pass every comparison and break the clock.
        if len(node.value) > MAX_NUMBER_CHARS:
            raise YamlProblem(Problem(*_pos(node.start_mark), _("a number of {count} characters; write a real "
                                                                "one").format(count=f"{len(node.value):,}")))
        if node.tag == _FLOAT and node.value.lower().lstrip("+-") in (".nan", ".inf"):
            raise YamlProblem(Problem(*_pos(node.start_mark), _("'{value}' is not a usable number here").format(
                value=node.value)))
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(Problem(*_pos(key_node.start_mark), _("merge keys ('<<') are not supported")))
            key = _key_value(key_node)
            if key in seen:  # as Python will see them: `1:` and `true:` are the same key
                located.duplicates.append(Problem(*_pos(key_node.start_mark), _("duplicate key '{key}'").format(
                    key=key_node.value)))
            seen.add(key)
            located.keys[path + (key,)] = _pos(key_node.start_mark)
            _check_tree(value_node, path + (key,), located, count)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _check_tree(item, path + (i,), located, count)


def _key_value(node: yaml.Node) -> object:
    """A mapping key as the safe loader will build it (`null:` is None, `1:` is 1), so that problems found in
    the built data can be located at the key."""
    if not isinstance(node, yaml.ScalarNode):
        return repr(node)
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag == "tag:yaml.org,2002:bool":
        return node.value.lower() in ("true", "yes", "on")
    if node.tag == _INT:
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:
            return node.value
    return node.value


def _check_events(text: str) -> None:
    """Anchors, aliases and deep nesting refused from the parser's events, before any node is composed: the
    events come from libyaml's iterative parser, so a hostile file is turned away before anything recurses."""
    depth = events = 0
    for event in yaml.parse(text, Loader=_EventLoader):
        events += 1
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, _aliases(), event.start_mark)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise yaml.composer.ComposerError(None, None, _anchors(anchor), event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH + 10:  # moderately deep files get the located message of _check_tree
                raise yaml.composer.ComposerError(None, None, _nested(), event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if events > 2 * MAX_NODES + 8:
            raise yaml.composer.ComposerError(None, None, _too_large(), event.start_mark)


# libyaml (when PyYAML has it) parses and composes in C, several times faster than PyYAML's own parser: an
# import of a shared folder reads a thousand files. The safe constructors build the values either way.
_EventLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NoAliasLoader(_EventLoader):
    """The safe loader; anchors and aliases were refused from the events (see `_check_events`)."""

    def compose_node(self, parent: Any, index: Any) -> yaml.Node:  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, _aliases(), event.start_mark)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise yaml.composer.ComposerError(None, None, _anchors(anchor), event.start_mark)
        return super().compose_node(parent, index)


# -- the one-pass reading of a file with nothing unusual in it ------------------------------------------------
# An import of a shared folder reads a thousand exports, and the careful path above reads each three times over
# (the events, the nodes, then the values). Almost every file is plain: mappings, lists and scalars, no tags, no
# anchors, no duplicate keys, no odd numbers, not deep. Those are built straight from the parser's events, the
# values exactly as the safe loader builds them. At the first thing that is not plain, or any error, the file
# goes the careful path, which refuses it with its located message or reads it as it always did.
_UNUSUAL = object()
_STR, _NULL, _BOOL, _MERGE = (f"tag:yaml.org,2002:{n}" for n in ("str", "null", "bool", "merge"))
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TAGS: dict[str, str] = {}  # a plain scalar's implicit tag, by its text (the resolver tries a list of patterns)
_TAGS_KEPT = 20_000


def _plain_tag(value: str) -> str:
    tag = _TAGS.get(value)
    if tag is None:
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
        if len(value) <= 100:
            if len(_TAGS) >= _TAGS_KEPT:
                _TAGS.clear()
            _TAGS[value] = tag
    return tag


def _scalar(event: yaml.ScalarEvent) -> Any:
    value = event.value
    if event.tag is not None:
        return _UNUSUAL  # an explicit tag (`!!binary`, `!x`): the careful path says what it makes of it
    if not event.implicit[0]:
        return value  # quoted: a string whatever it looks like
    tag = _plain_tag(value)
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return _CONSTRUCTOR.bool_values[value.lower()]
    if tag in (_INT, _FLOAT):
        if len(value) > MAX_NUMBER_CHARS or (tag == _FLOAT and value.lower().lstrip("+-") in (".nan", ".inf")):
            return _UNUSUAL
        node = yaml.ScalarNode(tag, value)
        return _CONSTRUCTOR.construct_yaml_int(node) if tag == _INT else _CONSTRUCTOR.construct_yaml_float(node)
    return _UNUSUAL  # a timestamp, a merge key, `=`: rare in an export, read the careful way


def _plain_data(text: str) -> Any:
    """The document's values, or _UNUSUAL when the file needs the careful path."""
    try:
        loader = _EventLoader(text)
    except yaml.YAMLError:
        return _UNUSUAL
    # each open collection: [the dict or list, the key waiting for its value (mappings), the keys seen so far]
    open_: list[list[Any]] = []
    done: list[Any] = []
    nodes = 0
    try:
        while True:
            event = loader.get_event()
            kind = event.__class__
            if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                nodes += 1
                if event.anchor is not None or nodes > MAX_NODES:
                    return _UNUSUAL
                if kind is yaml.ScalarEvent:
                    value = _scalar(event)
                    if value is _UNUSUAL:
                        return _UNUSUAL
                else:
                    if event.tag is not None or len(open_) >= MAX_DEPTH:
                        return _UNUSUAL
                    open_.append([{} if kind is yaml.MappingStartEvent else [], _UNUSUAL])
                    continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                value = open_.pop()[0]
            elif kind is yaml.StreamEndEvent:
                break
            elif kind is yaml.AliasEvent:
                return _UNUSUAL
            else:
                continue  # the stream's and the document's start and end
            if not open_:
                if done:
                    return _UNUSUAL  # a second document: the careful path refuses it
                done.append(value)
                continue
            top = open_[-1]
            container = top[0]
            if type(container) is list:
                container.append(value)
            elif top[1] is _UNUSUAL:  # a key
                if kind is not yaml.ScalarEvent or value in container or (
                        event.implicit[0] and _plain_tag(event.value) == _MERGE):
                    return _UNUSUAL  # a list or mapping as a key, a duplicate, a merge key
                top[1] = value
            else:
                container[top[1]] = value
                top[1] = _UNUSUAL
    except (yaml.YAMLError, TypeError):  # TypeError: a key that cannot be a dict key
        return _UNUSUAL
    finally:
        loader.dispose()
    return done[0] if done else _UNUSUAL
