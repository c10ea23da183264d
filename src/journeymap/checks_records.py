"""What ``journeymap check`` says of a map's numbers from records (a discovered map, perhaps edited since): a count
under the map's disclosure threshold, which may point at a person, and numbers that cannot all be true together.
A map from discover gives none of these; a hand edit may."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap.errors import Problem
from journeymap.model import Journey
from journeymap.wording_records import cases, day, duration

_SMALL = ("leave the count out (discover writes none under the threshold and counts the item as hidden), or remove "
          "the item")


def records_warnings(journey: Journey) -> Iterator[Problem]:
    """Every count under the threshold, then every number the others rule out; nothing for a hand-made map."""
    evidence = journey.evidence
    if evidence is None:
        return
    least = evidence.threshold
    for path, what, count in _counts(journey):
        if 0 < count < least:
            yield Problem(message=f"{what} gives {cases(count)}, fewer than the map's disclosure threshold of "
                                  f"{least}: a count so small may point at a person",
                          path=path, value=str(count), suggestion=_SMALL)
    yield from _impossible(journey)


def _counts(journey: Journey) -> Iterator[tuple[tuple[str | int, ...], str, int]]:
    """Each count of cases the map gives: where it is, what gives it, the count."""
    for s, stage in enumerate(journey.stages):
        for field, which in (("cases", ""), ("entry_cases", " (entering from another stage)")):
            if (count := getattr(stage, field)) is not None:
                yield ("stages", s, field), f"stage '{stage.id}'{which}", count
        for t, point in enumerate(stage.touchpoints):
            for field in ("cases", "starts", "ends"):
                if (count := getattr(point, field)) is not None:
                    there = {"starts": " (starting there)", "ends": " (ending there)"}.get(field, "")
                    yield ("stages", s, "touchpoints", t, field), f"touchpoint '{point.id}'{there}", count
    for i, edge in enumerate(journey.flow):
        if edge.cases is not None:
            yield ("flow", i, "cases"), f"the step from '{edge.source}' to '{edge.target}'", edge.cases
    for i, contribution in enumerate(journey.contributions):
        if contribution.cases is not None:
            yield (("contributions", i, "cases"), f"the contribution of '{contribution.asset}' at "
                   f"'{contribution.touchpoint}'", contribution.cases)
    for i, variant in enumerate(journey.evidence.variants if journey.evidence else ()):
        yield ("evidence", "variants", i, "cases"), f"variant {i + 1}", variant.cases


def _impossible(journey: Journey) -> Iterator[Problem]:
    """Numbers the map's others rule out: more cases somewhere than the log holds, in a part than in its whole, than
    events; a 90th percentile under its median; a period ending before it starts."""
    evidence = journey.evidence
    assert evidence is not None
    if evidence.first > evidence.last:
        yield Problem(message=f"the log's period starts on {day(evidence.first)}, after it ends on "
                              f"{day(evidence.last)}", path=("evidence", "first"), value=day(evidence.first),
                      suggestion="swap first and last, or discover the log again")
    points = {point.id: point for point in journey.touchpoints}
    whole = "the map's {} cases" + (" (those a filter kept)" if evidence.log_cases else "")
    for s, stage in enumerate(journey.stages):
        what = f"stage '{stage.id}'"
        yield from _over(("stages", s, "cases"), what, stage.cases, "", evidence.cases, whole)
        yield from _over(("stages", s, "entry_cases"), what, stage.entry_cases, " entering from another stage",
                         stage.cases, "its own {} cases")
        yield from _below_median(("stages", s), what, stage.median_hours, stage.p90_hours)
        for t, point in enumerate(stage.touchpoints):
            path: tuple[str | int, ...] = ("stages", s, "touchpoints", t)
            what = f"touchpoint '{point.id}'"
            yield from _over((*path, "cases"), what, point.cases, "", evidence.cases, whole)
            yield from _over((*path, "cases"), what, point.cases, "", point.events, "its {} events")
            yield from _over((*path, "events"), what, point.events, "", evidence.events, "the map's {} events",
                             "events")
            for field, there in (("starts", " starting there"), ("ends", " ending there")):
                yield from _over((*path, field), what, getattr(point, field), there, point.cases, "its own {} cases")
    for i, edge in enumerate(journey.flow):
        what = f"the step from '{edge.source}' to '{edge.target}'"
        for end in (edge.source, edge.target):
            yield from _over(("flow", i, "cases"), what, edge.cases, "", points[end].cases,
                             f"the {{}} cases of '{end}'")
        yield from _below_median(("flow", i), what, edge.median_hours, edge.p90_hours)
    for i, contribution in enumerate(journey.contributions):
        path = ("contributions", i, "cases")
        what = f"the contribution of '{contribution.asset}' at '{contribution.touchpoint}'"
        yield from _over(path, what, contribution.cases, "", points[contribution.touchpoint].cases,
                         "the {} cases of its touchpoint")
        yield from _over(path, what, contribution.cases, "", contribution.events, "its {} events")
    for i, variant in enumerate(evidence.variants):
        yield from _over(("evidence", "variants", i, "cases"), f"variant {i + 1}", variant.cases, "", evidence.cases,
                         whole)


def _over(path: tuple[str | int, ...], what: str, count: int | None, kind: str, most: int | None,
          whole: str, unit: str = "cases") -> Iterator[Problem]:
    """``what``'s count of cases (or another ``unit``; of a ``kind``), where it is more than ``most``, the number in
    ``whole`` (its words, the number in place of ``{}``) that it is part of."""
    if count is not None and most is not None and count > most:
        yield Problem(message=f"{what} gives {count:,} {unit}{kind}, more than {whole.format(f'{most:,}')}", path=path,
                      value=str(count), suggestion="a part has no more cases than its whole, nor cases than events: "
                      "correct the count, or discover the log again")


def _below_median(path: tuple[str | int, ...], what: str, median: float | None,
                  p90: float | None) -> Iterator[Problem]:
    """``what``'s 90th percentile, where it is under its median (90% of cases take at least as long as half)."""
    if median is not None and p90 is not None and p90 < median:
        yield Problem(message=f"{what} has a 90th percentile ({duration(p90)}) under its median ({duration(median)})",
                      path=(*path, "p90_hours"), value=f"{p90:g}",
                      suggestion="the time 90% of cases are within is never less than the median: correct one of them")
