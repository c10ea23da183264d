"""The report's "From the records" section (journeymap.rendering.html_records): every figure of a hand-made discovered
map, number by number; no section for a hand-made map; hostile text stays text; the same map gives the same bytes."""

from __future__ import annotations

import html
import re
from pathlib import Path

import attrs
from hypothesis import HealthCheck, given, settings

from journeymap import analyse, load
from journeymap.model import Journey
from journeymap.model_records import LogEvidence, LogHidden, Variant
from journeymap.rendering import render
from journeymap.rendering.html import report
from journeymap.rendering.html_records import records
from journeymap.rendering.style import DEFAULT, THEMES
from strategies import journeys
from test_html import Node, parse, section, table

ROOT = Path(__file__).resolve().parents[1]
MAP = ROOT / "tests" / "data" / "records" / "report_map.yaml"
HAND_MADE = ROOT / "examples" / "sight_loss.yaml"


def page_of(journey: Journey) -> bytes:
    """The report without its diagrams: the section under test and everything around it, quickly."""
    return report(analyse(journey), [])


def records_section(journey: Journey) -> Node:
    return section(parse(page_of(journey)), "records")


def evidence_of(journey: Journey) -> LogEvidence:
    assert journey.evidence is not None
    return journey.evidence


def test_the_log_its_size_period_and_threshold_are_told() -> None:
    shown = records_section(load(MAP))
    facts = [li.words() for li in next(shown.iter("ul")).iter("li")]
    assert facts == [
        "The log: referrals.csv",
        "Size: 500 cases, 4,210 events",
        "Period: 2 January 2024 to 30 December 2024 (times in UTC)",
        "Disclosure threshold: 5 cases: no activity, step, contribution, path or stage wait seen in fewer cases is "
        "shown. Not shown: 3 activities, 9 steps, 1 contribution, 1 stage wait and 41 variants, each seen in fewer "
        "than 5 cases or left out by a filter.",
    ]


def test_the_report_says_no_figure_counts_fewer_than_the_threshold_or_that_one_may_describe_a_person() -> None:
    journey = load(MAP)
    intro = next(records_section(journey).iter("p")).words()
    assert intro.endswith("every count is a count of cases. No figure counts fewer than 5 cases.")
    lowered = journey.replace(evidence=attrs.evolve(evidence_of(journey), threshold=1))
    intro = next(records_section(lowered).iter("p")).words()
    assert intro.endswith("The disclosure threshold is 1 case, under the default of 5: a figure may describe a single "
                          "person.")


def test_the_filters_and_the_notes_are_each_a_sentence() -> None:
    shown = records_section(load(MAP))
    lists = [[li.words() for li in ul.iter("li")] for ul in shown.iter("ul")][1:]
    assert lists[0] == ["Activities in fewer than 20 cases left out.",
                        "The most common variants covering 80% of cases (412 of 500 cases)."]
    assert lists[1][0].startswith("37 events share their case's timestamp") and len(lists[1]) == 4
    assert lists[1][3] == "14 events without a timestamp were skipped (first rows 88, 1204, 3391)."


def test_the_variants_table_ranks_the_paths_with_their_share_of_all_cases() -> None:
    rows = table(records_section(load(MAP)), "The 5 most common paths")
    assert rows[0] == ["Rank", "Path", "Cases", "Share of cases"]
    # 121 + 98 + 57 + 23 + 19 = 318 of 500 cases: 63.6%, printed 64%; each share of 500, whole percent, halves up
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == [("1", "121", "24%"), ("2", "98", "20%"), ("3", "57", "11%"),
                                                      ("4", "23", "5%"), ("5", "19", "4%")]
    assert rows[1][1] == ("Referral received → Triage call → Home assessment → Care plan agreed → First home visit → "
                          "Six-week review → Case closed")  # seven steps: in full
    assert rows[3][1] == "Referral received → Triage call → Case closed"
    page = page_of(load(MAP)).decode("utf-8")
    assert "<caption" in page and "The 5 most common paths, covering 64% of cases</caption>" in page


def path_cells(journey: Journey) -> list[Node]:
    """The variants table's path cells, in rank order."""
    rows = next(t for t in records_section(journey).iter("table")).iter("tr")
    return [next(row.iter("td")) for row in list(rows)[1:]]


def with_variants(*paths: list[str]) -> Journey:
    """The report map with these variants, the first the most common."""
    journey = load(MAP)
    variants = [Variant(touchpoints=path, cases=50 - rank) for rank, path in enumerate(paths)]
    return journey.replace(evidence=attrs.evolve(evidence_of(journey), variants=variants))


def test_a_long_path_keeps_whole_the_steps_that_tell_it_from_another() -> None:
    # Eleven steps, beginning and ending with the same three as path 2: counting its middle would hide all it differs in
    cells = path_cells(load(MAP))
    assert cells[3].words() == ("Referral received → Triage call → Home assessment → Carer's assessment → Care plan "
                                "agreed → First home visit → Six-week review → First home visit → Befriending visit → "
                                "Six-week review → Case closed")
    assert not list(cells[3].iter("details"))


def test_a_long_path_has_its_middle_counted_and_every_step_in_a_list() -> None:
    # Fourteen steps, no run of them repeated back to back: nothing to count as repeats
    long = ["referral", "triage", "assessment", "care_plan", "first_visit", "review", "volunteer_visit", "first_visit",
            "carer_assessment", "review", "care_plan", "volunteer_visit", "review", "closed"]
    cells = path_cells(with_variants(long, ["referral", "triage", "closed"]))
    assert cells[0].words().startswith("Referral received → Triage call → Home assessment → … 8 more … → Befriending "
                                       "visit → Six-week review → Case closed All 14 steps")
    steps = [li.words() for li in cells[0].iter("li")]
    assert len(steps) == 14 and steps[3:6] == ["Care plan agreed", "First home visit", "Six-week review"]
    assert next(cells[0].iter("details")).attrs.get("open") is None  # folded until asked for


def test_paths_that_differ_in_how_often_a_step_repeats_read_apart() -> None:
    start, end = ["referral", "triage", "assessment", "care_plan"], ["review", "closed"]
    loop = ["first_visit", "volunteer_visit"]
    cells = path_cells(with_variants([*start, *["first_visit"] * 4, *end], [*start, *["first_visit"] * 3, *end],
                                     [*start, *["first_visit"] * 5, *end], [*start, *loop * 3, *end],
                                     [*start, "carer_assessment", "first_visit", "volunteer_visit", "first_visit",
                                      *end]))
    head = "Referral received → Triage call → Home assessment → Care plan agreed → "
    tail = " → Six-week review → Case closed"
    assert [c.words() for c in cells] == [
        f"{head}First home visit ×4{tail}", f"{head}First home visit ×3{tail}", f"{head}First home visit ×5{tail}",
        f"{head}(First home visit → Befriending visit) ×3{tail}",
        f"{head}Carer's assessment → First home visit → Befriending visit → First home visit{tail}"]
    spans = [span.words() for span in cells[3].iter("span")]  # a line breaks between steps, never inside one
    assert spans[4] == "(First home visit → Befriending visit) ×3"
    assert all(span.attrs["style"] == "white-space:nowrap" for span in cells[3].iter("span"))


def test_each_share_has_a_bar_of_its_length_that_screen_readers_skip() -> None:
    shown = records_section(load(MAP))
    bars = [span for span in shown.iter("span") if span.attrs.get("aria-hidden") == "true"]
    fills = [next(b for b in bar.iter("span") if b is not bar).attrs["style"] for bar in bars]
    widths = [found[1] for style in fills if (found := re.search(r"width:([\d.]+)%", style))]
    assert widths == ["24.2", "19.6", "11.4", "4.6", "3.8"]
    assert all(bar.text == "" for bar in bars)


def test_the_busiest_steps_are_the_ten_with_most_cases_with_their_waits() -> None:
    rows = table(records_section(load(MAP)), "The 10 busiest steps of 14, by cases")
    assert rows[0] == ["Step", "Cases", "Median wait", "90% within"]
    assert rows[1:4] == [["Referral received → Triage call", "480", "1.1 days", "2.9 days"],  # 26 h, 70.5 h
                         ["Triage call → Home assessment", "410", "7.5 days", "21 days"],  # 180 h, 504 h
                         ["Care plan agreed → First home visit", "377", "1.3 days", "4 days"]]  # 30 h, 96 h
    assert [r[1] for r in rows[1:]] == ["480", "410", "377", "352", "225", "205", "201", "198", "143", "139"]
    assert rows[5] == ["First home visit → Six-week review", "225", "6 weeks", "8 weeks"]  # 1008 h, 1344 h


def test_each_stage_has_its_cases_and_entry_wait() -> None:
    shown = records_section(load(MAP))
    rows = table(shown, "Each stage's cases and entry wait")
    assert rows[0] == ["Stage", "Cases", "Entering from another stage", "Median wait", "90% within"]
    assert rows[1:] == [["Referral", "500", "—", "—", "—"], ["Assessment", "425", "—", "7.5 days", "21 days"],
                        ["Support at home", "377", "—", "1.3 days", "4 days"],
                        ["Review", "436", "—", "4.2 weeks", "7.7 weeks"]]  # a map written before entry cases
    assert "1 stage wait seen in too few cases is not shown." in shown.words()


def test_the_first_stage_s_wait_is_said_to_be_of_cases_entering_from_a_later_stage() -> None:
    journey = load(MAP)
    first = journey.stages[0].replace(median_hours=912.0, p90_hours=2000.0, entry_cases=40)
    shown = records_section(journey.replace(stages=(first, *journey.stages[1:])))
    rows = table(shown, "Each stage's cases and entry wait")
    assert rows[1] == ["Referral", "500", "40", "5.4 weeks, from a later stage", "12 weeks"]
    assert rows[2] == ["Assessment", "425", "—", "7.5 days", "21 days"]
    assert ("Referral is the first stage: a case comes into it from another stage only by going back from a later "
            "one, so its wait is of those cases alone, not of all its cases.") in shown.words()
    assert "is the first stage" not in records_section(journey).words()  # no wait into it, nothing to explain


def test_the_words_of_records_link_to_the_glossary_once_each() -> None:
    shown = records_section(load(MAP))
    links = [a.attrs["href"] for a in shown.iter("a")]
    for term in ("event_log", "case", "directly_follows", "disclosure_threshold", "variant", "median",
                 "percentile"):
        assert links.count(f"#term_{term}") == 1, term
    assert all(f'id="{href[1:]}"' in page_of(load(MAP)).decode() for href in links)  # every link lands


def test_the_contents_link_to_the_section_placed_after_the_findings() -> None:
    page = page_of(load(MAP)).decode("utf-8")
    assert '<a href="#records">From the records</a>' in page
    assert page.index('id="findings"') < page.index('id="records"') < page.index('id="outcomes"')


def test_a_hand_made_map_has_no_section_and_the_rest_of_the_report_keeps_its_sections() -> None:
    hand_made = load(HAND_MADE)
    assert records(hand_made, DEFAULT) == ""
    page = page_of(hand_made).decode("utf-8")
    assert 'id="records"' not in page and "#records" not in page and "From the records" not in page
    discovered = load(MAP)
    with_section = page_of(discovered).decode("utf-8")
    start = with_section.index('<section id="records">')
    without = (with_section[:start] + with_section[with_section.index("</section>", start) + len("</section>\n"):])
    without = without.replace('<li><a href="#records">From the records</a></li>', "")
    sections = re.compile(r'<section id="([^"]+)"')
    assert sections.findall(without) == sections.findall(page_of(discovered.replace(evidence=None)).decode("utf-8"))
    # What records cannot show is said so, not as a finding: no unused asset is a fact of hand-made maps only.
    assert "None that records can show: ask people what else they would bring." in without


def test_hostile_text_in_the_log_name_notes_and_touchpoints_stays_text() -> None:
    text = '<script>alert("x")</script>\'"><img src=x onerror=alert(1)>'
    journey = load(MAP)
    journey = journey.replace(
        stages=[s.replace(touchpoints=[t.replace(name=text) if t.id == "triage" else t for t in s.touchpoints])
                for s in journey.stages],
        evidence=attrs.evolve(evidence_of(journey), log=text, filters=[text], notes=[text]))
    page = page_of(journey)
    assert b"<script>" not in page and b"<img" not in page
    shown = section(parse(page), "records")
    assert not {n.tag for n in shown.iter()} & {"script", "img"}
    facts = [li.words() for li in next(shown.iter("ul")).iter("li")]
    assert facts[0] == f"The log: {text}"
    assert table(shown, "The 5 most common paths")[1][1].startswith(f"Referral received → {text} → Home assessment")
    assert table(shown, "The 10 busiest steps")[1][0] == f"Referral received → {text}"


def test_the_same_map_gives_the_same_bytes_in_every_theme() -> None:
    journey = load(MAP)
    for theme in THEMES.values():
        assert records(journey, theme) == records(load(MAP), theme)
    assert render(journey, format="html") == render(load(MAP), format="html")


def test_a_log_with_no_variants_filters_or_notes_and_no_cases_says_so() -> None:
    journey = load(MAP)
    bare = attrs.evolve(evidence_of(journey), cases=0, variants=(), filters=(), notes=(), hidden=LogHidden())
    shown = records_section(journey.replace(evidence=bare))
    said = shown.words()
    assert "Nothing was held back." in said
    assert "None: everything the log holds is on the map, but for what the disclosure threshold holds back." in said
    assert "Nothing: no ties, rows out of order, time zones or missing timestamps were reported." in said
    assert "No path was followed by 5 cases or more." in said
    one = attrs.evolve(bare, variants=(Variant(touchpoints=["referral"], cases=3),))
    rows = table(records_section(journey.replace(evidence=one)), "The 1 most common path")
    assert rows[1] == ["1", "Referral received", "3", "—"]  # no share of a log of no cases


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(records=True))
def test_any_discovered_map_gives_a_section_with_a_row_for_each_variant(journey: Journey) -> None:
    shown = records(journey, DEFAULT)
    evidence = journey.evidence
    assert (shown == "") == (evidence is None)
    if isinstance(evidence, LogEvidence) and evidence.variants:
        rows = table(parse(shown.encode("utf-8")), "The ")
        assert sorted(int(r[2].replace(",", "")) for r in rows[1:]) == sorted(v.cases for v in evidence.variants)
        assert all(float(w) <= 100 for w in re.findall(r"width:([\d.]+)%", shown))  # a share over 100% fills the bar


def test_the_summary_of_a_map_from_records_does_not_count_no_unused_asset_as_good_news() -> None:
    # Records hold only the assets people used: none unused is no finding, so neither green nor orange.
    discovered = load(ROOT / "examples" / "records" / "community_care_map.yaml")
    page = page_of(discovered).decode("utf-8")
    assert ('<li class="unknown"><span class="number">0</span> of 4 assets unused: records show only those in use; '
            "ask people what else they bring</li>") in page
    hand_made = page_of(load(HAND_MADE)).decode("utf-8")
    assert 'class="unknown"' not in hand_made and "assets unused, " in hand_made


def test_the_chokepoints_of_a_filtered_map_are_those_of_the_cases_the_filter_kept() -> None:
    journey = load(MAP)
    said = " ".join(re.sub(r"<[^>]+>", "", page_of(journey).decode()).split())
    assert "the touchpoints in all 500 cases of the records." in said
    kept = journey.replace(evidence=attrs.evolve(evidence_of(journey), cases=412))  # its filter: 412 of 500 cases
    said = html.unescape(" ".join(re.sub(r"<[^>]+>", "", page_of(kept).decode()).split()))
    assert "the touchpoints in all 412 cases the filter kept (of the log's 500)." in said
