"""Which files the preview watches, and the thread that reads the map again each time one of them is saved."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["Watcher", "watched_files"]

STEP_MS = 50
"""How long the files must stay quiet before a change is acted on: an editor's save (write, rename) is one change."""
DEBOUNCE_MS = 400
"""The longest a run of changes is gathered before the map is read again, however busy the files."""
FOLDER_POLL_SECONDS = 0.2
"""How often a watched folder that has gone (a branch switched, a folder moved) is looked for again."""


def watched_files(map_path: Path) -> tuple[Path, ...]:
    """The files whose saving redraws the preview: the map itself, by the name given and, if it is a link, the file
    it points at. A map names no other file: a survey's results, the action plan and the outcomes are written into
    the map (``journeymap survey --into``, ``journeymap plan --write``), which stays the one record, and its history
    is git's, so saving the map is the one change that alters what the page shows."""
    given = Path(os.path.abspath(map_path))
    return tuple(dict.fromkeys((given, given.resolve())))


class Watcher:
    """A thread that calls ``changed`` after each save of ``files`` (watching their folders, not recursively, so
    that an editor's save by rename is seen, and watching a folder afresh once it is deleted and made anew) until
    stopped; ``changed`` runs in this thread, one call at a time."""

    def __init__(self, files: Iterable[Path], changed: Callable[[], object]) -> None:
        self.files = frozenset(str(path) for path in files)
        self._changed = changed
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="journeymap-watcher", daemon=True)

    def concerns(self, path: str) -> bool:
        """True when a change the watch reports at ``path`` is a change to one of the files (not to a neighbour)."""
        return os.path.normpath(path) in self.files

    def start(self) -> None:
        """Start watching; returns once the folders are watched, so that no save after it is missed."""
        self._thread.start()
        self._ready.wait(5)

    def stop(self) -> None:
        """Stop watching, and wait a moment for the thread to end."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5)

    def _run(self) -> None:
        from watchfiles import watch  # imported when serving: the other commands never need it

        folders = sorted({os.path.dirname(path) for path in self.files})
        rewatched = False
        while not self._stop.is_set():
            watching = _identities(folders)
            if watching is None:  # a folder is gone: wait for it to be back, then watch it afresh
                self._ready.set()
                rewatched = True
                self._stop.wait(FOLDER_POLL_SECONDS)
                continue
            for changes in watch(*folders, watch_filter=lambda _change, path: self.concerns(path) or path in folders,
                                 recursive=False, step=STEP_MS, debounce=DEBOUNCE_MS, stop_event=self._stop,
                                 yield_on_timeout=True, rust_timeout=200, raise_interrupt=False):
                self._ready.set()  # the first timeout (nothing changed) or change says the watch has begun
                if rewatched or any(self.concerns(path) for _change, path in changes):
                    self._changed()  # after a new watch too: the file may have come back with its folder
                    rewatched = False
                # a watch on a deleted folder hears nothing more, even of a folder made anew in its place (which
                # may have its inode number): the folder's own change, or another folder at its path, ends it
                if any(path in folders for _change, path in changes) or _identities(folders) != watching:
                    rewatched = True
                    break
        self._ready.set()


def _identities(folders: Iterable[str]) -> tuple[tuple[int, int], ...] | None:
    """Each folder's device and inode, telling a folder from one made anew in its place; None if one is missing."""
    try:
        return tuple((found.st_dev, found.st_ino) for found in map(os.stat, folders))
    except OSError:
        return None
