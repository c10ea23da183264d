"""The ``--stages`` file of `discover`: each stage's name and the activities in it (YAML), read into the mapping
from activity to stage that the aggregation and the map take.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "stages.yaml").write_text("Getting help: [Referral, Triage]\\nAt home: [Home visit]\\n")
>>> read_stages(folder / "stages.yaml")
{'Referral': 'Getting help', 'Triage': 'Getting help', 'Home visit': 'At home'}
"""

from __future__ import annotations

import os

import yaml

from journeymap.discover.mapping_file import read_mapping

__all__ = ["read_stages"]

_EXAMPLE = "'Getting help: [Referral, Triage]'"


def read_stages(path: str | os.PathLike[str]) -> dict[str, str]:
    """Activity -> stage name, from a YAML file mapping each stage name to a list of activities (or one). An error
    placed in the file for a value that is not a list of activity names, or an activity put in two stages."""
    mapping = read_mapping(path, "stages file", _EXAMPLE)
    stage_of: dict[str, str] = {}
    placed: dict[str, int] = {}
    for entry in mapping:
        node = entry.value
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if isinstance(node, yaml.MappingNode) or not items:
            raise mapping.problem(node, f"stage '{entry.key}' must list its activities", None, f"e.g. {_EXAMPLE}")
        for item in items:
            if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
                raise mapping.problem(item, f"stage '{entry.key}' must list activities by name", None,
                                      f"e.g. {_EXAMPLE}")
            activity = str(item.value).strip()
            if activity in stage_of:
                raise mapping.problem(item, f"activity '{activity}' is in two stages, '{stage_of[activity]}' "
                                      f"(line {placed[activity]}) and '{entry.key}'", activity,
                                      "put each activity in one stage")
            stage_of[activity] = entry.key
            placed[activity] = item.start_mark.line + 1
    return stage_of
