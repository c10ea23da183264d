"""Generated journeys and map files of any size, for the benchmarks (and for trying large maps by hand).

Run: .venv/bin/python bench/generate.py TOUCHPOINTS OUT.yaml|OUT.json [--contributions N] [--seed S] [--records]
"""

from __future__ import annotations

import argparse
import random
import sys

import journeymap as jm

ROLES_CITIZEN = ["service_user", "carer", "family", "neighbour", "peer", "volunteer", "community_group"]
KINDS = ["time", "skills", "knowledge", "lived_experience", "networks", "motivation", "physical", "financial"]
PHASES = ["co_commissioning", "co_design", "co_delivery", "co_assessment"]


def generated_journey(touchpoints: int, seed: int = 7, contributions: int | None = None) -> jm.Journey:
    """A journey of ``touchpoints`` touchpoints in stages of ten, with people, assets and contributions
    (``touchpoints // 2`` of them unless ``contributions`` says how many)."""
    rng = random.Random(seed)
    citizens = [jm.Actor(id=f"c{i}", name=f"Citizen {i}", role=rng.choice(ROLES_CITIZEN),
                         willingness=rng.choice(["weekly", "monthly", "none", None]))
                for i in range(max(2, touchpoints // 5))]
    staff = [jm.Actor(id=f"p{i}", name=f"Professional {i}", role="professional")
             for i in range(max(1, touchpoints // 20))]
    assets = [jm.Asset(id=f"a{i}", holder=rng.choice(citizens), kind=rng.choice(KINDS), name=f"Asset number {i}",
                       hours_per_month=rng.choice([None, 2, 8]))
              for i in range(max(2, touchpoints // 4))]
    stages = []
    for s in range(0, touchpoints, 10):
        stages.append(jm.Stage(id=f"s{s // 10}", name=f"Stage {s // 10}", touchpoints=[
            jm.Touchpoint(id=f"t{t}", name=f"Touchpoint number {t}", channel=rng.choice(["phone", "online", None]),
                          actors=[rng.choice(citizens), rng.choice(staff)], emotion=rng.randint(-2, 2),
                          pain_points=["Waited too long"] if rng.random() < 0.2 else [])
            for t in range(s, min(s + 10, touchpoints))
        ]))
    count = touchpoints // 2 if contributions is None else contributions
    made = [jm.Contribution(asset=rng.choice(assets), touchpoint=f"t{rng.randrange(touchpoints)}",
                            phase=rng.choice(PHASES), status=rng.choice(["actual", "potential"]))
            for _ in range(count)] if touchpoints else []
    needs = [jm.Need(name=f"Need {i}", users=rng.random(), staff=rng.random()) for i in range(5)]
    return jm.Journey(title=f"Generated journey of {touchpoints} touchpoints", persona=citizens[0],
                      actors=citizens + staff, assets=assets, stages=stages, contributions=made, needs=needs)


def with_records(journey: jm.Journey, seed: int = 7) -> jm.Journey:
    """``journey`` with a flow as `journeymap discover` writes one, drawn with its numbers: every touchpoint on to
    the next, and as many steps again that skip ahead or go back, most of them near (within about two stages),
    one in ten anywhere, each with its cases and waiting times."""
    rng = random.Random(seed)
    ids = [t.id for t in journey.touchpoints]
    place = {name: index for index, name in enumerate(ids)}
    pairs = set(zip(ids, ids[1:]))
    for index in range(len(ids)):
        reach = len(ids) if rng.random() < 0.1 else 20
        other = min(len(ids) - 1, max(0, index + rng.randint(-reach, reach)))
        pairs.add((ids[index], ids[other]))
    flow = [jm.FlowEdge(source=a, target=b, cases=rng.randint(5, 20_000),
                        median_hours=round(rng.uniform(0.1, 300), 1), p90_hours=round(rng.uniform(300, 900), 1))
            for a, b in sorted(pairs, key=lambda pair: (place[pair[0]], place[pair[1]])) if a != b]
    return journey.replace(flow=flow)


def main() -> int:
    """Write one generated map file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("touchpoints", type=int)
    parser.add_argument("output")
    parser.add_argument("--contributions", type=int, default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--records", action="store_true", help="a flow with numbers, as discover writes one")
    args = parser.parse_args()
    journey = generated_journey(args.touchpoints, args.seed, args.contributions)
    jm.dump(with_records(journey, args.seed) if args.records else journey, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
