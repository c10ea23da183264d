"""Plain-text tables for the terminal: an analysis (``journeymap analyse``; its ``--json`` prints
``Analysis.to_dict()``) and a comparison (``journeymap diff``).

Every word and figure comes from :mod:`journeymap.wording`, as the diagrams and the report take theirs.
"""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.analysis import Analysis, PassiveTouchpoint, Untapped
from journeymap.analysis_records import busiest_steps, counted_steps, entry_waits, variant_shares
from journeymap.comparison import ITEM_KINDS, Item, JourneyDiff, NeedChange, used_at
from journeymap.model import Asset, Contribution, Journey, Need
from journeymap.wording import (
    INTERVAL_NOTE,
    contribution_note,
    correlation,
    counted_needs,
    coverage,
    hours,
    hours_a_month,
    involvement,
    joined,
    outcome_state,
    no_passive_touchpoints,
    no_outcomes,
    no_tokenism,
    no_unused_assets,
    percent,
    phase_kind,
    points,
    sentence,
    share_and_interval,
    signed,
    tokenism_reason,
    willing_answer,
    words,
)
from journeymap.wording_records import (
    ARROW,
    cases,
    entry_wait,
    evidence_sentence,
    hidden_sentence,
    low_threshold,
    map_cases,
    optional_duration,
    told,
)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Columns padded to their widest cell, a rule under the headers.

    >>> print(table(["need", "gap"], [("Friends", "+55 pts"), ("Information", "−11 pts")]))
    need         gap
    -----------  -------
    Friends      +55 pts
    Information  −11 pts
    """
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()

    return "\n".join([line(cells[0]), line(["-" * w for w in widths]), *(line(r) for r in cells[1:])])


ANALYSIS_SECTIONS: dict[str, str] = {
    "unused_assets": "Unused assets",
    "untapped": "Untapped opportunities",
    "passive_touchpoints": "Passive touchpoints",
    "tokenism": "Tokenism: co-design or co-production claimed where citizens do not take part",
    "chokepoints": "Chokepoints: moments everyone passes through",
    "star_coverage": "Star coverage: the Co-production Star",
    "star_coverage_by_stage": "Star coverage by stage",
    "perception_gap": "Perception gap",
    "rank_agreement": "Rank agreement (Spearman)",
    "involvement": "Involvement: the ladder of co-production",
    "unused_willing_hours_per_month": "Unused willing hours per month",
    "enabling": "Enabling contributions: staff assets that help citizens",
    "unused_staff_assets": "Unused staff assets",
    "outcomes": "Outcomes: what matters to the person, and how far it is served",
    "records": "Records: what the map was discovered from",
}
"""The heading of each section of ``journeymap analyse``'s tables, by the key of ``analyse --json`` that holds
the same findings (the title is the underlined heading); each heading begins with its key in words."""


def analysis_tables(findings: Analysis) -> str:
    """The findings of an analysis as titled plain-text tables, one section for each key of its JSON."""
    journey = findings.journey
    persona = journey.persona_actor
    heading = journey.title + (f" (persona: {persona.name})" if persona else "")
    name = ANALYSIS_SECTIONS
    unused = _section(
        name["unused_assets"], ["asset", "holder", "kind", "willing", "hours/month", "could help in"],
        [(u.asset.label, u.holder.name, words(u.asset.kind), willing_answer(u.holder.willingness),
          hours(u.asset.hours_per_month), ", ".join(s.name for s in u.stages)) for u in findings.unused_assets],
        no_unused_assets(journey),
    )
    untapped = _untapped_section(name["untapped"], findings.untapped)
    passive = _passive_section(name["passive_touchpoints"], findings.passive_touchpoints,
                               no_passive_touchpoints(journey))
    tokenism = _section(name["tokenism"], ["touchpoint", "stage", "why"],
                        [(t.touchpoint.name, t.stage.name, tokenism_reason(t))
                         for t in findings.tokenism], no_tokenism(journey))
    chokepoints = _chokepoints_section(name["chokepoints"], findings)
    star_rows = [(words(phase), phase_kind(phase), count.actual, count.potential)
                 for phase, count in findings.star_coverage.items()]
    star = f"{name['star_coverage']}\n" + table(["phase", "kind", "actual", "potential"], star_rows)
    by_stage = _section(
        name["star_coverage_by_stage"], ["stage", *(words(phase) for phase in findings.star_coverage)],
        [(journey.stage(stage).name, *(coverage(count) for count in counts.values()))
         for stage, counts in findings.star_coverage_by_stage.items()],
        "no stages yet",
    )
    gap = _gap_section(name["perception_gap"], findings)
    rho = findings.rank_agreement
    ranks = f"{name['rank_agreement']}: " + (correlation(rho) if rho is not None else "none: fewer than two needs to rank")
    rungs = _section(
        name["involvement"], ["touchpoint", "stage", "involvement"],
        [(i.touchpoint.name, journey.stage_of(i.touchpoint).name, involvement(i.involvement))
         for i in findings.involvement],
        "none recorded (a touchpoint's involvement says how far citizens are involved there)",
    )
    capacity = f"{name['unused_willing_hours_per_month']}: {hours(findings.unused_willing_hours)}"
    enabling = _section(
        name["enabling"], ["asset", "holder", "touchpoint", "phase", "status", "note"],
        [(journey.asset(c.asset).label, journey.holder(journey.asset(c.asset)).name, journey.touchpoint(c.touchpoint).name,
          words(c.phase), c.status.value, contribution_note(c) or "") for c in findings.enabling],
        "none: no staff asset is recorded as helping citizens",
    )
    staff = _section(
        name["unused_staff_assets"], ["asset", "holder", "kind"],
        [(u.asset.label, u.holder.name, words(u.asset.kind)) for u in findings.unused_staff_assets], "none",
    )
    outcomes = _section(
        name["outcomes"], ["outcome", "for", "served", "served at", "by citizens"],
        [(o.outcome.name, ", ".join(journey.actor(p).name for p in o.people), outcome_state(o.state),
          ", ".join(t.name for t in o.touchpoints),
          ", ".join(journey.asset(c.asset).label for c in o.contributions)) for o in findings.outcomes],
        no_outcomes(journey),
    )
    from_records = [_records_section(journey)] if journey.evidence is not None else []
    return "\n\n".join([_underlined(heading), unused, untapped, passive, tokenism, chokepoints, star, by_stage, gap,
                         ranks, rungs, enabling, staff, outcomes, capacity, *from_records])


def _chokepoints_section(title: str, findings: Analysis) -> str:
    """The chokepoints; when the records judged them, with the cases each is in (``all 400``)."""
    evidence = findings.journey.evidence
    if evidence is None:
        return _section(title, ["touchpoint", "stage", "passive"],
                        [(c.touchpoint.name, c.stage.name, _yes_no(findings.is_passive(c.touchpoint)))
                         for c in findings.chokepoints],
                        "none: no one touchpoint lies on every path through the flow")
    every = f"all {evidence.cases:,}"
    return _section(title, ["touchpoint", "stage", "cases", "passive"],
                    [(c.touchpoint.name, c.stage.name, every, _yes_no(findings.is_passive(c.touchpoint)))
                     for c in findings.chokepoints],
                    f"none: no touchpoint is in {every} cases" if evidence.cases else "none: the records hold no cases")


def _yes_no(flag: bool) -> str:
    """``yes`` or ``no``."""
    return "yes" if flag else "no"


def _records_section(journey: Journey) -> str:
    """What the records say, in lines with no blank line between them (a blank line ends a section)."""
    evidence = journey.evidence
    assert evidence is not None
    shares = variant_shares(journey)
    steps = busiest_steps(journey)
    covered = sum(s.variant.cases for s in shares)
    kept = "" if evidence.log_cases is None else f" the filter kept ({map_cases(evidence)})"
    coverage = f", covering {percent(covered / evidence.cases)} of cases{kept}" if evidence.cases and shares else ""
    counted_of = counted_steps(journey)
    lines = [
        ANALYSIS_SECTIONS["records"],
        evidence_sentence(evidence),
        f"Disclosure threshold: {cases(evidence.threshold)}. " + (hidden_sentence(evidence) or "Nothing was held back.")
        + (f" {low}" if (low := low_threshold(evidence)) else ""),
        *_bulleted("Filters", evidence.filters, "none"),
        *_bulleted("Notes", evidence.notes, "none"),
        f"Variants ({len(shares)}): the most common paths{coverage}"
        + ("" if shares else f": no path was followed by {cases(evidence.threshold)} or more"),
        *([table(["rank", "cases", "share", "path"],
                 [(v.rank, f"{v.variant.cases:,}", "—" if v.share is None else percent(v.share), ARROW.join(shown))
                  for v, shown in zip(shares, told([v.names for v in shares]))])] if shares else []),
        f"Busiest steps ({len(steps)}{f' of {counted_of}' if counted_of > len(steps) else ''})",
        *([table(["from", "to", "cases", "median wait", "90% within"],
                 [(journey.touchpoint(e.source).name, journey.touchpoint(e.target).name, f"{e.cases:,}",
                   optional_duration(e.median_hours), optional_duration(e.p90_hours)) for e in steps])]
          if steps else []),
        f"Stage entry waits ({len(entry_waits(journey))})",
        *([table(["stage", "cases", "entering from another", "median wait", "90% within"],
                 [(s.name, *("—" if count is None else f"{count:,}" for count in (s.cases, s.entry_cases)),
                   entry_wait(s.median_hours, first=s.id == journey.stages[0].id), optional_duration(s.p90_hours))
                  for s in entry_waits(journey)])] if entry_waits(journey) else []),
    ]
    return "\n".join(lines)


def _bulleted(title: str, items: Sequence[str], empty: str) -> list[str]:
    """A titled list, one item a line: ``Filters (2):`` then ``  - ...``; ``Filters: none`` when empty."""
    if not items:
        return [f"{title}: {empty}"]
    return [f"{title} ({len(items)}):", *(f"  - {item}" for item in items)]


def diff_tables(changes: JourneyDiff) -> str:
    """What changed between two maps, in co-production terms, as titled plain-text tables."""
    from journeymap.tables_records import (  # it builds on this module's table()
        not_like_for_like, records_tables, unseen_may_be_hidden)

    old, new = changes.old.journey, changes.new.journey
    heading = old.title if old.title == new.title else f"{old.title} → {new.title}"
    warning = not_like_for_like(changes.records)
    unseen = unseen_may_be_hidden(changes.records) if (changes.added or changes.removed or changes.contributions_new
                                                       or changes.contributions_ended) else None
    parts = [_underlined(heading), *([] if warning is None else [warning]),
             *([] if changes.changed else ["No change in co-production."]), _headline(changes),
             *([] if unseen is None else [unseen])]
    parts += [
        _items_section("Added", changes.added),
        _items_section("Removed", changes.removed),
        _section("Assets newly used", ["asset", "holder", "now used at"],
                 [(a.label, new.actor(a.holder).name, ", ".join(t.name for t in used_at(new, a)))
                  for a in changes.newly_used], "none"),
        _section("Assets no longer used", ["asset", "holder", "willing"],
                 [(u.asset.label, u.holder.name, willing_answer(u.holder.willingness))
                  for u in changes.no_longer_used], "none"),
        _untapped_section("Opportunities taken up", changes.taken_up),
        _contributions_section("Contributions begun (actual, other than opportunities taken up)", new,
                               changes.contributions_new),
        _contributions_section("Contributions ended (actual)", old, changes.contributions_ended),
        _untapped_section("New opportunities", changes.new_opportunities),
        _untapped_section("Opportunities dropped", changes.dropped_opportunities),
        _passive_section("Touchpoints no longer passive", changes.no_longer_passive),
        _passive_section("Touchpoints newly passive", changes.newly_passive),
        _section("Feelings changed", ["touchpoint", "emotion", "pain points added", "pain points gone"],
                 [(f.touchpoint.name, _emotion_change(f.old_emotion, f.new_emotion), "; ".join(f.pain_points_added),
                   "; ".join(f.pain_points_gone)) for f in changes.feelings], "none"),
        _section("Outcomes changed", ["outcome", "was", "now"],
                 [(o.outcome.name, "—" if o.old is None else outcome_state(o.old),
                   "—" if o.new is None else outcome_state(o.new)) for o in changes.outcomes], "none"),
        _actions_section(changes),
        evidence_tables(changes),
        "Co-production Star\n" + _star_change_table(changes),
        f"Willing capacity unused: {hours(changes.old.unused_willing_hours)} → "
        f"{hours_a_month(changes.new.unused_willing_hours)}{_change(changes.hours_change, ' ({:+g})')}",
    ]
    if changes.records is not None:
        parts.append(records_tables(changes.records))
    return "\n\n".join(parts)


def evidence_tables(changes: JourneyDiff, *, changed_only: bool = False) -> str:
    """What changed in the evidence behind two maps: needs' shares and n, actors' willingness, surveys; with
    ``changed_only``, the sections with a change."""
    surveys = [f"{word} {', '.join(f'{s.id} ({s.title})' for s in found)}" for word, found in (
        ("added", changes.surveys_added), ("changed", changes.surveys_changed), ("removed", changes.surveys_removed))
        if found]
    personal = any(need is not None and need.for_ for n in changes.needs for need in (n.old, n.new))
    parts = [
        (changes.needs, _section("Needs changed", ["need", "users", "staff", *(["for"] if personal else [])],
                                 [(n.name, _need_change(n, "users"), _need_change(n, "staff"),
                                   *([_need_change(n, "for_")] if personal else [])) for n in changes.needs], "none")),
        (changes.willingness, _section("Willingness changed", ["actor", "was", "now"],
                                       [(w.actor.name, willing_answer(w.old), willing_answer(w.new))
                                        for w in changes.willingness], "none")),
        (surveys, f"Surveys: {'; '.join(surveys) if surveys else 'no change'}"),
    ]
    return "\n\n".join(text for found, text in parts if found or not changed_only)


def _actions_section(changes: JourneyDiff) -> str:
    """The action plan's changes: each action added, removed, done or dropped, with its box and owner."""
    found = changes.actions
    rows = [(word, a.text, a.horizon.value, a.owner or "") for word, actions in (
        ("added", found.added), ("done", found.done), ("dropped", found.dropped), ("removed", found.removed))
        for a in actions]
    return _section("Actions changed", ["change", "action", "horizon", "owner"], rows, "none")


def _need_change(change: NeedChange, group: str) -> str:
    """One group's figure for a need (or whom it is for), was → now: ``36% → 36% (n=28)``; — where a map lacks
    the need."""
    def figure(need: Need | None) -> str:
        if need is None:
            return "—"
        if group == "for_":
            return ", ".join(need.for_) or "everyone"
        share, n = getattr(need, group), getattr(need, f"n_{group}")
        return "—" if share is None else percent(share) + ("" if n is None else f" (n={n})")

    was, now = figure(change.old), figure(change.new)
    return now if was == now else f"{was} → {now}"


def _section(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]], empty: str) -> str:
    body = table(headers, rows) if rows else empty
    return f"{title} ({len(rows)})\n{body}"


def _gap_section(title: str, findings: Analysis) -> str:
    """The perception gap; where any need was counted from a survey, each share with its 95% interval and n."""
    gaps = findings.perception_gap
    if not counted_needs(gaps):
        return _section(title, ["need", "users", "staff", "gap"],
                        [(g.need.name, percent(g.users), percent(g.staff), points(g)) for g in gaps],
                        "no needs recorded")
    rows = [(g.need.name, share_and_interval(g.users, g.users_interval), g.need.n_users,
             share_and_interval(g.staff, g.staff_interval), g.need.n_staff, points(g)) for g in gaps]
    return (_section(title, ["need", "users", "users n", "staff", "staff n", "gap"], rows, "")
            + "\n" + sentence(INTERVAL_NOTE))


def _contributions_section(title: str, journey: Journey, items: Sequence[Contribution]) -> str:
    return _section(title, ["asset", "holder", "touchpoint", "phase"],
                    [(journey.asset(c.asset).label, journey.holder(journey.asset(c.asset)).name,
                      journey.touchpoint(c.touchpoint).name, words(c.phase)) for c in items], "none")


def _untapped_section(title: str, items: Sequence[Untapped]) -> str:
    return _section(title, ["asset", "touchpoint", "stage", "phase", "note"],
                    [(u.asset.label, u.touchpoint.name, u.stage.name, words(u.phase),
                      contribution_note(u.contribution) or "") for u in items], "none")


def _passive_section(title: str, items: Sequence[PassiveTouchpoint], empty: str = "none") -> str:
    return _section(title, ["touchpoint", "stage", "citizens present"],
                    [(p.touchpoint.name, p.stage.name, ", ".join(a.name for a in p.citizens)) for p in items],
                    empty)


def _underlined(heading: str) -> str:
    return f"{heading}\n{'=' * len(heading)}"


def _items_section(title: str, items: Sequence[Item]) -> str:
    return _section(title, ["kind", "id", "name"],
                    [(ITEM_KINDS[type(i)], i.id, i.label if isinstance(i, Asset) else i.name) for i in items], "none")


def _star_change_table(changes: JourneyDiff) -> str:
    old, new, change = changes.old.star_coverage, changes.new.star_coverage, changes.star_change
    rows = [(words(phase), phase_kind(phase),
             f"{was.actual} → {new[phase].actual}", _change(change[phase].actual),
             f"{was.potential} → {new[phase].potential}", _change(change[phase].potential))
            for phase, was in old.items()]
    return table(["phase", "kind", "actual", "change", "potential", "change"], rows)


_HEADLINE_WORDS = {"unused_assets": "unused assets", "passive_touchpoints": "passive touchpoints",
                   "unused_willing_hours_per_month": "willing hours a month unused"}


def _headline(changes: JourneyDiff) -> str:
    """The line a diff opens with: ``unused assets 5 → 3 · passive touchpoints 6 → 4 · ...``."""
    figures = [f"{_HEADLINE_WORDS[key]} {old:g} → {new:g}" for key, (old, new) in changes.headline.items()]
    line = joined(figures)
    return line[:1].upper() + line[1:]


def _emotion_change(old: int | None, new: int | None) -> str:
    """An emotion before and after: ``−1 → +1``; a dash for none; nothing when it did not change."""
    if old == new:
        return ""
    return f"{'—' if old is None else signed(old)} → {'—' if new is None else signed(new)}"


def _change(amount: float, form: str = "{:+g}") -> str:
    """A signed change, ``+2`` or ``-1``; nothing when there is none."""
    return form.format(amount) if amount else ""
