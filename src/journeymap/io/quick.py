"""The quick path for a valid map: parse in C (libyaml or json), build the model directly, keep no positions.

A map with nothing to report reads at about the speed of its parser. At the first thing out of the ordinary
— a syntax error, a duplicate key, an alias, a tag, a number too long, an escape that could make half a
surrogate pair, a value the model refuses — the quick path gives up, and the careful path of
:mod:`journeymap.io.source` and :mod:`journeymap.io.build` reads the text again and reports every problem
at its file:line:column. So the careful path alone decides what a map means and what its errors say; this
one only finds, faster, the same journey when there is nothing to say.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journeymap.errors import InvalidMapError
from journeymap.io.fileformat import FORMAT_KEY, FORMAT_VERSION, children, file_key, nested
from journeymap.io.reading import MAX_DEPTH, MAX_NUMBER_TEXT, gc_paused, huge
from journeymap.model import Journey, iter_fields

_YAML_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = _YAML_TAG + "str", _YAML_TAG + "seq", _YAML_TAG + "map"
_NUMBERS = frozenset({_YAML_TAG + "int", _YAML_TAG + "float"})
_OTHER_SCALARS = frozenset({_YAML_TAG + "null", _YAML_TAG + "bool", _YAML_TAG + "timestamp"}) | _NUMBERS
# An escape that may stand for half of a surrogate pair (YAML's \uD800 or \U0000D800, JSON's \uD800).
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F]")

_Loader: Any = getattr(yaml, "CSafeLoader", None)  # PyYAML built without libyaml: only the careful path


class _NotQuick(Exception):
    """Something the careful path must look at."""


def quick_journey(text: str, format: str) -> Journey | None:
    """The journey in a map's text (``yaml`` or ``json``), or None when the careful path must read it."""
    if _SURROGATE_ESCAPE.search(text) or (format == "yaml" and _Loader is None):
        return None
    try:
        with gc_paused():
            return _journey(_json(text) if format == "json" else _yaml(text))
    except (_NotQuick, yaml.YAMLError, InvalidMapError, TypeError, ValueError, RecursionError):
        return None


# ---------------------------------------------------------------------------
# Plain data, as the careful reader would make it from a text it has nothing to say about.


def _json(text: str) -> Any:
    return json.loads(text, object_pairs_hook=_unique_keys)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _NotQuick
    return result


def _yaml(text: str) -> Any:
    loader = _Loader(text)
    try:
        root = loader.get_single_node()  # libyaml itself refuses nesting deeper than 1,000 levels
        if root is None:
            raise _NotQuick
        return _Plain(loader).value(root, 0)
    finally:
        loader.dispose()


class _Plain:
    """Composed YAML nodes to plain data, refusing (as _NotQuick) anything unusual."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.seen: set[int] = set()  # collections walked: a second visit is an alias, whose expansion is counted
        #                               by the careful path

    def value(self, node: Node, depth: int) -> Any:
        if type(node) is ScalarNode:
            if node.tag == _STR:
                return node.value
            return self._scalar(node)
        if depth >= MAX_DEPTH or id(node) in self.seen:
            raise _NotQuick
        self.seen.add(id(node))
        if type(node) is SequenceNode and node.tag == _SEQ:
            return [self.value(child, depth + 1) for child in node.value]
        if type(node) is MappingNode and node.tag == _MAP:
            result = {}
            for key, child in node.value:
                if type(key) is not ScalarNode or key.tag != _STR:  # also merge keys (<<), whose tag is merge
                    raise _NotQuick
                result[key.value] = self.value(child, depth + 1)
            if len(result) != len(node.value):  # a duplicate key
                raise _NotQuick
            return result
        raise _NotQuick

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag not in _OTHER_SCALARS or (node.tag in _NUMBERS and len(node.value) > MAX_NUMBER_TEXT):
            raise _NotQuick
        value = self.loader.yaml_constructors[node.tag](self.loader, node)
        if huge(value):
            raise _NotQuick
        return value


# ---------------------------------------------------------------------------
# The model, built straight from the data: its converters and validators check every field once.


def _journey(data: Any) -> Journey:
    if type(data) is not dict or type(data.get(FORMAT_KEY)) is not int or data[FORMAT_KEY] != FORMAT_VERSION:
        raise _NotQuick
    journey: Journey = _build(Journey, {key: value for key, value in data.items() if key != FORMAT_KEY})
    return journey


@cache
def _field_names(cls: type) -> dict[str, str]:
    """Each key a map file may give for ``cls``, and the model field it sets."""
    return {file_key(cls, field.name): field.name for field in iter_fields(cls)}


def _build(cls: type, data: Any) -> Any:
    if type(data) is not dict:
        raise _NotQuick
    names, lists = _field_names(cls), children(cls)
    kwargs = {}
    for key, value in data.items():
        name = names.get(key)
        if name is None:
            raise _NotQuick
        if value is None:  # null means "not given"; a required field left out makes cls() raise TypeError
            continue
        if name in lists:
            if type(value) is not list:
                raise _NotQuick
            value = [_build(lists[name], item) for item in value]
        elif name in nested(cls):
            value = _build(nested(cls)[name], value)
        kwargs[name] = value
    return cls(**kwargs)
