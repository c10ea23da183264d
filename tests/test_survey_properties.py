"""Property tests of journeymap.survey: generated surveys, written in any common encoding, delimiter and
multi-select style, give the shares, n and hidden groups that a direct count of the respondents gives."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from journeymap.survey import InvalidSurveyError, read_survey
from journeymap.survey.answers import split_answers

GROUPS = ["users", "staff", "carers"]
WILLINGNESS = ["weekly", "monthly", "none"]

choice_texts = st.text(alphabet="ab ,;é–", min_size=1, max_size=7).map(str.strip).filter(bool)


@st.composite
def surveys(draw: st.DrawFn) -> dict[str, object]:
    """A survey: its choices, separator and threshold, and respondents as (group, choices ticked, willingness)."""
    choices = draw(st.lists(choice_texts, min_size=1, max_size=4, unique=True))
    groups = draw(st.integers(1, 3))
    respondents = draw(st.lists(st.tuples(
        st.integers(0, groups - 1),
        st.lists(st.sampled_from(choices), unique=True, max_size=len(choices)),
        st.none() | st.integers(0, 2),
    ), max_size=30))
    return {
        "choices": choices, "groups": groups, "respondents": respondents,
        "separator": draw(st.sampled_from([";", ","])), "trailing": draw(st.booleans()),
        "threshold": draw(st.integers(1, 6)), "delimiter": draw(st.sampled_from([",", ";", "\t"])),
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])),
    }


def write(directory: Path, survey: dict[str, object]) -> Path:
    choices: list[str] = survey["choices"]  # type: ignore[assignment]
    separator: str = survey["separator"]  # type: ignore[assignment]
    joiner = separator if separator == ";" else ", "
    rows = [["Group", "Needs", "Willing"]]
    for group, ticked, willing in survey["respondents"]:  # type: ignore[attr-defined]
        cell = joiner.join(ticked) + (separator if ticked and survey["trailing"] else "")
        rows.append([f"Group {group}", cell, "" if willing is None else f"W{willing}"])
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=survey["delimiter"], lineterminator="\r\n").writerows(rows)  # type: ignore[arg-type]
    if len(rows) == 1:
        out.write("\r\n")  # nothing more: refused as holding only the column names
    (directory / "responses.csv").write_bytes(out.getvalue().encode(survey["encoding"]))  # type: ignore[arg-type]
    definition = {
        "journeymap-survey": 1, "title": "Generated", "responses": "responses.csv",
        "disclosure_threshold": survey["threshold"],
        "group": {"column": "Group", "values": {f"Group {g}": GROUPS[g] for g in range(survey["groups"])}},  # type: ignore[call-overload]
        "questions": [
            {"column": "Needs", "type": "needs", "multiple": separator,
             "choices": {choice: f"Need {i}" for i, choice in enumerate(choices)}},
            {"column": "Willing", "type": "willingness", "answers": {f"W{i}": w for i, w in enumerate(WILLINGNESS)}},
        ],
    }
    path = directory / "survey.yaml"
    path.write_text(yaml.safe_dump(definition, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def ambiguous(choices: list[str], separator: str) -> bool:
    return any(split_answers(c, [o for o in choices if o != c], separator).unknown is None for c in choices)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(survey=surveys())
def test_shares_n_and_hidden_groups_match_a_direct_count(tmp_path_factory: pytest.TempPathFactory,
                                                         survey: dict[str, object]) -> None:
    path = write(tmp_path_factory.mktemp("survey"), survey)
    choices: list[str] = survey["choices"]  # type: ignore[assignment]
    respondents: list[tuple[int, list[str], int | None]] = survey["respondents"]  # type: ignore[assignment]
    threshold: int = survey["threshold"]  # type: ignore[assignment]
    if not respondents or ambiguous(choices, survey["separator"]):  # type: ignore[arg-type]
        event("refused: no respondents, or choices that read as others joined")
        with pytest.raises(InvalidSurveyError):
            read_survey(path)
        return
    results = read_survey(path)
    event("counted")
    sizes = {GROUPS[g]: sum(1 for r in respondents if r[0] == g) for g in range(survey["groups"])}  # type: ignore[call-overload]
    hidden = {g: n for g, n in sizes.items() if 0 < n < threshold}
    assert results.to_dict()["hidden_groups"] == hidden
    assert results.to_dict()["groups"] == {g: n for g, n in sizes.items() if g not in hidden}
    assert results.respondents == len(respondents)
    needs, willing = results.questions
    for answers in needs.groups:
        mine = [r for r in respondents if GROUPS[r[0]] == answers.group and r[1]]
        assert answers.n == len(mine)
        assert answers.hidden == (0 < len(mine) < threshold)
        expected = {f"Need {i}": sum(1 for r in mine if c in r[1]) for i, c in enumerate(choices)}
        assert dict(zip(needs.question.categories, answers.counts)) == expected
        for share in answers.shares(needs.question):
            assert share.share == expected[share.answer] / len(mine)
    for answers in willing.groups:
        mine = [r for r in respondents if GROUPS[r[0]] == answers.group and r[2] is not None]
        assert answers.n == len(mine)
        assert answers.counts == tuple(sum(1 for r in mine if r[2] == i) for i in range(3))


@settings(max_examples=200, deadline=None)
@given(choices=st.lists(choice_texts, min_size=1, max_size=5, unique=True), separator=st.sampled_from([";", ","]),
       data=st.data())
def test_a_cell_of_joined_choices_splits_back_into_them(choices: list[str], separator: str, data: st.DataObject) -> None:
    if ambiguous(choices, separator):
        return
    picked = data.draw(st.lists(st.sampled_from(choices), unique=True, min_size=1))
    joiner = data.draw(st.sampled_from([separator, separator + " ", " " + separator + " "]))
    cell = joiner.join(picked) + data.draw(st.sampled_from(["", separator]))
    assert split_answers(cell, choices, separator).answers == tuple(picked)
