"""The HTML report: one self-contained, accessible page with every view, the findings and the map in words.

The page loads nothing and runs nothing: styles are inline, there is no script at all, and a
Content-Security-Policy forbids both, so a label that looks like markup stays text even if some
escaping were ever missed. Every piece of the map's text is escaped with :func:`html.escape`.

Ids: the page's own ids hold no hyphen (``summary``, ``view_flow``...), and every id inside a diagram
is prefixed with its view's name and a hyphen (``asset-know_how`` becomes ``flow-asset-know_how``),
so no two elements of the page share an id. Classes inside the diagrams stay as the SVG contract says.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import attrs

from journeymap.analysis import Analysis, PhaseCount, UnusedAsset
from journeymap.model import Actor, Asset, Contribution, Journey, Stage, Touchpoint
from journeymap.rendering import dot, svg
from journeymap.text import words
from journeymap.rendering.legend import signed
from journeymap.rendering.style import DEFAULT, Box, Stroke, Theme
from journeymap.text import counted, summary
from journeymap.vocabulary import Phase, Willingness

CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
"""Nothing may load or run but the page's own styles."""

FONT_STACK = ('"DejaVu Sans", "Liberation Sans", "Segoe UI", Roboto, "Helvetica Neue", Arial, '
              '"Noto Sans", sans-serif')

# Text colours meet WCAG AA (4.5:1) on their backgrounds; the vermillion of the diagrams (#D55E00)
# does not under white text, so tags use a darker shade of it.
_CSS = """
:root { color-scheme: light; --ink: #1f1f1f; --muted: #555555; --rule: #d0d7de; --soft: #f4f6f8;
  --accent: #0b5394; --unused: #a63f00; }
* { box-sizing: border-box; }
html { font-family: FONTS; line-height: 1.5; color: var(--ink); background: #ffffff; }
body { margin: 0; overflow-wrap: break-word; }
a { color: var(--accent); }
a:focus-visible, input:focus-visible + label, .diagram:focus-visible { outline: 3px solid var(--accent);
  outline-offset: 2px; }
.skip { position: absolute; left: -10000px; top: 0; padding: .5rem 1rem; background: #ffffff; z-index: 2; }
.skip:focus { left: 1rem; top: .5rem; }
nav.contents { background: #1f2933; color: #ffffff; padding: .6rem 1.5rem; }
nav.contents ul { list-style: none; margin: 0 auto; padding: 0; max-width: 80rem; display: flex;
  flex-wrap: wrap; gap: .25rem 1.5rem; }
nav.contents a { color: #ffffff; }
nav.contents .brand { font-weight: bold; }
main { max-width: 80rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 2.1rem; line-height: 1.2; margin: 1rem 0 .5rem; }
h2 { font-size: 1.5rem; line-height: 1.25; margin: 2.75rem 0 .75rem; padding-bottom: .3rem;
  border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; }
h4 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
p, li, dd { max-width: 72ch; }
.persona { font-size: 1.15rem; margin: .25rem 0; }
.description { color: var(--muted); margin: .25rem 0 1rem; }
.label { font-weight: bold; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; margin: 1rem 0; }
.figures li { flex: 1 1 13rem; max-width: 20rem; padding: .75rem 1rem; background: var(--soft);
  border: 1px solid var(--rule); border-left: 6px solid var(--accent); }
.figures li.alert { border-left-color: #d55e00; }
.figures li.calm { border-left-color: #009e73; }
.figures .number { display: block; font-size: 2rem; font-weight: bold; line-height: 1.1; }
.hint { color: var(--muted); margin: .25rem 0 .5rem; }
.zoom { width: 1.1rem; height: 1.1rem; vertical-align: middle; margin: 0 .4rem 0 0; }
.zoom + label { cursor: pointer; }
.diagram { margin: .5rem 0 0; padding: .5rem; overflow: auto; background: #ffffff;
  border: 1px solid var(--rule); }
.diagram svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
.zoom:checked ~ .diagram svg { max-width: none; }
.diagram svg :is(.node, .edge, .cluster) { cursor: help; }
.diagram svg :is(.node, .edge, .cluster):hover { filter: drop-shadow(0 0 4px #0072b2); }
.scroll { overflow-x: auto; margin: .5rem 0 1.5rem; }
.scroll:focus-visible { outline: 3px solid var(--accent); }
table { border-collapse: collapse; min-width: 60%; }
caption { text-align: left; font-weight: bold; padding: 0 0 .4rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .8rem; border-bottom: 1px solid var(--rule); }
thead th { background: var(--soft); border-bottom: 2px solid #8c959f; }
tbody th { font-weight: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tag { display: inline-block; padding: 0 .45rem; border-radius: 3px; font-size: .85rem; font-weight: bold;
  color: #ffffff; background: #1f1f1f; }
.tag.unused { background: var(--unused); }
.tag.muted { background: #ffffff; color: var(--unused); border: 1px dashed var(--unused); }
.tag.passive { background: #555555; }
.tag.used { background: #007a5a; }
.legend { list-style: none; padding: 0; }
.legend li { display: flex; align-items: center; gap: .75rem; margin: .45rem 0; }
.swatch { flex: none; display: inline-block; width: 3rem; height: 1.6rem; }
.swatch.line { height: 0; position: relative; }
.swatch.arrow::after { content: ""; position: absolute; right: -2px; top: -6px; border-left: 10px solid;
  border-left-color: inherit; border-top: 5px solid transparent; border-bottom: 5px solid transparent; }
.moods { flex: none; display: inline-flex; gap: .25rem; }
.moods .swatch { width: 1.6rem; }
.touchpoints > li { margin: 0 0 1rem; }
.touchpoints > li > p { margin: 0; }
.facts { margin: .25rem 0 0; padding-left: 1.25rem; }
footer { max-width: 80rem; margin: 0 auto; padding: 1rem 1.5rem 2rem; color: var(--muted);
  border-top: 1px solid var(--rule); }
@media print {
  nav.contents, .skip, .zoom, .zoom + label, .hint { display: none; }
  .diagram { border: none; overflow: visible; padding: 0; }
  section.view { break-inside: avoid; }
}
""".replace("FONTS", FONT_STACK)

_WILLINGNESS = {
    Willingness.WEEKLY: "willing to do more, a few hours a week",
    Willingness.MONTHLY: "willing to do more, a few hours a month",
    Willingness.NONE: "not looking to do more",
    None: "willingness not asked",
}


@attrs.frozen(kw_only=True)
class Diagram:
    """One view drawn for the report: its name, its title in words and its SVG."""

    name: str
    title: str
    svg: bytes


def report(findings: Analysis, diagrams: Sequence[Diagram], theme: Theme = DEFAULT) -> bytes:
    """The report of an analysed journey holding the given diagrams, as UTF-8 HTML."""
    journey = findings.journey
    sections = [
        _header(journey),
        _summary(findings),
        *(_view(d) for d in diagrams),
        _legend(findings, theme),
        _findings(findings),
        _in_words(findings, theme),
    ]
    body = "\n".join([_contents(diagrams), '<main id="main">', *sections, "</main>", _FOOTER])
    return _page(f"{journey.title} — journey map report", body).encode("utf-8")


# -- the page ---------------------------------------------------------------------------


def _page(title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">
<meta name="generator" content="journeymap">
<title>{_e(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
{body}
</body>
</html>
"""


_FOOTER = ("<footer><p>Made with journeymap. This report is a single file: it works offline, "
           "loads nothing from the network and runs no scripts.</p></footer>")


def _contents(diagrams: Sequence[Diagram]) -> str:
    links = [("summary", "Summary"), *((f"view_{d.name}", d.title) for d in diagrams),
             ("legend", "Legend"), ("findings", "Findings"), ("words", "The map in words")]
    items = "".join(f'<li><a href="#{target}">{_e(text)}</a></li>' for target, text in links)
    return (f'<nav class="contents" aria-label="Contents"><ul><li class="brand">Journey map report</li>'
            f"{items}</ul></nav>")


def _header(journey: Journey) -> str:
    parts = [f"<h1>{_e(journey.title)}</h1>"]
    persona = journey.persona_actor
    if persona is not None:
        about = persona.name + (f" — {persona.description}" if persona.description else "")
        parts.append(f'<p class="persona"><span class="label">Persona:</span> {_e(about)}</p>')
    if journey.description:
        parts.append(f'<p class="description">{_e(journey.description)}</p>')
    return "<header>" + "\n".join(parts) + "</header>"


def _section(ident: str, heading: str, *content: str, kind: str = "") -> str:
    css = f' class="{kind}"' if kind else ""
    return f'<section id="{ident}"{css}>\n<h2>{_e(heading)}</h2>\n' + "\n".join(content) + "\n</section>"


# -- summary ------------------------------------------------------------------------------


def _summary(findings: Analysis) -> str:
    journey = findings.journey
    unused, untapped, passive = findings.unused_assets, findings.untapped, findings.passive_touchpoints
    willing = sum(1 for u in unused if u.willing)
    figures: list[tuple[float, str]] = [
        (len(unused), f"of {counted(len(journey.assets), 'asset')} unused, {willing} from willing holders"),
        (len(untapped), "untapped " + _plural(len(untapped), "opportunity", "opportunities")),
        (len(passive), f"of {counted(len(journey.touchpoints), 'touchpoint')} passive"),
    ]
    if findings.unused_willing_hours:
        figures.append((findings.unused_willing_hours, "hours a month offered by willing holders, unused"))
    items = "".join(f'<li class="{"alert" if number else "calm"}"><span class="number">{number:g}</span> '
                    f"{_e(text)}</li>" for number, text in figures)
    return _section("summary", "Summary", f'<ul class="figures">{items}</ul>', f"<p>{_e(summary(findings))}</p>")


# -- diagrams -----------------------------------------------------------------------------


def _view(diagram: Diagram) -> str:
    name = _slug(diagram.name)
    zoom = f"zoom_{name}"
    hint = ('<p class="hint">Hover over a box or a line to see its details. Everything drawn here is also '
            'written out in <a href="#words">the map in words</a>.</p>')
    toggle = f'<input type="checkbox" class="zoom" id="{zoom}"><label for="{zoom}">Show at full size</label>'
    figure = (f'<div class="diagram" role="region" tabindex="0" aria-label="{_e(diagram.title)} (diagram)">'
              f"\n{svg.inline(diagram.svg, diagram.name)}\n</div>")
    return _section(f"view_{name}", diagram.title, hint, toggle, figure, kind="view")


def _slug(name: str) -> str:
    """A name as part of a page id: no hyphen, so it never matches an id inside a diagram."""
    return "".join(c if c.isalnum() else "_" for c in name)


# -- legend -------------------------------------------------------------------------------


# The states of the visual language (DESIGN.md), in the order the diagrams' own keys list them.
_STATES = ("unused_willing", "unused", "unused_unwilling", "asset", "actual", "potential", "passive",
           "touchpoint", "moment_of_truth", "flow", "emotion")

_STATE_WORDS = {
    "unused_willing": "Unused asset, its holder willing to do more: bold dashed outline, tinted, "
                      "with an UNUSED badge — the strongest signal.",
    "unused": "Unused asset, willingness not asked: dashed outline with an UNUSED badge.",
    "unused_unwilling": "Unused asset whose holder is not looking to do more: shown faded, out of respect.",
    "asset": "Asset in use: thin solid outline.",
    "actual": "Actual contribution, happening today: solid line.",
    "potential": "Potential contribution, an identified opportunity: dashed line.",
    "passive": "Passive touchpoint — citizens are there but none of their assets is used: grey fill, "
               "dotted border and a PASSIVE badge.",
    "touchpoint": "Touchpoint where citizens contribute, or where no citizen is present: white box.",
    "moment_of_truth": "Moment of truth, which makes or breaks the experience: a dark MOMENT OF TRUTH badge.",
    "flow": "Next step in the journey: arrow.",
    "emotion": "How it feels, from −2 (very negative) to +2 (very positive): a coloured pill with the "
               "score and a word.",
}


def _states(findings: Analysis) -> list[str]:
    """The states that occur in this journey, so the legend explains only what is drawn."""
    journey = findings.journey
    grades = {u.grade for u in findings.unused_assets}
    statuses = {c.status.value for c in journey.contributions}
    passive = len(findings.passive_touchpoints)
    present = {
        "unused_willing": "willing" in grades, "unused": "unstated" in grades,
        "unused_unwilling": "unwilling" in grades, "asset": len(findings.unused_assets) < len(journey.assets),
        "actual": "actual" in statuses, "potential": "potential" in statuses,
        "passive": passive > 0, "touchpoint": len(journey.touchpoints) > passive,
        "moment_of_truth": any(t.moment_of_truth for t in journey.touchpoints),
        "flow": bool(journey.flow_edges), "emotion": any(t.emotion is not None for t in journey.touchpoints),
    }
    return [state for state in _STATES if present[state]]


def _legend(findings: Analysis, theme: Theme) -> str:
    states = _states(findings)
    if not states:
        return _section("legend", "Legend", "<p>Nothing is drawn yet.</p>")
    items = "".join(f"<li>{_swatch(theme, state, findings)}<span>{_e(_STATE_WORDS[state])}</span></li>"
                    for state in states)
    intro = ("<p>How to read the diagrams; each diagram also carries its own key. Every state has a shape "
             "or a line style as well as a colour.</p>")
    return _section("legend", "Legend", intro, f'<ul class="legend">{items}</ul>')


def _swatch(theme: Theme, state: str, findings: Analysis) -> str:
    boxes = {"unused_willing": theme.unused_willing, "unused": theme.unused, "unused_unwilling": theme.unused_unwilling,
             "asset": theme.asset, "passive": theme.passive, "touchpoint": theme.touchpoint}
    lines = {"actual": theme.actual, "potential": theme.potential, "flow": theme.flow}
    if state in boxes:
        return _box_swatch(boxes[state])
    if state in lines:
        return _line_swatch(lines[state], arrow=state == "flow")
    if state == "moment_of_truth":
        return f'<span class="swatch" aria-hidden="true" style="background:{theme.moment_badge.fill}"></span>'
    emotions = sorted({t.emotion for t in findings.journey.touchpoints if t.emotion is not None})
    cells = "".join(f'<span class="swatch" style="background:{theme.mood(e).fill}"></span>' for e in emotions)
    return f'<span class="moods" aria-hidden="true">{cells}</span>'


def _border(stroke: Stroke, side: str = "border") -> str:
    return f"{side}:{max(1.0, stroke.width):g}px {stroke.style} {stroke.color}"


def _box_swatch(box: Box) -> str:
    return f'<span class="swatch" aria-hidden="true" style="{_border(box.border)};background:{box.fill}"></span>'


def _line_swatch(stroke: Stroke, *, arrow: bool = False) -> str:
    style = f"{_border(stroke, 'border-top')};border-left-color:{stroke.color}"
    return f'<span class="swatch line{" arrow" if arrow else ""}" aria-hidden="true" style="{style}"></span>'


# -- findings -----------------------------------------------------------------------------


def _findings(findings: Analysis) -> str:
    parts = [_unused_table(findings), _untapped_table(findings), _passive_table(findings),
             _star_tables(findings), _gap_table(findings)]
    return _section("findings", "Findings", *parts)


def _unused_table(findings: Analysis) -> str:
    rows = [[u.asset.label, u.holder.name, words(u.asset.kind), _willing(u), _hours(u.asset.hours_per_month),
             _names(u.stages) or "—"] for u in findings.unused_assets]
    return _finding(
        "Unused assets", "Assets with no actual contribution anywhere in the journey.",
        f"{counted(len(rows), 'unused asset')}, in map order",
        ["Asset", "Held by", "Kind", "Willing to do more", "Hours a month", "Could help in"], rows,
        "None: every asset is used somewhere.", numeric={4})


def _untapped_table(findings: Analysis) -> str:
    rows = [[u.asset.label, u.touchpoint.name, u.stage.name, words(u.phase), u.contribution.note or "—"]
            for u in findings.untapped]
    return _finding(
        "Untapped opportunities",
        "Potential contributions with no actual contribution of the same asset at the same touchpoint.",
        f"{counted(len(rows), 'untapped opportunity', 'untapped opportunities')}",
        ["Asset", "Touchpoint", "Stage", "Star phase", "Note"], rows, "None.")


def _passive_table(findings: Analysis) -> str:
    rows = [[p.touchpoint.name, p.stage.name, "; ".join(a.name for a in p.citizens)]
            for p in findings.passive_touchpoints]
    return _finding(
        "Passive touchpoints",
        "Touchpoints where citizens are present but none of their assets is actually used: "
        "the service does things to them or for them.",
        f"{counted(len(rows), 'passive touchpoint')}", ["Touchpoint", "Stage", "Citizens present"], rows,
        "None: citizens contribute wherever they are present.")


def _star_tables(findings: Analysis) -> str:
    overall = [[words(p), "action" if p.is_action else "voice", str(c.actual), str(c.potential)]
               for p, c in findings.star_coverage.items()]
    parts = [
        "<h3>Co-production Star coverage</h3>",
        "<p>Contributions counted by phase of the Co-production Star: co-delivery is citizens' action, "
        "the other three phases citizens' voice.</p>",
        _table("Contributions per Star phase", ["Phase", "Citizens'", "Actual", "Potential"], overall,
               numeric={2, 3}),
    ]
    stages = findings.journey.stages
    if stages:
        rows = [[s.name, *(_coverage(findings.star_coverage_by_stage[s.id][p]) for p in Phase)] for s in stages]
        parts.append(_table("Contributions per stage and Star phase", ["Stage", *(words(p) for p in Phase)],
                            rows))
    return "\n".join(parts)


def _gap_table(findings: Analysis) -> str:
    rows = [[g.need.name, _percent(g.need.users), _percent(g.need.staff), _percent(g.gap, signed=True)]
            for g in findings.perception_gap]
    table = _finding(
        "Perception gap", "The share of users and of staff who name each need; a positive gap means staff "
        "underrate it.", f"{counted(len(rows), 'need')} as users and staff see them",
        ["Need", "Users", "Staff", "Gap"], rows, "No needs recorded.", numeric={1, 2, 3})
    if findings.rank_agreement is not None:
        table += (f"\n<p>Rank agreement between users and staff (Spearman): "
                  f"{_e(f'{findings.rank_agreement:+.2f}'.replace('-', '−'))}.</p>")
    return table


def _finding(title: str, about: str, caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
             empty: str, numeric: Iterable[int] = ()) -> str:
    body = _table(caption, headers, rows, numeric) if rows else f"<p>{_e(empty)}</p>"
    return f"<h3>{_e(title)}</h3>\n<p>{_e(about)}</p>\n{body}"


def _table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Iterable[int] = ()) -> str:
    """A table of plain text: a caption, column headers, and each row headed by its first cell."""
    right = set(numeric)

    def css(i: int) -> str:
        return ' class="num"' if i in right else ""

    head = "".join(f'<th scope="col"{css(i)}>{_e(h)}</th>' for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f'<th scope="row"{css(i)}>{_e(c)}</th>' if i == 0 else f"<td{css(i)}>{_e(c)}</td>"
                         for i, c in enumerate(row)) + "</tr>\n"
        for row in rows)
    # A wide table scrolls inside its own focusable region on a narrow screen, not the whole page.
    ident = "table_" + _slug(caption.lower())
    return (f'<div class="scroll" role="region" tabindex="0" aria-labelledby="{ident}">\n'
            f'<table>\n<caption id="{ident}">{_e(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}</tbody>\n</table>\n</div>")


# -- the map in words ---------------------------------------------------------------------


def _in_words(findings: Analysis, theme: Theme) -> str:
    journey = findings.journey
    intro = ("<p>Everything the diagrams show, as text: each stage and its touchpoints in order, "
             "then who brings what, then what goes unused.</p>")
    stages = [_stage(findings, theme, s, n, len(journey.stages)) for n, s in enumerate(journey.stages, 1)]
    if not stages:
        stages = ["<p>No stages recorded yet.</p>"]
    return _section("words", "The map in words", intro, *stages, _who_brings_what(findings),
                    _what_goes_unused(findings))


def _stage(findings: Analysis, theme: Theme, stage: Stage, number: int, total: int) -> str:
    parts = [f"<h3>Stage {number} of {total}: {_e(stage.name)}</h3>"]
    if stage.description:
        parts.append(f"<p>{_e(stage.description)}</p>")
    if not stage.touchpoints:
        parts.append("<p>No touchpoints yet.</p>")
    else:
        items = "".join(_touchpoint(findings, theme, t) for t in stage.touchpoints)
        parts.append(f'<ol class="touchpoints">{items}</ol>')
    return "\n".join(parts)


def _touchpoint(findings: Analysis, theme: Theme, touchpoint: Touchpoint) -> str:
    tags = []
    if touchpoint.moment_of_truth:
        tags.append('<span class="tag">moment of truth</span>')
    if findings.is_passive(touchpoint):
        tags.append('<span class="tag passive">passive</span>')
    title = f'<p><strong>{_e(touchpoint.name)}</strong> {" ".join(tags)}</p>'.replace(" </p>", "</p>")
    facts = "".join(f"<li>{fact}</li>" for fact in _facts(findings, theme, touchpoint))
    return f'<li>{title}<ul class="facts">{facts}</ul></li>\n'


def _facts(findings: Analysis, theme: Theme, touchpoint: Touchpoint) -> list[str]:
    """What is known about a touchpoint, each fact as escaped markup."""
    journey = findings.journey
    facts = []
    if touchpoint.description:
        facts.append(_e(touchpoint.description))
    if touchpoint.channel:
        facts.append(_fact("Channel", words(touchpoint.channel)))
    if touchpoint.lane is not None:
        facts.append(_fact("Blueprint lane", words(touchpoint.lane)))
    people = "; ".join(_who(journey.actor(a)) for a in touchpoint.actors)
    facts.append(_fact("Who is there", people or "nobody recorded"))
    if touchpoint.emotion is not None:
        facts.append(_fact("Emotion", f"{theme.mood(touchpoint.emotion).word} ({signed(touchpoint.emotion)})"))
    if touchpoint.involvement is not None:
        facts.append(_fact("Involvement",
                           f"{words(touchpoint.involvement)} ({words(touchpoint.involvement.group)})"))
    facts += [_fact("Pain point", pain) for pain in touchpoint.pain_points]
    contributions = journey.contributions_at(touchpoint)
    made = [_contribution(journey, c) for c in contributions if c.is_actual]
    possible = [_contribution(journey, c) for c in contributions if not c.is_actual]
    facts.append(_fact("Contributions made", "; ".join(made) or "none"))
    if possible:
        facts.append(_fact("Contributions possible", "; ".join(possible)))
    passive = next((p for p in findings.passive_touchpoints if p.touchpoint.id == touchpoint.id), None)
    if passive is not None:
        names = "; ".join(a.name for a in passive.citizens)
        facts.append(_fact("Passive", f"{names} {'is' if len(passive.citizens) == 1 else 'are'} there, "
                                      "but none of the citizens' assets is used"))
    nexts = [_next(journey, e.target, e.label) for e in journey.flow_edges if e.source == touchpoint.id]
    if nexts:
        facts.append(_fact("Leads to", "; ".join(nexts)))
    return facts


def _fact(label: str, text: str) -> str:
    return f'<span class="label">{_e(label)}:</span> {_e(text)}'


def _who(actor: Actor) -> str:
    return f"{actor.name} ({words(actor.role)})"


def _contribution(journey: Journey, contribution: Contribution) -> str:
    asset = journey.asset(contribution.asset)
    text = f"{asset.label} from {journey.holder(asset).name} ({words(contribution.phase)})"
    return text + (f": {contribution.note}" if contribution.note else "")


def _next(journey: Journey, target: str, label: str | None) -> str:
    return journey.touchpoint(target).name + (f" ({label})" if label else "")


def _who_brings_what(findings: Analysis) -> str:
    journey = findings.journey
    parts = ["<h3>Who brings what</h3>"]
    if not journey.actors:
        parts.append("<p>No one recorded yet.</p>")
    for actor in journey.actors:
        about = [words(actor.role)]
        if actor.id == journey.persona:
            about.append("the persona")
        if actor.is_citizen:
            about.append(_WILLINGNESS[actor.willingness])
        sentences = [_e(", ".join(about).capitalize() + ".")]
        if actor.description:
            sentences.append(_e(_sentence(actor.description)))
        present = [t.name for t in journey.touchpoints if actor.id in t.actors]
        sentences.append(_fact("Present at", "; ".join(present) + ".") if present else "Not present at any touchpoint.")
        assets = [a for a in journey.assets if a.holder == actor.id]
        if not assets:
            sentences.append("No assets recorded.")
        parts.append(f"<h4>{_e(actor.name)}</h4>\n<p>{' '.join(sentences)}</p>")
        if assets:
            parts.append("<ul>" + "".join(f"<li>{_asset_use(findings, a)}</li>" for a in assets) + "</ul>")
    return "\n".join(parts)


def _asset_use(findings: Analysis, asset: Asset) -> str:
    journey = findings.journey
    kind = words(asset.kind) + (f", {asset.hours_per_month:g} hours a month" if asset.hours_per_month else "")
    head = f"<strong>{_e(asset.label)}</strong> ({_e(kind)})"
    used = [journey.touchpoint(c.touchpoint).name for c in journey.contributions_of(asset) if c.is_actual]
    if used:
        return f'{head} — <span class="tag used">used</span> at {_e("; ".join(_unique(used)))}'
    unused = next(u for u in findings.unused_assets if u.asset.id == asset.id)
    where = f"; could help in {_e(_names(unused.stages))}" if unused.stages else ""
    return f"{head} — {_unused_tag(unused)}{where}"


def _what_goes_unused(findings: Analysis) -> str:
    unused = findings.unused_assets
    if not unused:
        return "<h3>What goes unused</h3>\n<p>Nothing: every asset is used somewhere.</p>"
    items = []
    for u in unused:
        text = f"{u.asset.label}: {words(u.asset.kind)} held by {u.holder.name}, {_willing(u)}"
        if u.asset.hours_per_month:
            text += f", {u.asset.hours_per_month:g} hours a month"
        if u.stages:
            text += f"; could help in {_names(u.stages)}"
        items.append(f"<li>{_unused_tag(u)} {_e(text)}</li>")
    return f"<h3>What goes unused</h3>\n<ul>{''.join(items)}</ul>"


def _unused_tag(unused: UnusedAsset) -> str:
    if unused.grade == "unwilling":
        return '<span class="tag muted">unused</span>'
    return '<span class="tag unused">unused</span>'


# -- small helpers ----------------------------------------------------------------------


def _e(text: str) -> str:
    """Literal text for HTML: markup characters and quotes escaped, characters HTML forbids replaced."""
    return html.escape(dot.clean(text), quote=True)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _willing(unused: UnusedAsset) -> str:
    willingness = unused.holder.willingness
    if willingness is None:
        return "not asked"
    return "no" if willingness is Willingness.NONE else f"yes, {willingness.value}"


def _hours(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _percent(value: float, *, signed: bool = False) -> str:
    return (f"{value:+.0%}" if signed else f"{value:.0%}").replace("-", "−")


def _coverage(count: PhaseCount) -> str:
    parts = [f"{n} {status}" for n, status in ((count.actual, "actual"), (count.potential, "potential")) if n]
    return ", ".join(parts) or "none"


def _names(stages: Iterable[Stage]) -> str:
    return "; ".join(s.name for s in stages)


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _plural(number: int, singular: str, plural: str) -> str:
    return singular if number == 1 else plural
