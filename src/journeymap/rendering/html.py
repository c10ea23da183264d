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
from collections.abc import Sequence

import attrs

from journeymap.analysis import Analysis, Grade
from journeymap.model import Journey
from journeymap.rendering.html_findings import findings_section
from journeymap.rendering.html_glossary import glossary, glossed
from journeymap.rendering.html_markup import escape, section, slug, zoomable
from journeymap.rendering.html_plan import action_plan, outcomes
from journeymap.rendering.html_progress import progress
from journeymap.rendering.html_records import records
from journeymap.rendering.html_words import in_words, people
from journeymap.rendering.legend import Key, unused_key, unused_look
from journeymap.rendering.style import DEFAULT, Box, Stroke, Theme
from journeymap.scorecard import ScoredVersion
from journeymap.wording import (
    counted,
    summary,
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
        findings_section(findings),
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


def _plural(number: int, singular: str, plural: str) -> str:
    return singular if number == 1 else plural
