"""Map text to plain Python data plus a table of where each part stands in the file: YAML or JSON.

The careful path of reading (the quick one is :mod:`journeymap.io.quick`): :mod:`journeymap.io.yaml_reader`
and :mod:`journeymap.io.json_reader` do the reading, :mod:`journeymap.io.reading` holds what they share. The
names of the limits and of the readers stay importable from here.
"""

from __future__ import annotations

from journeymap.io.json_reader import read_json
from journeymap.errors import short
from journeymap.io.reading import (
    EMPTY_HINT, MAX_ALIAS_VALUES, MAX_BYTES, MAX_BYTES_VARIABLE, MAX_DEPTH, MAX_NUMBER, MAX_NUMBER_TEXT, NUMBER_HINT,
    SURROGATE_HINT, Position, Positions, Source, byte_limit, decode, fatal, gc_paused, huge, not_a_character,
    read_limited, too_large,
)
from journeymap.io.yaml_reader import read_yaml

__all__ = [
    "EMPTY_HINT", "MAX_ALIAS_VALUES", "MAX_BYTES", "MAX_BYTES_VARIABLE", "MAX_DEPTH", "MAX_NUMBER", "MAX_NUMBER_TEXT",
    "NUMBER_HINT", "SURROGATE_HINT", "Position", "Positions", "Source", "byte_limit", "decode", "fatal", "gc_paused",
    "huge", "not_a_character", "read_json", "read_limited", "read_source", "read_yaml", "short", "too_large",
]


def read_source(text: str, format: str, file: str | None) -> Source:
    """Plain data and positions from the text of a ``yaml`` or ``json`` map."""
    with gc_paused():
        return read_json(text, file) if format == "json" else read_yaml(text, file)
