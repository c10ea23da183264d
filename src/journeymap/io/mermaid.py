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
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from html.entities import html5
from typing import Any

import attrs

from journeymap.errors import InvalidMapError, JourneyMapWarning, Path, Problem, did_you_mean
from journeymap.io.build import FORMAT_KEY, FORMAT_VERSION, build_journey
from journeymap.io.reading import Position, Positions, short
from journeymap.io.yaml_reader import read_yaml
from journeymap.model import Actor, Journey, Touchpoint, slug
from journeymap.vocabulary import Role

SCORE_OFFSET = 3
"""A Mermaid score is the emotion + 3: scores 1..5 are emotions -2..+2."""

NEUTRAL_SCORE = 3
"""The score written for a touchpoint without an emotion (Mermaid needs one)."""

DEFAULT_TITLE = "Untitled journey"
DEFAULT_SECTION = "Untitled section"
KEYWORDS = ("journey", "title", "section", "accTitle", "accDescr")

ROLES_HINT = "roles name the role of each Mermaid actor, by name; they apply to Mermaid diagrams only"
_SCORE_HINT = "a score is 1 to 5: 1 very negative, 3 neutral, 5 very positive (the emotion is the score - 3)"
_NEEDS = {"title": "text after it", "section": "a name after it", "accTitle": "':' and text after it",
          "accDescr": "': text' or '{ text }' after it"}

_LINE_END = re.compile(r"\r\n?|\n")  # as Mermaid's cleanupText
_LINE_BREAK = re.compile(r"</?br\s*/?>", re.IGNORECASE)  # Mermaid's common.lineBreakRegex
_ENTITY = re.compile(r"#(\w+);")  # Mermaid's encodeEntities
_STOP = re.compile(r"#\w+;|[#;:]")  # an entity code is text; a bare '#', ';' or ':' ends a token
_SCORE = re.compile(r"0*[1-5]")
_FENCE = re.compile(r"([ \t]*)---\s*")
_JOURNEY = re.compile(r"journey\b", re.IGNORECASE)
_TITLE = re.compile(r"title\s", re.IGNORECASE)
_ACC_TITLE = re.compile(r"accTitle\s*:\s*", re.IGNORECASE)
_ACC_DESCR = re.compile(r"accDescr\s*:\s*", re.IGNORECASE)
_ACC_DESCR_BLOCK = re.compile(r"accDescr\s*\{\s*", re.IGNORECASE)
_SECTION = re.compile(r"section\s", re.IGNORECASE)
_KEYWORD_START = re.compile(r"journey|title|section|acc(?:title|descr)", re.IGNORECASE)
_RESERVED = frozenset("#;:%<>&")  # comments, statement ends, separators, directives, markup
# JavaScript's Number() on a string: trims its white space, reads "" as 0, decimals with an exponent,
# Infinity, and 0x/0o/0b integers; anything else is NaN.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
            "\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_DECIMAL = re.compile(r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)")
_JS_RADIX = re.compile(r"0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)")
_MOODS = {1: "very negative", 2: "negative", 3: "neutral", 4: "positive", 5: "very positive"}


class MermaidWarning(JourneyMapWarning):
    r"""Something in a diagram Mermaid reads one way and journeymap another; ``problem`` places it.

    >>> import warnings
    >>> from journeymap import loads
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     emotion = loads("journey\nsection S\n  Tea: 7: Me", "mermaid", source="day.mmd").touchpoints[0].emotion
    >>> emotion, str(caught[0].message)
    (2, "day.mmd:3:8: score 7 is above Mermaid's 1–5: read as 5 (very positive)")
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.describe())
        self.problem = problem


# ---------------------------------------------------------------------------
# Reading


@attrs.define
class _Task:
    name: str
    at: Position
    score: int | None
    score_at: Position
    people: list[tuple[str, Position]]


@attrs.define
class _Section:
    name: str
    at: Position
    tasks: list[_Task] = attrs.field(factory=list)


def read_mermaid(text: str, file: str | None = None,
                 roles: Mapping[str, Role | str] | None = None) -> tuple[Journey, Positions]:
    """The journey a Mermaid ``journey`` diagram describes, with where each part stands in the text."""
    reader = _Reader(file)
    reader.read(text)
    data, values = reader.data(roles or {})
    positions = Positions(file, values)
    return build_journey(data, positions, reader.problems), positions


def derived_ids(sections: Sequence[tuple[str, Sequence[str]]],
                actors: Sequence[str]) -> tuple[list[str], list[list[str]], list[str]]:
    """The ids a Mermaid diagram's sections, tasks (per section) and actors get, from their names."""
    taken: set[str] = set()
    last: dict[str, int] = {}  # the last suffix given to each base, so a name repeated n times costs n, not n²

    def take(name: str, fallback: str) -> str:
        base = slug(name) or fallback
        candidate, n = base, last.get(base, 1)
        while candidate in taken:
            n += 1
            candidate = f"{base}_{n}"
        taken.add(candidate)
        last[base] = n
        return candidate

    stage_ids: list[str] = []
    task_ids: list[list[str]] = []
    for name, tasks in sections:
        stage_ids.append(take(name, "section"))
        task_ids.append([take(task, "task") for task in tasks])
    return stage_ids, task_ids, [take(name, "actor") for name in actors]


def _decode(text: str) -> str:
    """Text with Mermaid's entity codes (``#58;``, ``#quot;``) turned into the characters they stand for."""
    return _ENTITY.sub(_entity, text)


def _entity(match: re.Match[str]) -> str:
    code = match.group(1)
    if code.isascii() and code.isdigit():
        digits = code.lstrip("0")
        number = int(digits) if 0 < len(digits) <= 7 else 0
        ok = 0 < number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF
        return chr(number) if ok else match.group()
    return html5.get(f"{code};", match.group())


def _js_number(text: str) -> float | None:
    """What JavaScript's ``Number(text)`` is (int for 0x/0o/0b, which may be huge), None for NaN."""
    body = text.strip(_JS_SPACE)
    if not body:
        return 0
    if _JS_RADIX.fullmatch(body):
        return int(body, 0)
    if _JS_DECIMAL.fullmatch(body):
        return float(body.replace("Infinity", "inf"))
    return None


def _whole_score(value: float) -> int:
    """A score on Mermaid's 1..5: out of it, the nearer end; within, the nearest whole, a half away from 3."""
    if value >= 5:
        return 5
    if value <= 1:
        return 1
    steps = math.floor(abs(value - 3) + 0.5)
    return 3 + steps if value > 3 else 3 - steps


def _name(raw: str) -> str:
    """A section's or a task's name: line breaks for ``<br>``, entity codes decoded."""
    return _decode(_LINE_BREAK.sub("\n", raw.strip()))


class _Reader:
    """Reads a diagram line by line, collecting its parts and every problem, each placed at line:column."""

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.started = False
        self.front_title: tuple[str, Position] | None = None
        self.title: tuple[str, Position] | None = None
        self.acc_title: tuple[str, Position] | None = None
        self.description: tuple[str, Position] | None = None
        self.sections: list[_Section] = []
        self.block: list[str] | None = None  # the lines of an open `accDescr {`
        self.block_at: Position = (1, 1)
        self.in_directive = False

    def problem(self, message: str, at: Position, value: Any = None, suggestion: str | None = None) -> None:
        self.problems.append(Problem(message=message, value=value, suggestion=suggestion,
                                     file=self.file, line=at[0], column=at[1]))

    def read(self, text: str) -> None:
        lines = _LINE_END.split(text)
        start = self.front_matter(lines)
        for number, line in enumerate(lines[start:], start + 1):
            if self.block is not None:
                self.block_line(line, number, 1)
            elif self.in_directive:
                self.in_directive = "}%%" not in line
            else:
                self.statement(line, number, 1)
        if self.block is not None:
            self.problem("'accDescr {' is never closed", self.block_at, "accDescr {", "end the description with '}'")
        if not self.started:
            raise InvalidMapError([*self.problems, Problem(
                message="the diagram has no `journey` line", file=self.file,
                suggestion="a Mermaid user-journey diagram starts with the line `journey`")])

    # -- front matter and comments --------------------------------------

    def front_matter(self, lines: list[str]) -> int:
        """The index of the first line after a ``---`` front matter (0 without one); keeps its title."""
        opening = _FENCE.fullmatch(lines[0])
        if opening is None:
            return 0
        indent = opening.group(1)
        for end in range(1, len(lines)):
            if lines[end].startswith(indent + "---") and not lines[end][len(indent) + 3:].strip():
                self.front_matter_title(lines[1:end], indent)
                return end + 1
        return 0

    def front_matter_title(self, body: list[str], indent: str) -> None:
        if not any(line.strip() and not line.strip().startswith("#") for line in body):
            return
        text = "\n".join(line.removeprefix(indent) for line in body)
        try:
            source = read_yaml(text, self.file)
        except InvalidMapError as err:  # placed in the front matter: shift to the file's lines
            self.problems += [attrs.evolve(p, message=f"front matter: {p.message}", line=(p.line or 0) + 1,
                                           column=p.column and p.column + len(indent)) for p in err.problems]
            return
        title = source.data.get("title") if isinstance(source.data, dict) else None
        if title not in (None, "", False):
            line, column = source.positions.position(("title",)) or (0, 1)
            self.front_title = (str(title).strip(), (line + 1, column + len(indent)))

    def comment(self, body: str) -> bool:
        """True for a comment or a directive (``%%...``, ``#...``), which Mermaid skips."""
        if body.startswith("%%{"):
            self.in_directive = "}%%" not in body
            return True
        entity = _ENTITY.match(body) is not None
        return body[0] == "%" or (body[0] == "#" and not entity) or (body[0] != "}" and body[1:3] == "%%")

    # -- statements -----------------------------------------------------

    def statement(self, text: str, number: int, column: int) -> None:
        body = text.strip()
        if not body or self.comment(body):
            return
        at = (number, column + len(text) - len(text.lstrip()))
        if not self.started:
            self.start(body, at)
            return
        for pattern, handler in ((_JOURNEY, self.journey_again), (_TITLE, self.title_line),
                                 (_ACC_TITLE, self.acc_title_line), (_ACC_DESCR, self.acc_descr_line),
                                 (_ACC_DESCR_BLOCK, self.acc_descr_block), (_SECTION, self.section)):
            match = pattern.match(body)
            if match:
                handler(body, match.end(), at)
                return
        self.task(body, at)

    def start(self, body: str, at: Position) -> None:
        match = _JOURNEY.match(body)
        if match is None:
            word = body.split()[0]
            raise InvalidMapError([*self.problems, Problem(
                message=f"a Mermaid journey starts with the line `journey`, not {short(body)!r}", value=word,
                suggestion=did_you_mean(word, ["journey"]) or "start the diagram with `journey`",
                file=self.file, line=at[0], column=at[1])])
        self.started = True
        self.statement(body[match.end():], at[0], at[1] + match.end())

    def journey_again(self, body: str, end: int, at: Position) -> None:
        self.problem("`journey` may only start the diagram", at, body[:end], "remove this line")

    def cut(self, body: str, start: int, at: Position, stops: str) -> tuple[str, str | None, int]:
        """The text from ``start`` to the first of ``stops`` (entity codes are text), that stop and its index."""
        for match in _STOP.finditer(body, start):
            found = match.group()
            if len(found) == 1 and found in stops:
                if found == ";":
                    self.problem("Mermaid does not allow ';' here", (at[0], at[1] + match.start()), ";",
                                 "write it as #59;")
                return body[start:match.start()], found, match.start()
        return body[start:], None, len(body)

    def title_line(self, body: str, end: int, at: Position) -> None:
        value = self.cut(body, end, at, "#;")[0].strip()
        if value:
            self.title = (_decode(value), (at[0], at[1] + end))
        else:
            self.problem("`title` needs text after it", at, "title", "write `title My journey`")

    def acc_title_line(self, body: str, end: int, at: Position) -> None:
        if body[end:].strip():
            self.acc_title = (_decode(body[end:].strip()), (at[0], at[1] + end))

    def acc_descr_line(self, body: str, end: int, at: Position) -> None:
        if body[end:].strip():
            self.description = (_decode(body[end:].strip()), (at[0], at[1] + end))

    def acc_descr_block(self, body: str, end: int, at: Position) -> None:
        self.block, self.block_at = [], at
        self.block_line(body[end:], at[0], at[1] + end)

    def block_line(self, text: str, number: int, column: int) -> None:
        assert self.block is not None
        close = text.find("}")
        if close < 0:
            self.block.append(text)
            return
        self.block.append(text[:close])
        value = re.sub(r"\n\s+", "\n", "\n".join(self.block).strip())  # as Mermaid's setAccDescription
        if value:
            self.description = (_decode(value), self.block_at)
        self.block = None
        self.statement(text[close + 1:], number, column + close + 1)

    def section(self, body: str, end: int, at: Position) -> None:
        name, stop, index = self.cut(body, end, at, "#;:")
        if stop == ":":
            self.problem("a section name cannot hold ':'", (at[0], at[1] + index), ":",
                         "write it as #58;, or, for a task, leave out the word `section`")
        if name.strip():
            self.sections.append(_Section(_name(name), at))
        else:
            self.problem("`section` needs a name after it", at, "section", "write `section Getting there`")

    def task(self, body: str, at: Position) -> None:
        name, stop, colon = self.cut(body, 0, at, "#;:")
        if stop != ":":
            if stop != ";":  # a ';' is reported already
                self.not_a_task(body, at)
            return
        data = self.cut(body, colon + 1, at, "#;")[0]
        pieces = data.split(":")
        score_at = (at[0], at[1] + colon + 1 + len(pieces[0]) - len(pieces[0].lstrip()))
        score = self.score(pieces[0].strip(), score_at, (at[0], at[1] + colon))
        people: list[tuple[str, Position]] = []
        if len(pieces) > 1:
            offset = colon + len(pieces[0]) + 2
            for part in pieces[1].split(","):
                if part.strip():
                    person = _decode(part.strip())
                    place = (at[0], at[1] + offset + len(part) - len(part.lstrip()))
                    if any(person == named for named, _ in people):  # a map lists each actor once
                        self.warn(f"{short(person)!r} is named twice in this task: read as one actor", place, person)
                    else:
                        people.append((person, place))
                offset += len(part) + 1
        if len(pieces) > 2:
            third = (at[0], at[1] + colon + len(pieces[0]) + len(pieces[1]) + 2)
            self.warn(f"Mermaid ignores what follows a task's third ':' "
                      f"({short(':'.join(pieces[2:]).strip())!r}), and so does journeymap", third, ":")
        if not self.sections:
            self.sections.append(_Section(DEFAULT_SECTION, at))
        self.sections[-1].tasks.append(_Task(_name(name), at, score, score_at, people))

    def warn(self, message: str, at: Position, value: Any = None) -> None:
        problem = Problem(message=message, value=value, file=self.file, line=at[0], column=at[1])
        warnings.warn(MermaidWarning(problem), stacklevel=4)

    def score(self, text: str, at: Position, colon: Position) -> int | None:
        """The whole score 1..5 a task's score text stands for (warning when it is not one), None for NaN."""
        if not text.strip(_JS_SPACE):
            self.problem("the task has no score", colon, None, f"write `Name: score: actors`; {_SCORE_HINT}")
            return None
        if _SCORE.fullmatch(text):
            return int(text)
        value = _js_number(text)
        if value is None:
            self.warn(f"score {short(text)!r} is not a number (Mermaid reads NaN): read as no emotion", at, text)
            return None
        whole = _whole_score(value)
        if whole != value:
            how = ("above Mermaid's 1–5" if value > 5 else "below Mermaid's 1–5" if value < 1
                   else "not a whole number")
            self.warn(f"score {short(text)} is {how}: read as {whole} ({_MOODS[whole]})", at, text)
        return whole

    def not_a_task(self, body: str, at: Position) -> None:
        word = body.split()[0]
        keyword = next((k for k in _NEEDS if k.lower() == word.lower()), None)
        if keyword is not None:
            self.problem(f"`{keyword}` needs {_NEEDS[keyword]}", at, word)
            return
        self.problem(f"{short(body)!r} is not a Mermaid journey statement", at, word,
                     did_you_mean(word, KEYWORDS) or "a task is written `Name: score: actors`, e.g. `Make tea: 5: Me`")

    # -- the plain data of a map ----------------------------------------

    def data(self, roles: Mapping[str, Role | str]) -> tuple[dict[str, Any], dict[Path, Position]]:
        """The map data the diagram describes (for io.build), and each model path's position."""
        title, title_at = self.title or self.front_title or self.acc_title or (DEFAULT_TITLE, (1, 1))
        values: dict[Path, Position] = {(): (1, 1), ("title",): title_at}
        data: dict[str, Any] = {FORMAT_KEY: FORMAT_VERSION, "title": title}
        if self.description is not None:
            data["description"], values[("description",)] = self.description
        first_mention: dict[str, Position] = {}
        for section in self.sections:
            for task in section.tasks:
                for name, at in task.people:
                    first_mention.setdefault(name, at)
        actors = list(first_mention)
        stage_ids, task_ids, actor_ids = derived_ids([(s.name, [t.name for t in s.tasks]) for s in self.sections],
                                                     actors)
        ids = dict(zip(actors, actor_ids))
        data["actors"] = [{"id": ids[name], "name": name, "role": roles.get(name, Role.SERVICE_USER)}
                          for name in actors]
        for index, name in enumerate(actors):
            values[("actors", index)] = values[("actors", index, "role")] = first_mention[name]
        data["stages"] = [self.stage(s, index, stage_ids[index], task_ids[index], ids, values)
                          for index, s in enumerate(self.sections)]
        return data, values

    @staticmethod
    def stage(section: _Section, index: int, stage_id: str, task_ids: list[str], actor_ids: dict[str, str],
              values: dict[Path, Position]) -> dict[str, Any]:
        values[("stages", index)] = values[("stages", index, "name")] = section.at
        touchpoints = []
        for number, (task, task_id) in enumerate(zip(section.tasks, task_ids)):
            path: Path = ("stages", index, "touchpoints", number)
            values[path] = values[(*path, "name")] = task.at
            values[(*path, "emotion")] = task.score_at
            mentions: dict[str, Position] = {}
            for name, at in task.people:
                mentions.setdefault(actor_ids[name], at)
            people = list(mentions)
            for k, ref in enumerate(people):
                values[(*path, "actors", k)] = mentions[ref]
            touchpoint: dict[str, Any] = {"id": task_id, "name": task.name, "actors": people}
            if task.score is not None:
                touchpoint["emotion"] = task.score - SCORE_OFFSET
            touchpoints.append(touchpoint)
        return {"id": stage_id, "name": section.name, "touchpoints": touchpoints}


# ---------------------------------------------------------------------------
# Writing


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
        parts = [f"left out, as Mermaid cannot express them: {'; '.join(dropped)}"] if dropped else []
        parts += [f"changed: {'; '.join(changed)}"] if changed else []
        warnings.warn(JourneyMapWarning(f"the Mermaid export {'. '.join(parts)}"), stacklevel=3)
    return text


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
        ("needs", len(journey.needs)),
        ("stage descriptions", sum(s.description is not None for s in journey.stages)),
        *((label, sum(bool(getattr(t, field)) for t in touchpoints)) for field, label in (
            ("channel", "channels"), ("involvement", "involvement"), ("lane", "lanes"),
            ("pain_points", "touchpoints' pain points"), ("moment_of_truth", "moments of truth"),
            ("description", "touchpoint descriptions"))),
        ("willingness", sum(a.willingness is not None for a in journey.actors)),
        ("actor descriptions", sum(a.description is not None for a in journey.actors)),
    ]
    notes = [f"{label} ({count})" if label != "persona" else label for label, count in counts if count]
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
    if _ENTITY.search(text):
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
