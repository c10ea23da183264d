"""What the views draw of a map's numbers from records (journeymap discover): the lines on touchpoints, steps and
stages, their tooltips' facts, and how wide a step's line is for the cases taking it.

Everything here returns nothing (None, no facts, the theme's own width) for a part without numbers, so that a
hand-made map draws exactly as it did before maps came from records.

>>> step = FlowEdge(source="a", target="b", cases=412, median_hours=2.5, p90_hours=30)
>>> step_text(step), [str(fact) for fact in step_facts(step)]
('412 cases · 2.5 h', ['412 cases', 'Median time: 2.5 h (90% within 1.3 days)'])
>>> touchpoint_lines(Touchpoint(id="triage", name="Triage", cases=900, starts=884, ends=3))
['900 cases', '▶ 884 start here · 3 end here ■']
>>> stage_line(Stage(id="review", name="Review", cases=655, median_hours=912))
'655 cases · wait on entry 5.4 weeks'
>>> stage_line(Stage(id="referral", name="Referral", cases=900, median_hours=912), first=True)
'900 cases · wait on entry from a later stage 5.4 weeks'
>>> stage_line(Stage(id="referral", name="Referral", cases=900, median_hours=912, entry_cases=40), first=True)
'900 cases · 40 cases back from a later one, wait 5.4 weeks'
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from journeymap.model import FlowEdge, Journey, Stage, Touchpoint
from journeymap.wording import Fact, counted
from journeymap.wording_records import cases, duration, wait

__all__ = ["DENSE_STEPS", "DENSE_TOUCHPOINTS", "END", "FIRST_STAGE_WAIT", "READABLE_STEPS", "READABLE_TOUCHPOINTS",
           "RECORDS_SHOW_DELIVERY", "START", "Widths", "dense_flow_advice", "dense_flow_note", "drawn_steps",
           "stage_classes", "stage_facts", "stage_line", "stage_lines", "step_classes", "step_facts", "step_label",
           "step_text", "touchpoint_classes", "touchpoint_facts", "touchpoint_lines", "unshown_steps"]

START = "▶"  # before the cases that start at a touchpoint
END = "■"  # after those that end there
WIDEST = 6.0  # points: the line of the step most cases take, no wider than the loudest unused outline is thick
_LABEL_GAP = 2.0  # between a label and the line of a step of no numbers
_ARROW_GROWTH = 0.16  # how much larger an arrowhead grows per point of line width above the theme's
RECORDS_SHOW_DELIVERY = ("Records show who took part in what was done (co-delivery); citizens' voice in commissioning, "
                         "design and assessment is not in them: ask people.")
# A flow view of more steps or touchpoints than these is a tangle (community care's 31 steps read well, 200 do not;
# a column of 300 touchpoints neither); the note suggests a --min-cases that keeps about READABLE_STEPS steps and
# READABLE_TOUCHPOINTS touchpoints, the most common.
DENSE_STEPS = 60
READABLE_STEPS = 40
DENSE_TOUCHPOINTS = 60
READABLE_TOUCHPOINTS = 40
FIRST_STAGE_WAIT = ("Nothing comes before the first stage: the cases that enter it from another stage come back from a "
                    "later one, and its wait is theirs alone, not that of all its cases.")


def dense_flow_note(journey: Journey) -> str | None:
    """For a map from records with more steps or touchpoints than a flow view shows legibly: the --min-cases (rounded
    up to two significant digits) keeping at most READABLE_STEPS steps and READABLE_TOUCHPOINTS touchpoints, and what
    it would keep; None for fewer."""
    dense = _dense(journey)
    if dense is None:
        return None
    what, least, steps, points = dense
    return (f"{what} make a dense flow view: --min-cases {least} would keep the {steps} steps and {points} "
            f"touchpoints seen in at least {least:,} cases")


def _dense(journey: Journey) -> tuple[str, int, int, int] | None:
    """What makes a map from records dense (``208 steps``), the --min-cases ``dense_flow_note`` gives, and the steps
    and touchpoints it keeps; None for a map that is not dense."""
    steps = sorted((edge.cases for edge in journey.flow if edge.cases), reverse=True)
    points = sorted((point.cases for point in journey.touchpoints if point.cases), reverse=True)
    if len(steps) <= DENSE_STEPS and len(points) <= DENSE_TOUCHPOINTS:
        return None
    least = max(_cut(steps, READABLE_STEPS), _cut(points, READABLE_TOUCHPOINTS))
    what = " and ".join(counted(len(items), noun) for items, noun, limit in (
        (points, "touchpoint", DENSE_TOUCHPOINTS), (journey.flow, "step", DENSE_STEPS)) if len(items) > limit)
    # An activity is in every case one of its steps is in, so --min-cases leaves out no step of these.
    return what, least, sum(count >= least for count in steps), sum(count >= least for count in points)


def _cut(counts: list[int], readable: int) -> int:
    """The fewest cases (rounded up to two significant digits) that keep at most ``readable`` of ``counts`` (most
    first); 1 where all of them are as few."""
    if len(counts) <= readable:
        return 1
    least = counts[readable] + 1
    unit = int(10 ** max(len(str(least)) - 2, 0))
    return -(-least // unit) * unit


def drawn_steps(journey: Journey) -> tuple[int, ...]:
    """The places in ``journey.flow_edges`` of the steps the flow view draws: every one, but on a map from records of
    more than DENSE_STEPS steps (a tangle), only those seen in at least ``_step_cut`` cases."""
    least = _step_cut(journey)
    return tuple(index for index, edge in enumerate(journey.flow_edges) if least is None or (edge.cases or 0) >= least)


def _step_cut(journey: Journey) -> int | None:
    """The fewest cases of a step the flow view draws, keeping about READABLE_STEPS; None where it draws them all."""
    counts = sorted((edge.cases for edge in journey.flow if edge.cases), reverse=True)  # as _dense counts them
    return _cut(counts, READABLE_STEPS) if len(counts) > DENSE_STEPS else None


def dense_flow_advice(journey: Journey) -> str | None:
    """What the flow view says over a map from records too dense to read: which steps it draws, of how many (or what
    makes it dense), and the --min-cases of a map that reads better (``dense_flow_note``'s); None for a map that is
    not dense."""
    dense = _dense(journey)
    if dense is None:
        return None
    what, least, steps, points = dense
    cut = _step_cut(journey)
    said = (f"{what[:1].upper()}{what[1:]} make a dense flow view." if cut is None else
            f"Drawn here: the {len(drawn_steps(journey))} of the map's {len(journey.flow_edges):,} steps seen in at "
            f"least {cut:,} cases (the report lists the busiest).")
    return (f"{said} For a map that reads better, discover the log again with --min-cases {least}: it keeps the "
            f"{steps} steps and {points} touchpoints seen in at least {least:,} cases.")


def step_text(edge: FlowEdge) -> str | None:
    """The line on a step with numbers: ``412 cases · 2.5 h`` (the median time it takes); None without any."""
    parts = [cases(edge.cases) if edge.cases is not None else None,
             duration(edge.median_hours) if edge.median_hours is not None else None]
    return " · ".join(p for p in parts if p) or None


def step_label(edge: FlowEdge) -> str | None:
    """What a step's label says: its own words, then its numbers on a line of their own; None for neither."""
    numbers = step_text(edge)
    if edge.label and numbers:
        return f"{edge.label}\n{numbers}"
    return edge.label or numbers


def step_facts(edge: FlowEdge) -> list[Fact]:
    """A step's numbers for its tooltip: cases, then the median time with the time 90% of cases are within."""
    return [*_counted(None, edge.cases), *_timed("Median time", edge.median_hours, edge.p90_hours)]


def step_classes(edge: FlowEdge) -> tuple[str | None, ...]:
    """The SVG classes a step's numbers add: ``cases`` when it has them, ``wait`` when it has a time."""
    return ("cases" if edge.cases is not None else None,
            "wait" if edge.median_hours is not None or edge.p90_hours is not None else None)


class Widths:
    """How wide each step's line is drawn: the theme's width for the fewest cases (or none), growing with the
    square root of its share of the busiest step's cases up to :data:`WIDEST`, so that the line's width tells
    the main road at a glance (a square root, not a straight share: a step of 5 cases next to one of 100,000
    would otherwise vanish, and one of 20,000 look like one of 2,000); its arrowhead grows in proportion."""

    def __init__(self, edges: Iterable[FlowEdge], base: float) -> None:
        counted = [e.cases for e in edges if e.cases is not None]
        self.most = max(counted, default=0)
        self.base = base

    def width(self, edge: FlowEdge) -> float:
        """The step's line width in points."""
        if edge.cases is None or not self.most:
            return self.base
        return self.base + (max(WIDEST, self.base) - self.base) * math.sqrt(edge.cases / self.most)

    def arrow_scale(self, edge: FlowEdge) -> float:
        """How much larger than the theme's the step's arrowhead is (1 for a step of no numbers)."""
        return 1.0 + _ARROW_GROWTH * (self.width(edge) - self.base)

    def label_gap(self, edge: FlowEdge) -> float:
        """How far over the step's line its label stands, in points: clear of the line however wide."""
        return _LABEL_GAP + (self.width(edge) - self.base) / 2


def touchpoint_lines(touchpoint: Touchpoint) -> list[str]:
    """The lines a touchpoint's card shows of its numbers: ``900 cases``, then where cases start and end."""
    lines = [cases(touchpoint.cases)] if touchpoint.cases is not None else []
    ends = [f"{START} {touchpoint.starts:,} start here" if touchpoint.starts is not None else None,
            f"{touchpoint.ends:,} end here {END}" if touchpoint.ends is not None else None]
    if any(ends):
        lines.append(" · ".join(e for e in ends if e))
    return lines


def unshown_steps(journey: Journey, drawn: bool = False) -> dict[str, str]:
    """On a map from records, by touchpoint id, what its card says where cases come to it or leave it by steps not
    shown (no step into it, though not all its cases start there; none out, though not all end there): each such step
    was seen in fewer cases than the map shows, or left out by a filter; with ``drawn``, than the flow view draws
    (``drawn_steps``). Empty for a hand-made map."""
    evidence = journey.evidence
    if evidence is None:
        return {}
    steps = [journey.flow_edges[index] for index in drawn_steps(journey)] if drawn else journey.flow
    into, out = {edge.target for edge in steps}, {edge.source for edge in steps}
    least, other_filter = evidence.least_shown
    least = max(least, (_step_cut(journey) or 0) if drawn else 0)
    reason = f"each in fewer than {cases(least)}" + (" or left out by a filter" if other_filter else "")
    said = {}
    for point in journey.touchpoints:
        if point.cases is None:
            continue
        ways = [way for way, missing in (("into", point.id not in into and (point.starts or 0) < point.cases),
                                         ("out of", point.id not in out and (point.ends or 0) < point.cases))
                if missing]
        if ways:
            said[point.id] = f"No step {' or '.join(ways)} it shown: {reason}"
    return said


def touchpoint_facts(touchpoint: Touchpoint, unshown: str | None = None) -> list[Fact]:
    """A touchpoint's numbers for its tooltip: its cases, its events, the cases starting and ending there; and
    ``unshown``, what ``unshown_steps`` says of it."""
    return [*_counted(None, touchpoint.cases),
            *([Fact("Events", f"{touchpoint.events:,}")] if touchpoint.events is not None else []),
            *_counted("Start here", touchpoint.starts), *_counted("End here", touchpoint.ends),
            *([Fact(None, unshown)] if unshown else [])]


def touchpoint_classes(touchpoint: Touchpoint) -> tuple[str | None, ...]:
    """The SVG classes a touchpoint's numbers add: ``cases``, ``start`` and ``end``."""
    return ("cases" if touchpoint.cases is not None else None, "start" if touchpoint.starts is not None else None,
            "end" if touchpoint.ends is not None else None)


def stage_line(stage: Stage, *, first: bool = False) -> str | None:
    """The line under a stage's name: ``655 cases · wait on entry 5.4 weeks``; None without numbers."""
    return " · ".join(stage_lines(stage, first=first)[:2]) or None


def stage_lines(stage: Stage, *, first: bool = False) -> list[str]:
    """A stage's numbers a line each, short enough for its narrowest header: ``655 cases``, ``wait on entry 5.4
    weeks``, ``(90% within 8.9 weeks)``; the last two only with the median wait, the last only with the 90th
    percentile too; a 90th percentile alone is said as the wait. The ``first`` stage's wait says whose it is."""
    lines = [cases(stage.cases)] if stage.cases is not None else []
    name = _wait_name(first, stage.entry_cases)
    if stage.median_hours is not None:
        lines.append(f"{name} {duration(stage.median_hours)}")
        if stage.p90_hours is not None:
            lines.append(f"(90% within {duration(stage.p90_hours)})")
    elif stage.p90_hours is not None:
        lines.append(f"{name}: 90% within {duration(stage.p90_hours)}")
    return lines


def stage_facts(stage: Stage, *, first: bool = False) -> list[Fact]:
    """A stage's numbers for its tooltip: its cases and the wait on entering it from another stage."""
    timed = _timed(_wait_name(first).capitalize(), stage.median_hours, stage.p90_hours)
    if timed and stage.entry_cases is not None:
        timed.append(Fact("Entered from another stage", cases(stage.entry_cases)))
    if first and timed:
        timed.append(Fact(None, FIRST_STAGE_WAIT))
    return [*_counted(None, stage.cases), *timed]


def _wait_name(first: bool, entered: int | None = None) -> str:
    # Nothing comes before the first stage: a case enters it from another only by going back from a later one, so
    # its wait is of those few cases, never of all the stage's cases: their number says so where it is known.
    if not first:
        return "wait on entry"
    return "wait on entry from a later stage" if entered is None else f"{cases(entered)} back from a later one, wait"


def stage_classes(stage: Stage) -> tuple[str | None, ...]:
    """The SVG classes a stage's numbers add: ``cases`` and ``wait``."""
    return ("cases" if stage.cases is not None else None,
            "wait" if stage.median_hours is not None or stage.p90_hours is not None else None)


def _counted(name: str | None, number: int | None) -> list[Fact]:
    return [Fact(name, cases(number))] if number is not None else []


def _timed(name: str, median: float | None, p90: float | None) -> list[Fact]:
    """A wait as a fact: the median and the 90th percentile; the 90th alone if that is all; none without either."""
    if median is not None:
        return [Fact(name, wait(median, p90))]
    return [Fact(name, f"90% within {duration(p90)}")] if p90 is not None else []
