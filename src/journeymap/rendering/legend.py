"""The heading every diagram carries: title, persona, description, and a legend of only the states drawn."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from enum import Enum

import attrs

from journeymap.analysis import Grade
from journeymap.model import Journey
from journeymap.outcomes import OutcomeState
from journeymap.rendering import dot
from journeymap.rendering.fonts import text_width
from journeymap.rendering.style import Badge, Box, Stroke, Theme
from journeymap.wording import (MOMENT_OF_TRUTH_BADGE, OUTCOME_BADGES, OUTCOME_MARK, PASSIVE_BADGE, STAFF_TAG,
                                TOKENISM_BADGE, outcome_mark, outcome_state)
from journeymap.wording import signed as signed  # its home is wording; canvas_layout still imports it from here


class Key(Enum):
    """A state a diagram can draw; the legend lists those drawn, in this order."""

    UNUSED_WILLING = "unused_willing"
    UNUSED = "unused"
    UNUSED_CONSTRAINED = "unused_constrained"
    UNUSED_UNWILLING = "unused_unwilling"
    ASSET = "asset"
    ACTUAL = "actual"
    POTENTIAL = "potential"
    STAFF_ASSET = "staff_asset"
    ENABLING = "enabling"
    VOICE = "voice"
    ACTION = "action"
    PASSIVE = "passive"
    TOKENISM = "tokenism"
    TOUCHPOINT = "touchpoint"
    MOMENT_OF_TRUTH = "moment_of_truth"
    FLOW = "flow"
    FLOW_CASES = "flow_cases"
    EMOTION = "emotion"
    OUTCOME_CO_PRODUCED = "outcome_co_produced"
    OUTCOME_SERVICE_ONLY = "outcome_service_only"
    OUTCOME_UNSERVED = "outcome_unserved"


_UNUSED_KEYS = {Grade.WILLING: Key.UNUSED_WILLING, Grade.UNSTATED: Key.UNUSED, Grade.CONSTRAINED: Key.UNUSED_CONSTRAINED,
                Grade.UNWILLING: Key.UNUSED_UNWILLING}


@attrs.frozen
class UnusedLook:
    """How an unused asset of one grade is drawn: its legend entry, its box and its badge's colours."""

    key: Key
    box: Box
    badge: Badge
    faded: bool  # the holder is not looking to do more: shown, but quietly


def unused_key(grade: Grade) -> Key:
    """The legend entry of an unused asset of this grade."""
    return _UNUSED_KEYS[grade]


def unused_look(theme: Theme, grade: Grade) -> UnusedLook:
    """The one mapping from an unused asset's grade to its style, for every view, the legend and the report."""
    if grade in (Grade.UNWILLING, Grade.CONSTRAINED):  # not looking to, or cannot: shown alike, muted
        return UnusedLook(unused_key(grade), theme.unused_unwilling, theme.unwilling_badge, faded=True)
    box = theme.unused_willing if grade is Grade.WILLING else theme.unused
    return UnusedLook(unused_key(grade), box, theme.unused_badge, faded=False)


@attrs.frozen
class OutcomeLook:
    """How an outcome in one state is drawn: its legend entry, its card's box and its badge's colours."""

    key: Key
    box: Box
    badge: Badge


def outcome_look(theme: Theme, state: OutcomeState) -> OutcomeLook:
    """The one mapping from an outcome's state to its style, for the canvas's cards, the flow's marks and the key."""
    match state:
        case OutcomeState.CO_PRODUCED:
            return OutcomeLook(Key.OUTCOME_CO_PRODUCED, theme.outcome_co_produced, theme.outcome_co_produced_badge)
        case OutcomeState.SERVICE_ONLY:
            return OutcomeLook(Key.OUTCOME_SERVICE_ONLY, theme.outcome_service_only, theme.outcome_service_only_badge)
        case OutcomeState.UNSERVED:
            return OutcomeLook(Key.OUTCOME_UNSERVED, theme.outcome_unserved, theme.outcome_unserved_badge)


@attrs.frozen
class OutcomeLine:
    """An outcome as a key lists it: its number (its mark on the touchpoints serving it), name and state."""

    number: int
    name: str
    state: OutcomeState


_ENTRIES_PER_ROW = 4


def heading(journey: Journey, theme: Theme, keys: Collection[Key], emotions: Collection[int] = (),
            outcomes: Sequence[OutcomeLine] = (), *, outcomes_title: str = "Outcomes", note: str | None = None,
            one_phase: str | None = None) -> str:
    """The diagram's heading as HTML-like label markup: title, persona and description (unless the theme's
    ``title_block`` is off), then ``note`` (what the diagram leaves out, title or not), then the legend, listing
    ``outcomes`` under ``outcomes_title`` when given (and ``one_phase``, see ``legend``); empty when there is none of
    them."""
    rows = _title_rows(journey, theme) if theme.title_block else []
    if note:
        rows.append(_text_row(note, theme.wrap_description, theme.subtitle_size - 1, theme.ink))
    if keys or outcomes:
        markup = legend(theme, keys, emotions, outcomes, outcomes_title=outcomes_title, one_phase=one_phase)
        rows.append(f'<TR><TD ALIGN="LEFT" CELLPADDING="6">{markup}</TD></TR>')
    if not rows:
        return ""  # a table must hold a row; an empty label is drawn as nothing
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">{"".join(rows)}</TABLE>'


def _title_rows(journey: Journey, theme: Theme) -> list[str]:
    rows = [_text_row(journey.title, theme.wrap_title, theme.title_size, theme.ink, bold=True)]
    persona = journey.persona_actor
    if persona is not None:
        about = f"Persona: {persona.name}" + (f" — {persona.description}" if persona.description else "")
        rows.append(_text_row(about, theme.wrap_description, theme.subtitle_size, theme.ink))
    if journey.description:
        rows.append(_text_row(journey.description, theme.wrap_description, theme.subtitle_size - 1, theme.muted))
    return rows


def legend(theme: Theme, keys: Collection[Key], emotions: Collection[int] = (), outcomes: Sequence[OutcomeLine] = (),
           *, outcomes_title: str = "Outcomes", one_phase: str | None = None) -> str:
    """The legend as an HTML-like table: one swatch and one explanation per state drawn (with ``one_phase``, the
    phase of every contribution, named in their entries rather than on each line); then, when given, the
    outcomes, each with its mark and number and its state in words."""
    entries = [_entry(theme, key, sorted(set(emotions)), one_phase) for key in Key if key in keys]
    # Rows of about equal length.
    per_row = math.ceil(len(entries) / math.ceil(len(entries) / _ENTRIES_PER_ROW)) if entries else 1
    rows = [entries[i:i + per_row] for i in range(0, len(entries), per_row)]
    body = "".join(f'<TR><TD ALIGN="LEFT">{_row(row)}</TD></TR>' for row in rows)
    title = (f'<TR><TD ALIGN="LEFT">'
             f'<FONT POINT-SIZE="{theme.text_size}" COLOR="{theme.muted}"><B>KEY</B></FONT></TD></TR>')
    if outcomes:
        body += _outcome_list(theme, outcomes, outcomes_title)
    return (f'<TABLE BORDER="1" COLOR="#D0D0D0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="3" '
            f'BGCOLOR="#FFFFFF">{title}{body}</TABLE>')


def _row(entries: Sequence[_Sized]) -> str:
    """A row of the key, a table of its own (shared columns would stretch entries and part swatches from their
    words) of a fixed size, its entries' own and a little more: else Graphviz stretches it to the width of the
    heading, and a short row's swatches with it."""
    width = sum(width for _, width, _ in entries) + _ROW_SPACING * (len(entries) + 1) + _ROOM * len(entries)
    height = max(height for _, _, height in entries) + 2 * _ROW_SPACING
    cells = "".join(markup for markup, _, _ in entries)
    return (f'<TABLE ALIGN="LEFT" FIXEDSIZE="TRUE" WIDTH="{math.ceil(width)}" HEIGHT="{math.ceil(height)}" BORDER="0" '
            f'CELLBORDER="0" CELLSPACING="{_ROW_SPACING}" CELLPADDING="0"><TR>{cells}</TR></TABLE>')


_ROW_SPACING = 4
_ROOM = 2  # points an entry is given beyond its estimate, for what the estimate leaves out (never less than it)


def _outcome_list(theme: Theme, outcomes: Sequence[OutcomeLine], title: str) -> str:
    """The outcomes as rows of the key: a heading saying what the mark means, then one outcome a line."""
    about = f"{OUTCOME_MARK} on a touchpoint: it serves the outcome of that number"
    head = (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="0"><TR><TD ALIGN="LEFT">'
            f'<FONT POINT-SIZE="{theme.small_size}" COLOR="{theme.ink}"><B>{dot.html(title)}</B></FONT>'
            f'<FONT POINT-SIZE="{theme.small_size}" COLOR="{theme.muted}">&#160;&#160;{dot.html(about)}</FONT>'
            f"</TD></TR></TABLE>")
    size = theme.small_size
    words = [(f"{line.name}{_DASH}", _stated(line.state)) for line in outcomes]
    marks = [outcome_marks(theme, [(line.number, line.state)]) for line in outcomes]
    mark_width = max(width for _, width, _ in marks)
    text_width_ = max(text_width(name, size, bold=True) + text_width(state, size) for name, state in words)
    rows = "".join(
        f'<TR><TD ALIGN="LEFT" WIDTH="{mark_width}" FIXEDSIZE="TRUE" HEIGHT="{height}">{markup}</TD>'
        f'<TD ALIGN="LEFT"><FONT POINT-SIZE="{size}" COLOR="{theme.ink}"><B>{dot.html(name)}</B>'
        f"{dot.html(state)}</FONT></TD></TR>"
        for (markup, _, height), (name, state) in zip(marks, words))
    # A fixed size: Graphviz stretches a table to the width of the key, which would part marks from names.
    width = math.ceil(mark_width + text_width_ + 3 * _LIST_SPACING + 4)
    height = sum(h for _, _, h in marks) + _LIST_SPACING * (len(marks) + 1)
    listing = (f'<TABLE ALIGN="LEFT" FIXEDSIZE="TRUE" WIDTH="{width}" HEIGHT="{height}" BORDER="0" CELLBORDER="0" '
               f'CELLSPACING="{_LIST_SPACING}" CELLPADDING="0">{rows}</TABLE>')
    return f'<TR><TD ALIGN="LEFT">{head}</TD></TR><TR><TD ALIGN="LEFT">{listing}</TD></TR>'


_DASH = " — "
_LIST_SPACING = 4


def _stated(state: OutcomeState) -> str:
    """An outcome's state as the key lists it: unserved loud, the others plain."""
    words = outcome_state(state)
    return words.upper() if state is OutcomeState.UNSERVED else words


_MARK_GAP = 4  # between marks in a row
_MARK_PAD = 2  # round a mark's text


def outcome_marks(theme: Theme, marks: Sequence[tuple[int, OutcomeState]]) -> tuple[str, int, int]:
    """Small numbered outcome marks in a row, each in its state's badge colours and outlined in its card's line,
    as a table of a fixed size (a table would otherwise stretch across the cell it is in); its markup, width and
    height in points."""
    size = theme.small_size
    cells, width = [], 0
    for n, (number, state) in enumerate(marks):
        look = outcome_look(theme, state)
        text = outcome_mark(number)
        cell = math.ceil(text_width(text, size, bold=True)) + 2 * _MARK_PAD + 2
        width += cell + (_MARK_GAP if n else 0)
        if n:
            cells.append(f'<TD WIDTH="{_MARK_GAP}"></TD>')
        cells.append(f'<TD WIDTH="{cell}" BGCOLOR="{look.badge.fill}" BORDER="1" COLOR="{look.box.border.color}">'
                     f'<FONT POINT-SIZE="{size}" COLOR="{look.badge.text}"><B>{dot.html(text)}</B></FONT></TD>')
    height = math.ceil(size * _LINE) + 2 * _MARK_PAD + 2
    return (f'<TABLE ALIGN="LEFT" FIXEDSIZE="TRUE" WIDTH="{width}" HEIGHT="{height}" BORDER="0" CELLBORDER="0" '
            f'CELLPADDING="{_MARK_PAD}" CELLSPACING="0"><TR>{"".join(cells)}</TR></TABLE>', width, height)


_LINE = 1.2  # a line's height in ems, as the views allow it


# A swatch or an entry of the key: its markup and its estimated width and height in points.
_Sized = tuple[str, float, float]


def _entry(theme: Theme, key: Key, emotions: list[int], one_phase: str | None = None) -> _Sized:
    (swatch, width, height), words = _swatch(theme, key, emotions)
    if one_phase and key in (Key.ACTUAL, Key.POTENTIAL):
        words = f"{words}, each one {one_phase}"
    # An entry is a table of its own (a wide swatch stretches no other); its words get the room browsers draw them in.
    room = math.ceil(text_width(words, theme.small_size))
    markup = (f'<TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2"><TR>'
              f'<TD ALIGN="LEFT">{swatch}</TD><TD ALIGN="LEFT" WIDTH="{room}"><FONT POINT-SIZE="{theme.small_size}" '
              f'COLOR="{theme.ink}">{dot.html(words)}</FONT></TD></TR></TABLE></TD>')
    return markup, width + room + 8, max(height, theme.small_size * _LINE) + 4


def _swatch(theme: Theme, key: Key, emotions: list[int]) -> tuple[_Sized, str]:
    match key:
        case Key.UNUSED_WILLING:
            return _unused(theme, Grade.WILLING), "unused asset, holder willing to do more"
        case Key.UNUSED:
            return _unused(theme, Grade.UNSTATED), "unused asset, willingness not asked"
        case Key.UNUSED_UNWILLING:
            return _unused(theme, Grade.UNWILLING), "unused asset, holder not looking to do more"
        case Key.UNUSED_CONSTRAINED:
            return _unused(theme, Grade.CONSTRAINED), "unused asset, holder cannot do more (a constraint)"
        case Key.ASSET:
            return _box(theme.asset, _small(theme, "asset", theme.asset.text)), "asset in use"
        case Key.ACTUAL:
            return _line(theme, theme.actual), "actual contribution (happens today)"
        case Key.POTENTIAL:
            return _line(theme, theme.potential), "potential contribution (an opportunity)"
        case Key.STAFF_ASSET:
            return _box(theme.staff_asset, _small(theme, STAFF_TAG, theme.staff_asset.text)), "staff asset"
        case Key.ENABLING:
            return _line(theme, theme.enabling), "staff contribution enabling citizens"
        case Key.VOICE:
            return _box(theme.voice, _blank(theme)), "citizen voice"
        case Key.ACTION:
            return _box(theme.action, _blank(theme)), "citizen action"
        case Key.PASSIVE:
            return (_box(theme.passive, _badge(theme, theme.passive_badge, PASSIVE_BADGE)),
                    "passive: citizens there, none of their assets used")
        case Key.TOKENISM:
            return (_badge(theme, theme.tokenism_badge, TOKENISM_BADGE),
                    "tokenism: co-design or co-production claimed, no citizen taking part")
        case Key.TOUCHPOINT:
            return _box(theme.touchpoint, _small(theme, "touchpoint", theme.touchpoint.text)), "touchpoint"
        case Key.MOMENT_OF_TRUTH:
            return _badge(theme, theme.moment_badge, MOMENT_OF_TRUTH_BADGE), "makes or breaks the experience"
        case Key.FLOW:
            return _arrow(theme, theme.flow), "next step in the journey"
        case Key.FLOW_CASES:
            return _widths(theme.flow), "from records: the wider the step, the more cases take it"
        case Key.EMOTION:
            return _moods(theme, emotions), "how it feels"
        case Key.OUTCOME_CO_PRODUCED | Key.OUTCOME_SERVICE_ONLY | Key.OUTCOME_UNSERVED:
            return _outcome(theme, key)


def _outcome(theme: Theme, key: Key) -> tuple[_Sized, str]:
    """An outcome state's swatch, a small card in its box with its badge, and what the state means."""
    (state,) = [s for s in OutcomeState if outcome_look(theme, s).key is key]
    look = outcome_look(theme, state)
    return _box(look.box, _badge(theme, look.badge, OUTCOME_BADGES[state])), _OUTCOME_WORDS[state]


_OUTCOME_WORDS = {
    OutcomeState.CO_PRODUCED: "outcome co-produced: citizens' own contributions serve it",
    OutcomeState.SERVICE_ONLY: "outcome served by the service only: not co-produced",
    OutcomeState.UNSERVED: "outcome nothing in the journey serves yet",
}


def _unused(theme: Theme, grade: Grade) -> _Sized:
    look = unused_look(theme, grade)
    return _box(look.box, _badge(theme, look.badge, "unused" if look.faded else "UNUSED"))


def _text_row(text: str, width: int, size: float, color: str, *, bold: bool = False) -> str:
    body = dot.html_lines(text, width)
    return (f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{size}" COLOR="{color}">'
            f'{f"<B>{body}</B>" if bold else body}</FONT></TD></TR>')


def _box(box: Box, inside: _Sized) -> _Sized:
    markup, width, height = inside
    border = max(1, round(box.border.width))
    style = "" if box.border.style == "solid" else f' STYLE="{box.border.style}"'
    return (f'<TABLE BORDER="{border}" COLOR="{box.border.color}"{style} BGCOLOR="{box.fill}" CELLBORDER="0" '
            f'CELLPADDING="4" CELLSPACING="0"><TR><TD>{markup}</TD></TR></TABLE>',
            width + 8 + 2 * border, height + 8 + 2 * border)


def badge(theme: Theme, kind: Badge, text: str) -> str:
    """A small tag (UNUSED, PASSIVE...) as an HTML-like table, for a legend or inside a node's label."""
    return (f'<TABLE BORDER="0" CELLPADDING="2" CELLSPACING="0"><TR><TD BGCOLOR="{kind.fill}">'
            f'<FONT POINT-SIZE="{theme.small_size}" COLOR="{kind.text}"><B>{dot.html(text)}</B></FONT>'
            f'</TD></TR></TABLE>')


def _badge(theme: Theme, kind: Badge, text: str) -> _Sized:
    """``badge`` with its size: 2 pt of padding round its bold small text."""
    return badge(theme, kind, text), text_width(text, theme.small_size, bold=True) + 4, theme.small_size * _LINE + 4


def _blank(theme: Theme) -> _Sized:
    """Room for a short word, left empty: a box of its colours alone."""
    return (f'<FONT POINT-SIZE="{theme.small_size}">{"&#160;" * 6}</FONT>', text_width("\u00a0" * 6, theme.small_size),
            theme.small_size * _LINE)


def _small(theme: Theme, text: str, color: str) -> _Sized:
    return (f'<FONT POINT-SIZE="{theme.small_size}" COLOR="{color}">{dot.html(text)}</FONT>',
            text_width(text, theme.small_size), theme.small_size * _LINE)


def _line(theme: Theme, stroke: Stroke) -> _Sized:
    # A cell's bottom border drawn in the line's colour and dash, so solid and dashed differ in greyscale too.
    style = "" if stroke.style == "solid" else f' STYLE="{stroke.style}"'
    return (f'<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0"><TR><TD WIDTH="44" HEIGHT="9" FIXEDSIZE="TRUE" SIDES="B" '
            f'BORDER="{max(1, round(stroke.width))}" COLOR="{stroke.color}"{style}></TD></TR></TABLE>', 44, 9)


def _arrow(theme: Theme, stroke: Stroke) -> _Sized:
    """A line ending in an arrowhead: the line is the bottom border of the upper of two cells, at the height of
    the middle of the head beside them. A fixed size, aligned right, keeps the arrow whole and next to its words
    when the legend's row is stretched to the width of a longer one: otherwise the stretch widens the head's cell
    and parts the head from its line."""
    style = "" if stroke.style == "solid" else f' STYLE="{stroke.style}"'
    size = theme.small_size
    upper, lower = round(size * 0.7), round(size * 0.5)  # the head's middle sits a little below its cell's
    return (f'<TABLE ALIGN="RIGHT" FIXEDSIZE="TRUE" WIDTH="{44 + size:g}" HEIGHT="{upper + lower}" BORDER="0" '
            f'CELLPADDING="0" CELLSPACING="0"><TR><TD WIDTH="44" HEIGHT="{upper}" FIXEDSIZE="TRUE" SIDES="B" '
            f'BORDER="{max(1, round(stroke.width))}" COLOR="{stroke.color}"{style}></TD><TD ROWSPAN="2" '
            f'WIDTH="{size:g}" HEIGHT="{upper + lower}" FIXEDSIZE="TRUE"><FONT POINT-SIZE="{size}" '
            f'COLOR="{stroke.color}">▶</FONT></TD></TR><TR><TD WIDTH="44" HEIGHT="{lower}" FIXEDSIZE="TRUE"></TD>'
            f"</TR></TABLE>", 44 + size, upper + lower)


def _widths(stroke: Stroke) -> _Sized:
    """Three lines, thin to wide, as the flow draws steps taken by few cases and by many: each the bottom border
    of a cell of one fixed size (tall enough for the widest border twice over), so that their bottoms align."""
    widths = (max(1, round(stroke.width)), 3, 6)
    cells = "".join(f'<TD WIDTH="22" HEIGHT="14" FIXEDSIZE="TRUE" SIDES="B" BORDER="{w}" COLOR="{stroke.color}">'
                    f"</TD>" for w in widths)
    return (f'<TABLE ALIGN="RIGHT" BORDER="0" CELLPADDING="0" CELLSPACING="2"><TR>{cells}</TR></TABLE>',
            3 * 22 + 4 * 2, 14 + 2 * 2)


def _moods(theme: Theme, emotions: Sequence[int]) -> _Sized:
    cells = "".join(f'<TD BGCOLOR="{theme.mood(e).fill}">{_mood_text(theme, e)}</TD>' for e in emotions)
    size = theme.small_size
    words = sum(text_width(signed(e), size, bold=True) + text_width(f"\u00a0{theme.mood(e).word}", size) + 6
                for e in emotions)
    return (f'<TABLE BORDER="0" CELLPADDING="3" CELLSPACING="2"><TR>{cells}</TR></TABLE>',
            words + 2 * (len(emotions) + 1), theme.small_size * _LINE + 6 + 4)


def _mood_text(theme: Theme, emotion: int) -> str:
    mood = theme.mood(emotion)
    # &#160;, not a space: browsers drop the leading space of the SVG text run that follows </B>.
    return (f'<FONT POINT-SIZE="{theme.small_size}" COLOR="{mood.text}">'
            f'<B>{dot.html(signed(emotion))}</B>&#160;{dot.html(mood.word)}</FONT>')


def mood_pill(theme: Theme, emotion: int) -> str:
    """An emotion as a coloured pill holding its score and word, for inside a node's label."""
    return f'<TABLE BORDER="0" CELLPADDING="2" CELLSPACING="0"><TR><TD BGCOLOR="{theme.mood(emotion).fill}">' \
           f'{_mood_text(theme, emotion)}</TD></TR></TABLE>'
