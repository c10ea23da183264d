"""Time load and dump of map files (YAML and JSON) at several sizes, next to the parsers themselves.

Run: .venv/bin/python bench/bench_load.py [--sizes 1000 5000 20000] [--repeat 3]

For each size, a generated journey (bench/generate.py; 20,000 touchpoints come with 100,000
contributions) is written as YAML and JSON. Then, best of --repeat runs each, in the same run:
`journeymap.load` against the floor, libyaml's C loader (`yaml.load(text, yaml.CSafeLoader)`) for both
formats, and `json.loads` for JSON; `journeymap.dumps` against `yaml.dump(..., Dumper=yaml.CSafeDumper)`
and `json.dumps` of the same plain data. Ratios are to libyaml's loader (the issue's yardstick) and to the
format's own floor. Also the careful path alone (what a map with a problem costs: every value placed).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import yaml

import journeymap as jm
from journeymap.io.build import build_journey
from journeymap.io.source import read_source
from journeymap.io.write import to_data

from generate import generated_journey


def best(call: Callable[[], Any], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        runs.append(time.perf_counter() - start)
    return min(runs)


def careful(text: str, format: str) -> jm.Journey:
    """The careful path alone, as a map with a problem takes it."""
    read = read_source(text, format, None)
    return build_journey(read.data, read.positions, read.problems, read.rejected)


def main() -> int:
    """Print one row per size, format and operation."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="journeymap-bench-"))

    print(f"{'touchpoints':>11} {'format':6} {'what':14} {'MB':>6} {'journeymap s':>12} {'floor s':>8} "
          f"{'/ floor':>7} {'libyaml s':>9} {'/ libyaml':>9}")
    for size in args.sizes:
        journey = generated_journey(size, contributions=100_000 if size >= 20_000 else None)
        data = to_data(journey)
        repeat = 1 if size >= 20_000 else args.repeat
        for format in ("yaml", "json"):
            path = work / f"map{size}.{format}"
            jm.dump(journey, path)
            text = path.read_text(encoding="utf-8")
            megabytes = len(text.encode("utf-8")) / 1e6
            libyaml = best(partial(yaml.load, text, Loader=yaml.CSafeLoader), repeat)
            parse = libyaml if format == "yaml" else best(partial(json.loads, text), repeat)
            write = best(partial(yaml.dump, data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
                         if format == "yaml" else partial(json.dumps, data, indent=2, ensure_ascii=False), repeat)
            rows = [("load", partial(jm.load, path), parse), ("careful load", partial(careful, text, format), parse),
                    ("dumps", partial(jm.dumps, journey, format), write)]
            for what, call, floor in rows:
                try:
                    seconds = best(call, 1 if what == "careful load" else repeat)
                except jm.InvalidMapError as error:  # an older journeymap refused large maps
                    print(f"{size:>11} {format:6} {what:14} {megabytes:>6.2f} refused: {error.problems[0].message}")
                    continue
                against = f"{seconds / libyaml:>9.2f}" if what != "dumps" else f"{'':>9}"
                print(f"{size:>11} {format:6} {what:14} {megabytes:>6.2f} {seconds:>12.3f} {floor:>8.3f} "
                      f"{seconds / floor:>7.2f} {libyaml if what != 'dumps' else float('nan'):>9.3f} {against}",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
