"""Model objects to plain map data, and plain data to YAML or JSON text."""

from __future__ import annotations

import datetime
import json
import re
from enum import Enum
from typing import Any

import attrs
import yaml

from journeymap.io.fileformat import FORMAT_KEY, FORMAT_VERSION, file_key
from journeymap.io.yaml_text import dump_yaml, libyaml_dumper
from journeymap.model import Contribution, Journey, LogEvidence, iter_fields

# Written even at their defaults: actual vs potential is the point; the disclosure threshold is said, not implied.
_ALWAYS_WRITTEN = {(Contribution, "status"), (LogEvidence, "threshold")}
_LOOKS_LIKE_ID = re.compile(r"^[^\W\d][\w.-]*$")
_SHORT_LIST = 8


def to_data(journey: Journey) -> dict[str, Any]:
    """The plain data of a map file (format version first) for a journey."""
    return {FORMAT_KEY: FORMAT_VERSION, **_item(journey)}


def item_data(obj: Any) -> dict[str, Any]:
    """The plain data of one model object as a map file holds it (an actor, a need, a survey...)."""
    return _item(obj)


def _item(obj: Any) -> dict[str, Any]:
    cls = type(obj)
    fields = sorted(iter_fields(cls), key=lambda f: f.name != "id")  # id first, then the model's order
    data = {}
    for field in fields:
        value = getattr(obj, field.name)
        if value is None or value == () or (
            value == field.default and (cls, field.name) not in _ALWAYS_WRITTEN
        ):
            continue
        plain = _plain(value)
        if plain != {}:  # a nested object at all its defaults (nothing hidden) says nothing
            data[file_key(cls, field.name)] = plain
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if attrs.has(type(value)):
        return _item(value)
    if isinstance(value, Enum):
        return value.value
    return value


def to_json(data: dict[str, Any]) -> str:
    """JSON text: two-space indent, unicode as is, dates as ``2027-01-31``, a final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False, default=_json_date) + "\n"


def _json_date(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, indenting lists under their key and writing short id lists on one line."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    ids = 0 < len(data) <= _SHORT_LIST and all(isinstance(v, str) and _LOOKS_LIKE_ID.match(v) for v in data)
    counts = 0 < len(data) <= _SHORT_LIST and all(isinstance(v, int) and not isinstance(v, bool) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=ids or counts)


_Dumper.add_representer(list, _represent_list)

# Line breaks YAML folds away unless they are escaped, which only its double-quoted style does.
_FOLDED_BREAKS = re.compile("[\x85\u2028\u2029]")


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = '"' if _FOLDED_BREAKS.search(data) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)
_CDumper = libyaml_dumper(_Dumper)


def to_yaml(data: dict[str, Any]) -> str:
    """Readable block-style YAML in the data's own key order (written by libyaml where the text is the same)."""
    return dump_yaml(data, _Dumper, _CDumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                     width=100)
