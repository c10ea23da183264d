"""Fuzz the map readers: random bytes and mutations of the examples, fed to ``loads`` for each format.

Run:  .venv/bin/python bench/fuzz_readers.py [--seconds 600] [--readers yaml json mermaid] [--engine atheris]

The one rule checked: whatever the input, ``loads`` returns a journey or raises JourneyMapError with a
message; any other exception, a hang (over --timeout seconds on one input) or runaway memory (over
--rss-mb) is a failure, saved with the input that caused it. A journey that loads must also survive
being written and read back in YAML and JSON, and building the DOT source of every view.

Engines: ``atheris`` (coverage-guided, libFuzzer; ``pip install atheris``) runs each reader in its own
process for its share of --seconds; ``random`` (no extra package) mutates the seeds with the standard
library's random module. Both print inputs, seconds and inputs per second for each reader.
Mermaid is fuzzed when journeymap reads it (``"mermaid"`` in ``journeymap.io.MAP_FORMATS``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# Hostile seeds: the limits' own cases, so mutations start near them.
HOSTILE_YAML = [
    "journeymap: 1\ntitle: &a [*a]\n",
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
    "journeymap: 1\ntitle: " + "[" * 60 + "]" * 60 + "\n",
    "journeymap: 1\ntitle: !!python/object/apply:os.system [echo hacked]\n",
    "journeymap: 0x" + "f" * 120 + "\ntitle: 1:0:0:0:0:0:0:0:0:0\n",
    "journeymap: 1\ntitle: T\n<<: {title: U}\nstages: [{name: S, touchpoints: [{name: t, emotion: .inf}]}]\n",
    "%YAML 1.1\n%TAG !p! tag:yaml.org,2002:python/\n---\njourneymap: 1\ntitle: !p!name:os.system x\n",
]
HOSTILE_JSON = [
    '{"journeymap": 1, "title": ' + "[" * 60 + "]" * 60 + "}",
    '{"journeymap": 1, "title": "T", "needs": [{"name": "n", "users": 1e400, "staff": NaN}]}',
    '{"journeymap": 1, "title": 1' + "0" * 200 + "}",
    '{"journeymap": 1, "title": "a", "title": "b", "x": "\\ud800\\u0000"}',
]
HOSTILE_MERMAID = [
    "journey\n  title T\n  section S\n    Do a thing: 5: Me, You\n",
    "journey\n  title <script>alert(1)</script>\n  section \"}]; x -> y\n    Task: 9: \\N\n",
]

# Tokens that libFuzzer splices into inputs: YAML syntax and journeymap's own words.
TOKENS = ["journeymap: 1", "title:", "actors:", "assets:", "stages:", "touchpoints:", "flow:", "contributions:",
          "needs:", "id:", "name:", "role:", "holder:", "kind:", "from:", "to:", "asset:", "touchpoint:", "phase:",
          "status:", "emotion:", "willingness:", "hours_per_month:", "service_user", "carer", "professional",
          "co_delivery", "actual", "potential", "weekly", "none", "&a", "*a", "<<:", "!!", "---", "...", "? ",
          "- ", "{", "}", "[", "]", "'", '"', "#", "|", ">", "\\u0000", "\\ud800", ".inf", ".nan", "0x", "0o",
          "1:0:0", "~", "null", "true", "journey", "section", "title"]


def seeds(reader: str) -> list[bytes]:
    """The starting inputs of one reader: the examples, written in its format, and the hostile cases."""
    import journeymap
    from journeymap.io import loads

    yaml_maps = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.yaml"))]
    journeys = [loads(text) for text in yaml_maps]
    if reader == "yaml":
        texts = yaml_maps + [journeymap.dumps(j) for j in journeys] + HOSTILE_YAML
    elif reader == "json":
        texts = [journeymap.dumps(j, "json") for j in journeys] + HOSTILE_JSON
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.mmd"))]
        texts += [journeymap.dumps(j, "mermaid") for j in journeys] + HOSTILE_MERMAID
    return [t.encode("utf-8") for t in texts]


def readers() -> list[str]:
    from journeymap.io import MAP_FORMATS

    return [r for r in ("yaml", "json", "mermaid") if r in MAP_FORMATS]


def target(reader: str) -> Callable[[bytes], None]:
    """One fuzz input through ``loads``; raises AssertionError (or whatever escaped) on a failure."""
    from journeymap import dumps, loads
    from journeymap.errors import JourneyMapError
    from journeymap.rendering import VIEWS, source

    def check(data: bytes) -> None:
        try:
            journey = loads(data, reader)
        except JourneyMapError as error:
            if not str(error).strip():
                raise AssertionError(f"{type(error).__name__} without a message") from error
            return
        for fmt in ("yaml", "json"):
            again = loads(dumps(journey, fmt), fmt)
            if again != journey:
                raise AssertionError(f"the {fmt} round trip changed the journey")
        for view in VIEWS:
            source(journey, view)

    return check


# ---------------------------------------------------------------------------
# atheris: each reader in a process of its own, as libFuzzer runs until its time is up and then exits.


def run_atheris(reader: str, seconds: float, work: Path, timeout: int, rss_mb: int) -> None:
    import atheris

    # Coverage of the reading side only: instrumenting the writers and renderers too halves the speed.
    reading = ["journeymap.io", "journeymap.model", "journeymap.errors", "yaml.reader", "yaml.scanner",
               "yaml.parser", "yaml.composer", "yaml.constructor", "yaml.resolver"]
    with atheris.instrument_imports(include=reading):
        check = target(reader)
    corpus = work / f"corpus-{reader}"
    corpus.mkdir(parents=True, exist_ok=True)
    for index, seed in enumerate(seeds(reader)):
        (corpus / f"seed-{index}").write_bytes(seed)
    tokens = work / "tokens.dict"
    tokens.write_text("".join(f"{json.dumps(t)}\n" for t in TOKENS), encoding="utf-8")
    crashes = work / "crashes"
    crashes.mkdir(exist_ok=True)
    argv = [sys.argv[0], str(corpus), f"-max_total_time={int(seconds)}", f"-timeout={timeout}",
            f"-rss_limit_mb={rss_mb}", f"-dict={tokens}", f"-artifact_prefix={crashes}/{reader}-",
            "-max_len=65536", "-print_final_stats=1"]
    atheris.Setup(argv, check)
    atheris.Fuzz()


def spawn_atheris(reader: str, seconds: float, work: Path, args: argparse.Namespace) -> tuple[int, float, str]:
    """Fuzz one reader in a child process; its input count and time, from libFuzzer's final report."""
    command = [sys.executable, __file__, "--engine", "atheris", "--child", reader, "--seconds", str(seconds),
               "--work", str(work), "--timeout", str(args.timeout), "--rss-mb", str(args.rss_mb)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, errors="replace")
    elapsed = time.perf_counter() - started
    log = done.stdout + done.stderr
    (work / f"{reader}.log").write_text(log, encoding="utf-8")
    runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", log) or re.findall(r"Done (\d+) runs", log)
    if done.returncode != 0 or not runs:
        tail = "\n".join(log.strip().splitlines()[-40:])
        return (int(runs[-1]) if runs else 0), elapsed, f"FAILED (exit {done.returncode}):\n{tail}"
    return int(runs[-1]), elapsed, "no escape"


# ---------------------------------------------------------------------------
# random: mutations of the seeds and random bytes, with nothing to install.


def mutate(rng: random.Random, pool: list[bytes]) -> bytes:
    data = bytearray(rng.choice(pool))
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        at = rng.randint(0, len(data))
        if choice < 0.25 and data:  # flip, set or drop bytes
            index = rng.randrange(len(data))
            data[index] = rng.randrange(256) if rng.random() < 0.5 else data[index] ^ (1 << rng.randrange(8))
        elif choice < 0.4 and data:
            del data[at:at + rng.randint(1, 16)]
        elif choice < 0.65:
            data[at:at] = rng.choice(TOKENS).encode()
        elif choice < 0.8:  # splice in a piece of another input
            other = rng.choice(pool)
            start = rng.randint(0, len(other))
            data[at:at] = other[start:start + rng.randint(1, 200)]
        elif choice < 0.9 and data:  # repeat a piece
            start = rng.randint(0, len(data) - 1)
            data[at:at] = data[start:start + rng.randint(1, 20)] * rng.randint(2, 50)
        else:
            data[at:at] = rng.randbytes(rng.randint(1, 16))
    return bytes(data[:65536])


def run_random(reader: str, seconds: float, work: Path, timeout: int, seed: int) -> tuple[int, float, str]:
    check = target(reader)
    rng = random.Random(seed)
    pool = seeds(reader)
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        data = rng.randbytes(rng.randint(0, 200)) if rng.random() < 0.05 else mutate(rng, pool)
        one = time.perf_counter()
        try:
            check(data)
        except BaseException as error:  # noqa: BLE001 - every escape is the finding
            path = work / f"crash-{reader}-{count}"
            path.write_bytes(data)
            return count, time.perf_counter() - started, f"FAILED: {type(error).__name__}: {error} (input: {path})"
        took = time.perf_counter() - one
        if took > timeout:
            path = work / f"slow-{reader}-{count}"
            path.write_bytes(data)
            return count, time.perf_counter() - started, f"FAILED: one input took {took:.1f} s (input: {path})"
        count += 1
    return count, time.perf_counter() - started, "no escape"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600, help="total time, shared by the readers")
    parser.add_argument("--readers", nargs="+", help="readers to fuzz (default: all journeymap has)")
    parser.add_argument("--engine", choices=("atheris", "random"), default="atheris")
    parser.add_argument("--timeout", type=int, default=10, help="seconds one input may take")
    parser.add_argument("--rss-mb", type=int, default=2048, help="memory one run may use (atheris)")
    parser.add_argument("--seed", type=int, default=1, help="random engine's seed")
    parser.add_argument("--work", type=Path, help="folder for corpora, logs and failing inputs (default: a temp one)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    warnings.simplefilter("ignore")  # the Mermaid reader and writer say what they drop: not findings
    work = args.work or Path(tempfile.mkdtemp(prefix="journeymap-fuzz-"))
    if args.child:
        run_atheris(args.child, args.seconds, work, args.timeout, args.rss_mb)
        return 0
    chosen = args.readers or readers()
    share = args.seconds / len(chosen)
    print(f"fuzzing {', '.join(chosen)} with {args.engine} for {share:.0f} s each; work folder {work}")
    failed = False
    for reader in chosen:
        if args.engine == "atheris":
            count, elapsed, verdict = spawn_atheris(reader, share, work, args)
        else:
            count, elapsed, verdict = run_random(reader, share, work, args.timeout, args.seed)
        failed = failed or verdict != "no escape"
        print(f"{reader:8} {count:>10,} inputs {elapsed:8.1f} s {count / elapsed:10,.0f} inputs/s  {verdict}",
              flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
