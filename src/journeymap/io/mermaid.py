"""Mermaid ``journey`` diagrams: a line-oriented reader into the model, and a writer that says what it drops.

Reading follows Mermaid's own grammar (``user-journey/parser/journey.jison`` and the preprocessing that
``mermaid.parse`` applies), and maps a diagram onto a journey like this:

- ``title`` (or the ``title:`` of a ``---`` front matter) is the journey's title; without one, ``accTitle``;
  without either, "Untitled journey". An ``accTitle`` beside a title is not kept.
- ``accDescr: ...`` or ``accDescr { ... }`` is the journey's description.
- each ``section`` is a stage; tasks before any section go into a stage named "Untitled section".
- each task ``Name: score: Actor, Actor`` is a touchpoint whose emotion is the score - 3 (1 to 5 are -2 to +2).
  Mermaid draws whatever JavaScript's ``Number`` makes of the score's text (0, 7, 4.5, ``0x10``, ``1e1``,
  ``Infinity``; NaN for ``X`` or ``high``), so journeymap reads it as ``Number`` does, then: a number
  below 1 is read as 1 and one above 5 as 5 (0 and -10 are emotion -2; 6, 7 and 23 are +2); a number
  between is rounded to the nearest whole score, a half away from 3 (4.5 is 5, 2.5 is 2, so the face
  Mermaid draws keeps its mood); NaN is read as no emotion. Each such score gives one
  :class:`MermaidWarning` placed at the score, e.g. ``day.mmd:5:14: score 7 is above Mermaid's 1–5:
  read as 5 (very positive)``. A task with a blank score (``Task: : Me``) is still refused, though
  Mermaid draws it as 0: it is more likely a score forgotten than a 0 meant.
- the people after a task's score are its actors, in order of first mention, with the role
  ``service_user`` unless ``roles`` maps their name to another; a blank name (``Task: 5:``) is no actor.
- ids are derived from names as in map files; a repeated id gets ``_2``, ``_3``... in document order
  (stages and touchpoints first, then actors).
- ``<br>``, ``<br/>``, ``</br >``... in section and task names are line breaks; Mermaid's entity codes
  (``#58;`` for ':', ``#quot;``) are decoded everywhere; keywords are read in any case.

A line Mermaid reads but journeymap reads differently (a score as above, text after a task's third ':')
gives a :class:`MermaidWarning` (a :class:`~journeymap.errors.JourneyMapWarning`) whose ``problem`` is
placed at file:line:column; ``journeymap check`` lists them.

Writing produces a diagram Mermaid accepts: characters Mermaid reserves are written as entity codes,
a touchpoint without an emotion gets the neutral score 3, and everything Mermaid cannot express is
dropped with one :class:`~journeymap.errors.JourneyMapWarning` that lists it.

The reader is :mod:`journeymap.io.mermaid_reader`, the writer :mod:`journeymap.rendering.mermaid`, and what
both must agree on (scores, entity codes, derived ids) :mod:`journeymap.rendering.mermaid_syntax`; this module
gathers their public names.
"""

from journeymap.io.mermaid_reader import (
    DEFAULT_SECTION, DEFAULT_TITLE, KEYWORDS, ROLES_HINT, MermaidWarning, read_mermaid,
)
from journeymap.rendering.mermaid import write_mermaid
from journeymap.rendering.mermaid_syntax import NEUTRAL_SCORE, SCORE_OFFSET, derived_ids

__all__ = ["DEFAULT_SECTION", "DEFAULT_TITLE", "KEYWORDS", "NEUTRAL_SCORE", "ROLES_HINT", "SCORE_OFFSET",
           "MermaidWarning", "derived_ids", "read_mermaid", "write_mermaid"]
