"""Golden DOT files in a reviewable layout: one attribute a line, HTML-like labels broken at their table tags.

The library writes each statement on one line (some of thousands of characters); a golden file holds the same
DOT laid out so that a change to one attribute is a one-line diff::

    "know_how" [label=<<TABLE><TR><TD>Knows</TD></TR></TABLE>> class="asset"]

is stored as::

    "know_how" [
        label=<
            <TABLE>
                <TR>
                    <TD>Knows</TD>
                </TR>
            </TABLE>
        >
        class="asset"
    ]

The layout only rewrites whitespace at *slots*: places the DOT grammar and the HTML-label grammar define
(after ``[``, between two attributes, before ``]``; before a TABLE, TR, TD, HR or VR tag, and at the end of
a label holding one). At every slot the emitter writes a canonical separator ("" or " "); the layout writes
a newline and indentation instead, and :func:`unlayout` turns exactly that text back into the separator.
Where the emitted DOT already holds, at a slot, the text the layout would write, the two could not be told
apart, so :func:`layout` refuses it (:class:`AmbiguousLayout`); every golden test checks both directions.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import attrs

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE_VARIABLE = "JOURNEYMAP_UPDATE_GOLDEN"

# DOT's lexical grammar (https://graphviz.org/doc/info/lang.html). HTML strings nest, so they are scanned by
# hand; any other character is a token of its own, so that the tokens always join back into the text.
_TOKEN = re.compile(
    r"""(?P<space>[ \t\r\n]+)
      | (?P<comment>//[^\n]*|/\*.*?\*/)
      | (?P<quoted>"(?:[^"\\]|\\.)*")
      | (?P<edgeop>->|--)
      | (?P<number>-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?))
      | (?P<word>[A-Za-z_\u0080-\U0010ffff][A-Za-z_0-9\u0080-\U0010ffff]*)
      | (?P<punctuation>[{}\[\]=;,:])
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_PREPROCESSOR_LINE = re.compile(r"#[^\n]*")  # a line starting with '#' is C preprocessor output, ignored
_KEYS = frozenset({"word", "number", "quoted"})
_VALUES = _KEYS | {"html"}
_SEPARATORS = frozenset({",", ";"})

# HTML-like labels are broken before these tags; a cell's closing tag only when the cell holds a table.
_BLOCKS = frozenset({"table", "tr", "td"})
_RULES = frozenset({"hr", "vr"})
_TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z]+)")


class AmbiguousLayout(ValueError):
    """The DOT holds, where the layout would break a line, the very text of the break: it cannot be laid out."""


@attrs.frozen
class Token:
    """One lexical token of DOT text: its kind (``space``, ``word``, ``quoted``, ``html``...) and its text."""

    kind: str
    text: str


def tokens(text: str) -> Iterator[Token]:
    """The tokens of DOT text, in order; they join back into the text whatever it holds."""
    at = 0
    while at < len(text):
        if text[at] == "<":
            end = _html_end(text, at)
            if end is not None:
                yield Token("html", text[at:end])
                at = end
                continue
        if text[at] == "#" and (at == 0 or text[at - 1] == "\n"):
            line = _PREPROCESSOR_LINE.match(text, at)
            assert line is not None  # the pattern matches a lone '#'
            yield Token("comment", line.group())
            at = line.end()
            continue
        match = _TOKEN.match(text, at)
        assert match is not None and match.lastgroup is not None  # 'other' matches any one character
        yield Token(match.lastgroup, match.group())
        at = match.end()


def _html_end(text: str, start: int) -> int | None:
    """Where the HTML string opening at ``start`` ends (its nested angle brackets balanced), or None if it never does."""
    depth = 0
    for at in range(start, len(text)):
        if text[at] == "<":
            depth += 1
        elif text[at] == ">":
            depth -= 1
            if depth == 0:
                return at + 1
    return None


def layout(dot: str) -> str:
    """DOT laid out for a golden file: each attribute on a line of its own, HTML labels broken at table tags.

    Raises AmbiguousLayout where the DOT already holds a line break where the layout would put one.
    """
    return _rewrite(dot, laying_out=True)


def unlayout(laid_out: str) -> str:
    """The DOT that :func:`layout` laid out, byte for byte: each break the layout made turned back."""
    return _rewrite(laid_out, laying_out=False)


@attrs.frozen
class _Slot:
    """A place where the emitter writes ``canonical`` and the layout writes ``broken`` (a newline, indentation)."""

    index: int  # into the list of pieces: the whitespace (or text) at the slot
    canonical: str
    broken: str
    breaks: bool = True  # False where the layout leaves the canonical text, so it reads better


def _apply(pieces: list[str], slots: Iterator[_Slot], laying_out: bool) -> str:
    """The pieces joined, each slot's text rewritten one way or the other."""
    for slot in slots:
        text = pieces[slot.index]
        if laying_out:
            if text == slot.broken:
                raise AmbiguousLayout(f"the DOT already breaks the line at {''.join(pieces[:slot.index])[-60:]!r}")
            if slot.breaks and text == slot.canonical:
                pieces[slot.index] = slot.broken
        elif text == slot.broken:
            pieces[slot.index] = slot.canonical
    return "".join(pieces)


def _rewrite(dot: str, laying_out: bool) -> str:
    """``dot`` with its HTML labels and then its attribute slots rewritten, one way or the other."""
    significant: list[Token] = []
    pieces = [""]  # whitespace, token, whitespace, token, ..., whitespace
    for token in tokens(dot):
        if token.kind == "space":
            pieces[-1] += token.text
        else:
            significant.append(token)
            pieces += [token.text, ""]
    for index, indent in _html_labels(significant):
        pieces[2 * index + 1] = _rewrite_html(significant[index].text, indent, laying_out)
    return _apply(pieces, _attribute_slots(significant), laying_out)


def _is_key(significant: list[Token], at: int) -> bool:
    return (significant[at].kind in _KEYS and at + 1 < len(significant)
            and significant[at + 1].text == "=" and significant[at + 1].kind == "punctuation")


def _ends_value(significant: list[Token], at: int) -> bool:
    """Whether an attribute's value ends at token ``at`` (the value itself, or a ',' or ';' after it)."""
    if significant[at].kind == "punctuation" and significant[at].text in _SEPARATORS:
        at -= 1
    return at >= 1 and significant[at].kind in _VALUES and significant[at - 1].text == "=" \
        and significant[at - 1].kind == "punctuation"


def _nesting(significant: list[Token]) -> Iterator[tuple[int, bool]]:
    """For each token: the depth of braces and whether an attribute list is open, once the token is read."""
    depth, listing = 0, False
    for token in significant:
        if token.kind == "punctuation":
            depth += {"{": 1, "}": -1}.get(token.text, 0)
            listing = {"[": True, "]": False}.get(token.text, listing)
        yield depth, listing


def _attribute_slots(significant: list[Token]) -> Iterator[_Slot]:
    """The slots between attributes: after '[', between two attributes, before ']'."""
    for at, (depth, listing) in enumerate(_nesting(significant)):
        if at + 1 == len(significant):
            break
        index = 2 * at + 2  # the whitespace after token ``at``
        if significant[at].text == "[" and significant[at].kind == "punctuation" and _is_key(significant, at + 1):
            yield _Slot(index, "", "\n" + "\t" * (depth + 1))
        elif _ends_value(significant, at) and _is_key(significant, at + 1):
            # In a list, attributes are indented under the statement; a graph's own attributes, written as
            # statements of their own (label="" margin=0), each become a line at the statement's depth.
            yield _Slot(index, " ", "\n" + "\t" * (depth + 1 if listing else depth))
        elif listing and _ends_value(significant, at) and significant[at + 1].text == "]":
            yield _Slot(index, "", "\n" + "\t" * depth)


def _html_labels(significant: list[Token]) -> Iterator[tuple[int, int]]:
    """Each HTML string's token index, with the indentation of the line its attribute starts."""
    for at, (depth, listing) in enumerate(_nesting(significant)):
        if significant[at].kind == "html":
            yield at, depth + 1 if listing else depth


def _rewrite_html(html: str, indent: int, laying_out: bool) -> str:
    """An HTML string with its table tags' slots rewritten, one way or the other."""
    parts = _html_parts(html[1:-1])
    return "<" + _apply(parts, _html_slots(parts, indent), laying_out) + ">"


def _html_parts(markup: str) -> list[str]:
    """Text, tag, text, tag, ..., text: the markup split at its tags (texts may be empty)."""
    parts, text_start, depth, tag_start = [], 0, 0, 0
    for at, char in enumerate(markup):
        if char == "<":
            if depth == 0:
                tag_start = at
            depth += 1
        elif char == ">" and depth > 0:
            depth -= 1
            if depth == 0:
                parts += [markup[text_start:tag_start], markup[tag_start:at + 1]]
                text_start = at + 1
    parts.append(markup[text_start:])
    return parts


def _html_slots(parts: list[str], indent: int) -> Iterator[_Slot]:
    """The slots of a label: before each table, row, cell and rule tag, and at the end if it has any."""
    level = 0  # tables, rows and cells open here
    cells: list[bool] = []  # for each open cell, whether it holds a table
    found = False
    for index in range(1, len(parts), 2):
        tag = _TAG_NAME.match(parts[index])
        name = tag.group(2).lower() if tag else ""
        if name not in _BLOCKS | _RULES:
            continue
        found = True
        closing = bool(tag and tag.group(1))
        breaks = True
        if closing:
            level -= 1
            if name == "td":
                breaks = cells.pop() if cells else True
        text_slot = parts[index - 1].strip(" \t\r\n") == ""  # only whitespace between two tags is a slot
        if text_slot:
            yield _Slot(index - 1, "", "\n" + "\t" * (indent + 1 + max(level, 0)), breaks)
        if not closing and name in _BLOCKS and not parts[index].endswith("/>"):
            level += 1
            if name == "table" and cells:
                cells[-1] = True
            if name == "td":
                cells.append(False)
    if found and parts[-1].strip(" \t\r\n") == "":
        yield _Slot(len(parts) - 1, "", "\n" + "\t" * indent)


def assert_matches_golden(name: str, actual: str, directory: Path = GOLDEN) -> None:
    """Check DOT against the golden file NAME, laid out; with JOURNEYMAP_UPDATE_GOLDEN=1, write it there first.

    Both directions are asserted, so nothing can hide in the layout: the DOT laid out is the file, and the
    file turned back is the DOT, byte for byte.
    """
    golden = directory / name
    laid_out = layout(actual)
    if os.environ.get(UPDATE_VARIABLE) == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(laid_out.encode("utf-8"))
    assert golden.exists(), f"no golden file {golden.name}; run with {UPDATE_VARIABLE}=1 to create it"
    expected = golden.read_bytes().decode("utf-8")  # bytes: reading text would translate line endings
    assert laid_out == expected
    assert unlayout(expected) == actual
