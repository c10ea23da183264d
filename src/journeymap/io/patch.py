"""Changing items of a map file's lists in place: in YAML, only the bytes of the values that change are written,
at their nodes' positions, so that comments, layout and quoting everywhere else stay as the author wrote them;
JSON, which has no comments, is written again in its key order.

>>> text = "needs:  # Willis and Dunstan\\n  - {name: Someone to talk to, users: 0.5, staff: 0.6}\\n"
>>> print(patch_text(text, "yaml", [ItemEdit("needs", "name", "Someone to talk to", {"users": 0.62, "n_users": 100})]))
needs:  # Willis and Dunstan
  - {name: Someone to talk to, users: 0.62, staff: 0.6, n_users: 100}
<BLANKLINE>
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journeymap.errors import InvalidMapError, Problem
from journeymap.io import SUFFIXES, reads_map
from journeymap.io.reading import byte_limit, read_limited
from journeymap.io.write import to_yaml
from journeymap.model import Journey

_BOM = "\ufeff"


@attrs.frozen
class ItemEdit:
    """A change to the item of the list ``key`` whose ``match_key`` is ``match``: set ``fields`` (in their order),
    or with ``whole`` replace the item with them; ``add`` appends the item when the list has none that matches."""

    key: str
    match_key: str
    match: str
    fields: Mapping[str, Any]
    whole: bool = False
    add: bool = False


def patch_text(text: str, format: str, edits: Iterable[ItemEdit]) -> str:
    """The map text ``text`` (``yaml`` or ``json``) with ``edits`` made; raises InvalidMapError for a format that
    cannot be edited in place."""
    edits = list(edits)
    if format == "json":
        return _patch_json(text, edits)
    if format != "yaml":
        raise InvalidMapError([Problem(message=f"a {format.capitalize()} map cannot be changed in place (it holds "
                                               "no needs, surveys or actions)",
                                       suggestion="convert it to YAML first: journeymap convert MAP MAP.yaml")])
    return _YamlPatch(text).apply(edits)


@attrs.frozen
class Patched:
    """A map file's new text (with the old one's byte-order mark, if it had one) and the journey read back from it."""

    text: str
    journey: Journey


def patch_file(path: str | os.PathLike[str], edits: Iterable[ItemEdit], *, what: str,
               max_bytes: int | None = None) -> Patched:
    """The map file at ``path`` (its format from its suffix) with ``edits`` made and read back, not yet written;
    InvalidMapError, naming the file, when it is not UTF-8 or cannot be changed in place. ``what`` says what is
    being written, for the messages (``a survey's results``)."""
    name = os.fspath(path)
    raw = read_limited(path, byte_limit(max_bytes))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidMapError([Problem(message=f"the map is not UTF-8 text, and {what} can be written only into UTF-8 "
                                               "maps", file=name, suggestion="save the map as UTF-8 first")]) from None
    fmt = SUFFIXES.get(Path(path).suffix.lower(), "yaml")
    try:
        patched = patch_text(text.removeprefix(_BOM), fmt, edits)
    except InvalidMapError as err:
        raise InvalidMapError([attrs.evolve(p, file=name) for p in err.problems]) from None
    journey = reads_map(patched, fmt, source=name, max_bytes=max(byte_limit(max_bytes), len(patched) * 4)).journey
    return Patched(text=(_BOM if text.startswith(_BOM) else "") + patched, journey=journey)


def _patch_json(text: str, edits: list[ItemEdit]) -> str:
    data = json.loads(text)
    second = text.split("\n", 2)[1] if "\n" in text else ""
    for edit in edits:
        items = data.setdefault(edit.key, [])
        found = next((item for item in items if isinstance(item, dict) and item.get(edit.match_key) == edit.match),
                     None)
        if found is None:
            if edit.add:
                items.append(dict(edit.fields))
        elif edit.whole:
            items[items.index(found)] = dict(edit.fields)
        else:
            found.update(edit.fields)
    width = len(second) - len(second.lstrip(" ")) or 2  # as the file is indented
    return json.dumps(data, indent=width, ensure_ascii=False, allow_nan=False) + ("\n" if text.endswith("\n") else "")


class _YamlPatch:
    """Edits of one YAML text, gathered from one composition of it and made together, last first."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newline = "\r\n" if "\r\n" in text else "\n"
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # the Python composer: its marks count characters
        if not isinstance(root, MappingNode) or root.flow_style:
            raise InvalidMapError([Problem(message="only a map written in YAML's block style can be changed in place",
                                           suggestion="write it anew: journeymap convert MAP -o MAP.yaml")])
        self.root = root
        self.inserts: list[tuple[int, int, str]] = []  # (start, end, new text)

    def apply(self, edits: list[ItemEdit]) -> str:
        appended: dict[str, list[Mapping[str, Any]]] = {}
        for edit in edits:
            items = self._value(self.root, edit.key)
            found = None
            if isinstance(items, SequenceNode):
                found = next((item for item in items.value if isinstance(item, MappingNode)
                              and _scalar(self._value(item, edit.match_key)) == edit.match), None)
            if found is None:
                if edit.add:
                    appended.setdefault(edit.key, []).append(edit.fields)
            elif edit.whole:
                self._replace_item(found, edit.fields)
            else:
                for key, value in edit.fields.items():
                    self._set(found, key, value)
        for key, new_items in appended.items():
            self._append(key, new_items)
        text = self.text
        # Last first, so that earlier positions still hold; of several at one place, the later-made first.
        for (start, end, new), _ in sorted(zip(self.inserts, range(len(self.inserts))), reverse=True,
                                           key=lambda made: (made[0][0], made[0][1], made[1])):
            text = text[:start] + new + text[end:]
        return text

    # Finding nodes and where they end.

    @staticmethod
    def _value(mapping: MappingNode, key: str) -> Node | None:
        return next((value for name, value in mapping.value if _scalar(name) == key), None)

    def _end(self, node: Node) -> int:
        """Just past the node's last character of content (not the comments and blank lines after it)."""
        if isinstance(node, MappingNode | SequenceNode) and not node.flow_style and node.value:
            last = node.value[-1]
            return self._end(last[1] if isinstance(node, MappingNode) else last)
        end = node.end_mark.index
        while end > node.start_mark.index and self.text[end - 1] in " \t\r\n":
            end -= 1
        return end

    def _line_end(self, index: int) -> int:
        """Where the line holding ``index`` ends, before its line break (after any comment on it)."""
        end = self.text.find("\n", index)
        if end < 0:
            return len(self.text)
        return end - 1 if end > 0 and self.text[end - 1] == "\r" else end

    def _dash_column(self, item: Node) -> int:
        """The column of the ``-`` that starts a block sequence's item."""
        start = item.start_mark.index
        line_start = self.text.rfind("\n", 0, start) + 1
        dash = self.text.rfind("-", line_start, start)
        return dash - line_start if dash >= 0 else item.start_mark.column

    # Writing values.

    def _lines(self, text: str, indent: int) -> str:
        """Block text whose first line continues the current one and whose later lines are indented."""
        return (self.newline + " " * indent).join(text.rstrip("\n").split("\n"))

    def _set(self, mapping: MappingNode, key: str, value: Any) -> None:
        current = self._value(mapping, key)
        if isinstance(current, ScalarNode):
            self.inserts.append((current.start_mark.index, current.end_mark.index, _flow_value(key, value)))
        elif current is not None:
            raise InvalidMapError([Problem(message=f"'{key}' holds a list or mapping, not a value",
                                           line=current.start_mark.line + 1, column=current.start_mark.column + 1)])
        elif mapping.flow_style:
            close = mapping.end_mark.index - 1
            at = close
            while self.text[at - 1] in " \t\r\n":
                at -= 1
            comma = "" if self.text[at - 1] in "{," else ","
            self.inserts.append((at, at, f"{comma} {key}: {_flow_value(key, value)}"))
        else:
            column = mapping.value[0][0].start_mark.column
            at = self._line_end(self._end(mapping))
            self.inserts.append((at, at, f"{self.newline}{' ' * column}{key}: {_flow_value(key, value)}"))

    def _item_text(self, fields: Mapping[str, Any], flow: bool, column: int) -> str:
        return _flow(fields) if flow else self._lines(to_yaml(dict(fields)), column)

    def _replace_item(self, item: MappingNode, fields: Mapping[str, Any]) -> None:
        new = self._item_text(fields, item.flow_style, item.start_mark.column)
        self.inserts.append((item.start_mark.index, self._end(item), new))

    def _append(self, key: str, items: list[Mapping[str, Any]]) -> None:
        listed = self._value(self.root, key)
        if isinstance(listed, SequenceNode) and listed.flow_style:
            close = listed.end_mark.index - 1
            comma = "" if not listed.value else ", "
            self.inserts.append((close, close, comma + ", ".join(_flow(item) for item in items)))
        elif isinstance(listed, SequenceNode) and listed.value:
            last = listed.value[-1]
            flow = isinstance(last, MappingNode) and last.flow_style
            dash = self._dash_column(last)
            at = self._line_end(self._end(last))
            self.inserts.append((at, at, "".join(f"{self.newline}{' ' * dash}- {self._item_text(item, flow, dash + 2)}"
                                                 for item in items)))
        else:
            block = self._lines(to_yaml({key: [dict(item) for item in items]}), 0)
            if listed is not None:  # `key:` with nothing, or something that is not a list: written anew
                name = next(name for name, value in self.root.value if value is listed)
                self.inserts.append((name.start_mark.index, self._end(listed), block))
            else:
                ending = "" if self.text.endswith("\n") or not self.text else self.newline
                self.inserts.append((len(self.text), len(self.text), f"{ending}{self.newline}{block}{self.newline}"))


def _scalar(node: Node | None) -> str | None:
    return node.value if isinstance(node, ScalarNode) else None


def _flow(data: Mapping[str, Any]) -> str:
    """A mapping as one line of flow-style YAML: ``{name: Someone to talk to, users: 0.62}``."""
    text: str = yaml.dump(dict(data), Dumper=yaml.SafeDumper, default_flow_style=True, sort_keys=False,
                          allow_unicode=True, width=2**31 - 1)
    return text.strip()


def _flow_value(key: str, value: Any) -> str:
    """A value as written after ``key:`` inside a flow mapping (quoted where a bare one would not read back)."""
    return _flow({key: value})[1:-1].split(": ", 1)[1]
