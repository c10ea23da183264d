"""The canvas's staff lane: what professionals' skills and networks could enable, quieter than citizens' assets.

Staff assets are never among citizens' UNUSED ASSETS. Their potential uses and those not used yet sit in a lane
of their own, last on the page, in the thin grey of a staff asset (dashed where a use is only potential), and
say "not used yet" in small grey words rather than carry the loud badge. What they enable today stays in the
co-production lane, as a dotted grey card beside citizens' own.
"""

from __future__ import annotations

from journeymap.analysis import UnusedAsset
from journeymap.model import Asset, Contribution
from journeymap.rendering import dot
from journeymap.rendering.canvas_cards import Card, Cards, Group, Row, band
from journeymap.rendering.canvas_text import text
from journeymap.rendering.legend import Key
from journeymap.rendering.style import Box, Stroke
from journeymap.wording import (STAFF_NOT_USED, STAFF_TAG, Fact, asset_facts, contribution_note, tooltip_text,
                                 words)

LANE = "Staff assets"


def staff_lane(cards: Cards) -> Group | None:
    """Staff assets' potential contributions under their touchpoints, then those with no use identified at all;
    None when the journey has neither, so that a map without them draws as it did."""
    analysis, theme = cards.analysis, cards.theme
    found: dict[tuple[str, str], list[tuple[int, Contribution]]] = {}
    for index, contribution in enumerate(cards.journey.contributions):
        if analysis.is_enabling(contribution) and not contribution.is_actual:
            found.setdefault((contribution.touchpoint, contribution.asset), []).append((index, contribution))
    placeless = [u for u in analysis.unused_staff_assets if not u.stages]
    rows = []
    if found:
        here = Row("staff-here", cards.header("Could enable", "what staff could bring to help citizens", lane=LANE))
        for (touchpoint, asset), contributions in sorted(found.items(), key=lambda item: (
                cards.column_of[item[0][0]], item[1][0][0])):
            here.add(cards.column_of[touchpoint], _could_enable(cards, cards.journey.asset(asset), contributions))
        rows.append(here)
    if placeless:
        nowhere = Row("staff-elsewhere", cards.header("Not used yet", "no use identified in this journey",
                                                      lane=None if rows else LANE))
        nowhere.loose += [_not_used(cards, unused) for unused in placeless]
        rows.append(nowhere)
    if not rows:
        return None
    cards.keys.add(Key.STAFF_ASSET)
    return Group("staff", rows, band=band(theme, theme.stage.fill), header=theme.stage)


def _could_enable(cards: Cards, asset: Asset, found: list[tuple[int, Contribution]]) -> Card:
    """A dashed grey card under a touchpoint where a staff asset could enable citizens."""
    theme = cards.theme
    quiet = theme.staff_asset
    box = Box(border=Stroke(color=quiet.border.color, style="dashed", width=1.0), fill=theme.background,
              text=quiet.text)
    contributions = [c for _, c in found]
    not_used = any(u.asset.id == asset.id for u in cards.analysis.unused_staff_assets)
    phases = dot.join(dict.fromkeys(words(c.phase) for c in contributions))
    rows = [text(dot.join([STAFF_TAG, phases]), theme.wrap_text, theme.small_size, quiet.text),
            text(asset.label, theme.wrap_name, theme.text_size, quiet.text, bold=True),
            *cards.asset_details(asset, *map(contribution_note, contributions), color=quiet.text)]
    if not_used:
        rows.append(text(STAFF_NOT_USED, theme.wrap_text, theme.small_size, quiet.text))
    tooltip = "\n".join([_asset_tooltip(cards, asset, not_used=not_used),
                         *(cards.contribution_tooltip(c) for c in contributions)])
    return cards.card(dot.element_id("contribution", asset.id, contributions[0].touchpoint, found[0][0]), rows, box,
                      rounded=True, classes=("asset", "staff", "enabling", "potential", "not-used" if not_used else None),
                      tooltip=tooltip)


def _not_used(cards: Cards, unused: UnusedAsset) -> Card:
    """A thin grey card for a staff asset with no use identified: said quietly, never the UNUSED badge."""
    theme = cards.theme
    box = Box(border=theme.staff_asset.border, fill=theme.background, text=theme.staff_asset.text)
    asset = unused.asset
    rows = [text(dot.join([STAFF_TAG, STAFF_NOT_USED]), theme.wrap_text, theme.small_size, box.text),
            text(asset.label, theme.wrap_name, theme.text_size, box.text, bold=True),
            *cards.asset_details(asset, color=box.text)]
    return cards.card(dot.element_id("asset", asset.id), rows, box, rounded=False,
                      classes=("asset", "staff", "enabling", "not-used"),
                      tooltip=_asset_tooltip(cards, asset, not_used=True))


def _asset_tooltip(cards: Cards, asset: Asset, *, not_used: bool) -> str:
    """A staff asset's facts, as every view gives them, and whether it is used at all, as its card says."""
    facts = asset_facts(cards.analysis, asset)
    return tooltip_text(asset.label, facts + ([Fact(None, STAFF_NOT_USED.capitalize())] if not_used else []))
