"""The ``--stages`` file of `discover`: each stage's name and the activities in it (YAML), read into the mapping
from activity to stage that the aggregation and the map take, with where each name is written: an activity the log
does not have is warned of (the file may serve several logs), and a stage named after an activity of the log that the
file places nowhere is an error, as that activity's own stage would silently become the file's.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "stages.yaml").write_text("Getting help: [Referral, Triage]\\nAt home: [Home visit]\\n")
>>> read_stages(folder / "stages.yaml")
{'Referral': 'Getting help', 'Triage': 'Getting help', 'Home visit': 'At home'}
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping

import attrs
import yaml

from journeymap.discover.errors import InvalidLogError
from journeymap.discover.mapping_file import Place, read_mapping
from journeymap.discover.summary import activity_name
from journeymap.errors import Problem, did_you_mean

__all__ = ["StageFile", "read_stage_file", "read_stages"]

_EXAMPLE = "'Getting help: [Referral, Triage]'"


@attrs.frozen
class StageFile:
    """A stages file read: each activity's stage, and where each stage (by name) and activity is written."""

    stage_of: Mapping[str, str]
    stages: Mapping[str, Place]
    activities: Mapping[str, Place]

    def unmatched(self, activities: Collection[str], *, kept: bool = False) -> tuple[Problem, ...]:
        """Warnings, in file order, for the activities the file lists that are not among the log's ``activities``
        (``kept``: those of the cases a variant filter kept), each with the nearest of them."""
        where = "any case kept" if kept else "the log"
        return tuple(
            place.problem(f"stage '{self.stage_of[activity]}' lists '{activity}', an activity not in {where}",
                          did_you_mean(activity, activities) or "activities are matched exactly, as the log writes "
                          "them")
            for activity, place in self.activities.items() if activity not in activities)

    def check_names(self, placed: Mapping[str, str]) -> None:
        """An error at the first stage of the file named after an activity of the log the file places in no stage
        but which is placed in that stage (``placed``: each activity of the log -> its stage): as activities are
        their own stages by default, that activity would silently join it."""
        for stage, place in self.stages.items():
            if stage not in self.stage_of and placed.get(stage) == stage:
                raise InvalidLogError([place.problem(
                    f"stage '{stage}' has the name of an activity of the log the file places in no stage: its events "
                    "would join this stage",
                    f"list '{stage}' in the stage it belongs to (e.g. '{stage}: [..., {stage}]'), or give this stage "
                    "another name")])


def read_stages(path: str | os.PathLike[str]) -> dict[str, str]:
    """Activity -> stage name, from a YAML file mapping each stage name to a list of activities (or one). An error
    placed in the file for a value that is not a list of activity names, or an activity put in two stages."""
    return dict(read_stage_file(path).stage_of)


def read_stage_file(path: str | os.PathLike[str]) -> StageFile:
    """``read_stages``, with where each stage and activity is written."""
    mapping = read_mapping(path, "stages file", _EXAMPLE)
    stage_of: dict[str, str] = {}
    stages: dict[str, Place] = {}
    activities: dict[str, Place] = {}
    for entry in mapping:
        node = entry.value
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if isinstance(node, yaml.MappingNode) or not items:
            raise mapping.problem(node, f"stage '{entry.key}' must list its activities", None, f"e.g. {_EXAMPLE}")
        stages[entry.key] = mapping.place(entry, entry.key)
        for item in items:
            if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
                raise mapping.problem(item, f"stage '{entry.key}' must list activities by name", None,
                                      f"e.g. {_EXAMPLE}")
            activity = activity_name(str(item.value))  # as the log's activities are named
            if activity in stage_of:
                raise mapping.problem(item, f"activity '{activity}' is in two stages, '{stage_of[activity]}' "
                                      f"(line {activities[activity].line}) and '{entry.key}'", activity,
                                      "put each activity in one stage")
            stage_of[activity] = entry.key
            activities[activity] = mapping.place(item, activity)
    return StageFile(stage_of, stages, activities)
