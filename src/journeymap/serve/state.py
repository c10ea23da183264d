"""The live preview's state: the map as last read (errors, warnings, findings), the last good map that is drawn,
and a generation counter tagging each reading so that the page only ever shows the newest.

Readings and drawings are serialized by one lock: two quick saves are read one after the other, the later last,
and a drawing is always made from the newest good map (Graphviz runs one at a time on a shared machine too).
"""

from __future__ import annotations

import json
import sys
import threading
import warnings
from pathlib import Path
from typing import TextIO

import attrs

from journeymap.analysis import Analysis, analyse
from journeymap.cli.commands import read_checked
from journeymap.errors import InvalidMapError, JourneyMapError, Problem, diagnostic
from journeymap.rendering import render
from journeymap.wording import summary

__all__ = ["Drawing", "Preview", "Reading", "error_lines"]


@attrs.frozen
class Reading:
    """What one reading of the map file found: its generation, errors and warnings as the command line prints them,
    and the title and findings in brief of the last good map, whose generation ``drawn`` is (None: none yet)."""

    generation: int
    drawn: int | None = None
    title: str | None = None
    summary: str | None = None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_json(self) -> str:
        """The reading as one line of JSON, as the page's events carry it."""
        return json.dumps(attrs.asdict(self), ensure_ascii=False, separators=(",", ":"))


@attrs.frozen
class Drawing:
    """One view of the last good map: the SVG, or why it could not be drawn (as the command line says it)."""

    generation: int
    svg: bytes | None = None
    error: str | None = None


@attrs.frozen
class _Good:
    generation: int
    findings: Analysis


def error_lines(error: JourneyMapError) -> tuple[str, ...]:
    """An error as the command line prints it: each problem ``file:line:col: error: ...`` with its suggestion."""
    if isinstance(error, InvalidMapError):
        return tuple(problem.diagnostic("error") for problem in error.problems)
    return (diagnostic("error", str(error)),)


class Preview:
    """The map file's preview, shared by the watcher (which reads it again) and the page's requests (which draw)."""

    def __init__(self, path: Path, *, max_bytes: int | None = None, stderr: TextIO | None = None) -> None:
        self.path = path
        self._max_bytes = max_bytes
        self._stderr = stderr
        self._work = threading.Lock()  # one reading or drawing at a time
        self._changed = threading.Condition()
        self._reading = Reading(generation=0)
        self._good: _Good | None = None
        self._drawings: dict[tuple[str, str], Drawing] = {}  # of the good map's generation, by view and theme
        self._closed = False

    @property
    def reading(self) -> Reading:
        """The newest reading."""
        with self._changed:
            return self._reading

    @property
    def closed(self) -> bool:
        """True once the preview has stopped."""
        with self._changed:
            return self._closed

    def reload(self) -> Reading:
        """Read the map file again: a valid map becomes the one drawn; an invalid one keeps the last good drawing and
        gives its errors. Waiters are woken with the new reading."""
        with self._work:
            generation = self._reading.generation + 1
            errors: tuple[str, ...] = ()
            found: list[Problem] = []
            try:
                loaded, found = read_checked(self.path, self._max_bytes)
                findings = analyse(loaded.journey)
            except JourneyMapError as error:
                errors = error_lines(error)
            except (RecursionError, MemoryError, OSError) as error:  # a hostile or vanishing file: say so, go on
                errors = (diagnostic("error", f"cannot read the map: {error}", str(self.path)),)
            else:
                self._good = _Good(generation, findings)
                self._drawings.clear()
            told = () if errors else tuple(problem.diagnostic("warning") for problem in found)
            good = self._good
            reading = Reading(generation=generation, errors=errors, warnings=told) if good is None else Reading(
                generation=generation, drawn=good.generation, title=good.findings.journey.title,
                summary=summary(good.findings), errors=errors, warnings=told)
            with self._changed:
                self._reading = reading
                self._changed.notify_all()
            return reading

    def wait(self, after: int, timeout: float) -> Reading | None:
        """The newest reading once it is newer than generation ``after``; None on timeout or once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._reading.generation > after, timeout)
            if self._closed or self._reading.generation <= after:
                return None
            return self._reading

    def drawing(self, view: str, theme: str) -> Drawing | None:
        """``view`` of the last good map in ``theme`` as SVG, drawn once per generation; None before any good map."""
        with self._work:
            good = self._good
            if good is None:
                return None
            drawn = self._drawings.get((view, theme))
            if drawn is None:
                drawn = self._drawings[view, theme] = self._draw(good, view, theme)
            return drawn

    def _draw(self, good: _Good, view: str, theme: str) -> Drawing:
        with warnings.catch_warnings(record=True) as caught:  # Graphviz's, told on standard error as render tells
            warnings.simplefilter("always")
            try:
                svg = render(good.findings.journey, view, "svg", analysis=good.findings, theme=theme)
            except JourneyMapError as error:
                return Drawing(good.generation, error="\n".join(error_lines(error)))
            finally:
                for warning in caught:
                    print(diagnostic("warning", str(warning.message)), file=self._stderr or sys.stderr)
        return Drawing(good.generation, svg=svg)

    def close(self) -> None:
        """Stop: every waiter returns."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
