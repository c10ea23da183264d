"""Every SQL statement the aggregation runs once a log is loaded as ``events`` (see ``discover.engine.Engine``),
written once for both DuckDB and Spark SQL: only what truly differs between them is in a ``Dialect``.

Shared SQL keeps to what both engines read alike: no ``::``, QUALIFY, ``epoch_us`` or ``list_*``; types STRING,
BIGINT and DOUBLE; every subquery aliased; regular expressions without backslashes (Spark unescapes them in
literals); column names that are no keywords in either (``seq``, not ``position``; ``grp``, not ``group``).
Results are sorted in Python, never by the engines' collations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

__all__ = ["CASE_SETS_BYTES", "DATE_ORDERS", "DUCKDB", "MEDIAN_AND_P90", "SPARK", "Dialect", "Queries", "iso_dated",
           "looks_year_last", "written_offset"]

# The UTC offset at the end of a timestamp the engines read, right after its time (hh:mm, seconds and fraction
# optional): Z, +01, +0100, +01:00 or +01:00:30; or a time zone after a space (UTC, UTC+05:30, CET, Europe/Paris),
# space and all. Group 3; '' when there is none. A date alone has no ':', so its "-04" is no offset. (Neither engine
# reads an offset after a space, a lower-case z or a decimal comma.)
OFFSET_PATTERN = ("[0-9]:[0-9][0-9](:[0-9][0-9]([.][0-9]*)?)?"
                  "(Z|[+-][0-9][0-9](:?[0-9][0-9]|:[0-9][0-9]:[0-9][0-9])?| [A-Za-z][A-Za-z0-9_/+:-]*)$")
OFFSET_GROUP = 3
# Where a timestamp written as text may end in an offset or zone: a '+', a '-' after a ':', a Z, or a space after a
# ':' (the offset pattern decides; these tests are cheaper than the pattern and than taking the text's end, and hold
# untrimmed).
_MAY_HAVE_OFFSET = ("%+%", "%:%-%", "%Z%", "%:% %")
# Timestamps as logs mostly write them, ending in Z or in ±hh:mm: the pattern finds their offset where the digits
# it asks for (the seconds' and the minute's last, the offset's) are in their places, and finds none otherwise, so
# these are read from their places (1M events, a fifth with an offset: the offsets found in 0.08 -> 0.04 s).
_Z_SHAPES = ("____-__-__T__:__:__Z", "____-__-__ __:__:__Z")
_OFFSET_SHAPES = tuple(f"____-__-__{separator}__:__:__{sign}__:__" for separator in "T " for sign in "+-")


def written_offset(text: str, trimmed: str) -> str:
    """SQL, for both engines, of the UTC offset a timestamp ``text`` was written with, as written ('' for none);
    ``trimmed``: the text trimmed of spaces, which the pattern reads (it runs only where the text may hold one)."""
    may = " OR ".join(f"{text} LIKE '{pattern}'" for pattern in _MAY_HAVE_OFFSET)
    zulu = " OR ".join(f"{text} LIKE '{shape}'" for shape in _Z_SHAPES)
    offset = " OR ".join(f"{text} LIKE '{shape}'" for shape in _OFFSET_SHAPES)
    return (f"CASE WHEN {may} THEN CASE "
            f"WHEN {zulu} THEN CASE WHEN {_digits(text, 16, 18, 19)} THEN 'Z' ELSE '' END "
            f"WHEN {offset} THEN CASE WHEN {_digits(text, 16, 18, 19, 21, 22, 24, 25)} THEN right({text}, 6) "
            f"ELSE '' END "
            f"ELSE regexp_extract({trimmed}, '{OFFSET_PATTERN}', {OFFSET_GROUP}) END ELSE '' END")


# How dates are written: ISO 8601 (year first, the default), or day or month first with the year last
# ("04/03/2024 09:00", "4.3.2024", "04-03-2024"), which are read as the ISO date they stand for, time and all.
DATE_ORDERS = ("iso", "day-first", "month-first")
# A date with the year last, at the start of a timestamp (after any spaces): its first, second and year groups.
_YEAR_LAST = "^ *([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})"
# A time on a 12-hour clock at the end of a timestamp: what comes before its hour, the hour, its minutes (seconds and
# fraction optional), and the A or P of AM or PM ("9:05 PM", "09:05:00 am", "9:05 p.m.").
_TWELVE_HOURS = "^(.*[ T])([0-9]{1,2})(:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?) ?([AaPp])[.]?[Mm][.]?$"


def iso_dated(text: str, date_order: str, group: str) -> str:
    """SQL of the timestamp ``text`` with a date written day or month first (``date_order``) rewritten year first,
    its time on a 12-hour clock on a 24-hour one, as the engines read it ("04/03/2024 9:05 PM" day first is
    "2024-03-04 21:05"); any other text as it is. ``group``: how the engine's regexp_replace refers to a group, with
    ``{}`` for its number (DuckDB ``\\{}``, Spark ``${}``)."""
    if date_order == "iso":
        return text
    day, month = ("1", "2") if date_order == "day-first" else ("2", "1")
    replacement = "-".join(group.format(number) for number in ("3", month, day))
    return _twenty_four_hours(f"regexp_replace({text}, '{_YEAR_LAST}', '{replacement}')")


def _twenty_four_hours(text: str) -> str:
    """SQL of ``text`` with a time on a 12-hour clock at its end written on a 24-hour one (12 AM is 00, 12 PM 12); an
    hour outside 1 to 12 before AM or PM is left as it is, unreadable. The pattern runs only where the text ends as
    AM or PM does."""
    def part(number: int) -> str:
        return f"regexp_extract({text}, '{_TWELVE_HOURS}', {number})"

    hour = f"TRY_CAST({part(2)} AS INT)"
    afternoon = f"CASE WHEN upper({part(6)}) = 'P' THEN 12 ELSE 0 END"
    return (f"CASE WHEN upper(right({text}, 1)) IN ('M', '.') AND {hour} BETWEEN 1 AND 12 "
            f"THEN concat({part(1)}, lpad(CAST({hour} % 12 + {afternoon} AS STRING), 2, '0'), {part(3)}) "
            f"ELSE {text} END")


def looks_year_last(text: str) -> str | None:
    """The date order a timestamp written with the year last suggests ("day-first" where its first number is past
    12, "month-first" where its second is, "either" where neither is), or None where it does not start so."""
    found = re.match(_YEAR_LAST, text)
    if found is None:
        return None
    first, second = int(found.group(1)), int(found.group(2))
    if first > 12 and second > 12:
        return None
    return "day-first" if first > 12 else "month-first" if second > 12 else "either"


def _digits(text: str, *places: int) -> str:
    """SQL: whether the characters of ``text`` at ``places`` (from 1) are all digits."""
    return " AND ".join(f"substr({text}, {place}, 1) BETWEEN '0' AND '9'" for place in places)


@attrs.frozen(kw_only=True)
class Dialect:
    """What differs between the engines' SQL: the linear-interpolation quantiles of ``{value}`` at the comma-joined
    ``{fractions}``, as one list (one pass over a group's values, not one per fraction); the list of a group's
    whole numbers ``{value}`` in ascending order, and such a list as text, its numbers joined by commas.

    An engine with a ``case_set`` numbers the cases 0, 1, ... (``case_numbers``) and counts a group's cases as a
    set of one bit per case (``{case}``, the number, up to ``{last}``), where those sets fit in memory: each of the
    ``copies`` of a group's state one query may keep (one per thread, and the merged one) holds a bit for every
    case. Otherwise a case is known by the file row of its first event, and counted by ``count(DISTINCT ...)``."""

    name: str
    quantiles: str
    sorted_list: str
    list_text: str
    case_set: str | None = None
    copies: int = 1

    def quantiles_of(self, value: str, fractions: tuple[float, ...]) -> str:
        """The quantiles expression of ``value`` (cast to DOUBLE, so both engines interpolate alike): a list of
        one quantile per fraction, in their order."""
        return self.quantiles.format(value=f"CAST({value} AS DOUBLE)",
                                     fractions=", ".join(str(fraction) for fraction in fractions))

    def sorted(self, value: str) -> str:
        """The sorted list of a group's ``value`` (a whole-number expression)."""
        return self.sorted_list.format(value=value)

    def text(self, value: str) -> str:
        """A list of whole numbers ``value`` as text, joined by commas."""
        return self.list_text.format(value=value)

    @property
    def numbers_cases(self) -> bool:
        """Whether the engine numbers the cases (``case_numbers``) and counts them in sets."""
        return self.case_set is not None


# DuckDB sorts a list far faster than it orders an aggregate's input (list_sort: 0.5 -> 0.1 s at 1M events).
# A list is made text once per variant, not once per case (0.18 -> 0.14 s for 110,000 cases and 34,000 variants).
# Both quantiles from one list of a group's values: the pairs' query 0.10 -> 0.07 s at 1M events.
# A set of one bit per case counts a group's cases in a fraction of count(DISTINCT)'s time (it hashes every
# (group, case)): the five counting queries 0.45 -> 0.21 s at 1M events, 4.6 -> 2.0 s at 10M. Numbering the cases
# first costs less than it saves: the steps then partition by a number, not a text (0.51 -> 0.45 s with it).
DUCKDB = Dialect(name="duckdb", quantiles="quantile_cont({value}, [{fractions}])",
                 sorted_list="list_sort(list({value}))", list_text="array_to_string({value}, ',')",
                 case_set="bit_count(bitstring_agg({case}, 0, {last}))")
SPARK = Dialect(name="spark", quantiles="percentile({value}, array({fractions}))",
                sorted_list="array_sort(collect_list({value}))",
                list_text="concat_ws(',', transform({value}, x -> CAST(x AS STRING)))")
# The most memory the sets of cases of one query may take, over all their copies (else it counts DISTINCT).
CASE_SETS_BYTES = 256 * 2 ** 20
# The quantiles the summary gives: the median and the 90th percentile.
MEDIAN_AND_P90 = (0.5, 0.9)

# A row the driver refuses (but for a blank activity, which the driver tells from read_counts' activities, once per
# kind, not once per event: trim on every event took 0.1 s of the check's 0.5 at 1M events): no case id, no activity,
# or a timestamp written but unreadable.
_BAD = "(case_id IS NULL OR activity IS NULL OR (ts_us IS NULL AND ts_text <> ''))"
_DAY_US = 86_400_000_000  # microseconds in a day: a timestamp at midnight UTC is a whole number of them
# What tells an event's kind besides its activity: its role, stage and channel as written, '' for NULL (a blank
# role, stage or channel counts for nothing, as a missing one; the driver trims them).
_KIND_KEYS = (("coalesce({e}role, '')", "role_name"), ("coalesce({e}stage, '')", "stage_name"),
              ("coalesce({e}channel, '')", "channel_name"))


def _blank_literal(text: str) -> str:
    """White space alone as a SQL literal of both engines (which escape quotes and backslashes differently)."""
    if text.strip():
        raise ValueError(f"not white space alone: {text!r}")
    return f"'{text}'"


def _kind_keys(alias: str) -> str:
    """The kind's keys as named columns, from the relation ``alias`` ('' for none)."""
    return ", ".join(f"{expression.format(e=alias)} AS {name}" for expression, name in _KIND_KEYS)


@attrs.frozen
class Queries:
    """The aggregation's statements in one dialect. Relations: ``events`` (loaded); ``steps``, its timed events in
    case order with what follows each, all numbers: the case (``case_key``: its number where the dialect numbers
    cases in ``case_numbers``, else the file row of its first event), the activity's code (``act``, ``next_act``),
    the role group's (``grp``) and the event's kind (``kind``: activity, role, stage and channel); ``case_paths``
    (each case's variant) and ``kept`` (the steps of the cases the variant filter keeps: ``steps`` itself when there
    is no filter). Small registered tables: ``kinds`` (each kind's keys, its code, its activity's and group's),
    ``kept_paths`` and ``activity_stages`` (an activity's code, its stage).

    A variant's key is its events' ``seq * 10^width + act`` sorted and comma-joined: as the places are 1, 2, ...,
    one variant has one key, and keys sort as the sequences of activity codes do (the numbers at one place have
    as many digits).

    ``cases``: how many cases ``case_numbers`` numbered, once it has (0 before, and where the dialect numbers none).
    """

    dialect: Dialect
    cases: int = 0

    def read_counts(self, text_offsets: bool) -> str:
        """One scan of ``events``, grouped by the UTC offset timestamps were written with (``written``, as the engine
        read it: '' for none, for no timestamp, and for all when not ``text_offsets``) and by kind (activity, role,
        stage and channel as written; '' for NULL): events read, timed events, rows refused (``_BAD``), events
        whose case id is empty (a case like any other, but worth a note) and events at midnight UTC exactly (as a
        date without a time of day is read). One grouping, not two sets of them: DuckDB would keep every row for the
        second (0.09 -> 0.06 s at 1M events)."""
        offset = "CASE WHEN ts_us IS NULL THEN '' ELSE ts_text END" if text_offsets else "''"
        return (f"SELECT written, activity, role_name, stage_name, channel_name, count(*), sum(timed), sum(bad), "
                f"sum(blank_case), sum(midnight) "
                f"FROM (SELECT {offset} AS written, CASE WHEN ts_us IS NULL THEN 0 ELSE 1 END AS timed, "
                f"CASE WHEN {_BAD} THEN 1 ELSE 0 END AS bad, CASE WHEN case_id = '' THEN 1 ELSE 0 END AS blank_case, "
                f"CASE WHEN ts_us % {_DAY_US} = 0 THEN 1 ELSE 0 END AS midnight, "
                f"activity, {_kind_keys('')} FROM events) AS t "
                f"GROUP BY written, activity, role_name, stage_name, channel_name")

    def cases_read(self) -> str:
        """Distinct cases read (asked only when some events were skipped: else every case has a variant)."""
        return "SELECT count(DISTINCT case_id) FROM events"

    def bad_rows(self, limit: int, blank: Sequence[str]) -> str:
        """The first refused rows: row number, whether the case id is missing, the activity, the timestamp text;
        ``blank``: the activities that are blank (white space alone, as the driver tells it)."""
        blanks = f" OR activity IN ({', '.join(_blank_literal(text) for text in blank)})" if blank else ""
        return (f"SELECT row_number, case_id IS NULL, activity, ts_text FROM events WHERE {_BAD}{blanks} "
                f"ORDER BY row_number LIMIT {limit}")

    def skipped_rows(self, limit: int) -> str:
        """The row numbers of the first events without a timestamp."""
        return f"SELECT row_number FROM events WHERE ts_us IS NULL ORDER BY row_number LIMIT {limit}"

    def case_numbers(self) -> str:
        """Each case with a timed event, numbered 0, 1, ... in no particular order (``case_no``)."""
        return ("SELECT case_id, CAST(row_number() OVER () - 1 AS INT) AS case_no "
                "FROM (SELECT DISTINCT case_id FROM events WHERE ts_us IS NOT NULL) AS d")

    def spaced_case_ids(self, trimmed: bool) -> str:
        """The case ids (of cases with a timed event) written with spaces round them: how many; with ``trimmed``, how
        many ids differ from another only by them (all of those that are one id once trimmed). From
        ``case_numbers`` where the dialect numbers cases (a row an id), else from ``events``."""
        source = ("case_numbers" if self.dialect.numbers_cases
                  else "(SELECT DISTINCT case_id FROM events WHERE ts_us IS NOT NULL) AS d")
        if not trimmed:
            return f"SELECT count(*) FROM {source} WHERE case_id LIKE ' %' OR case_id LIKE '% '"
        bare = "regexp_replace(regexp_replace(case_id, '^ +', ''), ' +$', '')"  # one match each, as both engines
        return (f"SELECT CAST(coalesce(sum(ids), 0) AS BIGINT) FROM (SELECT count(*) AS ids FROM {source} "
                f"GROUP BY {bare}) AS g WHERE ids > 1")

    def case_count(self) -> str:
        """How many cases ``case_numbers`` numbered."""
        return "SELECT count(*) FROM case_numbers"

    def steps(self, activities: int) -> str:
        """Each timed event, its kind's codes (from ``kinds``) in place of its texts, with its place in its case
        (``seq``, from 1) ordered by time then file row, the next event's activity and the gap to it, whether the
        next one comes earlier in the file, whether it is tied. The case is its number where the dialect numbers
        cases, else the row of its first event. The next event's row and activity come from one ``lead`` of
        ``row * activities + act`` (``activities``: the number of codes; the driver checks that the product fits a
        BIGINT)."""
        joined = " AND ".join(f"{expression.format(e='e.')} = k.{name}" for expression, name in _KIND_KEYS)
        numbered = self.dialect.numbers_cases
        case = "n.case_no" if numbered else "first_value(e.row_number) OVER w"
        numbers = "JOIN case_numbers AS n ON e.case_id = n.case_id " if numbered else ""
        partition = "n.case_no" if numbered else "e.case_id"
        return f"""
            SELECT case_key, act, grp, kind, ts_us, seq, CAST(next_place % {activities} AS INT) AS next_act, gap_us,
                   CASE WHEN next_place < row_number * {activities} THEN 1 ELSE 0 END AS out_of_order, tied
            FROM (SELECT {case} AS case_key, e.row_number AS row_number,
                         CAST(k.act AS INT) AS act, CAST(k.grp AS INT) AS grp, CAST(k.kind AS INT) AS kind,
                         e.ts_us AS ts_us, CAST(row_number() OVER w AS INT) AS seq,
                         lead(e.row_number * {activities} + k.act) OVER w AS next_place,
                         (lead(e.ts_us) OVER w) - e.ts_us AS gap_us,
                         CASE WHEN lag(e.ts_us) OVER w = e.ts_us OR lead(e.ts_us) OVER w = e.ts_us THEN 1 ELSE 0 END
                             AS tied
                  FROM events AS e {numbers}JOIN kinds AS k ON e.activity = k.activity AND {joined}
                  WHERE e.ts_us IS NOT NULL
                  WINDOW w AS (PARTITION BY {partition} ORDER BY e.ts_us, e.row_number)) AS t"""

    def in_sets(self, groups: int) -> bool:
        """Whether a query of ``groups`` groups counts their cases in sets (see ``Dialect``)."""
        return (self.dialect.numbers_cases and self.cases > 0
                and groups * self.dialect.copies * (self.cases // 8 + 1) <= CASE_SETS_BYTES)

    def cases_in(self, groups: int, case: str = "case_key") -> str:
        """The number of distinct cases of each of ``groups`` groups: in sets where they fit, else by DISTINCT."""
        if self.in_sets(groups):
            return (self.dialect.case_set or "").format(case=case, last=self.cases - 1)
        return f"count(DISTINCT {case})"

    def emptied(self) -> str:
        """An empty relation, materialized in place of one no longer needed to free it."""
        return "SELECT * FROM steps WHERE 1 = 0"

    def case_paths(self, width: int, events: int) -> str:
        """Each case's variant (its key as a list, the activity codes having ``width`` digits), whether its rows are
        out of time order in the file, and its tied events. ``events``: at most how many a case has (the places are
        INT where they fit: sorted faster than BIGINT)."""
        place = f"seq * {10 ** width} + act" if events * 10 ** width < 2 ** 31 else (
            f"CAST(seq AS BIGINT) * {10 ** width} + act")
        return (f"SELECT case_key, {self.dialect.sorted(place)} AS path_key, max(out_of_order) AS reordered, "
                f"sum(tied) AS tied FROM steps GROUP BY case_key")

    def path_counts(self, paths: str = "case_paths") -> str:
        """Each variant: its cases, those of them out of order in the file, their tied events; from ``paths``, the
        relation ``case_paths`` or its query aliased (where no filter reads it again: 0.02 s less at 1M events than
        keeping it). The sums are cast to BIGINT: DuckDB's sum of integers is a HUGEINT, which Python fetches four
        times slower, and there are as many rows as variants (0.10 -> 0.04 s for 34,000 variants)."""
        return (f"SELECT {self.dialect.text('path_key')}, count(*), CAST(sum(reordered) AS BIGINT), "
                f"CAST(sum(tied) AS BIGINT) FROM {paths} GROUP BY path_key")

    def kept(self) -> str:
        """The steps of the cases whose variant is in ``kept_paths``."""
        return (f"SELECT * FROM steps WHERE case_key IN (SELECT p.case_key FROM case_paths AS p "
                f"JOIN kept_paths AS k ON {self.dialect.text('p.path_key')} = k.path_key)")

    def activities(self, kept: str, groups: int) -> str:
        """Each activity's code: cases, events, the sum of its events' places, the cases it starts and ends, its
        first and last timestamp. ``groups``, here and below: at most how many groups the query has."""
        return (f"SELECT act, {self.cases_in(groups)}, count(*), sum(seq), "
                f"sum(CASE WHEN seq = 1 THEN 1 ELSE 0 END), sum(CASE WHEN next_act IS NULL THEN 1 ELSE 0 END), "
                f"min(ts_us), max(ts_us) FROM {kept} GROUP BY act")

    def activity_count(self, kept: str) -> str:
        """How many activity codes there are."""
        return f"SELECT count(*) FROM (SELECT act FROM {kept} GROUP BY act) AS a"

    def pair_count(self, kept: str) -> str:
        """How many directly-follows pairs of codes there are."""
        return (f"SELECT count(*) FROM (SELECT act, next_act FROM {kept} WHERE next_act IS NOT NULL "
                f"GROUP BY act, next_act) AS p")

    def pairs(self, kept: str, groups: int) -> str:
        """Each directly-follows pair of codes: cases, occurrences, [median, 90th percentile] gap in microseconds."""
        quantiles = self.dialect.quantiles_of("gap_us", MEDIAN_AND_P90)
        return (f"SELECT act, next_act, {self.cases_in(groups)}, count(*), {quantiles} "
                f"FROM {kept} WHERE next_act IS NOT NULL GROUP BY act, next_act")

    def roles(self, kept: str, groups: int, folded: bool = False) -> str:
        """Each (activity code, role group code), and each group code over the log (activity NULL): cases, events;
        ``folded``: each group under the code ``group_folds`` gives it (``grp`` -> ``shown``)."""
        if folded:
            kept = (f"(SELECT k.case_key, k.act, f.shown AS grp FROM {kept} AS k "
                    f"JOIN group_folds AS f ON k.grp = f.grp) AS g")
        return (f"SELECT act, grp, {self.cases_in(groups)}, count(*) FROM {kept} WHERE grp IS NOT NULL "
                f"GROUP BY GROUPING SETS ((act, grp), (grp))")

    def value_cases(self, kept: str, groups: int) -> str:
        """Each (activity code, stage) and each (activity code, channel), from ``kind_values`` (each kind's stage and
        channel, '' for none; the other NULL in a row): cases."""
        return (f"SELECT act, stage, channel, {self.cases_in(groups)} FROM (SELECT k.case_key, k.act, v.stage, "
                f"v.channel FROM {kept} AS k JOIN kind_values AS v ON k.kind = v.kind) AS t "
                f"GROUP BY GROUPING SETS ((act, stage), (act, channel))")

    def kind_counts(self, kept: str) -> str:
        """The events of each kind."""
        return f"SELECT kind, count(*) FROM {kept} GROUP BY kind"

    def stages(self, kept: str, groups: int) -> str:
        """Each stage (``activity_stages`` gives an activity's): cases and events."""
        return (f"SELECT a.stage, {self.cases_in(groups, 'k.case_key')}, count(*) FROM {kept} AS k "
                f"JOIN activity_stages AS a ON k.act = a.act GROUP BY a.stage")

    def stage_entries(self, kept: str, groups: int) -> str:
        """Each stage entered from another: cases, entries, [median, 90th percentile] gap in microseconds."""
        quantiles = self.dialect.quantiles_of("k.gap_us", MEDIAN_AND_P90)
        return (f"SELECT t.stage, {self.cases_in(groups, 'k.case_key')}, count(*), {quantiles} FROM {kept} AS k "
                f"JOIN activity_stages AS s ON k.act = s.act "
                f"JOIN activity_stages AS t ON k.next_act = t.act "
                f"WHERE s.stage <> t.stage GROUP BY t.stage")

    def activity_entries(self, kept: str, groups: int) -> str:
        """``stage_entries`` when each activity is its own stage: each activity's code entered from another."""
        quantiles = self.dialect.quantiles_of("gap_us", MEDIAN_AND_P90)
        return (f"SELECT next_act, {self.cases_in(groups)}, count(*), {quantiles} "
                f"FROM {kept} WHERE next_act IS NOT NULL AND next_act <> act "
                f"GROUP BY next_act")
