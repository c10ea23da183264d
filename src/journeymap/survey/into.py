"""Writing a survey's results into a map file (`journeymap survey DEF --into MAP`): the map is read and checked
first, changed in place (comments and layout kept, see :mod:`journeymap.io.patch`), read again, and written whole
or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from journeymap.errors import InvalidMapError, Problem
from journeymap.files import write_atomic
from journeymap.io import SUFFIXES, read_map, reads_map
from journeymap.io.patch import patch_text
from journeymap.io.reading import byte_limit, read_limited
from journeymap.model import Journey
from journeymap.survey.evidence import map_edits, map_evidence
from journeymap.survey.results import SurveyResults

_BOM = "\ufeff"


@attrs.frozen
class Written:
    """The map before and after a survey went into it, and notes on what the survey could not put there."""

    old: Journey
    new: Journey
    notes: tuple[Problem, ...]

    @property
    def changed(self) -> bool:
        """True when the file was written: the survey changed something in the map."""
        return self.old != self.new


def write_into(results: SurveyResults, path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Written:
    """Put ``results`` into the map file at ``path`` (YAML or JSON); the file is left untouched when nothing
    changes. Raises InvalidMapError when the map cannot be read or cannot hold the results, InvalidSurveyError when
    the definition names an actor the map lacks."""
    name = os.fspath(path)
    loaded = read_map(path, max_bytes=max_bytes)
    fmt = SUFFIXES.get(Path(path).suffix.lower(), "yaml")
    edits, notes = map_edits(map_evidence(results), loaded.journey, results.definition)
    raw = read_limited(path, byte_limit(max_bytes))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidMapError([Problem(message="the map is not UTF-8 text, and a survey is written only into UTF-8 "
                                               "maps", file=name, suggestion="save the map as UTF-8 first")]) from None
    bom = text.startswith(_BOM)
    try:
        patched = patch_text(text.removeprefix(_BOM), fmt, edits)
    except InvalidMapError as err:
        raise InvalidMapError([attrs.evolve(p, file=name) for p in err.problems]) from None
    new = reads_map(patched, fmt, source=name, max_bytes=max(byte_limit(max_bytes), len(patched) * 4)).journey
    if new != loaded.journey:
        write_atomic(path, (_BOM if bom else "") + patched)
    return Written(old=loaded.journey, new=new, notes=tuple(notes))
