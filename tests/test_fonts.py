"""Tests of text measuring (rendering/fonts.py): the shipped metrics are the installed font's, and real dot runs.

The metrics file is checked against DejaVu Sans as fontconfig finds it, the font Graphviz draws with (``make
test`` installs fonts-dejavu-core). Graphviz's own figure for a line is the width of its text span in ``-Txdot``
output; a fixed-size box too small for its label makes dot warn "size too small for label".
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import subprocess
import sys
from collections.abc import Sequence
from types import ModuleType

import pytest
from fontTools.ttLib import TTFont

from journeymap.rendering import dot, fonts
from journeymap.rendering.canvas_text import LINE, Block, stack, stack_size, text, text_width
from test_render import ROOT


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("font_metrics", ROOT / "bench" / "font_metrics.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


font_metrics = _script()
SHIPPED = json.loads(fonts.METRICS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def installed() -> dict[bool, TTFont]:
    """DejaVu Sans and DejaVu Sans Bold as fontconfig finds them for Graphviz."""
    paths = {bold: font_metrics.installed_font(bold) for bold in (False, True)}
    for bold, path in paths.items():
        assert path.name == ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"), (
            f"fontconfig gives {path} for DejaVu Sans{' Bold' * bold}: install fonts-dejavu-core (make graphviz)")
    return {bold: TTFont(str(path)) for bold, path in paths.items()}


# -- the shipped metrics are the font's -----------------------------------------------------------


def test_the_shipped_metrics_are_what_fonttools_reads_from_the_installed_fonts() -> None:
    regular, bold = font_metrics.installed_font(False), font_metrics.installed_font(True)
    expected = font_metrics.encode(font_metrics.metrics(regular, bold))
    assert fonts.METRICS.read_text(encoding="utf-8") == expected, (
        "font_metrics.json is not what the installed DejaVu fonts give: run bench/font_metrics.py and review")


@pytest.mark.parametrize("bold", [False, True])
def test_every_mapped_character_has_its_advance_and_nothing_else_has_one(bold: bool,
                                                                        installed: dict[bool, TTFont]) -> None:
    font = installed[bold]
    cmap, advances = font.getBestCmap(), font["hmtx"].metrics
    face = fonts.face(bold=bold)
    assert face.version == font["name"].getDebugName(5)
    assert face.units_per_em == font["head"].unitsPerEm
    for code, glyph in cmap.items():
        assert face.advance(code) is not None
        assert face.advance(code) >= advances[glyph][0], hex(code)  # wider forms and kerning only ever add
    kerned = {code for code, _ in SHIPPED["bold" if bold else "regular"]["kerning"]}
    plain = [code for code in range(0x20, 0x7F) if code not in kerned]  # no stylistic alternate counts (I.alt)
    assert [face.advance(c) for c in plain] == [advances[cmap[c]][0] for c in plain]
    for code in (0x01, 0x4E00, 0x1F475, 0x10FFFF, 0xE000):  # control, CJK, emoji, the last, private use
        assert code not in cmap and face.advance(code) is None


def test_a_pair_kerned_apart_and_an_arabic_final_form_count_their_widest(installed: dict[bool, TTFont]) -> None:
    face, kerning = fonts.face(), dict(SHIPPED["regular"]["kerning"])
    cmap, advances = installed[False].getBestCmap(), installed[False]["hmtx"].metrics
    assert kerning[ord("-")] > 0  # "-J" is kerned apart in DejaVu Sans
    assert face.advance(ord("-")) == advances["hyphen"][0] + kerning[ord("-")]
    dal = 0x0688  # ARABIC LETTER DDAL: its final form is wider than the letter alone
    assert face.advance(dal) == advances["uniFB89"][0] > advances[cmap[dal]][0]


def test_the_line_height_covers_graphviz_and_the_font() -> None:
    for bold in (False, True):
        assert fonts.face(bold=bold).line_height <= LINE  # ascender + descender + line gap: 1.164 em
    for size in (9, 10, 11, 13, 24):
        assert int(1.1 * size + 0.5) <= size * LINE  # Graphviz 2.43's line of text


def test_metrics_are_read_once_and_only_when_text_is_measured() -> None:
    code = ("import journeymap.rendering.canvas as c, journeymap.rendering.fonts as f; assert not f._FACES; "
            "c.text_width('x', 10); assert f._FACES; loaded = f._FACES[False]; c.text_width('y', 9, bold=True); "
            "assert f._FACES[False] is loaded; print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "ok", done.stderr


# -- measuring ------------------------------------------------------------------------------------


def test_characters_the_fonts_do_not_map_count_generously() -> None:
    for char in "日ऄ👵\U0010fffd":
        assert fonts.char_width(char, 10) >= 10  # at least an em: Pango's other fonts, or a box with the code
    assert fonts.char_width("日", 10, bold=True) > fonts.char_width("日", 10)
    # Drawn by an emoji font where one is installed, though DejaVu maps them; U+FE0F makes "⚠" an emoji.
    for char in "☕♈⚡\ufe0f":
        assert fonts.char_width(char, 10) >= fonts.EMOJI_WIDTH * 10 > fonts.face().advance(ord(char)) / 2048 * 10
    assert fonts.char_width("⚠", 10) < 10  # text presentation: DejaVu's own glyph


def test_a_line_is_the_sum_of_its_characters_and_graphvizs_extra_point() -> None:
    words = "Ωmega façade Жизнь ⚠ 日"
    for bold in (False, True):
        expected = sum(fonts.char_width(c, 11, bold=bold) for c in words) + fonts.GRAPHVIZ_EXTRA
        assert text_width(words, 11, bold=bold) == pytest.approx(expected)
        assert text_width(words, 11, bold=bold) == text_width(words, 11, bold=bold)  # remembered, same value
    assert text_width("W" * 10, 10, bold=True) > text_width("W" * 10, 10)
    assert text_width("W" * 10, 20) > 2 * text_width("W" * 10, 10) - 2


# -- real dot runs ----------------------------------------------------------------------------------

KINDS = {
    "wide": "WMmw@%OQGDH Ŵ",
    "narrow": "iIjlrtf.,;:!|' ",
    "latin": "The quick brown fox jumps over the lazy dog 0123456789 (£1,234.56) #42 & co",
    "accents": "éèêëàâäçñöüßÉÈÀÇÑÖÜåøæœŁłŚśŻżčšžřğışţăŐőŰű",
    "greek": "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩάέήίόύώ ",
    "cyrillic": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ ",
    "kerned": "-JQGO«Ær”“f’A‚„CY‘",
    "symbols": "⚠→←↑↓★☆✓✗•…–—€£¥©®™°±×÷ ",
    "hebrew": "אבגדהוזחטיכלמנסעפצקרשת ",
}
SAMPLES = [
    "Donaudampfschifffahrtsgesellschaftskapitän", "Pneumonoultramicroscopicsilicovolcanoconiosis",
    "WWWWWWWWWWWWWWWWWWWW", "iiiiiiiiiiiiiiiiiiiiiiiiiiiiii", "Élève à côté de la façade, naïve Ångström",
    "Καλημέρα, πώς είσαι; Ψυχολογία", "Щедрость и жизнь: Ярослав, Жанна", "-J-J-J-J «Æ«Æ r”r”r” -Q-G-O",
    "Łódź, Dvořák, Şişli, Đakovo", "⚠ Told nothing more can be done → ★",
]
FOREIGN = ["日本語のテキスト", "👵🏽 👍🏿", "مرحبا بالعالم", "ﷺﷺ", "𒐫𒐫"]  # other fonts, boxes, or Arabic shaping
SIZES = (9, 10, 11, 13, 24, 10.5)


def _texts() -> list[tuple[str, float, bool]]:
    """Every sample at every size and weight, and random lines of each kind of text (seeded: the same each run)."""
    pick = random.Random(9)
    lines = [(words, size, bold) for words in SAMPLES for size in SIZES for bold in (False, True)]
    for pool in KINDS.values():
        for _ in range(24):
            words = "".join(pick.choice(pool) for _ in range(pick.choice((10, 16, 30, 60)))).strip()
            lines.append((words or "x" * 10, pick.choice(SIZES), pick.random() < 0.4))
    return lines


def _card(words: str, size: float, bold: bool, wrap: int) -> Block:
    return text(words, wrap, size, "#222222", bold=bold)


def draw(cards: Sequence[Block], narrower: float = 1.0) -> tuple[str, list[str]]:
    """dot -Txdot of one fixed-size box a card, sized as the canvas sizes its cards: xdot and dot's warnings."""
    statements = ['digraph G { node [shape=box fixedsize=true margin=0 fontname="DejaVu Sans"]']
    for number, card in enumerate(cards):
        width, height = stack_size([card])
        statements.append(f"n{number} [width={width * narrower / 72:.4f} height={height / 72:.4f} "
                          f"label={dot.label(stack([card], width * narrower))}]")
    done = subprocess.run(["dot", "-Txdot"], input="\n".join([*statements, "}"]), capture_output=True, text=True,
                          check=True)
    return done.stdout, [line for line in done.stderr.splitlines() if line.strip()]


def spans(xdot: str) -> dict[int, list[float]]:
    """The width Graphviz gives each text span, by node number."""
    xdot = xdot.replace("\\\n", "")
    found = re.finditer(r'^\s*n(\d+)\s+\[.*?_ldraw_="(.*?)",', xdot, re.MULTILINE | re.DOTALL)
    return {int(m[1]): [float(w) for w in re.findall(r" T [\d.-]+ [\d.-]+ -?\d+ ([\d.]+) \d+ -", m[2])]
            for m in found}


def test_labels_of_every_kind_of_text_fit_their_boxes() -> None:
    lines = _texts()
    cards = [_card(words, size, bold, 200) for words, size, bold in lines]
    cards += [_card(words, size, bold, 26) for words, size, bold in lines[::3]]  # wrapped: several lines
    cards += [_card(words * 3, size, bold, 26) for words in FOREIGN for size in SIZES for bold in (False, True)]
    _, warnings = draw(cards)
    assert warnings == []


def test_the_box_check_has_teeth() -> None:
    cards = [_card(words, 10, False, 200) for words in SAMPLES]
    _, warnings = draw(cards, narrower=0.9)
    assert any("too small for label" in w for w in warnings)


def test_the_estimate_is_never_below_graphviz_and_within_a_fifth_of_it() -> None:
    lines = [line for line in _texts() if len(line[0]) >= 10]
    xdot, _ = draw([_card(words, size, bold, 200) for words, size, bold in lines])
    measured = spans(xdot)
    ratios = []
    for number, (words, size, bold) in enumerate(lines):
        (graphviz_width,) = measured[number]
        estimate = text_width(words, size, bold=bold)
        assert graphviz_width <= estimate <= 1.2 * graphviz_width, (words, size, bold, graphviz_width, estimate)
        ratios.append(estimate / graphviz_width)
    assert sum(ratios) / len(ratios) < 1.1  # a few per cent looser than Graphviz on average
