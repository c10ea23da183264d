"""Whole-process time of `journeymap render`, `check` and `analyse` on a small map, next to the floor.

Run: .venv/bin/python bench/bench_startup.py [--touchpoints 25] [--runs 15]

The floor is what no Python tool that draws with Graphviz can avoid: starting Python and importing
yaml, attrs and graphviz, plus `dot -Tsvg` of the map's own DOT. Each command runs --runs times,
interleaved with the others so that a busy machine slows them all alike; the table gives the fastest
and the median run, and each command's ratio to the floor (fastest against fastest). Mermaid's CLI
(`mmdc`), when on PATH, draws the map's Mermaid export for comparison. Last, the modules each command
imports that are heavy and not needed for every command (networkx, the report, the other views).
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from pathlib import Path

import journeymap as jm

from generate import generated_journey

BIN = Path(sys.executable).parent
HEAVY = ("networkx", "journeymap.rendering.html", "journeymap.rendering.canvas", "journeymap.rendering.star",
         "journeymap.rendering.gap", "journeymap.io.mermaid", "journeymap.schema", "jsonschema")


def seconds(command: Sequence[str]) -> float:
    """Wall-clock seconds of one run of ``command``, which must succeed."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def imported(command: Sequence[str]) -> list[str]:
    """The modules of HEAVY that ``command`` (a journeymap command line) imports."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "journeymap", *command],
                          capture_output=True, text=True, check=False)
    names = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return [name for name in HEAVY if name in names]


def main() -> int:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--touchpoints", type=int, default=25)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    # Bytecode as an installed package has it: an editable install under PYTHONDONTWRITEBYTECODE=1 would
    # otherwise compile every module of journeymap at every start, and the floor's packages never do.
    compileall.compile_dir(str(Path(jm.__file__).parent), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="journeymap-bench-"))
    journey = generated_journey(args.touchpoints)
    map_file, dot_file, mermaid_file = work / "map.yaml", work / "map.dot", work / "map.mmd"
    jm.dump(journey, map_file)
    dot_file.write_bytes(jm.render(journey, format="dot"))
    journeymap = str(BIN / "journeymap")
    commands: dict[str, list[str]] = {
        "python + import yaml, attrs, graphviz": [sys.executable, "-c", "import yaml, attrs, graphviz"],
        "dot -Tsvg of the map's DOT": [shutil.which("dot") or "dot", "-Tsvg", str(dot_file), "-o", os.devnull],
        "journeymap render (flow, svg)": [journeymap, "render", str(map_file), "-o", str(work / "out.svg")],
        "journeymap check": [journeymap, "check", str(map_file)],
        "journeymap analyse": [journeymap, "analyse", str(map_file)],
    }
    mmdc = shutil.which("mmdc")
    if mmdc:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the export says what Mermaid cannot show
            mermaid_file.write_text(jm.dumps(journey, "mermaid"), encoding="utf-8")
        commands["Mermaid CLI (mmdc) of its export"] = [mmdc, "-i", str(mermaid_file), "-o", str(work / "m.svg")]

    subprocess.run(commands["journeymap check"], check=False, stdout=subprocess.DEVNULL)  # warm the file cache
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            if name == "journeymap check":  # exits 1 when the map has warnings: time it all the same
                start = time.perf_counter()
                subprocess.run(command, check=False, stdout=subprocess.DEVNULL)
                times[name].append(time.perf_counter() - start)
            else:
                times[name].append(seconds(command))
    best = {name: min(runs) for name, runs in times.items()}
    floor = best["python + import yaml, attrs, graphviz"] + best["dot -Tsvg of the map's DOT"]

    print(f"{args.touchpoints}-touchpoint map, {args.runs} runs each, interleaved; floor = {floor:.3f} s")
    print(f"{'command':40} {'fastest s':>9} {'median s':>9} {'/ floor':>8}")
    for name, runs in times.items():
        print(f"{name:40} {best[name]:>9.3f} {statistics.median(runs):>9.3f} {best[name] / floor:>8.2f}")
    print()
    for command in (["render", str(map_file), "-o", str(work / "o.svg")], ["check", str(map_file)],
                    ["analyse", str(map_file)]):
        print(f"journeymap {command[0]:8} imports: {', '.join(imported(command)) or 'none of the heavy modules'}")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
