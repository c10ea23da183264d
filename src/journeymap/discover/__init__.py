"""Journeys from records: an event log's activities, directly-follows pairs and their times, for a map.

``discover(path, ...)`` gives the map of an event log (CSV, Parquet or XES), as ``journeymap discover`` writes it
(``journeymap.discover.run.discover``, imported on first use so that the package's other modules stay light);
``LogColumns`` names the log's columns for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journeymap.discover.summary import LogColumns

if TYPE_CHECKING:
    from journeymap.discover.run import discover

__all__ = ["LogColumns", "discover"]


def __getattr__(name: str) -> Any:
    """``discover``, imported when first asked for."""
    if name == "discover":
        from journeymap.discover.run import discover

        return discover
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
