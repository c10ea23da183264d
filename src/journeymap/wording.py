"""Words and figures as every view, the report and the command line print them: one home for presentation.

Model-level: it reads the model, the analysis and the vocabulary and draws nothing, so the diagrams, the HTML
report and ``journeymap analyse`` all take their wording, their figures and the facts of a card from here
and cannot disagree. Text comes out plain; each output escapes it in its own way. It is longer than 400 lines
because it is the one home of every word: split, the words would have two homes again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

import attrs

from journeymap.analysis import (
    Analysis,
    Grade,
    NeedGap,
    PassiveTouchpoint,
    PhaseCount,
    TokenisticTouchpoint,
    UnusedAsset,
)
from journeymap.analysis_records import co_production_unknown
from journeymap.model import Asset, Contribution, Journey, Touchpoint
from journeymap.outcomes import OutcomeFinding, OutcomeState
from journeymap.vocabulary import (
    EMOTION_MAX,
    EMOTION_MIN,
    ActionStatus,
    Horizon,
    Involvement,
    InvolvementGroup,
    Phase,
    Willingness,
)

MINUS = "\u2212"
"""The minus sign every signed figure is printed with (not a hyphen)."""

SEPARATOR = " · "
"""Between the short parts of one line: ``face to face · with Margaret, 78``."""

MOMENT_OF_TRUTH_BADGE = "★ MOMENT OF TRUTH"
PASSIVE_BADGE = "PASSIVE"
TOKENISM_BADGE = "TOKENISM"
STAFF_TAG = "staff"
"""The quiet tag on a staff asset: a professional's skills or network, enabling citizens."""
STAFF_NOT_USED = "not used yet"
"""A staff asset with no actual contribution: said quietly, never the UNUSED badge of citizens' assets."""


def joined(parts: Iterable[str | None], separator: str = SEPARATOR) -> str:
    """The non-empty parts joined by ``separator``.

    >>> joined(["face to face", None, "with Ann"])
    'face to face · with Ann'
    """
    return separator.join(p for p in parts if p)


# -- the vocabulary as prose ----------------------------------------------------------------


def words(value: str) -> str:
    """A vocabulary word as prose.

    >>> words("co_delivery"), words("face_to_face"), words(Phase.CO_COMMISSIONING)
    ('co-delivery', 'face to face', 'co-commissioning')
    """
    return value.replace("co_", "co-").replace("_", " ")


_PHASE_MEANINGS = {
    Phase.CO_COMMISSIONING: "deciding what is needed",
    Phase.CO_DESIGN: "shaping how it works",
    Phase.CO_DELIVERY: "helping to make it happen",
    Phase.CO_ASSESSMENT: "judging how well it works",
}


def phase_name(phase: Phase) -> str:
    """A Star phase as a name, capitalised: ``Co-commissioning``."""
    return words(phase).capitalize()


def phase_meaning(phase: Phase) -> str:
    """What citizens do in a phase, in a few words: ``helping to make it happen``."""
    return _PHASE_MEANINGS[phase]


def phase_kind(phase: Phase) -> str:
    """``action`` for co-delivery, ``voice`` for the other three phases."""
    return "action" if phase.is_action else "voice"


def involvement(value: Involvement) -> str:
    """A rung of the ladder with its group: ``informing (doing for)``."""
    return f"{words(value)} ({words(value.group)})"


# An actor's willingness to do more: a short phrase (diagrams), in full (prose), as an answer (tables).
_WILLINGNESS: dict[Willingness | None, tuple[str, str, str]] = {
    Willingness.WEEKLY: ("willing weekly", "willing to do more, a few hours a week", "yes, weekly"),
    Willingness.MONTHLY: ("willing monthly", "willing to do more, a few hours a month", "yes, monthly"),
    Willingness.NONE: ("not looking to do more", "not looking to do more", "no"),
    None: ("willingness not asked", "willingness not asked", "not asked"),
}


def willingness(value: Willingness | None) -> str:
    """An actor's willingness as a short phrase: ``willing weekly``, ``willingness not asked``."""
    return _WILLINGNESS[value][0]


def willingness_in_full(value: Willingness | None) -> str:
    """An actor's willingness in a sentence: ``willing to do more, a few hours a week``."""
    return _WILLINGNESS[value][1]


def willing_answer(value: Willingness | None) -> str:
    """Willing to do more? as a table answers it: ``yes, weekly``, ``no``, ``not asked``."""
    return _WILLINGNESS[value][2]


EMOTION_WORDS = ("very negative", "negative", "neutral", "positive", "very positive")
"""The emotion scale in words, from −2 to +2."""


def emotion_word(emotion: int) -> str:
    """An emotion score in words: ``very negative`` for −2."""
    return EMOTION_WORDS[max(EMOTION_MIN, min(EMOTION_MAX, emotion)) - EMOTION_MIN]


def emotion(value: int) -> str:
    """An emotion as a fact gives it, score and word: ``−2 (very negative)``."""
    return f"{signed(value)} ({emotion_word(value)})"


# -- figures -------------------------------------------------------------------------------------


def signed(number: int) -> str:
    """A whole number with its sign, a true minus: ``+1``, ``0``, ``−2``.

    >>> signed(1), signed(0), signed(-2)
    ('+1', '0', '−2')
    """
    return f"+{number}" if number > 0 else f"{MINUS}{-number}" if number < 0 else "0"


def whole_percent(share: float) -> int:
    """The whole percentage a share is printed as: the nearest to the share as written, halves up.

    The one rule for shares: ``0.135`` is 13.5 % and prints as 14 %, ``0.125`` as 13 %, whatever the
    float's binary digits (``0.145`` is a hair under 0.145 in binary, and still prints as 15 %).

    >>> whole_percent(0.135), whole_percent(0.125), whole_percent(0.145), whole_percent(0.01), whole_percent(1)
    (14, 13, 15, 1, 100)
    """
    return int((Decimal(repr(share)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(share: float) -> str:
    """A share as printed: ``0.91`` → ``91%``."""
    return f"{whole_percent(share)}%"


def points(gap: NeedGap) -> str:
    """A perception gap as printed, in percentage points: the difference of the two shares as printed.

    >>> from journeymap.model import Need
    >>> points(NeedGap(need=Need(name="n", users=0.135, staff=0.01))), percent(0.135), percent(0.01)
    ('+13 pts', '14%', '1%')
    >>> points(NeedGap(need=Need(name="n", users=0.53, staff=0.64)))
    '−11 pts'
    """
    return f"{signed(whole_percent(gap.users) - whole_percent(gap.staff))} pts"


INTERVAL_NOTE = "in brackets, the 95% interval (Wilson); n: how many in the group answered"
"""What a counted share's brackets and n mean, where a table or chart shows them."""


def interval(low: float, high: float) -> str:
    """A 95% interval as printed, each bound a whole percent by the rule for shares: ``84–95%``.

    >>> interval(0.8377, 0.9519), interval(0.0, 0.1611)
    ('84–95%', '0–16%')
    """
    return f"{whole_percent(low)}–{whole_percent(high)}%"


def sample(n: int) -> str:
    """How many answered, as printed beside a share: ``n=100``."""
    return f"n={n}"


def share_and_interval(share: float, bounds: tuple[float, float] | None) -> str:
    """A share as a table cell prints it: ``91% (84–95%)`` with its interval, ``91%`` without.

    >>> share_and_interval(0.91, (0.8377, 0.9519)), share_and_interval(0.91, None)
    ('91% (84–95%)', '91%')
    """
    return percent(share) if bounds is None else f"{percent(share)} ({interval(*bounds)})"


def share_in_full(share: float, n: int | None, bounds: tuple[float, float] | None) -> str:
    """A share as a tooltip gives it: ``91% (95% interval 84–95%, n=100)``, or ``91%`` when not counted.

    >>> share_in_full(0.91, 100, (0.8377, 0.9519)), share_in_full(0.91, None, None)
    ('91% (95% interval 84–95%, n=100)', '91%')
    """
    if n is None or bounds is None:
        return percent(share)
    return f"{percent(share)} (95% interval {interval(*bounds)}, {sample(n)})"


def counted_needs(gaps: Iterable[NeedGap]) -> bool:
    """True when any need says how many answered (its shares were counted from a survey)."""
    return any(g.need.n_users is not None or g.need.n_staff is not None for g in gaps)


def correlation(rho: float) -> str:
    """A correlation as printed, two places and a true minus: ``−0.60``, ``+1.00``."""
    return f"{rho:+.2f}".replace("-", MINUS)


def hours(value: float | None) -> str:
    """Hours as printed: ``8``, ``2.5``; empty when not given."""
    return f"{value:g}" if value is not None else ""


def hours_a_month(value: float, *, short: bool = False) -> str:
    """Hours a month in prose, ``8 hours a month``, or ``8 h/month`` where room is short."""
    return f"{hours(value)} h/month" if short else f"{hours(value)} hours a month"


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """A number and its noun: ``1 asset``, ``2 assets``, ``3 opportunities`` (``plural`` given), ``1,115 steps``."""
    return f"{number:,} {singular if number == 1 else plural or singular + 's'}"


def listed(items: Sequence[str], conjunction: str = "and") -> str:
    """Items in prose: ``a``, ``a and b``, ``a, b and c``."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def coverage(count: PhaseCount) -> str:
    """A phase's contributions in words: ``1 actual, 2 potential``, ``3 actual``, ``none``."""
    parts = [f"{n} {status}" for n, status in ((count.actual, "actual"), (count.potential, "potential")) if n]
    return ", ".join(parts) or "none"


# -- unused assets ---------------------------------------------------------------------------------


def unused_badge(unused: UnusedAsset) -> str:
    """The badge on an unused asset: loud and specific for a willing holder, quiet for an unwilling one."""
    if unused.grade is Grade.UNWILLING:
        return "unused · not looking to do more"
    if unused.grade is Grade.CONSTRAINED:  # the constraint itself is personal: it is told in the tooltip only
        return "unused · cannot do more"
    if unused.grade is Grade.UNSTATED:
        return "UNUSED"
    offered = unused.asset.hours_per_month
    offer = f"offers {hours_a_month(offered, short=True)}" if offered else None
    return joined(["UNUSED", offer, willingness(unused.holder.willingness)])


# -- the facts of a card -------------------------------------------------------------------------


@attrs.frozen
class Fact:
    """One thing known about a touchpoint or an asset: its label, if any, and its text."""

    label: str | None
    text: str

    def __str__(self) -> str:
        return f"{self.label}: {self.text}" if self.label else self.text


def tooltip_text(heading: str, facts: Iterable[Fact]) -> str:
    """A heading and its facts, a line each: a diagram's tooltip as plain text."""
    return "\n".join([heading, *map(str, facts)])


def people(journey: Journey, touchpoint: Touchpoint) -> str:
    """Who is at a touchpoint, by name: ``Margaret, 78; Jenny (daughter)`` ("; " as names may hold commas)."""
    return "; ".join(journey.actor(a).name for a in touchpoint.actors)


def card_details(journey: Journey, touchpoint: Touchpoint) -> str | None:
    """The line under a touchpoint's name on its card: ``face to face · with Margaret, 78; Jenny``."""
    present = people(journey, touchpoint)
    channel = words(touchpoint.channel).strip() if touchpoint.channel else None  # "_" is a channel of no words
    return joined([channel, present and f"with {present}"]) or None


def done_to_or_for(passive: PassiveTouchpoint) -> str:
    """The line under a passive touchpoint's badge: ``done to or for Margaret, 78``."""
    return "done to or for " + "; ".join(a.name for a in passive.citizens)


def tokenism_line(found: TokenisticTouchpoint) -> str:
    """The line under a touchpoint's TOKENISM badge: ``co-design claimed, no citizen there``."""
    missing = "no citizen there" if not found.citizens else "no citizen's asset used"
    return f"{words(found.involvement)} claimed, {missing}"


def tokenism_reason(found: TokenisticTouchpoint) -> str:
    """Why a claim to work with citizens is tokenism, in a sentence's words (tooltips, tables, check).

    >>> from journeymap import Actor, Journey, Stage, Touchpoint, analyse
    >>> ann = Actor(id="ann", name="Ann", role="service_user")
    >>> panel = Touchpoint(id="panel", name="Panel", actors=[ann], involvement="co_production")
    >>> tokenism_reason(analyse(Journey(title="T", actors=[ann], stages=[Stage(name="S", touchpoints=[panel])])).tokenism[0])
    'co-production claimed, but none of the assets of Ann, who is there, is used'
    """
    claim = f"{words(found.involvement)} claimed, but"
    if not found.citizens:
        return f"{claim} no citizen is there"
    verb = "is" if len(found.citizens) == 1 else "are"
    return f"{claim} none of the assets of {'; '.join(a.name for a in found.citizens)}, who {verb} there, is used"


def no_unused_assets(journey: Journey) -> str:
    """What a list of unused assets says when it is empty: every asset used, or nothing to judge yet; on a map from
    records, which hold only the assets people used, that no more can be known from them.

    >>> no_unused_assets(Journey(title="T"))
    'nothing to judge: the map records no one yet'
    """
    if not journey.actors:
        return "nothing to judge: the map records no one yet"
    if journey.evidence is not None:
        return f"none that records can show: ask people what {'else ' if journey.assets else ''}they would bring"
    if not journey.assets:
        return "nothing to judge: the map records no assets (what people bring) yet"
    return "none: every asset is used somewhere"


def no_co_production(journey: Journey) -> str:
    """What the lane of co-production today says when no contribution is in it: none recorded, or on a map from
    records, none they show, or that they cannot show any where they name no one's role."""
    if journey.evidence is None:
        return "none recorded"
    unknown = co_production_unknown(journey)
    if unknown and unknown >= {t.id for t in journey.touchpoints}:
        return "not known: the records do not say who took part"
    return "none that the records show"


def sentence(text: str) -> str:
    """A phrase as a sentence, capital first and a full stop: ``None: every asset is used somewhere.``"""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def no_passive_touchpoints(journey: Journey) -> str:
    """What a list of passive touchpoints says when it is empty: citizens contribute, or nothing to judge yet."""
    if not journey.touchpoints:
        return "nothing to judge: the map has no touchpoints yet"
    if not any(journey.actor(a).is_citizen for t in journey.touchpoints for a in t.actors):
        return "nothing to judge: no citizen is present at any touchpoint"
    unknown = len(co_production_unknown(journey))
    if unknown == len(journey.touchpoints):
        return "nothing to judge: the records cannot show who co-produces at any touchpoint (see the map's notes)"
    if unknown:
        return (f"none: citizens contribute wherever the records can show it (at {counted(unknown, 'touchpoint')} "
                "they cannot: see the map's notes)")
    return "none: citizens contribute wherever they are present"


def no_tokenism(journey: Journey) -> str:
    """What a list of tokenistic touchpoints says when it is empty."""
    claims = [t for t in journey.touchpoints if t.involvement is not None and t.involvement.group is InvolvementGroup.DOING_WITH]
    if not claims:
        return "none: no touchpoint claims co-design or co-production"
    return "none: citizens take part wherever co-design or co-production is claimed"


def feelings_not_recorded(journey: Journey, *, emotion: bool, pain_points: bool) -> str | None:
    """The line a view carries in place of what no touchpoint of the map records (``emotion``: how it feels;
    ``pain_points``), and where to find it; None when nothing is missing.

    >>> feelings_not_recorded(Journey(title="T"), emotion=True, pain_points=True)
    'How it feels and pain points: not in this map yet — add them from a survey or interviews'
    >>> feelings_not_recorded(Journey(title="T"), emotion=True, pain_points=False)
    'How it feels: not in this map yet — add it from a survey or interviews'
    """
    if not (emotion or pain_points):
        return None
    what = "How it feels and pain points" if emotion and pain_points else "How it feels" if emotion else "Pain points"
    why = "records do not say" if journey.evidence is not None else "not in this map yet"
    return f"{what}: {why} — add {'it' if what == 'How it feels' else 'them'} from a survey or interviews"


OUTCOME_STATES = {
    OutcomeState.UNSERVED: ("unserved", "nothing in the journey serves it"),
    OutcomeState.SERVICE_ONLY: ("service only", "served, but by no contribution of citizens' own: not co-produced"),
    OutcomeState.CO_PRODUCED: ("co-produced", "citizens' own contributions serve it"),
}
"""How far an outcome is served: a word or two, and what it means."""


def outcome_state(state: OutcomeState, *, in_full: bool = False) -> str:
    """How far an outcome is served: ``co-produced``, or in full ``co-produced: citizens' own contributions serve
    it``."""
    short, meaning = OUTCOME_STATES[state]
    return f"{short}: {meaning}" if in_full else short


def no_outcomes(journey: Journey) -> str:
    """What a list of outcomes says when the map has none."""
    return "none recorded (outcomes say what matters to the person; touchpoints and contributions may serve them)"


OUTCOME_MARK = "◎"
"""What marks an outcome on a diagram: on its card, and on a touchpoint that serves it, with its number."""

OUTCOME_BADGES = {
    OutcomeState.UNSERVED: "NOT SERVED YET",
    OutcomeState.SERVICE_ONLY: "SERVICE ONLY",
    OutcomeState.CO_PRODUCED: "CO-PRODUCED",
}
"""An outcome card's badge, by how far the outcome is served."""

CITIZENS_LISTED = 3  # an outcome card names this many of the citizens' contributions serving it, then counts


def outcome_mark(number: int) -> str:
    """An outcome's mark and number, as a touchpoint serving it and the key show it: ``◎ 1``."""
    return f"{OUTCOME_MARK}\u00a0{number}"


def outcome_badge(number: int, state: OutcomeState) -> str:
    """An outcome card's badge: its mark and number, and how far it is served: ``◎ 1 · CO-PRODUCED``."""
    return f"{outcome_mark(number)}{SEPARATOR}{OUTCOME_BADGES[state]}"


def outcome_people(journey: Journey, people: Iterable[str]) -> str:
    """The citizens an outcome is for, by name, in prose: ``Ray and Pat``."""
    return listed([journey.actor(ident).name for ident in people])


def what_matters(journey: Journey, findings: Iterable[OutcomeFinding]) -> str:
    """The title of a diagram's outcomes: ``What matters to Margaret, 78``, or to everyone they are for."""
    people = list(dict.fromkeys(ident for finding in findings for ident in finding.people))
    return f"What matters to {outcome_people(journey, people)}" if people else "What matters"


def outcome_serving(journey: Journey, finding: OutcomeFinding) -> list[str]:
    """What serves an outcome, as lines for its card: what citizens bring to it, or why nothing of theirs does."""
    if finding.state is OutcomeState.UNSERVED:
        return ["nothing in the journey serves it yet"]
    if finding.state is OutcomeState.SERVICE_ONLY:
        return ["served by the service alone: nothing citizens bring serves it"]
    brought = list(dict.fromkeys(_brought(journey, c) for c in finding.contributions))
    shown = brought[:CITIZENS_LISTED]
    if len(brought) > len(shown):
        shown.append(f"and {len(brought) - len(shown)} more")
    return ["citizens bring:", *(f"+ {line}" for line in shown)]


def _brought(journey: Journey, contribution: Contribution) -> str:
    """A contribution as what its holder brings: ``Jenny (daughter): Time``."""
    asset = journey.asset(contribution.asset)
    return f"{journey.actor(asset.holder).name}: {asset.label}"


def outcome_places(journey: Journey, finding: OutcomeFinding) -> list[str]:
    """The ids of the touchpoints where an outcome is served: those that serve it, in journey order, then those
    where an actual contribution naming it is made (it is served there, though the touchpoint does not say so)."""
    serving = {t.id for t in finding.touchpoints}
    named = {c.touchpoint for c in journey.contributions if c.is_actual and finding.outcome.id in c.serves}
    order = [t.id for t in journey.touchpoints]
    return [i for i in order if i in serving] + [i for i in order if i in named - serving]


def outcome_facts(findings: Analysis, finding: OutcomeFinding) -> list[Fact]:
    """What is known about an outcome, under its name: for whom, how far it is served, and what serves it."""
    journey = findings.journey
    outcome = finding.outcome
    facts = [Fact(None, outcome.description)] if outcome.description else []
    if finding.people:
        facts.append(Fact("For", outcome_people(journey, finding.people)))
    facts.append(Fact("State", outcome_state(finding.state, in_full=True)))
    if finding.touchpoints:
        facts.append(Fact("Served at", "; ".join(t.name for t in finding.touchpoints)))
    direct = [c for c in journey.contributions if c.is_actual and outcome.id in c.serves
              and c.touchpoint not in {t.id for t in finding.touchpoints}]
    if direct:
        facts.append(Fact("Served by", "; ".join(contribution_heading(journey, c) for c in direct)))
    if finding.contributions:
        facts.append(Fact("Citizens bring", "; ".join(dict.fromkeys(_brought(journey, c)
                                                                     for c in finding.contributions))))
    facts += [Fact("Named as a need", need.name) for need in finding.needs]
    return facts


def serves_facts(findings: Analysis, touchpoint: Touchpoint) -> list[Fact]:
    """The outcomes served at a touchpoint (by it, or by a contribution made there), each with how far it is
    served, for the touchpoint's tooltip."""
    return [Fact("Serves", f"{found.outcome.name} ({outcome_state(found.state)})")
            for found in findings.outcomes if touchpoint.id in outcome_places(findings.journey, found)]


def touchpoint_facts(findings: Analysis, touchpoint: Touchpoint, *, feelings: bool = True) -> list[Fact]:
    """What is known about a touchpoint, in the order the tooltips and the report give it.

    ``feelings=False`` leaves out the emotion and the pain points, for a view that draws them apart.
    """
    journey = findings.journey
    facts = [Fact(None, touchpoint.description)] if touchpoint.description else []
    if touchpoint.channel:
        facts.append(Fact("Channel", words(touchpoint.channel)))
    if touchpoint.lane is not None:
        facts.append(Fact("Blueprint lane", words(touchpoint.lane)))
    present = people(journey, touchpoint)
    if present:
        facts.append(Fact("Who is there", present))
    if feelings and touchpoint.emotion is not None:
        facts.append(Fact("Emotion", emotion(touchpoint.emotion)))
    if touchpoint.involvement is not None:
        facts.append(Fact("Involvement", involvement(touchpoint.involvement)))
    if feelings:
        facts += [Fact("Pain point", pain) for pain in touchpoint.pain_points]
    if touchpoint.moment_of_truth:
        facts.append(Fact(None, "Moment of truth"))
    passive = findings.passive_touchpoint(touchpoint)
    if passive is not None:
        names = "; ".join(a.name for a in passive.citizens)
        # A discovered map's actors are groups ("People using the service"), a drawn one's often one person.
        verb = "is" if len(passive.citizens) == 1 and journey.evidence is None else "are"
        facts.append(Fact("Passive", f"{names} {verb} there, but none of the citizens' assets is used"))
    tokenism = findings.tokenistic(touchpoint)
    if tokenism is not None:
        facts.append(Fact("Tokenism", tokenism_reason(tokenism)))
    return facts


def asset_facts(findings: Analysis, asset: Asset) -> list[Fact]:
    """What is known about an asset, under its label: kind and holder, hours offered, whether it goes unused."""
    holder = findings.journey.holder(asset)
    facts = [Fact(None, f"{words(asset.kind)}, held by {holder.name}")]
    if asset.hours_per_month is not None:
        facts.append(Fact(None, hours_a_month(asset.hours_per_month, short=True)))
    if asset.description:
        facts.append(Fact(None, asset.description))
    if not holder.is_citizen:
        facts.append(Fact(None, "Staff asset: it enables citizens, counted apart from their own"))
    if findings.is_unused(asset):
        facts.append(Fact(None, f"Unused ({willingness(holder.willingness)})"))
        facts += [Fact("Cannot do more", constraint) for constraint in holder.constraints]
    return facts


def contribution_heading(journey: Journey, contribution: Contribution) -> str:
    """A contribution's tooltip heading, the asset and where it goes: ``Time → Home assessment``."""
    return f"{journey.asset(contribution.asset).label} → {journey.touchpoint(contribution.touchpoint).name}"


def contribution_facts(contribution: Contribution) -> list[Fact]:
    """What a contribution is, under its heading: its phase and status, and its note."""
    facts = [Fact(None, f"{words(contribution.phase)}, {contribution.status.value}")]
    note = contribution_note(contribution)
    return facts + ([Fact(None, note)] if note else [])


def contribution_note(contribution: Contribution) -> str | None:
    """What is said of a contribution besides its phase: from records, the cases and events its holder acted in
    there, then its note.

    >>> contribution_note(Contribution(asset="carers_time", touchpoint="visit", phase="co_delivery", cases=1200,
    ...                                events=1, note="Often at weekends"))
    '1,200 cases, 1 event; Often at weekends'
    """
    numbers = ", ".join(counted(number, noun) for number, noun in ((contribution.cases, "case"),
                                                                     (contribution.events, "event"))
                        if number is not None)
    return "; ".join(text for text in (numbers, contribution.note) if text) or None


# -- the findings in a paragraph ---------------------------------------------------------------


def summary(findings: Analysis) -> str:
    """One paragraph summarising the findings: unused assets, untapped opportunities, passive touchpoints, Star."""
    return " ".join([_unused_sentence(findings), _untapped_sentence(findings), _passive_sentence(findings),
                     _star_sentence(findings)])


def _unused_sentence(findings: Analysis) -> str:
    unused = findings.unused_assets
    if not findings.journey.assets:
        return "No assets are recorded yet."
    if not unused:
        if findings.journey.evidence is not None:  # records hold only the assets people used
            return sentence(no_unused_assets(findings.journey))
        count = len(findings.citizen_assets)
        return "The one asset recorded is used." if count == 1 else f"All {count} assets are used somewhere."
    willing = sum(1 for u in unused if u.grade is Grade.WILLING)
    of_all = f"{len(unused)} of {counted(len(findings.citizen_assets), 'asset')}"
    verb = "goes" if len(unused) == 1 else "go"
    if willing == 0:
        held = "none held by anyone who said they are willing to do more"
    elif willing == len(unused):
        held = {1: "held by someone willing to do more", 2: "both held by people willing to do more"}.get(
            willing, f"all {willing} held by people willing to do more")
    else:
        held = f"{willing} of them held by {'someone' if willing == 1 else 'people'} willing to do more"
    willing_hours = findings.unused_willing_hours
    offer = f", offering {hours_a_month(willing_hours)}" if willing_hours else ""
    return f"{of_all} {verb} unused, {held}{offer}."


def _untapped_sentence(findings: Analysis) -> str:
    count = len(findings.untapped)
    if count == 0:
        return "No identified opportunity is left untapped."
    verb = "is" if count == 1 else "are"
    return f"{counted(count, 'identified opportunity', 'identified opportunities')} {verb} untapped."


def _passive_sentence(findings: Analysis) -> str:
    count, total = len(findings.passive_touchpoints), len(findings.journey.touchpoints)
    if total == 0:
        return "No touchpoints are recorded yet."
    if count == 0 and co_production_unknown(findings.journey):
        return sentence(no_passive_touchpoints(findings.journey))
    if count == 0:
        return "No touchpoint is passive: citizens contribute wherever they are present."
    return (f"{count} of {counted(total, 'touchpoint')} {'is' if count == 1 else 'are'} passive: "
            "citizens are there but none of their assets is used.")


def _star_sentence(findings: Analysis) -> str:
    used = [f"{words(phase)} {coverage(c)}" for phase, c in findings.star_coverage.items() if c.total]
    if not used:
        return "No contributions are recorded against the Co-production Star."
    empty = [words(phase) for phase, c in findings.star_coverage.items() if not c.total]
    gaps = f"; none in {listed(empty, 'or')}" if empty else ""
    return f"Contributions by Co-production Star phase: {'; '.join(used)}{gaps}."


HORIZON_BOXES: dict[Horizon, str] = {
    Horizon.WEEK: "I will do within a week",
    Horizon.MONTH: "I will do within a month",
    Horizon.ORGANISATION: "Others in my organisation should",
    Horizon.PARTNERS: "People in partner organisations should",
}
"""The action plan's four boxes, in the method's own words, in the order the form reads."""

STATUS_WORDS: dict[ActionStatus, str] = {
    ActionStatus.TODO: "to do",
    ActionStatus.DOING: "under way",
    ActionStatus.DONE: "done",
    ActionStatus.DROPPED: "dropped",
}
"""Where an action stands, in words."""

NO_ACTION_PLAN = "No action plan yet: `journeymap plan MAP` drafts one from the findings."
"""What the action plan says when a map has no actions."""

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def due_date(day: datetime.date) -> str:
    """A due date as people write it, whatever the machine's locale: ``31 January 2027``.

    >>> due_date(datetime.date(2027, 1, 31))
    '31 January 2027'
    """
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
