"""Synthetic event logs of a community health and care journey, for `journeymap discover`'s benchmark and tests.

Run: .venv/bin/python bench/discover_logs.py EVENTS OUT.csv [--parquet OUT.parquet] [--seed S]

A log is deterministic from its seed: the same events, in the same rows, byte for byte. It has the columns pm4py
and XES tools write (``case:concept:name``, ``concept:name``, ``time:timestamp``, ``org:role``) and a ``stage``
and a ``channel`` column. Cases walk a Markov chain from a referral: triage, assessment, a care plan, repeated
home and volunteer visits (loops), reviews, discharge and sometimes readmission; a few common paths and a long
tail of rare activities (some seen in fewer cases than a disclosure threshold). Waits run from minutes to weeks
(log-normal); some events share their case's timestamp (ties); timestamps are written without an offset, with
``Z`` or at ``+01:00``; one case id is ``NA``; a few events are entered late, so their rows come after later
events of the same case. Cases are generated in chunks of CHUNK_CASES and each chunk's rows sorted by entry time,
as a system's export in batches would be, so 10 million events never sit in Python's memory at once. The Parquet
copy is written by DuckDB from the CSV (rows in the same order), its timestamps typed (TIMESTAMP WITH TIME ZONE).
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import functools
import itertools
import math
import random
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import duckdb

HEADER = ("case:concept:name", "concept:name", "time:timestamp", "org:role", "stage", "channel")
CHUNK_CASES = 5_000
START = datetime.datetime(2023, 1, 2, 8, 0)  # cases start over two years from here
CASE_SPREAD_MINUTES = 2 * 365 * 24 * 60
LATE_ENTRY_SHARE = 0.02  # events entered a day or more after they happened
TIE_SHARE = 0.06  # steps recorded at the same minute as the one before
ZONE_WRITINGS = ((0.8, ""), (0.1, "Z"), (0.1, "+01:00"))  # share of cases per way of writing their timestamps
END = "end"  # the chain's absorbing state

# Each activity: its stage, who performs it (role: weight) and through which channel (channel: weight).
ACTIVITIES: dict[str, tuple[str, dict[str, int], dict[str, int]]] = {
    "Referral received": ("Referral", {"GP": 6, "patient": 2, "carer": 1, "social worker": 1},
                          {"letter": 3, "online": 2, "phone": 2}),
    "Triage": ("Referral", {"nurse": 9, "social worker": 1}, {"phone": 8, "face_to_face": 2}),
    "Referral closed": ("Referral", {"administrator": 1}, {"letter": 1}),
    "Assessment booked": ("Assessment", {"administrator": 8, "carer": 1, "patient": 1}, {"phone": 6, "letter": 4}),
    "Needs assessment": ("Assessment", {"social worker": 7, "nurse": 3}, {"home_visit": 6, "face_to_face": 4}),
    "Carer's assessment": ("Assessment", {"social worker": 4, "carer": 1}, {"home_visit": 3, "phone": 1}),
    "Care plan agreed": ("Planning", {"social worker": 6, "patient": 2, "carer": 2}, {"face_to_face": 5,
                                                                                     "home_visit": 5}),
    "Home visit": ("Care", {"nurse": 8, "occupational therapist": 2}, {"home_visit": 1}),
    "Volunteer visit": ("Care", {"volunteer": 1}, {"home_visit": 4, "phone": 1}),
    "Carer reports progress": ("Care", {"carer": 8, "patient": 2}, {"phone": 5, "online": 5}),
    "Medication review": ("Care", {"GP": 7, "nurse": 3}, {"face_to_face": 6, "phone": 4}),
    "Review": ("Review", {"social worker": 7, "nurse": 3}, {"phone": 5, "face_to_face": 3, "home_visit": 2}),
    "Discharge": ("Discharge", {"nurse": 6, "social worker": 4}, {"letter": 7, "face_to_face": 3}),
    "Readmission": ("Referral", {"GP": 5, "nurse": 5}, {"phone": 6, "letter": 4}),
}
# The long tail: rare activities that may follow any care step, by weight (Zipf-like), with their stage.
TAIL = [(name, stage, 1 / rank) for rank, (name, stage) in enumerate([
    ("Equipment delivered", "Care"), ("Falls assessment", "Care"), ("Benefits advice", "Care"),
    ("Safeguarding concern", "Care"), ("Interpreter booked", "Assessment"), ("Befriending started", "Care"),
    ("Hospital admission", "Care"), ("Respite care", "Care"), ("Complaint", "Review"),
    ("Housing adaptation", "Care"), ("Dietitian visit", "Care"), ("Wheelchair assessment", "Care"),
    ("Continence assessment", "Care"), ("Memory clinic", "Care"), ("Sensory loss assessment", "Care"),
    ("Advance care plan", "Planning"), ("Hearing aid fitted", "Care"), ("Key safe installed", "Care"),
], start=1)]
TAIL_SHARE = 0.04  # of steps taken from a care activity
for _name, _stage, _weight in TAIL:
    ACTIVITIES[_name] = (_stage, {"nurse": 4, "social worker": 3, "volunteer": 1, "carer": 1}, {"home_visit": 3,
                                                                                               "phone": 2})
# What follows each activity (next: weight), and the median wait in hours before it (log-normal, sigma 0.8).
CHAIN: dict[str, dict[str, float]] = {
    "Referral received": {"Triage": 90, "Referral closed": 6, END: 4},
    "Triage": {"Assessment booked": 80, "Needs assessment": 8, "Referral closed": 10, END: 2},
    "Referral closed": {END: 1},
    "Assessment booked": {"Needs assessment": 85, "Carer's assessment": 10, END: 5},
    "Needs assessment": {"Care plan agreed": 70, "Carer's assessment": 15, "Review": 5, END: 10},
    "Carer's assessment": {"Care plan agreed": 80, "Needs assessment": 15, END: 5},
    "Care plan agreed": {"Home visit": 60, "Volunteer visit": 20, "Medication review": 10, "Review": 8, END: 2},
    "Home visit": {"Home visit": 45, "Volunteer visit": 12, "Carer reports progress": 12, "Review": 18,
                   "Medication review": 5, "Discharge": 5, END: 3},
    "Volunteer visit": {"Volunteer visit": 35, "Home visit": 25, "Carer reports progress": 15, "Review": 20, END: 5},
    "Carer reports progress": {"Home visit": 40, "Review": 30, "Volunteer visit": 20, END: 10},
    "Medication review": {"Home visit": 50, "Review": 40, END: 10},
    "Review": {"Discharge": 55, "Home visit": 30, "Care plan agreed": 10, END: 5},
    "Discharge": {END: 90, "Readmission": 10},
    "Readmission": {"Triage": 70, "Needs assessment": 30},
}
for _name, _stage, _weight in TAIL:
    CHAIN[_name] = {"Home visit": 50, "Review": 40, END: 10}
CARE = {"Care plan agreed", "Home visit", "Volunteer visit", "Carer reports progress", "Medication review"}
WAIT_HOURS: dict[str, float] = {  # the median wait before an activity, from minutes to weeks
    "Triage": 3, "Referral closed": 24, "Assessment booked": 30, "Needs assessment": 10 * 24,
    "Carer's assessment": 7 * 24, "Care plan agreed": 5 * 24, "Home visit": 6 * 24, "Volunteer visit": 5 * 24,
    "Carer reports progress": 2 * 24, "Medication review": 9 * 24, "Review": 21 * 24, "Discharge": 4 * 24,
    "Readmission": 40 * 24,
}
MAX_STEPS = 60  # a case stops here whatever the chain says


class _Choice:
    """A weighted choice among fixed options, by bisection on cumulative weights (faster than random.choices)."""

    def __init__(self, weights: Mapping[str, float]) -> None:
        self.options = list(weights)
        self.cumulative = list(itertools.accumulate(weights.values()))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> str:
        return self.options[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def _choices() -> tuple[dict[str, _Choice], dict[str, _Choice], dict[str, _Choice], _Choice]:
    """The chain's next steps, each activity's roles and channels, and the tail, as weighted choices."""
    return ({name: _Choice(weights) for name, weights in CHAIN.items()},
            {name: _Choice(roles) for name, (_, roles, _) in ACTIVITIES.items()},
            {name: _Choice(channels) for name, (_, _, channels) in ACTIVITIES.items()},
            _Choice({name: weight for name, _, weight in TAIL}))


def case_walk(rng: random.Random, nexts: dict[str, _Choice], tail: _Choice) -> list[tuple[str, int]]:
    """One case's activities and their times (minutes since the case's referral), in the order they happened."""
    activity, minutes = "Referral received", 0
    walk = [(activity, minutes)]
    while len(walk) < MAX_STEPS:
        following = (tail.pick(rng) if activity in CARE and rng.random() < TAIL_SHARE
                     else nexts[activity].pick(rng))
        if following == END:
            break
        if rng.random() >= TIE_SHARE:
            median = WAIT_HOURS.get(following, 3 * 24) * 60
            minutes += max(1, round(median * math.exp(0.8 * rng.gauss(0.0, 1.0))))
        activity = following
        walk.append((activity, minutes))
    return walk


@functools.cache
def _day(day: int) -> str:
    """The date ``day`` days after START's, as ISO 8601 writes it."""
    return (START.date() + datetime.timedelta(days=day)).isoformat()


def _written(minute: int, zone: str) -> str:
    """A timestamp (minutes after midnight of START's day) as one of the log's systems writes it: plain, ISO with
    Z, or local summer time at +01:00."""
    if zone and zone != "Z":
        minute += 60
    day, in_day = divmod(minute, 24 * 60)
    clock = f"{in_day // 60:02d}:{in_day % 60:02d}:00"
    if zone:
        return f"{_day(day)}T{clock}{zone}"
    return f"{_day(day)} {clock}"


def generated_rows(events: int, seed: int = 13) -> Iterator[list[tuple[str, ...]]]:
    """Exactly ``events`` rows of the log (the last case cut short if need be), chunk by chunk, in file order."""
    rng = random.Random(seed)
    nexts, roles, channels, tail = _choices()
    zones = _Choice({zone: share for share, zone in ZONE_WRITINGS})
    stages = {name: stage for name, (stage, _, _) in ACTIVITIES.items()}
    written, case_number = 0, 0
    while written < events:
        chunk: list[tuple[int, int, tuple[str, ...]]] = []  # (entry minute, order, row)
        for _ in range(CHUNK_CASES):
            if written >= events:
                break
            case_id = "NA" if case_number == 0 else f"P{case_number:08d}"
            case_number += 1
            opened = START.hour * 60 + rng.randrange(CASE_SPREAD_MINUTES)
            zone = zones.pick(rng)
            walk = case_walk(rng, nexts, tail)[:events - written]
            written += len(walk)
            for activity, minutes in walk:
                moment = opened + minutes
                entered = moment + (rng.randrange(24 * 60, 4 * 24 * 60) if rng.random() < LATE_ENTRY_SHARE else 0)
                chunk.append((entered, len(chunk), (case_id, activity, _written(moment, zone), roles[activity].pick(rng),
                                                    stages[activity], channels[activity].pick(rng))))
        chunk.sort(key=lambda entry: (entry[0], entry[1]))
        yield [row for _, _, row in chunk]


def write_csv(path: Path, events: int, seed: int = 13) -> Path:
    """A generated log of ``events`` events written to ``path`` as CSV (UTF-8, a header row), and the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(HEADER) + "\n")
        for rows in generated_rows(events, seed):
            out.write("".join(",".join(row) + "\n" for row in rows))  # no value holds a comma or a quote
    return path


def write_parquet(csv_path: Path, parquet_path: Path) -> Path:
    """A Parquet copy of a generated CSV log, rows in the same order, timestamps typed; streamed by DuckDB."""
    connection = duckdb.connect(":memory:")
    try:
        connection.execute("SET TimeZone = 'UTC'")
        connection.execute("SET preserve_insertion_order = true")
        connection.execute("SET enable_progress_bar = false")
        columns = ", ".join(f'"{name}"' if name != "time:timestamp" else f'CAST("{name}" AS TIMESTAMPTZ) AS "{name}"'
                            for name in HEADER)
        connection.execute(
            f"COPY (SELECT {columns} FROM read_csv($path, header = true, auto_detect = false, "
            f"columns = $types, nullstr = '\x01')) TO '{parquet_path}' (FORMAT parquet, COMPRESSION zstd)",
            {"path": str(csv_path), "types": {name: "VARCHAR" for name in HEADER}})
    finally:
        connection.close()
    return parquet_path


def generated_logs(directory: Path, events: int, seed: int = 13) -> tuple[Path, Path]:
    """The CSV and Parquet logs of ``events`` events in ``directory``, generated unless already there."""
    csv_path = directory / f"log-{events}-{seed}.csv"
    parquet_path = csv_path.with_suffix(".parquet")
    if not csv_path.exists():
        partial = csv_path.with_suffix(".partial")
        write_csv(partial, events, seed).rename(csv_path)
    if not parquet_path.exists():
        partial = parquet_path.with_suffix(".partial")
        write_parquet(csv_path, partial).rename(parquet_path)
    return csv_path, parquet_path


def main(argv: Sequence[str] | None = None) -> int:
    """Write one generated log as CSV, and its Parquet copy if asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", type=int)
    parser.add_argument("csv", type=Path)
    parser.add_argument("--parquet", type=Path)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    write_csv(args.csv, args.events, args.seed)
    if args.parquet:
        write_parquet(args.csv, args.parquet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
