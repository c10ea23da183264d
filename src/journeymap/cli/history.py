"""`journeymap history MAP`: the scorecard of every committed version of a map, as a table, JSON or the trend view."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from journeymap.errors import UsageError, did_you_mean
from journeymap.scorecard import Scorecard
from journeymap.tables import table
from journeymap.vocabulary import ActionStatus, Phase

if TYPE_CHECKING:
    from journeymap.history import History, MapVersion

TREND_FORMATS = ("svg", "png", "pdf", "dot")
_SUBJECT_CHARS = 40
_PHASE_LETTERS = {Phase.CO_COMMISSIONING: "C", Phase.CO_DESIGN: "D", Phase.CO_DELIVERY: "V", Phase.CO_ASSESSMENT: "A"}


def do_history(args: argparse.Namespace) -> int:
    """journeymap history: a scorecard per version (table or JSON); with -o, the trend view drawn to a file."""
    from journeymap.history import read_history

    fmt = _trend_format(args.output) if args.output is not None else None
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    try:
        history = read_history(args.map, max_bytes=args.max_bytes, progress=bar.show if bar else None)
    finally:
        if bar is not None:
            bar.clear()
    if args.json:
        print(json.dumps(history.to_dict(), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(history_text(history), end="")
    if fmt is not None:
        _draw(history, args, fmt)
    return 0


def _draw(history: History, args: argparse.Namespace, fmt: str) -> None:
    """The trend view of the history, written to -o (not over work that is not a drawing)."""
    from journeymap.files import drawn, write_guarded
    from journeymap.io import load
    from journeymap.rendering.trend import render_trend

    scored = history.scored
    if not scored:
        raise UsageError(f"no trend to draw: {history.note or 'no version of the map reads'}")
    try:
        journey = load(args.map, max_bytes=args.max_bytes)  # its title and persona head the chart
    except (OSError, UsageError, ValueError):
        journey = None
    drawing = render_trend(scored, journey, fmt, theme=args.theme, skipped=history.skipped)
    write_guarded(args.output, drawing, drawn, force=args.force)


def _trend_format(output: object) -> str:
    suffix = str(getattr(output, "suffix", "")).lower().lstrip(".")
    fmt = {"gv": "dot"}.get(suffix, suffix)
    if fmt not in TREND_FORMATS:
        hint = did_you_mean(fmt, TREND_FORMATS) or f"the trend is drawn as {', '.join('.' + f for f in TREND_FORMATS)}"
        raise UsageError(f"cannot tell the trend's format from {str(output)!r}: {hint}")
    return fmt


def history_text(history: History) -> str:
    """The history as text: the note, a table of each version's scorecard, then the versions that did not read."""
    parts = []
    if history.note:
        parts.append(history.note)
    cards = [(v, v.scorecard) for v in history.versions if v.scorecard is not None]
    counted = any(card.cases is not None for _, card in cards)  # from records: their cases too
    rows = [_with_cases(version_row(v, card), card) if counted else version_row(v, card) for v, card in cards]
    if rows:
        parts.append(table(_with_cases(HEADERS, None) if counted else HEADERS, rows))
        if counted:
            parts.append("cases: the cases discovered from the records, and the times citizens acted: each group's "
                         "cases at each touchpoint where it acted, added up (a case counted once for each touchpoint "
                         "and group), and per case; assets '?': records hold only the assets people used, so what "
                         "goes unused is not known from them")
        parts.append("assets: citizen assets used of all; hours: willing hours a month used / unused; passive: "
                     "passive touchpoints of those with a citizen; Star: actual/potential per phase (C commissioning, "
                     "D design, V delivery, A assessment); outcomes: unserved / service-only / co-produced; "
                     "actions: todo / doing / done / dropped")
    broken = [v for v in history.versions if v.scorecard is None]
    if broken:
        lines = [f"Versions that do not read ({len(broken)}), skipped:"]
        for v in broken:
            lines.append(f"  {v.date[:10]}  {v.commit[:7] or 'working'}  {_short(v.subject)}")
            lines.extend(f"    {p.diagnostic('error')}".replace("\n", "\n    ") for p in v.problems)
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


HEADERS = ("date", "commit", "subject", "assets", "hours", "passive", "Star C D V A", "outcomes", "actions")


def version_row(version: MapVersion, card: Scorecard) -> Sequence[str]:
    """One version's row of the history table."""
    star = " ".join(f"{card.star[p][0]}/{card.star[p][1]}" for p in _PHASE_LETTERS)
    return (version.date[:10], version.commit[:7] or "working", _short(version.subject),
            f"{card.assets_used}/{card.citizen_assets}" + ("" if card.share_known else " ?"),
            f"{card.willing_hours_used:g} / {card.willing_hours_unused:g}",
            f"{card.passive_touchpoints}/{card.touchpoints_with_citizen}", star,
            " / ".join(str(n) for n in card.outcomes.values()),
            " / ".join(str(card.actions[s]) for s in ActionStatus))


def _with_cases(row: Sequence[str], card: Scorecard | None) -> Sequence[str]:
    """A row (``card`` None: the headers) with the records' cases after the subject."""
    if card is None:
        told = "cases"
    elif card.cases is None:
        told = "—"
    else:
        acted = "?" if card.co_delivery_cases is None else f"{card.co_delivery_cases:,}"  # uncounted: not known
        told = f"{card.cases:,} / {acted}" + (
            "" if card.acting_per_case is None else f" ({card.acting_per_case:.2f} a case)")
    return (*row[:3], told, *row[3:])


def _short(subject: str) -> str:
    return subject if len(subject) <= _SUBJECT_CHARS else subject[:_SUBJECT_CHARS - 1].rstrip() + "…"


class ProgressBar:
    """A one-line progress bar on a terminal, drawn over itself, cleared at the end."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.drawn = False

    def show(self, done: int, total: int) -> None:
        """Draw the bar at ``done`` of ``total`` versions."""
        filled = self.WIDTH * done // max(total, 1)
        self.stream.write(f"\rscoring versions [{'#' * filled}{' ' * (self.WIDTH - filled)}] {done}/{total}")
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        """Wipe the bar, leaving the line empty for what follows."""
        if self.drawn:
            self.stream.write("\r" + " " * (self.WIDTH + 40) + "\r")
            self.stream.flush()
