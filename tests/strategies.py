"""Hypothesis strategies shared by the tests: valid journeys and their parts."""

from __future__ import annotations

from hypothesis import strategies as st

from journeymap.model import Actor, Asset, Contribution, FlowEdge, Journey, Need, Stage, Touchpoint
from journeymap.vocabulary import AssetKind, Involvement, Lane, Phase, Role, Status, Willingness

identifiers = st.from_regex(r"[a-z_][a-z0-9_]{0,11}", fullmatch=True)

# Any printable text, including quotes, markup and non-Latin scripts; no control characters.
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40
).filter(lambda s: s.strip() != "")

optional_texts = st.none() | texts
shares = st.floats(min_value=0, max_value=1, allow_nan=False) | st.sampled_from([0, 1, 0.5])
hours = st.none() | st.integers(0, 200) | st.floats(min_value=0, max_value=500, allow_nan=False)


@st.composite
def journeys(draw: st.DrawFn, max_actors: int = 5, max_stages: int = 4, max_touchpoints: int = 4) -> Journey:
    """A valid journey of a few actors, assets, stages and touchpoints, with flow and contributions."""
    n_actors = draw(st.integers(0, max_actors))
    n_assets = draw(st.integers(0, 6)) if n_actors else 0
    per_stage = draw(st.lists(st.integers(0, max_touchpoints), max_size=max_stages))
    n_ids = n_actors + n_assets + len(per_stage) + sum(per_stage)
    ids = iter(draw(st.lists(identifiers, min_size=n_ids, max_size=n_ids, unique=True)))

    actors = [
        Actor(id=next(ids), name=draw(texts), role=draw(st.sampled_from(Role)),
              willingness=draw(st.none() | st.sampled_from(Willingness)), description=draw(optional_texts))
        for _ in range(n_actors)
    ]
    actor_ids = [a.id for a in actors]
    assets = [
        Asset(id=next(ids), holder=draw(st.sampled_from(actor_ids)), kind=draw(st.sampled_from(AssetKind)),
              name=draw(optional_texts), hours_per_month=draw(hours))
        for _ in range(n_assets)
    ]
    stage_ids = [next(ids) for _ in per_stage]
    stages = []
    for stage_id, count in zip(stage_ids, per_stage):
        touchpoints = tuple(
            Touchpoint(
                id=next(ids), name=draw(texts), channel=draw(st.none() | st.sampled_from(["phone", "online"]) | texts),
                actors=tuple(draw(st.lists(st.sampled_from(actor_ids), unique=True, max_size=3))) if actor_ids else (),
                emotion=draw(st.none() | st.integers(-2, 2)),
                involvement=draw(st.none() | st.sampled_from(Involvement)),
                lane=draw(st.none() | st.sampled_from(Lane)),
                pain_points=tuple(draw(st.lists(texts, max_size=2))),
                moment_of_truth=draw(st.booleans()),
            )
            for _ in range(count)
        )
        stages.append(Stage(id=stage_id, name=draw(texts), touchpoints=touchpoints))
    touchpoint_ids = [t.id for s in stages for t in s.touchpoints]

    flow: list[FlowEdge] = []
    if touchpoint_ids and draw(st.booleans()):
        pairs = st.tuples(st.sampled_from(touchpoint_ids), st.sampled_from(touchpoint_ids))
        flow = [FlowEdge(source=a, target=b, label=draw(st.none() | texts)) for a, b in draw(st.lists(pairs, max_size=6))]
    contributions = []
    if assets and touchpoint_ids:
        for _ in range(draw(st.integers(0, 8))):
            contributions.append(Contribution(
                asset=draw(st.sampled_from([a.id for a in assets])), touchpoint=draw(st.sampled_from(touchpoint_ids)),
                phase=draw(st.sampled_from(Phase)), status=draw(st.sampled_from(Status)), note=draw(optional_texts),
            ))
    needs = [Need(name=draw(texts), users=draw(shares), staff=draw(shares)) for _ in range(draw(st.integers(0, 4)))]
    return Journey(
        title=draw(texts), description=draw(optional_texts),
        persona=draw(st.none() | st.sampled_from(actor_ids)) if actor_ids else None,
        actors=actors, assets=assets, stages=stages, flow=flow, contributions=contributions, needs=needs,
    )
