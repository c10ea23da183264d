"""Map text to plain Python data plus a table of where each part stands in the file (YAML and JSON)."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import pathlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journeymap.errors import InvalidMapError, Path, Problem, UsageError

MAX_DEPTH = 50
"""Deepest nesting a map may have; a real map needs about eight levels."""

MAX_ALIAS_VALUES = 100_000
"""Most values YAML aliases may add to a map once expanded (stops "billion laughs"). Values written out in
the file are not counted: the file's size bounds them."""

MAX_BYTES = 32_000_000
"""Largest map file read by default, in bytes. A machine-made map of 20,000 touchpoints and 100,000
contributions takes 12 MB as YAML and 18 MB as JSON; MAX_BYTES_VARIABLE or ``max_bytes=`` raise the limit."""

MAX_BYTES_VARIABLE = "JOURNEYMAP_MAX_BYTES"

MAX_NUMBER = 10**15
"""Largest magnitude of a number in a map: its numbers are emotions, shares, hours and the format version.
Larger ones are refused as they are read, before they can overflow a sum or a conversion to float."""

MAX_NUMBER_TEXT = 100  # characters; longer numbers are refused unread (PyYAML's 1:2:3 integers cost n² to read)

_LIMIT_HINT = "a limit against hostile files: a real map is a few levels deep and writes out what it holds"
_SIZE_HINT = (f"a limit against hostile files; for a real map this large, raise it with --max-bytes or the "
              f"{MAX_BYTES_VARIABLE} environment variable")
EMPTY_HINT = "start from `journeymap init`, or write `journeymap: 1` and a `title:`"

_YAML_TAG = "tag:yaml.org,2002:"
_SAFE_SCALAR_TAGS = frozenset(_YAML_TAG + t for t in ("null", "bool", "int", "float", "str", "timestamp"))
_NUMBER_TAGS = frozenset(_YAML_TAG + t for t in ("int", "float"))

Position = tuple[int, int]


@attrs.frozen
class Positions:
    """Where each path of a map stands in its file: line and column, both from 1."""

    file: str | None = None
    values: Mapping[Path, Position] = attrs.field(factory=dict)
    keys: Mapping[Path, Position] = attrs.field(factory=dict)

    def position(self, path: Path, *, key: bool = False) -> Position | None:
        """The position of the key (or value) at ``path``, else of the nearest enclosing value."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return None

    def locate(self, problem: Problem, *, key: bool = False) -> Problem:
        """The problem placed at its path's position in this file (kept if it is placed already)."""
        if problem.line is not None:
            return problem if problem.file is not None else attrs.evolve(problem, file=self.file)
        line, column = self.position(problem.path, key=key) or (None, None)
        return problem.located(self.file, line, column)


@attrs.frozen
class Source:
    """A map file read into plain data: dicts, lists, text, numbers, booleans and None."""

    data: Any
    positions: Positions
    problems: tuple[Problem, ...] = ()  # found while reading, already placed
    rejected: frozenset[Path] = frozenset()  # paths whose value was refused (problems under them are noise)


def fatal(message: str, file: str | None, position: Position | None = None, suggestion: str | None = None,
          value: Any = None) -> InvalidMapError:
    """An error for a file that cannot be read at all."""
    line, column = position or (None, None)
    return InvalidMapError([Problem(message=message, value=value, suggestion=suggestion,
                                    file=file, line=line, column=column)])


def byte_limit(given: int | None = None) -> int:
    """The largest map file read, in bytes: ``given``, else JOURNEYMAP_MAX_BYTES, else MAX_BYTES."""
    if given is not None:
        return _positive(given, "max_bytes")
    text = os.environ.get(MAX_BYTES_VARIABLE, "").strip()
    if not text:
        return MAX_BYTES
    try:
        return _positive(int(text.replace("_", "")), MAX_BYTES_VARIABLE)
    except ValueError:
        raise UsageError(f"{MAX_BYTES_VARIABLE} must be a whole number of bytes above 0, not {text!r}") from None


def _positive(limit: int, name: str) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0:
        raise UsageError(f"{name} must be a whole number of bytes above 0, not {limit!r}")
    return limit


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a map file, refusing one larger than ``limit`` without reading it all (e.g. /dev/zero)."""
    with pathlib.Path(path).open("rb") as file:
        raw = file.read(limit + 1)
    if len(raw) > limit:
        raise _too_big(os.fspath(path), limit)
    return raw


def _too_big(file: str | None, limit: int) -> InvalidMapError:
    return fatal(f"the file is larger than {limit:,} bytes", file, suggestion=_SIZE_HINT)


def decode(raw: str | bytes, file: str | None, limit: int) -> str:
    """The text of a map file: UTF-8 (a byte-order mark is allowed), never binary, never empty, never over
    ``limit`` bytes."""
    if len(raw) > limit:  # characters of text: at least as many bytes
        raise _too_big(file, limit)
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")  # as utf-8-sig, whose codec takes ms to load
        except UnicodeDecodeError as err:
            raise fatal(f"the file is not UTF-8 text (byte 0x{raw[err.start]:02x} at offset {err.start})", file,
                        suggestion="a map is a YAML or JSON text file; save it as UTF-8") from None
    else:
        text = raw.removeprefix("\ufeff")
    if "\x00" in text:
        raise fatal("the file looks binary (it holds NUL bytes), not a YAML or JSON map", file,
                    _text_position(text, text.index("\x00")))
    if not text.strip():
        raise fatal("the file is empty", file, suggestion=EMPTY_HINT)
    half = _SURROGATE.search(text)  # only text handed over as a Python str can hold one
    if half is not None:
        raise fatal(not_a_character(text), file, _text_position(text, half.start()), suggestion=SURROGATE_HINT)
    return text


def read_source(text: str, format: str, file: str | None) -> Source:
    """Plain data and positions from the text of a ``yaml`` or ``json`` map."""
    with gc_paused():
        return read_json(text, file) if format == "json" else read_yaml(text, file)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while a map's values are made: it would walk the growing tree
    of values again and again (reading 20,000 touchpoints took twice as long), and none of them is garbage."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


# ---------------------------------------------------------------------------
# YAML: compose with PyYAML's safe loader, then walk the nodes ourselves so that
# every value keeps its position and duplicate keys are caught.


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
    walker = _walk_yaml(text, file)
    return Source(walker.data, Positions(file, walker.values, walker.keys),
                  (*walker.duplicates, *walker.problems), frozenset(walker.rejected))


def _walk_yaml(text: str, file: str | None) -> _Walker:
    """Compose with libyaml where it can (many times faster on large maps); whatever it refuses is composed
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
                    _text_position(text, err.position)) from None


def _yaml_error(err: yaml.MarkedYAMLError, file: str | None) -> InvalidMapError:
    mark = err.problem_mark or err.context_mark
    position = _mark(mark) if mark is not None else None
    if isinstance(err, _LimitError):
        return fatal(str(err.problem), file, position,
                     suggestion=_LIMIT_HINT)
    if err.context and str(err.problem).startswith("but "):  # PyYAML splits "expected X, but found Y"
        return fatal(f"YAML syntax error: {err.context}, {err.problem}", file, position)
    context = f"{err.context} at line {err.context_mark.line + 1}" if err.context and err.context_mark else None
    hint = "indent with spaces, not tabs" if "'\\t'" in str(err.problem) else context
    return fatal(f"YAML syntax error: {err.problem}", file, position, suggestion=hint)


def _mark(mark: yaml.Mark) -> Position:
    return mark.line + 1, mark.column + 1


def _text_position(text: str, index: int) -> Position:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


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
        if isinstance(value, str) and _SURROGATE.search(value):
            return self._reject(node, path, not_a_character(value), short(node.value), SURROGATE_HINT)
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
            if _SURROGATE.search(key):
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


NUMBER_HINT = "if it is meant as text, put it in quotes"
SURROGATE_HINT = "write the character itself, or both halves of its pair (\\ud83d\\udc75 is 👵)"
_SURROGATE = re.compile("[\ud800-\udfff]")  # only an escape (\ud800) can put one in: UTF-8 text cannot hold it


def not_a_character(text: str) -> str:
    """What is wrong with text holding half of a UTF-16 surrogate pair (it could never be written out)."""
    half = _SURROGATE.search(text)
    assert half is not None
    return f"the text holds \\u{ord(half.group()):04x}, half of a UTF-16 surrogate pair, which is not a character"


def huge(value: Any) -> bool:
    """A finite number beyond MAX_NUMBER (infinities and NaN are left to the model's validators)."""
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and abs(value) != float("inf") and abs(value) > MAX_NUMBER)


def too_large(text: str) -> str:
    """What is wrong with a number too large for a map."""
    return f"the number {short(text)} is too large for a map (its numbers are at most 10^15)"


def short(text: str) -> str:
    """Text cut to 40 characters for a message."""
    return text if len(text) <= 40 else text[:37] + "..."


# ---------------------------------------------------------------------------
# JSON: values from the json module; positions from composing the same text as YAML.


def read_json(text: str, file: str | None) -> Source:
    """Plain data from JSON text (exact JSON values), with positions where the YAML composer can find them."""
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    try:
        # NaN/Infinity become floats the validators refuse; numbers too long to read are kept as their text
        data = json.loads(text, object_pairs_hook=pairs, parse_int=_json_number(int), parse_float=_json_number(float))
    except json.JSONDecodeError as err:
        raise fatal(f"JSON syntax error: {err.msg}", file, (err.lineno, err.colno)) from None
    except RecursionError:
        raise fatal(f"the map nests deeper than {MAX_DEPTH} levels", file, suggestion=_LIMIT_HINT) from None
    except ValueError as err:
        raise fatal(f"cannot read the JSON: {str(err).split(';')[0]}", file) from None
    _check_depth(data, file)
    data, refused, rejected = _refuse_values(data, file)
    values: dict[Path, Position] = {}
    keys: dict[Path, Position] = {}
    found: list[Problem] = []
    try:
        walker = _walk_yaml(text, file)
        values, keys, found = walker.values, walker.keys, walker.duplicates
    except InvalidMapError:  # not every JSON text composes as YAML: then problems go without line numbers
        pass
    positions = Positions(file, values, keys)
    problems = found or [
        Problem(message=f"duplicate key '{key}'", value=key, suggestion="keep only one", file=file)
        for key in duplicates
    ]
    problems += [positions.locate(problem) for problem in refused]
    return Source(data, positions, tuple(problems), frozenset(rejected))


class _Unread(str):
    """The text of a JSON number too long to read, kept until it is reported."""


def _json_number(convert: type[int] | type[float]) -> Callable[[str], Any]:
    def read(text: str) -> Any:
        return _Unread(text) if len(text) > MAX_NUMBER_TEXT else convert(text)
    return read


def _refuse_values(data: Any, file: str | None) -> tuple[Any, list[Problem], set[Path]]:
    """JSON data with numbers too large for a map and text that is not characters left out, a problem for
    each, and the paths left out."""
    refused: list[Problem] = []
    rejected: set[Path] = set()

    def check(value: Any, path: Path) -> Any:
        if isinstance(value, _Unread) or huge(value):
            refused.append(Problem(message=f"cannot read the JSON: {too_large(str(value))}", path=path,
                                   value=short(str(value)), suggestion=NUMBER_HINT, file=file))
            rejected.add(path)
            return None
        if isinstance(value, str) and _SURROGATE.search(value):
            refused.append(Problem(message=not_a_character(value), path=path, value=short(value),
                                   suggestion=SURROGATE_HINT, file=file))
            rejected.add(path)
            return None
        return value

    data = check(data, ())
    stack: list[tuple[Any, Path]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        items: Iterable[tuple[Any, Any]] = (
            list(value.items()) if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ())
        for key, child in items:
            if isinstance(key, str) and _SURROGATE.search(key):  # placed at its mapping, as the key cannot be
                refused.append(Problem(message=not_a_character(key), path=path, value=short(key),
                                       suggestion=SURROGATE_HINT, file=file))
                del value[key]
                continue
            value[key] = check(child, (*path, key))
            stack.append((value[key], (*path, key)))
    return data, refused, rejected


def _check_depth(data: Any, file: str | None) -> None:
    level = [data]
    for _ in range(MAX_DEPTH + 1):
        level = [c for v in level for c in (v.values() if isinstance(v, dict) else v if isinstance(v, list) else ())]
        if not level:
            return
    raise fatal(f"the map nests deeper than {MAX_DEPTH} levels", file, suggestion=_LIMIT_HINT)
