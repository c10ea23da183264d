"""journeymap.vocabulary: the words of DESIGN.md, and what each one implies."""

from __future__ import annotations

from enum import StrEnum

import pytest

from journeymap.vocabulary import (
    COMMON_CHANNELS,
    EMOTION_MAX,
    EMOTION_MIN,
    AssetKind,
    Involvement,
    InvolvementGroup,
    Lane,
    Phase,
    Role,
    Side,
    Status,
    Willingness,
)

CITIZEN_ROLES = ["service_user", "carer", "family", "neighbour", "peer", "volunteer", "community_group"]
PROVIDER_ROLES = ["professional", "manager", "commissioner", "organisation"]


@pytest.mark.parametrize(
    ("enum", "words"),
    [
        (Role, CITIZEN_ROLES + PROVIDER_ROLES),
        (AssetKind, ["time", "skills", "knowledge", "lived_experience", "networks", "motivation", "physical",
                     "financial"]),
        (Phase, ["co_commissioning", "co_design", "co_delivery", "co_assessment"]),
        (Status, ["actual", "potential"]),
        (Willingness, ["weekly", "monthly", "none"]),
        (Involvement, ["coercion", "educating", "informing", "consultation", "engagement", "co_design",
                       "co_production"]),
        (Lane, ["customer", "frontstage", "backstage", "support"]),
        (Side, ["citizen", "provider"]),
        (InvolvementGroup, ["doing_to", "doing_for", "doing_with"]),
    ],
)
def test_each_enum_holds_exactly_the_design_words_in_order(enum: type[StrEnum], words: list[str]) -> None:
    assert [member.value for member in enum] == words


def test_members_are_their_plain_strings() -> None:
    assert Role.CARER == "carer"
    assert Role("carer") is Role.CARER
    assert f"{AssetKind.LIVED_EXPERIENCE}" == "lived_experience"


@pytest.mark.parametrize("role", CITIZEN_ROLES)
def test_citizen_roles_are_on_the_citizen_side(role: str) -> None:
    assert Role(role).side is Side.CITIZEN


@pytest.mark.parametrize("role", PROVIDER_ROLES)
def test_provider_roles_are_on_the_provider_side(role: str) -> None:
    assert Role(role).side is Side.PROVIDER


@pytest.mark.parametrize(
    ("rung", "group"),
    [
        ("coercion", InvolvementGroup.DOING_TO),
        ("educating", InvolvementGroup.DOING_TO),
        ("informing", InvolvementGroup.DOING_FOR),
        ("consultation", InvolvementGroup.DOING_FOR),
        ("engagement", InvolvementGroup.DOING_FOR),
        ("co_design", InvolvementGroup.DOING_WITH),
        ("co_production", InvolvementGroup.DOING_WITH),
    ],
)
def test_involvement_groups(rung: str, group: InvolvementGroup) -> None:
    assert Involvement(rung).group is group


@pytest.mark.parametrize(("phase", "action"), [("co_commissioning", False), ("co_design", False),
                                               ("co_delivery", True), ("co_assessment", False)])
def test_only_co_delivery_is_citizen_action(phase: str, action: bool) -> None:
    assert Phase(phase).is_action is action


@pytest.mark.parametrize(("willingness", "willing"), [("weekly", True), ("monthly", True), ("none", False)])
def test_willingness(willingness: str, willing: bool) -> None:
    assert Willingness(willingness).is_willing is willing


def test_emotion_range_and_common_channels() -> None:
    assert (EMOTION_MIN, EMOTION_MAX) == (-2, 2)
    assert COMMON_CHANNELS == ("face_to_face", "phone", "online", "letter", "home_visit")
