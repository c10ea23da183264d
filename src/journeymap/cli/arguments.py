"""The value types of the command line's options that argparse checks: whole numbers within bounds, each refused
with what it must be."""

from __future__ import annotations

import argparse
from collections.abc import Callable

__all__ = ["whole_number"]


def whole_number(lowest: int, highest: int | None = None, *, says: str,
                 underscores: bool = False) -> Callable[[str], int]:
    """An argparse ``type``: the text as a whole number from ``lowest`` to ``highest`` (no bound: None), else the
    error "must be ``says``, not 'TEXT'"; with ``underscores``, any underscore is left out first (50_000_000).

    >>> port = whole_number(0, 65535, says="a port number")
    >>> port("8000")
    8000
    >>> port("80000")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: must be a port number, not '80000'
    """
    def whole(text: str) -> int:
        try:
            number = int(text.replace("_", "") if underscores else text)
        except ValueError:
            number = None
        if number is None or number < lowest or (highest is not None and number > highest):
            raise argparse.ArgumentTypeError(f"must be {says}, not {text!r}")
        return number

    return whole
