"""A journey drawn as a Mermaid ``journey`` diagram that Mermaid accepts and reads back the same, warning what it
leaves out or changes: ``render(format="mermaid")``, and what ``dump`` and ``convert`` write to ``.mmd``.

It is a renderer (it needs only the model); the reader, in :mod:`journeymap.io.mermaid`, imports what both must
agree on from :mod:`journeymap.rendering.mermaid_syntax`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable

from journeymap.errors import JourneyMapWarning, caller_level, short
from journeymap.rendering.mermaid_syntax import ENTITY, NEUTRAL_SCORE, SCORE_OFFSET, derived_ids
from journeymap.model import Actor, Journey, Touchpoint
from journeymap.vocabulary import Role

_KEYWORD_START = re.compile(r"journey|title|section|acc(?:title|descr)", re.IGNORECASE)
_RESERVED = frozenset("#;:%<>&")  # comments, statement ends, separators, directives, markup


def write_mermaid(journey: Journey) -> str:
    """A Mermaid ``journey`` diagram of a journey; warns (JourneyMapWarning) listing what Mermaid cannot express."""
    lines = ["journey", f"    title {_escape(journey.title)}"]
    if journey.description is not None:
        lines.append(f"    accDescr: {_escape(journey.description)}")
    for stage in journey.stages:
        lines.append(f"    section {_escape(stage.name, line_breaks=True)}")
        lines += [f"      {_task_line(journey, touchpoint)}" for touchpoint in stage.touchpoints]
    text = "\n".join(lines) + "\n"
    dropped, changed = _dropped(journey), _changed(journey, text)
    if dropped or changed:
        warnings.warn(JourneyMapWarning(_warning(dropped, changed)), stacklevel=caller_level())
    return text


def _warning(dropped: list[str], changed: list[str]) -> str:
    """What an export left out and changed, one item a line (the command line indents all but the first).

    >>> print(_warning(["persona", "assets (3)"], ["ids (derived again from names)"]))
    the Mermaid export left out what Mermaid cannot express:
    - persona
    - assets (3)
    and changed:
    - ids (derived again from names)
    """
    lines = ["the Mermaid export left out what Mermaid cannot express:"] if dropped else []
    lines += [f"- {item}" for item in dropped]
    if changed:
        lines.append("and changed:" if dropped else "the Mermaid export changed:")
        lines += [f"- {item}" for item in changed]
    return "\n".join(lines)


def _task_line(journey: Journey, touchpoint: Touchpoint) -> str:
    name = _escape(touchpoint.name, line_breaks=True)
    if _KEYWORD_START.match(name):  # else Mermaid would read a statement: write its first letter as a code
        name = f"#{ord(name[0])};{name[1:]}"
    score = NEUTRAL_SCORE if touchpoint.emotion is None else touchpoint.emotion + SCORE_OFFSET
    # Actors who share a name are one person to Mermaid: name them once, as a re-import would.
    names = dict.fromkeys(_escape(journey.actor(ref).name, also=",") for ref in touchpoint.actors)
    people = ", ".join(names)
    return f"{name}: {score}: {people}" if people else f"{name}: {score}"


def _escape(text: str, *, line_breaks: bool = False, also: str = "") -> str:
    """Text Mermaid reads back unchanged: reserved, invisible and outer-space characters as entity codes."""
    out = []
    last = len(text) - 1
    for index, char in enumerate(text):
        if char == "\n" and line_breaks:
            out.append("<br>")
        elif char in _RESERVED or char in also or not char.isprintable() or (char == " " and index in (0, last)):
            out.append(f"#{ord(char)};")
        else:
            out.append(char)
    return "".join(out)


def _dropped(journey: Journey) -> list[str]:
    """What of the journey a Mermaid diagram has no place for, in words, with how many."""
    touchpoints = journey.touchpoints
    counts = [
        ("persona", int(journey.persona is not None)), ("assets", len(journey.assets)),
        ("contributions", len(journey.contributions)), ("flow steps", len(journey.flow)),
        ("needs", len(journey.needs)), ("surveys", len(journey.surveys)),
        ("outcomes", len(journey.outcomes)), ("actions", len(journey.actions)),
        ("the evidence from records (the log, its disclosure threshold, filters and what they hid)",
         int(journey.evidence is not None)),
        ("stage descriptions", sum(s.description is not None for s in journey.stages)),
        ("stages' cases and waits", sum(s.cases is not None or s.median_hours is not None for s in journey.stages)),
        ("touchpoints' cases and events", sum(t.cases is not None or t.events is not None for t in touchpoints)),
        ("touchpoints' starts and ends", sum(t.starts is not None or t.ends is not None for t in touchpoints)),
        ("what touchpoints serve", sum(bool(t.serves) for t in touchpoints)),
        *((label, sum(bool(getattr(t, field)) for t in touchpoints)) for field, label in (
            ("channel", "channels"), ("involvement", "involvement"), ("lane", "lanes"),
            ("pain_points", "touchpoints' pain points"), ("moment_of_truth", "moments of truth"),
            ("description", "touchpoint descriptions"))),
        ("willingness", sum(a.willingness is not None for a in journey.actors)),
        ("actor descriptions", sum(a.description is not None for a in journey.actors)),
        ("actors' constraints", sum(len(a.constraints) for a in journey.actors)),
    ]
    once = ("persona", "the evidence from records (the log, its disclosure threshold, filters and what they hid)")
    notes = [label if label in once else f"{label} ({count})" for label, count in counts if count]
    roles = sorted({a.role.value for a in journey.actors if a.role is not Role.SERVICE_USER})
    if roles:
        notes.append(f"roles ({', '.join(roles)}: every Mermaid actor reads back as service_user)")
    present = {ref for t in touchpoints for ref in t.actors}
    absent = [a.name for a in journey.actors if a.id not in present]
    if absent:
        notes.append(f"actors never at a touchpoint ({_names(absent)})")
    return notes


def _changed(journey: Journey, text: str) -> list[str]:
    """What the diagram says differently: scores made up, names merged, ids and order derived again."""
    notes = []
    unscored = [t.name for t in journey.touchpoints if t.emotion is None]
    if unscored:
        notes.append(f"touchpoints without an emotion get the neutral score {NEUTRAL_SCORE} ({_names(unscored)})")
    present = _present_actors(journey)
    names = [a.name for a in present]
    if len(set(names)) < len(names):
        notes.append(f"actors sharing a name become one ({_names(sorted({n for n in names if names.count(n) > 1}))})")
    if [a.id for a in present] != [a.id for a in journey.actors if a in present]:
        notes.append("the order of actors (they read back in order of first mention)")
    stage_ids, task_ids, actor_ids = derived_ids(
        [(s.name, [t.name for t in s.touchpoints]) for s in journey.stages], list(dict.fromkeys(names)))
    given = ([s.id for s in journey.stages], [[t.id for t in s.touchpoints] for s in journey.stages],
             list(dict.fromkeys(a.id for a in present)))
    if (stage_ids, task_ids, actor_ids) != given:
        notes.append("ids (a diagram has none: they are derived again from names)")
    if ENTITY.search(text):
        notes.append("characters Mermaid reserves (':', '#', ';'...) are written as entity codes, e.g. #58; for ':'")
    return notes


def _present_actors(journey: Journey) -> list[Actor]:
    """The actors at some touchpoint, in order of first mention."""
    refs = dict.fromkeys(ref for t in journey.touchpoints for ref in t.actors)
    return [journey.actor(ref) for ref in refs]


def _names(names: Iterable[str], most: int = 5) -> str:
    listed = [repr(short(n)) for n in names]
    more = f" and {len(listed) - most} more" if len(listed) > most else ""
    return ", ".join(listed[:most]) + more
