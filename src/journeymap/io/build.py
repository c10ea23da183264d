"""Plain map data to model objects, through the model's own converters and validators, collecting every problem."""

from __future__ import annotations

import re
import types
from collections.abc import Collection, Iterable
from typing import Any

import attrs

from journeymap.errors import InvalidMapError, Path, Problem, did_you_mean, format_path
from journeymap.io.fileformat import FORMAT_KEY, FORMAT_VERSION, children, file_key, nested
from journeymap.errors import short
from journeymap.io.reading import Positions
from journeymap.model import (
    Action, Actor, Asset, Contribution, FlowEdge, GroupCount, Journey, LikertCount, LogEvidence, LogHidden, Need,
    Outcome, Stage, Survey, Touchpoint, Variant, WillingnessCount, iter_fields,
)
from journeymap.model_validators import expects_text

# The format's names are imported from here by older code (tests/test_starter.py): kept importable.
__all__ = ["FORMAT_KEY", "FORMAT_VERSION", "build_journey", "children", "file_key"]

_NOUNS = {Journey: "map", Actor: "actor", Asset: "asset", Stage: "stage", Touchpoint: "touchpoint",
          FlowEdge: "flow step", Contribution: "contribution", Need: "need", Survey: "survey",
          GroupCount: "group count", WillingnessCount: "willingness count", LikertCount: "Likert count",
          Outcome: "outcome", Action: "action", LogEvidence: "evidence block",
          LogHidden: "count of what was hidden", Variant: "variant"}
_PATH_TEXT = re.compile(r"\b[a-z_]+\[\d+\](?:\.[a-z_]+(?:\[\d+\])*)*")  # as errors.format_path writes them
_YAML_BOOLEANS = "YAML reads yes, no, on, off, true and false (and Yes, YES...) as booleans unless they are in quotes"
_PLACEHOLDER = "placeholder"  # stands in for a broken required field while cross-references are checked


def build_journey(data: Any, positions: Positions | None = None, earlier: Iterable[Problem] = (),
                  rejected: Collection[Path] = ()) -> Journey:
    """The journey a map's plain data describes, or InvalidMapError listing every problem, placed in the file."""
    builder = _Builder(positions or Positions(), rejected)
    journey = builder.journey(data)
    problems = [*earlier, *builder.problems]
    if problems or journey is None:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InvalidMapError(problems)
    return journey


class _Builder:
    """Builds model objects field by field; remembers what failed so later checks do not repeat it."""

    def __init__(self, positions: Positions, rejected: Collection[Path]) -> None:
        self.positions = positions
        self.rejected = rejected
        self.problems: list[Problem] = []
        self.failed_ids: set[str] = set()  # ids of items left out, so references to them are not reported
        self.kept: dict[Path, list[int]] = {}  # for each list in the file, the file index of each item built

    def report(self, problem: Problem, *, key: bool = False) -> None:
        if not any(problem.path[:len(r)] == r for r in self.rejected):  # the reader reported those values
            self.problems.append(self.positions.locate(problem, key=key))

    def journey(self, data: Any) -> Journey | None:
        if not isinstance(data, dict):
            self.report(Problem(message=f"a map file holds a mapping of keys to values, not {_kind(data)}",
                                value=data, suggestion="start with `journeymap: 1` and `title: ...`"))
            return None
        if not self._version(data):
            return None
        fields = {k: v for k, v in data.items() if k != FORMAT_KEY}
        kwargs, ok = self._fields(Journey, fields, (), also=(FORMAT_KEY,))
        if any(name not in kwargs and fields.get(name) is not None for name in children(Journey)):
            return None  # a whole list is unreadable: its ids are unknown, so references cannot be checked
        if not ok:
            kwargs = {**{f.name: _PLACEHOLDER for f in iter_fields(Journey) if f.default is attrs.NOTHING}, **kwargs}
        try:
            return Journey(**kwargs)
        except InvalidMapError as err:  # duplicate ids and dangling references
            for problem in err.problems:
                if problem.value not in self.failed_ids or problem.path[-1:] == ("id",):
                    self.report(attrs.evolve(problem, path=self._file_path(problem.path),
                                             suggestion=self._file_text(problem.suggestion)))
        return None

    def _version(self, data: dict[str, Any]) -> bool:
        """False when the map declares a format this reader does not know (then nothing else is checked)."""
        version = data.get(FORMAT_KEY)
        if FORMAT_KEY not in data:
            self.report(Problem(message="the map does not say its format version",
                                suggestion=f"add `{FORMAT_KEY}: {FORMAT_VERSION}` as its first line"))
        elif isinstance(version, str) and version.strip() == str(FORMAT_VERSION):
            self.report(Problem(message=f"the format version {version!r} is text, not a number: the quotes made it "
                                        f"text; drop them (write {FORMAT_VERSION})", path=(FORMAT_KEY,), value=version,
                                suggestion=f"this journeymap reads format {FORMAT_VERSION}: "
                                           f"write `{FORMAT_KEY}: {FORMAT_VERSION}`"))
            return False
        elif isinstance(version, bool) or not isinstance(version, int) or version != FORMAT_VERSION:
            self.report(Problem(message=f"unsupported format version {version!r}", path=(FORMAT_KEY,), value=version,
                                suggestion=f"this journeymap reads format {FORMAT_VERSION}: "
                                           f"write `{FORMAT_KEY}: {FORMAT_VERSION}`"))
            return False
        return True

    def _fields(self, cls: type, data: dict[str, Any], path: Path,
                also: tuple[str, ...] = ()) -> tuple[dict[str, Any], bool]:
        """Keyword arguments for ``cls`` from a mapping, and whether every field passed its checks."""
        fields = {file_key(cls, f.name): f for f in iter_fields(cls)}
        for key in data:
            if key not in fields:  # reported, but the item is still built so its references get checked
                self.report(Problem(message=f"unknown key '{key}'", path=(*path, key), value=key,
                                    suggestion=_key_hint(cls, key, data[key], [*also, *fields])), key=True)
        kwargs: dict[str, Any] = {}
        ok = True
        for key, field in fields.items():
            required = field.default is attrs.NOTHING
            if data.get(key) is None and not (required and key in data):  # null means "not given"
                if required:
                    ok = False
                    self.report(Problem(message=f"{_NOUNS[cls]} is missing the required key '{key}'", path=path,
                                        suggestion=f"add `{key}: ...`"))
                continue
            value, passed = self._field(cls, field, data[key], (*path, key))
            if passed:
                kwargs[field.name] = value
            ok = ok and passed
        return kwargs, ok

    def _field(self, cls: type, field: attrs.Attribute[Any], raw: Any, path: Path) -> tuple[Any, bool]:
        """One field's value through its own converter and validator; problems get the full path."""
        value = raw
        if field.name in children(cls):
            value = self._list(children(cls)[field.name], raw, path)
            if value is None:
                return None, False
        elif field.name in nested(cls):
            value = self._object(nested(cls)[field.name], raw, path)
            if value is None:
                return None, False
        if field.converter is not None:
            value = field.converter(value)  # type: ignore[operator]
        if field.validator is not None:
            try:
                field.validator(None, field, value)
            except InvalidMapError as err:
                for problem in err.problems:
                    problem = attrs.evolve(problem, path=(*path, *problem.path[1:]))
                    self.report(self._typed(problem, field) if expects_text(field.validator) else problem)
                return None, False
        return value, True

    def _typed(self, problem: Problem, field: attrs.Attribute[Any]) -> Problem:
        """A problem with a value YAML read as true, false or a number where text was meant, told in the words
        of the file: what was typed (``yes``), what YAML made of it, and the words allowed or the quotes."""
        typed = self.positions.typed.get(problem.path)
        if typed is None or isinstance(problem.value, str):
            return problem
        in_list = isinstance(problem.path[-1], int)
        name = next((str(item) for item in reversed(problem.path) if isinstance(item, str)), field.name)
        boolean = isinstance(problem.value, bool)
        read = str(problem.value).lower() if boolean else f"the number {problem.value!r}"
        as_text = field.converter(typed) if field.converter is not None else typed  # type: ignore[operator]
        try:  # the text as typed, checked the same way: a word gets the nearest word, or the words allowed
            field.validator(None, field, (as_text,) if in_list else as_text)  # type: ignore[misc]
        except InvalidMapError as err:
            wanted, suggestion = "a word", err.problems[0].suggestion
        else:
            wanted, suggestion = "text", f"put it in quotes: {'' if in_list else name + ': '}\"{typed}\""
        return attrs.evolve(problem, message=f"{name} {typed!r} was read by YAML as {read}, not as {wanted}",
                            value=typed, suggestion=suggestion, hint=_YAML_BOOLEANS if boolean else None)

    def _list(self, cls: type, raw: Any, path: Path) -> list[Any] | None:
        if not isinstance(raw, list):
            self.report(Problem(message=f"{format_path(path)} must be a list of {_NOUNS[cls]}s, not {_kind(raw)}",
                                path=path, value=raw, suggestion="write one item per line, each starting with '- '"))
            return None
        built, kept = [], []
        for index, item in enumerate(raw):
            obj = self._object(cls, item, (*path, index))
            if obj is not None:
                built.append(obj)
                kept.append(index)
        self.kept[path] = kept
        return built

    def _object(self, cls: type, data: Any, path: Path) -> Any:
        if not isinstance(data, dict):
            self.report(Problem(message=f"each item of {format_path(path[:-1])} must be a mapping of keys to values"
                                        f" (one {_NOUNS[cls]}), not {_kind(data)}", path=path, value=data,
                                suggestion="write `- key: value` lines, or `- {key: value, ...}`"))
            return None
        kwargs, ok = self._fields(cls, data, path)
        if ok:
            try:
                return cls(**kwargs)
            except InvalidMapError as err:  # e.g. an id that cannot be derived from the name
                for problem in err.problems:
                    self.report(attrs.evolve(problem, path=(*path, file_key(cls, str(problem.path[0])),
                                                            *problem.path[1:])))
        self.failed_ids.update(_ids(cls, data, kwargs))
        return None

    def _file_path(self, path: Path) -> Path:
        """A path in the journey built from the items that passed, as a path in the file."""
        result: Path = ()
        for item in path:
            if isinstance(item, int) and result in self.kept:
                item = self.kept[result][item]
            result = (*result, item)
        return result

    def _file_text(self, text: str | None) -> str | None:
        """A message with the paths it mentions (``actors[1]``...) turned into paths in the file."""
        if text is None:
            return None
        return _PATH_TEXT.sub(lambda m: format_path(self._file_path(_parse_path(m.group()))), text)


def _parse_path(text: str) -> Path:
    return tuple(int(part) if part.isdigit() else part for part in re.findall(r"\w+", text))


def _ids(cls: type, data: dict[str, Any], kwargs: dict[str, Any]) -> set[str]:
    """The ids an item that failed would have had, and those of the items inside it."""
    ids = {getattr(obj, "id", None) for name in children(cls) for obj in kwargs.get(name, ())}
    if "id" in attrs.fields_dict(cls):
        given = data.get("id")
        if isinstance(given, str):
            ids.add(given)
        else:
            default: Any = attrs.fields_dict(cls)["id"].default
            values = {f.name: data.get(file_key(cls, f.name)) for f in iter_fields(cls)}
            try:  # the model's own derivation, applied to what the file says
                ids.add(default.factory(types.SimpleNamespace(**values)))
            except Exception:  # noqa: BLE001 - an id that cannot be derived is simply not known
                pass
    return {i for i in ids if isinstance(i, str)}


def _key_hint(cls: type, key: object, value: Any, valid: list[str]) -> str:
    near = did_you_mean(key, valid)
    if near is None and value is None:  # `{note: a, b}` makes "b" a key with no value
        return "if a comma inside { } split some text here, put that text in quotes"
    return near or f"{_a(_NOUNS[cls])} has the keys: {', '.join(valid)}"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {short(value)!r}"
    return f"the value {short(repr(value))}"


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
