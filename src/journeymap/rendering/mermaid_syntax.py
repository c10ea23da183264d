"""What Mermaid's ``journey`` text means, for the reader and the writer alike: scores, entity codes, and the
ids a diagram's names give (a diagram has no ids of its own).

>>> decode("Tea #38; toast#58; #quot;yes#quot;"), SCORE_OFFSET + -2
('Tea & toast: "yes"', 1)
>>> js_number(" 0x10 "), js_number("4.5"), js_number("X"), whole_score(4.5), whole_score(7)
(16, 4.5, None, 5, 5)
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from html.entities import html5

from journeymap.model import slug

SCORE_OFFSET = 3
"""A Mermaid score is the emotion + 3: scores 1..5 are emotions -2..+2."""

NEUTRAL_SCORE = 3
"""The score written for a touchpoint without an emotion (Mermaid needs one)."""

ENTITY = re.compile(r"#(\w+);")  # Mermaid's encodeEntities
# JavaScript's Number() on a string: trims its white space, reads "" as 0, decimals with an exponent,
# Infinity, and 0x/0o/0b integers; anything else is NaN.
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
           "\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_DECIMAL = re.compile(r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)")
_JS_RADIX = re.compile(r"0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)")


def derived_ids(sections: Sequence[tuple[str, Sequence[str]]],
                actors: Sequence[str]) -> tuple[list[str], list[list[str]], list[str]]:
    """The ids a Mermaid diagram's sections, tasks (per section) and actors get, from their names."""
    taken: set[str] = set()
    last: dict[str, int] = {}  # the last suffix given to each base, so a name repeated n times costs n, not n²

    def take(name: str, fallback: str) -> str:
        base = slug(name) or fallback
        candidate, n = base, last.get(base, 1)
        while candidate in taken:
            n += 1
            candidate = f"{base}_{n}"
        taken.add(candidate)
        last[base] = n
        return candidate

    stage_ids: list[str] = []
    task_ids: list[list[str]] = []
    for name, tasks in sections:
        stage_ids.append(take(name, "section"))
        task_ids.append([take(task, "task") for task in tasks])
    return stage_ids, task_ids, [take(name, "actor") for name in actors]


def decode(text: str) -> str:
    """Text with Mermaid's entity codes (``#58;``, ``#quot;``) turned into the characters they stand for."""
    return ENTITY.sub(_entity, text)


def _entity(match: re.Match[str]) -> str:
    code = match.group(1)
    if code.isascii() and code.isdigit():
        digits = code.lstrip("0")
        number = int(digits) if 0 < len(digits) <= 7 else 0
        ok = 0 < number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF
        return chr(number) if ok else match.group()
    return html5.get(f"{code};", match.group())


def js_number(text: str) -> float | None:
    """What JavaScript's ``Number(text)`` is (int for 0x/0o/0b, which may be huge), None for NaN."""
    body = text.strip(JS_SPACE)
    if not body:
        return 0
    if _JS_RADIX.fullmatch(body):
        return int(body, 0)
    if _JS_DECIMAL.fullmatch(body):
        return float(body.replace("Infinity", "inf"))
    return None


def whole_score(value: float) -> int:
    """A score on Mermaid's 1..5: out of it, the nearer end; within, the nearest whole, a half away from 3."""
    if value >= 5:
        return 5
    if value <= 1:
        return 1
    steps = math.floor(abs(value - 3) + 0.5)
    return 3 + steps if value > 3 else 3 - steps
