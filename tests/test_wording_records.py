"""journeymap.wording_records: durations told in the unit a person would use, rounded as people round."""

from __future__ import annotations

import numpy as np
import pytest

from journeymap.wording_records import duration, durations


@pytest.mark.parametrize(("hours", "told"), [
    (0.0, "under a minute"), (-3.0, "under a minute"), (59.4 / 60, "59 min"), (59.5 / 60, "1 h"), (10.5 * 24, "11 days"),
    (23.5, "1 day"), (27.9 * 24, "4 weeks"), (30.0, "1.3 days"),
])
def test_a_duration_is_rounded_half_up_in_the_unit_its_figure_reaches(hours: float, told: str) -> None:
    assert duration(hours) == told


def test_any_float_is_told_numpy_s_and_the_largest_too() -> None:
    assert duration(np.float64(2.5)) == "2.5 h"  # a float the model takes; repr() is "np.float64(2.5)"
    assert duration(1e300).endswith(" years")


def test_two_durations_either_side_of_a_unit_s_step_are_told_in_one_unit() -> None:
    assert durations(27.4 * 24, 27.6 * 24) == ("27.4 days", "27.6 days")  # not "27 days" and "3.9 weeks"
    assert durations(20.0, 30.0) == ("20 h", "1.3 days")  # a change of half: each in its own unit
