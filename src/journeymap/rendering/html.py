"""The HTML report: one self-contained, accessible page with every view, the findings and the map in words.

The page loads nothing and runs nothing: styles are inline, there is no script at all, and a
Content-Security-Policy forbids both, so a label that looks like markup stays text even if some
escaping were ever missed. Every piece of the map's text is escaped with :func:`html.escape`.

Ids: the page's own ids hold no hyphen (``summary``, ``view_flow``...), and every id inside a diagram
is prefixed with its view's name and a hyphen (``asset-know_how`` becomes ``flow-asset-know_how``),
so no two elements of the page share an id. Classes inside the diagrams stay as the SVG contract says.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Iterable, Sequence

import attrs

from journeymap.analysis import Analysis, Grade, UnusedAsset
from journeymap.model import Journey
from journeymap.rendering.html_glossary import glossary, glossed
from journeymap.rendering.html_markup import escape, section, slug, table, zoomable
from journeymap.rendering.html_plan import action_plan, outcomes
from journeymap.rendering.html_progress import progress
from journeymap.rendering.html_records import records
from journeymap.rendering.html_words import in_words, names, people
from journeymap.rendering.legend import Key, unused_key, unused_look
from journeymap.rendering.style import DEFAULT, Box, Stroke, Theme
from journeymap.scorecard import ScoredVersion
from journeymap.vocabulary import Phase
from journeymap.wording import (
    INTERVAL_NOTE,
    contribution_note,
    correlation,
    counted,
    counted_needs,
    no_passive_touchpoints,
    no_unused_assets,
    sentence,
    coverage,
    hours,
    percent,
    phase_kind,
    points,
    share_and_interval,
    summary,
    willing_answer,
    words,
)

CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
"""Nothing may load or run but the page's own styles."""

FONT_STACK = ('"DejaVu Sans", "Liberation Sans", "Segoe UI", Roboto, "Helvetica Neue", Arial, '
              '"Noto Sans", sans-serif')


@functools.cache
def style_sheet() -> str:
    """The report's style sheet, from the package's report.css, its leading comment left out, fonts filled in."""
    text = importlib.resources.files("journeymap.rendering").joinpath("report.css").read_text(encoding="utf-8")
    if text.startswith("/*"):
        text = text.split("*/", 1)[1]
    return "\n" + text.lstrip("\n").replace("FONTS", FONT_STACK)


@attrs.frozen(kw_only=True)
class Diagram:
    """One view for the report: its name, its title in words and its SVG, or why it could not be drawn."""

    name: str
    title: str
    svg: bytes = b""
    left_out: str | None = None  # the error's message, when the view could not be drawn


def report(findings: Analysis, diagrams: Sequence[Diagram], theme: Theme = DEFAULT,
           history: Sequence[ScoredVersion] = (), history_skipped: Sequence[str] = ()) -> bytes:
    """The report of an analysed journey holding the given diagrams, as UTF-8 HTML; with a ``history`` of two
    versions or more, its progress over time too, naming the versions left out (``history_skipped``)."""
    journey = findings.journey
    over_time = progress(history, journey, theme, history_skipped)
    from_records = records(journey, theme)
    sections = [
        _header(journey),
        _summary(findings),
        *(_view(d) for d in diagrams),
        _legend(findings, theme),
        _findings(findings),
        *([from_records] if from_records else []),
        outcomes(findings),
        action_plan(findings),
        *([over_time] if over_time else []),
        people(findings, theme),
        in_words(findings, theme),
        glossary(),
    ]
    contents = _contents(diagrams, bool(over_time), bool(from_records))
    body = "\n".join([contents, '<main id="main">', *sections, "</main>", _FOOTER])
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
<title>{escape(title)}</title>
<style>{style_sheet()}</style>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
{body}
</body>
</html>
"""


_FOOTER = ("<footer><p>Made with journeymap. This report is a single file: it works offline, "
           "loads nothing from the network and runs no scripts.</p></footer>")


def _contents(diagrams: Sequence[Diagram], over_time: bool, from_records: bool) -> str:
    links = [("summary", "Summary"), *((f"view_{d.name}", d.title) for d in diagrams),
             ("legend", "Legend"), ("findings", "Findings"),
             *([("records", "From the records")] if from_records else []),
             ("outcomes", "Outcomes"), ("plan", "Action plan"),
             *([("progress", "Progress over time")] if over_time else []),
             ("people", "People"), ("words", "The map in words"), ("glossary", "Glossary")]
    items = "".join(f'<li><a href="#{target}">{escape(text)}</a></li>' for target, text in links)
    return (f'<nav class="contents" aria-label="Contents"><ul><li class="brand">Journey map report</li>'
            f"{items}</ul></nav>")


def _header(journey: Journey) -> str:
    parts = [f"<h1>{escape(journey.title)}</h1>"]
    persona = journey.persona_actor
    if persona is not None:
        about = persona.name + (f" — {persona.description}" if persona.description else "")
        parts.append(f'<p class="persona"><span class="label">Persona:</span> {escape(about)}</p>')
    if journey.description:
        parts.append(f'<p class="description">{escape(journey.description)}</p>')
    return "<header>" + "\n".join(parts) + "</header>"


# -- summary ------------------------------------------------------------------------------


def _summary(findings: Analysis) -> str:
    journey = findings.journey
    unused, untapped, passive = findings.unused_assets, findings.untapped, findings.passive_touchpoints
    willing = sum(1 for u in unused if u.grade is Grade.WILLING)  # willing, and free to: not constrained
    assets = counted(len(findings.citizen_assets), "asset")
    unknown = not unused and journey.evidence is not None  # records hold only the assets people used
    figures: list[tuple[float, str, str | None]] = [
        (len(unused), f"of {assets} unused: records show only those in use; ask people what else they bring"
         if unknown else f"of {assets} unused, {willing} from willing holders", "unknown" if unknown else None),
        (len(untapped), "untapped " + _plural(len(untapped), "opportunity", "opportunities"), None),
        (len(passive), f"of {counted(len(journey.touchpoints), 'touchpoint')} passive", None),
    ]
    if findings.unused_willing_hours:
        figures.append((findings.unused_willing_hours, "hours a month offered by willing holders, unused", None))
    items = "".join(f'<li class="{look or ("alert" if number else "calm")}">'
                    f'<span class="number">{number:g}</span> {escape(text)}</li>' for number, text, look in figures)
    return section("summary", "Summary", f'<ul class="figures">{items}</ul>',
                   f"<p>{glossed(summary(findings), set())}</p>")


# -- diagrams -----------------------------------------------------------------------------


def _view(diagram: Diagram) -> str:
    name = slug(diagram.name)
    if diagram.left_out is not None:
        return section(f"view_{name}", diagram.title, _left_out(diagram), kind="view")
    hint = ('<p class="hint">Scroll inside the diagram to move around it, and hover over a box or a line to see '
            'its details. Everything drawn here is also written out in <a href="#words">the map in words</a>.</p>')
    return section(f"view_{name}", diagram.title, hint, *zoomable(diagram.name, diagram.title, diagram.svg),
                   kind="view")


def _left_out(diagram: Diagram) -> str:
    command = f"journeymap render MAP -v {diagram.name} -o {diagram.name}.svg"
    return ('<div class="leftout" role="note"><p><strong>This diagram is left out: it could not be drawn.</strong> '
            "The findings and the map in words below hold everything it would show. To draw it on its own, run "
            f"<code>{escape(command)}</code>, MAP being the map's file.</p>\n"
            f'<p><span class="label">What went wrong:</span> '
            f"{escape(diagram.left_out or '')}</p></div>")


# -- legend -------------------------------------------------------------------------------


# The states of the visual language (DESIGN.md) the report explains, in the order the diagrams' keys list them;
# the Star's voice and action cards explain themselves.
_STATE_WORDS = {
    Key.UNUSED_WILLING: "Unused asset, its holder willing to do more: bold dashed outline, tinted, "
                        "with an UNUSED badge — the strongest signal.",
    Key.UNUSED: "Unused asset, willingness not asked: dashed outline with an UNUSED badge.",
    Key.UNUSED_CONSTRAINED: "Unused asset whose holder is willing but cannot do more (a constraint, such as "
                            "caring or health): shown faded, as it is not theirs to give now.",
    Key.UNUSED_UNWILLING: "Unused asset whose holder is not looking to do more: shown faded, out of respect.",
    Key.ASSET: "Asset in use: thin solid outline.",
    Key.ACTUAL: "Actual contribution, happening today: solid line.",
    Key.POTENTIAL: "Potential contribution, an identified opportunity: dashed line.",
    Key.PASSIVE: "Passive touchpoint — citizens are there but none of their assets is used: grey fill, "
                 "dotted border and a PASSIVE badge.",
    Key.TOKENISM: "Tokenism — co-design or co-production claimed where no citizen takes part: a TOKENISM badge.",
    Key.TOUCHPOINT: "Touchpoint where citizens contribute, or where no citizen is present: white box.",
    Key.MOMENT_OF_TRUTH: "Moment of truth, which makes or breaks the experience: a dark MOMENT OF TRUTH badge.",
    Key.FLOW: "Next step in the journey: arrow.",
    Key.EMOTION: "How it feels, from −2 (very negative) to +2 (very positive): a coloured pill with the "
                 "score and a word.",
}


def _states(findings: Analysis) -> list[Key]:
    """The states that occur in this journey, so the legend explains only what is drawn."""
    journey = findings.journey
    statuses = {c.status for c in journey.contributions}
    passive = len(findings.passive_touchpoints)
    present = {unused_key(u.grade) for u in findings.unused_assets} | {
        key for key, there in (
            (Key.ASSET, len(findings.unused_assets) < len(findings.citizen_assets)),
            (Key.ACTUAL, "actual" in statuses), (Key.POTENTIAL, "potential" in statuses),
            (Key.PASSIVE, passive > 0), (Key.TOKENISM, bool(findings.tokenism)),
            (Key.TOUCHPOINT, len(journey.touchpoints) > passive),
            (Key.MOMENT_OF_TRUTH, any(t.moment_of_truth for t in journey.touchpoints)),
            (Key.FLOW, bool(journey.flow_edges)),
            (Key.EMOTION, any(t.emotion is not None for t in journey.touchpoints))) if there}
    return [key for key in _STATE_WORDS if key in present]


def _legend(findings: Analysis, theme: Theme) -> str:
    states = _states(findings)
    if not states:
        return section("legend", "Legend", "<p>Nothing is drawn yet.</p>")
    seen: set[str] = set()
    items = "".join(f"<li>{_swatch(theme, state, findings)}<span>{glossed(_STATE_WORDS[state], seen)}</span></li>"
                    for state in states)
    intro = ("<p>How to read the diagrams; each diagram also carries its own key. Every state has a shape "
             "or a line style as well as a colour.</p>")
    return section("legend", "Legend", intro, f'<ul class="legend">{items}</ul>')


def _swatch(theme: Theme, state: Key, findings: Analysis) -> str:
    unused = {unused_key(u.grade): unused_look(theme, u.grade).box for u in findings.unused_assets}
    boxes = {**unused, Key.ASSET: theme.asset, Key.PASSIVE: theme.passive, Key.TOUCHPOINT: theme.touchpoint}
    lines = {Key.ACTUAL: theme.actual, Key.POTENTIAL: theme.potential, Key.FLOW: theme.flow}
    if state in boxes:
        return _box_swatch(boxes[state])
    if state in lines:
        return _line_swatch(lines[state], arrow=state is Key.FLOW)
    if state in (Key.MOMENT_OF_TRUTH, Key.TOKENISM):
        fill = (theme.moment_badge if state is Key.MOMENT_OF_TRUTH else theme.tokenism_badge).fill
        return f'<span class="swatch" aria-hidden="true" style="background:{fill}"></span>'
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
    seen: set[str] = set()  # each term linked to the glossary once in the section
    parts = [_unusedtable(findings, seen), _untappedtable(findings, seen), _passivetable(findings, seen),
             _star_tables(findings, seen), _gaptable(findings, seen)]
    return section("findings", "Findings", *parts)


def _unusedtable(findings: Analysis, seen: set[str]) -> str:
    rows = [[u.asset.label, u.holder.name, words(u.asset.kind), _willing(u),
             hours(u.asset.hours_per_month) or "—", names(u.stages) or "—"] for u in findings.unused_assets]
    return _finding(
        "Unused assets", "Assets with no actual contribution anywhere in the journey.",
        f"{counted(len(rows), 'unused asset')}, in map order",
        ["Asset", "Held by", "Kind", "Willing to do more", "Hours a month", "Could help in"], rows,
        sentence(no_unused_assets(findings.journey)), seen, numeric={4})


def _willing(unused: UnusedAsset) -> str:
    """Whether an unused asset's holder is willing to do more, and what keeps a willing one from it."""
    said = willing_answer(unused.holder.willingness)
    if unused.grade is Grade.CONSTRAINED:
        return f"{said}, but cannot: {'; '.join(unused.holder.constraints)}"
    return said


def _untappedtable(findings: Analysis, seen: set[str]) -> str:
    rows = [[u.asset.label, u.touchpoint.name, u.stage.name, words(u.phase),
             contribution_note(u.contribution) or "—"] for u in findings.untapped]
    return _finding(
        "Untapped opportunities",
        "Potential contributions with no actual contribution of the same asset at the same touchpoint.",
        f"{counted(len(rows), 'untapped opportunity', 'untapped opportunities')}",
        ["Asset", "Touchpoint", "Stage", "Star phase", "Note"], rows, "None.", seen)


def _passivetable(findings: Analysis, seen: set[str]) -> str:
    rows = [[p.touchpoint.name, p.stage.name, "; ".join(a.name for a in p.citizens)]
            for p in findings.passive_touchpoints]
    return _finding(
        "Passive touchpoints",
        "Touchpoints where citizens are present but none of their assets is actually used: "
        "the service does things to them or for them.",
        f"{counted(len(rows), 'passive touchpoint')}", ["Touchpoint", "Stage", "Citizens present"], rows,
        sentence(no_passive_touchpoints(findings.journey)), seen)


def _star_tables(findings: Analysis, seen: set[str]) -> str:
    overall = [[words(p), phase_kind(p), str(c.actual), str(c.potential)]
               for p, c in findings.star_coverage.items()]
    parts = [
        "<h3>Co-production Star coverage</h3>",
        "<p>" + glossed("Contributions counted by phase of the Co-production Star: co-delivery is citizens' action, "
                        "the other three phases citizens' voice.", seen) + "</p>",
        table("Contributions per Star phase", ["Phase", "Citizens'", "Actual", "Potential"], overall,
               numeric={2, 3}),
    ]
    stages = findings.journey.stages
    if stages:
        rows = [[s.name, *(coverage(findings.star_coverage_by_stage[s.id][p]) for p in Phase)] for s in stages]
        parts.append(table("Contributions per stage and Star phase", ["Stage", *(words(p) for p in Phase)],
                            rows))
    return "\n".join(parts)


def _gaptable(findings: Analysis, seen: set[str]) -> str:
    gaps = findings.perception_gap
    about = ("The share of users and of staff who name each need; the gap, in percentage points, "
             "is users' share less staff's: positive where staff underrate the need.")
    caption = f"{counted(len(gaps), 'need')} as users and staff see them"
    if counted_needs(gaps):  # counted from a survey: each share with its 95% interval, and each group's n
        rows = [[g.need.name, share_and_interval(g.users, g.users_interval), _count(g.need.n_users),
                 share_and_interval(g.staff, g.staff_interval), _count(g.need.n_staff), points(g)] for g in gaps]
        found = _finding("Perception gap", about, f"{caption}; {INTERVAL_NOTE}",
                         ["Need", "Users", "Users n", "Staff", "Staff n", "Gap"], rows, "", seen, numeric={1, 2, 3, 4, 5})
    else:
        rows = [[g.need.name, percent(g.users), percent(g.staff), points(g)] for g in gaps]
        found = _finding("Perception gap", about, caption, ["Need", "Users", "Staff", "Gap"], rows,
                         "No needs recorded.", seen, numeric={1, 2, 3})
    if findings.rank_agreement is not None:
        found += (f"\n<p>Rank agreement between users and staff (Spearman): "
                  f"{escape(correlation(findings.rank_agreement))}.</p>")
    return found


def _count(n: int | None) -> str:
    """How many answered, as a table cell: a dash when the share was not counted."""
    return "—" if n is None else str(n)


def _finding(title: str, about: str, caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
             empty: str, seen: set[str], numeric: Iterable[int] = ()) -> str:
    body = table(caption, headers, rows, numeric) if rows else f"<p>{escape(empty)}</p>"
    return f"<h3>{escape(title)}</h3>\n<p>{glossed(about, seen)}</p>\n{body}"


def _plural(number: int, singular: str, plural: str) -> str:
    return singular if number == 1 else plural
