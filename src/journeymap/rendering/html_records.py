"""The report's "From the records" section, for a map discovered from an event log: the log, its size and period, the
disclosure threshold and what it hid, the filters and notes, the most common paths with their share of cases, the
busiest steps and the waits on entering each stage. A map without an evidence block has no such section."""

from __future__ import annotations

from journeymap.analysis_records import VariantShare, busiest_steps, counted_steps, entry_waits, variant_shares
from journeymap.model import Journey
from journeymap.model_records import LogEvidence
from journeymap.rendering.html_glossary import glossed
from journeymap.rendering.html_markup import escape, section, table
from journeymap.rendering.style import Theme
from journeymap.wording import counted, percent, sentence
from journeymap.wording_records import (ARROW, cases, entry_wait, hidden_sentence, low_threshold, map_cases,
                                        optional_duration, parts, period, told)

_HEADING = '<h3 style="break-after:avoid">{}</h3>\n'  # printed, a heading stays with what it heads


def records(journey: Journey, theme: Theme) -> str:
    """The section, or nothing for a map that was not discovered from records."""
    evidence = journey.evidence
    if evidence is None:
        return ""
    seen: set[str] = set()  # each glossary term linked once in the section
    few = low_threshold(evidence) or f"No figure counts fewer than {cases(evidence.threshold)}."
    intro = ("<p>" + glossed("This map was discovered from an event log, the records the service keeps: each "
                             "touchpoint is an activity in the log, each arrow a directly-follows step, and every "
                             f"count is a count of cases. {few}", seen) + "</p>")
    return section("records", "From the records", intro, _facts(evidence, seen), _filters(evidence),
                   _notes(evidence), _variants(journey, evidence, theme, seen), _steps(journey, seen),
                   _stage_waits(journey))


def _facts(evidence: LogEvidence, seen: set[str]) -> str:
    hidden = hidden_sentence(evidence) or "Nothing was held back."
    threshold = glossed(f"{cases(evidence.threshold)}: no activity, step, contribution, path or stage wait seen in "
                        f"fewer cases is shown. {hidden}", seen)
    items = [("The log", escape(evidence.log)),
             ("Size", escape(f"{map_cases(evidence)}, {counted(evidence.events, 'event')}")),
             ("Period", escape(f"{period(evidence)} (times in UTC)")),
             (glossed("Disclosure threshold", seen), threshold)]
    return '<ul class="facts">' + "".join(f'<li><span class="label">{label}:</span> {text}</li>'
                                          for label, text in items) + "</ul>"


def _filters(evidence: LogEvidence) -> str:
    if not evidence.filters:
        return (_HEADING.format("Filters") + "<p>None: everything the log holds is on the map, but for what the disclosure "
                "threshold holds back.</p>")
    return _HEADING.format("Filters") + _listed(evidence.filters)


def _notes(evidence: LogEvidence) -> str:
    heading = _HEADING.format("What was odd about the log")
    if not evidence.notes:
        return heading + "<p>Nothing: no ties, rows out of order, time zones or missing timestamps were reported.</p>"
    return heading + _listed(evidence.notes)


def _listed(texts: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li>{escape(sentence(text))}</li>" for text in texts) + "</ul>"


def _variants(journey: Journey, evidence: LogEvidence, theme: Theme, seen: set[str]) -> str:
    heading = _HEADING.format("The most common paths")
    total = evidence.log_cases
    kept = "" if total is None else f", the {evidence.cases:,} a filter kept of the log's {total:,}"
    about = glossed("Each variant is a whole path through the journey, touchpoint by touchpoint, as whole cases "
                    f"followed it; its share is of the map's cases{kept}. A touchpoint, or a run of them, repeated "
                    "back to back is written once with how many times (Visit ×3).", seen)
    shares = variant_shares(journey)
    if not shares:
        return heading + f"<p>{about} No path was followed by {escape(cases(evidence.threshold))} or more.</p>"
    covered = sum(s.variant.cases for s in shares)
    coverage = "" if not evidence.cases else f", covering {percent(covered / evidence.cases)} of cases" + (
        "" if total is None else " the filter kept")
    caption = f"The {len(shares)} most common {'path' if len(shares) == 1 else 'paths'}{coverage}"
    rows = [[str(s.rank), _path_cell(s, shown), f"{s.variant.cases:,}", _share_cell(s, theme)]
            for s, shown in zip(shares, told([s.names for s in shares]), strict=True)]
    return (heading + f"<p>{about}</p>\n"
            + table(caption, ["Rank", "Path", "Cases", "Share of cases"], rows, numeric={0, 2}, markup=True))


def _path_cell(share: VariantShare, shown: list[str]) -> str:
    """A path's parts joined by arrows, a line breaking only between parts; one with its middle counted has every
    step in a list beneath."""
    line = ARROW.join(f'<span style="white-space:nowrap">{escape(part)}</span>' for part in shown)
    if shown == parts(share.names):  # whole, repeats counted: nothing left out
        return line
    steps = "".join(f"<li>{escape(name)}</li>" for name in share.names)
    return (f"{line}\n<details><summary>All {len(share.names)} steps</summary>"
            f'<ol style="margin:.25rem 0 0;padding-left:1.75rem">{steps}</ol></details>')


def _share_cell(share: VariantShare, theme: Theme) -> str:
    """The share as a whole percentage, and a bar of that length beside it (decorative: the figure says it all)."""
    if share.share is None:
        return "—"
    width = min(100.0, share.share * 100)
    colour = theme.flow.color
    bar = (f'<span aria-hidden="true" style="display:inline-block;width:8rem;height:.9rem;margin-left:.5rem;'
           f'vertical-align:middle;border:1px solid #8c959f;background:#ffffff">'
           f'<span style="display:block;height:100%;width:{width:.1f}%;background:{colour};'
           f'-webkit-print-color-adjust:exact;print-color-adjust:exact"></span></span>')
    figure = f'<span style="display:inline-block;min-width:2.6em;text-align:right">{escape(percent(share.share))}</span>'
    return f'<span style="white-space:nowrap">{figure}{bar}</span>'


def _steps(journey: Journey, seen: set[str]) -> str:
    heading = _HEADING.format("The busiest steps")
    steps = busiest_steps(journey)
    if not steps:
        return heading + "<p>No step carries a count of cases.</p>"
    about = glossed("Each directly-follows step with the cases that took it, the median time between its two "
                    "events and the time within which 90% of cases took it (the 90th percentile).", seen)
    total = counted_steps(journey)
    caption = (f"The {len(steps)} busiest {'step' if len(steps) == 1 else 'steps'}"
               + (f" of {total}" if total > len(steps) else "") + ", by cases")
    rows = [[journey.touchpoint(e.source).name + ARROW + journey.touchpoint(e.target).name, f"{e.cases:,}",
             optional_duration(e.median_hours), optional_duration(e.p90_hours)] for e in steps]
    return (heading + f"<p>{about}</p>\n"
            + table(caption, ["Step", "Cases", "Median wait", "90% within"], rows, numeric={1, 2, 3}))


def _stage_waits(journey: Journey) -> str:
    heading = _HEADING.format("Waiting on entering each stage")
    stages = entry_waits(journey)
    evidence = journey.evidence
    held = evidence.hidden.stage_waits if evidence else 0
    note = f" {counted(held, 'stage wait')} seen in too few cases {'is' if held == 1 else 'are'} not shown." if held else ""
    if not stages:
        return heading + f"<p>The records give no stage a count of cases or an entry wait.{escape(note)}</p>"
    about = ("The cases with an event in each stage, and how long they waited on coming into it from another stage: "
             "the median, and the time 90% of them were within." + note)
    first = journey.stages[0]
    if first.median_hours is not None or first.p90_hours is not None:
        about += (f" {first.name} is the first stage: a case comes into it from another stage only by going back from "
                  "a later one, so its wait is of those cases alone, not of all its cases.")
    rows = [[s.name, *("—" if count is None else f"{count:,}" for count in (s.cases, s.entry_cases)),
             entry_wait(s.median_hours, first=s.id == first.id), optional_duration(s.p90_hours)] for s in stages]
    return (heading + f"<p>{escape(about)}</p>\n"
            + table("Each stage's cases and entry wait",
                    ["Stage", "Cases", "Entering from another stage", "Median wait", "90% within"], rows,
                    numeric={1, 2, 3, 4}))
