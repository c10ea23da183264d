"""The statistics behind a share counted from a survey: its Wilson 95% interval, and whole percents by exact
rounding. Pure arithmetic at the base of the package, so the survey reader, the analysis and the views share it."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

Z_95 = 1.959963984540054
"""The standard normal quantile for a two-sided 95% interval (the 97.5th percentile)."""


def wilson_interval(count: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson's score interval for ``count`` successes in ``n`` trials (95% by default), without continuity
    correction, as Newcombe (1998) tabulates it: unlike the textbook ``p ± z·√(p(1−p)/n)`` it never leaves
    0..1 and is not degenerate at 0 or n.

    >>> low, high = wilson_interval(81, 263)
    >>> round(low, 4), round(high, 4)
    (0.2553, 0.3662)
    >>> wilson_interval(0, 20)[0], round(wilson_interval(0, 20)[1], 4)
    (0.0, 0.1611)
    """
    if n <= 0 or not 0 <= count <= n:
        raise ValueError(f"a share needs 0 <= count <= n and n > 0, not {count} of {n}")
    p = count / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    # At 0 and n the bound is exactly 0 or 1 in exact arithmetic; floating point leaves a hair either way.
    low = 0.0 if count == 0 else max(0.0, centre - half_width)
    high = 1.0 if count == n else min(1.0, centre + half_width)
    return low, high


def whole_percent(count: int, n: int) -> int:
    """``count`` of ``n`` as a whole percent, rounded exactly (halves up), never through a float.

    >>> whole_percent(91, 100), whole_percent(10, 28), whole_percent(1, 8), whole_percent(15, 28)
    (91, 36, 13, 54)
    """
    if n <= 0:
        raise ValueError(f"a percent needs n > 0, not {n}")
    return (200 * count + n) // (2 * n)


def count_of(share: float, n: int) -> int:
    """How many of ``n`` a share stands for: ``share`` × ``n`` to the nearest whole, halves up, taken from the share as
    written (so ``0.36`` of 28 is 10, and ``0.5`` of 3 is 2), never outside 0..n.

    >>> count_of(0.91, 100), count_of(0.36, 28), count_of(0.5, 3), count_of(0.0, 7), count_of(1.0, 7)
    (91, 10, 2, 0, 7)
    """
    if n <= 0:
        raise ValueError(f"a count needs n > 0, not {n}")
    exact = Decimal(repr(float(share))) * n
    return max(0, min(n, int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))))


def share_interval(share: float, n: int) -> tuple[float, float]:
    """Wilson's 95% interval for a share of ``n`` answers, counted as :func:`count_of` counts it.

    >>> low, high = share_interval(0.91, 100)
    >>> round(low, 4), round(high, 4)
    (0.8377, 0.9519)
    """
    return wilson_interval(count_of(share, n), n)
