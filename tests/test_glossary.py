"""The glossary (journeymap.glossary): every term the issue names, plain definitions, terms found in text, and the
``journeymap glossary`` command."""

from __future__ import annotations

import json
import re

import pytest

from journeymap.cli import main
from journeymap.glossary import GLOSSARY, TERM_PATTERN, glossary_json, glossary_text, term, terms_in

REQUIRED = ("co-production", "co-commissioning", "co-design", "co-delivery", "co-assessment", "assets",
            "assets-based approach", "passive touchpoint", "untapped opportunity", "willingness",
            "involvement ladder", "outcomes", "needs and capabilities assessment", "moment of truth",
            "line of visibility", "tokenism", "perception gap", "enabling contribution", "disclosure threshold")


def test_every_term_the_issue_names_is_defined() -> None:
    names = {t.name for t in GLOSSARY}
    assert set(REQUIRED) <= names


RECORDS = ("event log", "case", "variant", "directly-follows step", "median", "90th percentile", "disclosure threshold")
"""The words of issue 13 (journeys from records), which the report's "From the records" section uses."""


def test_the_words_of_records_are_defined_and_found_as_the_report_writes_them() -> None:
    assert set(RECORDS) <= {t.name for t in GLOSSARY}
    text = "An event log; cases; the variants; two directly-follows steps; the median; 90% within 3 days."
    assert [t.key for t in terms_in(text)] == ["event_log", "case", "variant", "directly_follows", "median",
                                               "percentile"]
    assert list(terms_in("a showcase of invariants, casework")) == []  # not inside longer words
    assert "cases" in term("disclosure_threshold").definition  # the threshold is of cases too, not only of people


def test_definitions_are_one_to_three_plain_sentences_and_keys_are_unique() -> None:
    assert len({t.key for t in GLOSSARY}) == len(GLOSSARY)
    for entry in GLOSSARY:
        sentences = re.findall(r"[.!?]\"?(?:\s|$)", entry.definition)
        assert 1 <= len(sentences) <= 3, entry.name
        assert entry.definition.endswith((".", '."')), entry.name
        assert not entry.definition.casefold().startswith(entry.name.casefold()), entry.name  # no circle
        assert re.fullmatch(r"[a-z_]+", entry.key), entry.key  # safe in a page id


def test_no_two_terms_claim_the_same_form() -> None:
    forms = [f.casefold() for t in GLOSSARY for f in t.written]
    assert len(forms) == len(set(forms))


def test_terms_are_found_as_whole_words_longest_first() -> None:
    assert [t.key for t in terms_in("Passive touchpoints and the Co-production Star; co-production.")] == [
        "passive_touchpoint", "star", "co_production"]
    assert list(terms_in("co-designed assetsless")) == []  # a term inside a longer word is not the term
    assert [t.key for t in terms_in("an assets-based approach")] == ["assets_based"]
    assert TERM_PATTERN.search("CO-DELIVERY") is not None


def test_an_unknown_key_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="co_production"):
        term("coproduction")


def test_the_text_is_wrapped_and_holds_every_entry() -> None:
    text = glossary_text(width=60)
    assert all(len(line) <= 60 for line in text.splitlines())
    assert "\nPassive touchpoint\n  A touchpoint where citizens are present" in text
    assert text.count("\n\n") == len(GLOSSARY) - 1


def test_the_glossary_command_prints_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary"]) == 0
    out = capsys.readouterr().out
    assert out == glossary_text()
    assert main(["glossary", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found == json.loads(glossary_json())
    assert [t["term"] for t in found["terms"]] == [t.name for t in GLOSSARY]
    assert found["terms"][0] == {"term": "co-production", "key": "co_production",
                                 "definition": GLOSSARY[0].definition}
