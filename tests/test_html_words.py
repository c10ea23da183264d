"""The report's sections in words (journeymap.rendering.html_words): here, what matters to each citizen in People."""

from __future__ import annotations

import re
from pathlib import Path

from journeymap import Actor, Journey, Need, analyse, load
from journeymap.rendering.html_words import in_words, people
from journeymap.rendering.style import DEFAULT

ROOT = Path(__file__).resolve().parent.parent


def section_of(shown: str, name: str) -> str:
    """The part of the People section about one citizen, from their heading to the next."""
    start = shown.index(f"<h3>{name}</h3>")
    end = shown.find("<h3>", start + 1)
    return shown[start:end if end != -1 else len(shown)]


def test_a_citizen_s_own_need_is_under_their_name_and_not_among_the_population_s() -> None:
    shown = people(analyse(load(ROOT / "examples" / "stroke_discharge.yaml")), DEFAULT)
    intro = shown[:shown.index("<h3>")]
    assert "the population&#x27;s needs):</span> Know when I am going home (88% of users);" in intro
    assert "driving" not in intro
    assert ('<span class="label">What matters to them:</span> Help to get back to driving.'
            in section_of(shown, "Ray, 67"))
    assert ('<span class="label">What matters to them:</span> A night&#x27;s sleep and an afternoon off now and '
            'then.' in section_of(shown, "Pat (wife)"))  # told without figures
    assert "afternoon off" not in intro


def test_a_need_shared_by_two_citizens_names_the_other_and_a_map_of_only_personal_needs_has_no_population_line(
        ) -> None:
    ann, bob = Actor(id="ann", name="Ann", role="service_user"), Actor(id="bob", name="Bob <Jr>", role="carer")
    journey = Journey(title="T", actors=[ann, bob], needs=[Need(name="Sleep", users=0.3, staff=0.1, for_=[ann, bob])])
    shown = people(analyse(journey), DEFAULT)
    assert "What matters to them:</span> Sleep (also for Bob &lt;Jr&gt;)." in section_of(shown, "Ann")
    assert "What matters to them:</span> Sleep (also for Ann)." in section_of(shown, "Bob &lt;Jr&gt;")
    assert "population" not in shown and "No needs recorded yet" not in shown
    assert "No needs recorded yet." in people(analyse(journey.replace(needs=[])), DEFAULT)


def test_the_map_in_words_gives_what_the_diagrams_show_of_the_records() -> None:
    journey = load(ROOT / "examples" / "records" / "community_care_map.yaml")
    text = " ".join(re.sub(r"<[^>]+>", " ", in_words(analyse(journey), DEFAULT)).split())
    assert "Stage 2 of 4: Assessment 400 cases. Wait on entry: 5.7 days (90% within 13 days)." in text
    assert "Referral received Channel: online" in text and "400 cases Events: 400 Start here: 400 cases" in text
    assert "Leads to: Carer&#x27;s assessment (215 cases · 2.8 days); Care plan agreed (183 cases · 4.4 days)" in text
    assert "No step into it shown: each in fewer than 5 cases" in text  # as the occupational therapy visit's card says
    hand_made = " ".join(re.sub(r"<[^>]+>", " ", in_words(analyse(load(ROOT / "examples" / "sight_loss.yaml")),
                                                           DEFAULT)).split())
    assert " cases" not in hand_made and "Wait on entry" not in hand_made


def test_the_surveys_likert_and_willingness_counts_are_written_out_for_those_who_cannot_see_the_bars() -> None:
    from journeymap.rendering import render
    from journeymap.wording import percent

    root = ROOT / "examples"
    journey = load(root / "sight_loss_evidence.yaml")
    words = " ".join(render(journey, format="html").decode("utf-8").split())
    assert "<h3>What the surveys found</h3>" in words
    for survey in journey.surveys:
        for count in survey.likert:
            first = f"{count.scale[0]} {count.counts[0]} ({percent(count.counts[0] / count.n)})"
            assert f"<td>{count.group}</td><td class=\"num\">{count.n}</td><td>{first};" in words.replace("> <", "><")
        for willing in survey.willingness:
            assert f"{willing.weekly} ({percent(willing.weekly / willing.n)})" in words
    assert "What the surveys found" not in render(load(root / "sight_loss.yaml"), format="html").decode("utf-8")
