"""Every SQL statement the aggregation runs once a log is loaded as ``events`` (see ``discover.engine.Engine``),
written once for both DuckDB and Spark SQL: only what truly differs between them is in a ``Dialect``.

Shared SQL keeps to what both engines read alike: no ``::``, QUALIFY, ``epoch_us`` or ``list_*``; types STRING,
BIGINT and DOUBLE; every subquery aliased; regular expressions without backslashes (Spark unescapes them in
literals); column names that are no keywords in either (``seq``, not ``position``; ``grp``, not ``group``).
Results are sorted in Python, never by the engines' collations.
"""

from __future__ import annotations

import attrs

__all__ = ["DUCKDB", "SPARK", "Dialect", "Queries"]

# The UTC offset at the end of a timestamp written as text, after its time (hh:mm, seconds and fraction optional):
# Z, +01, +0100 or +01:00. Group 3; '' when there is none. A date alone has no ':', so its "-04" is no offset.
OFFSET_PATTERN = "[0-9]:[0-9][0-9](:[0-9][0-9]([.,][0-9]*)?)? ?(Z|z|[+-][0-9][0-9](:?[0-9][0-9])?)$"
OFFSET_GROUP = 3


@attrs.frozen(kw_only=True)
class Dialect:
    """What differs between the engines' SQL: the linear-interpolation quantile of ``{value}`` at ``{fraction}``,
    and the comma-joined ``{value}`` strings of a group in the order of ``{order}`` (a unique integer per group)."""

    name: str
    quantile: str
    ordered_join: str

    def quantile_of(self, value: str, fraction: float) -> str:
        """The quantile expression of ``value`` (cast to DOUBLE, so both engines interpolate alike)."""
        return self.quantile.format(value=f"CAST({value} AS DOUBLE)", fraction=fraction)

    def joined(self, value: str, order: str) -> str:
        """The ordered-join expression of ``value`` (a STRING expression) by ``order``."""
        return self.ordered_join.format(value=value, order=order)


DUCKDB = Dialect(name="duckdb", quantile="quantile_cont({value}, {fraction})",
                 ordered_join="string_agg({value}, ',' ORDER BY {order})")
SPARK = Dialect(name="spark", quantile="percentile({value}, {fraction})",
                ordered_join="concat_ws(',', transform(array_sort(collect_list(named_struct('k', {order}, "
                             "'v', {value}))), x -> x.v))")

# A row the driver refuses: no case id, no activity, or a timestamp written but unreadable.
_BAD = "(case_id IS NULL OR activity IS NULL OR trim(activity) = '' OR (ts_us IS NULL AND ts_text <> ''))"


@attrs.frozen
class Queries:
    """The aggregation's statements in one dialect. Relations: ``events`` (loaded), ``steps`` (its timed events in
    case order with what follows each), ``case_paths`` (each case's variant), and ``kept`` (the steps of the cases
    the variant filter keeps: ``steps`` itself when there is no filter); small registered tables ``activity_codes``,
    ``kept_paths``, ``role_groups`` and ``activity_stages``."""

    dialect: Dialect

    def read_counts(self) -> str:
        """By the UTC offset timestamps were written with (raw, '' for none or no timestamp): events read, timed
        events, rows refused. One scan of ``events``; the pattern only runs where the text's end may hold an offset
        (a sign among its last six characters, or a final Z)."""
        offset = (f"CASE WHEN ts_us IS NULL THEN '' WHEN right(ts_text, 6) LIKE '%+%' OR right(ts_text, 6) LIKE '%-%' "
                  f"OR right(ts_text, 1) IN ('Z', 'z') THEN regexp_extract(ts_text, '{OFFSET_PATTERN}', {OFFSET_GROUP}) "
                  f"ELSE '' END")
        return (f"SELECT written, count(*), sum(timed), sum(bad) FROM (SELECT {offset} AS written, "
                f"CASE WHEN ts_us IS NULL THEN 0 ELSE 1 END AS timed, CASE WHEN {_BAD} THEN 1 ELSE 0 END AS bad "
                f"FROM events) AS t GROUP BY written")

    def cases_read(self) -> str:
        """Distinct cases read (asked only when some events were skipped: else every case has a variant)."""
        return "SELECT count(DISTINCT case_id) FROM events"

    def bad_rows(self, limit: int) -> str:
        """The first refused rows: row number, whether the case id is missing, the activity, the timestamp text."""
        return (f"SELECT row_number, case_id IS NULL, activity, ts_text FROM events WHERE {_BAD} "
                f"ORDER BY row_number LIMIT {limit}")

    def skipped_rows(self, limit: int) -> str:
        """The row numbers of the first events without a timestamp."""
        return f"SELECT row_number FROM events WHERE ts_us IS NULL ORDER BY row_number LIMIT {limit}"

    def steps(self) -> str:
        """Each timed event with its place in its case (``seq``, from 1) ordered by time then file row, the next
        event's activity and the gap to it, whether the next one comes earlier in the file, whether it is tied."""
        return """
            SELECT case_id, activity, role, stage, channel, ts_us,
                   row_number() OVER w AS seq,
                   lead(activity) OVER w AS next_activity,
                   lead(ts_us) OVER w - ts_us AS gap_us,
                   CASE WHEN lead(row_number) OVER w < row_number THEN 1 ELSE 0 END AS out_of_order,
                   CASE WHEN lag(ts_us) OVER w = ts_us OR lead(ts_us) OVER w = ts_us THEN 1 ELSE 0 END AS tied
            FROM events
            WHERE ts_us IS NOT NULL
            WINDOW w AS (PARTITION BY case_id ORDER BY ts_us, row_number)"""

    def order_counts(self) -> str:
        """Tied events, and cases whose rows are out of time order in the file."""
        return ("SELECT sum(tied), count(DISTINCT CASE WHEN out_of_order = 1 THEN case_id END) FROM steps")

    def emptied(self) -> str:
        """An empty relation, materialized in place of one no longer needed to free it."""
        return "SELECT * FROM steps WHERE 1 = 0"

    def distinct_activities(self) -> str:
        """Every activity of a timed event."""
        return "SELECT DISTINCT activity FROM steps"

    def case_paths(self) -> str:
        """Each case's variant: its activities' codes (STRING, ``activity_codes``) joined by commas in case order."""
        path = self.dialect.joined("c.code", "s.seq")
        return (f"SELECT s.case_id AS case_id, {path} AS path_key FROM steps AS s "
                f"JOIN activity_codes AS c ON s.activity = c.activity GROUP BY s.case_id")

    def path_counts(self) -> str:
        """Each variant and its number of cases."""
        return "SELECT path_key, count(*) FROM case_paths GROUP BY path_key"

    def kept(self) -> str:
        """The steps of the cases whose variant is in ``kept_paths``."""
        return ("SELECT * FROM steps WHERE case_id IN (SELECT p.case_id FROM case_paths AS p "
                "JOIN kept_paths AS k ON p.path_key = k.path_key)")

    def activities(self, kept: str) -> str:
        """Each activity: cases, events, the sum of its events' places, the cases it starts and ends, its first
        and last timestamp."""
        return (f"SELECT activity, count(DISTINCT case_id), count(*), sum(seq), "
                f"sum(CASE WHEN seq = 1 THEN 1 ELSE 0 END), sum(CASE WHEN next_activity IS NULL THEN 1 ELSE 0 END), "
                f"min(ts_us), max(ts_us) FROM {kept} GROUP BY activity")

    def pairs(self, kept: str) -> str:
        """Each directly-follows pair: cases, occurrences, median and 90th percentile gap in microseconds."""
        quantile = self.dialect.quantile_of
        return (f"SELECT activity, next_activity, count(DISTINCT case_id), count(*), {quantile('gap_us', 0.5)}, "
                f"{quantile('gap_us', 0.9)} FROM {kept} WHERE next_activity IS NOT NULL "
                f"GROUP BY activity, next_activity")

    def distinct_roles(self, kept: str) -> str:
        """Every role value written (as written)."""
        return f"SELECT DISTINCT role FROM {kept} WHERE role IS NOT NULL"

    def roles(self, kept: str) -> str:
        """Each (activity, role group): cases and events (``role_groups`` maps a role value to its group)."""
        return (f"SELECT k.activity, g.grp, count(DISTINCT k.case_id), count(*) FROM {kept} AS k "
                f"JOIN role_groups AS g ON k.role = g.role GROUP BY k.activity, g.grp")

    def groups(self, kept: str) -> str:
        """Each role group: cases and events."""
        return (f"SELECT g.grp, count(DISTINCT k.case_id), count(*) FROM {kept} AS k "
                f"JOIN role_groups AS g ON k.role = g.role GROUP BY g.grp")

    def stage_values(self, kept: str) -> str:
        """Each activity's stage values (trimmed, blank left out) and how many of its events have each."""
        return (f"SELECT activity, stage_name, count(*) FROM (SELECT activity, trim(stage) AS stage_name "
                f"FROM {kept} WHERE stage IS NOT NULL) AS t WHERE stage_name <> '' GROUP BY activity, stage_name")

    def stages(self, kept: str) -> str:
        """Each stage (``activity_stages`` gives an activity's): cases and events."""
        return (f"SELECT a.stage, count(DISTINCT k.case_id), count(*) FROM {kept} AS k "
                f"JOIN activity_stages AS a ON k.activity = a.activity GROUP BY a.stage")

    def stage_entries(self, kept: str) -> str:
        """Each stage entered from another: cases, entries, median and 90th percentile gap in microseconds."""
        quantile = self.dialect.quantile_of
        return (f"SELECT t.stage, count(DISTINCT k.case_id), count(*), {quantile('k.gap_us', 0.5)}, "
                f"{quantile('k.gap_us', 0.9)} FROM {kept} AS k "
                f"JOIN activity_stages AS s ON k.activity = s.activity "
                f"JOIN activity_stages AS t ON k.next_activity = t.activity "
                f"WHERE s.stage <> t.stage GROUP BY t.stage")

    def activity_entries(self, kept: str) -> str:
        """``stage_entries`` when each activity is its own stage: each activity entered from another."""
        quantile = self.dialect.quantile_of
        return (f"SELECT next_activity, count(DISTINCT case_id), count(*), {quantile('gap_us', 0.5)}, "
                f"{quantile('gap_us', 0.9)} FROM {kept} WHERE next_activity IS NOT NULL AND next_activity <> activity "
                f"GROUP BY next_activity")

    def channels(self, kept: str) -> str:
        """Each (activity, channel), the channel trimmed and blank left out: events."""
        return (f"SELECT activity, channel_name, count(*) FROM (SELECT activity, trim(channel) AS channel_name "
                f"FROM {kept} WHERE channel IS NOT NULL) AS t WHERE channel_name <> '' "
                f"GROUP BY activity, channel_name")
