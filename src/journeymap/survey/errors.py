"""The error a survey definition or its responses raise: every problem at once, each placed in its file."""

from __future__ import annotations

from journeymap.errors import InvalidMapError


class InvalidSurveyError(InvalidMapError):
    """A survey definition or its responses break the format; lists every problem, each with its file, line
    (the row, for responses), column and value, and a suggestion. An InvalidMapError, so the command line
    treats it as it treats a bad map: the messages, and exit code 2.

    >>> from journeymap.errors import Problem
    >>> print(InvalidSurveyError([Problem(message="no answers", file="s.csv", line=3, column=2)]))
    s.csv:3:2: no answers
    """
