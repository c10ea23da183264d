"""pm4py as an oracle for discover.aggregate: on generated logs (bench/discover_logs.py) and on the hand-made log of
test_discover_aggregate, the directly-follows counts, start and end activities and median times agree with pm4py's
discover_dfg and discover_performance_dfg. pm4py is AGPL: a test oracle only, never a dependency of the package.

pm4py is fed as its users feed it: pandas reads the log with every value as text (so ``NA`` and the empty string
stay case ids, as in aggregate), timestamps are parsed to UTC, and pm4py.format_dataframe sorts each case's events
by timestamp, ties by row (a stable sort on case, timestamp and row index), which is aggregate's order too; so
logs with ties and with rows out of time order are compared as they are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pm4py
import pytest

from journeymap.discover.aggregate import aggregate
from benches import bench_module
from test_discover_aggregate import HAND_MADE, write

ROOT = Path(__file__).resolve().parent.parent
SECONDS_PER_HOUR = 3600
HOURS_TOLERANCE = 1e-6  # aggregate rounds hours to 6 decimals


discover_logs = bench_module("discover_logs")


def pm4py_view(path: Path) -> dict[str, Any]:
    """pm4py's directly-follows counts, start and end activities, median hours per pair and events per activity,
    for the CSV at path (an event without a timestamp left out, as aggregate skips it)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["time:timestamp"] = pd.to_datetime(frame["time:timestamp"], utc=True, format="ISO8601")
    frame = pm4py.format_dataframe(frame)
    dfg, starts, ends = pm4py.discover_dfg(frame)
    performance, _, _ = pm4py.discover_performance_dfg(frame, perf_aggregation_key="median")
    events = pm4py.get_event_attribute_values(frame, "concept:name")
    return {"occurrences": {pair: int(count) for pair, count in dfg.items()},
            "events": {activity: int(count) for activity, count in events.items()},
            "starts": {activity: int(count) for activity, count in starts.items()},
            "ends": {activity: int(count) for activity, count in ends.items()},
            "median_hours": {pair: float(seconds) / SECONDS_PER_HOUR for pair, seconds in performance.items()}}


def assert_agrees_with_pm4py(path: Path) -> None:
    summary = aggregate(path)
    oracle = pm4py_view(path)
    assert {(p.source, p.target): p.occurrences for p in summary.pairs} == oracle["occurrences"]
    assert {s.activity: s.cases for s in summary.starts} == oracle["starts"]
    assert {e.activity: e.cases for e in summary.ends} == oracle["ends"]
    ours = {(p.source, p.target): p.median_hours for p in summary.pairs}
    assert ours.keys() == oracle["median_hours"].keys()
    for pair, hours in oracle["median_hours"].items():
        assert ours[pair] == pytest.approx(hours, abs=HOURS_TOLERANCE), pair
    assert {a.activity: a.events for a in summary.activities} == oracle["events"]


def test_the_hand_made_log_agrees_with_pm4py(tmp_path: Path) -> None:
    assert_agrees_with_pm4py(write(tmp_path / "log.csv", HAND_MADE))


def test_pm4py_sees_the_hand_made_log_as_worked_out_by_hand(tmp_path: Path) -> None:
    # The oracle itself, checked: NA and '' are cases, and NA's tie (C and B at 08:30) is taken in file order.
    oracle = pm4py_view(write(tmp_path / "log.csv", HAND_MADE))
    assert oracle["occurrences"] == {("A", "B"): 3, ("B", "D"): 4, ("A", "C"): 1, ("A", "D"): 1, ("B", "A"): 1,
                                     ("C", "B"): 1}
    assert oracle["starts"] == {"A": 4, "B": 1} and oracle["ends"] == {"D": 5}
    assert oracle["median_hours"][("B", "D")] == pytest.approx(2.5)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_logs_agree_with_pm4py(tmp_path: Path, seed: int) -> None:
    path = discover_logs.write_csv(tmp_path / "log.csv", 3000, seed)
    assert_agrees_with_pm4py(path)


def test_generated_logs_have_what_the_comparison_needs(tmp_path: Path) -> None:
    # Ties, rows out of time order, mixed ways of writing time zones, loops and rare activities: without them the
    # agreement above would prove less.
    path = discover_logs.write_csv(tmp_path / "log.csv", 3000, 1)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert len(frame) == 3000 and "NA" in set(frame["case:concept:name"])
    written = frame["time:timestamp"]
    assert written.str.endswith("Z").any() and written.str.endswith("+01:00").any()
    assert (~written.str.contains("T")).mean() > 0.5
    moments = pd.to_datetime(written, utc=True, format="ISO8601")
    by_case = frame.assign(moment=moments).groupby("case:concept:name", sort=False)["moment"]
    assert (moments.groupby(frame["case:concept:name"]).apply(lambda m: m.duplicated().any())).any()  # ties
    assert not by_case.apply(lambda m: m.is_monotonic_increasing).all()  # a case's rows out of time order
    summary = aggregate(path)
    assert any(p.source == p.target for p in summary.pairs)  # loops
    assert any(a.cases < 5 for a in summary.activities)  # below the default disclosure threshold
    assert summary.activities[0].cases > 20 * summary.activities[-1].cases  # skewed


def test_generated_logs_are_the_same_from_the_same_seed(tmp_path: Path) -> None:
    first = discover_logs.write_csv(tmp_path / "a.csv", 500, 7).read_bytes()
    assert discover_logs.write_csv(tmp_path / "b.csv", 500, 7).read_bytes() == first
    assert discover_logs.write_csv(tmp_path / "c.csv", 500, 8).read_bytes() != first


def test_the_parquet_copy_aggregates_like_the_csv(tmp_path: Path) -> None:
    csv_path = discover_logs.write_csv(tmp_path / "log.csv", 2000, 4)
    parquet_path = discover_logs.write_parquet(csv_path, tmp_path / "log.parquet")
    from_csv, from_parquet = aggregate(csv_path), aggregate(parquet_path)
    assert (from_parquet.pairs, from_parquet.starts, from_parquet.ends) == (from_csv.pairs, from_csv.starts,
                                                                            from_csv.ends)
