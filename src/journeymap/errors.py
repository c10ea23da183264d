"""journeymap's exceptions, all under one JourneyMapError, and the problems they report."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from typing import Any

import attrs

PathItem = str | int
Path = tuple[PathItem, ...]


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a map: what, where (path, file, line, column) and a suggestion.

    >>> problem = Problem(message="unknown kind 'tmie'", path=("assets", 3, "kind"), suggestion="did you mean 'time'?")
    >>> print(problem.located("map.yaml", 26, 43).describe("error"))
    map.yaml:26:43: error: unknown kind 'tmie' (at assets[3].kind); did you mean 'time'?
    """

    message: str
    path: Path = ()
    value: Any = None
    suggestion: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None  # what usually causes it and how to fix it: shown on lines of its own, indented

    def located(self, file: str | None, line: int | None, column: int | None) -> Problem:
        """This problem placed at a position in a file."""
        return attrs.evolve(self, file=file, line=line, column=column)

    def at(self, *prefix: PathItem) -> Problem:
        """This problem with its path moved under ``prefix``."""
        return attrs.evolve(self, path=(*prefix, *self.path))

    @property
    def where(self) -> str:
        """``file:line:column``, or as much of it as is known, else the path (a column alone is not written: it
        would read as a line, as a Parquet log's column would)."""
        parts = [p for p in (self.file, self.line, self.column if self.line is not None else None) if p is not None]
        if parts:
            return ":".join(str(p) for p in parts)
        return format_path(self.path) or "map"

    def __str__(self) -> str:
        return self.describe()

    def describe(self, severity: str | None = None) -> str:
        """Where, an optional severity ("error", "warning"), what, and the suggestion; the hint, if any, on
        indented lines below."""
        return f"{self.where}: {severity + ': ' if severity else ''}{self._text()}"

    def diagnostic(self, severity: str) -> str:
        """The compiler-style message of the command line: ``file:line:col: error: ...`` (as much of the place
        as is known), or ``journeymap: error: ...`` with the path when there is no file.

        >>> print(Problem(message="no title", path=("title",), hint="add one").diagnostic("warning"))
        journeymap: warning: no title (at title)
          add one
        """
        if self.file is None and self.line is None:
            return diagnostic(severity, self._text(at=True))
        return self.describe(severity)

    def _text(self, *, at: bool = False) -> str:
        text = self.message
        if self.path and (at or self.file is not None):
            text += f" (at {format_path(self.path)})"
        if self.suggestion:
            text += f"; {self.suggestion}"
        if self.hint:
            text += "".join(f"\n{CONTINUATION}{line}" for line in self.hint.splitlines())
        return text


PROGRAM = "journeymap"
"""Where a message without a place in a file says it comes from."""

CONTINUATION = "  "
"""What starts each line of a message after its first (a hint, an item of a list): editors and CI read the
first line, ``where: severity: message``, and show the rest with it."""

DIAGNOSTIC = re.compile(r"(?P<where>[^:\n]+?)(?::(?P<line>\d+)(?::(?P<column>\d+))?)?: "
                        r"(?P<severity>error|warning): (?P<message>\S.*)")
"""The first line of every message the command line prints about a map or a run, matched whole."""


def diagnostic(severity: str, text: str, where: str | None = None) -> str:
    r"""A message in the command line's one format: ``where: severity: first line``, each later line indented.

    >>> print(diagnostic("warning", "left out:\n- assets (3)\n- needs (1)"))
    journeymap: warning: left out:
      - assets (3)
      - needs (1)
    """
    first, *more = text.splitlines() or [""]
    lines = [f"{where or PROGRAM}: {severity}: {first}"]
    lines += [line if line.startswith(CONTINUATION) else CONTINUATION + line for line in more if line.strip()]
    return "\n".join(lines)


def format_path(path: Path) -> str:
    """A path such as ``stages[1].touchpoints[0].emotion``.

    >>> format_path(("stages", 1, "touchpoints", 0, "emotion"))
    'stages[1].touchpoints[0].emotion'
    """
    text = ""
    for item in path:
        text += f"[{item}]" if isinstance(item, int) else (f".{item}" if text else item)
    return text


def short(text: str) -> str:
    """Text cut to 40 characters for a message.

    >>> short("a" * 50)
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'
    """
    return text if len(text) <= 40 else text[:37] + "..."


def did_you_mean(value: object, choices: Iterable[str]) -> str | None:
    """'did you mean ...?' naming the nearest of ``choices`` to ``value``, if one is near.

    >>> did_you_mean("carr", ["carer", "family", "peer"])
    "did you mean 'carer'?"
    >>> did_you_mean("xyz", ["carer"]) is None
    True
    """
    if not isinstance(value, str):
        return None
    options = sorted(set(choices))
    lowered = {c.lower(): c for c in options}
    if value.lower() in lowered:
        return f"did you mean '{lowered[value.lower()]}'?"
    import difflib  # imported only when a word is wrong

    close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{lowered[close[0]]}'?"
    return None


class JourneyMapError(Exception):
    """Base of every error journeymap raises.

    >>> all(issubclass(e, JourneyMapError) for e in (InvalidMapError, UsageError, RenderError, OutputError))
    True
    """


class InvalidMapError(JourneyMapError, ValueError):
    """A map (file or Python objects) breaks the format or its rules; lists every problem.

    >>> error = InvalidMapError([Problem(message="unknown role 'carr'", path=("actors", 1, "role"),
    ...                                  suggestion="did you mean 'carer'?", file="map.yaml", line=7, column=47)])
    >>> print(error)
    map.yaml:7:47: unknown role 'carr' (at actors[1].role); did you mean 'carer'?
    >>> isinstance(error, ValueError), error.problems[0].line
    (True, 7)
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems:"]
        lines += [f"  {line}" for p in self.problems for line in str(p).splitlines()]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._message()


class UsageError(JourneyMapError, ValueError):
    """A function or command was called with choices it does not offer.

    >>> issubclass(UsageError, ValueError)
    True
    """


class RenderError(JourneyMapError, RuntimeError):
    """A diagram could not be drawn.

    >>> issubclass(RenderError, RuntimeError) and issubclass(GraphvizNotFoundError, RenderError)
    True
    """


class GraphvizNotFoundError(RenderError):
    """The Graphviz binaries are not installed or not on PATH.

    >>> str(GraphvizNotFoundError("install Graphviz"))
    'install Graphviz'
    """


class OutputError(JourneyMapError, OSError):
    """An output file could not be written.

    >>> issubclass(OutputError, OSError)
    True
    """


class JourneyMapWarning(UserWarning):
    """Something journeymap did that its caller should know of, e.g. what an export to Mermaid had to drop.

    >>> import warnings
    >>> from journeymap import Journey, Need, dumps
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     text = dumps(Journey(title="T", needs=[Need(name="Friends", users=0.9, staff=0.4)]), "mermaid")
    >>> caught[0].category is JourneyMapWarning, text.splitlines()[:2]
    (True, ['journey', '    title T'])
    """


_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


def caller_level() -> int:
    """The ``stacklevel`` at which ``warnings.warn``, called by the function calling this, names the first frame
    outside journeymap: the caller's own line, however deep in the package the warning was found."""
    level, frame = 1, sys._getframe(1)
    while frame.f_back is not None and os.path.abspath(frame.f_code.co_filename).startswith(_PACKAGE):
        level, frame = level + 1, frame.f_back
    return level


def expect(value: object, kind: type, name: str) -> None:
    """A UsageError unless ``value`` is a ``kind``, which ``name`` (a function's argument) takes: a caller passing
    something else learns what, not an AttributeError from deep inside."""
    if not isinstance(value, kind):
        article = "an" if kind.__name__[:1] in "AEIOU" else "a"
        raise UsageError(f"{name} takes {article} {kind.__name__}, not {type(value).__name__}")
