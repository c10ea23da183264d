"""Who performed an event, as a group a map may name: the person themself, carers, family, volunteers, peers,
neighbours and community groups from the common words for them; everyone else on the provider side, each role its
own group (``org:role``) or all of them "Staff" (``org:resource``, whose values are often people's names and are
never written to a map). A ``--roles`` file overrides the words; it gives each group one role, and its entries no
role value of the log matches are warned of.

>>> groups = RoleGroups()
>>> groups("Unpaid  CARERS"), groups("patient"), groups("neighbor"), groups("district nurse")
('Carers', 'People using the service', 'Neighbours', 'District nurse')
>>> RoleGroups(resources=True)("Jane Smith"), groups.role_of("Carers").value
('Staff', 'carer')
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence

import attrs
import yaml

from journeymap.discover.mapping_file import Entry, MappingFile, Place, read_mapping
from journeymap.discover.role_words import (citizen_role_in, holds_a_name, normalised, role_word, singular,
                                           telling_word)
from journeymap.discover.summary import GroupCount
from journeymap.errors import Problem, did_you_mean
from journeymap.vocabulary import Role, Side

__all__ = ["OTHER_STAFF", "PERSONA_GROUP", "STAFF", "RoleGroup", "RoleGroups", "read_roles", "role_word"]

PERSONA_GROUP = "People using the service"
STAFF = "Staff"  # every provider-side resource of an org:resource column
OTHER_STAFF = "Other staff"  # provider roles each seen in fewer cases than the disclosure threshold

# The group a citizen-side role's events are told under.
CITIZEN_GROUPS: dict[Role, str] = {
    Role.SERVICE_USER: PERSONA_GROUP, Role.CARER: "Carers", Role.FAMILY: "Family", Role.VOLUNTEER: "Volunteers",
    Role.PEER: "Peers", Role.NEIGHBOUR: "Neighbours", Role.COMMUNITY_GROUP: "Community groups",
}
# The group of resources a --roles file gives a provider role other than professional ("Staff" is professional).
RESOURCE_GROUPS: dict[Role, str] = {
    Role.MANAGER: "Managers", Role.COMMISSIONER: "Commissioners", Role.ORGANISATION: "Organisations",
}
# The groups journeymap names itself, each with its one role: a --roles file may not give them another.
_OWN_GROUPS: dict[str, Role] = {
    **{name: role for role, name in CITIZEN_GROUPS.items()}, STAFF: Role.PROFESSIONAL, OTHER_STAFF: Role.PROFESSIONAL,
}
_OWN_RESOURCE_GROUPS = {**_OWN_GROUPS, **{name: role for role, name in RESOURCE_GROUPS.items()}}

@attrs.frozen
class RoleGroup:
    """A group the map names as one actor, and its role."""

    name: str
    role: Role


def _as_written(value: str) -> str:
    """A role value as a group's name: single spaces, its first letter capitalised, the rest as written."""
    spaced = " ".join(value.split())
    return spaced[:1].upper() + spaced[1:]


@attrs.frozen(kw_only=True)
class RoleGroups:
    """How role values become groups: ``overrides`` (from a ``--roles`` file, by normalised value) first, then the
    common citizen words, then the provider side — the value itself, or "Staff" for ``resources`` (an
    ``org:resource`` column). Called with a value, it gives the group's name (what ``aggregate`` takes).
    ``places``: where each override is written in its file (by normalised value), to warn of those unused."""

    overrides: Mapping[str, RoleGroup] = attrs.field(factory=dict)
    resources: bool = False
    places: Mapping[str, Place] = attrs.field(factory=dict)

    def _override(self, value: str) -> str | None:
        """The key of the override a role value matches, if any: its words, else their singular."""
        phrase = normalised(value)
        return next((key for key in (phrase, singular(phrase)) if key in self.overrides), None)

    def group(self, value: str) -> RoleGroup | None:
        """The group of one role value; None for a blank one."""
        if not value.strip():
            return None
        key = self._override(value)
        if key is not None:
            return self.overrides[key]
        role = role_word(value)
        if role is not None:
            return RoleGroup(CITIZEN_GROUPS[role], role)
        if holds_a_name(value):  # never written: told by the role a part of it names, else as staff
            role = citizen_role_in(value)
            return RoleGroup(CITIZEN_GROUPS[role], role) if role else RoleGroup(STAFF, Role.PROFESSIONAL)
        return RoleGroup(STAFF if self.resources else _as_written(value), Role.PROFESSIONAL)

    def __call__(self, value: str) -> str | None:
        group = self.group(value)
        return None if group is None else group.name

    def role_of(self, name: str) -> Role:
        """The role of a group, by its name: an override's, a citizen group's, else professional."""
        for group in self.overrides.values():
            if group.name == name:
                return group.role
        for role, citizen_group in CITIZEN_GROUPS.items():
            if citizen_group == name:
                return role
        return Role.PROFESSIONAL

    def is_citizen(self, name: str) -> bool:
        """True when the group is on the citizen side."""
        return self.role_of(name).side is Side.CITIZEN

    def folded(self, groups: Sequence[GroupCount], threshold: int) -> dict[str, str]:
        """Each group's name on a map: the provider groups each in fewer cases than ``threshold`` are one, "Other
        staff" (``LogOptions.fold_groups``)."""
        return {group.group: OTHER_STAFF if group.cases < threshold and not self.is_citizen(group.group)
                else group.group for group in groups}

    def read_as_staff(self, values: Collection[str]) -> tuple[Problem, ...]:
        """Warnings, in order, for the role values read as staff though a word of theirs names a citizen-side role
        ("Carer (unpaid)"): a --roles file says which they are. Resources (people, as ``org:resource`` names them)
        are counted, never said, as are values that hold a name (``names_as_staff``)."""
        said, resources = [], 0
        for value in sorted(values):
            if not self.resources and holds_a_name(value):
                continue
            group = self.group(value)
            word = telling_word(value) if group is not None and group.role is Role.PROFESSIONAL else None
            if word is None or self._override(value) is not None:
                continue
            if self.resources:
                resources += 1
                continue
            role = role_word(word) or Role.CARER
            said.append(Problem(message=f"the role '{value}' is read as staff, though '{word}' names a citizen-side "
                                        f"role",
                                suggestion=f"if its people are not staff, say which they are in a --roles file, "
                                           f"e.g. '{value}: {role.value}'"))
        if resources:
            said.append(Problem(
                message=f"{resources} resource value{'s' if resources > 1 else ''} of the log, read as staff, "
                        f"hold{'s' if resources == 1 else ''} a word for a citizen-side role (carer, volunteer...): "
                        f"no value is written or said",
                suggestion="if some are not staff, say which they are in a --roles file"))
        return tuple(said)

    def names_as_staff(self, values: Collection[str]) -> tuple[Problem, ...]:
        """A warning when role values hold people's names (``role_words.holds_a_name``) and no --roles file names
        them: their events are told by the citizen-side role a part of them names, else as "Staff", and the names are
        neither written nor said."""
        names = [value for value in values if not self.resources and self._override(value) is None
                 and role_word(value) is None and holds_a_name(value)]
        if not names:
            return ()
        return (Problem(message=f"{len(names)} role value{'s' if len(names) > 1 else ''} of the log read as people's "
                                f"names: no name is written, their events told by the role a part of the value "
                                f"names (\"Jane Doe (daughter)\" as Family), else as one group, '{STAFF}'",
                        suggestion="a role column should say what people do, not who they are; if these are roles, "
                                   "name them in a --roles file"),)

    def unmatched(self, values: Collection[str]) -> tuple[Problem, ...]:
        """Warnings, in file order, for the overrides of a file that none of the log's role ``values`` matches, each
        with the nearest value; one warning for the file when the log has no role values at all."""
        if not values:
            files = sorted({place.file for place in self.places.values()})
            return tuple(Problem(message="the log has no role values, so the roles file changes nothing", file=file,
                                 suggestion="name the column of who performed each event with --role")
                         for file in files)
        used = {self._override(value) for value in values}
        return tuple(
            place.problem(f"no event of the log has the role '{place.name}'",
                          did_you_mean(place.name, values) or "role values are matched in any case and spacing")
            for key, place in sorted(self.places.items(), key=lambda item: (item[1].file, item[1].line))
            if key not in used)


def spellings_merged(events: Mapping[str, int]) -> dict[str, str]:
    """Each group name (with its events) as the map names it: names that differ only in case, spacing, '-' or '_'
    ("Nurse", "NURSE"; "Social worker", "Social-worker") are one group, named as most of its events write it (ties:
    one not all in capitals, then the first in code-point order).

    >>> spellings_merged({"Nurse": 20, "NURSE": 20, "Social_worker": 2, "Social worker": 2})
    {'Nurse': 'Nurse', 'NURSE': 'Nurse', 'Social_worker': 'Social worker', 'Social worker': 'Social worker'}
    """
    written: dict[str, list[str]] = {}
    for name in sorted(events):
        written.setdefault(normalised(name), []).append(name)
    # max keeps the first of equals: the most events, then not shouting, then code-point order
    shown = {key: max(names, key=lambda name: (events[name], not name.isupper())) for key, names in written.items()}
    return {name: shown[normalised(name)] for name in events}


_EXAMPLE = "'Home carer: carer' or 'Link worker: {group: Link workers, role: professional}'"
_ROLE_WORDS = [role.value for role in Role]


def read_roles(path: str | os.PathLike[str], *, resources: bool = False) -> RoleGroups:
    """The role groups a ``--roles`` file gives: each role value mapped to one of journeymap's role words, or to
    ``{group: Name, role: word}``. A citizen word without a group gets its usual group ("Carers"); a provider word
    the value as written ("Staff", or "Managers" and the like, for ``resources``). An error placed in the file for
    an unknown word or key, a value mapped twice (in any case and spacing) to different groups, or a group given
    two roles."""
    mapping = read_mapping(path, "roles file", _EXAMPLE)
    overrides: dict[str, RoleGroup] = {}
    places: dict[str, Place] = {}
    first_of: dict[str, Entry] = {}  # each group's first entry
    for entry in mapping:
        group, word_node = _entry_group(mapping, entry, resources)
        key = normalised(entry.key)
        if key in overrides:
            if overrides[key] == group:
                continue
            earlier = places[key]
            raise mapping.problem(entry, f"'{entry.key}' and '{earlier.name}' (line {earlier.line}) are one role "
                                  f"value, as values are matched (in any case and spacing), but map to "
                                  f"{_described(group)} and {_described(overrides[key])}", entry.key,
                                  "keep one of the two entries")
        _check_group_role(mapping, entry, word_node, group, first_of, overrides, resources)
        overrides[key] = group
        places[key] = mapping.place(entry, entry.key)
        first_of.setdefault(group.name, entry)
    return RoleGroups(overrides=overrides, resources=resources, places=places)


def _entry_group(mapping: MappingFile, entry: Entry, resources: bool) -> tuple[RoleGroup, yaml.Node]:
    """The group one entry of a roles file gives, and its role word's node; an error placed at what is wrong."""
    node = entry.value
    group_name: str | None = None
    if isinstance(node, yaml.ScalarNode):
        word_node = node
    elif isinstance(node, yaml.MappingNode):
        fields = {str(key.value): value for key, value in node.value if isinstance(key, yaml.ScalarNode)}
        unknown = sorted(set(fields) - {"group", "role"})
        if unknown or "role" not in fields:
            raise mapping.problem(node, f"the roles of '{entry.key}' must give 'role' (and may give 'group')"
                                  + (f", not '{unknown[0]}'" if unknown else ""), unknown[0] if unknown else None,
                                  did_you_mean(unknown[0], ["group", "role"]) if unknown else f"e.g. {_EXAMPLE}")
        word_node = fields["role"]
        group = fields.get("group")
        if group is not None:
            if not isinstance(group, yaml.ScalarNode) or not str(group.value).strip():
                raise mapping.problem(group, "a group's name must be plain text", None, "e.g. group: Link workers")
            group_name = " ".join(str(group.value).split())
    else:
        raise mapping.problem(node, f"'{entry.key}' must map to a role word", None, f"e.g. {_EXAMPLE}")
    if not isinstance(word_node, yaml.ScalarNode):
        raise mapping.problem(word_node, "a role must be one word", None, f"one of {', '.join(_ROLE_WORDS)}")
    word = str(word_node.value).strip()
    try:
        role = Role(word.lower())
    except ValueError:
        hint = did_you_mean(word, _ROLE_WORDS) or f"one of {', '.join(_ROLE_WORDS)}"
        raise mapping.problem(word_node, f"unknown role '{word}'", word, hint) from None
    if group_name is None:
        group_name = _default_group(entry.key, role, resources)
    return RoleGroup(group_name, role), word_node


def _default_group(value: str, role: Role, resources: bool) -> str:
    """The group of a role value a roles file gives a role without a group: a citizen role's usual group; for
    resources (people's names, never written) "Staff" or the role's group; else the value as written."""
    if role in CITIZEN_GROUPS:
        return CITIZEN_GROUPS[role]
    if resources:
        return RESOURCE_GROUPS.get(role, STAFF)
    return _as_written(value)


def _check_group_role(mapping: MappingFile, entry: Entry, word_node: yaml.Node, group: RoleGroup,
                      first_of: Mapping[str, Entry], overrides: Mapping[str, RoleGroup], resources: bool) -> None:
    """An error placed at the role when the entry gives its group another role than journeymap's own group of
    that name has, or than an earlier entry gave it: a group has one role, which all its events are told under."""
    own = (_OWN_RESOURCE_GROUPS if resources else _OWN_GROUPS).get(group.name)
    if own is not None and own is not group.role:
        said = f"journeymap's own group '{group.name}' has the role {own.value}"
    elif group.name in first_of:
        earlier = first_of[group.name]
        role = overrides[normalised(earlier.key)].role
        if role is group.role:
            return
        said = f"'{earlier.key}' (line {earlier.line}) puts it in the role {role.value}"
    else:
        return
    own_group = _default_group(entry.key, group.role, resources)
    if own_group == group.name:
        own_group = f"{group.name} ({group.role.value})"
    raise mapping.problem(word_node, f"'{entry.key}' puts the group '{group.name}' in the role {group.role.value}, "
                          f"but {said}", group.role.value,
                          f"a group has one role: give '{entry.key}' a group of its own, e.g. "
                          f"'{entry.key}: {{group: {own_group}, role: {group.role.value}}}'")


def _described(group: RoleGroup) -> str:
    """A group as a message names it: its name and role."""
    return f"'{group.name}' ({group.role.value})"
