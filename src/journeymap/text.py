"""Plain-text tables for the terminal: an analysis (`journeymap analyse`) and a comparison (`journeymap diff`)."""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.analysis import Analysis, PassiveTouchpoint, Untapped, UnusedAsset
from journeymap.comparison import ITEM_KINDS, Item, JourneyDiff, used_at
from journeymap.model import Asset
from journeymap.vocabulary import Phase, Willingness


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


def _untapped_section(title: str, items: Sequence[Untapped]) -> str:
    return _section(title, ["asset", "touchpoint", "stage", "phase", "note"],
                    [(u.asset.label, u.touchpoint.name, u.stage.name, words(u.phase), u.contribution.note or "")
                     for u in items], "none")


def _passive_section(title: str, items: Sequence[PassiveTouchpoint], empty: str = "none") -> str:
    return _section(title, ["touchpoint", "stage", "citizens present"],
                    [(p.touchpoint.name, p.stage.name, ", ".join(a.name for a in p.citizens)) for p in items],
                    empty)


def _underlined(heading: str) -> str:
    return f"{heading}\n{'=' * len(heading)}"


def _voice_or_action(phase: Phase) -> str:
    return "action" if phase.is_action else "voice"


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
    untapped = _untapped_section("Untapped opportunities", findings.untapped)
    passive = _passive_section("Passive touchpoints", findings.passive_touchpoints,
                               "none: citizens contribute wherever they are present")
    chokepoints = _section(
        "Moments everyone passes through", ["touchpoint", "stage", "passive"],
        [(c.touchpoint.name, c.stage.name, "yes" if findings.is_passive(c.touchpoint) else "no")
         for c in findings.chokepoints],
        "none: no one touchpoint lies on every path through the flow",
    )
    star_rows = [(words(phase), _voice_or_action(phase), count.actual, count.potential)
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
    parts = [_underlined(heading), unused, untapped, passive, chokepoints, star, gap, capacity]
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


def diff_tables(changes: JourneyDiff) -> str:
    """What changed between two maps, in co-production terms, as titled plain-text tables."""
    old, new = changes.old.journey, changes.new.journey
    heading = old.title if old.title == new.title else f"{old.title} → {new.title}"
    parts = [_underlined(heading)] + ([] if changes.changed else ["No change in co-production."])
    parts += [
        _items_section("Added", changes.added),
        _items_section("Removed", changes.removed),
        _section("Assets newly used", ["asset", "holder", "now used at"],
                 [(a.label, new.actor(a.holder).name, ", ".join(t.name for t in used_at(new, a)))
                  for a in changes.newly_used], "none"),
        _section("Assets no longer used", ["asset", "holder", "willing"],
                 [(u.asset.label, u.holder.name, _willing(u.willing)) for u in changes.no_longer_used], "none"),
        _untapped_section("Opportunities taken up", changes.taken_up),
        _untapped_section("New opportunities", changes.new_opportunities),
        _untapped_section("Opportunities dropped", changes.dropped_opportunities),
        _passive_section("Touchpoints no longer passive", changes.no_longer_passive),
        _passive_section("Touchpoints newly passive", changes.newly_passive),
        "Co-production Star\n" + _star_change_table(changes),
        f"Willing capacity unused: {changes.old.unused_willing_hours:g} → {changes.new.unused_willing_hours:g} "
        f"hours a month{_change(changes.hours_change, ' ({:+g})')}",
    ]
    return "\n\n".join(parts)


def _items_section(title: str, items: Sequence[Item]) -> str:
    return _section(title, ["kind", "id", "name"],
                    [(ITEM_KINDS[type(i)], i.id, i.label if isinstance(i, Asset) else i.name) for i in items], "none")


def _star_change_table(changes: JourneyDiff) -> str:
    old, new, change = changes.old.star_coverage, changes.new.star_coverage, changes.star_change
    rows = [(words(phase), _voice_or_action(phase),
             f"{was.actual} → {new[phase].actual}", _change(change[phase].actual),
             f"{was.potential} → {new[phase].potential}", _change(change[phase].potential))
            for phase, was in old.items()]
    return table(["phase", "kind", "actual", "change", "potential", "change"], rows)


def _change(amount: float, form: str = "{:+g}") -> str:
    """A signed change, ``+2`` or ``-1``; nothing when there is none."""
    return form.format(amount) if amount else ""
