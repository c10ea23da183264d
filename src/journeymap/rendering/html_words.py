"""The report's map in words (every stage and touchpoint with its facts, who brings what, what goes unused) and its
section on people (each citizen's needs and capabilities).

The text alternative to the diagrams: a touchpoint's facts are the ones its tooltips give (see wording).
"""

from __future__ import annotations

from collections.abc import Iterable

from journeymap.analysis import Analysis, UnusedAsset
from journeymap.model import Asset, Contribution, FlowEdge, Journey, Stage, Touchpoint
from journeymap.people import profiles
from journeymap.rendering import records
from journeymap.rendering.html_glossary import glossed
from journeymap.rendering.html_markup import anchor, escape, labelled, section
from journeymap.rendering.html_surveys import surveys_in_words
from journeymap.rendering.legend import unused_look
from journeymap.rendering.style import Theme
from journeymap.wording import (
    Fact,
    contribution_note,
    hours_a_month,
    no_unused_assets,
    percent,
    sentence,
    touchpoint_facts,
    willingness,
    willingness_in_full,
    words,
)


def in_words(findings: Analysis, theme: Theme) -> str:
    """The section telling the whole map as text: stages and touchpoints in order, who brings what, what goes unused."""
    journey = findings.journey
    intro = ("<p>Everything the diagrams show, as text: each stage and its touchpoints in order, "
             "then who brings what, what goes unused, and what any surveys found.</p>")
    unshown = records.unshown_steps(journey)
    stages = [_stage(findings, s, n, len(journey.stages), unshown) for n, s in enumerate(journey.stages, 1)]
    if not stages:
        stages = ["<p>No stages recorded yet.</p>"]
    return section("words", "The map in words", intro, *stages, _who_brings_what(findings, theme),
                    _what_goes_unused(findings, theme), surveys_in_words(journey))


def _stage(findings: Analysis, stage: Stage, number: int, total: int, unshown: dict[str, str]) -> str:
    parts = [f'<h3 id="{anchor("stage", stage.id)}">Stage {number} of {total}: {escape(stage.name)}</h3>']
    if stage.description:
        parts.append(f"<p>{escape(stage.description)}</p>")
    counted = records.stage_facts(stage, first=number == 1)  # from records: its cases and entry wait
    if counted:
        parts.append("<p>" + escape(" ".join(sentence(f"{f.label}: {f.text}" if f.label else f.text)
                                             for f in counted)) + "</p>")
    if not stage.touchpoints:
        parts.append("<p>No touchpoints yet.</p>")
    else:
        items = "".join(_touchpoint(findings, t, unshown.get(t.id)) for t in stage.touchpoints)
        parts.append(f'<ol class="touchpoints">{items}</ol>')
    return "\n".join(parts)


def _touchpoint(findings: Analysis, touchpoint: Touchpoint, unshown: str | None) -> str:
    tags = []
    if touchpoint.moment_of_truth:
        tags.append('<span class="tag">moment of truth</span>')
    if findings.is_passive(touchpoint):
        tags.append('<span class="tag passive">passive</span>')
    title = f'<p><strong>{escape(touchpoint.name)}</strong> {" ".join(tags)}</p>'.replace(" </p>", "</p>")
    facts = "".join(f"<li>{fact}</li>" for fact in _facts(findings, touchpoint, unshown))
    return f'<li id="{anchor("touchpoint", touchpoint.id)}">{title}<ul class="facts">{facts}</ul></li>\n'


def _facts(findings: Analysis, touchpoint: Touchpoint, unshown: str | None) -> list[str]:
    """What is known about a touchpoint, as the diagrams' tooltips give it (its numbers from records too), then
    where it links; escaped markup."""
    journey = findings.journey
    facts = touchpoint_facts(findings, touchpoint) + records.touchpoint_facts(touchpoint, unshown)
    contributions = journey.contributions_at(touchpoint)
    made = [_contribution(journey, c) for c in contributions if c.is_actual]
    possible = [_contribution(journey, c) for c in contributions if not c.is_actual]
    facts.append(Fact("Contributions made", "; ".join(made) or "none"))
    if possible:
        facts.append(Fact("Contributions possible", "; ".join(possible)))
    nexts = [_next(journey, e) for e in journey.flow_edges if e.source == touchpoint.id]
    if nexts:
        facts.append(Fact("Leads to", "; ".join(nexts)))
    return [labelled(f.label, f.text) if f.label else escape(f.text) for f in facts]


def _contribution(journey: Journey, contribution: Contribution) -> str:
    asset = journey.asset(contribution.asset)
    text = f"{asset.label} from {journey.holder(asset).name} ({words(contribution.phase)})"
    note = contribution_note(contribution)
    return text + (f": {note}" if note else "")


def _next(journey: Journey, step: FlowEdge) -> str:
    """Where a step leads, with its own words and its numbers from records: ``Triage (884 cases · 1.1 days)``."""
    said = [text for text in (step.label, records.step_text(step)) if text]
    return journey.touchpoint(step.target).name + (f" ({'; '.join(said)})" if said else "")


def _who_brings_what(findings: Analysis, theme: Theme) -> str:
    journey = findings.journey
    parts = ["<h3>Who brings what</h3>"]
    if not journey.actors:
        parts.append("<p>No one recorded yet.</p>")
    for actor in journey.actors:
        about = [words(actor.role)]
        if actor.id == journey.persona:
            about.append("the persona")
        if actor.is_citizen:
            about.append(willingness_in_full(actor.willingness))
        sentences = [escape(", ".join(about).capitalize() + ".")]
        if actor.description:
            sentences.append(escape(_sentence(actor.description)))
        present = [t.name for t in journey.touchpoints if actor.id in t.actors]
        sentences.append(labelled("Present at", "; ".join(present) + ".") if present else "Not present at any touchpoint.")
        assets = [a for a in journey.assets if a.holder == actor.id]
        if not assets:
            sentences.append("No assets recorded.")
        parts.append(f'<h4 id="{anchor("actor", actor.id)}">{escape(actor.name)}</h4>\n<p>{" ".join(sentences)}</p>')
        if assets:
            parts.append("<ul>" + "".join(f'<li id="{anchor("asset", a.id)}">{_asset_use(findings, theme, a)}</li>'
                                          for a in assets) + "</ul>")
    return "\n".join(parts)


def _asset_use(findings: Analysis, theme: Theme, asset: Asset) -> str:
    journey = findings.journey
    kind = words(asset.kind) + (f", {hours_a_month(asset.hours_per_month)}" if asset.hours_per_month else "")
    head = f"<strong>{escape(asset.label)}</strong> ({escape(kind)})"
    used = [journey.touchpoint(c.touchpoint).name for c in journey.contributions_of(asset) if c.is_actual]
    if used:
        return f'{head} — <span class="tag used">used</span> at {escape("; ".join(_unique(used)))}'
    unused = findings.unused_asset(asset)
    if unused is None:  # a staff asset: enabling, never counted among the citizens' unused assets
        return f'{head} — <span class="tag">not used yet</span> (a staff asset)'
    where = f"; could help in {escape(names(unused.stages))}" if unused.stages else ""
    return f"{head} — {_unused_tag(theme, unused)}{where}"


def people(findings: Analysis, theme: Theme) -> str:
    """The section on each citizen: what matters to them (their own needs; the population's come first, for all),
    what they bring (used or not, and where), whether they want to do more and whether they can (their
    constraints as the map's author wrote them, for this report: never in a diagram)."""
    journey = findings.journey
    population = "; ".join(n.name + ("" if n.users is None else f" ({percent(n.users)} of users)")
                           for n in journey.needs if not n.is_personal)
    intro = "<p>" + glossed("What matters to each citizen, what they bring, whether they want to do more, and "
                            "whether they can: a needs and capabilities assessment.", set()) + "</p>"
    if population:
        intro += ("\n<p>" + labelled("What matters to the people the service is for (the population's needs)",
                                     population + ".") + "</p>")
    elif not journey.needs:
        intro += "\n<p>No needs recorded yet.</p>"
    parts = []
    for about in profiles(findings):
        actor = journey.actor(about["id"])
        constraints = about["constraints"]
        can = labelled("Constraints recorded", "; ".join(constraints) + ".") if constraints else \
            "No constraint recorded."
        parts.append(f"<h3>{escape(actor.name)}</h3>\n<p>{escape(words(actor.role).capitalize())}; "
                     f"{escape(willingness_in_full(actor.willingness))}. {can}</p>")
        if about["needs"]:
            own = "; ".join(n["need"] + _also_for(journey, n["shared_with"]) for n in about["needs"])
            parts.append(f"<p>{labelled('What matters to them', own + '.')}</p>")
        assets = [journey.asset(b["asset"]) for b in about["brings"]]
        parts.append("<ul>" + "".join(f"<li>{_asset_use(findings, theme, a)}</li>" for a in assets) + "</ul>"
                     if assets else "<p>No assets recorded.</p>")
    if not parts:
        parts.append("<p>No citizens recorded yet.</p>")
    return section("people", "People: needs and capabilities", intro, *parts)


def _also_for(journey: Journey, others: list[str]) -> str:
    """`` (also for Pat (wife))`` after a need that other citizens share, or nothing."""
    return f" (also for {', '.join(journey.actor(i).name for i in others)})" if others else ""


def _what_goes_unused(findings: Analysis, theme: Theme) -> str:
    unused = findings.unused_assets
    if not unused:
        return f"<h3>What goes unused</h3>\n<p>{escape(sentence(no_unused_assets(findings.journey)))}</p>"
    items = []
    for u in unused:
        text = f"{u.asset.label}: {words(u.asset.kind)} held by {u.holder.name}, {willingness(u.holder.willingness)}"
        if u.asset.hours_per_month:
            text += f", {hours_a_month(u.asset.hours_per_month)}"
        if u.stages:
            text += f"; could help in {names(u.stages)}"
        items.append(f"<li>{_unused_tag(theme, u)} {escape(text)}</li>")
    return f"<h3>What goes unused</h3>\n<ul>{''.join(items)}</ul>"


def _unused_tag(theme: Theme, unused: UnusedAsset) -> str:
    return f'<span class="tag {"muted" if unused_look(theme, unused.grade).faded else "unused"}">unused</span>'


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def names(stages: Iterable[Stage]) -> str:
    """Stages by name, ``; `` between them."""
    return "; ".join(s.name for s in stages)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
