"""Time each view's rendering (SVG unless told) on generated journeys, and the share of it spent outside Graphviz.

Run: .venv/bin/python bench/bench_render.py [--sizes 10 100 1000 5000] [--views flow canvas] [--budget 120]
     [--repeat 3] [--format svg|png|pdf] [--records]

For each view and journey size it prints the Python side (analysis plus building the DOT source), the
Graphviz side (layout and drawing, one run of the real binary), their total, and the Python share.
A view whose previous size already took longer than --budget seconds is skipped at larger sizes, and
the table says so.
"""

from __future__ import annotations

import argparse
import sys
import time

import journeymap as jm
from journeymap.errors import RenderError
from journeymap.rendering import VIEWS, engine, source
from journeymap.rendering.style import DEFAULT

from generate import generated_journey, with_records


def measure(journey: jm.Journey, view: str, repeat: int, format: str = "svg") -> tuple[float, float]:
    """The best of ``repeat`` runs: seconds in Python (analysis and DOT source) and in Graphviz, for ``format``."""
    python_runs, graphviz_runs = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        text = source(journey, view)
        python_runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        engine.run(text, format, dpi=DEFAULT.png_dpi if format == "png" else None, layout=VIEWS[view].layout)
        graphviz_runs.append(time.perf_counter() - start)
    return min(python_runs), min(graphviz_runs)


def main() -> int:
    """Print one table row per view and size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000, 5000])
    parser.add_argument("--views", nargs="+", default=list(VIEWS), choices=list(VIEWS))
    parser.add_argument("--budget", type=float, default=120.0, help="skip larger sizes of a view slower than this")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the fastest is shown")
    parser.add_argument("--format", default="svg", choices=engine.GRAPHVIZ_FORMATS,
                        help="what Graphviz draws (a PNG at the default theme's dpi, as journeymap render does)")
    parser.add_argument("--records", action="store_true", help="journeys with a flow from records, its numbers drawn")
    args = parser.parse_args()

    print(f"{'view':8} {'touchpoints':>11} {'python s':>9} {'graphviz s':>10} {'total s':>8} {'python %':>8}")
    for view in args.views:
        slow = False
        for size in args.sizes:
            if slow:
                print(f"{view:8} {size:>11} {'skipped: the previous size took over the budget':>40}")
                continue
            try:
                runs = 1 if size >= 1000 else args.repeat
                journey = with_records(generated_journey(size)) if args.records else generated_journey(size)
                python_seconds, graphviz_seconds = measure(journey, view, runs, args.format)
            except RenderError as error:  # Graphviz's own time limit (engine.TIMEOUT_SECONDS)
                print(f"{view:8} {size:>11} {'Graphviz: ' + str(error):>40}", flush=True)
                slow = True
                continue
            total = python_seconds + graphviz_seconds
            print(f"{view:8} {size:>11} {python_seconds:>9.3f} {graphviz_seconds:>10.3f} {total:>8.3f} "
                  f"{100 * python_seconds / total:>7.1f}%", flush=True)
            slow = total > args.budget
    return 0


if __name__ == "__main__":
    sys.exit(main())
