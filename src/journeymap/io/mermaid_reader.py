"""Reading a Mermaid ``journey`` diagram into the model, line by line as Mermaid's own grammar reads it, every
part and problem placed at line:column (see :mod:`journeymap.io.mermaid` for how a diagram maps onto a map)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from typing import Any

import attrs

from journeymap.errors import InvalidMapError, JourneyMapWarning, Path, Problem, UsageError, caller_level, did_you_mean
from journeymap.io.build import build_journey
from journeymap.io.fileformat import FORMAT_KEY, FORMAT_VERSION
from journeymap.rendering.mermaid_syntax import ENTITY, JS_SPACE, SCORE_OFFSET, decode, derived_ids, js_number, whole_score
from journeymap.errors import short
from journeymap.io.reading import Position, Positions
from journeymap.io.yaml_reader import read_yaml
from journeymap.model import Journey
from journeymap.vocabulary import Role

DEFAULT_TITLE = "Untitled journey"
DEFAULT_SECTION = "Untitled section"
KEYWORDS = ("journey", "title", "section", "accTitle", "accDescr")

ROLES_HINT = "roles name the role of each Mermaid actor, by name; they apply to Mermaid diagrams only"
_SCORE_HINT = "a score is 1 to 5: 1 very negative, 3 neutral, 5 very positive (the emotion is the score - 3)"
_NEEDS = {"title": "text after it", "section": "a name after it", "accTitle": "':' and text after it",
          "accDescr": "': text' or '{ text }' after it"}

_LINE_END = re.compile(r"\r\n?|\n")  # as Mermaid's cleanupText
_LINE_BREAK = re.compile(r"</?br\s*/?>", re.IGNORECASE)  # Mermaid's common.lineBreakRegex
_STOP = re.compile(r"#\w+;|[#;:]")  # an entity code is text; a bare '#', ';' or ':' ends a token
_SCORE = re.compile(r"0*[1-5]")
_FENCE = re.compile(r"([ \t]*)---\s*")
_JOURNEY = re.compile(r"journey\b", re.IGNORECASE)
_TITLE = re.compile(r"title\s", re.IGNORECASE)
_ACC_TITLE = re.compile(r"accTitle\s*:\s*", re.IGNORECASE)
_ACC_DESCR = re.compile(r"accDescr\s*:\s*", re.IGNORECASE)
_ACC_DESCR_BLOCK = re.compile(r"accDescr\s*\{\s*", re.IGNORECASE)
_SECTION = re.compile(r"section\s", re.IGNORECASE)
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
    """The journey a Mermaid ``journey`` diagram describes, with where each part stands in the text; ``roles``, by
    actor name (a name the diagram has not is warned of)."""
    if roles is not None and not isinstance(roles, Mapping):
        raise UsageError(f"roles is a mapping of actor names to roles, not {type(roles).__name__}: {ROLES_HINT}")
    reader = _Reader(file)
    reader.read(text)
    data, values = reader.data(roles or {})
    positions = Positions(file, values)
    return build_journey(data, positions, reader.problems), positions


def _name(raw: str) -> str:
    """A section's or a task's name: line breaks for ``<br>``, entity codes decoded."""
    return decode(_LINE_BREAK.sub("\n", raw.strip()))


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
        entity = ENTITY.match(body) is not None
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
            self.title = (decode(value), (at[0], at[1] + end))
        else:
            self.problem("`title` needs text after it", at, "title", "write `title My journey`")

    def acc_title_line(self, body: str, end: int, at: Position) -> None:
        if body[end:].strip():
            self.acc_title = (decode(body[end:].strip()), (at[0], at[1] + end))

    def acc_descr_line(self, body: str, end: int, at: Position) -> None:
        if body[end:].strip():
            self.description = (decode(body[end:].strip()), (at[0], at[1] + end))

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
            self.description = (decode(value), self.block_at)
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
                    person = decode(part.strip())
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

    def warn(self, message: str, at: Position, value: Any = None, suggestion: str | None = None) -> None:
        problem = Problem(message=message, value=value, file=self.file, line=at[0], column=at[1], suggestion=suggestion)
        warnings.warn(MermaidWarning(problem), stacklevel=caller_level())

    def score(self, text: str, at: Position, colon: Position) -> int | None:
        """The whole score 1..5 a task's score text stands for (warning when it is not one), None for NaN."""
        if not text.strip(JS_SPACE):
            self.problem("the task has no score", colon, None, f"write `Name: score: actors`; {_SCORE_HINT}")
            return None
        if _SCORE.fullmatch(text):
            return int(text)
        value = js_number(text)
        if value is None:
            self.warn(f"score {short(text)!r} is not a number (Mermaid reads NaN): read as no emotion", at, text)
            return None
        whole = whole_score(value)
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
        for name in roles:
            if name not in first_mention:
                self.warn(f"roles names {short(str(name))!r}, whom the diagram does not name: no actor takes that role",
                          (1, 1), name, did_you_mean(name, actors))
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
