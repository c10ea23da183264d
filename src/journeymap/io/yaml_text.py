"""YAML text at libyaml's speed, byte for byte what PyYAML's own emitter writes with lists indented under their key.

libyaml's emitter writes a list that is a mapping's value level with its key ("key:\\n- item"); PyYAML's, told
so, indents it ("key:\\n  - item") as journeymap's files do, but it is pure Python and 4 times slower. So each
top-level key is written by libyaml and its lists indented after, wherever that is certainly PyYAML's text: every
line at most ``width`` characters (then neither emitter folded one, and folding is all that depends on the column),
no line break, control, byte-order mark or character past U+FFFF in a string (libyaml escapes those, PyYAML
writes them), every key a non-empty string short in bytes (PyYAML writes an empty key as a complex one, libyaml a
long one). Anything else is written by PyYAML's emitter; tests/test_yaml_text.py compares the two.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ["dump_yaml", "libyaml_dumper"]

# What libyaml writes otherwise than PyYAML, or may: line breaks, C0/C1 controls, DEL, the byte-order mark and
# characters past U+FFFF (escaped by libyaml, written as they are by PyYAML), the surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ufeff\ud800-\udfff\U00010000-\U0010ffff\u2028\u2029]")
# Bytes of UTF-8: well below the 128 past which libyaml writes a key as complex (PyYAML counts 128 characters).
_LONGEST_KEY = 100


def dump_yaml(data: dict[str, Any], python: type[yaml.SafeDumper], libyaml: type[Any] | None,
              **options: Any) -> str:
    """``data`` as ``yaml.dump(data, Dumper=python, **options)`` writes it, each top-level key by ``libyaml`` (a
    CSafeDumper with the same representers, None where PyYAML has no libyaml) where its text is certain to be the
    same. ``options`` must hold ``width``."""
    seen: set[int] = set()
    plain = {key: _plain_data(value, seen) for key, value in data.items()} if libyaml is not None else {}
    if not any(plain.values()) or None in plain.values():  # nothing for libyaml, or one object written twice
        return _dump(data, python, options)
    width = int(options["width"])
    parts = []
    for key, value in data.items():
        one = {key: value}
        text = _indented(_dump(one, libyaml, options)) if plain[key] and _short_key(key) else None
        if text is None or max(map(len, text.splitlines())) > width:
            text = _dump(one, python, options)
        parts.append(text)
    return "".join(parts)


def _dump(data: dict[str, Any], dumper: type[Any] | None, options: dict[str, Any]) -> str:
    text: str = yaml.dump(data, Dumper=dumper, **options)
    return text


def _plain_data(value: Any, seen: set[int]) -> bool | None:
    """Whether every string in ``value`` is one line of safe characters and every key a short non-empty string;
    None where a list or mapping is met twice (in ``seen``, which gathers them: the emitters would write an anchor
    and an alias, across top-level keys too)."""
    plain = True
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            plain = plain and not _UNSAFE.search(item)
        elif isinstance(item, dict | list | tuple):
            if id(item) in seen:
                return None
            seen.add(id(item))
            if isinstance(item, dict):
                plain = plain and all(_short_key(key) for key in item)
                stack.extend(item.values())
            else:
                stack.extend(item)
    return plain


def _short_key(key: Any) -> bool:
    """Whether a key is a non-empty string of safe characters, short enough to be written as a simple key."""
    return isinstance(key, str) and not _UNSAFE.search(key) and 0 < len(key.encode()) <= _LONGEST_KEY


def _indented(text: str) -> str:
    """libyaml's block text with each list that is a mapping's value indented under its key, as PyYAML writes it.
    Every value is on one line (see ``_plain_data``), so a line ending in ':' is a key whose value follows."""
    out: list[str] = []
    open_lists: list[int] = []  # the columns of the lists written level with their key, innermost last
    key_column = -1  # where the previous line's last key stands, if it ends in ':' (its value follows)
    for line in text.splitlines(keepends=True):
        content = line.lstrip(" ")
        column = len(line) - len(content)
        is_item = content.startswith("- ")
        while open_lists and (column < open_lists[-1] or (column == open_lists[-1] and not is_item)):
            open_lists.pop()
        if is_item and column == key_column:  # a key's line, then its list level with it
            open_lists.append(column)
        out.append(" " * (2 * len(open_lists)) + line)
        key_column = _key_column(column, content)
    return "".join(out)


def _key_column(column: int, content: str) -> int:
    """The column of the key a line ends with when it ends in ':' (its value on the next lines), else -1: after any
    '- ' markers, a nested mapping's key stands two columns in per marker."""
    if not content.rstrip("\n").endswith(":"):
        return -1
    while content.startswith("- "):
        column, content = column + 2, content[2:]
    return column


def libyaml_dumper(python: type[yaml.SafeDumper]) -> type[Any] | None:
    """A CSafeDumper (PyYAML's C emitter) representing data with ``python``'s own representers, so that the two
    never differ in them; None where PyYAML was built without libyaml."""
    base = getattr(yaml, "CSafeDumper", None)
    if base is None:
        return None
    return type(f"LibYAML{python.__name__}", (base,), {
        "yaml_representers": dict(python.yaml_representers),
        "yaml_multi_representers": dict(python.yaml_multi_representers)})
