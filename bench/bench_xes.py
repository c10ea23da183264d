"""Time the XES reader (journeymap.discover.xes.xes_to_csv) on a generated XES log, with its peak memory.

Run: .venv/bin/python bench/bench_xes.py [--events 1000000] [--gzip] [--keep DIR]

Writes a synthetic log as pm4py's line-by-line exporter would (traces of 2 to 40 events, skewed activity
frequencies, loops, roles, resources, lifecycle transitions, a trace attribute), then converts it to CSV in a child
process and reports the seconds (wall and CPU: the CPU time is the one to compare on a busy machine), the XES size,
the CSV size and the child's peak resident memory (ru_maxrss).
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO
from xml.sax.saxutils import quoteattr

ACTIVITIES = ["Referral", "Triage", "Assessment", "Care plan", "Home visit", "Phone check-in", "Review", "Discharge",
              "Readmission", "Equipment delivered", "Carer training", "Peer support call"]
ROLES = ["Nurse", "GP", "Carer", "Volunteer", "Social worker", "Patient"]
START = datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)


def write_log(out: IO[str], events: int, seed: int = 13) -> None:
    """A synthetic XES log of about ``events`` events (the last trace is cut to make it exact)."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(ACTIVITIES))]  # Zipf-like: a few activities dominate
    out.write('<?xml version="1.0" encoding="utf-8" ?>\n<log xes.version="1849-2016" '
              'xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">\n')
    written = case = 0
    while written < events:
        length = min(rng.randint(2, 40), events - written)
        at = START + datetime.timedelta(minutes=rng.randrange(525_600))
        out.write(f'\t<trace>\n\t\t<string key="concept:name" value="case-{case}" />\n'
                  f'\t\t<string key="ward" value="Ward {rng.randrange(12)}" />\n')
        for _ in range(length):
            activity = rng.choices(ACTIVITIES, weights)[0]
            at += datetime.timedelta(minutes=rng.randrange(5, 4320))
            out.write(f'\t\t<event>\n\t\t\t<string key="concept:name" value={quoteattr(activity)} />\n'
                      f'\t\t\t<date key="time:timestamp" value="{at.isoformat()}" />\n'
                      f'\t\t\t<string key="org:resource" value="staff-{rng.randrange(400)}" />\n'
                      f'\t\t\t<string key="org:role" value={quoteattr(rng.choice(ROLES))} />\n'
                      '\t\t\t<string key="lifecycle:transition" value="complete" />\n\t\t</event>\n')
        out.write("\t</trace>\n")
        written += length
        case += 1
    out.write("</log>\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--gzip", action="store_true", help="write and read log.xes.gz")
    parser.add_argument("--keep", type=Path, help="write the log and the CSV here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = args.keep or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        log = directory / ("log.xes.gz" if args.gzip else "log.xes")
        with (gzip.open(log, "wt", encoding="utf-8", compresslevel=6) if args.gzip
              else log.open("w", encoding="utf-8")) as out:
            write_log(out, args.events)
        child = ("import sys, time; from journeymap.discover.xes import xes_to_csv; t = time.perf_counter(); "
                 "xes_to_csv(sys.argv[1], sys.argv[2]); print(time.perf_counter() - t)")
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", child, str(log), str(directory)], check=True,
                                capture_output=True, text=True)
        wall = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_mib, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
        csv_path = directory / "log.csv"
        print(f"{args.events:,} events  XES {log.stat().st_size / 2**20:,.0f} MiB  CSV "
              f"{csv_path.stat().st_size / 2**20:,.0f} MiB  conversion {float(result.stdout):.1f} s "
              f"(process {wall:.1f} s, CPU {cpu:.1f} s)  peak RSS {peak_mib:,.0f} MiB")


if __name__ == "__main__":
    main()
