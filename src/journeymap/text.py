"""Plain-text tables of an analysis, for the terminal (``journeymap analyse`` without ``--json``)."""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.analysis import Analysis


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Columns padded to their widest cell, a rule under the headers."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()

    return "\n".join([line(cells[0]), line(["-" * w for w in widths]), *(line(r) for r in cells[1:])])


def _words(word: str) -> str:
    return word.replace("_", " ")


def _willing(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "not asked"}[value]


def _section(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]], empty: str) -> str:
    body = table(headers, rows) if rows else empty
    return f"{title} ({len(rows)})\n{body}"


def analysis_tables(findings: Analysis) -> str:
    """The findings of an analysis as titled plain-text tables."""
    journey = findings.journey
    persona = journey.persona_actor
    heading = journey.title + (f" (persona: {persona.name})" if persona else "")
    unused = _section(
        "Unused assets", ["asset", "holder", "kind", "willing", "hours/month", "could help in"],
        [(u.asset.label, u.holder.name, _words(u.asset.kind), _willing(u.willing), u.asset.hours_per_month,
          ", ".join(s.name for s in u.stages)) for u in findings.unused_assets],
        "none: every asset is used somewhere",
    )
    untapped = _section(
        "Untapped opportunities", ["asset", "touchpoint", "stage", "phase", "note"],
        [(u.asset.label, u.touchpoint.name, u.stage.name, _words(u.phase), u.contribution.note or "")
         for u in findings.untapped],
        "none",
    )
    passive = _section(
        "Passive touchpoints", ["touchpoint", "stage", "citizens present"],
        [(p.touchpoint.name, p.stage.name, ", ".join(a.name for a in p.citizens))
         for p in findings.passive_touchpoints],
        "none: citizens contribute wherever they are present",
    )
    star_rows = [(_words(phase), "action" if phase.is_action else "voice", count.actual, count.potential)
                 for phase, count in findings.star_coverage.items()]
    star = "Co-production Star\n" + table(["phase", "kind", "actual", "potential"], star_rows)
    gap = _section(
        "Perception gap", ["need", "users", "staff", "gap"],
        [(g.need.name, f"{g.need.users:.0%}", f"{g.need.staff:.0%}", f"{g.gap:+.0%}") for g in findings.perception_gap],
        "no needs recorded",
    )
    if findings.rank_agreement is not None:
        gap += f"\nrank agreement (Spearman): {findings.rank_agreement:+.2f}"
    hours = findings.unused_willing_hours
    summary = f"Willing capacity unused: {hours:g} hours a month" if hours else ""
    parts = [f"{heading}\n{'=' * len(heading)}", unused, untapped, passive, star, gap, summary]
    return "\n\n".join(p for p in parts if p)

