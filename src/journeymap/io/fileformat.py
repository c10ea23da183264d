"""The map file's format: its version key and number, the keys it gives model fields, and which keys hold lists.

The builder (reading), the writer and the JSON Schema all take these from here, so they cannot disagree.

>>> from journeymap.model import FlowEdge, Journey, Need
>>> FORMAT_KEY, FORMAT_VERSION, file_key(FlowEdge, "source"), file_key(FlowEdge, "label"), file_key(Need, "for_")
('journeymap', 1, 'from', 'label', 'for')
>>> sorted(children(Journey)), nested(Journey)
(['actions', 'actors', 'assets', 'contributions', 'flow', 'needs', 'outcomes', 'stages', 'surveys'], \
{'evidence': <class 'journeymap.model_records.LogEvidence'>})
"""

from __future__ import annotations

import re
from functools import cache

from journeymap.model import FlowEdge, iter_fields, model_classes

FORMAT_KEY = "journeymap"
"""The key that opens every map file and holds its format version."""

FORMAT_VERSION = 1
"""The format version this journeymap reads and writes."""

# "from" is a Python keyword, so the model says source/target where files say from/to; a field named with
# PEP 8's trailing underscore for a keyword (a need's for_) is written without it (for)
_RENAMED: dict[tuple[type, str], str] = {(FlowEdge, "source"): "from", (FlowEdge, "target"): "to"}
_TUPLE_OF = re.compile(r"tuple\[(\w+), \.\.\.\]")
_ONE_OF = re.compile(r"(\w+)(?: \| None)?")


def file_key(cls: type, name: str) -> str:
    """The key a map file uses for a model field."""
    return _RENAMED.get((cls, name), name.removesuffix("_"))


@cache
def nested(cls: type) -> dict[str, type]:
    """The fields of a model class that hold one model object (or None), and that object's class."""
    classes = {c.__name__: c for c in model_classes()}
    return {field.name: classes[written.group(1)] for field in iter_fields(cls)
            if (written := _ONE_OF.fullmatch(str(field.type))) and written.group(1) in classes}


@cache
def children(cls: type) -> dict[str, type]:
    """The fields of a model class that hold a tuple of model objects, and those objects' class."""
    classes = {c.__name__: c for c in model_classes()}
    found = {}
    for field in iter_fields(cls):  # the annotation as written, e.g. "tuple[Actor, ...]": no need to evaluate it
        written = _TUPLE_OF.fullmatch(str(field.type))
        if written and written.group(1) in classes:
            found[field.name] = classes[written.group(1)]
    return found
