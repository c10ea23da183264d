"""What the YAML and JSON readers share: limits against hostile files, decoding, the table of positions,
the plain data a reader gives back, and the wording of what cannot be read."""

from __future__ import annotations

import contextlib
import gc
import os
import pathlib
import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from journeymap.errors import InvalidMapError, Path, Problem, UsageError, short

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

LIMIT_HINT = "a limit against hostile files: a real map is a few levels deep and writes out what it holds"
_SIZE_HINT = (f"a limit against hostile files; for a real map this large, raise it with --max-bytes or the "
              f"{MAX_BYTES_VARIABLE} environment variable")
EMPTY_HINT = "start from `journeymap init`, or write `journeymap: 1` and a `title:`"


Position = tuple[int, int]


@attrs.frozen
class Positions:
    """Where each path of a map stands in its file: line and column, both from 1."""

    file: str | None = None
    values: Mapping[Path, Position] = attrs.field(factory=dict)
    keys: Mapping[Path, Position] = attrs.field(factory=dict)
    typed: Mapping[Path, str] = attrs.field(factory=dict)  # YAML: the text of each value read as true, false or
    #                                                        a number (``yes`` for True), for messages that quote it

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
          value: Any = None, hint: str | None = None) -> InvalidMapError:
    """An error for a file that cannot be read at all."""
    line, column = position or (None, None)
    return InvalidMapError([Problem(message=message, value=value, suggestion=suggestion,
                                    file=file, line=line, column=column, hint=hint)])


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
    """The text of a map file: UTF-8 (a byte-order mark is allowed) or UTF-16 with its byte-order mark, never
    binary, never empty, never over ``limit`` bytes."""
    if len(raw) > limit:  # characters of text: at least as many bytes
        raise _too_big(file, limit)
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")  # as utf-8-sig, whose codec takes ms to load
        except UnicodeDecodeError as err:
            text = _unicode(raw, err, file)
    else:
        text = raw.removeprefix("\ufeff")
    if "\x00" in text:
        if isinstance(raw, bytes) and _utf16_without_mark(raw):
            raise _no_mark(file)
        raise fatal("the file looks binary (it holds NUL bytes), not a YAML or JSON map", file,
                    text_position(text, text.index("\x00")))
    if not text.strip():
        raise fatal("the file is empty", file, suggestion=EMPTY_HINT)
    half = HALF_SURROGATE.search(text)  # only text handed over as a Python str can hold one
    if half is not None:
        raise fatal(not_a_character(text), file, text_position(text, half.start()), suggestion=SURROGATE_HINT)
    return text


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # little- and big-endian: Notepad's "Unicode" and "Unicode big endian"
_SAVE_AS_UTF8 = "a map is a YAML or JSON text file; save it as UTF-8"


def _unicode(raw: bytes, err: UnicodeDecodeError, file: str | None) -> str:
    """The text of a file that is not UTF-8: UTF-16 with its byte-order mark is read; anything else is refused,
    at the line and column of its first byte that is not UTF-8, naming the encoding it looks like."""
    if raw.startswith(_UTF16_BOMS) and not raw.startswith(b"\xff\xfe\x00\x00"):  # that one is UTF-32's
        try:
            return raw.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError as bad:
            raise fatal(f"the file starts as UTF-16 text but breaks off (at byte {bad.start:,})", file,
                        suggestion=_SAVE_AS_UTF8) from None
    if _utf16_without_mark(raw):
        raise _no_mark(file)
    if b"\x00" in raw:
        raise fatal("the file looks binary (it holds NUL bytes), not a YAML or JSON map", file)
    start = raw.rfind(b"\n", 0, err.start) + 1
    line = raw.count(b"\n", 0, err.start) + 1
    column = len(raw[start:err.start].decode("utf-8")) + 1  # all before the first bad byte is UTF-8
    byte = raw[err.start]
    try:
        seen = raw[err.start:err.end].decode("cp1252")
        raw.decode("cp1252")
    except UnicodeDecodeError:
        raise fatal(f"the file is not UTF-8 text: byte 0x{byte:02x} is not UTF-8", file, (line, column),
                    suggestion=_SAVE_AS_UTF8) from None
    raise fatal(f"the file is not UTF-8 text: byte 0x{byte:02x} is not UTF-8 ({seen!r} in Windows-1252)", file,
                (line, column), suggestion="this looks like Windows-1252 (Excel/Notepad's 'ANSI'); save it as UTF-8")


def _no_mark(file: str | None) -> InvalidMapError:
    return fatal("the file looks like UTF-16 text without its byte-order mark", file,
                 suggestion=f"{_SAVE_AS_UTF8} (or as Notepad's 'Unicode', which writes the mark)")


def _utf16_without_mark(raw: bytes) -> bool:
    """Text of mostly ASCII characters written as UTF-16: every other byte of its start is NUL."""
    head = raw[:200]
    halves = len(head) // 2
    return halves >= 2 and max(head[0::2].count(0), head[1::2].count(0)) >= 0.9 * halves


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


def text_position(text: str, index: int) -> Position:
    """Line and column (from 1) of a character of ``text``, by its index."""
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


NUMBER_HINT = "if it is meant as text, put it in quotes"
SURROGATE_HINT = "write the character itself, or both halves of its pair (\\ud83d\\udc75 is 👵)"
HALF_SURROGATE = re.compile("[\ud800-\udfff]")  # only an escape (\ud800) can put one in: UTF-8 text cannot hold it


def not_a_character(text: str) -> str:
    """What is wrong with text holding half of a UTF-16 surrogate pair (it could never be written out)."""
    half = HALF_SURROGATE.search(text)
    assert half is not None
    return f"the text holds \\u{ord(half.group()):04x}, half of a UTF-16 surrogate pair, which is not a character"


def huge(value: Any) -> bool:
    """A finite number beyond MAX_NUMBER (infinities and NaN are left to the model's validators)."""
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and abs(value) != float("inf") and abs(value) > MAX_NUMBER)


def too_large(text: str) -> str:
    """What is wrong with a number too large for a map."""
    return f"the number {short(text)} is too large for a map (its numbers are at most 10^15)"


