"""journeymap.vocabulary: the words the README lists for map files, and what each one implies."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

import pytest

from journeymap.vocabulary import (
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

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def readme_row(field: str) -> str:
    """The words column of the README's table of the words a map uses, in the row of ``field``."""
    row = re.search(rf"^\| {re.escape(field)} \| (.*) \|$", README, re.M)
    assert row is not None, f"the README's table of words has no row {field!r}"
    return row.group(1)


def readme_words(field: str) -> list[str]:
    """The words (in backquotes) the README's table lists for ``field``, in order."""
    return re.findall(r"`(\w+)`", readme_row(field))


@pytest.mark.parametrize(
    ("field", "words"),
    [
        ("actor `role`, citizen side", [role for role in Role if role.side is Side.CITIZEN]),
        ("actor `role`, provider side", [role for role in Role if role.side is Side.PROVIDER]),
        ("actor `willingness` to do more", Willingness),
        ("asset `kind`", AssetKind),
        ("contribution `phase` (Co-production Star)", Phase),
        ("contribution `status`", Status),
        ("touchpoint `involvement`", Involvement),
        ("touchpoint `lane`", Lane),
    ],
)
def test_the_readme_lists_exactly_the_words_of_each_field_in_order(field: str, words: Iterable[StrEnum]) -> None:
    assert readme_words(field) == [word.value for word in words]


def test_the_roles_are_the_readme_s_citizen_roles_then_its_provider_roles() -> None:
    # With the test above, this also says that each role is on the side of the README's row that lists it.
    both = readme_words("actor `role`, citizen side") + readme_words("actor `role`, provider side")
    assert [role.value for role in Role] == both


def test_the_involvement_groups_are_the_readme_s() -> None:
    # "`coercion`, `educating` (doing to); `informing`, ... (doing for); ..."
    for part in readme_row("touchpoint `involvement`").split(";"):
        group = re.search(r"\((.+)\)", part)
        assert group is not None, part
        for word in re.findall(r"`(\w+)`", part):
            assert Involvement(word).group is InvolvementGroup(group.group(1).replace(" ", "_"))


def test_the_emotion_scale_is_the_readme_s() -> None:
    scale = re.search(r"from ([−+-]?\d+) to ([−+-]?\d+)", readme_row("touchpoint `emotion`"))
    assert scale is not None
    low, high = (int(end.replace("−", "-")) for end in scale.groups())
    assert (EMOTION_MIN, EMOTION_MAX) == (low, high)


def test_members_are_their_plain_strings() -> None:
    assert Role.CARER == "carer"
    assert Role("carer") is Role.CARER
    assert f"{AssetKind.LIVED_EXPERIENCE}" == "lived_experience"


@pytest.mark.parametrize(("phase", "action"), [("co_commissioning", False), ("co_design", False),
                                               ("co_delivery", True), ("co_assessment", False)])
def test_only_co_delivery_is_citizen_action(phase: str, action: bool) -> None:
    assert Phase(phase).is_action is action


@pytest.mark.parametrize(("willingness", "willing"), [("weekly", True), ("monthly", True), ("none", False)])
def test_willingness(willingness: str, willing: bool) -> None:
    assert Willingness(willingness).is_willing is willing
