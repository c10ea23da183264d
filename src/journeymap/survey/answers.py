"""Reading one cell of answers: a single answer, or several joined in one cell as Microsoft Forms (``;``) and
Google Forms (``,``) export a multi-select, matched against the known answers so that one holding the separator
itself ("Someone to talk to, in person or by phone") still reads as one."""

from __future__ import annotations

from collections.abc import Collection

import attrs

TICKED = frozenset({"1", "yes", "y", "true", "x", "✓", "✔", "selected", "checked", "ticked"})
NOT_TICKED = frozenset({"0", "no", "n", "false", "-", "not selected", "unchecked"})
"""What a cell of a one-column-per-choice export may hold (case aside), besides the choice itself or nothing."""


@attrs.frozen
class Split:
    """The known answers found in a cell, in the order written, or the first piece that is none of them."""

    answers: tuple[str, ...] = ()
    unknown: str | None = None


def split_answers(cell: str, known: Collection[str], separator: str) -> Split:
    """The known answers in ``cell``, joined by ``separator`` (spaces around it, and one at the end, allowed).

    >>> known = ["Someone to talk to, in person or by phone", "Information about services", "Talk"]
    >>> split_answers("Information about services, Someone to talk to, in person or by phone", known, ",").answers
    ('Information about services', 'Someone to talk to, in person or by phone')
    >>> split_answers("Talk;Information about services;", known, ";").answers
    ('Talk', 'Information about services')
    >>> split_answers("Talk, Gardening, Information about services", known, ",").unknown
    'Gardening'
    """
    text = cell.strip()
    choices = sorted({k for k in known if k}, key=lambda k: (-len(k), k))  # longest first: "Talk to" before "Talk"
    failed: set[int] = set()
    furthest = 0

    def after_separator(index: int) -> int | None:
        """Where the next answer starts after an answer ending at ``index``: len(text) at the end, None if no
        separator follows."""
        index = _skip_spaces(text, index)
        if index == len(text):
            return index
        if text[index] != separator:
            return None
        return _skip_spaces(text, index + 1)

    def parse(index: int) -> tuple[str, ...] | None:
        nonlocal furthest
        if index == len(text):
            return ()
        if index in failed:
            return None
        furthest = max(furthest, index)
        for choice in choices:
            if text.startswith(choice, index):
                following = after_separator(index + len(choice))
                rest = None if following is None else parse(following)
                if rest is not None:
                    return (choice, *rest)
        failed.add(index)
        return None

    found = parse(_skip_spaces(text, 0))
    if found is not None:
        return Split(tuple(dict.fromkeys(found)))
    end = text.find(separator, furthest)
    return Split(unknown=text[furthest:end if end >= 0 else len(text)].strip())


def _skip_spaces(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def ticked(cell: str, column: str) -> bool | None:
    """Whether a cell of a one-column-per-choice export ticks its column's choice: True, False, or None when it
    cannot be told (the cell holds something else). A ticked cell may hold the choice itself, as the end of the
    column's name ("What would help? [Talk]" holding "Talk").

    >>> column = "What would help? [Talk]"
    >>> ticked("1", column), ticked("", column), ticked("Talk", column), ticked("No", column), ticked("maybe", column)
    (True, False, True, False, None)
    """
    value = cell.strip()
    if not value or value.casefold() in NOT_TICKED:
        return False
    if value.casefold() in TICKED or column.endswith((value, f"[{value}]", f"({value})")):
        return True
    return None
