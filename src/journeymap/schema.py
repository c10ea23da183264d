"""The JSON Schema (draft 2020-12) of the map file, format 1, generated from the model so that it cannot drift.

Types come from the model's type hints, vocabulary words from its enums, what is required from its
defaults, key names from the map file's format (:mod:`journeymap.io.fileformat`), and limits from the
model's public constants.

>>> schema = json_schema()
>>> schema["required"], schema["$defs"]["FlowEdge"]["required"]
(['journeymap', 'title'], ['from', 'to'])
"""

from __future__ import annotations

import datetime
import inspect
import json
import types
import typing
from collections.abc import Callable
from enum import StrEnum
from typing import Any

import attrs

from journeymap.errors import InvalidMapError
from journeymap.io.fileformat import FORMAT_KEY, FORMAT_VERSION, file_key
from journeymap.model import (
    HOURS_MAX, HOURS_MIN, ID_PATTERN, SHARE_MAX, SHARE_MIN, Actor, Asset, Contribution, FlowEdge, GroupCount, Journey,
    Action, LikertCount, LogEvidence, LogHidden, Need, Outcome, Stage, Survey, Touchpoint, Variant, WillingnessCount,
    iter_fields, model_classes,
)
from journeymap.vocabulary import COMMON_CHANNELS, EMOTION_MAX, EMOTION_MIN, Involvement, Role

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = f"urn:journeymap:map-format:{FORMAT_VERSION}"
SCHEMA_FILE = f"journeymap-{FORMAT_VERSION}.schema.json"
"""The schema's file name, as committed in the repository's ``schema/`` folder."""

# "$" alone would also match before a final newline in Python's re; the look-ahead forbids it there
# and changes nothing in JavaScript's regular expressions, which editors use.
_ID = {"type": "string", "pattern": f"^{ID_PATTERN}$(?!\\n)"}
_TEXT = {"type": "string", "pattern": "\\S"}  # not blank
_NOT_AN_ID = "not an id"  # text that the model's text validators accept and its id validators refuse
_AN_ID = "a"  # text that both accept
_FACTORY: type = type(attrs.Factory(list))  # attrs.Factory's type, which mypy sees as a function

_RANGES: dict[tuple[type, str], tuple[int | None, int | None]] = {
    (Touchpoint, "emotion"): (EMOTION_MIN, EMOTION_MAX),
    (Asset, "hours_per_month"): (HOURS_MIN, HOURS_MAX),
    (Need, "users"): (SHARE_MIN, SHARE_MAX),
    (Need, "staff"): (SHARE_MIN, SHARE_MAX),
    (Need, "n_users"): (1, None),
    (Need, "n_staff"): (1, None),
    (Survey, "held_back"): (0, None),
    (Survey, "threshold"): (1, None),
    (GroupCount, "respondents"): (0, None),
    (WillingnessCount, "weekly"): (0, None),
    (WillingnessCount, "monthly"): (0, None),
    (WillingnessCount, "none"): (0, None),
    (LikertCount, "counts"): (0, None),
    **{(Touchpoint, name): (1, None) for name in ("cases", "events", "starts", "ends")},
    **{(Contribution, name): (1, None) for name in ("cases", "events")},
    **{(cls, "cases"): (1, None) for cls in (Stage, FlowEdge, Variant)},
    (Stage, "entry_cases"): (1, None),
    **{(cls, name): (0, None) for cls in (Stage, FlowEdge) for name in ("median_hours", "p90_hours")},
    **{(LogEvidence, name): (0, None) for name in ("cases", "events")},
    (LogEvidence, "threshold"): (1, None),
    **{(LogHidden, name): (0, None) for name in ("activities", "pairs", "contributions", "variants", "stage_waits")},
}
_EXAMPLES: dict[tuple[type, str], tuple[str, ...]] = {(Touchpoint, "channel"): COMMON_CHANNELS}
_GROUPS: dict[type[StrEnum], Callable[[Any], str]] = {
    Role: lambda role: f"{role.side} side",
    Involvement: lambda rung: str(rung.group).replace("_", " "),
}

_ROOT = ("A journeymap map file, format 1 (YAML or JSON): who takes part in a public service journey, what "
         "they bring, and where it is used or could be. A key set to null counts as not given. This schema "
         "checks keys, types, vocabulary words and ranges; it cannot check that ids are unique across actors, "
         "assets, stages and touchpoints, nor that every reference resolves: `journeymap check` does.")
_LATER_ID = "Derived from the name when left out; give one when something refers to this item. "
_IDS = ("An id starts with a letter or '_' and holds letters, digits, '_', '-' and '.'; actors, assets, "
        "stages and touchpoints share one set of ids.")
_DESCRIPTION = "More about it, in a sentence or two."

_FIELD_DOCS: dict[tuple[type, str], str] = {
    (Journey, FORMAT_KEY): f"The format version: always {FORMAT_VERSION}.",
    (Journey, "title"): "The map's title, shown on every diagram.",
    (Journey, "description"): "What the map is about, in a sentence.",
    (Journey, "persona"): "The id of the actor whose journey this is.",
    (Journey, "actors"): "Who takes part: people, groups and organisations.",
    (Journey, "assets"): "What the actors bring: time, skills, lived experience, networks...",
    (Journey, "stages"): "The phases of the journey, in order, each holding its touchpoints.",
    (Journey, "flow"): "Steps from touchpoint to touchpoint; without them touchpoints follow in file order.",
    (Journey, "contributions"): "Where an asset is used today (actual) or could be (potential).",
    (Journey, "needs"): "Needs, with the share of users and of staff who name each one (a citizen's own need, "
                        "with `for`, may have none: only needs with both shares are in the perception gap).",
    (Actor, "name"): "The actor's name as the diagrams show it, e.g. \"Jenny (daughter)\".",
    (Actor, "id"): _LATER_ID + _IDS,
    (Actor, "role"): "What the actor is to the service; the role decides the side.",
    (Actor, "willingness"): "How much more the actor is willing to do: weekly (a few hours a week or more), "
                            "monthly (a few hours a month) or none. Leave it out when nobody asked.",
    (Actor, "description"): _DESCRIPTION,
    (Asset, "holder"): "The id of the actor who holds the asset.",
    (Asset, "kind"): "What sort of resource the asset is.",
    (Asset, "name"): "What the asset is, in words; without it the kind is shown.",
    (Asset, "id"): "Derived from the name, else from the holder and kind, when left out. " + _IDS,
    (Asset, "hours_per_month"): "Hours a month on offer, 0 or more.",
    (Asset, "description"): _DESCRIPTION,
    (Stage, "name"): "The stage's name.",
    (Stage, "id"): _LATER_ID + _IDS,
    (Stage, "touchpoints"): "The stage's touchpoints, in order.",
    (Stage, "description"): _DESCRIPTION,
    (Touchpoint, "name"): "The touchpoint's name.",
    (Touchpoint, "id"): _LATER_ID + _IDS,
    (Touchpoint, "channel"): "How the person meets the service: free text; common ones are "
                             + ", ".join(COMMON_CHANNELS) + ".",
    (Touchpoint, "actors"): "The ids of the actors present, each once.",
    (Touchpoint, "emotion"): f"How it feels: a whole number from {EMOTION_MIN} (very negative) through 0 "
                             f"(neutral) to {EMOTION_MAX} (very positive).",
    (Touchpoint, "involvement"): "The rung of the ladder of co-production, lowest first.",
    (Touchpoint, "lane"): "The service-blueprint lane.",
    (Touchpoint, "pain_points"): "What goes wrong here, one text each.",
    (Touchpoint, "moment_of_truth"): "True where the experience is decided.",
    (Touchpoint, "description"): _DESCRIPTION,
    (FlowEdge, "source"): "The id of the touchpoint the step leaves.",
    (FlowEdge, "target"): "The id of the touchpoint the step reaches.",
    (FlowEdge, "label"): "What the step is, e.g. \"referral\".",
    (Contribution, "asset"): "The id of the asset.",
    (Contribution, "touchpoint"): "The id of the touchpoint.",
    (Contribution, "phase"): "The point of the Co-production Star: co_delivery is citizen action, "
                             "the other three citizen voice.",
    (Contribution, "status"): "actual (happens today) or potential (an identified opportunity).",
    (Contribution, "note"): "What the contribution is, or would be.",
    (Need, "name"): "The need, in the words people use.",
    (Need, "users"): f"The share of users who name the need, from {SHARE_MIN} to {SHARE_MAX} (91% is 0.91).",
    (Need, "staff"): f"The share of staff who think users need it, from {SHARE_MIN} to {SHARE_MAX}.",
    (Need, "n_users"): "How many users answered, when the share was counted from a survey.",
    (Need, "n_staff"): "How many staff answered, when the share was counted from a survey.",
    (Need, "for_"): "The ids of the citizens whose own need it is (from an interview, a conversation), each once; "
                    "citizen-side actors only. Leave it out for a need of the whole population (a survey's).",
    (Journey, "surveys"): "The surveys behind the map: each one's respondents per group, willingness and Likert "
                          "counts (groups under the disclosure threshold are held back, never kept).",
    (Journey, "outcomes"): "What matters to the people the journey is for, which touchpoints and contributions may "
                           "serve (serves: [outcome ids]).",
    (Journey, "actions"): "The action plan: what the team will do about the findings, in the method's four boxes.",
    (Touchpoint, "serves"): "The ids of the outcomes this touchpoint serves, each once.",
    (Contribution, "serves"): "The ids of the outcomes this contribution serves, each once.",
    (Outcome, "name"): "The outcome, in the person's words (\"Get to know people and make friends\").",
    (Outcome, "id"): "The outcome's id (default: derived from its name).",
    (Outcome, "for_"): "The ids of the citizens it matters to, each once; citizen-side actors only. Leave it out "
                       "for the persona's.",
    (Outcome, "description"): "More about the outcome.",
    (Action, "text"): "The action, as a person would write it.",
    (Action, "id"): "The action's id (default: derived from its first words).",
    (Action, "horizon"): "week (I will do it within a week), month (within a month), organisation (others in my "
                         "organisation should) or partners (people in partner organisations should).",
    (Action, "owner"): "Who owns the action.",
    (Action, "status"): "todo, doing, done or dropped.",
    (Action, "due"): "When it is due, year-month-day (2027-01-31).",
    (Action, "addresses"): "The ids of what the action addresses (assets, touchpoints, outcomes, actors or stages), "
                           "each once.",
    (Actor, "constraints"): "What keeps a citizen from doing more however willing (caring load, health, "
                            "access), one text each; citizen-side actors only.",
    (Survey, "title"): "The survey's title.",
    (Survey, "id"): "Derived from the title when left out. " + _IDS.split(";")[0] + ".",
    (Survey, "respondents"): "How many respondents each group shown has (each at least the threshold).",
    (Survey, "held_back"): "How many respondents were in groups under the threshold: counted, never shown.",
    (Survey, "threshold"): "The disclosure threshold: groups with fewer respondents are held back (default 5).",
    (Survey, "willingness"): "Per group, how many are willing to do more weekly, monthly or not at all.",
    (Survey, "likert"): "Per statement and group, how many gave each level of the scale.",
    (GroupCount, "group"): "The group: users, carers, staff...",
    (GroupCount, "respondents"): "How many respondents the group has.",
    (WillingnessCount, "group"): "The group: users, carers, staff...",
    (WillingnessCount, "weekly"): "How many are willing to give a few hours a week or more.",
    (WillingnessCount, "monthly"): "How many are willing to give a few hours a month.",
    (WillingnessCount, "none"): "How many are not willing to do more.",
    (LikertCount, "statement"): "The statement respondents rated.",
    (LikertCount, "group"): "The group: users, carers, staff...",
    (LikertCount, "scale"): "The levels, from the most negative to the most positive (at least 2, each once).",
    (LikertCount, "counts"): "How many gave each level, in the scale's order.",
    (LikertCount, "neutral"): "The level, if any, that is neither agreement nor disagreement.",
    (Touchpoint, "cases"): "From records: how many cases (people's journeys) have this touchpoint.",
    (Touchpoint, "events"): "From records: how many events of it the log holds.",
    (Touchpoint, "starts"): "From records: how many cases start here.",
    (Touchpoint, "ends"): "From records: how many cases end here.",
    (Contribution, "cases"): "From records: in how many cases the asset's holder acted at the touchpoint.",
    (Contribution, "events"): "From records: how many of their events there the log holds.",
    (Stage, "cases"): "From records: how many cases have an event in this stage.",
    (Stage, "median_hours"): "From records: the median wait, in hours, on entering this stage from another.",
    (Stage, "p90_hours"): "From records: the 90th percentile of that wait, in hours.",
    (Stage, "entry_cases"): "From records: how many cases entered this stage from another, whose wait that is.",
    (FlowEdge, "cases"): "From records: how many cases take this step.",
    (FlowEdge, "median_hours"): "From records: the median time the step takes, in hours.",
    (FlowEdge, "p90_hours"): "From records: the 90th percentile of the time the step takes, in hours.",
    (Journey, "evidence"): "The event log the map was discovered from (journeymap discover), and what was hidden.",
    (LogEvidence, "log"): "The event log's file name.",
    (LogEvidence, "cases"): "How many cases the map was drawn from.",
    (LogEvidence, "events"): "How many events the map was drawn from.",
    (LogEvidence, "first"): "The day of the earliest timestamp, ISO 8601 (2024-03-04T00:00:00+00:00: discover writes "
                             "the day, not one event's time).",
    (LogEvidence, "last"): "The day of the latest timestamp, ISO 8601.",
    (LogEvidence, "threshold"): "The disclosure threshold: anything seen in fewer cases is not written (default 5).",
    (LogEvidence, "filters"): "The filters applied, in words.",
    (LogEvidence, "hidden"): "How many items of each kind the threshold and the filters kept off the map.",
    (LogEvidence, "variants"): "The most common paths, with how many cases follow each.",
    (LogEvidence, "notes"): "What was odd about the log: ties, rows out of order, time zones, events left out.",
    (LogEvidence, "co_production_unknown"): "The ids of the touchpoints whose co-production the records cannot show "
                                             "(citizen-side groups acted there in fewer cases than the threshold, or "
                                             "the log names no one's role): none is called passive.",
    (LogHidden, "activities"): "Activities hidden.",
    (LogHidden, "pairs"): "Steps between activities hidden.",
    (LogHidden, "contributions"): "Contributions of role groups hidden.",
    (LogHidden, "variants"): "Variants not listed.",
    (LogHidden, "stage_waits"): "Waits on entering a stage hidden.",
    (Variant, "touchpoints"): "The ids of the touchpoints the path passes, in order.",
    (Variant, "cases"): "How many cases follow exactly this path.",
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a map file, as plain data.

    >>> schema = json_schema()
    >>> schema["$schema"], schema["properties"]["journeymap"]["const"]
    ('https://json-schema.org/draft/2020-12/schema', 1)
    """
    journey = _object_schema(Journey)
    properties = {
        FORMAT_KEY: {"description": _FIELD_DOCS[(Journey, FORMAT_KEY)], "const": FORMAT_VERSION},
        **journey["properties"],
    }
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        "title": f"journeymap map, format {FORMAT_VERSION}",
        "description": _ROOT,
        "type": "object",
        "properties": properties,
        "required": [FORMAT_KEY, *journey["required"]],
        "additionalProperties": False,
        "$defs": {cls.__name__: _object_schema(cls) for cls in model_classes() if cls is not Journey},
    }


def schema_text() -> str:
    """The JSON Schema as JSON text: two-space indent, a fixed key order, a final newline."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def _object_schema(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    fields = list(iter_fields(cls))
    schema: dict[str, Any] = {"description": _class_doc(cls), "type": "object"}
    schema["properties"] = {file_key(cls, f.name): _field_schema(cls, f, hints[f.name]) for f in fields}
    schema["required"] = [file_key(cls, f.name) for f in fields if _required(f)]
    schema["additionalProperties"] = False
    return schema


def _class_doc(cls: type) -> str:
    """The first paragraph of a class's docstring, without reStructuredText's double backquotes."""
    return (inspect.getdoc(cls) or cls.__name__).split("\n\n")[0].replace("``", "`").replace("\n", " ")


def _required(field: attrs.Attribute[Any]) -> bool:
    return field.default is attrs.NOTHING


def _field_schema(cls: type, field: attrs.Attribute[Any], hint: Any) -> dict[str, Any]:
    hint = _without_none(hint)
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        items = {"$ref": f"#/$defs/{item.__name__}"} if item in model_classes() else _value_schema(cls, field, item,
                                                                                                   in_list=True)
        value: dict[str, Any] = {"type": "array", "items": items}
        if item is str and _wants_each_once(field):
            value["uniqueItems"] = True
    elif hint in model_classes():
        value = {"$ref": f"#/$defs/{hint.__name__}"}
    else:
        value = _value_schema(cls, field, hint)
    schema: dict[str, Any] = {"description": _field_description(cls, field, hint), **value}
    default = field.default
    if not _required(field) and default not in (None, ()) and not isinstance(default, _FACTORY):
        schema["default"] = default.value if isinstance(default, StrEnum) else default
    return schema if _required(field) else _or_null(schema)


def _without_none(hint: Any) -> Any:
    """``X`` for ``X | None``."""
    if isinstance(hint, types.UnionType):
        (kept,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return kept
    return hint


def _value_schema(cls: type, field: attrs.Attribute[Any], hint: Any, *, in_list: bool = False) -> dict[str, Any]:
    """The schema of one value (a list's item, for a list of values) of a field."""
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return {"type": "string", "enum": [word.value for word in hint]}
    if hint is bool:
        return {"type": "boolean"}
    if hint is datetime.datetime:
        return {"type": "string", "format": "date-time"}
    if hint is datetime.date:
        return {"type": "string", "format": "date"}
    if hint in (int, float):
        return {"type": "integer" if hint is int else "number", **_range(cls, field.name)}
    if hint is str:
        schema: dict[str, Any] = dict(_ID if _wants_ids(field, in_list) else _TEXT)
        if (cls, field.name) in _EXAMPLES:
            schema["examples"] = list(_EXAMPLES[(cls, field.name)])
        return schema
    raise TypeError(f"no JSON Schema for {cls.__name__}.{field.name}: {hint!r}")


def _range(cls: type, name: str) -> dict[str, int]:
    """The limits of a number; every number in the model has an entry, so that none is left unchecked."""
    low, high = _RANGES[(cls, name)]
    limits = {"minimum": low, "maximum": high}
    return {key: value for key, value in limits.items() if value is not None}


def _wants_ids(field: attrs.Attribute[Any], in_list: bool) -> bool:
    """True when the model's own validator for a text field (or a list of them) refuses text that is no id."""
    sample: Any = (_NOT_AN_ID,) if in_list else _NOT_AN_ID
    if field.validator is None:
        return False
    try:
        field.validator(None, field, sample)
    except InvalidMapError:
        return True
    return False


def _wants_each_once(field: attrs.Attribute[Any]) -> bool:
    """True when the model's own validator for a list of texts takes an item once and refuses it twice."""
    if field.validator is None:
        return False
    try:
        field.validator(None, field, (_AN_ID,))
    except InvalidMapError:
        return False
    try:
        field.validator(None, field, (_AN_ID, _AN_ID))
    except InvalidMapError:
        return True
    return False


def _field_description(cls: type, field: attrs.Attribute[Any], hint: Any) -> str:
    text = _FIELD_DOCS[(cls, field.name)]
    if isinstance(hint, type) and issubclass(hint, StrEnum) and hint in _GROUPS:
        text += " " + _grouped(hint, _GROUPS[hint])
    return text


def _grouped(enum: type[StrEnum], group: Callable[[Any], str]) -> str:
    """The words of a vocabulary by group, e.g. ``citizen side: service_user, carer...; provider side: ...``."""
    groups: dict[str, list[str]] = {}
    for word in enum:
        groups.setdefault(group(word), []).append(word.value)
    text = "; ".join(f"{name}: {', '.join(words)}" for name, words in groups.items())
    return text[:1].upper() + text[1:] + "."


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema also allowing null, which a map file uses for "not given"."""
    if "$ref" in schema:
        return {"description": schema["description"], "anyOf": [{"$ref": schema["$ref"]}, {"type": "null"}]}
    result = {**schema, "type": [schema["type"], "null"]}
    if "enum" in schema:
        result["enum"] = [*schema["enum"], None]
    return result
