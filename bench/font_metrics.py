"""Write src/journeymap/rendering/font_metrics.json: DejaVu Sans's advance widths, read with fontTools.

Run: .venv/bin/python bench/font_metrics.py [--regular FILE] [--bold FILE] [--check]

journeymap sizes the canvas's boxes (and a large flow's) from these numbers, never from the font installed
where it runs, so that a map gives the same DOT on every machine. The fonts are the ones Graphviz draws with,
as fontconfig finds them (`fc-match "DejaVu Sans"`; on Debian, from the package fonts-dejavu-core). Run this
after a new release of DejaVu, review the diff, then regenerate the golden DOT files; --check only says
whether the shipped file is what the installed fonts give (exit 1 if not).

For each weight the file keeps, in font units (of units_per_em):
- advances: every character the font maps, as runs of consecutive code points: [first, "0516029B..."], four
  hexadecimal digits an advance (a string parses in a fraction of the time of as many JSON numbers).
  A character's advance is the widest glyph that shaping with the features HarfBuzz applies by default
  (locl; Arabic init, medi, fina; the lookups ccmp's contexts call) can put in its place, so that an
  Arabic letter's final form, wider than the letter alone, is not underestimated.
- kerning: [code point, adjustment] for the characters that some pair kerns wider (DejaVu kerns "-J" and
  "r\u201d" apart, for instance): the largest positive adjustment the character can get as the first of a pair.
- the font's version string, its family and weight, and its line metrics (hhea ascender, descender, line gap).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "journeymap" / "rendering" / "font_metrics.json"
FAMILY = "DejaVu Sans"
DEBIAN = Path("/usr/share/fonts/truetype/dejavu")
# GSUB features HarfBuzz applies without being asked, whose one-for-one substitutions may widen a glyph.
DEFAULT_FEATURES = frozenset({"ccmp", "locl", "rlig", "calt", "rclt", "isol", "init", "medi", "fina"})
_SINGLE, _CHAIN_CONTEXT, _CONTEXT, _EXTENSION = 1, 6, 5, 7


def installed_font(bold: bool) -> Path:
    """The file fontconfig gives Graphviz for DejaVu Sans (bold or not); Debian's path when fc-match is absent."""
    pattern = f"{FAMILY}:bold" if bold else FAMILY
    try:
        found = subprocess.run(["fc-match", "--format=%{file}", pattern], capture_output=True, text=True,
                               check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        found = ""
    return Path(found) if found else DEBIAN / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")


def _lookups(table: Any, features: frozenset[str]) -> list[Any]:
    """The lookups of a GSUB table that ``features`` use, with those their contextual rules call."""
    wanted = {index for record in table.FeatureList.FeatureRecord if record.FeatureTag in features
              for index in record.Feature.LookupListIndex}
    pending = list(wanted)
    while pending:
        for subtable in _subtables(table.LookupList.Lookup[pending.pop()]):
            if subtable.LookupType in (_CONTEXT, _CHAIN_CONTEXT):
                records = [r for rule in _rules(subtable) for r in _substitutions(rule)]
                for record in records:
                    if record.LookupListIndex not in wanted:
                        wanted.add(record.LookupListIndex)
                        pending.append(record.LookupListIndex)
    return [table.LookupList.Lookup[index] for index in sorted(wanted)]


def _subtables(lookup: Any) -> list[Any]:
    return [s.ExtSubTable if lookup.LookupType == _EXTENSION else s for s in lookup.SubTable]


def _rules(subtable: Any) -> list[Any]:
    """The rules of a contextual subtable in any of its three formats."""
    if subtable.Format == 3:
        return [subtable]
    sets = [getattr(subtable, name, None) for name in ("SubRuleSet", "SubClassSet", "ChainSubRuleSet",
                                                       "ChainSubClassSet")]
    rules = []
    for rule_sets in sets:
        for rule_set in rule_sets or ():
            if rule_set is None:
                continue
            for name in ("SubRule", "SubClassRule", "ChainSubRule", "ChainSubClassRule"):
                rules.extend(getattr(rule_set, name, None) or ())
    return rules


def _substitutions(rule: Any) -> Iterable[Any]:
    return getattr(rule, "SubstLookupRecord", None) or getattr(rule, "SubstLookupRecords", None) or ()


def widest_forms(font: TTFont) -> dict[str, int]:
    """Each glyph's widest advance among itself and what default one-for-one substitutions make of it."""
    advance = {name: width for name, (width, _) in font["hmtx"].metrics.items()}
    replaced_by: dict[str, set[str]] = {}
    if "GSUB" in font:
        for lookup in _lookups(font["GSUB"].table, DEFAULT_FEATURES):
            for subtable in _subtables(lookup):
                if subtable.LookupType == _SINGLE:
                    for source, target in subtable.mapping.items():
                        replaced_by.setdefault(source, set()).add(target)
    widest = dict(advance)
    for glyph in replaced_by:
        seen, pending = {glyph}, [glyph]
        while pending:
            for target in replaced_by.get(pending.pop(), ()):
                if target not in seen:
                    seen.add(target)
                    pending.append(target)
        widest[glyph] = max(advance[g] for g in seen)
    return widest


def kerning(font: TTFont) -> dict[str, int]:
    """Each glyph's largest positive kerning as the first of a pair (GPOS pair adjustments of its advance)."""
    largest: dict[str, int] = {}
    if "GPOS" not in font:
        return largest
    for lookup in font["GPOS"].table.LookupList.Lookup:
        for subtable in (s.ExtSubTable if lookup.LookupType == 9 else s for s in lookup.SubTable):
            if subtable.LookupType != 2:
                continue
            if subtable.Format == 1:
                for first, pair_set in zip(subtable.Coverage.glyphs, subtable.PairSet):
                    for record in pair_set.PairValueRecord:
                        _widen(largest, [first], getattr(record.Value1, "XAdvance", 0))
            else:
                classes = subtable.ClassDef1.classDefs
                by_class: dict[int, list[str]] = {}
                for glyph in subtable.Coverage.glyphs:
                    by_class.setdefault(classes.get(glyph, 0), []).append(glyph)
                for number, record in enumerate(subtable.Class1Record):
                    most = max((getattr(r.Value1, "XAdvance", 0) or 0 for r in record.Class2Record), default=0)
                    _widen(largest, by_class.get(number, []), most)
    return largest


def _widen(largest: dict[str, int], glyphs: Iterable[str], adjustment: int | None) -> None:
    if adjustment and adjustment > 0:
        for glyph in glyphs:
            largest[glyph] = max(largest.get(glyph, 0), adjustment)


def runs(widths: dict[int, int]) -> list[list[Any]]:
    """Code points and their widths as runs of consecutive code points: [[first, "hhhhhhhh..."], ...]."""
    grouped: list[tuple[int, list[int]]] = []
    for code in sorted(widths):
        if grouped and grouped[-1][0] + len(grouped[-1][1]) == code:
            grouped[-1][1].append(widths[code])
        else:
            grouped.append((code, [widths[code]]))
    return [[first, "".join(f"{width:04X}" for width in run)] for first, run in grouped]


def weight_metrics(path: Path) -> dict[str, Any]:
    """One font file's metrics, as the JSON file keeps them."""
    font = TTFont(str(path), lazy=True)
    cmap = font.getBestCmap()
    widest, kerns = widest_forms(font), kerning(font)
    names = font["name"]
    return {
        "family": names.getDebugName(1),
        "weight": names.getDebugName(2),
        "version": names.getDebugName(5),
        "units_per_em": font["head"].unitsPerEm,
        "ascender": font["hhea"].ascent,
        "descender": font["hhea"].descent,
        "line_gap": font["hhea"].lineGap,
        "advances": runs({code: widest[glyph] for code, glyph in cmap.items()}),
        "kerning": [[code, kerns[glyph]] for code, glyph in sorted(cmap.items()) if kerns.get(glyph)],
    }


def metrics(regular: Path, bold: Path) -> dict[str, Any]:
    """The whole file: both weights' metrics."""
    return {"generated_by": "bench/font_metrics.py", "regular": weight_metrics(regular), "bold": weight_metrics(bold)}


def encode(data: dict[str, Any]) -> str:
    """The file's text: compact, one weight's runs a line, stable from run to run."""
    lines = ["{", f'"generated_by": {json.dumps(data["generated_by"])},']
    for number, weight in enumerate(("regular", "bold")):
        fields = data[weight]
        lines.append(f'"{weight}": {{')
        for key, value in fields.items():
            if key in ("advances", "kerning"):
                rows = ",\n".join(json.dumps(row, separators=(",", ":")) for row in value)
                lines.append(f'"{key}": [\n{rows}\n]' + ("," if key == "advances" else ""))
            else:
                lines.append(f"{json.dumps(key)}: {json.dumps(value)},")
        lines.append("}," if number == 0 else "}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> int:
    """Write the file, or with --check compare it with what the installed fonts give."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regular", type=Path, default=None, help="DejaVu Sans (default: what fc-match finds)")
    parser.add_argument("--bold", type=Path, default=None, help="DejaVu Sans Bold (default: what fc-match finds)")
    parser.add_argument("--check", action="store_true", help="compare with the shipped file, write nothing")
    args = parser.parse_args()
    regular, bold = args.regular or installed_font(False), args.bold or installed_font(True)
    text = encode(metrics(regular, bold))
    if args.check:
        same = OUTPUT.read_text(encoding="utf-8") == text
        print(f"{OUTPUT.name} {'matches' if same else 'differs from'} {regular} and {bold}")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(text.encode()):,} bytes) from {regular} and {bold}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
