"""Writing a survey's results into a map file (`journeymap survey DEF --into MAP`): the map is read and checked
first, changed in place (comments and layout kept, see :mod:`journeymap.io.patch`), read again, and written whole
or not at all."""

from __future__ import annotations

import os

import attrs

from journeymap.errors import Problem
from journeymap.files import write_atomic
from journeymap.io import read_map
from journeymap.io.patch import patch_file
from journeymap.model import Journey
from journeymap.survey.evidence import map_edits, map_evidence
from journeymap.survey.results import SurveyResults

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
    loaded = read_map(path, max_bytes=max_bytes)
    edits, notes = map_edits(map_evidence(results), loaded.journey, results.definition)
    patched = patch_file(path, edits, what="a survey's results", max_bytes=max_bytes)
    new = patched.journey
    if new != loaded.journey:
        write_atomic(path, patched.text)
    return Written(old=loaded.journey, new=new, notes=tuple(notes))
