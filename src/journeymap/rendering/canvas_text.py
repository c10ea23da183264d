"""The canvas's text measured: label blocks that know their size in points, and stacks of them."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence

import attrs

from journeymap.rendering import dot
from journeymap.rendering.legend import badge
from journeymap.rendering.style import Badge, Theme

# Graphviz measures with Pango after we have placed everything, so the grid is sized from DejaVu Sans's
# advance widths (thousandths of an em); a fixed-size node too small for its label makes Graphviz warn,
# which the tests turn into failures.


def _advances(groups: dict[int, str]) -> dict[str, float]:
    return {char: width / 1000 for width, chars in groups.items() for char in chars}


_REGULAR = _advances({
    278: "'ijl", 295: "IJ", 318: " ,.", 337: "/:;\\|", 352: "f", 361: "-", 390: "()[]", 392: "t", 401: "!",
    411: "r", 460: '"', 500: "*_`", 521: "s", 525: "z", 531: "?", 550: "c", 557: "L", 575: "F", 579: "k",
    592: "vxy", 603: "P", 611: "TY", 612: "o", 613: "a", 615: "e", 632: "E", 634: "hnu", 636: "$0123456789{}Sbdgpq",
    656: "K", 685: "AVXZ", 686: "B", 695: "R", 698: "C", 732: "U", 748: "N", 752: "H", 770: "D", 775: "G",
    780: "&", 787: "OQ", 818: "w", 838: "#+<=>^~", 863: "M", 950: "%", 974: "m", 989: "W", 1000: "@",
})
_BOLD = _advances({
    306: "'", 343: "ijl", 348: " ", 365: "/\\|", 372: "IJ", 380: ",.", 400: ":;", 415: "-", 435: "f",
    457: "!()[]", 478: "t", 493: "r", 500: "_`", 523: '"*', 580: "?", 582: "z", 595: "cs", 637: "L", 645: "x",
    652: "vy", 665: "k", 678: "ae", 683: "TEF", 687: "o", 696: "$0123456789", 716: "hnu{}bdgpq", 725: "SYZ",
    734: "PC", 762: "B", 771: "RX", 775: "AVK", 812: "U", 821: "G", 837: "DHN", 838: "#+<=>^~", 850: "OQ",
    872: "&", 924: "w", 995: "M", 1002: "@%", 1042: "m", 1103: "W",
})
LINE = 1.2  # line height in ems; Pango gives DejaVu Sans about 1.1


# Beyond ASCII, the widest glyph of each range as Graphviz draws it (DejaVu Sans, other installed fonts, or
# a box showing the code where no font has the character): (end of the range, width in ems).
_RANGES = ((0x100, 1.0), (0x180, 1.1), (0x250, 1.45), (0x400, 1.1), (0x600, 1.3), (0x1E00, 1.65), (0x2000, 1.1),
           (0x2070, 1.75), (0x2190, 1.65), (0x2200, 0.9), (0x2500, 1.5), (0x2800, 1.3), (0x3000, 1.65),
           (0x3040, 2.5), (0x10000, 1.65), (0x110000, 1.8))
_ENDS = tuple(end for end, _ in _RANGES)


def _other_advance(char: str) -> float:
    return _RANGES[bisect.bisect_right(_ENDS, ord(char))][1]


# Every character's width once measured, by weight: each line is then summed at the speed of a dict lookup.
_MEASURED = {False: dict(_REGULAR), True: dict(_BOLD)}
_MEASURED_MOST = 20_000  # characters remembered per weight, against text made of every character there is


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """A generous estimate, in points, of one line of DejaVu Sans at ``size`` points."""
    table = _MEASURED[bold]
    try:
        ems = sum(map(table.__getitem__, text))
    except KeyError:
        other = 1.1 if bold else 1.0
        widths = [table[c] if c in table else _other_advance(c) * other for c in text]
        if len(table) < _MEASURED_MOST:
            table.update(zip(text, widths))
        ems = sum(widths)
    return ems * size * 1.04 + 2


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


def stack(rows: Sequence[Block], width: float) -> str:
    """Rows stacked left-aligned in a table ``width`` points wide, as HTML-like markup."""
    cells = "".join(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{r.markup}</TD></TR>' for r in rows)
    return (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="{_SPACING}" CELLPADDING="{_CELL}" '
            f'WIDTH="{int(width)}">{cells}</TABLE>')
