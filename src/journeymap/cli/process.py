"""What the command line does round every command: signals that stop it cleanly, standard output that
went away, and warnings told in the one format of every message."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import warnings
from collections.abc import Iterator
from types import FrameType

from journeymap.errors import JourneyMapWarning, Problem, diagnostic


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C, so Graphviz is stopped and no partial file is left."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_TERMINATING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def terminable() -> Iterator[None]:
    """Within, the first SIGTERM or SIGHUP raises Terminated; the default handlers are back after."""
    arrived: list[int] = []

    def handle(signum: int, _: FrameType | None) -> None:
        arrived.append(signum)
        if len(arrived) == 1:  # once only: a second signal must not cut short the cleanup the first started
            raise Terminated(signum)

    # Only the default action (die on the spot) is replaced: an ignored SIGHUP (nohup) stays ignored, and a
    # caller's own handler stays theirs. Handlers can only be set in the main thread.
    taken = [signum for signum in _TERMINATING if signal.getsignal(signum) == signal.SIG_DFL] \
        if threading.current_thread() is threading.main_thread() else []
    try:
        for signum in taken:
            signal.signal(signum, handle)
        yield
    finally:
        try:
            arrived.append(0)  # from here on a signal is held, then given its default action once restored
        finally:
            for signum in taken:
                signal.signal(signum, signal.SIG_DFL)
        if arrived[0] == 0 and len(arrived) > 1:
            signal.raise_signal(arrived[1])


def drop_stdout() -> None:
    """Point standard output at /dev/null, so Python's last flush of what is left fails no more."""
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (e.g. captured in tests): nothing will flush it
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


@contextlib.contextmanager
def warnings_told() -> Iterator[None]:
    """Warnings (Graphviz's, what a format drops, how a Mermaid score was read, and any a library gives) on
    standard error in the one format of every message, ``file:line:col: warning: ...`` where they have a place,
    else ``journeymap: warning: ...``, never as Python's."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", JourneyMapWarning)
        try:
            yield
        finally:
            for warning in caught:
                problem = getattr(warning.message, "problem", None)
                if isinstance(problem, Problem):
                    print(problem.diagnostic("warning"), file=sys.stderr)
                    continue
                said = str(warning.message)
                if not issubclass(warning.category, JourneyMapWarning):  # a library's: say whose it is
                    said += f"\n({warning.category.__name__} at {warning.filename}:{warning.lineno})"
                print(diagnostic("warning", said), file=sys.stderr)
