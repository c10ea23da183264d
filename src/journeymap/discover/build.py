"""A map from what an event log says (a ``LogSummary``): activities as touchpoints with their cases and events, stages
with their entry waits, directly-follows pairs as flow steps with their times, role groups as actors, and the
citizen-side groups' events as actual co-delivery of their time — nothing seen in fewer cases than the disclosure
threshold, which is counted as hidden instead, and the log, filters and oddities in the map's ``evidence``.

Ids share one namespace: touchpoints take their activity's slug (``_2``, ``_3`` for a second and third alike),
stages ``stage_<slug>``, actors their group's slug and assets ``<actor>_time``.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from fractions import Fraction
from pathlib import PurePath

import attrs

from journeymap import wording_records as words
from journeymap.discover.places import EventPlaces, rows_named
from journeymap.discover.roles import OTHER_STAFF, PERSONA_GROUP, RoleGroups
from journeymap.discover.summary import ActivityCount, GroupCount, LogQuality, LogSummary, StageStats
from journeymap.model import Actor, Asset, Contribution, FlowEdge, Journey, Stage, Touchpoint
from journeymap.model_converters import slug
from journeymap.model_records import DEFAULT_THRESHOLD, LogEvidence, LogHidden, Variant
from journeymap.vocabulary import Role
from journeymap.wording import counted, listed

__all__ = ["journey_from_records", "skipped_sentence"]

ROWS_NOTED = 5  # skipped rows named in a note; the rest are counted
_DATED_NAMED = 5  # activities named in the note on dates without a time of day; the rest are counted


def journey_from_records(summary: LogSummary, *, threshold: int = DEFAULT_THRESHOLD, min_cases: int | None = None,
                         title: str | None = None, stage_of: Mapping[str, str] | None = None,
                         groups: RoleGroups | None = None, variant_share: float | None = None,
                         log_name: str | None = None, places: EventPlaces | None = None,
                         notes: Sequence[str] = ()) -> Journey:
    """The map of an aggregated event log. ``threshold``: the fewest cases an item may be shown with (a count of
    fewer is never written; the item is counted hidden); ``min_cases``: a filter hiding activities and steps in
    fewer cases (disclosed); ``stage_of``: each activity's stage, as the aggregation placed it (default: the stage
    of the summary named like the activity, else a stage of its own); ``groups``: the role groups' roles;
    ``variant_share``: the variant filter the aggregation applied, for its disclosure; ``log_name``: the log's name
    as the map gives it (default: the summary's file name, without its directory); ``places``: for an XES log, where
    its events are, so that the notes name events and lines rather than rows; ``notes``: what else reading the log
    found, noted after what the summary says (an XES log's lifecycle transitions)."""
    if threshold < 1:
        raise ValueError(f"the disclosure threshold must be at least 1 case, not {threshold}")
    return _Builder(summary, threshold, max(threshold, min_cases or 0), stage_of or {},
                    groups or RoleGroups()).journey(title, min_cases, variant_share, log_name, places, notes)


@attrs.define
class _Ids:
    """One namespace of ids: each new one its base, else the base with _2, _3..."""

    taken: set[str] = attrs.field(factory=set)

    def new(self, base: str) -> str:
        base = base or "item"
        chosen, number = base, 1
        while chosen in self.taken:
            number += 1
            chosen = f"{base}_{number}"
        self.taken.add(chosen)
        return chosen


@attrs.define
class _Builder:
    """One map being built: the summary, the thresholds and what is hidden so far."""

    summary: LogSummary
    threshold: int
    least: int  # the fewest cases an activity or a step is shown with: the threshold, or min_cases if higher
    stage_of: Mapping[str, str]
    groups: RoleGroups
    ids: _Ids = attrs.field(factory=_Ids)
    hidden: dict[str, int] = attrs.field(factory=lambda: defaultdict(int))
    unknown: set[str] = attrs.field(factory=set)  # touchpoints where a citizen-side group's contribution is hidden

    def journey(self, title: str | None, min_cases: int | None, variant_share: float | None,
                log_name: str | None, places: EventPlaces | None, notes: Sequence[str]) -> Journey:
        summary = self.summary
        shown = [item for item in summary.activities if item.cases >= self.least]
        quality = summary.quality
        # Hidden too: what a variant filter left out, seen only in the cases it left out.
        filtered = (quality.filtered_activities, quality.filtered_pairs) if quality else (0, 0)
        self.hidden["activities"] = len(summary.activities) - len(shown) + filtered[0]
        touchpoint_ids = {item.activity: self.ids.new(slug(item.activity) or "activity")
                          for item in sorted(shown, key=lambda item: item.activity)}
        stage_ids = {name: self.ids.new(f"stage_{slug(name)}".rstrip("_")) for name in self.stage_order()}
        actors, present = self.actors(touchpoint_ids)
        assets, contributions = self.contributions(touchpoint_ids, actors)
        stages = self.stages(shown, touchpoint_ids, stage_ids, present)
        flow = [FlowEdge(source=touchpoint_ids[pair.source], target=touchpoint_ids[pair.target], cases=pair.cases,
                         median_hours=pair.median_hours, p90_hours=pair.p90_hours)
                for pair in summary.pairs
                if pair.cases >= self.least and pair.source in touchpoint_ids and pair.target in touchpoint_ids]
        self.hidden["pairs"] = len(summary.pairs) - len(flow) + filtered[1]
        variants = [Variant(touchpoints=[touchpoint_ids[name] for name in variant.activities], cases=variant.cases)
                    for variant in summary.variants
                    if variant.cases >= self.threshold and all(name in touchpoint_ids for name in variant.activities)]
        self.hidden["variants"] = self.hidden_variants(len(variants))
        # Without anyone's role, the records cannot tell who co-produces anywhere; nor at an activity most of whose
        # events name none (the few that do cannot speak for the rest).
        named = Counter[str]()
        for role in summary.roles:
            named[role.activity] += role.events
        events = {activity.activity: activity.events for activity in summary.activities}
        roleless = {tid for name, tid in touchpoint_ids.items() if summary.groups and 2 * named[name] < events[name]}
        unknown = [tid for tid in sorted(touchpoint_ids.values())
                   if not summary.groups or tid in self.unknown or tid in roleless]
        evidence = LogEvidence(
            log=log_name or PurePath(summary.file).name or summary.file, cases=summary.cases,
            events=summary.events, first=_day(summary.first), last=_day(summary.last), threshold=self.threshold,
            filters=_filters(summary, min_cases, variant_share), hidden=LogHidden(**self.hidden),
            variants=variants,
            notes=[*_notes(summary.quality, places), *_midnight_note(summary.quality, set(touchpoint_ids)), *notes,
                   *self.unknown_notes(len(set(unknown) - roleless), len(roleless))],
            co_production_unknown=unknown)
        return Journey(
            title=title or f"Journeys from {evidence.log}", description=_description(evidence),
            persona=actors[0].id, actors=actors, assets=assets, stages=stages, flow=flow,
            contributions=contributions, evidence=evidence)

    def unknown_notes(self, hidden: int, roleless: int) -> list[str]:
        """Why the records cannot show co-production at some touchpoints, which are not called passive: at ``hidden``
        a citizen-side group acted in too few cases (or, where the log names no roles, at all); at ``roleless`` most
        events name no one's role."""
        if not hidden and not roleless:
            return []
        if not self.summary.groups:
            return ["The log names no one's role, so it cannot show who co-produces: no touchpoint is called passive."]
        return [*([f"At {counted(hidden, 'touchpoint')} people of a citizen-side group (the person, carers, family, "
                   f"volunteers and the like) acted in fewer than {words.cases(self.threshold)}: not shown, and not "
                   f"called passive."] if hidden else []),
                *([f"At {counted(roleless, 'touchpoint')} most events name no one's role, so the log cannot show who "
                   f"co-produces there: not called passive."] if roleless else [])]

    def hidden_variants(self, shown: int) -> int:
        """The variants hidden, ``shown`` of those listed being shown: every one in fewer cases than the threshold,
        not only those among the most common listed, a listed one through a hidden activity, and those a variant
        filter left out."""
        summary, quality = self.summary, self.summary.quality
        if quality is None:  # the listed variants alone are known
            return len(summary.variants) - shown
        small = sum(count for cases, count in quality.variant_sizes if cases < self.threshold)
        filtered = quality.variants - sum(count for _, count in quality.variant_sizes)
        return small + filtered + sum(1 for variant in summary.variants if variant.cases >= self.threshold) - shown

    # -- stages and touchpoints ------------------------------------------------

    def stage_name(self, activity: str) -> str:
        """The stage an activity is in."""
        return self.stage_of.get(activity) or activity

    def stage_order(self) -> list[str]:
        """The stages holding a shown activity, in journey order: the summary's, else by their events' mean place."""
        wanted = {self.stage_name(item.activity) for item in self.summary.activities if item.cases >= self.least}
        if self.summary.stages:
            ordered = [stage.stage for stage in self.summary.stages if stage.stage in wanted]
            return ordered + sorted(wanted - set(ordered))
        places: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for item in self.summary.activities:
            places[self.stage_name(item.activity)][0] += item.position_sum
            places[self.stage_name(item.activity)][1] += item.events
        return sorted(wanted, key=lambda name: (Fraction(places[name][0], places[name][1]), name))

    def stages(self, shown: Sequence[ActivityCount], touchpoint_ids: Mapping[str, str], stage_ids: Mapping[str, str],
               present: Mapping[str, list[str]]) -> list[Stage]:
        """Each stage with its touchpoints in order of their events' mean place, its cases and its entry wait."""
        starts = {item.activity: item.cases for item in self.summary.starts}
        ends = {item.activity: item.cases for item in self.summary.ends}
        channels: dict[str, str] = {}
        for count in self.summary.channels:  # by activity, then events descending: the first is the most common
            if count.cases >= self.threshold:  # of those seen in enough cases to be named
                channels.setdefault(count.activity, count.channel)
        members: dict[str, list[ActivityCount]] = defaultdict(list)
        for item in sorted(shown, key=lambda item: (Fraction(item.position_sum, item.events), item.activity)):
            members[self.stage_name(item.activity)].append(item)
        stats = {stage.stage: stage for stage in self.summary.stages}
        for stage in self.summary.stages:  # a stage with none of its activities shown hides its wait too
            if stage.stage not in stage_ids and stage.entry_cases:
                self.hidden["stage_waits"] += 1
        stages = []
        for name, stage_id in stage_ids.items():
            touchpoints = [Touchpoint(
                id=touchpoint_ids[item.activity], name=item.activity, channel=channels.get(item.activity),
                actors=present[item.activity], cases=item.cases, events=item.events,
                starts=self.disclosed(starts.get(item.activity)), ends=self.disclosed(ends.get(item.activity)))
                for item in members[name]]
            cases, median, p90, entered = self.stage_counts(stats.get(name))
            stages.append(Stage(id=stage_id, name=name, touchpoints=touchpoints, cases=cases, median_hours=median,
                                p90_hours=p90, entry_cases=entered))
        return stages

    def stage_counts(self, stats: StageStats | None) -> tuple[int | None, float | None, float | None, int | None]:
        """A stage's cases, and its entry wait's median and p90 hours with the cases it is of, each only when seen
        in enough cases (a hidden wait is counted)."""
        if stats is None:
            return None, None, None, None
        if stats.median_hours is not None and stats.entry_cases >= self.threshold:
            return self.disclosed(stats.cases), stats.median_hours, stats.p90_hours, stats.entry_cases
        if stats.entry_cases:
            self.hidden["stage_waits"] += 1
        return self.disclosed(stats.cases), None, None, None

    def disclosed(self, cases: int | None) -> int | None:
        """A count of cases, or None when there are fewer than the threshold."""
        return cases if cases is not None and cases >= self.threshold else None

    # -- actors and their contributions ------------------------------------------

    def actors(self, touchpoint_ids: Mapping[str, str]) -> tuple[list[Actor], dict[str, list[str]]]:
        """The persona, then each group present at a shown touchpoint (in enough cases there), by its cases over the
        log; and the actors present at each shown activity."""
        totals = {group.group: group for group in self.summary.groups}
        at: dict[str, set[str]] = defaultdict(set)
        for role in self.summary.roles:
            if role.activity in touchpoint_ids and role.cases >= self.threshold and role.group != PERSONA_GROUP:
                at[role.activity].add(role.group)
        placed = sorted({group for groups in at.values() for group in groups},
                        key=lambda group: (-totals[group].cases, group))
        persona = Actor(id=self.ids.new(slug(PERSONA_GROUP)), name=PERSONA_GROUP, role=Role.SERVICE_USER,
                        description=words.cases(self.summary.cases))
        actors = [persona] + [Actor(id=self.ids.new(slug(group)), name=group, role=self._role(group),
                                    description=self._group_description(group, totals[group]))
                              for group in placed]
        ids = {actor.name: actor.id for actor in actors}
        present = {activity: [persona.id] + [ids[group] for group in placed if group in at[activity]]
                   for activity in touchpoint_ids}
        return actors, present

    def _role(self, group: str) -> Role:
        return Role.PROFESSIONAL if group == OTHER_STAFF else self.groups.role_of(group)

    def _group_description(self, group: str, counts: GroupCount) -> str:
        numbers = f"{words.cases(counts.cases)}, {counted(counts.events, 'event')}"
        if group == OTHER_STAFF:
            return f"Roles each seen in fewer than {words.cases(self.threshold)}, together: {numbers}"
        return numbers

    def contributions(self, touchpoint_ids: Mapping[str, str],
                      actors: Sequence[Actor]) -> tuple[list[Asset], list[Contribution]]:
        """Each citizen-side group's time, and its actual co-delivery at each shown touchpoint where it acted in
        enough cases; the persona's time only where the person themself acted. The rest is counted hidden."""
        ids = {actor.name: actor.id for actor in actors}
        assets: dict[str, Asset] = {}
        contributions = []
        for role in self.summary.roles:
            if not self.groups.is_citizen(role.group):
                continue
            if role.cases < self.threshold or role.activity not in touchpoint_ids or role.group not in ids:
                self.hidden["contributions"] += 1
                if role.activity in touchpoint_ids:
                    self.unknown.add(touchpoint_ids[role.activity])
                continue
            if role.group not in assets:
                holder = ids[role.group]
                assets[role.group] = Asset(id=self.ids.new(f"{holder}_time"), holder=holder, kind="time",
                                           name=_possessive(role.group) + " time")
            contributions.append(Contribution(
                asset=assets[role.group].id, touchpoint=touchpoint_ids[role.activity], phase="co_delivery",
                status="actual", cases=role.cases, events=role.events))
        return [assets[actor.name] for actor in actors if actor.name in assets], contributions


def _day(moment: datetime.datetime) -> datetime.datetime:
    """The start of a UTC moment's day: the log's period to the day, as the map says it, not the time of its first
    or last event, which is one person's."""
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _possessive(name: str) -> str:
    """``Carers'``, ``Family's``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _filters(summary: LogSummary, min_cases: int | None, variant_share: float | None) -> list[str]:
    """The filters applied, in words."""
    filters = []
    quality = summary.quality
    if variant_share is not None:
        total = summary.cases + (quality.filtered_cases if quality else 0)
        filters.append(f"the most common variants covering {_percent(variant_share)} of cases "
                       f"({summary.cases:,} of {words.cases(total)})")
    if min_cases is not None:
        filters.append(f"activities and steps in fewer than {words.cases(min_cases)} left out")
    return filters


def _percent(share: float) -> str:
    """``80%``, ``92.5%``."""
    return f"{round(share * 100, 1):g}%"


def skipped_sentence(quality: LogQuality, places: EventPlaces | None, *, more: str = " and more") -> str:
    """The events left out for want of a timestamp, as the map's note and discover's warning tell them: ``2 events
    have no timestamp and were left out (rows 4, 9)``, the first ROWS_NOTED of their rows as ``places`` names them,
    then ``more`` if there are others."""
    count, rows = quality.skipped_events, quality.skipped_rows[:ROWS_NOTED]
    noun, verb = ("event has", "was") if count == 1 else ("events have", "were")
    others = more if count > len(rows) else ""
    cases = quality.untimed_cases
    untimed = f", as {'was' if cases == 1 else 'were'} {words.cases(cases)} none of whose events has one" if cases else ""
    return f"{count:,} {noun} no timestamp and {verb} left out ({rows_named(rows, places)}{others}){untimed}"


def _blank_case_sentence(events: int) -> str:
    """The events whose case id is empty, as the map's note tells them."""
    noun = "event has" if events == 1 else "events have"
    return (f"{events:,} {noun} an empty case id: they are taken as one case, as written, though they may be of "
            f"many")


def _notes(quality: LogQuality | None, places: EventPlaces | None) -> list[str]:
    """What was odd about the log, in plain English (its skipped rows as ``places`` names them)."""
    if quality is None:
        return []
    notes = []
    if quality.skipped_events:
        notes.append(f"{skipped_sentence(quality, places)}.")
    if quality.blank_case_events:
        notes.append(f"{_blank_case_sentence(quality.blank_case_events)}.")
    if quality.spaced_case_ids:
        ids = quality.spaced_case_ids
        differ = "differs from another only by the spaces round it" if ids == 1 else (
            "differ from others only by the spaces round them")
        notes.append(f"{counted(ids, 'case id')} {differ}: each is taken as written, a case of its own; trim the ids "
                     "in the log if they are one.")
    if quality.tied_events:
        notes.append(f"{counted(quality.tied_events, 'event')} share their case's timestamp with another; "
                     "they are taken in the order the log lists them.")
    if quality.reordered_cases:
        notes.append(f"{words.cases(quality.reordered_cases)} had rows out of time order in the log; "
                     "their events are taken in time order.")
    if quality.date_order != "iso":
        first = quality.date_order.split("-")[0]
        notes.append(f"Dates written with the year last are read {first} first, as asked: 04/03/2024 is "
                     f"{'4 March 2024' if first == 'day' else 'April 3, 2024'}.")
    notes.extend(_offset_note(quality))
    return notes


def _midnight_note(quality: LogQuality | None, shown: Collection[str]) -> list[str]:
    """Activities that look dated rather than timed (more than half of their events, and two at least, at midnight
    exactly, with no offset written) in a log where others are timed: read as the start of their day, they come
    first on it and their waits are off. The ``shown`` activities are named, the others counted."""
    if quality is None or not quality.midnight:
        return []
    timed = quality.events_read - quality.skipped_events
    if sum(item.midnight for item in quality.midnight) == timed:
        return ["Timestamps are dates without a time of day: a case's events of one day are taken in the order the "
                "log lists them, and waits are in whole days."]
    dated = sorted((item for item in quality.midnight if 2 * item.midnight > item.events and item.midnight > 1),
                   key=lambda item: (-item.events, item.activity))
    if not dated:
        return []
    named = [item for item in dated if item.activity in shown]
    parts = [f"{item.activity} ({'all' if item.midnight == item.events else f'{item.midnight:,} of'} "
             f"{counted(item.events, 'event')})" for item in named[:_DATED_NAMED]]
    others = len(dated) - len(parts)
    if others:
        parts.append(f"{others} {'other ' if parts else ''}{'activity' if others == 1 else 'activities'}"
                     f"{'' if parts else ' not shown'}")
    verb = "is" if len(dated) == 1 else "are"
    return [f"{listed(parts)} {verb} at midnight exactly, as dates without a time of day are read: on its day such an "
            f"event comes before those with a time, and the waits to and from it count from midnight."]


def _offset_note(quality: LogQuality) -> Iterable[str]:
    """How the timestamps' time zones were read: said when they carry none, or more than one."""
    written = [item for item in quality.offsets if item.offset]
    bare = sum(item.events for item in quality.offsets if not item.offset)
    if not written:
        yield "Timestamps carry no UTC offset; they are read as UTC."
    elif len(written) > 1 or bare:
        parts = [f"{item.offset} ({counted(item.events, 'event')})" for item in written]
        if bare:
            parts.append(f"none ({counted(bare, 'event')}, read as UTC)")
        kinds = "UTC offsets or time zones" if any(item.offset[0].isalpha() for item in written) else "UTC offsets"
        yield f"Timestamps are written with different {kinds}: {', '.join(parts)}; all are compared in UTC."


def _description(evidence: LogEvidence) -> str:
    """The evidence sentence, what was hidden, and the filters."""
    parts = [words.evidence_sentence(evidence)]
    hidden = words.hidden_sentence(evidence)
    if hidden:
        parts.append(hidden)
    if evidence.filters:
        parts.append(f"Filters: {'; '.join(evidence.filters)}.")
    if low := words.low_threshold(evidence):
        parts.append(low)
    return " ".join(parts)

