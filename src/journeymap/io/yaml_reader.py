"""YAML map text to plain data and positions: PyYAML's safe composer, then a walk over its nodes of our own,
so that every value keeps its place in the file and duplicate keys, tags and hostile nesting are caught."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journeymap.errors import InvalidMapError, Path, Problem
from journeymap.errors import short
from journeymap.io.reading import (
    EMPTY_HINT, HALF_SURROGATE, LIMIT_HINT, MAX_ALIAS_VALUES, MAX_DEPTH, MAX_NUMBER_TEXT, NUMBER_HINT, SURROGATE_HINT,
    Position, Positions, Source, fatal, huge, not_a_character, text_position, too_large,
)

_YAML_TAG = "tag:yaml.org,2002:"
_SAFE_SCALAR_TAGS = frozenset(_YAML_TAG + t for t in ("null", "bool", "int", "float", "str", "timestamp"))
_NUMBER_TAGS = frozenset(_YAML_TAG + t for t in ("int", "float"))


class _LimitError(yaml.MarkedYAMLError):
    """The document is nested too deeply or expands to too many values."""


_CLoader: Any = getattr(yaml, "CSafeLoader", None)  # None where PyYAML was built without libyaml


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing to scan or compose nesting deeper than MAX_DEPTH."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._depth = 0

    def fetch_flow_collection_start(self, token_class: type) -> None:
        # The scanner looks ahead to the end of nested [ or { before the composer sees them: stop it early,
        # or deep brackets cost time growing with the square of their number.
        if self.flow_level >= MAX_DEPTH:
            raise _LimitError(problem=f"the map nests deeper than {MAX_DEPTH} levels", problem_mark=self.get_mark())
        super().fetch_flow_collection_start(token_class)

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self._depth >= MAX_DEPTH:
            raise _LimitError(problem=f"the map nests deeper than {MAX_DEPTH} levels",
                              problem_mark=self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_yaml(text: str, file: str | None) -> Source:
    """Plain data and positions from YAML text, using only PyYAML's safe machinery."""
    walker = walk_yaml(text, file)
    return Source(walker.data, Positions(file, walker.values, walker.keys, walker.typed),
                  (*walker.duplicates, *walker.problems), frozenset(walker.rejected))


def walk_yaml(text: str, file: str | None) -> _Walker:
    """The walked nodes of YAML text. Compose with libyaml where it can (many times faster on large maps); whatever it refuses is composed
    again by PyYAML's own composer, so that every message and position is the same whichever composed."""
    if _CLoader is not None:
        try:
            return _walk(_CLoader, text, file)
        except InvalidMapError:
            pass
    return _walk(_Loader, text, file)


def _walk(loader_class: Any, text: str, file: str | None) -> _Walker:
    try:
        loader = loader_class(text)
        try:
            root = loader.get_single_node()
            if root is None:
                raise fatal("the file is empty (it holds only comments)", file, suggestion=EMPTY_HINT)
            _check_size(root)
            walker = _Walker(loader, file)
            walker.data = walker.value(root, ())
            return walker
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as err:
        raise _yaml_error(err, file) from None
    except yaml.reader.ReaderError as err:
        raise fatal(f"the file holds a character a map cannot: {err.reason} (#x{err.character:04x})", file,
                    text_position(text, err.position)) from None


def _yaml_error(err: yaml.MarkedYAMLError, file: str | None) -> InvalidMapError:
    mark = err.problem_mark or err.context_mark
    position = _mark(mark) if mark is not None else None
    if isinstance(err, _LimitError):
        return fatal(str(err.problem), file, position,
                     suggestion=LIMIT_HINT)
    context_line = err.context_mark.line + 1 if err.context_mark else None
    if err.context and str(err.problem).startswith("but "):  # PyYAML splits "expected X, but found Y"
        return fatal(f"YAML syntax error: {err.context}, {err.problem}", file, position,
                     hint=syntax_hint(f"{err.context}, {err.problem}", context_line))
    context = f"{err.context} at line {context_line}" if err.context and context_line else None
    hint = "indent with spaces, not tabs" if "'\\t'" in str(err.problem) else context
    return fatal(f"YAML syntax error: {err.problem}", file, position, suggestion=hint,
                 hint=syntax_hint(f"{err.problem} ({err.context})", context_line))


_INDENTATION = ("a line indented more or less than the lines beside it: the keys of one item start in one column, "
                "and so does each '- ' of one list")
# What PyYAML says, and what usually causes it and how to fix it; the first that fits is given, on its own line.
_SYNTAX_HINTS = (
    ("mapping values are not allowed here",
     "usually a ': ' inside text that is not in quotes (write name: \"Ann: carer\"), or a key indented further "
     "than the key above it: the keys of one item start in one column"),
    ("could not find expected ':'",
     "usually a key without its ':' (or the space after it){line}, or text that runs on to a second line: "
     "write key: value, and put text that spans lines in quotes"),
    ("found unexpected end of stream (while scanning a quoted",
     "a quote opened{line} is never closed: close it, or put text holding a \" in single quotes"),
    ("expected <block end>, but found '<scalar>'",
     "usually more text after a value in quotes (write the whole value inside the quotes), or " + _INDENTATION),
    ("expected <block end>", "usually " + _INDENTATION),
    ("did not find expected key", "usually " + _INDENTATION),
    ("did not find expected '-' indicator", "usually " + _INDENTATION),
    ("expected ',' or", "the [ or {{line} needs its closing ] or }; inside, items are separated by commas; "
                        "put text holding , : [ ] { } in quotes"),
    ("that cannot start any token", "@, ` and % cannot start text that is not in quotes: put the value in quotes"),
    ("found undefined alias", "*name refers back to an &name defined above: put text starting with * in quotes"),
    ("expected a single document", "a map file holds one document: remove the '---' line, or split the file"),
)


def syntax_hint(said: str, line: int | None) -> str | None:
    """What usually causes a YAML syntax error PyYAML words as ``said``, and how to fix it; None if unknown."""
    for start, hint in _SYNTAX_HINTS:
        if start in said:
            return hint.replace("{line}", f" at line {line}" if line else "")
    return None



def _mark(mark: yaml.Mark) -> Position:
    return mark.line + 1, mark.column + 1


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, SequenceNode):
        yield from node.value
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value


def _check_size(root: Node) -> None:
    """Refuse recursive aliases, and documents that aliases make too deep or too large, before expanding."""
    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}
    active: set[int] = set()
    added = 0  # values the aliases add: each alias expands to the whole value it refers to

    def visit(node: Node, depth: int) -> int:
        nonlocal added
        key = id(node)
        if key in active:
            raise _LimitError(problem="an alias refers to the value that holds it (a recursive alias)",
                              problem_mark=node.start_mark)
        if depth + heights.get(key, 0) > MAX_DEPTH:
            raise _LimitError(problem=f"with its aliases expanded the map nests deeper than {MAX_DEPTH} levels",
                              problem_mark=node.start_mark)
        if key in sizes:  # an alias: its value was walked already
            added += sizes[key]
            return sizes[key]
        active.add(key)
        size, height = 1, 0
        for child in _children(node):
            size += visit(child, depth + 1)
            height = max(height, heights[id(child)] + 1)
            if added > MAX_ALIAS_VALUES:  # placed at the value holding the alias (an alias has no place of its own)
                raise _LimitError(problem=f"its aliases expand to more than {MAX_ALIAS_VALUES:,} values",
                                  problem_mark=node.start_mark)
        active.discard(key)
        sizes[key], heights[key] = size, height
        return size

    visit(root, 0)


class _Walker:
    """Turns composed YAML nodes into plain data, recording positions and problems."""

    def __init__(self, loader: Any, file: str | None) -> None:  # _Loader, or libyaml's CSafeLoader
        self.loader = loader
        self.file = file
        self.values: dict[Path, Position] = {}
        self.keys: dict[Path, Position] = {}
        self.typed: dict[Path, str] = {}
        self.data: Any = None
        self.problems: list[Problem] = []
        self.duplicates: list[Problem] = []
        self.rejected: set[Path] = set()
        self._flattened: set[int] = set()

    def value(self, node: Node, path: Path) -> Any:
        self.values[path] = _mark(node.start_mark)
        if isinstance(node, ScalarNode) and node.tag in _SAFE_SCALAR_TAGS:
            return self._scalar(node, path)
        if isinstance(node, SequenceNode) and node.tag == _YAML_TAG + "seq":
            return [self.value(child, (*path, i)) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode) and node.tag == _YAML_TAG + "map":
            return self._mapping(node, path)
        tag = node.tag.replace(_YAML_TAG, "!!")
        return self._reject(node, path, f"the tag {tag} is not allowed in a map file", tag,
                            "remove it: a map holds only text, numbers, true/false, lists and mappings")

    def _scalar(self, node: ScalarNode, path: Path) -> Any:
        if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_TEXT:
            return self._reject(node, path, f"cannot read the value: {too_large(node.value)}", short(node.value),
                                NUMBER_HINT)
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as err:
            return self._reject(node, path, f"cannot read the value: {err}", short(node.value))
        if huge(value):
            return self._reject(node, path, f"cannot read the value: {too_large(node.value)}", short(node.value),
                                NUMBER_HINT)
        if isinstance(value, str) and HALF_SURROGATE.search(value):
            return self._reject(node, path, not_a_character(value), short(node.value), SURROGATE_HINT)
        if isinstance(value, bool | int | float):
            self.typed[path] = node.value
        return value

    def _reject(self, node: Node, path: Path, message: str, value: Any, suggestion: str | None = None) -> None:
        self._problem(node.start_mark, message, path, value, suggestion)
        self.rejected.add(path)

    def _problem(self, mark: yaml.Mark, message: str, path: Path, value: Any, suggestion: str | None,
                 into: list[Problem] | None = None) -> None:
        line, column = _mark(mark)
        problem = Problem(message=message, path=path, value=value, suggestion=suggestion,
                          file=self.file, line=line, column=column)
        (self.problems if into is None else into).append(problem)

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        if id(node) not in self._flattened:  # an aliased mapping is walked again: report and merge it once
            self._flattened.add(id(node))
            self._report_duplicates(node, path)
            try:
                self.loader.flatten_mapping(node)  # merge keys (<<), as PyYAML resolves them
            except yaml.MarkedYAMLError as err:
                self._reject(node, path, f"cannot merge: {err.problem}", None)
                return {}
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:  # merged pairs come first, so the mapping's own keys win
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node.start_mark, "a key must be plain text, not a list or mapping", path, None,
                              None)
                continue
            key = key_node.value
            if HALF_SURROGATE.search(key):
                self._problem(key_node.start_mark, not_a_character(key), path, short(key), SURROGATE_HINT)
                continue
            self.keys[(*path, key)] = _mark(key_node.start_mark)
            result[key] = self.value(value_node, (*path, key))
        return result

    def _report_duplicates(self, node: MappingNode, path: Path) -> None:
        seen: dict[str, yaml.Mark] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _YAML_TAG + "merge":
                continue
            first = seen.setdefault(key_node.value, key_node.start_mark)
            if first is not key_node.start_mark:
                self._problem(key_node.start_mark, f"duplicate key '{key_node.value}'", (*path, key_node.value),
                              key_node.value, f"it is already set at line {first.line + 1}; keep only one",
                              self.duplicates)
