"""The themes: one colour never means two things on the same diagram."""

from __future__ import annotations

import pytest

from journeymap.rendering.style import THEMES


@pytest.mark.parametrize("name", list(THEMES))
def test_contribution_colours_are_no_emotion_colours(name: str) -> None:
    theme = THEMES[name]
    moods = {mood.fill.upper() for mood in theme.emotion}
    assert theme.actual.color.upper() not in moods and theme.potential.color.upper() not in moods


@pytest.mark.parametrize("name", list(THEMES))
def test_staff_contributions_are_quieter_than_citizens_own(name: str) -> None:
    theme = THEMES[name]
    assert theme.enabling.color not in (theme.actual.color, theme.potential.color)
    assert theme.enabling.style == "dotted" and theme.enabling.width < min(theme.actual.width, theme.potential.width)
    assert theme.staff_asset.border.width < theme.asset.border.width
