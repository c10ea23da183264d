"""The small YAML files `discover` takes beside a log (``--stages``, ``--roles``): one mapping, read with each key's
and value's line and column, so that every mistake in them is placed where it was written, and every name in them
can be warned of, at its place, when the log never uses it."""

from __future__ import annotations

import os
from collections.abc import Iterator

import attrs
import yaml

from journeymap.discover.errors import InvalidLogError, first_not_utf8, quoted_row
from journeymap.errors import Problem

__all__ = ["Entry", "MappingFile", "Place", "read_mapping"]

_LINE_SHOWN = 60  # characters of a line that is not UTF-8 shown in its message


@attrs.frozen
class Entry:
    """One key of the file's mapping, with its value's YAML node (for the value's own place and shape)."""

    key: str
    line: int
    column: int
    value: yaml.Node


@attrs.frozen
class Place:
    """A name as written in a mapping file, and where."""

    name: str
    file: str
    line: int
    column: int

    def problem(self, message: str, suggestion: str | None = None) -> Problem:
        """A problem (an error's or a warning's) with this name, placed where it is written."""
        return Problem(message=message, value=self.name, suggestion=suggestion, file=self.file, line=self.line,
                       column=self.column)


@attrs.frozen
class MappingFile:
    """A mapping file's name and its entries in file order."""

    file: str
    entries: tuple[Entry, ...]

    def place(self, node: yaml.Node | Entry, name: str) -> Place:
        """Where ``name`` is written: at ``node`` (a value's node, or an entry's key)."""
        if isinstance(node, Entry):
            return Place(name, self.file, node.line, node.column)
        return Place(name, self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def problem(self, node: yaml.Node | Entry, message: str, value: object = None,
                suggestion: str | None = None) -> InvalidLogError:
        """The error for something wrong at ``node`` (a value's node, or an entry's key)."""
        where = self.place(node, "")
        return InvalidLogError([Problem(message=message, value=value, suggestion=suggestion, file=self.file,
                                        line=where.line, column=where.column)])

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)


def read_mapping(path: str | os.PathLike[str], what: str, example: str) -> MappingFile:
    """The mapping at the top of the YAML file ``path``; an error placed in the file when it cannot be read, is not
    UTF-8 text, is not one mapping, or names a key twice. ``what`` says what the file is for, ``example`` shows an
    entry, for the suggestions."""
    file = os.fspath(path)
    try:
        with open(file, "rb") as stream:
            data = stream.read()
    except OSError as err:
        raise InvalidLogError([Problem(message=f"cannot read the {what}: {err.strerror or err}", file=file,
                                       suggestion="check the path")]) from None
    if (fault := first_not_utf8(data)) is not None:
        raise _not_utf8(file, what, data, *fault)
    text = data.decode("utf-8-sig")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.reader.ReaderError as err:
        line, column = _line_and_column(text, err.position)
        raise InvalidLogError([Problem(
            message=f"the {what} holds a control character (U+{err.character:04X}), which YAML does not allow",
            file=file, line=line, column=column, suggestion="delete it (often a stray character pasted in)")]) from None
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


def _not_utf8(file: str, what: str, data: bytes, line: int, written: str) -> InvalidLogError:
    """The error for a file that is not UTF-8 text: placed at the ``line`` of its first byte that is not, with that
    line as ``written`` as far as it can be read, and how to convert it (from UTF-16, Windows' "Unicode", when it
    starts as that does)."""
    name = os.path.basename(file)
    stem, suffix = os.path.splitext(name)
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if utf16:
        line = 1
    shown = "" if utf16 else written.strip()
    message = (f"the {what} is UTF-16 text, not UTF-8" if utf16
               else f"line {line} of the {what} is not UTF-8 text, {quoted_row(shown, _LINE_SHOWN)}")
    return InvalidLogError([Problem(
        message=message, value=shown or None, file=file, line=line,
        suggestion=f"save it as UTF-8 (in your editor: Save As, Encoding UTF-8), or convert it, e.g. iconv -f "
                   f"{'UTF-16' if utf16 else 'WINDOWS-1252'} -t UTF-8 {name} > {stem}-utf8{suffix}")])


def _line_and_column(text: str, position: int) -> tuple[int, int]:
    """The line and column (from 1) of a character of ``text``, by its index."""
    line_start = text.rfind("\n", 0, position) + 1
    return text.count("\n", 0, position) + 1, position - line_start + 1
