"""The report's way from findings to change: its outcomes (what matters to the person, and how far the journey serves
it) and its action plan (the map's actions in the co-production method's four boxes, one printed A4 page).

Every item an outcome or an action names links to where the report shows it (see html_markup.anchor).
"""

from __future__ import annotations

from collections.abc import Iterable

from journeymap.analysis import Analysis
from journeymap.model import Action, Journey
from journeymap.outcomes import OutcomeFinding, OutcomeState
from journeymap.rendering.html_glossary import glossed
from journeymap.rendering.html_markup import anchor, escape, labelled, link, section, table
from journeymap.vocabulary import ActionStatus, Horizon
from journeymap.wording import (
    HORIZON_BOXES,
    NO_ACTION_PLAN,
    OUTCOME_STATES,
    STATUS_WORDS,
    counted,
    due_date,
    no_outcomes,
    outcome_state,
    percent,
    sentence,
)

STATE_MARKS = {OutcomeState.UNSERVED: "○", OutcomeState.SERVICE_ONLY: "◐", OutcomeState.CO_PRODUCED: "●"}
"""A shape beside each outcome state's word, so that no state is told by colour alone."""

STATUS_MARKS = {ActionStatus.TODO: "○", ActionStatus.DOING: "◐", ActionStatus.DONE: "✓", ActionStatus.DROPPED: "✕"}
"""A shape beside each action status's word."""

_KINDS = ("outcome", "touchpoint", "asset", "actor", "stage")
"""What an action may address, each shown somewhere in the report (the order is the look-ups' order)."""


# -- outcomes ------------------------------------------------------------------------------


def outcomes(findings: Analysis) -> str:
    """The outcomes section: each outcome, for whom, how far it is served, what serves it, and the need of its name."""
    journey = findings.journey
    seen: set[str] = set()
    intro = glossed("What matters to the people this journey is for (its outcomes), and how far the journey "
                    "serves each: by the service alone, or co-produced with citizens' own contributions.", seen)
    if not findings.outcomes:
        return section("outcomes", "Outcomes", f"<p>{intro}</p>",
                       f"<p>{escape(sentence(no_outcomes(journey)))}</p>")
    key = "".join(f"<li>{_state(state)} {glossed(meaning, seen)}</li>"
                  for state, (_, meaning) in OUTCOME_STATES.items() if any(f.state is state for f in findings.outcomes))
    rows = [_outcome_row(journey, found) for found in findings.outcomes]
    served = sum(1 for f in findings.outcomes if f.state is not OutcomeState.UNSERVED)
    caption = (f"{counted(len(rows), 'outcome')}, {served} served, "
               f"{sum(1 for f in findings.outcomes if f.state is OutcomeState.CO_PRODUCED)} co-produced")
    grid = table(caption, ["Outcome", "For", "How far served", "Served at", "Citizens bring", "Named as a need"],
                 rows, markup=True, row_ids=[anchor("outcome", f.outcome.id) for f in findings.outcomes])
    return section("outcomes", "Outcomes", f"<p>{intro}</p>", f'<ul class="states">{key}</ul>', grid)


def _state(state: OutcomeState) -> str:
    """An outcome's state as a tag: a shape and a word, its meaning in full for a pointer's hover."""
    return (f'<span class="state {state.value}" title="{escape(outcome_state(state, in_full=True))}">'
            f'<span aria-hidden="true">{STATE_MARKS[state]}</span> {escape(outcome_state(state))}</span>')


def _outcome_row(journey: Journey, found: OutcomeFinding) -> list[str]:
    outcome = found.outcome
    name = f"<strong>{escape(outcome.name)}</strong>"
    if outcome.description:
        name += f'<br><span class="aside">{escape(outcome.description)}</span>'
    places = list(found.touchpoints)
    places += [journey.touchpoint(c.touchpoint) for c in journey.contributions
               if c.is_actual and outcome.id in c.serves and c.touchpoint not in {t.id for t in places}]
    served_at = _joined(link(anchor("touchpoint", t.id), escape(t.name)) for t in dict.fromkeys(places))
    brought = _joined(
        f'{link(anchor("asset", c.asset), escape(journey.asset(c.asset).label))} '
        f"from {escape(journey.holder(c.asset).name)}, at {escape(journey.touchpoint(c.touchpoint).name)}"
        for c in found.contributions)
    needs = _joined(escape("yes" if n.users is None else f"yes: {percent(n.users)} of users") for n in found.needs)
    people = _joined(link(anchor("actor", i), escape(journey.actor(i).name)) for i in found.people)
    return [name, people or "—", _state(found.state), served_at or "—", brought or "—", needs or "—"]


def _joined(items: Iterable[str]) -> str:
    return "; ".join(dict.fromkeys(items))


# -- the action plan ----------------------------------------------------------------------


def action_plan(findings: Analysis) -> str:
    """The action-plan page: the map's actions in the method's four boxes, each with its owner, due date, status and
    what it addresses; it prints on a page of its own."""
    journey = findings.journey
    seen: set[str] = set()
    if not journey.actions:
        return section("plan", "Action plan", f'<p class="empty">{_command(NO_ACTION_PLAN)}</p>', kind="plan")
    statuses = [a.status for a in journey.actions]
    tally = ", ".join(f"{statuses.count(s)} {STATUS_WORDS[s]}" for s in ActionStatus if s in statuses)
    intro = glossed(f"What the team will do about the findings, in the four boxes of the co-production method's "
                    f"action plan: {counted(len(statuses), 'action')} ({tally}).", seen)
    title = f'<p class="plan_title">{escape(journey.title)}</p>'
    boxes = "".join(_box(journey, horizon) for horizon in Horizon)
    return section("plan", "Action plan", title, f"<p>{intro}</p>", f'<div class="boxes">{boxes}</div>', kind="plan")


def _command(text: str) -> str:
    """Text with its `backticked` parts as code."""
    parts = escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def _box(journey: Journey, horizon: Horizon) -> str:
    ident = f"box_{horizon.value}"
    actions = [a for a in journey.actions if a.horizon is horizon]
    items = (f'<ul class="actions">{"".join(_action(journey, a) for a in actions)}</ul>' if actions
             else '<p class="none">Nothing in this box yet.</p>')
    return (f'<div class="box" role="group" aria-labelledby="{ident}">'
            f'<h3 id="{ident}">{escape(HORIZON_BOXES[horizon])}</h3>{items}</div>')


def _action(journey: Journey, action: Action) -> str:
    status = (f'<span class="status {action.status.value}"><span aria-hidden="true">'
              f"{STATUS_MARKS[action.status]}</span> {escape(STATUS_WORDS[action.status])}</span>")
    facts = [labelled("Owner", action.owner or "not named yet")]
    if action.due is not None:
        facts.append(labelled("Due", due_date(action.due)))
    addressed = _joined(_addressed(journey, ident) for ident in action.addresses)
    lines = [f'<p class="what">{status} <span class="text">{escape(action.text)}</span></p>',
             f'<p class="meta">{" · ".join(facts)}</p>']
    if addressed:
        lines.append(f'<p class="addresses"><span class="label">Addresses:</span> {addressed}</p>')
    return f'<li class="action {action.status.value}">{"".join(lines)}</li>'


def _addressed(journey: Journey, ident: str) -> str:
    """An item an action addresses, by name, linked to where the report shows it."""
    for kind in _KINDS:
        try:
            item = getattr(journey, kind)(ident)
        except KeyError:
            continue
        name = item.label if kind == "asset" else item.name
        return link(anchor(kind, ident), escape(name))
    return escape(ident)  # the model checks every reference, so this is never reached from a valid map
