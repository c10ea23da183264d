"""A map's history from git: every committed version of the file (renames followed), each read and scored.

The one module that runs ``git`` (as rendering/engine.py is the only one running Graphviz). A version that no
longer reads is kept with its located problems and skipped, never fatal. Scorecards are cached by the blob's
hash under $XDG_CACHE_HOME/journeymap (default ~/.cache/journeymap), written atomically (two runs may race) and
left alone when the cache cannot be written.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import tempfile
import warnings
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import attrs

from journeymap.analysis import analyse
from journeymap.errors import InvalidMapError, JourneyMapError, Problem, UsageError
from journeymap.io import SUFFIXES, reads_map
from journeymap.io.reading import byte_limit
from journeymap.scorecard import SCORECARD_VERSION, Scorecard, ScoredVersion, not_like_for_like, scorecard

Progress = Callable[[int, int], None]
"""Told (versions scored so far, versions in all) as a history is read."""

_RECORD, _FIELD = "\x1e", "\x1f"
GIT_HINT = "install git (e.g. 'sudo apt-get install git') to follow a map's history"


@attrs.frozen(kw_only=True)
class MapVersion:
    """One version of the map: its commit (none for the working copy), the file's path and blob there, and its
    scorecard, or the problems that kept it from being read."""

    commit: str  # "" for the working copy
    date: str  # author date, ISO 8601 (the file's modification time for the working copy)
    subject: str
    path: str  # the file's path in the repository at that commit
    blob: str
    scorecard: Scorecard | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def scored(self) -> ScoredVersion | None:
        """The version with its scorecard, for the trend and the report; None when it did not read."""
        if self.scorecard is None:
            return None
        return ScoredVersion(commit=self.commit, date=self.date, subject=self.subject, scorecard=self.scorecard)

    def to_dict(self) -> dict[str, object]:
        """The version as plain data (the ``history --json`` shape)."""
        found: dict[str, object] = {"commit": self.commit or None, "date": self.date, "subject": self.subject,
                                    "path": self.path, "blob": self.blob}
        if self.scorecard is not None:
            found["scorecard"] = self.scorecard.to_dict()
        else:
            found["errors"] = [p.diagnostic("error") for p in self.problems]
        return found


@attrs.frozen(kw_only=True)
class History:
    """Every version of one map file, oldest first, and a note when there is little or no history to show."""

    map: str
    versions: tuple[MapVersion, ...] = ()
    note: str | None = None  # why there is no history, or only one version; versions not like for like

    @property
    def scored(self) -> list[ScoredVersion]:
        """The versions that read, with their scorecards, oldest first."""
        return [s for s in (v.scored for v in self.versions) if s is not None]

    @property
    def skipped(self) -> list[str]:
        """The versions that do not read, oldest first, each as ``2026-12-05 14348ab``: what the trend and the report
        say they leave out."""
        return [f"{v.date[:10]} {v.commit[:7] or 'working copy'}" for v in self.versions if v.scorecard is None]

    @property
    def committed(self) -> int:
        """How many committed versions there are (the working copy aside), read or not."""
        return sum(1 for v in self.versions if v.commit)

    def to_dict(self) -> dict[str, object]:
        """The history as plain data (the ``history --json`` shape)."""
        return {"map": self.map, "note": self.note, "versions": [v.to_dict() for v in self.versions]}


def read_history(path: str | os.PathLike[str], *, max_bytes: int | None = None, progress: Progress | None = None,
                 working_copy: bool = True) -> History:
    """Every committed version of the map at ``path``, oldest first, each scored (or its problems kept); with
    ``working_copy``, the file as it stands last when it differs from its last commit."""
    file = Path(path)
    name = os.fspath(path)
    folder = file.parent if file.parent.is_dir() else None
    if folder is None:
        raise UsageError(f"cannot read the history of {name}: its folder {os.fspath(file.parent)} does not exist")
    top = _git(["rev-parse", "--show-toplevel"], folder, allow_failure=True)
    if top is None:
        return History(map=name, note=f"{name} is not in a git repository, so it has no history to show; "
                                      "commit it to git to follow its progress")
    log = _git(["log", "--follow", "--diff-filter=d", f"--format={_RECORD}%H{_FIELD}%aI{_FIELD}%s", "--name-status",
                "--", file.name], folder, allow_failure=True) or b""
    commits = _parse_log(log.decode("utf-8", errors="replace"))[::-1]
    if not commits:
        if not file.exists():
            raise UsageError(f"cannot read {name}: no such file, and git has no history of it")
        return History(map=name, note=f"{name} has not been committed to git yet, so it has no history to show; "
                                      f"commit it (git add, git commit) to follow its progress")
    blobs = _blob_ids([f"{commit}:{where}" for commit, _, _, where in commits], folder)
    fmt = SUFFIXES.get(file.suffix.lower(), "yaml")
    limit = byte_limit(max_bytes)
    entries: list[tuple[str, str, str, str, str, int]] = []
    for (commit, date, subject, where), found in zip(commits, blobs):
        if found is not None:
            entries.append((commit, date, subject, where, *found))
    extra = _working_copy(file, folder, entries[-1][4] if entries else None) if working_copy else None
    total = len(entries) + (extra is not None)
    versions: list[MapVersion] = []
    cache = _Cache(fmt)
    cached = {blob: cache.get(blob) for *_, blob, _ in entries}
    contents = _blob_contents([blob for blob, card in cached.items() if card is None], folder, limit)
    for done, (commit, date, subject, where, blob, size) in enumerate(entries, 1):
        card = cached[blob]
        problems: tuple[Problem, ...] = ()
        if card is None:
            source = f"{commit[:7]}:{where}"
            raw = contents.get(blob)
            if raw is None:
                problems = (Problem(message=f"the file is larger than {limit:,} bytes ({size:,})", file=source,
                                    suggestion="raise the limit with --max-bytes"),)
            else:
                card, problems = _score(raw, fmt, source, limit)
                if card is not None:
                    cache.put(blob, card)
                    cached[blob] = card
        versions.append(MapVersion(commit=commit, date=date, subject=subject, path=where, blob=blob, scorecard=card,
                                   problems=problems))
        if progress is not None:
            progress(done, total)
    if extra is not None:
        raw, blob, date = extra
        card, problems = _score(raw, fmt, name, limit)
        versions.append(MapVersion(commit="", date=date, subject="(not committed)", path=name, blob=blob,
                                   scorecard=card, problems=problems))
        if progress is not None:
            progress(total, total)
    notes = [f"{name} has one committed version so far: commit changes to it to follow its progress"
             if len(entries) == 1 else None, not_like_for_like(v.scorecard for v in versions if v.scorecard)]
    return History(map=name, versions=tuple(versions), note=" ".join(n for n in notes if n) or None)


def _score(raw: bytes, fmt: str, source: str, limit: int) -> tuple[Scorecard | None, tuple[Problem, ...]]:
    """A version's scorecard, or the problems that kept it from being read (old versions' warnings unsaid)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            journey = reads_map(raw, fmt, source=source, max_bytes=limit).journey
    except InvalidMapError as error:
        return None, tuple(error.problems)
    except JourneyMapError as error:
        return None, (Problem(message=str(error), file=source),)
    return scorecard(analyse(journey)), ()


def _parse_log(text: str) -> list[tuple[str, str, str, str]]:
    """(commit, date, subject, path) for each commit of ``git log --follow --name-status`` that names the file,
    newest first, back to where it was made: a copy of another file ("C080\told\tnew") begins a history of its own
    (git's --follow goes on into the other file's, whose versions are not this map's)."""
    found = []
    for record in text.split(_RECORD):
        lines = [line for line in record.split("\n") if line]
        if len(lines) < 2:  # a merge names no file
            continue
        commit, date, subject = (lines[0].split(_FIELD) + ["", ""])[:3]
        status, *paths = lines[-1].split("\t")
        found.append((commit, date, subject, _unquote(paths[-1] if paths else status)))
        if status.startswith("C"):
            break
    return found


def _unquote(path: str) -> str:
    """A path as git prints it: in double quotes with C escapes when it holds a quote, backslash or control."""
    if len(path) >= 2 and path.startswith('"') and path.endswith('"'):
        return path[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape").encode("latin-1").decode(
            "utf-8", errors="replace")
    return path


def _blob_ids(names: list[str], folder: Path) -> list[tuple[str, int] | None]:
    """Each ``commit:path``'s blob and size (None when git has none there), in one run of git."""
    out = _git(["cat-file", "--batch-check"], folder, stdin="".join(f"{n}\n" for n in names).encode("utf-8")) or b""
    found: list[tuple[str, int] | None] = []
    for line in out.decode("utf-8", errors="replace").splitlines():
        parts = line.split()
        found.append((parts[0], int(parts[2])) if len(parts) == 3 and parts[1] == "blob" else None)
    return found


def _blob_contents(blobs: list[str], folder: Path, limit: int) -> dict[str, bytes]:
    """The bytes of each blob of at most ``limit`` bytes, in one run of git."""
    if not blobs:
        return {}
    out = _git(["cat-file", "--batch"], folder, stdin="".join(f"{b}\n" for b in blobs).encode("ascii")) or b""
    found, at = {}, 0
    while at < len(out):
        end = out.index(b"\n", at)
        parts = out[at:end].split()
        at = end + 1
        if len(parts) != 3:
            continue  # "<name> missing"
        size = int(parts[2])
        if size <= limit:
            found[parts[0].decode("ascii")] = out[at:at + size]
        at += size + 1
    return found


def _working_copy(file: Path, folder: Path, last: str | None) -> tuple[bytes, str, str] | None:
    """The file's bytes, blob id and modification time, when it differs from its last committed version."""
    if last is None or not file.is_file():
        return None
    blob = (_git(["hash-object", "--", file.name], folder, allow_failure=True) or b"").decode("ascii").strip()
    if not blob or blob == last:
        return None
    stamp = datetime.datetime.fromtimestamp(file.stat().st_mtime, datetime.timezone.utc).astimezone()
    return file.read_bytes(), blob, stamp.replace(microsecond=0).isoformat()


def _git(args: list[str], folder: Path, *, stdin: bytes | None = None, allow_failure: bool = False) -> bytes | None:
    """What ``git ARGS`` prints, run in ``folder``; None on failure when allowed, else UsageError saying why."""
    environment = {**os.environ, "LC_ALL": "C", "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0",
                   "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=folder, input=stdin,
                              capture_output=True, env=environment, check=False)
    except FileNotFoundError:
        raise UsageError(f"git is not installed, so the map's history cannot be read; {GIT_HINT}") from None
    except OSError as error:
        raise UsageError(f"could not run git ({error}); {GIT_HINT}") from None
    if done.returncode != 0:
        if allow_failure:
            return None
        said = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed: {said[-1] if said else f'exit status {done.returncode}'}")
    return done.stdout


def cache_folder() -> Path:
    """Where scorecards are cached: $XDG_CACHE_HOME/journeymap, else ~/.cache/journeymap."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base and os.path.isabs(base) else Path.home() / ".cache") / "journeymap"


def _package_version() -> str:
    try:
        return version("journeymap")
    except PackageNotFoundError:
        return "unknown"


class _Cache:
    """Scorecards by blob, for one map format: a file each, under a folder named by the scorecard's format and
    journeymap's version (a newer journeymap may score differently); every failure is a miss, never an error."""

    def __init__(self, fmt: str) -> None:
        self.folder = cache_folder() / f"scorecards-v{SCORECARD_VERSION}-{_package_version()}"
        self.fmt = fmt

    def _file(self, blob: str) -> Path:
        return self.folder / f"{blob}.{self.fmt}.json"

    def get(self, blob: str) -> Scorecard | None:
        """The cached scorecard of a blob, or None."""
        try:
            return Scorecard.from_dict(json.loads(self._file(blob).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, blob: str, card: Scorecard) -> None:
        """Keep a blob's scorecard, written whole or not at all; quietly nothing when the cache is unwritable."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(descriptor, "w", encoding="utf-8") as out:
                    json.dump(card.to_dict(), out, sort_keys=True)
                os.replace(temporary, self._file(blob))
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            pass
