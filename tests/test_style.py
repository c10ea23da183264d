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


@pytest.mark.parametrize("name", list(THEMES))
def test_outcome_states_differ_by_stroke_as_well_as_colour(name: str) -> None:
    theme = THEMES[name]
    co_produced, service_only, unserved = theme.outcome_co_produced, theme.outcome_service_only, theme.outcome_unserved
    assert unserved.border.style == "dashed" and co_produced.border.style == service_only.border.style == "solid"
    assert co_produced.border.width > service_only.border.width  # heavy against thin, in greyscale too
    assert co_produced.fill != theme.background and service_only.fill == theme.background
    # Co-produced borrows the colour of citizens' actual contributions: one colour, one meaning.
    assert co_produced.border.color == theme.actual.color or name == "print"


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_in_greyscale_an_actual_contribution_is_darker_than_any_step() -> None:
    """A map from records draws a step wider for more cases, as wide as a contribution or wider: in print, where
    there is no colour, a contribution is told from a step by its shade (the steps were #404040, nearly black)."""
    theme = THEMES["print"]
    step, actual = _luminance(theme.flow.color), _luminance(theme.actual.color)
    assert (step + 0.05) / (actual + 0.05) >= 4.5
    assert (_luminance(theme.background) + 0.05) / (step + 0.05) >= 3  # a step still stands out from the paper


@pytest.mark.parametrize("name", list(THEMES))
def test_every_badge_and_emotion_pill_is_legible(name: str) -> None:
    import attrs

    from journeymap.rendering.style import Badge

    theme = THEMES[name]
    badges = [value for field in attrs.fields(type(theme)) if isinstance(value := getattr(theme, field.name), Badge)]
    assert theme.outcome_unserved_badge in badges and theme.unwilling_badge in badges
    for badge in [*badges, *theme.emotion]:  # small text on a fill: the faded badge and the -2 pill had 3.9:1
        light, dark = sorted((_luminance(badge.fill), _luminance(badge.text)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, badge  # WCAG AA for small text
