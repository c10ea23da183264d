"""What `discover` shows while it works: a progress bar on standard error (tqdm), one step for each step of the
aggregation and one for writing, with the engine's own progress through the step running (DuckDB tells it) or the
bytes of an XES log read; nothing when shown nowhere (not a terminal, or --quiet).

tqdm rather than rich: one small, pure-Python dependency with no dependencies of its own, well kept, and a bar
is all `discover` draws.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

import attrs

if TYPE_CHECKING:
    from tqdm import tqdm

__all__ = ["Progress"]

_BAR = "{desc}: {bar} {n_fmt}/{total_fmt} steps{postfix} [{elapsed}]"
_SIZE = (80, 24)  # columns and rows, when the terminal does not tell (a new pseudo-terminal says 0 by 0)


def _size(stream: TextIO) -> tuple[int, int]:
    """The terminal's columns and rows, each _SIZE's where it says 0 (tqdm would then draw nothing at all)."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return _SIZE
    return size.columns or _SIZE[0], size.lines or _SIZE[1]


@attrs.define
class Progress:
    """A bar over ``steps`` on ``stream`` when ``shown``, else nothing at all. ``step(name)`` starts a step (the
    aggregation's ``progress`` callback); ``within(text)`` says how far the running step has got."""

    steps: Sequence[str]
    stream: TextIO
    shown: bool
    _bar: tqdm[Any] | None = attrs.field(default=None, init=False)
    _started: int = attrs.field(default=0, init=False)

    def __enter__(self) -> Progress:
        if self.shown:
            from tqdm import tqdm  # imported only when a bar is drawn: 0.06 s that a script's run never pays

            columns, rows = _size(self.stream)
            self._bar = tqdm(total=len(self.steps), file=self.stream, bar_format=_BAR, desc="starting",
                             ncols=columns, nrows=rows, leave=False, mininterval=0.1)
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def step(self, name: str) -> None:
        """A new step begins: the one before is done."""
        if self._bar is None:
            return
        self._bar.set_description_str(name, refresh=False)
        self._bar.set_postfix_str("", refresh=False)
        if self._started:
            self._bar.update(1)
        else:
            self._bar.refresh()
        self._started += 1

    def within(self, text: str) -> None:
        """How far the running step has got, e.g. ``42%`` (shown beside the bar)."""
        if self._bar is not None:
            self._bar.set_postfix_str(text)

    def close(self) -> None:
        """Take the bar off the terminal (it leaves no line behind)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
