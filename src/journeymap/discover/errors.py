"""The error an event log raises: each problem placed in its file, row and column, with a suggestion."""

from __future__ import annotations

from journeymap.errors import InvalidMapError


class InvalidLogError(InvalidMapError):
    """An event log cannot be read or breaks its rules (a missing column, an unparseable timestamp). An
    InvalidMapError, so the command line treats it as it treats a bad map: the message, and exit code 2.

    >>> from journeymap.errors import Problem
    >>> print(InvalidLogError([Problem(message="no timestamp", value="", file="log.csv", line=4, column=3)]))
    log.csv:4:3: no timestamp
    """
