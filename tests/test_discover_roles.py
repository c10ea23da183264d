"""Role words to groups: the common words in any case, spacing, plural and spelling; provider roles as written, or
"Staff" for resources; the --roles file overriding them, and its mistakes placed in the file. The --stages file too
(discover/stages.py shares the reading of these small files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.discover.errors import InvalidLogError
from journeymap.discover.roles import RoleGroup, RoleGroups, read_roles, role_word
from journeymap.discover.stages import read_stages
from journeymap.vocabulary import Role


@pytest.mark.parametrize(("value", "group"), [
    ("patient", "People using the service"), ("Service_User", "People using the service"),
    ("SELF", "People using the service"), ("clients", "People using the service"),
    ("Residents", "People using the service"), ("citizen", "People using the service"),
    ("carer", "Carers"), ("Unpaid  Carers", "Carers"), ("family-carer", "Carers"), ("caregivers", "Carers"),
    ("relative", "Family"), ("Daughter", "Family"), ("spouses", "Family"), ("partner", "Family"),
    ("parents", "Family"), ("volunteer", "Volunteers"), ("Volunteers", "Volunteers"),
    ("peer supporter", "Peers"), ("Expert by Experience", "Peers"), ("peers", "Peers"),
    ("neighbour", "Neighbours"), ("Neighbors", "Neighbours"), ("community group", "Community groups"),
    ("charity", "Community groups"), ("Charities", "Community groups"), ("faith group", "Community groups"),
])
def test_common_words_give_citizen_groups(value: str, group: str) -> None:
    assert RoleGroups()(value) == group
    assert RoleGroups(resources=True)(value) == group  # a resource called "carer" is one, whoever it is


@pytest.mark.parametrize(("value", "group"), [
    ("Nurse", "Nurse"), ("district nurse", "District nurse"), ("  Social   worker ", "Social worker"),
    ("GP", "GP"), ("nurses", "Nurses"),
])
def test_other_roles_are_provider_groups_as_written(value: str, group: str) -> None:
    groups = RoleGroups()
    assert groups(value) == group
    assert groups.role_of(group) is Role.PROFESSIONAL and not groups.is_citizen(group)


def test_resources_are_staff_never_a_name() -> None:
    groups = RoleGroups(resources=True)
    assert [groups(value) for value in ("Jane Smith", "Dr A. Okafor", "nurse")] == ["Staff"] * 3


def test_blank_values_have_no_group() -> None:
    assert RoleGroups()("   ") is None


def test_role_words_know_only_citizen_words() -> None:
    assert role_word("Consultant") is None
    assert role_word("young carers") is Role.CARER


def test_a_roles_file_overrides_the_words(tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text("Home help: volunteer\nLink worker: {group: Link workers, role: professional}\n"
                    "Carer: professional\nBuddy: {role: peer}\nAdmin: manager\n", encoding="utf-8")
    groups = read_roles(path)
    assert groups("home helps") == "Volunteers"
    assert groups("LINK WORKER") == "Link workers" and groups.role_of("Link workers") is Role.PROFESSIONAL
    assert groups.group("carer") == RoleGroup("Carer", Role.PROFESSIONAL)  # the file wins over the common word
    assert groups("Buddy") == "Peers"
    assert groups.group("Admin") == RoleGroup("Admin", Role.MANAGER)
    assert groups("patient") == "People using the service"  # words the file does not name keep their meaning
    assert read_roles(path, resources=True)("Admin") == "Staff"


@pytest.mark.parametrize(("text", "where", "said"), [
    ("Home help: volunter\n", ":1:12:", "unknown role 'volunter'; did you mean 'volunteer'?"),
    ("Home help: volunteer\nLink: {group: Links, rol: professional}\n", ":2:7:", "did you mean 'role'?"),
    ("A: carer\nB: [carer]\n", ":2:4:", "'B' must map to a role word"),
    ("A: carer\na: carer\nA: family\n", ":3:1:", "'A' is named twice (first on line 1)"),
    ("- carer\n", ":1:1:", "the roles file must be a YAML mapping"),
    ("A: carer\n  B: [\n", ":2:", "not valid YAML"),
])
def test_roles_file_mistakes_are_placed_in_the_file(tmp_path: Path, text: str, where: str, said: str) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidLogError) as caught:
        read_roles(path)
    message = str(caught.value)
    assert f"{path}{where}" in message and said in message


def test_a_missing_roles_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidLogError, match="cannot read the roles file"):
        read_roles(tmp_path / "nowhere.yaml")


def test_a_stages_file_maps_activities_to_stages(tmp_path: Path) -> None:
    path = tmp_path / "stages.yaml"
    path.write_text("Getting help:\n  - Referral\n  - Triage\nAt home: Home visit\n", encoding="utf-8")
    assert read_stages(path) == {"Referral": "Getting help", "Triage": "Getting help", "Home visit": "At home"}


@pytest.mark.parametrize(("text", "where", "said"), [
    ("Help: [Referral, Triage]\nHome: [Triage]\n", ":2:8:", "activity 'Triage' is in two stages, 'Help' (line 1)"),
    ("Help: {Referral: 1}\n", ":1:7:", "stage 'Help' must list its activities"),
    ("Help: [Referral, [Triage]]\n", ":1:18:", "must list activities by name"),
    ("Help: []\n", ":1:7:", "stage 'Help' must list its activities"),
])
def test_stages_file_mistakes_are_placed_in_the_file(tmp_path: Path, text: str, where: str, said: str) -> None:
    path = tmp_path / "stages.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidLogError) as caught:
        read_stages(path)
    assert f"{path}{where}" in str(caught.value) and said in str(caught.value)
