"""The canvas's text measured: label blocks that know their size in points, and stacks of them.

Widths come from DejaVu Sans's own metrics (fonts.py). Graphviz draws each block in a box of the size given
here and warns when the text does not fit. Tested with Graphviz 2.43.0 (Pango 1.50, cairo 1.16, DejaVu Sans
2.37 from fonts-dejavu-core) on Debian 12; see README's Requirements for other releases.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import attrs

from journeymap.rendering import dot
from journeymap.rendering.fonts import text_width
from journeymap.rendering.legend import badge
from journeymap.rendering.style import Badge, Theme

__all__ = ["LINE", "Block", "badge_block", "small_caps", "spacer", "stack", "stack_size", "text", "text_width"]

# Graphviz 2.43 gives a line of text int(1.1 * size + 0.5) points; the font's own line height (ascender,
# descender and line gap) is 1.164 em. A line here is 1.2 em, a little more than either.
LINE = 1.2


@attrs.frozen
class Block:
    """One row of a label: HTML-like markup and its estimated size in points."""

    markup: str
    width: float
    height: float


@functools.lru_cache(maxsize=4096)  # names of people and words of the vocabulary recur on every card
def text(words: str, wrap: int, size: float, color: str, *, bold: bool = False) -> Block:
    """``words`` wrapped at ``wrap`` characters, in a size and colour, measured."""
    lines = dot.wrap(words, wrap)
    body = '<BR ALIGN="LEFT"/>'.join(dot.html(line) for line in lines)
    markup = f'<FONT POINT-SIZE="{size}" COLOR="{color}">{f"<B>{body}</B>" if bold else body}</FONT>'
    width = max(text_width(line, size, bold=bold) for line in lines)
    return Block(markup, width, len(lines) * size * LINE)


def small_caps(words: str, size: float, color: str) -> Block:
    """A bold word or two with no size of its own (a label centred in a cell that is sized otherwise)."""
    return Block(f'<FONT POINT-SIZE="{size}" COLOR="{color}"><B>{dot.html(words)}</B></FONT>', 0, 0)


def badge_block(theme: Theme, kind: Badge, words: str) -> Block:
    """A badge (UNUSED, PASSIVE...) measured: legend.badge is one cell, 2 pt of padding round bold small text."""
    return Block(badge(theme, kind, words), text_width(words, theme.small_size, bold=True) + 6,
                 theme.small_size * LINE + 6)


def spacer(height: float) -> Block:
    """An empty row of a label, ``height`` points high."""
    return Block(f'<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0"><TR><TD HEIGHT="{int(height)}"></TD></TR>'
                 "</TABLE>", 0, int(height))


_SPACING = 2  # CELLSPACING of a stack
_CELL = 1  # CELLPADDING of a stack


def stack_size(rows: Sequence[Block]) -> tuple[float, float]:
    """The width and height of a stack of rows."""
    width = max((r.width for r in rows), default=0.0) + 2 * (_CELL + _SPACING)
    height = _SPACING + sum(r.height + 2 * _CELL + _SPACING for r in rows)
    return width, height


def stack(rows: Sequence[Block], width: float, more: float = 0.0) -> str:
    """Rows stacked left-aligned in a table ``width`` points wide, as HTML-like markup; ``more`` points taller than
    they need, by an empty row under them (so that the rows stand where a taller stack beside it has its own)."""
    cells = "".join(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{r.markup}</TD></TR>' for r in rows)
    if more - _SPACING >= 1:
        cells += f'<TR><TD HEIGHT="{round(more - _SPACING)}"></TD></TR>'
    return (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="{_SPACING}" CELLPADDING="{_CELL}" '
            f'WIDTH="{int(width)}">{cells}</TABLE>')
