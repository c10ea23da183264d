"""Plain-text tables of an analysis, for the terminal (``journeymap analyse`` without ``--json``)."""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.analysis import Analysis, UnusedAsset
from journeymap.vocabulary import Willingness


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Columns padded to their widest cell, a rule under the headers."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()

    return "\n".join([line(cells[0]), line(["-" * w for w in widths]), *(line(r) for r in cells[1:])])


def words(value: str) -> str:
    """A vocabulary word as prose: ``co_delivery`` → ``co-delivery``, ``face_to_face`` → ``face to face``."""
    return value.replace("co_", "co-").replace("_", " ")


WILLINGNESS_WORDS: dict[Willingness | None, str] = {
    Willingness.WEEKLY: "willing weekly",
    Willingness.MONTHLY: "willing monthly",
    Willingness.NONE: "not looking to do more",
    None: "willingness not asked",
}
"""An actor's willingness to do more, as a short phrase."""


def hours(value: float | None) -> str:
    """Hours as printed: ``8``, ``2.5``; empty when not given."""
    return f"{value:g}" if value is not None else ""


def unused_badge(unused: UnusedAsset) -> str:
    """The badge on an unused asset: loud and specific for a willing holder, quiet for an unwilling one."""
    if unused.grade == "unwilling":
        return "unused · not looking to do more"
    if unused.grade == "unstated":
        return "UNUSED"
    offered = unused.asset.hours_per_month
    offer = f"offers {hours(offered)} h/month" if offered else None
    return " · ".join(p for p in ("UNUSED", offer, WILLINGNESS_WORDS[unused.holder.willingness]) if p)


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
        [(u.asset.label, u.holder.name, words(u.asset.kind), _willing(u.willing), u.asset.hours_per_month,
          ", ".join(s.name for s in u.stages)) for u in findings.unused_assets],
        "none: every asset is used somewhere",
    )
    untapped = _section(
        "Untapped opportunities", ["asset", "touchpoint", "stage", "phase", "note"],
        [(u.asset.label, u.touchpoint.name, u.stage.name, words(u.phase), u.contribution.note or "")
         for u in findings.untapped],
        "none",
    )
    passive = _section(
        "Passive touchpoints", ["touchpoint", "stage", "citizens present"],
        [(p.touchpoint.name, p.stage.name, ", ".join(a.name for a in p.citizens))
         for p in findings.passive_touchpoints],
        "none: citizens contribute wherever they are present",
    )
    star_rows = [(words(phase), "action" if phase.is_action else "voice", count.actual, count.potential)
                 for phase, count in findings.star_coverage.items()]
    star = "Co-production Star\n" + table(["phase", "kind", "actual", "potential"], star_rows)
    gap = _section(
        "Perception gap", ["need", "users", "staff", "gap"],
        [(g.need.name, f"{g.need.users:.0%}", f"{g.need.staff:.0%}", f"{g.gap:+.0%}") for g in findings.perception_gap],
        "no needs recorded",
    )
    if findings.rank_agreement is not None:
        gap += f"\nrank agreement (Spearman): {findings.rank_agreement:+.2f}"
    willing_hours = findings.unused_willing_hours
    capacity = f"Willing capacity unused: {willing_hours:g} hours a month" if willing_hours else ""
    parts = [f"{heading}\n{'=' * len(heading)}", unused, untapped, passive, star, gap, capacity]
    return "\n\n".join(p for p in parts if p)



def counted(number: int, singular: str, plural: str | None = None) -> str:
    """A number and its noun: ``1 asset``, ``2 assets``, ``3 opportunities`` (``plural`` given)."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def listed(items: Sequence[str], conjunction: str = "and") -> str:
    """Items in prose: ``a``, ``a and b``, ``a, b and c``."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _unused_sentence(findings: Analysis) -> str:
    unused = findings.unused_assets
    if not findings.journey.assets:
        return "No assets are recorded yet."
    if not unused:
        return f"Every one of the {counted(len(findings.journey.assets), 'asset')} is used somewhere."
    willing = sum(1 for u in unused if u.willing)
    of_all = f"{len(unused)} of {counted(len(findings.journey.assets), 'asset')}"
    verb = "goes" if len(unused) == 1 else "go"
    if willing == 0:
        held = "none held by anyone who said they are willing to do more"
    elif willing == len(unused):
        held = {1: "held by someone willing to do more", 2: "both held by people willing to do more"}.get(
            willing, f"all {willing} held by people willing to do more")
    else:
        held = f"{willing} of them held by {'someone' if willing == 1 else 'people'} willing to do more"
    willing_hours = findings.unused_willing_hours
    offer = f", offering {willing_hours:g} hours a month" if willing_hours else ""
    return f"{of_all} {verb} unused, {held}{offer}."


def _untapped_sentence(findings: Analysis) -> str:
    count = len(findings.untapped)
    if count == 0:
        return "No identified opportunity is left untapped."
    verb = "is" if count == 1 else "are"
    return f"{counted(count, 'identified opportunity', 'identified opportunities')} {verb} untapped."


def _passive_sentence(findings: Analysis) -> str:
    count, total = len(findings.passive_touchpoints), len(findings.journey.touchpoints)
    if total == 0:
        return "No touchpoints are recorded yet."
    if count == 0:
        return "No touchpoint is passive: citizens contribute wherever they are present."
    return (f"{count} of {counted(total, 'touchpoint')} {'is' if count == 1 else 'are'} passive: "
            "citizens are there but none of their assets is used.")


def _star_sentence(findings: Analysis) -> str:
    coverage = findings.star_coverage
    used = [f"{words(phase)} "
            + ", ".join(f"{n} {status}" for n, status in ((c.actual, "actual"), (c.potential, "potential")) if n)
            for phase, c in coverage.items() if c.total]
    if not used:
        return "No contributions are recorded against the Co-production Star."
    empty = [words(phase) for phase, c in coverage.items() if not c.total]
    gaps = f"; none in {listed(empty, 'or')}" if empty else ""
    return f"Contributions by Co-production Star phase: {'; '.join(used)}{gaps}."


def summary(findings: Analysis) -> str:
    """One paragraph summarising the findings: unused assets, untapped opportunities, passive touchpoints, Star."""
    return " ".join([_unused_sentence(findings), _untapped_sentence(findings), _passive_sentence(findings),
                     _star_sentence(findings)])
