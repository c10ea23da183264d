"""The report's findings, a table each: unused assets, untapped opportunities, passive and tokenistic touchpoints,
chokepoints, the Co-production Star's coverage and the perception gap (as analyse lists them)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from journeymap.analysis import Analysis, Grade, UnusedAsset
from journeymap.model_records import LogEvidence
from journeymap.rendering.html_glossary import glossed
from journeymap.rendering.html_markup import escape, section, table
from journeymap.rendering.html_words import names
from journeymap.vocabulary import Phase
from journeymap.wording import (
    INTERVAL_NOTE,
    contribution_note,
    correlation,
    counted,
    counted_needs,
    coverage,
    hours,
    no_passive_touchpoints,
    no_tokenism,
    no_unused_assets,
    percent,
    phase_kind,
    points,
    sentence,
    share_and_interval,
    tokenism_reason,
    willing_answer,
    words,
)

__all__ = ["findings_section"]


def findings_section(findings: Analysis) -> str:
    """The report's findings: what goes unused and untapped, passive and tokenistic touchpoints, chokepoints, the
    Star's coverage and the perception gap, each a table (or a sentence where there is none)."""
    seen: set[str] = set()  # each term linked to the glossary once in the section
    parts = [_unusedtable(findings, seen), _untappedtable(findings, seen), _passivetable(findings, seen),
             _tokenismtable(findings, seen), _chokepointstable(findings, seen), _star_tables(findings, seen),
             _gaptable(findings, seen)]
    return section("findings", "Findings", *parts)


def _unusedtable(findings: Analysis, seen: set[str]) -> str:
    rows = [[u.asset.label, u.holder.name, words(u.asset.kind), _willing(u),
             hours(u.asset.hours_per_month) or "—", names(u.stages) or "—"] for u in findings.unused_assets]
    return _finding(
        "Unused assets", "Assets with no actual contribution anywhere in the journey.",
        f"{counted(len(rows), 'unused asset')}, in map order",
        ["Asset", "Held by", "Kind", "Willing to do more", "Hours a month", "Could help in"], rows,
        sentence(no_unused_assets(findings.journey)), seen, numeric={4})


def _willing(unused: UnusedAsset) -> str:
    """Whether an unused asset's holder is willing to do more, and what keeps a willing one from it."""
    said = willing_answer(unused.holder.willingness)
    if unused.grade is Grade.CONSTRAINED:
        return f"{said}, but cannot: {'; '.join(unused.holder.constraints)}"
    return said


def _untappedtable(findings: Analysis, seen: set[str]) -> str:
    rows = [[u.asset.label, u.touchpoint.name, u.stage.name, words(u.phase),
             contribution_note(u.contribution) or "—"] for u in findings.untapped]
    return _finding(
        "Untapped opportunities",
        "Potential contributions with no actual contribution of the same asset at the same touchpoint.",
        f"{counted(len(rows), 'untapped opportunity', 'untapped opportunities')}",
        ["Asset", "Touchpoint", "Stage", "Star phase", "Note"], rows, "None.", seen)


def _passivetable(findings: Analysis, seen: set[str]) -> str:
    rows = [[p.touchpoint.name, p.stage.name, "; ".join(a.name for a in p.citizens)]
            for p in findings.passive_touchpoints]
    return _finding(
        "Passive touchpoints",
        "Touchpoints where citizens are present but none of their assets is actually used: "
        "the service does things to them or for them.",
        f"{counted(len(rows), 'passive touchpoint')}", ["Touchpoint", "Stage", "Citizens present"], rows,
        sentence(no_passive_touchpoints(findings.journey)), seen)


def _tokenismtable(findings: Analysis, seen: set[str]) -> str:
    rows = [[t.touchpoint.name, t.stage.name, tokenism_reason(t)] for t in findings.tokenism]
    return _finding(
        "Tokenism", "Touchpoints that claim co-design or co-production where no citizen takes part.",
        f"{counted(len(rows), 'tokenistic touchpoint')}", ["Touchpoint", "Stage", "Why"], rows,
        sentence(no_tokenism(findings.journey)), seen)


def _chokepointstable(findings: Analysis, seen: set[str]) -> str:
    evidence = findings.journey.evidence
    rows = [[c.touchpoint.name, c.stage.name, "yes" if findings.is_passive(c.touchpoint) else "no"]
            for c in findings.chokepoints]
    about = ("Moments everyone passes through: " + (_all_cases(evidence) if evidence is not None
                                                     else "the touchpoints every path through the flow takes.")
             + " A passive one is where every citizen's assets go unused.")
    return _finding("Chokepoints", about, f"{counted(len(rows), 'chokepoint')}", ["Touchpoint", "Stage", "Passive"],
                    rows, "None: no one touchpoint lies on every way through the journey.", seen)


def _all_cases(evidence: LogEvidence) -> str:
    """The touchpoints in every case a discovered map counts: the log's, or those its filter kept."""
    if evidence.log_cases is None:
        return f"the touchpoints in all {evidence.cases:,} cases of the records."
    return f"the touchpoints in all {evidence.cases:,} cases the filter kept (of the log's {evidence.log_cases:,})."


def _star_tables(findings: Analysis, seen: set[str]) -> str:
    overall = [[words(p), phase_kind(p), str(c.actual), str(c.potential)]
               for p, c in findings.star_coverage.items()]
    parts = [
        "<h3>Co-production Star coverage</h3>",
        "<p>" + glossed("Contributions counted by phase of the Co-production Star: co-delivery is citizens' action, "
                        "the other three phases citizens' voice.", seen) + "</p>",
        table("Contributions per Star phase", ["Phase", "Citizens'", "Actual", "Potential"], overall,
               numeric={2, 3}),
    ]
    stages = findings.journey.stages
    if stages:
        rows = [[s.name, *(coverage(findings.star_coverage_by_stage[s.id][p]) for p in Phase)] for s in stages]
        parts.append(table("Contributions per stage and Star phase", ["Stage", *(words(p) for p in Phase)],
                            rows))
    return "\n".join(parts)


def _gaptable(findings: Analysis, seen: set[str]) -> str:
    gaps = findings.perception_gap
    about = ("The share of users and of staff who name each need; the gap, in percentage points, "
             "is users' share less staff's: positive where staff underrate the need.")
    caption = f"{counted(len(gaps), 'need')} as users and staff see them"
    if counted_needs(gaps):  # counted from a survey: each share with its 95% interval, and each group's n
        rows = [[g.need.name, share_and_interval(g.users, g.users_interval), _count(g.need.n_users),
                 share_and_interval(g.staff, g.staff_interval), _count(g.need.n_staff), points(g)] for g in gaps]
        found = _finding("Perception gap", about, f"{caption}; {INTERVAL_NOTE}",
                         ["Need", "Users", "Users n", "Staff", "Staff n", "Gap"], rows, "", seen, numeric={1, 2, 3, 4, 5})
    else:
        rows = [[g.need.name, percent(g.users), percent(g.staff), points(g)] for g in gaps]
        found = _finding("Perception gap", about, caption, ["Need", "Users", "Staff", "Gap"], rows,
                         "No needs recorded.", seen, numeric={1, 2, 3})
    if findings.rank_agreement is not None:
        found += (f"\n<p>Rank agreement between users and staff (Spearman): "
                  f"{escape(correlation(findings.rank_agreement))}.</p>")
    return found


def _count(n: int | None) -> str:
    """How many answered, as a table cell: a dash when the share was not counted."""
    return "—" if n is None else str(n)


def _finding(title: str, about: str, caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
             empty: str, seen: set[str], numeric: Iterable[int] = ()) -> str:
    body = table(caption, headers, rows, numeric) if rows else f"<p>{escape(empty)}</p>"
    return f"<h3>{escape(title)}</h3>\n<p>{glossed(about, seen)}</p>\n{body}"
