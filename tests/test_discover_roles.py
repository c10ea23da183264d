"""Role words to groups: the common words in any case, spacing, plural and spelling; provider roles as written, or
"Staff" for resources; the --roles file overriding them, its mistakes placed in the file and its entries the log never
uses warned of. The --stages file too (discover/stages.py shares the reading of these small files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.discover.aggregate import aggregate
from journeymap.discover.errors import InvalidLogError
from journeymap.discover.roles import RoleGroup, RoleGroups, read_roles, role_word
from journeymap.discover.stages import read_stage_file, read_stages
from journeymap.discover.summary import LogColumns
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


@pytest.mark.parametrize(("value", "group"), [
    ("Chloe Okafor", "Staff"), ("Dr. Amina Patel", "Staff"), ("J. O'Brien-Smith", "Staff"),
    ("Jane Doe (daughter)", "Family"), ("Sam Lee (carer)", "Carers"),
    ("Social Worker", "Social Worker"), ("Home Care Assistant", "Home Care Assistant"), ("Red Cross", "Red Cross"),
    ("Macmillan Nurse", "Macmillan Nurse"), ("Age UK", "Age UK"), ("Nurse", "Nurse"),
    # a name beside a role, surname first, after a title, in brackets; an id
    ("Nurse Jane Smith", "Staff"), ("Smith, Jane", "Staff"), ("Mrs Brown's daughter", "Family"),
    ("Nurse (Jane Smith)", "Staff"), ("E12345", "Staff"),
    ("Rapid Response Team", "Rapid Response Team"), ("Nurse, District", "Nurse, District"),
    ("Band 5 Nurse", "Band 5 Nurse"), ("Early Help Worker", "Early Help Worker"),
    # in capitals, in other alphabets, with initials, after a title, in brackets; an e-mail address, an id of digits
    ("JANE SMITH", "Staff"), ("José García", "Staff"), ("Łukasz Nowak", "Staff"), ("N. Smith", "Staff"),
    ("Ronald McDonald", "Staff"), ("Nurse Smith", "Staff"), ("Sister Jones", "Staff"), ("Nurse (Jane)", "Staff"),
    ("Jane.smith@nhs.net", "Staff"), ("12345", "Staff"), ("emp 12345", "Staff"),
    # a named citizen keeps the role a part of the value names
    ("Jane Doe (patient)", "People using the service"), ("Mr Smith (client)", "People using the service"),
    ("Jane Doe (service user)", "People using the service"), ("Jane Doe (parent)", "Family"),
    ("Jane Doe (peer mentor)", "Peers"), ("Ann Jones (sister)", "Family"),
    # services and organisations stay roles
    ("British Red Cross", "British Red Cross"), ("Royal Voluntary Service", "Royal Voluntary Service"),
    ("Blue Badge Team", "Blue Badge Team"), ("Out Of Hours Doctor", "Out Of Hours Doctor"),
    ("Telecare Monitoring Centre", "Telecare Monitoring Centre"), ("Social Prescriber", "Social Prescriber"),
    ("Team Leader", "Team Leader"), ("CMHT Duty Team", "CMHT Duty Team"), ("NHS 111", "NHS 111"),
    ("Befriending Co-ordinator", "Befriending Co-ordinator"), ("Falls Co-Ordinator", "Falls Co-Ordinator"),
    ("Mary-Jane Smith", "Staff"),
])
def test_a_role_that_reads_as_a_person_s_name_is_never_a_group_of_its_own(value: str, group: str) -> None:
    # A role column holding who did it, not what they do: the name is never written, but any role it gives in
    # brackets is kept.
    assert RoleGroups()(value) == group


def test_role_values_read_as_names_are_warned_of_by_number_never_by_name() -> None:
    (warning,) = RoleGroups().names_as_staff(["Chloe Okafor", "Ben Adeyemi", "Nurse", "carer", "Nurse Jane Smith",
                                              "Smith, Jane"])
    assert warning.message.startswith("4 role values of the log read as people's names")
    assert not any(name in str(warning) for name in ("Chloe", "Ben", "Jane Smith", "Smith, Jane"))
    # a name is never said in the warning of roles read as staff either ("Sister" names a citizen-side role)
    assert RoleGroups().read_as_staff(["Sister Jones", "Carer (unpaid)"])[0].message.startswith(
        "the role 'Carer (unpaid)'")
    assert RoleGroups().names_as_staff(["Nurse", "Social worker"]) == ()
    assert RoleGroups(resources=True).names_as_staff(["Chloe Okafor"]) == ()  # resources are all Staff anyway


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
    resources = read_roles(path, resources=True)
    # A manager among resources is not "Staff", which would make every other resource a manager too.
    assert resources("Admin") == "Managers" and resources.role_of("Staff") is Role.PROFESSIONAL


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


def _mistake(path: Path, text: str, *, resources: bool = False) -> str:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidLogError) as caught:
        read_roles(path, resources=resources)
    return str(caught.value)


@pytest.mark.parametrize(("text", "resources", "where", "said"), [
    ("Nurse: {group: Helpers, role: carer}\nGP: {group: Helpers, role: professional}\n", False, ":2:28:",
     "'GP' puts the group 'Helpers' in the role professional, but 'Nurse' (line 1) puts it in the role carer; a "
     "group has one role: give 'GP' a group of its own, e.g. 'GP: {group: GP, role: professional}'"),
    ("Nurse: {group: Carers, role: professional}\n", False, ":1:30:",
     "journeymap's own group 'Carers' has the role carer"),
    ("Jane Smith: {group: Staff, role: manager}\n", True, ":1:34:",
     "own group 'Staff' has the role professional; a group has one role: give 'Jane Smith' a group of its own, "
     "e.g. 'Jane Smith: {group: Managers, role: manager}'"),
])
def test_a_group_is_given_one_role(tmp_path: Path, text: str, resources: bool, where: str, said: str) -> None:
    path = tmp_path / "roles.yaml"
    message = _mistake(path, text, resources=resources)
    assert f"{path}{where}" in message and said in message


def test_one_value_in_two_cases_is_one_entry(tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    message = _mistake(path, "Nurse: carer\nGP: professional\nNURSE : professional\n")
    assert f"{path}:3:1:" in message
    assert ("'NURSE' and 'Nurse' (line 1) are one role value, as values are matched (in any case and spacing), but "
            "map to 'NURSE' (professional) and 'Carers' (carer); keep one of the two entries") in message
    path.write_text("Nurse: carer\nnurse: {role: carer}\n", encoding="utf-8")
    assert read_roles(path)("NURSE") == "Carers"  # the same mapping twice is no mistake


def test_entries_no_role_value_matches_are_warned_of(tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text("Physio: volunteer\nGP: professional\nCare co-ordinators: professional\n", encoding="utf-8")
    groups = read_roles(path)
    warnings = groups.unmatched({"GP", "Physiotherapist", "Care coordinator"})
    assert [warning.describe("warning") for warning in warnings] == [
        f"{path}:1:1: warning: no event of the log has the role 'Physio'; role values are matched in any case and "
        "spacing",
        f"{path}:3:1: warning: no event of the log has the role 'Care co-ordinators'; did you mean 'Care "
        "coordinator'?",
    ]
    assert groups.unmatched({"gp", "physio", "CARE_CO-ORDINATORS"}) == ()  # matched as groups() matches them
    (alone,) = groups.unmatched(set())
    assert alone.describe("warning") == (f"{path}: warning: the log has no role values, so the roles file changes "
                                         "nothing; name the column of who performed each event with --role")
    assert RoleGroups().unmatched({"GP"}) == ()


def test_the_log_gives_the_role_values_it_has(tmp_path: Path) -> None:
    """The values a discovery hands its role groups are the log's, so the warnings name what it does not have."""
    log = tmp_path / "log.csv"
    log.write_text("case:concept:name,concept:name,time:timestamp,org:role\n"
                   "c1,Referral,2024-01-01T09:00:00,Physiotherapist\nc1,Visit,2024-01-02T09:00:00, Carer\n",
                   encoding="utf-8")
    path = tmp_path / "roles.yaml"
    path.write_text("physiotherapist: professional\nPhysio: volunteer\ncarer: family\n", encoding="utf-8")
    groups, seen = read_roles(path), set()
    aggregate(log, role_group=lambda value: seen.add(value) or groups(value))
    assert [warning.value for warning in groups.unmatched(seen)] == ["Physio"]


def _log(tmp_path: Path, activities: str, stages: str = "") -> Path:
    log = tmp_path / "log.csv"
    rows = [f"c{case},{activity},2024-01-0{step + 1}T09:00:00,{stages}"
            for case in range(3) for step, activity in enumerate(activities.split())]
    log.write_text("case:concept:name,concept:name,time:timestamp,stage\n" + "\n".join(rows) + "\n",
                   encoding="utf-8")
    return log


def test_activities_the_log_lacks_are_warned_of(tmp_path: Path) -> None:
    path = tmp_path / "stages.yaml"
    path.write_text("Intake: [Referral, Assesment]\nHome:\n  - visit\n  - Review\n", encoding="utf-8")
    stages = read_stage_file(path)
    warnings = stages.unmatched({"Referral", "Assessment", "Visit", "Review"})
    assert [warning.describe("warning") for warning in warnings] == [
        f"{path}:1:20: warning: stage 'Intake' lists 'Assesment', an activity not in the log; did you mean "
        "'Assessment'?",
        f"{path}:3:5: warning: stage 'Home' lists 'visit', an activity not in the log; did you mean 'Visit'?",
    ]
    (kept,) = stages.unmatched({"Referral", "Assesment", "Visit", "Review", "visit"} - {"Review"}, kept=True)
    assert kept.message == "stage 'Home' lists 'Review', an activity not in any case kept"


def test_a_stage_named_after_an_activity_it_does_not_place_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "stages.yaml"
    path.write_text("Intake: [Triage]\nVisit: [Referral]\n", encoding="utf-8")
    stages = read_stage_file(path)
    summary = aggregate(_log(tmp_path, "Referral Triage Visit"), stages=stages.stage_of)
    placed = {activity: stage.stage for stage in summary.stages for activity in stage.activities}
    assert placed["Visit"] == "Visit" == placed["Referral"]  # what the error prevents: Visit joins the file's stage
    with pytest.raises(InvalidLogError) as caught:
        stages.check_names(placed)
    assert str(caught.value) == (
        f"{path}:2:1: stage 'Visit' has the name of an activity of the log the file places in no stage: its events "
        "would join this stage; list 'Visit' in the stage it belongs to (e.g. 'Visit: [..., Visit]'), or give this "
        "stage another name")
    path.write_text("Intake: [Triage]\nVisit: [Referral, Visit]\nHome: [Triage2]\n", encoding="utf-8")
    read_stage_file(path).check_names(placed)  # placed by the file, as its own name says


def test_a_stage_named_as_the_stage_column_names_one_is_no_error(tmp_path: Path) -> None:
    """An activity the file does not place keeps its stage column's stage, which the file may add activities to."""
    path = tmp_path / "stages.yaml"
    path.write_text("Home: [Referral]\n", encoding="utf-8")
    stages = read_stage_file(path)
    summary = aggregate(_log(tmp_path, "Referral Home", stages="Home"), LogColumns(stage="stage"),
                        stages=stages.stage_of)
    placed = {activity: stage.stage for stage in summary.stages for activity in stage.activities}
    assert placed == {"Referral": "Home", "Home": "Home"}
    stages.check_names({"Referral": "Home", "Home": "Intake"})


def test_a_role_read_as_staff_though_a_word_of_it_names_a_citizen_side_role_is_warned_of() -> None:
    groups = RoleGroups()
    said = [problem.message for problem in groups.read_as_staff(
        ["Carer (unpaid)", "Patient's daughter", "Nurse", "Patient transport driver", "Unpaid carers", "Volunteer"])]
    assert said == ["the role 'Carer (unpaid)' is read as staff, though 'carer' names a citizen-side role",
                    "the role 'Patient's daughter' is read as staff, though 'daughter' names a citizen-side role"]
    suggested = [problem.suggestion for problem in groups.read_as_staff(["Patient's daughter", "Carer (unpaid)"])]
    assert [text.rsplit("e.g. ", 1)[1] for text in suggested if text] == ["'Carer (unpaid): carer'",
                                                                          "'Patient's daughter: family'"]
    told = RoleGroups(overrides={"carer (unpaid)": RoleGroup("Carers", Role.CARER),  # a --roles file says which
                                 "carer support worker": RoleGroup("Support workers", Role.PROFESSIONAL)})
    assert [p.message for p in told.read_as_staff(["Carer (unpaid)", "Carer support worker"])] == []


@pytest.mark.parametrize(("values", "said"), [
    (["Mary Carer", "Nurse Jones", "Tom Volunteer"], "2 resource values of the log, read as staff, hold a word"),
    (["Mary Carer"], "1 resource value of the log, read as staff, holds a word"),
])
def test_resources_read_as_staff_are_counted_never_named(values: list[str], said: str) -> None:
    """org:resource names people: a warning counts the values with a citizen-side word, and names none."""
    (problem,) = RoleGroups(resources=True).read_as_staff(values)
    assert problem.message.startswith(said) and "no value is written or said" in problem.message
    assert not any(part in str(problem) for value in values for part in value.split())
