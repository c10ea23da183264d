"""Tests of the command line's plain-text tables: what ``journeymap analyse`` and ``journeymap diff`` print."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.analysis import analyse
from journeymap.comparison import diff
from journeymap.model import Journey, Need
from journeymap.model_records import LogEvidence
from journeymap.io import load
from journeymap.tables import ANALYSIS_SECTIONS, analysis_tables, diff_tables, table
from journeymap.wording import INTERVAL_NOTE, MINUS, interval, percent, sentence, words
from strategies import design_example, journeys
from test_analysis import closing_referrals
from test_wording import cli_row

cells = st.text(alphabet="abc xyz−é中", max_size=8).map(str.strip)


@given(st.lists(st.lists(cells, min_size=3, max_size=3), max_size=5))
def test_every_column_starts_where_its_header_does(rows: list[list[str]]) -> None:
    text = table(["one", "two", "three"], rows)
    lines = text.split("\n")
    assert len(lines) == len(rows) + 2
    assert all(line == line.rstrip() for line in lines)
    for line, row in zip(lines[2:], rows):
        starts = [lines[0].index(h) for h in ("two", "three")]
        assert [line[:starts[0]].strip(), line[starts[0]:starts[1]].strip(), line[starts[1]:].strip()] == row


def test_a_missing_cell_is_blank() -> None:
    assert table(["a", "b"], [("x", None)]).splitlines()[-1] == "x"


def test_the_design_example() -> None:
    text = analysis_tables(analyse(design_example()))
    lines = text.splitlines()
    assert lines[:2] == ["Living well with sight loss (persona: Margaret, 78)", "=" * 51]
    assert "Unused assets (2)" in lines and "Untapped opportunities (1)" in lines
    assert cli_row(text, "Knows what helps day to day") == [
        "Knows what helps day to day", "Margaret, 78", "lived experience", "yes, monthly", "", ""]
    assert cli_row(text, "Peer support network") == [
        "Peer support network", "Macular support group", "networks", "yes, weekly", "", "Diagnosis"]
    assert cli_row(text, "co-delivery") == ["co-delivery", "action", "1", "1"]
    assert cli_row(text, "Get to know people and make friends") == [
        "Get to know people and make friends", "91%", "36%", "+55 pts"]
    assert "Rank agreement (Spearman): none: fewer than two needs to rank" in text.split("\n\n")


def test_rank_agreement_and_negative_gaps_print_with_a_true_minus() -> None:
    needs = [Need(name="Friends", users=0.91, staff=0.36), Need(name="Information", users=0.53, staff=0.64)]
    text = analysis_tables(analyse(Journey(title="T", needs=needs)))
    assert cli_row(text, "Information")[3] == f"{MINUS}11 pts"
    assert f"Rank agreement (Spearman): {MINUS}1.00" in text.split("\n\n")


def test_an_empty_map_says_what_is_missing() -> None:
    text = analysis_tables(analyse(Journey(title="Empty")))
    assert "Unused assets (0)\nnothing to judge: the map records no one yet" in text  # not "every asset is used"
    assert "Perception gap (0)\nno needs recorded" in text
    assert text.endswith("Unused willing hours per month: 0")


def test_willing_capacity_counts_the_hours_on_offer() -> None:
    unused = attrs.evolve(design_example(), contributions=())
    assert analysis_tables(analyse(unused)).endswith("Unused willing hours per month: 8")


def test_diff_of_a_map_with_itself_says_no_change() -> None:
    same = analyse(design_example())
    text = diff_tables(diff(same.journey, same.journey))
    assert text.split("\n\n")[:2] == ["Living well with sight loss\n" + "=" * 27, "No change in co-production."]


def test_diff_tables_name_what_changed() -> None:
    old = design_example()
    new = attrs.evolve(old, title="To be", contributions=())
    text = diff_tables(diff(old, new))
    assert text.startswith("Living well with sight loss → To be\n")
    assert cli_row(text, "Time") == ["Time", "Jenny (daughter)", "yes, weekly"]  # no longer used
    assert text.endswith("Willing capacity unused: 0 → 8 hours a month (+8)")


EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))


def sections_by_key(findings_text: str, keys: set[str]) -> dict[str, str]:
    """Each section of analyse's text after its title, by the JSON key its heading begins with (in words; the
    longest that fits, so "Star coverage by stage" is star_coverage_by_stage)."""
    found: dict[str, str] = {}
    for section in findings_text.split("\n\n")[1:]:
        heading = section.splitlines()[0].lower()
        matching = [key for key in keys if heading.startswith(key.replace("_", " "))]
        assert matching, f"a section with no JSON key: {heading!r}"
        key = max(matching, key=len)
        assert key not in found, f"two sections for {key}"
        found[key] = section
    return found


def assert_text_and_json_say_the_same(journey: Journey) -> None:
    findings = analyse(journey)
    data = findings.to_dict()  # what analyse --json prints
    text = analysis_tables(findings)
    assert text.startswith(data["title"])
    sections = sections_by_key(text, set(data) - {"title"})
    assert set(sections) == set(data) - {"title"}  # every key has its section, and every section its key
    for key, section in sections.items():
        if isinstance(data[key], list):  # the heading counts the findings
            assert section.splitlines()[0] == f"{ANALYSIS_SECTIONS[key]} ({len(data[key])})"
    for item in data["untapped"]:
        assert (item["note"] or "").strip() in sections["untapped"]  # a cell loses the white space round it
    passive = [line.rsplit(None, 1)[-1] for line in sections["chokepoints"].splitlines()[3:]]
    assert passive == ["yes" if c["passive"] else "no" for c in data["chokepoints"]]
    rungs = sections["involvement"].splitlines()[3:]
    assert [re.search(r"(\S+) \(doing \w+\)$", r)[1] for r in rungs] == [  # type: ignore[index]
        words(i["involvement"]) for i in data["involvement"]]
    gaps = sections["perception_gap"].splitlines()[3:]
    counted = any("n_users" in g or "n_staff" in g for g in data["perception_gap"])
    if counted:  # a note under the table says what the brackets and n are
        assert gaps.pop() == sentence(INTERVAL_NOTE)
    assert len(gaps) == len(data["perception_gap"]) and all(row.endswith(" pts") for row in gaps)  # points, not %
    rule = sections["perception_gap"].splitlines()[2] if data["perception_gap"] else ""
    starts = [m.start() for m in re.finditer(r"-+", rule)]
    for line, need in zip(gaps, data["perception_gap"]):
        cells = [line[a:b].strip() for a, b in zip(starts, [*starts[1:], None])]
        if not counted:
            assert cells[1:3] == [percent(need["users"]), percent(need["staff"])]
            continue
        for group, share, n in (("users", cells[1], cells[2]), ("staff", cells[3], cells[4])):
            bounds = need.get(f"{group}_interval")
            assert share == (f"{percent(need[group])} ({interval(*bounds)})" if bounds else percent(need[group]))
            assert n == str(need.get(f"n_{group}", ""))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_analyse_text_and_json_say_the_same_of_the_examples(path: Path) -> None:
    assert_text_and_json_say_the_same(load(path))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_analyse_text_and_json_say_the_same_of_any_journey(journey: Journey) -> None:
    assert_text_and_json_say_the_same(journey)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(evidence=True))
def test_analyse_text_and_json_say_the_same_of_any_journey_with_evidence(journey: Journey) -> None:
    assert_text_and_json_say_the_same(journey)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(records=True))
def test_analyse_text_and_json_say_the_same_of_any_discovered_journey(journey: Journey) -> None:
    assert_text_and_json_say_the_same(journey)
    assert ("records" in analyse(journey).to_dict()) == (journey.evidence is not None)


RECORDS_MAP = Path(__file__).parent / "data" / "records" / "report_map.yaml"
DISCOVERED_MAPS = sorted(RECORDS_MAP.parent.glob("*.yaml"))


@pytest.mark.parametrize("path", [*DISCOVERED_MAPS, *EXAMPLES], ids=lambda p: p.name)
def test_analyse_json_prints_what_to_dict_gives(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from journeymap.cli import main

    assert main(["analyse", str(path), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    journey = load(path)
    assert printed == json.loads(json.dumps(analyse(journey).to_dict()))  # a library gets what the CLI prints
    if journey.evidence is None:
        assert "records" not in printed  # a hand-made map's JSON is as it was
    else:
        assert list(printed)[-1] == "records" and printed["records"]["log"] == journey.evidence.log


def test_a_discovered_map_without_a_path_as_common_as_its_threshold_says_so() -> None:
    journey = load(RECORDS_MAP)
    assert journey.evidence is not None
    none = journey.replace(evidence=attrs.evolve(journey.evidence, variants=()))
    lines = analysis_tables(analyse(none)).splitlines()
    said = lines.index("Variants (0): the most common paths: no path was followed by 5 cases or more")
    assert lines[said + 1].startswith("Busiest steps")  # as the report says it, with no table between


def test_a_discovered_map_s_records_in_text_line_by_line() -> None:
    text = analysis_tables(analyse(load(RECORDS_MAP)))
    records = text.split("\n\n")[-1].splitlines()
    assert records[:4] == [
        "Records: what the map was discovered from",
        "Discovered from referrals.csv: 500 cases, 4,210 events, 2 January 2024 to 30 December 2024.",
        "Disclosure threshold: 5 cases. Not shown: 3 activities, 9 steps, 1 contribution, 1 stage wait and 41 variants, "
        "each seen in fewer than 5 cases or left out by a filter.",
        "Filters (2):",
    ]
    assert records[4] == "  - activities in fewer than 20 cases left out"
    assert records[6] == "Notes (4):" and records[10] == "  - 14 events without a timestamp were skipped (first rows 88, 1204, 3391)"
    assert records[11] == "Variants (5): the most common paths, covering 64% of cases"  # 318 of 500
    variants = [line.split(None, 3) for line in records[14:19]]
    assert [v[:3] for v in variants] == [["1", "121", "24%"], ["2", "98", "20%"], ["3", "57", "11%"],
                                         ["4", "23", "5%"], ["5", "19", "4%"]]
    # Eleven steps, told apart as the report tells them: another path ends alike, so none of this one is counted.
    assert variants[3][3].startswith("Referral received → Triage call → Home assessment → Carer's assessment")
    assert variants[3][3].endswith("Befriending visit → Six-week review → Case closed") and "more" not in variants[3][3]
    assert records[19] == "Busiest steps (10 of 14)"
    assert records[22].split("  ")[0] == "Referral received" and records[22].split()[-4:] == ["1.1", "days", "2.9",
                                                                                              "days"]
    assert records[32] == "Stage entry waits (4)"
    assert re.split(r"\s{2,}", records[-1]) == ["Review", "436", "—", "4.2 weeks", "7.7 weeks"] and len(records) == 39


def test_a_discovered_map_s_records_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    from journeymap.cli import main

    assert main(["analyse", str(RECORDS_MAP), "--json"]) == 0
    records = json.loads(capsys.readouterr().out)["records"]
    assert {k: records[k] for k in ("log", "cases", "events", "first", "last", "threshold")} == {
        "log": "referrals.csv", "cases": 500, "events": 4210,
        "first": "2024-01-02T08:00:00+00:00", "last": "2024-12-30T17:00:00+00:00", "threshold": 5}
    assert records["hidden"] == {"activities": 3, "pairs": 9, "contributions": 1, "variants": 41, "stage_waits": 1,
                                 "total": 55}
    assert len(records["filters"]) == 2 and len(records["notes"]) == 4
    assert [(v["rank"], v["cases"], v["share"]) for v in records["variants"]] == [
        (1, 121, 0.242), (2, 98, 0.196), (3, 57, 0.114), (4, 23, 0.046), (5, 19, 0.038)]
    assert records["variants"][2]["touchpoints"] == ["referral", "triage", "closed"]
    assert len(records["variants"][3]["touchpoints"]) == 11  # the whole path, not the elided one
    assert records["busiest_steps"][0] == {"from": "referral", "to": "triage", "cases": 480, "median_hours": 26,
                                           "p90_hours": 70.5}
    assert [s["cases"] for s in records["busiest_steps"]] == [480, 410, 377, 352, 225, 205, 201, 198, 143, 139]
    assert records["stage_waits"][0] == {"stage": "referral_stage", "cases": 500, "entry_cases": None,
                                         "median_hours": None, "p90_hours": None}
    assert main(["analyse", "examples/sight_loss.yaml", "--json"]) == 0
    assert "records" not in json.loads(capsys.readouterr().out)  # a hand-made map has none


def test_counted_needs_print_each_share_with_its_interval_and_n() -> None:
    needs = [Need(name="Friends", users=0.91, staff=0.36, n_users=100, n_staff=28),
             Need(name="Typed", users=0.5, staff=0.25)]
    text = analysis_tables(analyse(Journey(title="T", needs=needs)))
    assert cli_row(text, "Friends") == ["Friends", "91% (84–95%)", "100", "36% (21–54%)", "28", "+55 pts"]
    assert cli_row(text, "Typed") == ["Typed", "50%", "", "25%", "", "+25 pts"]  # no n: no interval
    assert "In brackets, the 95% interval (Wilson); n: how many in the group answered." in text.splitlines()
    assert "users n" not in analysis_tables(analyse(Journey(title="T", needs=needs[1:])))  # as before


def test_the_untapped_note_and_a_chokepoint_s_passive_flag_are_in_the_json_too() -> None:
    data = analyse(design_example()).to_dict()
    assert data["untapped"][0]["note"] == "Group volunteers could meet people at the clinic"
    assert {c["touchpoint"]: c["passive"] for c in data["chokepoints"]} == {
        "clinic": True, "home_visit": False, "group": True}


def test_chokepoints_from_records_say_they_are_in_all_the_cases() -> None:
    log = LogEvidence(log="referrals.csv", cases=400, events=1200, first="2024-01-01", last="2024-06-30")
    sections = analysis_tables(analyse(closing_referrals(log))).split("\n\n")
    chokepoints = next(s for s in sections if s.startswith(ANALYSIS_SECTIONS["chokepoints"]))
    assert [line.split() for line in chokepoints.splitlines()[1:]] == [
        ["touchpoint", "stage", "cases", "passive"], ["----------", "-----", "-------", "-------"],
        ["Referral", "S", "all", "400", "no"], ["Triage", "S", "all", "400", "no"]]
    fewer = analysis_tables(analyse(closing_referrals(attrs.evolve(log, cases=401))))
    assert f"{ANALYSIS_SECTIONS['chokepoints']} (0)\nnone: no touchpoint is in all 401 cases" in fewer
    empty = analysis_tables(analyse(closing_referrals(attrs.evolve(log, cases=0))))
    assert f"{ANALYSIS_SECTIONS['chokepoints']} (0)\nnone: the records hold no cases" in empty


def test_the_first_stage_s_wait_in_text_and_json_is_of_the_cases_coming_back_to_it() -> None:
    from journeymap.wording_records import optional_duration

    example = load(Path(__file__).parents[1] / "examples" / "records" / "community_care_map.yaml")
    first = attrs.evolve(example.stages[0], entry_cases=40, median_hours=912.0, p90_hours=1490.0)
    journey = example.replace(stages=[first, *example.stages[1:]])
    text = analysis_tables(analyse(journey))
    row = next(line for line in text[text.index("Stage entry waits"):].splitlines() if line.startswith(first.name))
    assert re.split(r"\s{2,}", row)[1:4] == [f"{first.cases:,}", f"{first.entry_cases:,}",
                                            f"{optional_duration(first.median_hours)}, from a later stage"]
    assert analyse(journey).to_dict()["records"]["stage_waits"][0]["entry_cases"] == first.entry_cases


def test_a_filter_of_variants_says_the_map_counts_only_the_cases_it_kept() -> None:
    from journeymap.discover import discover

    folder = Path(__file__).parents[1] / "examples" / "records"
    journey = discover(folder / "community_care.csv", variant_share=0.2)
    assert journey.evidence is not None
    kept = journey.evidence.cases
    text = analysis_tables(analyse(journey))
    assert f"Discovered from community_care.csv: {kept} of its 400 cases," in text
    assert f"covering 100% of cases the filter kept ({kept} of its 400 cases)" in text
    assert journey.description.startswith(f"Discovered from community_care.csv: {kept} of its 400 cases,")
    records = analyse(journey).to_dict()["records"]
    assert (records["cases"], records["log_cases"]) == (kept, 400)
    lowered = journey.replace(evidence=attrs.evolve(journey.evidence, threshold=1))
    assert ("The disclosure threshold is 1 case, under the default of 5: a figure may describe a single person."
            in analysis_tables(analyse(lowered)))
