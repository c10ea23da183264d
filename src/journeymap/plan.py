"""From findings to an action plan: which findings a plan answers, when an action addresses one, and drafts of the
actions still missing (what ``journeymap plan`` prints), worded from the map's own names and notes.

The findings a plan answers, in the order they are drafted:

- an **untapped opportunity** whose holder is open to being asked (willing or unstated, and not constrained: an
  opportunity of someone who said no, or cannot do more, is not pressed on them);
- a **willing holder's unused asset** (willing and unconstrained);
- a **passive moment of truth** (a passive touchpoint that is a moment of truth);
- an **unserved outcome** (nothing serves it).

An action *addresses* a finding when its ``addresses`` hold every id the finding is about (:func:`finding_ids`):
the asset of an unused asset; the asset and the touchpoint of an opportunity; the touchpoint of a passive
moment of truth; the outcome of an unserved outcome. Any action counts, whatever its status: a dropped action
means the team decided against it, so it is not drafted again. A drafted action counts for the findings after
it, so an opportunity's draft (asset and touchpoint) also answers its asset's unused-asset finding and, where
the opportunity is at a passive moment of truth, that one too.

Each draft goes in one of the method's four boxes by who would do it (``horizon``):

- ``partners``: the holder is a community group (an organisation outside the service);
- ``month``: arranging a citizen's contribution at a touchpoint, or working out with citizens what would serve
  an outcome;
- ``week``: asking a person where their unused asset could help (one conversation);
- ``organisation``: changing a touchpoint the service runs (a passive moment of truth), or serving an outcome
  that names nobody to work it out with.

>>> from journeymap import Actor, Asset, Contribution, Journey, Stage, Touchpoint, analyse
>>> ann = Actor(id="ann", name="Ann (carer)", role="carer", willingness="weekly")
>>> visit = Touchpoint(id="visit", name="Home visit", actors=[ann])
>>> journey = Journey(title="T", actors=[ann], assets=[Asset(holder=ann, kind="time")],
...     stages=[Stage(name="S", touchpoints=[visit])],
...     contributions=[Contribution(asset="ann_time", touchpoint=visit, phase="co_delivery", status="potential",
...                                 note="Could stay for the first hour")])
>>> [(a.text, a.horizon.value, a.addresses) for a in draft_actions(analyse(journey))]
[('Ask Ann to stay for the first hour at the home visit', 'month', ('ann_time', 'visit'))]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from journeymap.analysis import Analysis, Grade, PassiveTouchpoint, UnusedAsset, Untapped
from journeymap.errors import expect
from journeymap.model import Action, Actor, Asset, Journey, Touchpoint
from journeymap.model_outcomes import Outcome
from journeymap.outcomes import OutcomeFinding, OutcomeState
from journeymap.vocabulary import AssetKind, Horizon, Phase, Role
from journeymap.wording import listed

__all__ = ["Finding", "addressed_by", "addresses", "draft_actions", "finding_ids", "is_addressed", "open_to_asking",
           "plan_findings", "touchpoint_phrase"]

Finding = UnusedAsset | Untapped | PassiveTouchpoint | OutcomeFinding
"""A finding an action plan answers."""

# What a citizen is asked to do at a touchpoint, by Star phase, when the contribution's note does not say.
_PHASE_ASKS: dict[Phase, str] = {
    Phase.CO_COMMISSIONING: "help decide what is commissioned for",
    Phase.CO_DESIGN: "help design",
    Phase.CO_DELIVERY: "help deliver",
    Phase.CO_ASSESSMENT: "help review",
}

# An asset with no name, as the thing its holder is asked about ("their" is the singular they).
_KIND_PHRASES: dict[AssetKind, str] = {
    AssetKind.TIME: "the time they offer",
    AssetKind.SKILLS: "their skills",
    AssetKind.KNOWLEDGE: "what they know",
    AssetKind.LIVED_EXPERIENCE: "their lived experience",
    AssetKind.NETWORKS: "their network",
    AssetKind.MOTIVATION: "their drive",
    AssetKind.PHYSICAL: "what they could lend",
    AssetKind.FINANCIAL: "what they could give",
}

# What a note says the holder could do: "Group volunteers could meet people at the clinic" -> "meet people at...".
_COULD = re.compile(r"^(?P<who>.*?)\b(?:could|might|can)\s+(?:also\s+)?(?P<what>\S.*)$", re.IGNORECASE)
# Words that put "could" in a clause of its own ("... so Ray could go home sooner"): not what the holder could do.
_CLAUSE_WORDS = frozenset({"so", "that", "if", "because", "when", "but", "and", "which", "who", "or", "then"})
_SHORT_NAME = re.compile(r",\s|\s\(")
_WORD = re.compile(r"\w{4,}")


def finding_ids(finding: Finding) -> frozenset[str]:
    """The ids an action must hold in its ``addresses`` to address ``finding``."""
    if isinstance(finding, UnusedAsset):
        return frozenset({finding.asset.id})
    if isinstance(finding, Untapped):
        return frozenset({finding.asset.id, finding.touchpoint.id})
    if isinstance(finding, PassiveTouchpoint):
        return frozenset({finding.touchpoint.id})
    return frozenset({finding.outcome.id})


def addresses(action: Action, finding: Finding) -> bool:
    """True when ``action`` addresses ``finding``: its ``addresses`` hold every id the finding is about."""
    return finding_ids(finding) <= set(action.addresses)


def addressed_by(finding: Finding, actions: Iterable[Action]) -> Action | None:
    """The first of ``actions`` (whatever its status: a dropped one was decided against) that addresses it."""
    return next((action for action in actions if addresses(action, finding)), None)


def is_addressed(finding: Finding, actions: Iterable[Action]) -> bool:
    """True when any of ``actions`` addresses it (``addressed_by``)."""
    return addressed_by(finding, actions) is not None


def open_to_asking(holder: Actor) -> bool:
    """True when a plan may ask ``holder`` to do more: not unwilling (willing, or not asked) and not constrained."""
    return holder.willing is not False and not holder.constrained


def plan_findings(analysis: Analysis) -> tuple[Finding, ...]:
    """The findings an action plan answers, in the order they are drafted (see the module's docstring)."""
    journey = analysis.journey
    return (
        *(u for u in analysis.untapped if open_to_asking(journey.holder(u.asset))),
        *(u for u in analysis.unused_assets if u.grade is Grade.WILLING),
        *(p for p in analysis.passive_touchpoints if p.touchpoint.moment_of_truth),
        *(o for o in analysis.outcomes if o.state is OutcomeState.UNSERVED),
    )


def draft_actions(analysis: Analysis) -> tuple[Action, ...]:
    """One drafted action (status todo, no owner or due date) for each finding no action addresses yet, in the
    findings' order; each id new to the map.

    >>> from journeymap import Actor, Asset, Contribution, Journey, Stage, Touchpoint, analyse
    >>> ann = Actor(id="ann", name="Ann", role="carer", willingness="weekly")
    >>> journey = Journey(title="T", actors=[ann], assets=[Asset(id="ann_time", holder=ann, kind="time")],
    ...     stages=[Stage(name="S", touchpoints=[Touchpoint(id="visit", name="Home visit", actors=[ann])])],
    ...     contributions=[Contribution(asset="ann_time", touchpoint="visit", phase="co_delivery",
    ...                                 status="potential")])
    >>> [(a.horizon.value, a.addresses) for a in draft_actions(analyse(journey))]
    [('month', ('ann_time', 'visit'))]
    """
    expect(analysis, Analysis, "draft_actions(analysis)")
    journey = analysis.journey
    taken = {item.id for kind in (journey.actors, journey.assets, journey.stages, journey.touchpoints,
                                  journey.outcomes, journey.actions) for item in kind}
    drafted: list[Action] = []
    for finding in plan_findings(analysis):
        if is_addressed(finding, (*journey.actions, *drafted)):
            continue
        text, horizon, ids = _draft(journey, finding)
        action = _with_new_id(Action(text=text, horizon=horizon, addresses=ids), taken)
        taken.add(action.id)
        drafted.append(action)
    return tuple(drafted)


def _with_new_id(action: Action, taken: set[str]) -> Action:
    """The action, its id (derived from its text) made unique in the map with a number: ``ask_ann_2``."""
    if action.id not in taken:
        return action
    number = 2
    while f"{action.id}_{number}" in taken:
        number += 1
    return action.replace(id=f"{action.id}_{number}")


def _draft(journey: Journey, finding: Finding) -> tuple[str, Horizon, list[str]]:
    """An action's text, horizon and what it addresses, for one finding."""
    if isinstance(finding, Untapped):
        holder = journey.holder(finding.asset)
        serves = [o for o in finding.contribution.serves if o not in (finding.asset.id, finding.touchpoint.id)]
        return (_opportunity_text(journey, holder, finding), _asking(holder, Horizon.MONTH),
                [finding.asset.id, finding.touchpoint.id, *serves])
    if isinstance(finding, UnusedAsset):
        return (f"Ask {person(finding.holder)} where in the journey {_asset_phrase(finding.asset)} could help",
                _asking(finding.holder, Horizon.WEEK), [finding.asset.id])
    if isinstance(finding, PassiveTouchpoint):
        citizens = listed([person(a) for a in finding.citizens])
        return (f"Find a way for {citizens} to take part in {_the(finding.touchpoint)}, not just attend it",
                Horizon.ORGANISATION, [finding.touchpoint.id])
    return _outcome_draft(journey, finding.outcome)


def _opportunity_text(journey: Journey, holder: Actor, found: Untapped) -> str:
    """"Ask the Macular support group to meet people at the clinic": what the note says they could do, at the
    touchpoint unless the note names it; else what the Star phase asks, and the note after a colon."""
    note = (found.contribution.note or "").strip().rstrip(".")
    could = _COULD.search(note)
    if could and _holder_could(could.group("who"), holder, journey):
        what = could.group("what")
        named = {w.casefold() for w in _WORD.findall(found.touchpoint.name)} & \
            {w.casefold() for w in _WORD.findall(what)}
        return f"Ask {person(holder)} to {what}" + ("" if named else f" at {_the(found.touchpoint)}")
    said = f": {in_sentence(note)}" if note else ""
    return f"Ask {person(holder)} to {_PHASE_ASKS[found.phase]} {_the(found.touchpoint)}{said}"


def _holder_could(who: str, holder: Actor, journey: Journey) -> bool:
    """True when the words before "could" in a note may stand for the holder: none ("Could show newcomers..."),
    or a plain subject ("Group volunteers") that names no other actor and opens no clause of its own."""
    words = {w.casefold() for w in re.findall(r"\w+", who)}
    others = {person(a).casefold() for a in journey.actors if a.id != holder.id}
    return not words & _CLAUSE_WORDS and not any(name in who.casefold() for name in others)


def _outcome_draft(journey: Journey, outcome: Outcome) -> tuple[str, Horizon, list[str]]:
    people = [person(journey.actor(ident)) for ident in journey.outcome_for(outcome)]
    if people:
        return (f"Work out with {listed(people)} what would help towards “{outcome.name}”", Horizon.MONTH,
                [outcome.id])
    return f"Work out what would help towards “{outcome.name}”, and who could do it", Horizon.ORGANISATION, \
        [outcome.id]


def _asking(holder: Actor, horizon: Horizon) -> Horizon:
    """``horizon``, or partners when the holder is a community group: an organisation outside the service."""
    return Horizon.PARTNERS if holder.role is Role.COMMUNITY_GROUP else horizon


def _asset_phrase(asset: Asset) -> str:
    if asset.name is not None:
        return f"“{asset.name}”"
    if asset.kind is AssetKind.TIME and asset.hours_per_month:
        return f"the {asset.hours_per_month:g} hours a month they offer"
    return _KIND_PHRASES[asset.kind]


def person(actor: Actor) -> str:
    """How an action names an actor: the name before a comma or bracket ("Margaret, 78" is "Margaret"); a
    community group named by common nouns takes "the" ("the Macular support group", but "Age UK").

    >>> from journeymap import Actor
    >>> person(Actor(name="Jenny (daughter)", role="carer")), person(Actor(name="Macular support group",
    ...                                                                   role="community_group"))
    ('Jenny', 'the Macular support group')
    """
    short = _SHORT_NAME.split(actor.name, maxsplit=1)[0].strip() or actor.name.strip()
    last = short.split()[-1]
    if actor.role is Role.COMMUNITY_GROUP and last == last.lower() and short.split()[0].lower() != "the":
        return f"the {short}"
    return short


def in_sentence(text: str) -> str:
    """Text as it reads inside a sentence: the first letter lower case, unless its first word is an abbreviation
    or a name written with capitals inside it ("GP appointment" stays).

    >>> in_sentence("Eye clinic appointment"), in_sentence("GP appointment")
    ('eye clinic appointment', 'GP appointment')
    """
    first = text.split(maxsplit=1)[0] if text.split() else ""
    if any(c.isupper() for c in first[1:]):
        return text
    return text[:1].lower() + text[1:]


def touchpoint_phrase(name: str) -> str:
    """A touchpoint's name as a sentence names it: "the eye clinic appointment"; a name saying what the person
    does, without "the": "getting a referral voucher".

    >>> touchpoint_phrase("Eye clinic appointment"), touchpoint_phrase("Getting a referral voucher")
    ('the eye clinic appointment', 'getting a referral voucher')
    >>> touchpoint_phrase("Safeguarding concern"), touchpoint_phrase("Monitoring the care plan")
    ('the safeguarding concern', 'monitoring the care plan')
    """
    name = in_sentence(name.strip())
    words = name.lower().split()
    doing = bool(words) and words[0].endswith("ing") and (
        (len(words) > 1 and words[1] in _AFTER_A_VERB) or words[0] not in _ING_NOUNS)
    return name if doing or name.lower().startswith("the ") else f"the {name}"


# Words that follow a verb, not a noun: "Getting a voucher", "Monitoring the plan", "Waiting for a bed".
_AFTER_A_VERB = frozenset("a an the my your his her their our its this that these those some to for on in into out "
                          "back up with from at by about".split())
# Words in -ing that name a thing ("Safeguarding concern", "Booking"): they take "the".
_ING_NOUNS = frozenset("meeting briefing training screening booking hearing housing funding planning building setting "
                       "counselling counseling nursing safeguarding monitoring befriending mentoring signposting "
                       "parking shopping wellbeing morning evening opening recording reading testing scanning "
                       "clothing gathering offering learning teaching coaching cooking cleaning gardening "
                       "fundraising listening ending rehousing dressing washing bathing feeding".split())


def _the(touchpoint: Touchpoint) -> str:
    """A touchpoint as a sentence names it (touchpoint_phrase)."""
    return touchpoint_phrase(touchpoint.name)

