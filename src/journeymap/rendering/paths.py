"""The report's paths (variants), told compactly yet apart: a step or a run of steps repeated back to back is
written once with its count, and a path still too long has its middle counted, keeping as many steps at each end as
it takes for the steps shown to tell it from every other path.

>>> [ARROW.join(p) for p in told([["Referral", "Visit", "Visit", "Review"], ["Referral", "Visit", "Call", "Visit", "Call"]])]
['Referral → Visit ×2 → Review', 'Referral → (Visit → Call) ×2']
"""

from __future__ import annotations

from collections.abc import Sequence

ARROW = " → "
LONGEST = 10
"""A path of more parts than this (a repeated run is one part) has its middle counted."""
_ENDS = 3  # parts kept at each end of a long path, at least
_RUN = 3  # the longest run of steps looked for repeats


def parts(names: Sequence[str]) -> list[str]:
    """A path's parts: each step, or a run of steps repeated back to back as one part with its count.

    >>> parts(["A", "B", "B", "B", "C", "D", "C", "D", "E"])
    ['A', 'B ×3', '(C → D) ×2', 'E']
    """
    found: list[str] = []
    at = 0
    while at < len(names):
        size, times = _longest_repeat(names, at)
        if times == 1:
            found.append(names[at])
        else:
            inner = parts(names[at:at + size])
            found.append(f"{inner[0] if len(inner) == 1 else '(' + ARROW.join(inner) + ')'} ×{times}")
        at += size * times
    return found


def _longest_repeat(names: Sequence[str], at: int) -> tuple[int, int]:
    """The run starting at ``at`` whose back-to-back repeats cover most steps: its size and how many times; the
    shorter run on a tie, (1, 1) for none."""
    best = (1, 1)
    for size in range(1, _RUN + 1):
        run, times = names[at:at + size], 1
        while len(run) == size and names[at + size * times:at + size * (times + 1)] == run:
            times += 1
        if times > 1 and size * (times - 1) > best[0] * (best[1] - 1):
            best = (size, times)
    return best


def told(paths: Sequence[Sequence[str]], longest: int = LONGEST) -> list[list[str]]:
    """Each path's parts as shown, in order, to be joined by arrows; one of more than ``longest`` parts has its middle
    counted, keeping more at each end until no other path begins and ends with the same parts (so the steps shown
    tell it apart), or is shown whole when that leaves nothing to count.

    >>> told([list("ABCDEFGH"), list("ABXDEFGH")], longest=4)[1]
    ['A', 'B', 'X', '… 2 more …', 'F', 'G', 'H']
    """
    every = [parts(names) for names in paths]
    shown = [list(p) for p in every]
    for index, path in enumerate(every):
        if len(path) <= longest:
            continue
        others = [p for i, p in enumerate(every) if i != index]
        ends = _ENDS
        while 2 * ends < len(path) - 1:
            head, tail = path[:ends], path[-ends:]
            if not any(p[:ends] == head and p[-ends:] == tail for p in others):
                shown[index] = [*head, f"… {len(path) - 2 * ends} more …", *tail]
                break
            ends += 1
    return shown
