"""The canvas's outcomes lane: what matters to the person, each outcome under the touchpoints that serve it.

One card per outcome, in the column of the first touchpoint that serves it (or, served only by a contribution
naming it, of the first such contribution's touchpoint), saying where else it is served; an outcome nothing
serves stands in a row of its own, "No touchpoint serves it yet", as the unused lane's placeless assets do.
Each card wears its state in words (a badge) and in its outline: co-produced a heavy solid line on a tint, with
what citizens bring to it named; served by the service only a thin outline; unserved dashed.
"""

from __future__ import annotations

from journeymap.outcomes import OutcomeFinding, OutcomeState
from journeymap.rendering import dot
from journeymap.rendering.canvas_cards import Card, Cards, Group, Row, band
from journeymap.rendering.canvas_text import badge_block, text
from journeymap.rendering.legend import outcome_look
from journeymap.wording import (
    counted,
    outcome_badge,
    outcome_facts,
    outcome_people,
    outcome_places,
    outcome_serving,
    tooltip_text,
    what_matters,
)

LANE = "Outcomes"


def outcomes_lane(cards: Cards) -> Group | None:
    """The outcomes lane, its served outcomes under their first place and the unserved in a row of their own;
    None when the map has no outcomes, so that a map without them draws as it did."""
    findings = cards.analysis.outcomes
    if not findings:
        return None
    theme, journey = cards.theme, cards.journey
    everyone = {ident for f in findings for ident in f.people}
    served = [f for f in findings if f.state is not OutcomeState.UNSERVED]
    unserved = [f for f in findings if f.state is OutcomeState.UNSERVED]
    rows = []
    if served:
        here = Row("outcomes-here", cards.header(what_matters(journey, findings), "where the journey serves it",
                                                 lane=LANE))
        for finding in served:
            places = outcome_places(journey, finding)
            here.add(cards.column_of[places[0]], _card(cards, finding, places, everyone))
        rows.append(here)
    if unserved:
        about = f"{counted(len(unserved), 'outcome')} nothing in the journey serves"
        nowhere = Row("outcomes-unserved", cards.header("No touchpoint serves it yet", about,
                                                        lane=None if rows else LANE))
        nowhere.loose += [_card(cards, finding, [], everyone) for finding in unserved]
        rows.append(nowhere)
    return Group("outcomes", rows, band=band(theme, theme.background), header=theme.stage)


def _card(cards: Cards, finding: OutcomeFinding, places: list[str], everyone: set[str]) -> Card:
    theme, journey = cards.theme, cards.journey
    look = outcome_look(theme, finding.state)
    cards.keys.add(look.key)
    box = look.box
    outcome = finding.outcome
    number = journey.outcomes.index(outcome) + 1
    rows = [badge_block(theme, look.badge, outcome_badge(number, finding.state)),
            text(outcome.name, theme.wrap_name, theme.text_size, box.text, bold=True)]
    if set(finding.people) != everyone:  # the lane's title names everyone; a card for some says whom
        rows.append(text(f"for {outcome_people(journey, finding.people)}", theme.wrap_text, theme.small_size,
                         theme.muted))
    rows += [text(line, theme.wrap_text, theme.small_size, box.text) for line in outcome_serving(journey, finding)]
    if len(places) > 1:
        names = [journey.touchpoint(ident).name for ident in places[1:]]
        rows.append(text("also served at: " + "; ".join(names), theme.wrap_text, theme.small_size, theme.muted))
    return cards.card(dot.element_id("outcome", outcome.id), rows, box, rounded=True,
                      classes=("outcome", finding.state.value.replace("_", "-")),
                      tooltip=tooltip_text(outcome.name, outcome_facts(cards.analysis, finding)))
