"""The report's glossary (journeymap.rendering.html_glossary): every entry with an id, terms linked on first use."""

from __future__ import annotations

import re

from journeymap.glossary import GLOSSARY
from journeymap.rendering.html_glossary import glossary, glossed


def test_the_first_use_of_each_term_links_to_its_entry_and_text_stays_escaped() -> None:
    seen: set[str] = set()
    shown = glossed("A passive touchpoint <b>& another passive touchpoint</b>; Co-design.", seen)
    assert shown == ('A <a class="term" href="#term_passive_touchpoint">passive touchpoint</a> &lt;b&gt;&amp; another '
                     'passive touchpoint&lt;/b&gt;; <a class="term" href="#term_co_design">Co-design</a>.')
    assert seen == {"passive_touchpoint", "co_design"}
    assert glossed("co-design again", seen) == "co-design again"  # once a section


def test_the_glossary_section_holds_every_term_with_its_own_id() -> None:
    shown = glossary()
    assert re.findall(r'<dt id="term_(\w+)">', shown) == [t.key for t in GLOSSARY]
    assert "<dt id=\"term_line_of_visibility\">Line of visibility</dt><dd>The line on a service map" in shown
