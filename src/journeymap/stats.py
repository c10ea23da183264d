"""The statistics behind a share counted from a survey: its Wilson 95% interval, and whole percents by exact
rounding. Pure arithmetic at the base of the package, so the survey reader, the analysis and the views share it."""

from __future__ import annotations

import math

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


def percent_of(share: float) -> int:
    """A share between 0 and 1 (e.g. an interval's bound) as a whole percent, halves up.

    >>> percent_of(0.8376), percent_of(0.955), percent_of(1.0)
    (84, 96, 100)
    """
    return math.floor(share * 100 + 0.5)
