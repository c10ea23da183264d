"""What both engines share before any SQL runs: the role column's default (org:role, else org:resource, whose values
are resources, never written) decided in resolve_columns alone, for the command line and library alike."""

from __future__ import annotations

import pytest

from journeymap.discover.engine import resolve_columns
from journeymap.discover.errors import InvalidLogError
from journeymap.discover.summary import LogColumns

REQUIRED = ("case:concept:name", "concept:name", "time:timestamp")


@pytest.mark.parametrize(("extra", "named", "role", "resources"), [
    (("org:role", "org:resource"), None, "org:role", False),  # a role beats a resource
    (("org:resource", "org:role"), None, "org:role", False),  # whatever the order of the columns
    (("org:resource",), None, "org:resource", True),  # a resource only: people, never written
    (("lifecycle:transition",), None, None, False),  # neither: no role column
    (("org:role", "org:resource"), "org:resource", "org:resource", True),  # named: as named
    (("Assigned Resource",), "Assigned Resource", "Assigned Resource", True),  # named, ending in "resource"
    (("who",), "who", "who", False),
])
def test_the_role_column_is_defaulted_in_one_place(extra: tuple[str, ...], named: str | None, role: str | None,
                                                   resources: bool) -> None:
    resolved = resolve_columns((*REQUIRED, *extra), LogColumns(role=named), "log.csv", "csv")
    assert (resolved.columns.role, resolved.resources) == (role, resources)
    assert resolved.positions.get("role") == (None if role is None else len(REQUIRED) + extra.index(role) + 1)


def test_a_role_column_named_but_missing_is_an_error_suggesting_the_nearest() -> None:
    with pytest.raises(InvalidLogError) as caught:
        resolve_columns((*REQUIRED, "org:role"), LogColumns(role="org:rol"), "log.csv", "csv")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("log.csv", 1)
    assert "no role column 'org:rol'" in problem.message and problem.suggestion == "did you mean 'org:role'?"
