"""The directly-follows aggregation on DuckDB: a hand-made log whose every number is worked out below, the same log as
Parquet, bad logs, and a property test against a direct computation in Python."""

from __future__ import annotations

import csv
import datetime
import gzip
import itertools
import math
import statistics
from collections import Counter, defaultdict
from fractions import Fraction
from pathlib import Path

import attrs
import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.discover import queries
from journeymap.discover.aggregate import STEPS, aggregate
from journeymap.discover.duckdb_engine import DuckDBEngine
from journeymap.discover.summary import (
    ActivityCount, ChannelCount, EndpointCount, GroupCount, LogColumns, LogOptions, LogQuality, LogSummary,
    MidnightCount, OffsetCount, PairStats, RoleCount, StageStats, VariantCount,
)
from journeymap.discover.errors import InvalidLogError
from journeymap.discover.roles import OTHER_STAFF, RoleGroups
from journeymap.errors import InvalidMapError

HEADER = "case:concept:name,concept:name,time:timestamp,org:role,stage,channel\n"
XES_HEADER = "case:concept:name,concept:name,time:timestamp\n"  # the three required columns alone
# Five cases, their rows interleaved as a real export's would be. The case ids include NA and the empty string
# (written bare on line 5 and quoted on line 10: the same case), which are ids, not missing values.
#   c1: A 09:00, B 10:00, D 12:00 (written 13:00 at +01:00)         A->B 1h, B->D 2h
#   c2: A 09:00, B 11:00, A 12:00, B 13:00, D 17:00 (a loop)       A->B 2h, B->A 1h, A->B 1h, B->D 4h
#   NA: A 08:00 (Z), C 08:30, B 08:30, D 10:30                      A->C 0.5h, C->B 0h, B->D 2h
#       C and B tie: C comes first in the file, so C->B (alphabetical order would give A->B, B->C, C->D)
#   '': A 09:00, D 09:45                                            A->D 0.75h
#   c5: B 10:00, D 13:00, written D before B in the file             B->D 3h
# The last row (17) has an empty timestamp: it is skipped and counted, and changes no other number.
# Roles: a carer (written "Carer" and "carer") and a volunteer (once " Volunteer ", spaces trimmed) do some events;
# a nurse the others (no group); row 16 has none. Stages and channels are in the comments further down.
HAND_MADE = HEADER + """\
c1,A,2024-03-04 09:00:00,Nurse,Referral,phone
c2,A,2024-03-04 09:00:00,Carer,Referral,phone
NA,A,2024-03-04T08:00:00Z,Nurse,Referral,web
,A,2024-03-04 09:00:00,Volunteer,Intake,web
NA,C,2024-03-04 08:30:00,Nurse,Assessment,visit
NA,B,2024-03-04 08:30,carer,Assessment,visit
c1,B,2024-03-04 10:00:00,Nurse,Assessment,phone
c5,D,2024-03-04 13:00:00,Nurse,Support,phone
"",D,2024-03-04 09:45:00,Volunteer,Closing,web
c2,B,2024-03-04 11:00:00,Carer,Assessment,visit
c2,A,2024-03-04 12:00:00,Nurse,Intake,phone
c1,D,2024-03-04T13:00:00+01:00,Nurse,Support,phone
c2,B,2024-03-04 13:00:00,Carer,,visit
NA,D,2024-03-04 10:30:00,Volunteer,Closing,phone
c5,B,2024-03-04 10:00:00, Volunteer ,Support,visit
c2,D,2024-03-04 17:00:00,,,phone
c1,C,,Carer,Assessment,web
"""

# 5 cases, 16 events (3 + 5 + 4 + 2 + 2).
# A: c1, c2 (twice), NA, ''  -> 4 cases, 5 events.   B: c1, c2 (twice), NA, c5 -> 4 cases, 5 events.
# D: every case once -> 5 cases, 5 events.           C: NA -> 1 case, 1 event.
# Sorted by cases, then events (descending), then name: D, A, B, C.
# Places in their cases (1 for the first):  c1: A1 B2 D3;  c2: A1 B2 A3 B4 D5;  NA: A1 C2 B3 D4;  '': A1 D2;  c5: B1 D2.
# Position sums: A 1 + (1+3) + 1 + 1 = 7;  B 2 + (2+4) + 3 + 1 = 12;  C 2;  D 3 + 5 + 4 + 2 + 2 = 16
# (together 37 = 6 + 15 + 10 + 3 + 3, the sums of 1..n over the five cases).
EXPECTED_ACTIVITIES = (
    ActivityCount(activity="D", cases=5, events=5, position_sum=16),
    ActivityCount(activity="A", cases=4, events=5, position_sum=7),
    ActivityCount(activity="B", cases=4, events=5, position_sum=12),
    ActivityCount(activity="C", cases=1, events=1, position_sum=2),
)
# B->D: c1 2h, c2 4h, NA 2h, c5 3h; sorted [2, 2, 3, 4]: median at (4-1)*0.5 = 1.5 -> 2 + 0.5*(3-2) = 2.5;
#       p90 at (4-1)*0.9 = 2.7 -> 3 + 0.7*(4-3) = 3.7.
# A->B: c1 1h, c2 2h and 1h (2 cases, 3 occurrences); sorted [1, 1, 2]: median 1; p90 at 1.8 -> 1 + 0.8*1 = 1.8.
# Then one case, one occurrence each, by source and target: A->C 0.5h, A->D 0.75h, B->A 1h, C->B 0h.
EXPECTED_PAIRS = (
    PairStats(source="B", target="D", cases=4, occurrences=4, median_hours=2.5, p90_hours=3.7),
    PairStats(source="A", target="B", cases=2, occurrences=3, median_hours=1.0, p90_hours=1.8),
    PairStats(source="A", target="C", cases=1, occurrences=1, median_hours=0.5, p90_hours=0.5),
    PairStats(source="A", target="D", cases=1, occurrences=1, median_hours=0.75, p90_hours=0.75),
    PairStats(source="B", target="A", cases=1, occurrences=1, median_hours=1.0, p90_hours=1.0),
    PairStats(source="C", target="B", cases=1, occurrences=1, median_hours=0.0, p90_hours=0.0),
)
# Starts: A in c1, c2, NA, '' (4); B in c5 (1). Ends: D in all 5.
EXPECTED_STARTS = (EndpointCount(activity="A", cases=4), EndpointCount(activity="B", cases=1))
EXPECTED_ENDS = (EndpointCount(activity="D", cases=5),)
UTC = datetime.UTC

# Roles, grouped by role_group below (carer -> Carers, volunteer -> Volunteers, a nurse in no group); the skipped
# row 17 (a carer's C) counts nowhere.
#   Carers: row 2 (c2 A), 6 (NA B, "carer"), 10 and 13 (c2 B).   Volunteers: row 4 ('' A), 9 ('' D), 14 (NA D),
#   15 (c5 B, " Volunteer ").
# By activity, then group: A Carers c2 (1 case, 1 event); A Volunteers '' (1, 1); B Carers NA, c2 twice (2, 3);
# B Volunteers c5 (1, 1); D Volunteers '', NA (2, 2).
# Groups by cases: Volunteers '', NA, c5 (3 cases, 4 events); Carers c2, NA (2 cases, 4 events).
EXPECTED_ROLES = (
    RoleCount(activity="A", group="Carers", cases=1, events=1),
    RoleCount(activity="A", group="Volunteers", cases=1, events=1),
    RoleCount(activity="B", group="Carers", cases=2, events=3),
    RoleCount(activity="B", group="Volunteers", cases=1, events=1),
    RoleCount(activity="D", group="Volunteers", cases=2, events=2),
)
EXPECTED_GROUPS = (GroupCount(group="Volunteers", cases=3, events=4), GroupCount(group="Carers", cases=2, events=4))
# Stages from the stage column, each activity's most common value (blank ones left out; row 17 skipped):
#   A: Referral (rows 1, 2, 3), Intake (4, 11) -> Referral.   B: Assessment (6, 7, 10), Support (15) -> Assessment.
#   C: Assessment (5).   D: Support (8, 12), Closing (9, 14), row 16 blank -> a tie, the first by name: Closing.
# Referral = A: 4 cases, 5 events, positions 7 (mean 7/5 = 1.4).
# Assessment = B + C: cases c1, c2, NA, c5 (4), 5 + 1 = 6 events, positions 12 + 2 = 14 (mean 2.33).
# Closing = D: 5 cases, 5 events, positions 16 (mean 3.2).  Journey order: Referral, Assessment, Closing.
# Entries from another stage (every directly-follows step whose two activities' stages differ):
#   into Referral: c2 B->A 1h                                     -> 1 case, 1 entry, median and p90 1h.
#   into Assessment: c1 A->B 1h, c2 A->B 2h and 1h, NA A->C 0.5h  (NA's C->B stays inside Assessment)
#       -> 3 cases, 4 entries; sorted [0.5, 1, 1, 2]: median at 1.5 -> 1; p90 at 2.7 -> 1 + 0.7*(2-1) = 1.7.
#   into Closing: c1 2h, c2 4h, NA 2h, c5 3h (from B), '' 0.75h (from A)
#       -> 5 cases, 5 entries; sorted [0.75, 2, 2, 3, 4]: median 2; p90 at 3.6 -> 3 + 0.6*(4-3) = 3.6.
EXPECTED_STAGES = (
    StageStats(stage="Referral", cases=4, events=5, entry_cases=1, entries=1, median_hours=1.0, p90_hours=1.0,
               activities=("A",)),
    StageStats(stage="Assessment", cases=4, events=6, entry_cases=3, entries=4, median_hours=1.0, p90_hours=1.7,
               activities=("B", "C")),
    StageStats(stage="Closing", cases=5, events=5, entry_cases=5, entries=5, median_hours=2.0, p90_hours=3.6,
               activities=("D",)),
)
# Without a stage column each activity is its own stage, ordered by mean position: A 7/5, C 2/1, B 12/5, D 16/5.
#   into A: c2 B->A 1h (1, 1).   into C: NA A->C 0.5h (1, 1).
#   into B: c1 A->B 1h, c2 A->B 2h and 1h, NA C->B 0h -> 3 cases, 4 entries; [0, 1, 1, 2]: median 1, p90 1.7.
#   into D: as into Closing above.
EXPECTED_OWN_STAGES = (
    StageStats(stage="A", cases=4, events=5, entry_cases=1, entries=1, median_hours=1.0, p90_hours=1.0,
               activities=("A",)),
    StageStats(stage="C", cases=1, events=1, entry_cases=1, entries=1, median_hours=0.5, p90_hours=0.5,
               activities=("C",)),
    StageStats(stage="B", cases=4, events=5, entry_cases=3, entries=4, median_hours=1.0, p90_hours=1.7,
               activities=("B",)),
    StageStats(stage="D", cases=5, events=5, entry_cases=5, entries=5, median_hours=2.0, p90_hours=3.6,
               activities=("D",)),
)
# Channels by activity, then events (descending): A phone (rows 1, 2, 11: c1, c2), web (3, 4: NA, ''); B visit
# (6, 10, 13, 15: NA, c2, c5), phone (7: c1); C visit (5: NA; row 17's web is skipped); D phone (8, 12, 14, 16:
# c5, c1, NA, c2), web (9: '').
EXPECTED_CHANNELS = (
    ChannelCount(activity="A", channel="phone", events=3, cases=2),
    ChannelCount(activity="A", channel="web", events=2, cases=2),
    ChannelCount(activity="B", channel="visit", events=4, cases=3),
    ChannelCount(activity="B", channel="phone", events=1, cases=1),
    ChannelCount(activity="C", channel="visit", events=1, cases=1),
    ChannelCount(activity="D", channel="phone", events=4, cases=4),
    ChannelCount(activity="D", channel="web", events=1, cases=1),
)
# Variants, one case each, so by their activities: c2 ABABD < c1 ABD < NA ACBD < '' AD < c5 BD.
EXPECTED_VARIANTS = tuple(VariantCount(activities=tuple(path), cases=1) for path in ("ABABD", "ABD", "ACBD", "AD", "BD"))
# Quality: 17 events read in 5 cases; row 17 skipped. Tied: NA's C and B at 08:30 (2 events). Out of file order:
# c5 only (D on row 8 at 13:00, B on row 15 at 10:00). Offsets of the 16 timed events: row 3 "Z" (+00:00), row 12
# +01:00, 14 without. 5 variants; no filter.
EXPECTED_QUALITY = LogQuality(
    events_read=17, cases_read=5, skipped_events=1, skipped_rows=(17,), tied_events=2, reordered_cases=1,
    offsets=(OffsetCount(offset="", events=14), OffsetCount(offset="+00:00", events=1),
             OffsetCount(offset="+01:00", events=1)),
    variants=5, filtered_cases=0, filtered_events=0, variant_sizes=((1, 5),),  # each of the 5 in one case
    blank_case_events=2)  # the case '' (lines 5 and 10): a case as written, and noted
FULL_COLUMNS = LogColumns(stage="stage", channel="channel")


def role_group(value: str) -> str | None:
    """Carers and volunteers are groups; anyone else (a nurse) is in none."""
    return {"carer": "Carers", "volunteer": "Volunteers"}.get(value.lower())


def write(path: Path, text: str) -> Path:
    """``text`` written to ``path`` (UTF-8), and the path."""
    path.write_text(text, encoding="utf-8")
    return path


def to_parquet(csv_path: Path, parquet_path: Path, timestamp_type: str = "VARCHAR") -> Path:
    """A Parquet copy of a CSV log, its rows in the same order, the timestamp column cast to ``timestamp_type``
    (an empty one to NULL; a naive TIMESTAMP holds the UTC time)."""
    stamp = '"time:timestamp"' if timestamp_type == "VARCHAR" else \
        f"""CAST(TRY_CAST(nullif("time:timestamp", '') AS TIMESTAMPTZ) AS {timestamp_type})"""
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    connection.execute(
        f"""COPY (SELECT * REPLACE ({stamp} AS "time:timestamp")
                  FROM read_csv($path, all_varchar = true, header = true, nullstr = '\x01'))
            TO '{parquet_path}' (FORMAT parquet)""", {"path": str(csv_path)})
    connection.close()
    return parquet_path


def check_hand_made(path: Path, *, typed_offset: str | None = None) -> LogSummary:
    """The hand-made log's summary at ``path``, every number checked (the offsets a typed column's, if given)."""
    summary = aggregate(path, FULL_COLUMNS, role_group=role_group)
    assert (summary.cases, summary.events, summary.engine) == (5, 16, "duckdb")
    assert summary.first == datetime.datetime(2024, 3, 4, 8, 0, tzinfo=UTC)  # NA's A, written with Z
    assert summary.last == datetime.datetime(2024, 3, 4, 17, 0, tzinfo=UTC)  # c2's D
    assert summary.activities == EXPECTED_ACTIVITIES
    assert summary.pairs == EXPECTED_PAIRS
    assert summary.starts == EXPECTED_STARTS
    assert summary.ends == EXPECTED_ENDS
    assert summary.roles == EXPECTED_ROLES
    assert summary.groups == EXPECTED_GROUPS
    assert summary.stages == EXPECTED_STAGES
    assert summary.channels == EXPECTED_CHANNELS
    assert summary.variants == EXPECTED_VARIANTS
    offsets = EXPECTED_QUALITY.offsets if typed_offset is None else (OffsetCount(offset=typed_offset, events=16),)
    assert summary.quality == attrs.evolve(EXPECTED_QUALITY, offsets=offsets)
    return summary


def test_hand_made_log_gives_every_number_worked_out_by_hand(tmp_path: Path) -> None:
    check_hand_made(write(tmp_path / "log.csv", HAND_MADE))


@pytest.mark.parametrize("sets", ["none", "after counting the pairs", "all"])
def test_cases_counted_in_sets_or_by_distinct_give_the_same_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     sets: str) -> None:
    engine = DuckDBEngine()
    asked: list[str] = []
    query = engine.query

    def recorded(sql: str) -> list[tuple[object, ...]]:
        asked.append(sql)
        return query(sql)

    monkeypatch.setattr(engine, "query", recorded)
    # Five cases: one byte a set. Sets for every two of the four activities just do not fit; for the pairs seen, do.
    all_but_every_pair = engine.dialect.copies * (4 * 4 - 1)
    budget = {"none": 0, "after counting the pairs": all_but_every_pair, "all": queries.CASE_SETS_BYTES}[sets]
    monkeypatch.setattr(queries, "CASE_SETS_BYTES", budget)
    try:
        summary = aggregate(write(tmp_path / "log.csv", HAND_MADE), FULL_COLUMNS, engine=engine,
                            role_group=role_group)
    finally:
        engine.close()
    assert summary == check_hand_made(tmp_path / "log.csv")
    counting = [sql for sql in asked if "bitstring_agg" in sql or "count(DISTINCT case_key)" in sql
                or "count(DISTINCT k.case_key)" in sql]
    assert len(counting) == 6  # activities, pairs, roles, stage entries, stages, stage and channel values
    # The values, counted as up to two groups per kind (32), fit only in all.
    assert sum("bitstring_agg" in sql for sql in counting) == {"none": 0, "after counting the pairs": 5, "all": 6}[sets]
    assert any("SELECT act, next_act FROM" in sql for sql in asked) == (sets != "all")


def test_numbers_are_plain_python_ints_and_floats(tmp_path: Path) -> None:
    summary = aggregate(write(tmp_path / "log.csv", HAND_MADE))
    assert type(summary.cases) is int and type(summary.activities[0].events) is int
    assert type(summary.pairs[0].occurrences) is int and type(summary.pairs[0].median_hours) is float


def test_parquet_copy_gives_identical_results(tmp_path: Path) -> None:
    csv_path = write(tmp_path / "log.csv", HAND_MADE)
    from_parquet = check_hand_made(to_parquet(csv_path, tmp_path / "log.parquet"))
    assert attrs.evolve(from_parquet, file="") == attrs.evolve(check_hand_made(csv_path), file="")


def test_parquet_with_typed_timestamps_gives_identical_results(tmp_path: Path) -> None:
    # A typed column says nothing of how its timestamps were written: the type's offset counts for all of them.
    csv_path = write(tmp_path / "log.csv", HAND_MADE)
    check_hand_made(to_parquet(csv_path, tmp_path / "typed.parquet", "TIMESTAMPTZ"), typed_offset="+00:00")
    check_hand_made(to_parquet(csv_path, tmp_path / "naive.parquet", "TIMESTAMP"), typed_offset="")


def to_parquet_parts(csv_path: Path, folder: Path) -> Path:
    """A folder of Parquet parts of the hand-made log, as Spark writes one (a _SUCCESS file beside them), made in
    another order than their names': row 8 (c5's D) and 15 (c5's B, before it in time), and the tied rows 5 and 6,
    fall in different parts."""
    header, *rows = csv_path.read_text(encoding="utf-8").splitlines(keepends=True)
    folder.mkdir()
    for name, (start, end) in (("part-c.parquet", (14, 17)), ("part-a.parquet", (0, 5)), ("part-b.parquet", (5, 14))):
        to_parquet(write(folder.parent / f"{name}.csv", header + "".join(rows[start:end])), folder / name)
    (folder / "_SUCCESS").write_bytes(b"")
    return folder


def test_a_folder_of_parquet_parts_numbers_its_rows_across_them(tmp_path: Path) -> None:
    # The rows are numbered by the parts' names, each part's in its own order: the ties and the case out of file
    # order are taken as in the log written whole.
    csv_path = write(tmp_path / "log.csv", HAND_MADE)
    folder = to_parquet_parts(csv_path, tmp_path / "log")
    from_folder = check_hand_made(folder)
    from_url = aggregate(folder.as_uri(), FULL_COLUMNS, role_group=role_group)  # file://, as Spark may be given
    unnamed = [attrs.evolve(summary, file="") for summary in (from_folder, from_url, check_hand_made(csv_path))]
    assert unnamed[0] == unnamed[1] == unnamed[2]


def test_a_folder_of_parquet_files_lacking_a_column_read_is_refused_naming_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "log"
    folder.mkdir()
    connection = duckdb.connect()
    for number, role in enumerate((", 'nurse' AS \"org:role\"", "")):  # the first file's columns rule
        connection.execute(f"""COPY (SELECT 'c1' AS "case:concept:name", 'A' AS "concept:name",
                                            '2024-01-0{number + 1}' AS "time:timestamp"{role})
                               TO '{folder / f"part-{number}.parquet"}' (FORMAT parquet)""")
    connection.close()
    assert aggregate(folder).events == 2  # a column not read may be missing
    with pytest.raises(InvalidLogError) as caught:
        aggregate(folder, LogColumns(role="org:role"), role_group=role_group)
    (problem,) = caught.value.problems
    assert "column 'org:role' is in part-0.parquet but not in part-1.parquet" in problem.message
    assert problem.suggestion and "same columns" in problem.suggestion


# Names the engines give columns of their own as they read a log (DuckDB's virtual Parquet columns among them):
# a log's own columns may bear any of them.
ENGINE_NAMES = ("parsed", "stamp", "r", "scanned", "case_id", "activity", "ts_us", "ts_text", "role", "row_number",
                "rowid", "file_row_number", "file_index", "_id", "_block", "_shift", "_file", "_index",
                "_journeymap_malformed_row", "_metadata")


def with_engine_names(text: str) -> str:
    """A CSV log with a column more for each of ENGINE_NAMES, holding numbers unlike the rows' own."""
    header, *rows = text.splitlines()
    extra = ",".join(str(9 - index) for index in range(len(ENGINE_NAMES)))
    return "\n".join([f"{header},{','.join(ENGINE_NAMES)}", *(f"{row},{extra}" for row in rows)]) + "\n"


@pytest.mark.parametrize("form", ["csv", "parquet", "parquet folder"])
def test_columns_named_as_the_engines_own_change_nothing(tmp_path: Path, form: str) -> None:
    # Read under positional names, a Parquet column named file_row_number or file_index hides none of DuckDB's virtual
    # columns: the ties and the case out of file order are still taken in file order.
    path = write(tmp_path / "log.csv", with_engine_names(HAND_MADE))
    if form == "parquet":
        path = to_parquet(path, tmp_path / "log.parquet")
    elif form == "parquet folder":
        path = to_parquet_parts(path, tmp_path / "log")
    check_hand_made(path)


def test_without_a_stage_column_each_activity_is_its_own_stage(tmp_path: Path) -> None:
    summary = aggregate(write(tmp_path / "log.csv", HAND_MADE))
    assert summary.stages == EXPECTED_OWN_STAGES
    assert (summary.roles, summary.groups, summary.channels) == ((), (), ())  # no role_group, no channel column


def test_a_stage_mapping_comes_before_the_stage_column(tmp_path: Path) -> None:
    # D moves from Closing (its column's tie) to Support; the stage's numbers are D's, as Closing's were.
    summary = aggregate(write(tmp_path / "log.csv", HAND_MADE), FULL_COLUMNS, stages={"D": "Support"})
    assert summary.stages == (*EXPECTED_STAGES[:2], attrs.evolve(EXPECTED_STAGES[2], stage="Support"))


def test_roles_come_from_the_column_named_not_org_role(tmp_path: Path) -> None:
    # Named explicitly, the channel column is read as roles (org:role is then not): phone and web grouped, visit not.
    # phone: rows 1, 7, 12 (c1), 2, 11, 16 (c2), 8 (c5), 14 (NA) -> 4 cases, 8 events;
    # web: rows 3 (NA), 4, 9 ('') -> 2 cases, 3 events (row 17's web is skipped).
    groups = {"phone": "By phone", "web": "Online"}
    summary = aggregate(write(tmp_path / "log.csv", HAND_MADE), LogColumns(role="channel"), role_group=groups.get)
    assert [(group.group, group.cases, group.events) for group in summary.groups] == [
        ("By phone", 4, 8), ("Online", 2, 3)]


@pytest.mark.parametrize(("physio", "cases"), [((1, 2, 3), 3), ((4, 5, 6), 6)])
def test_rare_staff_roles_fold_into_one_group_whose_cases_are_counted_anew(tmp_path: Path, physio: tuple[int, ...],
                                                                              cases: int) -> None:
    # Six cases at Assess, each with a social worker; an OT in cases 1-3, a physio in 1-3 too or in 4-6: Other
    # staff (each in 3 cases, under the threshold) is in 3 cases or in 6, not in the 6 that adding up says of both.
    rows = "".join(f"g{case},Assess,2024-03-0{case} 09:00,Social worker\n" for case in range(1, 7))
    rows += "".join(f"g{case},Assess,2024-03-0{case} 10:00,OT\n" for case in (1, 2, 3))
    rows += "".join(f"g{case},Assess,2024-03-0{case} 11:00,Physio\n" for case in physio)
    groups = RoleGroups()
    summary = aggregate(write(tmp_path / "log.csv", XES_HEADER.replace("\n", ",org:role\n") + rows),
                        LogColumns(role="org:role"), LogOptions(fold_groups=lambda counts: groups.folded(counts, 5)),
                        role_group=groups)
    assert sorted(summary.groups, key=lambda group: group.group) == [
        GroupCount(group=OTHER_STAFF, cases=cases, events=6), GroupCount(group="Social worker", cases=6, events=6)]
    assert summary.roles == (RoleCount(activity="Assess", group=OTHER_STAFF, cases=cases, events=6),
                             RoleCount(activity="Assess", group="Social worker", cases=6, events=6))


def test_variants_as_common_as_each_other_are_kept_or_left_out_together(tmp_path: Path) -> None:
    # Five variants of one case each: none is more common than another, so half the cases keeps them all (an order
    # of their activities would pick some, and bias the map towards those activities).
    summary = aggregate(write(tmp_path / "log.csv", HAND_MADE), options=LogOptions(variant_share=0.5))
    assert summary.quality is not None
    assert (summary.cases, summary.events, summary.quality.filtered_cases) == (5, 16, 0)
    assert summary.pairs == EXPECTED_PAIRS


# Ten cases, each of its activity's hour: A->B in 3 cases, A->C and A->D in 2 each, B, C and D alone in 1 each.
UNEQUAL = XES_HEADER + "".join(
    f"{case},{activity},2024-03-04 {9 + place:02d}:00\n"
    for case, path in (("k1", "AB"), ("k2", "AB"), ("k3", "AB"), ("k4", "AC"), ("k5", "AC"), ("k6", "AD"),
                       ("k7", "AD"), ("k8", "B"), ("k9", "C"), ("k10", "D"))
    for place, activity in enumerate(path))


@pytest.mark.parametrize(("share", "cases", "events", "filtered"), [
    (0.3, 3, 6, (7, 11, 2, 2)),  # A->B alone: C, D and the steps into them only in the cases left out
    (0.5, 7, 14, (3, 3, 0, 0)),  # A->B, then A->C and A->D together (the share is reached within their tie)
    (0.7, 7, 14, (3, 3, 0, 0)),  # 7 of 10 exactly, read as the decimal 0.7 (as a float, 0.7 * 10 is just above 7)
    (0.8, 10, 17, (0, 0, 0, 0)),  # past A->D: B, C and D, one case each, together
])
def test_the_variant_filter_keeps_the_most_common_variants_up_to_the_share(
        tmp_path: Path, share: float, cases: int, events: int, filtered: tuple[int, int, int, int]) -> None:
    summary = aggregate(write(tmp_path / "log.csv", UNEQUAL), options=LogOptions(variant_share=share))
    quality = summary.quality
    assert quality is not None
    assert (summary.cases, summary.events) == (cases, events)
    assert (quality.filtered_cases, quality.filtered_events, quality.filtered_activities,
            quality.filtered_pairs) == filtered
    assert quality.variants == 6 and sum(count for _, count in quality.variant_sizes) == len(summary.variants)


def test_progress_is_told_every_step_in_order(tmp_path: Path) -> None:
    steps: list[str] = []
    aggregate(write(tmp_path / "log.csv", HAND_MADE), progress=steps.append)
    assert tuple(steps) == STEPS


def test_other_column_names_are_given(tmp_path: Path) -> None:
    renamed = HAND_MADE.replace(HEADER, "patient;step;when;org:role;stage;channel\n").replace(",", ";")
    summary = aggregate(write(tmp_path / "log.csv", renamed), LogColumns(case="patient", activity="step",
                                                                          timestamp="when"))
    assert summary.pairs == EXPECTED_PAIRS and summary.activities == EXPECTED_ACTIVITIES


def test_an_unparseable_timestamp_is_placed_at_its_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", HAND_MADE.replace("c1,B,2024-03-04 10:00:00", "c1,B,2024-03-04 10h"))
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column, problem.value) == (str(path), 8, 3, "2024-03-04 10h")
    assert "row 7" in problem.message and "ISO 8601" in (problem.suggestion or "")
    assert isinstance(caught.value, InvalidMapError)  # so the command line exits 2 with the message


@pytest.mark.parametrize("written", ["20233-03-04 10:00", "10000-01-01", "9999-12-31 23:00:00-05:00", "-0001-01-01",
                                     "0000-12-31", "epoch", " EPOCH "])
def test_a_timestamp_outside_years_1_to_9999_or_the_word_epoch_is_unreadable(tmp_path: Path, written: str) -> None:
    # DuckDB reads years past 9999 (a slip of the keyboard, "20233") and "epoch" as 1970; no log means either.
    path = write(tmp_path / "log.csv", HAND_MADE.replace("c1,B,2024-03-04 10:00:00", f"c1,B,{written}"))
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column, problem.value) == (8, 3, written.strip())


def test_the_first_and_last_instants_python_holds_are_read(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", XES_HEADER + "c1,A,0001-01-01 00:00:00\nc1,B,9999-12-31 23:59:59.999999\n"
                 "c1,C,1970-01-01T01:00:00+01:00\n")
    summary = aggregate(path)
    assert (summary.first, summary.last) == (datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
                                             datetime.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.UTC))


@pytest.mark.parametrize(("before", "line"), [
    ('c1,"A\nwritten\non lines",2024-01-01\n', 6),  # a quoted value spanning three lines
    ("c1,A,2024-01-01\n\n\n", 6),  # blank lines, which are no rows
    ('c1,"A ""quoted"",\n\n",2024-01-01\n\n', 7),  # quotes written twice, a blank line within a value
])
def test_a_bad_row_is_placed_at_its_line_after_values_spanning_lines_and_blank_lines(
        tmp_path: Path, before: str, line: int) -> None:
    path = write(tmp_path / "log.csv", XES_HEADER + before + "c1,B,2024-01-02\nc1,C,notatime\n")
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.value) == (line, "notatime") and "row 3" in problem.message
    malformed = write(tmp_path / "malformed.csv", XES_HEADER + before + "c1,B,2024-01-02\nc1,C,2024-01-03,extra\n")
    with pytest.raises(InvalidLogError) as caught:
        aggregate(malformed)
    (problem,) = caught.value.problems
    assert (problem.line, problem.value) == (line, "c1,C,2024-01-03,extra")


def test_columns_whose_names_differ_in_case_alone_are_read(tmp_path: Path) -> None:
    # DuckDB matches names ignoring case: "Note" and "note" would clash, though neither is read.
    path = write(tmp_path / "log.csv", HAND_MADE.replace(HEADER, HEADER.replace(
        "stage,channel", "Stage,stage").replace("org:role", "channel")))
    summary = aggregate(path, LogColumns(stage="Stage"))
    assert summary.pairs == EXPECTED_PAIRS
    assert [stage.stage for stage in summary.stages] == ["Referral", "Assessment", "Closing"]


def renamed_in_parquet(path: Path, marker: str, name: str) -> Path:
    """A Parquet log whose column ``marker`` is renamed ``name`` (as long) in place: DuckDB writes no two names that
    differ in case alone, as other tools do."""
    assert len(marker) == len(name)
    data = path.read_bytes()
    assert data.count(marker.encode()) >= 1
    path.write_bytes(data.replace(marker.encode(), name.encode()))
    return path


@pytest.mark.parametrize(("read", "expected"), [("Stage", ["Assessment", "Closing", "Referral"]),
                                                ("stage", ["phone", "visit"])])
def test_parquet_columns_whose_names_differ_in_case_alone_are_each_read(tmp_path: Path, read: str,
                                                                         expected: list[str]) -> None:
    # DuckDB's own reader calls the second "stage_1", a name the file does not have: each is read by its own name
    # (the channels, read as stages, show which was).
    csv_log = write(tmp_path / "log.csv", HAND_MADE.replace(HEADER, HEADER.replace("stage,channel", "Stage,stagZ")))
    path = renamed_in_parquet(to_parquet(csv_log, tmp_path / "log.parquet"), "stagZ", "stage")
    summary = aggregate(path, LogColumns(stage=read))
    assert summary.pairs == EXPECTED_PAIRS
    assert sorted(stage.stage for stage in summary.stages) == expected
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path, LogColumns(stage="stage_1"))
    assert "'Stage', 'stage')" in caught.value.problems[0].message  # the names as written


def test_timestamps_with_spaces_around_are_read_and_their_offsets_counted(tmp_path: Path) -> None:
    # DuckDB's cast skips spaces around a time but not after a date alone; an offset before spaces is still one.
    spaced = (HAND_MADE.replace("c1,B,2024-03-04 10:00:00,", "c1,B,  2024-03-04  ,")
              .replace("c1,D,2024-03-04T13:00:00+01:00,", "c1,D,2024-03-04T13:00:00+01:00   ,")
              .replace("NA,A,2024-03-04T08:00:00Z,", "NA,A, 2024-03-04T08:00:00Z ,"))
    summary = aggregate(write(tmp_path / "log.csv", spaced))
    assert summary.quality is not None and summary.quality.offsets == EXPECTED_QUALITY.offsets
    assert summary.first == datetime.datetime(2024, 3, 4, 0, 0, tzinfo=UTC)  # c1's B, at midnight
    assert summary.events == 16


@pytest.mark.parametrize(("written", "instant", "zone"), [
    ("2024-03-04 09:00:00 UTC+05:30", datetime.datetime(2024, 3, 4, 3, 30, tzinfo=UTC), "UTC+05:30"),
    ("2024-03-04 09:00 UTC-0530", datetime.datetime(2024, 3, 4, 14, 30, tzinfo=UTC), "UTC-0530"),
    ("2024-03-04 09:00:00 UTC+01:00:15", datetime.datetime(2024, 3, 4, 7, 59, 45, tzinfo=UTC), "UTC+01:00:15"),
    ("2024-03-04 09:00:00 GMT+05:30", datetime.datetime(2024, 3, 4, 3, 30, tzinfo=UTC), "GMT+05:30"),
    ("2024-03-04 09:00:00 UTC", datetime.datetime(2024, 3, 4, 9, 0, tzinfo=UTC), "+00:00"),
    ("2024-03-04 09:00:00 Europe/Paris", datetime.datetime(2024, 3, 4, 8, 0, tzinfo=UTC), "Europe/Paris"),
    ("2024-03-04T09:00:00 CET", datetime.datetime(2024, 3, 4, 8, 0, tzinfo=UTC), "CET"),
])
def test_an_offset_after_utc_or_a_zone_is_read_and_counted_as_written(tmp_path: Path, written: str,
                                                                      instant: datetime.datetime, zone: str) -> None:
    # DuckDB alone would read "UTC+05:30" as five hours ahead: 04:00 here. A zone named is counted as written, so
    # that the map says the log mixes it with timestamps that have none, not that none has one.
    summary = aggregate(write(tmp_path / "log.csv", f"{XES_HEADER}c1,A,{written}\nc1,B,2024-03-05 09:00:00\n"))
    assert summary.first == instant
    assert summary.quality is not None
    assert sorted(summary.quality.offsets, key=lambda item: item.offset) == [
        OffsetCount(offset="", events=1), OffsetCount(offset=zone, events=1)]


def test_a_blank_timestamp_skips_its_event_and_says_so(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", HAND_MADE.replace("c5,B,2024-03-04 10:00:00,", "c5,B,  ,"))
    summary = aggregate(path)
    assert summary.quality is not None
    assert (summary.quality.skipped_events, summary.quality.skipped_rows) == (2, (15, 17))
    assert (summary.events, summary.quality.events_read, summary.quality.cases_read) == (15, 17, 5)


def test_a_log_without_any_timestamp_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", XES_HEADER + "c1,A,\nc1,B, \n")
    with pytest.raises(InvalidLogError, match=r"log.csv:2:3: no event of the log has a timestamp"):
        aggregate(path)


def test_many_bad_rows_are_reported_first_few_then_counted(tmp_path: Path) -> None:
    rows = "".join(f"c{i},A,never\n" for i in range(8))
    with pytest.raises(InvalidLogError) as caught:
        aggregate(write(tmp_path / "log.csv", XES_HEADER + rows))
    problems = caught.value.problems
    assert [p.line for p in problems[:5]] == [2, 3, 4, 5, 6]
    assert problems[5].message == "and 3 more rows with such a problem"


def test_blank_activities_count_among_bad_rows_once_each(tmp_path: Path) -> None:
    # Rows 2-8 are refused: two blank activities, one blank with an unreadable timestamp too (counted once), four
    # unreadable timestamps. The check counts a blank activity once per kind, the others once per event.
    rows = ("c0,A,2024-01-01\nc1,,2024-01-01\nc2,  ,2024-01-01\nc3,  ,never\n"
            + "".join(f"c{i},A,never\n" for i in range(4, 8)))
    with pytest.raises(InvalidLogError) as caught:
        aggregate(write(tmp_path / "log.csv", XES_HEADER + rows))
    problems = caught.value.problems
    assert [p.line for p in problems[:5]] == [3, 4, 5, 6, 7]
    assert [p.message for p in problems[:3]] == [f"row {row} has no activity" for row in (2, 3, 4)]
    assert problems[5].message == "and 2 more rows with such a problem" and len(problems) == 6


@pytest.mark.parametrize("blank", ["\t", " \t ", "\u00a0", "\u3000"])
def test_an_activity_of_any_white_space_alone_is_refused_at_its_line(tmp_path: Path, blank: str) -> None:
    # SQL's trim takes spaces only; the name a map would give it is empty all the same.
    with pytest.raises(InvalidLogError) as caught:
        aggregate(write(tmp_path / "log.csv", XES_HEADER + f'c0,A,2024-01-01\nc0,"{blank}",2024-01-02\n'))
    (problem,) = caught.value.problems
    assert (problem.line, problem.column, problem.message) == (3, 2, "row 2 has no activity")


def test_an_activity_written_with_spaces_around_or_a_combining_accent_is_one_activity(tmp_path: Path) -> None:
    # "Visit", "Visit " and " Visit", or "Café" composed and decomposed, read as one activity, as a reader sees them;
    # a stage or channel of white space alone is none.
    rows = ("c1,Visit,2024-01-01,S,web\nc1,Visit ,2024-01-02,\t,\u00a0\nc1, Visit,2024-01-03,S ,web\n"
            "c1,Cafe\u0301,2024-01-04,S,web\nc1,Caf\u00e9,2024-01-05,S,web\n")
    summary = aggregate(write(tmp_path / "log.csv", XES_HEADER.replace("\n", ",stage,channel\n") + rows),
                        LogColumns(stage="stage", channel="channel"))
    assert [(item.activity, item.events) for item in summary.activities] == [("Visit", 3), ("Café", 2)]
    assert [(pair.source, pair.target, pair.occurrences) for pair in summary.pairs] == [
        ("Visit", "Visit", 2), ("Café", "Café", 1), ("Visit", "Café", 1)]
    assert [(stage.stage, stage.events) for stage in summary.stages] == [("S", 5)]
    assert [(item.activity, item.channel, item.events) for item in summary.channels] == [
        ("Café", "web", 2), ("Visit", "web", 2)]


def test_a_missing_column_names_the_columns_there_and_suggests_one(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", "case,activity,time\nc1,A,2024-01-01\n")
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path, LogColumns(case="case", activity="activty", timestamp="time"))
    (problem,) = caught.value.problems
    assert "no activity column 'activty'" in problem.message and "'case', 'activity', 'time'" in problem.message
    assert problem.suggestion == "did you mean 'activity'?"


def test_default_names_missing_suggest_the_option(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", "id,activity,time\nc1,A,2024-01-01\n")
    with pytest.raises(InvalidLogError, match="no case column 'case:concept:name'.*--case"):
        aggregate(path)


@pytest.mark.parametrize(("name", "text", "message"), [
    ("empty.csv", "", "the event log is empty"),
    ("header.csv", HEADER, "the event log has no events"),
    ("log.xlsx", "x", "cannot tell what kind of event log 'log.xlsx' is"),
])
def test_bad_logs_get_one_clear_message(tmp_path: Path, name: str, text: str, message: str) -> None:
    with pytest.raises(InvalidLogError, match=message):
        aggregate(write(tmp_path / name, text))


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(InvalidLogError, match="no such event log"):
        aggregate(tmp_path / "absent.csv")


def test_a_parquet_event_without_a_case_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "log.parquet"
    connection = duckdb.connect()
    connection.execute(f"""COPY (SELECT * FROM (VALUES ('c1', 'A', '2024-01-01'), (NULL, 'B', '2024-01-02'))
                                  t("case:concept:name", "concept:name", "time:timestamp"))
                           TO '{path}' (FORMAT parquet)""")
    connection.close()
    with pytest.raises(InvalidLogError, match="row 2 has no case id"):
        aggregate(path)


@pytest.mark.parametrize(("row", "reason"), [
    ("c2,B,2024-01-02,extra", "it has 4 values, the header names 3 columns"),
    ('c2,"B,2024-01-02', "value with unterminated quote found"),
    ("c2,C:\\temp\\it's,2024-01-02,extra", "it has 4 values"),  # shown as written: no backslash doubled
])
def test_a_malformed_row_is_placed_at_its_line(tmp_path: Path, row: str, reason: str) -> None:
    path = write(tmp_path / "log.csv", XES_HEADER + "c1,A,2024-01-01\n" + row + "\nc3,A,2024-01-03\n")
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.value) == (3, row) and reason in problem.message
    assert f"event log, '{row}': " in problem.message  # the row as written, to find it by


def test_a_row_written_with_another_delimiter_says_which(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", XES_HEADER.replace(",", ";") + "c1;A;2024-01-01\nc1,B,2024-01-02\n")
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path)
    (problem,) = caught.value.problems
    assert problem.line == 3 and problem.message.endswith(
        "it has 1 value, the header names 3 columns; the row seems delimited by ',', the header by ';'")


def test_a_row_longer_than_duckdb_reads_says_so_without_writing_it_whole(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", XES_HEADER + "c1,A,2024-01-01\nc1,B" + "x" * 2_100_000 + ",2024-01-02\n")
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path)
    (problem,) = caught.value.problems
    assert problem.line == 3 and "it is longer than a row may be, 2,000,000 bytes" in problem.message
    assert len(str(caught.value)) < 1_000 and "quote left open" in (problem.suggestion or "")


def latin1_log(path: Path, rows: int, bad_row: int) -> Path:
    """A CSV log of ``rows`` events, UTF-8 but for row ``bad_row`` (from 1), written in Latin-1 ("Café visit")."""
    lines = [XES_HEADER.encode()]
    for row in range(1, rows + 1):
        activity = "Café visit" if row == bad_row else "Visit"
        lines.append(f"c{row // 3},{activity},2024-03-04 09:{row % 60:02d}:00\n".encode("latin-1"))
    data = b"".join(lines)
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
    return path


@pytest.mark.parametrize(("name", "rows", "bad_row"), [
    ("log.csv", 3, 1),  # within the block the header is read from
    ("log.csv.gz", 3, 2),
    ("log.csv", 20_000, 15_000),  # past it: DuckDB finds it
])
def test_a_row_that_is_not_utf8_is_placed_at_its_line(tmp_path: Path, name: str, rows: int, bad_row: int) -> None:
    with pytest.raises(InvalidLogError) as caught:
        aggregate(latin1_log(tmp_path / name, rows, bad_row))
    (problem,) = caught.value.problems
    assert problem.line == bad_row + 1 and problem.message.startswith(
        f"line {bad_row + 1} of the event log is not UTF-8 text, 'c{bad_row // 3},Caf")
    assert "CSV UTF-8" in (problem.suggestion or "") and "values" not in problem.message


def test_a_header_that_is_not_utf8_is_line_one(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes("case,activity,heure d'arrivée\n".encode("latin-1"))
    shown = "case,activity,heure d'arriv\ufffde"  # the line as far as it reads
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path)
    (problem,) = caught.value.problems
    assert problem.line == 1
    assert problem.message.startswith(f"line 1 of the event log is not UTF-8 text, '{shown}")


def test_a_long_malformed_row_is_shown_cut_short(tmp_path: Path) -> None:
    row = "c2,B,2024-01-02," + "x" * 200
    path = write(tmp_path / "log.csv", XES_HEADER + "c1,A,2024-01-01\n" + row + "\n")
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path)
    (problem,) = caught.value.problems
    assert problem.value == row and f"event log, '{row[:79]}…': it has 4 values" in problem.message


def test_the_dialect_is_not_guessed_from_the_data(tmp_path: Path) -> None:
    # A case id starting with '#' is no comment, and a byte-order mark is no part of the first column's name.
    path = write(tmp_path / "log.csv", "\ufeff" + XES_HEADER + "#1,A,2024-01-01\n#1,B,2024-01-01 02:00\n")
    summary = aggregate(path)
    assert summary.events == 2 and summary.pairs[0] == PairStats(source="A", target="B", cases=1, occurrences=1,
                                                                 median_hours=2.0, p90_hours=2.0)


def test_a_gzipped_csv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "log.csv.gz"
    path.write_bytes(gzip.compress(HAND_MADE.encode()))
    check_hand_made(path)


# The property test: random logs against a direct computation.

def linear_quantile(values: list[float], q: float) -> float:
    """The q-quantile with linear interpolation between the two nearest ranks, as numpy's default computes it."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (position - low) * (ordered[high] - ordered[low])


def test_linear_quantile_agrees_with_statistics_inclusive_method() -> None:
    data = [7.0, 1.0, 4.0, 4.0, 10.0, 2.5]
    deciles = statistics.quantiles(data, n=10, method="inclusive")
    assert linear_quantile(data, 0.9) == pytest.approx(deciles[8])
    assert linear_quantile(data, 0.5) == pytest.approx(statistics.median(data))


BASE = datetime.datetime(2024, 1, 1, tzinfo=UTC)
PLUS_ONE = datetime.timezone(datetime.timedelta(hours=1))
PLUS_ONE_AND_SECONDS = datetime.timezone(datetime.timedelta(hours=1, seconds=30))  # as local mean times were
case_ids = st.sampled_from(["NA", "null", "", "c1", "c2", "none", "N/A"])
# How a timestamp is written, and the offset the summary should report for it.
WRITINGS = {"naive": "", "utc": "+00:00", "z": "+00:00", "plus_one": "+01:00", "compact": "+01:00",
            "seconds": "+01:00:30"}


@attrs.frozen
class Row:
    """One random event: its case, activity, minute (None: an empty timestamp) and how the minute is written."""

    case: str
    activity: str
    minute: int | None
    writing: str
    role: str
    stage: str
    channel: str

    def timestamp(self) -> str:
        if self.minute is None:
            return ""
        moment = BASE + datetime.timedelta(minutes=self.minute * 20)
        if self.writing == "naive":
            return moment.replace(tzinfo=None).isoformat(" ")
        if self.writing == "z":
            return moment.replace(tzinfo=None).isoformat("T") + "Z"
        if self.writing == "plus_one":
            return moment.astimezone(PLUS_ONE).isoformat(" ")
        if self.writing == "compact":
            return moment.astimezone(PLUS_ONE).isoformat(" ").replace("+01:00", "+0100")
        if self.writing == "seconds":
            return moment.astimezone(PLUS_ONE_AND_SECONDS).isoformat(" ")
        return moment.isoformat(" ")


rows_strategy = st.builds(
    Row, case=case_ids, activity=st.sampled_from(["A", "B", "C", "Visit home"]),
    minute=st.none() | st.integers(0, 30) | st.integers(0, 30), writing=st.sampled_from(sorted(WRITINGS)),
    role=st.sampled_from(["Carer", " volunteer ", "Nurse", ""]), stage=st.sampled_from(["S1", "S2", " S2", ""]),
    channel=st.sampled_from(["phone", "web", ""]))
logs = st.lists(rows_strategy, min_size=1, max_size=40)
GROUPS = {"carer": "Carers", "volunteer": "Volunteers"}


def write_log(path: Path, rows: list[Row]) -> Path:
    """The rows as a CSV log with all six columns."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER.strip().split(","))
        for row in rows:
            writer.writerow([row.case, row.activity, row.timestamp(), row.role, row.stage, row.channel])
    return path


def kept_variants(paths: dict[tuple[str, ...], int], share: float | None) -> set[tuple[str, ...]]:
    """The variant filter, computed directly: the fewest cases a variant kept may have is that of the variant whose
    cases, added to those of the more common ones, first reach the share."""
    if share is None:
        return set(paths)
    wanted, covered = Fraction(str(share)) * sum(paths.values()), 0
    for least in sorted(paths.values(), reverse=True):
        covered += least
        if covered >= wanted:
            break
    return {path for path, count in paths.items() if count >= least}


def check_quantiles(found: tuple[float | None, float | None], values: list[float]) -> None:
    assert found[0] == pytest.approx(linear_quantile(values, 0.5), abs=2e-6)
    assert found[1] == pytest.approx(linear_quantile(values, 0.9), abs=2e-6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=logs, share=st.none() | st.sampled_from([0.3, 0.5, 1.0]))
def test_aggregation_agrees_with_a_direct_computation(tmp_path: Path, rows: list[Row], share: float | None) -> None:
    path = write_log(tmp_path / "random.csv", rows)
    timed = [(number, row) for number, row in enumerate(rows, start=1) if row.minute is not None]
    if not timed:
        with pytest.raises(InvalidLogError, match="no event of the log has a timestamp"):
            aggregate(path)
        return
    summary = aggregate(path, FULL_COLUMNS, LogOptions(variant_share=share), role_group=role_group)

    traces: dict[str, list[tuple[int, int, Row]]] = defaultdict(list)  # (minute, file row, row), in case order
    for number, row in timed:
        traces[row.case].append((row.minute or 0, number, row))
    for trace in traces.values():
        trace.sort(key=lambda event: event[:2])
    paths: dict[tuple[str, ...], int] = defaultdict(int)
    for trace in traces.values():
        paths[tuple(row.activity for *_, row in trace)] += 1
    kept_paths = kept_variants(paths, share)
    kept = {case: trace for case, trace in traces.items() if tuple(row.activity for *_, row in trace) in kept_paths}
    events = [(case, place, row) for case, trace in kept.items() for place, (*_, row) in enumerate(trace, start=1)]

    # Quality, over every timed event whatever the filter.
    quality = summary.quality
    assert quality is not None
    assert (quality.events_read, quality.cases_read) == (len(rows), len({row.case for row in rows}))
    skipped = [number for number, row in enumerate(rows, start=1) if row.minute is None]
    assert (quality.skipped_events, quality.skipped_rows) == (len(skipped), tuple(skipped[:5]))
    moments = Counter((row.case, row.minute) for _, row in timed)
    assert quality.tied_events == sum(count for count in moments.values() if count > 1)
    assert quality.reordered_cases == sum(
        [event[0] for event in sorted(trace, key=lambda event: event[1])] != sorted(event[0] for event in trace)
        for trace in traces.values())
    offsets = Counter(WRITINGS[row.writing] for _, row in timed)
    assert {offset.offset: offset.events for offset in quality.offsets} == offsets
    assert quality.variants == len(paths)
    assert quality.filtered_cases == sum(count for path, count in paths.items() if path not in kept_paths)
    assert quality.filtered_events == sum(len(path) * count for path, count in paths.items()
                                          if path not in kept_paths)
    assert quality.filtered_activities == len({name for path in paths for name in path}
                                              - {name for path in kept_paths for name in path})
    assert quality.filtered_pairs == len({pair for path in paths for pair in itertools.pairwise(path)}
                                         - {pair for path in kept_paths for pair in itertools.pairwise(path)})

    # Size, period, activities, endpoints.
    assert (summary.cases, summary.events) == (len(kept), len(events))
    assert summary.first == BASE + datetime.timedelta(minutes=20 * min(row.minute or 0 for *_, row in events))
    assert summary.last == BASE + datetime.timedelta(minutes=20 * max(row.minute or 0 for *_, row in events))
    assert {a.activity: (a.cases, a.events, a.position_sum) for a in summary.activities} == {
        name: (len({case for case, _, row in events if row.activity == name}),
               sum(row.activity == name for *_, row in events),
               sum(place for _, place, row in events if row.activity == name))
        for name in {row.activity for *_, row in events}}
    assert {s.activity: s.cases for s in summary.starts} == Counter(trace[0][2].activity for trace in kept.values())
    assert {e.activity: e.cases for e in summary.ends} == Counter(trace[-1][2].activity for trace in kept.values())

    # Pairs.
    gaps: dict[tuple[str, str], list[float]] = defaultdict(list)
    pair_cases: dict[tuple[str, str], set[str]] = defaultdict(set)
    for case, trace in kept.items():
        for (start, _, source), (end, _, target) in itertools.pairwise(trace):
            gaps[source.activity, target.activity].append((end - start) / 3)
            pair_cases[source.activity, target.activity].add(case)
    assert {(p.source, p.target): (p.cases, p.occurrences) for p in summary.pairs} == {
        pair: (len(pair_cases[pair]), len(values)) for pair, values in gaps.items()}
    for pair in summary.pairs:
        check_quantiles((pair.median_hours, pair.p90_hours), gaps[pair.source, pair.target])

    # Roles and groups: a role's group by its trimmed value.
    grouped = [(case, row.activity, group) for case, _, row in events
               for group in (GROUPS.get(row.role.strip().lower()),) if group]
    assert {(r.activity, r.group): (r.cases, r.events) for r in summary.roles} == {
        key: (len({case for case, *rest in grouped if tuple(rest) == key}), count)
        for key, count in Counter((activity, group) for _, activity, group in grouped).items()}
    assert {g.group: (g.cases, g.events) for g in summary.groups} == {
        group: (len({case for case, _, other in grouped if other == group}), count)
        for group, count in Counter(group for *_, group in grouped).items()}

    # Stages: an activity's most common trimmed, non-blank stage value (ties: the first by name), else its name.
    values: dict[str, Counter[str]] = defaultdict(Counter)
    for *_, row in events:
        if row.stage.strip():
            values[row.activity][row.stage.strip()] += 1
    stage_of = {name: min(values[name].items(), key=lambda item: (-item[1], item[0]))[0] if values[name] else name
                for name in {row.activity for *_, row in events}}
    entries: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for case, trace in kept.items():
        for (start, _, source), (end, _, target) in itertools.pairwise(trace):
            if stage_of[source.activity] != stage_of[target.activity]:
                entries[stage_of[target.activity]].append((case, (end - start) / 3))
    expected_stages = []
    for stage in set(stage_of.values()):
        in_stage = [(case, place) for case, place, row in events if stage_of[row.activity] == stage]
        waits = [hours for _, hours in entries[stage]]
        expected_stages.append((Fraction(sum(place for _, place in in_stage), len(in_stage)), stage,
                                len({case for case, _ in in_stage}), len(in_stage),
                                len({case for case, _ in entries[stage]}), len(waits)))
    expected_stages.sort()
    assert [(s.stage, s.cases, s.events, s.entry_cases, s.entries) for s in summary.stages] == [
        stage[1:] for stage in expected_stages]
    assert {s.stage: s.activities for s in summary.stages} == {
        stage: tuple(sorted(name for name in stage_of if stage_of[name] == stage)) for stage in stage_of.values()}
    for stage_stats in summary.stages:
        waits = [hours for _, hours in entries[stage_stats.stage]]
        if waits:
            check_quantiles((stage_stats.median_hours, stage_stats.p90_hours), waits)
        else:
            assert (stage_stats.median_hours, stage_stats.p90_hours) == (None, None)

    # Channels and variants.
    assert {(c.activity, c.channel): c.events for c in summary.channels} == Counter(
        (row.activity, row.channel) for *_, row in events if row.channel)
    assert summary.variants == tuple(
        VariantCount(activities=path, cases=paths[path])
        for path in sorted(kept_paths, key=lambda path: (-paths[path], path))[:10])

    # Every list in its order.
    assert list(summary.activities) == sorted(summary.activities, key=lambda a: (-a.cases, -a.events, a.activity))
    assert list(summary.pairs) == sorted(summary.pairs, key=lambda p: (-p.cases, -p.occurrences, p.source, p.target))
    for endpoints in (summary.starts, summary.ends):
        assert list(endpoints) == sorted(endpoints, key=lambda e: (-e.cases, e.activity))
    assert list(summary.groups) == sorted(summary.groups, key=lambda g: (-g.cases, g.group))
    assert list(summary.channels) == sorted(summary.channels, key=lambda c: (c.activity, -c.events, c.channel))


def test_a_memory_limit_gives_the_same_summary_and_leaves_no_spill_directory(tmp_path: Path) -> None:
    engine = DuckDBEngine(memory_limit="100MB")
    spill = Path(engine._spill or "")
    try:
        summary = aggregate(write(tmp_path / "log.csv", HAND_MADE), FULL_COLUMNS, engine=engine,
                            role_group=role_group)
        (limit,) = engine.query("SELECT current_setting('memory_limit')")
        assert spill.is_dir() and "MiB" in str(limit[0])
    finally:
        engine.close()
    assert summary == check_hand_made(tmp_path / "log.csv") and not spill.exists()


def test_an_activity_written_with_a_no_break_space_or_an_invisible_character_is_one_activity(tmp_path: Path) -> None:
    # Three "Café visit"s that look alike: a plain space, a no-break space with a double space, a zero-width space.
    rows = ("c1,Café visit,2024-01-01\nc1,Café\u00a0 visit,2024-01-02\nc1,Café visit\u200b,2024-01-03\n"
            "c2,Café visit,2024-01-01\n")
    summary = aggregate(write(tmp_path / "log.csv", XES_HEADER + rows), LogColumns())
    assert [(item.activity, item.cases, item.events) for item in summary.activities] == [("Café visit", 2, 4)]
    assert [(pair.source, pair.target, pair.occurrences) for pair in summary.pairs] == [
        ("Café visit", "Café visit", 2)]


def test_staff_roles_written_in_other_cases_or_with_dashes_are_one_group(tmp_path: Path) -> None:
    rows = "".join(f"c{n},Visit,2024-01-0{day},{role}\n" for n in range(3)
                   for day, role in enumerate(["Nurse", "NURSE", "nurse", "Social-worker", "Social_worker",
                                               "Social worker", "Nurse"], 1))
    summary = aggregate(write(tmp_path / "log.csv", XES_HEADER.replace("\n", ",org:role\n") + rows),
                        LogColumns(role="org:role"), role_group=RoleGroups())
    # "Nurse" is how most of its events write it; of the three ways of writing social worker, each once a case,
    # the first in code-point order ("Social worker") names the group.
    assert [(group.group, group.cases, group.events) for group in summary.groups] == [
        ("Nurse", 3, 12), ("Social worker", 3, 9)]


def test_events_at_midnight_written_without_an_offset_are_counted_by_activity(tmp_path: Path) -> None:
    """A date alone, or a time of 00:00 with no offset, is midnight as a date is read; a time written with an offset
    or Z is a time (00:00Z, 00:00 at +01:00, 01:00 at +01:00, which is midnight UTC), and an event without a
    timestamp is skipped, not counted. Activities are counted by name, however written."""
    rows = ["c1,Visit,2024-01-01 09:30", "c1,Discharge,2024-01-01", "c2,Visit,2024-01-02T00:00:00Z",
            "c2, Discharge,2024-01-02 00:00:00", "c3,Visit,2024-01-03T00:00:00+01:00", "c3,Discharge,",
            "c3,Discharge,2024-01-04", "c4,Letter,2024-01-05 00:00:00.000001", "c4,Visit,2024-01-06T01:00:00+01:00"]
    summary = aggregate(write(tmp_path / "log.csv", XES_HEADER + "\n".join(rows) + "\n"))
    assert summary.quality is not None
    assert summary.quality.midnight == (MidnightCount(activity="Discharge", midnight=3, events=3),)


DAY_FIRST = ["c1,Referral,04/03/2024 09:00", "c1,Visit, 13/03/2024 14:30:00", "c1,Letter,2024-03-20T10:00:00+01:00",
             "c2,Referral,5.3.2024 9:15", "c2,Visit,06-03-2024"]


def test_day_first_reads_4_march_beside_iso_timestamps(tmp_path: Path) -> None:
    # c1 4 March 09:00 -> 13 March 14:30 (221.5 h) -> 20 March 09:00 UTC (162.5 h); c2 5 March 09:15 -> 6 March
    # (14.75 h): Referral -> Visit's median (221.5 + 14.75) / 2.
    summary = aggregate(write(tmp_path / "log.csv", XES_HEADER + "\n".join(DAY_FIRST) + "\n"),
                        options=LogOptions(date_order="day-first"))
    assert summary.first == datetime.datetime(2024, 3, 4, 9, tzinfo=datetime.UTC)
    assert summary.quality is not None and summary.quality.date_order == "day-first"
    assert [(pair.source, pair.target, pair.median_hours) for pair in summary.pairs] == [
        ("Referral", "Visit", 118.125), ("Visit", "Letter", 162.5)]


@pytest.mark.parametrize(("written", "read"), [
    ("3/4/2024 9:05 PM", datetime.datetime(2024, 3, 4, 21, 5)),
    ("03/04/2024 12:05:00 am", datetime.datetime(2024, 3, 4, 0, 5)),
    ("3/4/2024 12:30 PM", datetime.datetime(2024, 3, 4, 12, 30)),
    ("3/4/2024 1:00 a.m.", datetime.datetime(2024, 3, 4, 1)),
    ("2024-03-04 11:59:59.5 pm", datetime.datetime(2024, 3, 4, 23, 59, 59, 500000)),
])
def test_a_12_hour_clock_is_read_with_a_date_order(tmp_path: Path, written: str, read: datetime.datetime) -> None:
    summary = aggregate(write(tmp_path / "log.csv", f"{XES_HEADER}c1,A,{written}\n"),
                        options=LogOptions(date_order="month-first"))
    assert summary.first == read.replace(tzinfo=datetime.UTC)


def test_month_first_reads_april_3(tmp_path: Path) -> None:
    rows = "c1,Referral,04/03/2024 09:00\nc1,Visit,04/13/2024\n"
    summary = aggregate(write(tmp_path / "log.csv", XES_HEADER + rows), options=LogOptions(date_order="month-first"))
    assert (summary.first, summary.last) == (datetime.datetime(2024, 4, 3, 9, tzinfo=datetime.UTC),
                                             datetime.datetime(2024, 4, 13, tzinfo=datetime.UTC))


@pytest.mark.parametrize(("date_order", "stamp", "suggestion"), [
    ("iso", "04/03/2024 09:00", "its date has the year last: give --day-first (04/03/2024 is then 4 March) or "
                                "--month-first (04/03/2024 is then April 3)"),
    ("iso", "13/03/2024", "its date has the year last: give --day-first (04/03/2024 is then 4 March)"),
    ("iso", "03/13/2024", "its date has the year last: give --month-first (04/03/2024 is then April 3)"),
    ("month-first", "13/03/2024", "read month first, it is no date: is the day first? try --day-first "
                                  "(04/03/2024 is then 4 March)"),
    ("day-first", "03/13/2024", "read day first, it is no date: is the month first? try --month-first "
                                "(04/03/2024 is then April 3)"),
    ("iso", "04/03/24", "write the year with all four digits (2024, not 24), and the date as ISO 8601"),
    ("day-first", "04/03/24", "write the year with all four digits (2024, not 24)"),
    # read in the order given, the date may be one: the day, or the time, is amiss
    ("month-first", "3/4/2024 13:05 PM", "check that the day is one its month has, and the time (14:30, or 2:30 PM "
                                         "with the hour 1 to 12)"),
    ("day-first", "31/02/2024", "check that the day is one its month has"),
    ("day-first", "04/03/2024 10h", "check that the day is one its month has"),
    ("iso", "2024/03/04", "write timestamps as ISO 8601"),
    ("iso", "\t2024-03-04 09:00", "remove the tab or line break round it (a space may stay)"),
    ("day-first", "04/03/2024 09:00\t", "remove the tab or line break round it"),
    ("iso", "2024-03-04 09:00:00 +01:00", "write its offset right after the time, with no space (09:00+01:00)"),
    ("day-first", "04/03/2024 09:00 -0530", "write its offset right after the time, with no space"),
])
def test_an_unreadable_date_with_the_year_last_suggests_the_order_that_reads_it(
        tmp_path: Path, date_order: str, stamp: str, suggestion: str) -> None:
    path = write(tmp_path / "log.csv", f"{XES_HEADER}c1,A,2024-03-01\nc1,B,{stamp}\n")
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path, options=LogOptions(date_order=date_order))
    (problem,) = caught.value.problems
    assert problem.message == f"cannot read the timestamp '{stamp}' of row 2"
    assert (problem.line, problem.column) == (3, 3)
    assert (problem.suggestion or "").startswith(suggestion)


@pytest.mark.parametrize("stamp", ["04/03/24", "24/03/04 09:00", "04-03-24", " 024-03-04", "99-01-01", "2024/03/04",
                                   "2024 03 04", "\t2024-03-04", "1/2/3", "1-01-01 09:00",
                                   "12-1-01 09:00"])
def test_what_duckdbs_cast_reads_beyond_iso_8601_is_refused(tmp_path: Path, stamp: str) -> None:
    """DuckDB casts "04/03/24" to 24 March of the year 4, and reads '/' or ' ' between a date's parts: neither is
    ISO 8601, and Spark reads neither, so DuckDB's engine refuses them too."""
    path = write(tmp_path / "log.csv", f'{XES_HEADER}c1,A,2024-03-01\nc1,B,"{stamp}"\n')
    with pytest.raises(InvalidLogError, match="cannot read the timestamp"):
        aggregate(path)


@pytest.mark.parametrize(("ids", "spaced"), [
    (["C0", "C0 ", " C1", "C1", "  C2 ", "C3 "], 4),  # C0 and C1 twice each; C2 and C3 alone, spaces or not
    (["C0 ", " C0", "C0"], 3),  # three ways of writing one id
    ([" C0", "C1 "], 0),
    (["C0", "C1"], 0),
])
def test_case_ids_that_differ_only_by_spaces_round_them_are_counted(tmp_path: Path, ids: list[str],
                                                                    spaced: int) -> None:
    rows = "".join(f'"{case}",A,2024-01-0{index + 1}\n' for index, case in enumerate(ids))
    summary = aggregate(write(tmp_path / "log.csv", XES_HEADER + rows))
    assert summary.cases == len(ids)  # each a case, as written
    assert summary.quality is not None and summary.quality.spaced_case_ids == spaced


@pytest.mark.parametrize("kept", [20, 0.5])
def test_a_gzipped_log_cut_short_is_told_so(tmp_path: Path, kept: float) -> None:
    """An interrupted download: cut in its header (read by Python) or in its rows (read by DuckDB)."""
    rows = "".join(f"c{index},A{index % 7},2024-01-01 {index % 24:02d}:00\n" for index in range(20_000))
    data = gzip.compress((XES_HEADER + rows).encode())
    path = tmp_path / "log.csv.gz"
    path.write_bytes(data[:int(kept if kept > 1 else len(data) * kept)])
    with pytest.raises(InvalidLogError) as caught:
        aggregate(path)
    (problem,) = caught.value.problems
    assert (problem.message, problem.suggestion) == ("the compressed log ends early: the file was cut short",
                                                     "copy or export the log again")


@pytest.mark.parametrize(("above", "suggestion"), [
    ("Referrals report, generated 04/03/2024\n\n", "the header seems to be line 3, "
     "'case:concept:name,concept:name,time:timestamp': delete the lines above it"),
    ("sep=,\n", "line 1 is Excel's 'sep=' line: delete it (discover finds the delimiter itself)"),
])
def test_lines_above_the_header_are_told_to_be_deleted(tmp_path: Path, above: str, suggestion: str) -> None:
    rows = "c1,A,2024-03-04 09:00\nc1,B,2024-03-04 10:00\n"
    with pytest.raises(InvalidLogError) as caught:
        aggregate(write(tmp_path / "log.csv", above + XES_HEADER + rows))
    (problem,) = caught.value.problems
    assert problem.message.startswith("the event log has no case column") and problem.suggestion == suggestion
    assert aggregate(write(tmp_path / "log.csv", XES_HEADER + rows)).events == 2  # as suggested
