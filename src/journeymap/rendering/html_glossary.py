"""The report's glossary: its section (every term with its definition) and the links from its text to the entries."""

from __future__ import annotations

from journeymap.glossary import GLOSSARY, TERM_PATTERN, key_of
from journeymap.rendering.html_markup import escape, section


def term_anchor(key: str) -> str:
    """The page id of a glossary entry: ``term_passive_touchpoint``."""
    return f"term_{key}"


def glossed(text: str, seen: set[str]) -> str:
    """Text as escaped markup, the first use of each glossary term not in ``seen`` linked to its entry; ``seen``
    gains the terms linked, so that a section links each term once."""
    parts: list[str] = []
    last = 0
    for found in TERM_PATTERN.finditer(text):
        key = key_of(found[0])
        if key in seen:
            continue
        seen.add(key)
        parts += [escape(text[last:found.start()]),
                  f'<a class="term" href="#{term_anchor(key)}">{escape(found[0])}</a>']
        last = found.end()
    return "".join(parts) + escape(text[last:])


def glossary() -> str:
    """The glossary section: each term, its definition beneath."""
    entries = "".join(f'<dt id="{term_anchor(t.key)}">{escape(t.name[:1].upper() + t.name[1:])}</dt>'
                      f"<dd>{escape(t.definition)}</dd>" for t in GLOSSARY)
    intro = "<p>The words of co-production this report uses, in plain English. Terms are linked where they appear.</p>"
    return section("glossary", "Glossary", intro, f'<dl class="glossary">{entries}</dl>')
