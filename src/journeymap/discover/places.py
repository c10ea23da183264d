"""Where the events of an XES log are in its file, so that what the aggregation says of the CSV the log was converted
to names the XES file instead: the CSV's row N is the log's event N (its events in file order), found at a line and
column of the XES file.

>>> places = EventPlaces("log.xes")
>>> places.add(5, 5); places.add(9, 5)
>>> places.of(2), places.of(3)
((9, 5), None)
>>> print(places.located(Problem(message="row 2 has no activity", file="/tmp/log.csv", line=3, column=2),
...                      "/tmp/log.csv"))
log.xes:9:5: event 2 has no activity
>>> rows_named([2], places), rows_named([2, 7], None), rows_named([13], None)
('event 2 at line 9', 'rows 2, 7', 'row 13')
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence

import attrs

from journeymap.errors import Problem

__all__ = ["EventPlaces", "rows_named"]

_COLUMN_BITS = 32  # a place is kept as one integer: line << 32 | column
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1
_ROW_WORD = re.compile(r"\brow(s?)\b")
_A_ROW = re.compile(r"\ba row\b")


@attrs.define(eq=False)
class EventPlaces:
    """The line and column of each event's ``<event>`` element in the XES log ``file``, in file order: 8 bytes an
    event."""

    file: str
    _packed: array[int] = attrs.field(factory=lambda: array("q"), init=False)

    def add(self, line: int, column: int) -> None:
        """The next event starts at this line and (1-based) column."""
        self._packed.append(line << _COLUMN_BITS | (column if column < _COLUMN_MASK else _COLUMN_MASK))

    def __len__(self) -> int:
        return len(self._packed)

    def of(self, event: int) -> tuple[int, int] | None:
        """The line and column of event ``event`` (1-based, file order); None for a number no event has."""
        if not 1 <= event <= len(self._packed):
            return None
        packed = self._packed[event - 1]
        return packed >> _COLUMN_BITS, packed & _COLUMN_MASK

    def located(self, problem: Problem, converted: str) -> Problem:
        """``problem`` as the XES log's: one about the CSV ``converted`` names the XES file, says "event" for "row"
        and is placed at the event of the row its line is on (the header, line 1, has no place in the XES); any
        other problem is left as it is."""
        if problem.file != converted:
            return problem
        place = self.of(problem.line - 1) if problem.line is not None else None  # one line a row (xes_to_csv)
        message = _ROW_WORD.sub(r"event\1", _A_ROW.sub("an event", problem.message))
        return attrs.evolve(problem, message=message, file=self.file,
                            line=place[0] if place else None, column=place[1] if place else None)


def rows_named(rows: Sequence[int], places: EventPlaces | None) -> str:
    """Rows of a log as a note names them: ``rows 4, 9`` for a CSV or Parquet log, ``event 4 at line 20, event 9 at
    line 41`` for an XES log (``places``: its events' places)."""
    if places is None:
        return f"row{'s' if len(rows) > 1 else ''} {', '.join(str(row) for row in rows)}"
    return ", ".join(f"event {row} at line {place[0]}" if (place := places.of(row)) else f"event {row}"
                     for row in rows)
