"""The shared SQL of discover.queries: written once for DuckDB and Spark, so free of either engine's own syntax,
with only the dialect's expressions differing; and its offset pattern run in DuckDB on the ways offsets are written."""

from __future__ import annotations

import inspect
import re

import attrs
import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.discover.queries import DUCKDB, OFFSET_GROUP, OFFSET_PATTERN, SPARK, Queries, written_offset

# Syntax one engine reads and the other does not (or reads differently).
ENGINE_ONLY = [r"::", r"\bQUALIFY\b", r"\bepoch_us\b", r"\blist_", r"\blist\(", r"\bGROUP BY ALL\b", r"\bVARCHAR\b",
               r"\bILIKE\b", r"\bFILTER\s*\(", r"\bstruct_pack\b", r"\bUSING\s*\(", r"\\", r'"', r"`"]


def statements(queries: Queries) -> dict[str, str]:
    """Every statement a Queries gives, by method name (the table-taking ones on ``kept``)."""
    found = {}
    for name, method in inspect.getmembers(queries, inspect.ismethod):
        if name.startswith("_"):
            continue
        parameters = list(inspect.signature(method).parameters)
        arguments = {"kept": "kept", "limit": 5, "width": 2, "text_offsets": True, "activities": 32, "groups": 10,
                     "case": "case_key", "events": 1000, "paths": "case_paths", "blank": ["\t", " "], "folded": True,
                     "trimmed": True}
        statement = method(*(arguments[parameter] for parameter in parameters))
        if isinstance(statement, str):
            found[name] = statement
    return found


def test_every_statement_avoids_syntax_only_one_engine_reads() -> None:
    for name, sql in statements(Queries(SPARK)).items():
        for pattern in ENGINE_ONLY:
            assert not re.search(pattern, sql, re.IGNORECASE), f"{name} uses {pattern}: {sql}"


def test_the_dialects_differ_only_in_their_expressions() -> None:
    duckdb_sql, spark_sql = statements(Queries(DUCKDB, cases=1000)), statements(Queries(SPARK))
    assert duckdb_sql.keys() == spark_sql.keys() and len(duckdb_sql) >= 18
    differing = {name for name in duckdb_sql if duckdb_sql[name] != spark_sql[name]}
    # The ordered join, the quantiles, the numbered cases (read where they are numbered) and their sets.
    assert differing == {"case_paths", "path_counts", "kept", "pairs", "stage_entries", "activity_entries", "steps",
                         "activities", "roles", "stages", "value_cases", "cases_in", "spaced_case_ids"}
    assert "percentile(CAST(gap_us AS DOUBLE), array(0.5, 0.9))" in spark_sql["pairs"]
    assert "quantile_cont(CAST(gap_us AS DOUBLE), [0.5, 0.9])" in duckdb_sql["pairs"]
    assert "array_sort(collect_list(seq * 100 + act))" in spark_sql["case_paths"]
    assert "concat_ws(',', transform(path_key, x -> CAST(x AS STRING)))" in spark_sql["path_counts"]
    assert "bit_count(bitstring_agg(k.case_key, 0, 999))" in duckdb_sql["stages"]
    assert "count(DISTINCT k.case_key)" in spark_sql["stages"]
    assert "PARTITION BY n.case_no" in duckdb_sql["steps"] and "PARTITION BY e.case_id" in spark_sql["steps"]


def test_cases_are_counted_in_sets_only_where_every_copy_of_them_fits() -> None:
    # 10M cases: a set takes 1.25 MB; 3 copies of 68 sets fit in 256 MB, of 72 do not.
    numbered = Queries(attrs.evolve(DUCKDB, copies=3), cases=10_000_000)
    assert numbered.in_sets(68) and not numbered.in_sets(72)
    assert numbered.cases_in(68) == "bit_count(bitstring_agg(case_key, 0, 9999999))"
    assert numbered.cases_in(72) == "count(DISTINCT case_key)"
    assert not Queries(DUCKDB).in_sets(1)  # before the cases are numbered
    assert not Queries(SPARK, cases=10).in_sets(1)  # an engine that numbers none


@pytest.mark.parametrize("longest", [20, 2 ** 31])  # places as INT, and as BIGINT when an INT could overflow
def test_variant_keys_are_one_per_sequence_and_sort_as_the_sequences(longest: int) -> None:
    # Cases as (case_key, [activity codes in order]); the rows go in shuffled, as an engine may group them.
    cases = {1: [3, 1], 2: [3, 1], 3: [3], 4: [3, 1, 2], 5: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0], 6: [10, 2]}
    rows = [(case, seq, act) for case, acts in cases.items() for seq, act in enumerate(acts, 1)]
    connection = duckdb.connect()
    connection.execute("CREATE TABLE steps (case_key BIGINT, seq INT, act INT, out_of_order INT, tied INT)")
    connection.executemany("INSERT INTO steps VALUES (?, ?, ?, 0, 0)", sorted(rows, key=lambda row: -row[2]))
    queries = Queries(DUCKDB)
    assert ("CAST(seq AS BIGINT)" in queries.case_paths(2, longest)) == (longest > 20)
    paths = f"SELECT case_key, {DUCKDB.text('path_key')} FROM ({queries.case_paths(2, longest)}) AS p"
    keys = dict(connection.execute(paths).fetchall())
    connection.close()
    assert keys[1] == keys[2] == "103,201" and keys[3] == "103"
    assert keys[5].split(",")[-1] == "1200"  # the twelfth place: 12 * 100 + code 0
    assert [int(place[-2:]) for place in keys[5].split(",")] == cases[5]
    assert sorted(cases, key=keys.__getitem__) == sorted(cases, key=cases.__getitem__)


def test_a_window_function_is_bracketed_before_a_minus() -> None:
    # Spark's parser reads "OVER w - ts_us" as a window named "w-ts_us"; "(lead(..) OVER w) - ts_us" it reads as both do.
    steps = Queries(SPARK).steps(32)
    assert "(lead(e.ts_us) OVER w) - e.ts_us" in steps
    assert not re.search(r"OVER \w+\s*-", steps)


@pytest.mark.parametrize(("written", "offset"), [
    ("2024-03-04 09:00:00", ""), ("2024-03-04", ""), ("2024-03-04 09:00", ""), ("2024-03-04T09:00:00Z", "Z"),
    ("2024-03-04T09:00:00.123+01:00", "+01:00"), ("2024-03-04 09:00:00+0100", "+0100"),
    ("2024-03-04 09:00:00-05", "-05"), ("2024-03-04 09:00+01:00:30", "+01:00:30"),
    ("2024-03-04T09:00:00.5-00:00:30", "-00:00:30"), ("2024-03-04 09:00:00 UTC", " UTC"),
    ("2024-03-04 09:00 Europe/Paris", " Europe/Paris"), ("2024-03-04T09:00:00 UTC+05:30", " UTC+05:30"),
])
def test_the_offset_pattern_finds_the_offset_after_the_time_only(written: str, offset: str) -> None:
    connection = duckdb.connect()
    (found, spaced) = connection.execute(
        f"SELECT regexp_extract($text, '{OFFSET_PATTERN}', {OFFSET_GROUP}), "
        f"{written_offset('$spaced', 'trim($spaced)')}", {"text": written, "spaced": f"  {written}  "}
    ).fetchone() or (None, None)
    connection.close()
    assert found == offset
    assert spaced == offset  # written_offset: the same, the text untrimmed


_SHAPES = ["____-__-__T__:__:__Z", "____-__-__ __:__:__Z", "____-__-__T__:__:__+__:__", "____-__-__ __:__:__-__:__",
           "____-__-__T__:__:__.___Z", "____-__-__T__:__:__+____", "____-__-__ __:__-__"]


@st.composite
def _shaped_timestamps(draw: st.DrawFn) -> str:
    """Text in one of the shapes whose offset is read from its place, or near one: mostly digits where a shape has
    a '_', sometimes anything an offset is made of; spaces around, at times."""
    shape = draw(st.sampled_from(_SHAPES))
    odd = st.sampled_from("0123456789:.+-Z Tz,")
    text = "".join(draw(st.sampled_from("0123456789") | odd) if char == "_" else char for char in shape)
    return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", " "]))


@settings(max_examples=50)
@given(texts=st.lists(_shaped_timestamps(), min_size=1, max_size=100))
def test_an_offset_read_from_its_place_is_the_patterns(texts: list[str]) -> None:
    connection = duckdb.connect()
    rows = connection.execute(
        f"SELECT t, {written_offset('t', 'trim(t)')}, regexp_extract(trim(t), '{OFFSET_PATTERN}', {OFFSET_GROUP}) "
        f"FROM (SELECT unnest($texts) AS t) AS s", {"texts": texts}).fetchall()
    connection.close()
    assert [(text, written) for text, written, _ in rows] == [(text, found) for text, _, found in rows]


@pytest.mark.parametrize("written", ["2024-03-04 09:00 +02:00", "2024-03-04 09:00:00z", "2024-03-04 09:00:00,5Z",
                                     "2024-03-04 09:00:00+010030", "2024-03-04 09:00:00+01:0030"])
def test_the_offsets_the_pattern_leaves_out_are_on_timestamps_duckdb_does_not_read(written: str) -> None:
    connection = duckdb.connect()
    (read, found) = connection.execute(
        f"SELECT TRY_CAST($text AS TIMESTAMPTZ), regexp_extract($text, '{OFFSET_PATTERN}', {OFFSET_GROUP})",
        {"text": written}).fetchone() or (None, None)
    connection.close()
    assert (read, found) == (None, "")
