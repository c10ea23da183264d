"""The errors of discovering a map: an event log's (each problem placed in its file, row and column, with a
suggestion), and an engine's that cannot finish for want of resources."""

from __future__ import annotations

from journeymap.errors import InvalidMapError, JourneyMapError


class InvalidLogError(InvalidMapError):
    """An event log cannot be read or breaks its rules (a missing column, an unparseable timestamp). An
    InvalidMapError, so the command line treats it as it treats a bad map: the message, and exit code 2.

    >>> from journeymap.errors import Problem
    >>> print(InvalidLogError([Problem(message="no timestamp", value="", file="log.csv", line=4, column=3)]))
    log.csv:4:3: no timestamp
    """


class EngineError(JourneyMapError, RuntimeError):
    """The engine could not finish the aggregation, through no fault of the log: Spark ran out of memory, or its JVM
    stopped. The command line prints the message (with what to do) and exits 2."""
