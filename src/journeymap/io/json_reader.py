"""JSON map text to plain data: exact JSON values from the json module, positions from composing the same text
as YAML (JSON is YAML's subset, nearly), and numbers too long or text that is not characters refused."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from journeymap.errors import InvalidMapError, Path, Problem
from journeymap.errors import short
from journeymap.io.reading import (
    HALF_SURROGATE, LIMIT_HINT, MAX_DEPTH, MAX_NUMBER_TEXT, NUMBER_HINT, SURROGATE_HINT, Position, Positions, Source,
    fatal, huge, not_a_character, too_large,
)
from journeymap.io.yaml_reader import walk_yaml


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
        raise fatal(f"JSON syntax error: {err.msg}", file, (err.lineno, err.colno), hint=_JSON_HINTS.get(err.msg)) \
            from None
    except RecursionError:
        raise fatal(f"the map nests deeper than {MAX_DEPTH} levels", file, suggestion=LIMIT_HINT) from None
    except ValueError as err:
        raise fatal(f"cannot read the JSON: {str(err).split(';')[0]}", file) from None
    _check_depth(data, file)
    data, refused, rejected = _refuse_values(data, file)
    values: dict[Path, Position] = {}
    keys: dict[Path, Position] = {}
    found: list[Problem] = []
    try:
        walker = walk_yaml(text, file)
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


# What usually causes the json module's commonest complaints, and how to fix it.
_JSON_HINTS = {
    "Expecting property name enclosed in double quotes":
        "usually a comma after the last entry of { } (JSON allows none), or a key not in double quotes",
    "Expecting value": "usually a comma after the last item of [ ], or text not in double quotes "
                       "(true, false and null are written in lower case)",
    "Expecting ',' delimiter": "usually a comma missing between two items, or a \" inside text not written as \\\"",
    "Invalid control character at": "a line break or tab inside text: write it as \\n or \\t",
    "Extra data": "a JSON map is one { } object: something follows its closing }",
}


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
        if isinstance(value, str) and HALF_SURROGATE.search(value):
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
            if isinstance(key, str) and HALF_SURROGATE.search(key):  # placed at its mapping, as the key cannot be
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
    raise fatal(f"the map nests deeper than {MAX_DEPTH} levels", file, suggestion=LIMIT_HINT)
