"""What a discovered map's records say, as findings and as plain data: its variants ranked with their share of cases,
its busiest steps and its stages' entry waits. ``Analysis.to_dict()`` (so ``journeymap analyse --json``) gives them
under ``records``; the report and the text tables take the same findings, in words.

Below the words (``wording_records``), which import ``analysis``: so ``analysis`` can import this module.
"""

from __future__ import annotations

from typing import Any

import attrs

from journeymap.model import FlowEdge, Journey, Stage, Touchpoint
from journeymap.model_records import LogEvidence, Variant

BUSIEST_STEPS = 10
"""How many of the busiest steps the report and ``analyse`` list."""


def share_of_cases(count: int, evidence: LogEvidence) -> float | None:
    """``count`` cases as a share of all the log's cases; None for a log of no cases."""
    return count / evidence.cases if evidence.cases else None


@attrs.frozen(kw_only=True)
class VariantShare:
    """One of a map's most common paths, ranked, with its touchpoints' names and its share of all the log's cases."""

    rank: int
    variant: Variant
    names: tuple[str, ...]
    share: float | None  # None for a log of no cases


def variant_shares(journey: Journey) -> tuple[VariantShare, ...]:
    """The map's variants ranked by cases (most first; ties in the map's order), each with its share of cases."""
    evidence = journey.evidence
    if evidence is None:
        return ()
    ranked = sorted(evidence.variants, key=lambda v: -v.cases)
    return tuple(VariantShare(rank=rank, variant=v, names=tuple(journey.touchpoint(t).name for t in v.touchpoints),
                              share=share_of_cases(v.cases, evidence)) for rank, v in enumerate(ranked, 1))


def busiest_steps(journey: Journey, limit: int = BUSIEST_STEPS) -> tuple[FlowEdge, ...]:
    """The flow steps the records count, most cases first (ties in the map's order), at most ``limit``."""
    counted = [e for e in journey.flow if e.cases is not None]
    return tuple(sorted(counted, key=lambda e: -(e.cases or 0))[:limit])


def in_every_case(journey: Journey) -> tuple[Touchpoint, ...]:
    """The touchpoints every case of the log has (their cases equal the map's), in the map's order; none for a map
    with no evidence block.

    >>> log = LogEvidence(log="log.csv", cases=400, events=900, first="2024-01-01", last="2024-03-31")
    >>> steps = [Touchpoint(id="referral", name="Referral", cases=400), Touchpoint(id="visit", name="Visit", cases=329)]
    >>> [t.id for t in in_every_case(Journey(title="T", stages=[Stage(name="S", touchpoints=steps)], evidence=log))]
    ['referral']
    """
    evidence = journey.evidence
    if evidence is None:
        return ()
    # By the numbers, not the flow's shape: a discovered flow's paths are not its cases (a case may stop where
    # steps lead on, and steps below the threshold are hidden), so the graph cannot tell who passes where.
    return tuple(t for t in journey.touchpoints if t.cases == evidence.cases)


def co_production_unknown(journey: Journey) -> frozenset[str]:
    """The ids of the touchpoints whose co-production the map's records cannot show (none is judged passive)."""
    return frozenset(journey.evidence.co_production_unknown) if journey.evidence else frozenset()


def counted_steps(journey: Journey) -> int:
    """How many flow steps carry a count of cases from the records."""
    return sum(1 for e in journey.flow if e.cases is not None)


def entry_waits(journey: Journey) -> tuple[Stage, ...]:
    """The stages the records give cases or an entry wait, in the map's order."""
    return tuple(s for s in journey.stages if s.cases is not None or s.median_hours is not None)


def records_data(journey: Journey) -> dict[str, Any] | None:
    """What a discovered map's records say, as plain data: the log, its size and period, the threshold and what it
    hid, the filters, the notes, the variants with their share of cases, the busiest steps and the stages' entry
    waits; None for a map with no evidence block."""
    evidence = journey.evidence
    if evidence is None:
        return None
    return {
        "log": evidence.log, "cases": evidence.cases, "log_cases": evidence.log_cases or evidence.cases,
        "events": evidence.events,
        "first": evidence.first.isoformat(), "last": evidence.last.isoformat(), "threshold": evidence.threshold,
        "hidden": {**attrs.asdict(evidence.hidden), "total": evidence.hidden.total},
        "filters": list(evidence.filters), "notes": list(evidence.notes),
        "variants": [{"rank": v.rank, "touchpoints": list(v.variant.touchpoints), "cases": v.variant.cases,
                      "share": v.share} for v in variant_shares(journey)],
        "busiest_steps": [{"from": e.source, "to": e.target, "cases": e.cases, "median_hours": e.median_hours,
                           "p90_hours": e.p90_hours} for e in busiest_steps(journey)],
        "stage_waits": [{"stage": s.id, "cases": s.cases, "entry_cases": s.entry_cases, "median_hours": s.median_hours,
                         "p90_hours": s.p90_hours} for s in entry_waits(journey)],
    }
