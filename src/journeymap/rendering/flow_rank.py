"""Each touchpoint's rank in the flow, loops left out, as dot would rank it: a large map's columns."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from journeymap.model import FlowEdge, Journey


def ranks(journey: Journey, edges: Sequence[FlowEdge] | None = None) -> dict[str, int]:
    """Each touchpoint's rank in the flow (``edges``, the journey's flow by default): the most steps by which it can
    be reached, loops left out.

    A depth-first walk from each touchpoint in file order tells the loops, as dot does: a step back to a
    touchpoint whose walk has not finished closes one.
    """
    after: dict[str, list[str]] = {t.id: [] for t in journey.touchpoints}
    for edge in journey.flow_edges if edges is None else edges:
        after[edge.source].append(edge.target)
    walking: set[str] = set()
    seen: set[str] = set()
    finished: list[str] = []
    before: dict[str, list[str]] = {t: [] for t in after}  # the steps into each touchpoint, loops left out
    for root in after:
        if root in seen:
            continue
        seen.add(root)
        walking.add(root)
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(after[root]))]
        while stack:
            node, steps = stack[-1]
            for target in steps:
                if target in walking:
                    continue
                before[target].append(node)
                if target not in seen:
                    seen.add(target)
                    walking.add(target)
                    stack.append((target, iter(after[target])))
                    break
            else:
                walking.discard(node)
                finished.append(node)
                stack.pop()
    rank: dict[str, int] = {}
    for node in reversed(finished):  # each touchpoint after every one with a step into it
        rank[node] = max((rank[s] + 1 for s in before[node]), default=0)
    return rank
