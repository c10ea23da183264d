"""Reading and writing map files (format 1, YAML or JSON), with every problem placed at file:line:column.

A file's format comes from its suffix: ``.json`` is read as JSON, ``.mmd`` as a Mermaid ``journey``
diagram (see :mod:`journeymap.io.mermaid`), ``.yaml``/``.yml`` and any other suffix as YAML (which also
reads most JSON). Writing needs a known suffix or an explicit format.
In a map file a key set to null counts as not given.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import attrs

from journeymap.errors import InvalidMapError, Path as ModelPath, Problem, UsageError, did_you_mean, expect
from journeymap.files import write_atomic
from journeymap.io.build import build_journey
from journeymap.io.fileformat import FORMAT_KEY, FORMAT_VERSION
from journeymap.io.quick import quick_journey
from journeymap.io.reading import Position, Positions, byte_limit, decode, gc_paused, read_limited
from journeymap.io.source import read_source
from journeymap.io.write import to_data, to_json, to_yaml
from journeymap.model import Journey
from journeymap.vocabulary import Role

MAP_FORMATS: tuple[str, ...] = ("yaml", "json", "mermaid")
"""The formats a map file is read from and written to (``journeymap.FORMATS`` are the formats it renders to)."""
FORMATS = MAP_FORMATS  # the earlier name, kept for scripts written against it
SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".mmd": "mermaid"}

Roles = Mapping[str, Role | str]
"""The role of each Mermaid actor, by name (others are ``service_user``)."""

__all__ = ["FORMATS", "MAP_FORMATS", "FORMAT_KEY", "FORMAT_VERSION", "LoadedMap", "dump", "dumps", "load", "loads",
           "read_map", "reads_map"]


@attrs.frozen
class LoadedMap:
    """A journey read from a file, with where each part of it stands in that file.

    A map read by the quick path finds its positions only when they are first asked for (e.g. to place
    a warning), by reading its text again the careful way.
    """

    journey: Journey
    _positions: Positions | Callable[[], Positions] = attrs.field(factory=Positions, alias="positions", eq=False)

    @property
    def positions(self) -> Positions:
        """Where each part of the map stands in its file."""
        if not isinstance(self._positions, Positions):
            object.__setattr__(self, "_positions", self._positions())
        assert isinstance(self._positions, Positions)
        return self._positions

    @property
    def file(self) -> str | None:
        """The file's name as given, or None for text without one."""
        return self.positions.file

    def position(self, path: ModelPath) -> Position | None:
        """Line and column (from 1) of the value at a model path such as ``("stages", 1, "touchpoints", 0)``."""
        return self.positions.position(path)

    def locate(self, problem: Problem) -> Problem:
        """A problem (e.g. a warning from ``find_warnings``) placed at file:line:column."""
        return self.positions.locate(problem)


def reads_map(text: str | bytes, format: str = "yaml", *, source: str | None = None,
              roles: Roles | None = None, max_bytes: int | None = None) -> LoadedMap:
    """A map read from text, kept with its positions; ``source`` names the file in messages."""
    fmt = _check_format(format)
    if roles is not None and fmt != "mermaid":
        from journeymap.io.mermaid import ROLES_HINT

        raise UsageError(f"cannot give roles for a {fmt} map: {ROLES_HINT}")
    decoded = decode(text, source, byte_limit(max_bytes))
    if fmt == "mermaid":
        from journeymap.io.mermaid import read_mermaid  # imported only for Mermaid, like write_mermaid below

        journey, positions = read_mermaid(decoded, source, roles)
        return LoadedMap(journey, positions)
    quick = quick_journey(decoded, fmt)
    if quick is not None:
        return LoadedMap(quick, lambda: read_source(decoded, fmt, source).positions)
    read = read_source(decoded, fmt, source)
    journey = build_journey(read.data, read.positions, read.problems, read.rejected)
    return LoadedMap(journey, read.positions)


def read_map(path: str | os.PathLike[str], format: str | None = None, *, roles: Roles | None = None,
             max_bytes: int | None = None) -> LoadedMap:
    """A map read from a file, kept with its positions; the format comes from the suffix unless given."""
    name = os.fspath(path)
    limit = byte_limit(max_bytes)
    try:
        raw = read_limited(path, limit)  # refuses a huge file (or /dev/zero) before reading it all
    except OSError as err:
        reason = "it is a folder, not a file" if isinstance(err, IsADirectoryError) else err.strerror or str(err)
        raise InvalidMapError([Problem(message=f"cannot read the map: {reason}", file=name)]) from err
    fmt = format or SUFFIXES.get(Path(path).suffix.lower(), "yaml")
    return reads_map(raw, fmt, source=name, roles=roles, max_bytes=limit)


def load(path: str | os.PathLike[str], format: str | None = None, *, roles: Roles | None = None,
         max_bytes: int | None = None) -> Journey:
    """The journey in a map file (.yaml, .yml, .json or .mmd, or any name with ``format`` given, as dump
    takes it); InvalidMapError lists every problem.

    Files over 32 MB are refused unless ``max_bytes`` (or the environment variable JOURNEYMAP_MAX_BYTES)
    allows more.

    >>> import tempfile, pathlib
    >>> from journeymap import Journey
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "map.json"
    >>> dump(Journey(title="Coming home"), path)
    >>> load(path).title
    'Coming home'
    """
    return read_map(path, format, roles=roles, max_bytes=max_bytes).journey


def loads(text: str | bytes, format: str = "yaml", *, source: str | None = None,
          roles: Roles | None = None, max_bytes: int | None = None) -> Journey:
    r"""The journey in a map's text; ``format`` is ``yaml``, ``json`` or ``mermaid`` (then ``roles`` may name roles).

    >>> journey = loads("journeymap: 1\ntitle: Coming home\nactors: [{name: Ann, role: service_user}]")
    >>> journey.title, journey.actors[0].id
    ('Coming home', 'ann')
    >>> loads("journey\ntitle Coming home\nsection Leaving\n  Pack: 2: Ann", "mermaid").touchpoints[0].emotion
    -1
    >>> loads("journeymap: 1\ntitle: T\nactors: [{name: Ann, role: carr}]", source="map.yaml")
    Traceback (most recent call last):
    ...
    journeymap.errors.InvalidMapError: map.yaml:3:28: unknown role 'carr' (at actors[0].role); did you mean 'carer'?
    """
    return reads_map(text, format, source=source, roles=roles, max_bytes=max_bytes).journey


def dumps(journey: Journey, format: str = "yaml") -> str:
    """The text of a map file for a journey, in ``yaml``, ``json`` or ``mermaid`` (which warns what it drops).

    >>> from journeymap import Journey
    >>> print(dumps(Journey(title="Coming home")), end="")
    journeymap: 1
    title: Coming home
    >>> dumps(Journey(title="Coming home"), "json").splitlines()[1]
    '  "journeymap": 1,'
    """
    expect(journey, Journey, "dumps(journey)")
    if _check_format(format) == "mermaid":
        from journeymap.io.mermaid import write_mermaid

        return write_mermaid(journey)
    with gc_paused():
        data = to_data(journey)
        return to_json(data) if format == "json" else to_yaml(data)


def dump(journey: Journey, path: str | os.PathLike[str], format: str | None = None) -> None:
    """Write a journey to a map file, atomically; the format comes from the suffix unless given.

    >>> import tempfile, pathlib
    >>> from journeymap import Journey
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "map.yaml"
    >>> dump(Journey(title="Coming home"), path)
    >>> path.read_text().splitlines()[0]
    'journeymap: 1'
    """
    if format is None:
        suffix = Path(path).suffix.lower()
        if suffix not in SUFFIXES:
            raise _unknown_format(suffix or "(no suffix)", f"name the file with one of: {', '.join(SUFFIXES)}")
        format = SUFFIXES[suffix]
    write_atomic(path, dumps(journey, format))


def _check_format(format: str) -> str:
    if format not in MAP_FORMATS:
        raise _unknown_format(format, did_you_mean(format, MAP_FORMATS) or f"the formats are: {', '.join(MAP_FORMATS)}")
    return format


def _unknown_format(name: str, suggestion: str) -> UsageError:
    """A format the caller asked for (by name or by a file's suffix) that is none of the map formats: a choice the
    call does not offer, not a fault of any map."""
    return UsageError(f"unknown map format {name!r}; {suggestion}")
