"""Text measured as Graphviz lays it out in DejaVu Sans, from the font's own metrics shipped with the package.

font_metrics.json holds DejaVu Sans's advance widths (regular and bold) as fontTools reads them from the font
files; bench/font_metrics.py writes it. It is read once, at the first measurement, and never the fonts
installed where journeymap runs: the DOT depends on the package alone, byte for byte, on every machine.

Graphviz 2.43 measures a line with Pango at 96 dpi and hinted metrics: each glyph's advance is rounded to
whole pixels (3/4 pt each), and the line's width is 1 pt more, truncated to whole points. Releases that drop
the hinting or the extra point give no more than the exact advances. So a character counts the larger of its
exact width and its width rounded to the pixel, and a line 1 pt more: never less than Graphviz's figure,
rarely more than a few per cent above it. A character that some kerning pair sets wider counts that too.

Characters DejaVu Sans does not map (CJK, most emoji...) are drawn by whatever other font fontconfig finds,
or, where none has them, as a box showing the code point: they count the widest such glyph of their
Unicode range (_RANGES), generously. Characters that Pango draws with an emoji font when one is installed
(emoji presentation, or anything before U+FE0F) count at least an emoji's width, though DejaVu maps some.
"""

from __future__ import annotations

import bisect
import json
import math
from pathlib import Path
from typing import Any

METRICS = Path(__file__).with_name("font_metrics.json")
GRAPHVIZ_EXTRA = 1.0  # points Graphviz 2.43 adds to every line before truncating it ("never too small")
_PIXELS_PER_POINT = 96 / 72  # Graphviz lays text out at 96 dpi

# Beyond what DejaVu Sans maps, the widest glyph of each range as Graphviz draws it (other installed fonts, or
# a box showing the code where no font has the character): (end of the range, width in ems), regular weight.
_RANGES = ((0x100, 1.0), (0x180, 1.1), (0x250, 1.45), (0x400, 1.1), (0x600, 1.3), (0x1E00, 1.65), (0x2000, 1.1),
           (0x2070, 1.75), (0x2190, 1.65), (0x2200, 0.9), (0x2500, 1.5), (0x2800, 1.3), (0x3000, 1.65),
           (0x3040, 2.5), (0x10000, 1.65), (0x110000, 1.8))
_ENDS = tuple(end for end, _ in _RANGES)
_BOLD_OTHER = 1.1  # a bold fallback glyph against a regular one

# The emoji presentation characters below U+1F000 (Unicode's emoji-data, Emoji_Presentation=Yes; DejaVu Sans
# 2.37 maps 21 of them, the zodiac among them), and VARIATION SELECTOR-16, which turns the character before it
# into an emoji: with an emoji font installed Pango draws these from it, up to about 1.25 em wide.
# (first, last) code points.
_EMOJI = ((0x231A, 0x231B), (0x23E9, 0x23EC), (0x23F0, 0x23F0), (0x23F3, 0x23F3), (0x25FD, 0x25FE),
          (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F), (0x2693, 0x2693), (0x26A1, 0x26A1),
          (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5), (0x26CE, 0x26CE), (0x26D4, 0x26D4),
          (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5), (0x26FA, 0x26FA), (0x26FD, 0x26FD),
          (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728), (0x274C, 0x274C), (0x274E, 0x274E),
          (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797), (0x27B0, 0x27B0), (0x27BF, 0x27BF),
          (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0xFE0F, 0xFE0F))
_EMOJI_FIRSTS = tuple(first for first, _ in _EMOJI)
EMOJI_WIDTH = 1.3  # ems


class Face:
    """One weight of DejaVu Sans as font_metrics.json describes it."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.version: str = fields["version"]
        self.units_per_em: int = fields["units_per_em"]
        self.line_height = (fields["ascender"] - fields["descender"] + fields["line_gap"]) / self.units_per_em
        self._firsts: list[int] = [first for first, _ in fields["advances"]]
        self._advances: list[str] = [advances for _, advances in fields["advances"]]  # 4 hex digits a code point
        self._kerning: dict[int, int] = {code: adjustment for code, adjustment in fields["kerning"]}

    def advance(self, code: int) -> int | None:
        """The advance of a code point, in font units, its widest kerning included; None where it is not mapped."""
        run = bisect.bisect_right(self._firsts, code) - 1
        if run < 0:
            return None
        at = 4 * (code - self._firsts[run])
        if at >= len(self._advances[run]):
            return None
        return int(self._advances[run][at:at + 4], 16) + self._kerning.get(code, 0)


_FACES: dict[bool, Face] = {}


def face(*, bold: bool = False) -> Face:
    """DejaVu Sans, regular or bold, its metrics read from the package at the first call."""
    if not _FACES:
        fields = json.loads(METRICS.read_bytes())
        _FACES.update({False: Face(fields["regular"]), True: Face(fields["bold"])})
    return _FACES[bold]


def _is_emoji(code: int) -> bool:
    index = bisect.bisect_right(_EMOJI_FIRSTS, code) - 1
    return index >= 0 and code <= _EMOJI[index][1]


def char_width(char: str, size: float, *, bold: bool = False) -> float:
    """The most, in points, one character takes in a line of DejaVu Sans at ``size`` points as Graphviz measures."""
    code = ord(char)
    units = face(bold=bold).advance(code)
    if units is None:
        return _RANGES[bisect.bisect_right(_ENDS, code)][1] * (_BOLD_OTHER if bold else 1.0) * size
    pixels = units / face(bold=bold).units_per_em * size * _PIXELS_PER_POINT
    points = max(math.floor(pixels + 0.5), pixels) / _PIXELS_PER_POINT
    return max(points, EMOJI_WIDTH * size) if _is_emoji(code) else points


# Every character's width once measured, by size and weight: a line is then summed at the speed of a dict lookup.
_MEASURED: dict[tuple[float, bool], dict[str, float]] = {}
_MEASURED_MOST = 20_000  # characters remembered per size and weight, against text made of every character there is


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width, in points, that Graphviz gives one line of DejaVu Sans at ``size`` points, or a little more."""
    table = _MEASURED.setdefault((size, bold), {})
    try:
        return sum(map(table.__getitem__, text)) + GRAPHVIZ_EXTRA
    except KeyError:
        widths = [table[c] if c in table else char_width(c, size, bold=bold) for c in text]
        if len(table) < _MEASURED_MOST:
            table.update(zip(text, widths))
        return sum(widths) + GRAPHVIZ_EXTRA
