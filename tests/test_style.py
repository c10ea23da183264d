"""The themes: one colour never means two things on the same diagram."""

from __future__ import annotations

import pytest

from journeymap.rendering.style import THEMES


@pytest.mark.parametrize("name", list(THEMES))
def test_contribution_colours_are_no_emotion_colours(name: str) -> None:
    theme = THEMES[name]
    moods = {mood.fill.upper() for mood in theme.emotion}
    assert theme.actual.color.upper() not in moods and theme.potential.color.upper() not in moods
