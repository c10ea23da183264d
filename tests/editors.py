"""YAML as an editor's schema check reads it (YAML 1.2's core schema): ``2027-01-31`` is text, not a date, as the
JSON Schema's ``"format": "date"`` expects."""

from __future__ import annotations

from typing import Any

import yaml


class _AsEditorsRead(yaml.SafeLoader):
    """PyYAML's safe loader without its YAML 1.1 dates."""


_AsEditorsRead.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def as_editors_read(text: str) -> Any:
    """Map text as an editor checks it against the schema."""
    return yaml.load(text, Loader=_AsEditorsRead)
