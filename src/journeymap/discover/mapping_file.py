"""The small YAML files `discover` takes beside a log (``--stages``, ``--roles``): one mapping, read with each key's
and value's line and column, so that every mistake in them is placed where it was written."""

from __future__ import annotations

import os
from collections.abc import Iterator

import attrs
import yaml

from journeymap.discover.errors import InvalidLogError
from journeymap.errors import Problem

__all__ = ["Entry", "MappingFile", "read_mapping"]


@attrs.frozen
class Entry:
    """One key of the file's mapping, with its value's YAML node (for the value's own place and shape)."""

    key: str
    line: int
    column: int
    value: yaml.Node


@attrs.frozen
class MappingFile:
    """A mapping file's name and its entries in file order."""

    file: str
    entries: tuple[Entry, ...]

    def problem(self, node: yaml.Node | Entry, message: str, value: object = None,
                suggestion: str | None = None) -> InvalidLogError:
        """The error for something wrong at ``node`` (a value's node, or an entry's key)."""
        line, column = (node.line, node.column) if isinstance(node, Entry) else (
            node.start_mark.line + 1, node.start_mark.column + 1)
        return InvalidLogError([Problem(message=message, value=value, suggestion=suggestion, file=self.file,
                                        line=line, column=column)])

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)


def read_mapping(path: str | os.PathLike[str], what: str, example: str) -> MappingFile:
    """The mapping at the top of the YAML file ``path``; an error placed in the file when it cannot be read, is not
    one mapping, or names a key twice. ``what`` says what the file is for, ``example`` shows an entry, for the
    suggestions."""
    file = os.fspath(path)
    try:
        with open(file, encoding="utf-8-sig") as stream:
            root = yaml.compose(stream, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidLogError([Problem(message=f"cannot read the {what}: {getattr(err, 'strerror', None) or err}",
                                       file=file, suggestion="check the path")]) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        raise InvalidLogError([Problem(message=f"the {what} is not valid YAML: {err.problem}", file=file,
                                       line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
                                       suggestion=f"write one entry a line, e.g. {example}")]) from None
    if not isinstance(root, yaml.MappingNode):
        line, column = (root.start_mark.line + 1, root.start_mark.column + 1) if root is not None else (1, 1)
        raise InvalidLogError([Problem(message=f"the {what} must be a YAML mapping", file=file, line=line,
                                       column=column, suggestion=f"write one entry a line, e.g. {example}")])
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for key_node, value_node in root.value:
        line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        if not isinstance(key_node, yaml.ScalarNode) or not str(key_node.value).strip():
            raise InvalidLogError([Problem(message="a key must be plain text", file=file, line=line, column=column,
                                           suggestion=f"e.g. {example}")])
        key = str(key_node.value).strip()
        if key in seen:
            raise InvalidLogError([Problem(message=f"'{key}' is named twice (first on line {seen[key]})", value=key,
                                           file=file, line=line, column=column,
                                           suggestion="keep one of the two entries")])
        seen[key] = line
        entries.append(Entry(key, line, column, value_node))
    return MappingFile(file, tuple(entries))
