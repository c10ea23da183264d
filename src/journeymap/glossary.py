"""The words of co-production the report and the command line use, each explained in plain English.

Written for this project: one to three sentences a term, no jargon to explain jargon. The report links each term
to its entry; ``journeymap glossary`` prints them. Also the action plan's own words: its four boxes as the method
writes them, and where an action stands.

>>> term("passive_touchpoint").name
'passive touchpoint'
>>> [t.key for t in terms_in("Co-design, and co-production at a passive touchpoint.")]
['co_design', 'co_production', 'passive_touchpoint']
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterator

import attrs



@attrs.frozen(kw_only=True)
class Term:
    """One glossary entry: its key (for links), its name, its definition, and the forms it takes in running text."""

    key: str
    name: str
    definition: str
    forms: tuple[str, ...] = ()  # more ways the text writes it ("passive touchpoints"); the name is always one

    @property
    def written(self) -> tuple[str, ...]:
        """Every form the term takes in text, longest first, so that "co-production Star" wins over "co-production"."""
        return tuple(sorted({self.name, *self.forms}, key=lambda form: (-len(form), form)))

    def to_dict(self) -> dict[str, str]:
        """The entry as plain data."""
        return {"term": self.name, "key": self.key, "definition": self.definition}


GLOSSARY: tuple[Term, ...] = (
    Term(key="co_production", name="co-production", forms=("co-produced", "co-producing"),
         definition="Professionals and citizens making better use of each other's assets, resources and "
                    "contributions to achieve better outcomes or improved efficiency. The people a service is for, "
                    "and those around them, are treated as partners who bring something, not only as people who "
                    "receive something."),
    Term(key="star", name="Co-production Star", forms=("the Star", "Star"),
         definition="A way of sorting co-production into four kinds: co-commissioning, co-design, co-delivery and "
                    "co-assessment. Co-delivery is citizens' action; the other three are citizens' voice."),
    Term(key="co_commissioning", name="co-commissioning",
         definition="Citizens help decide what a service should achieve, who it is for and where the money goes."),
    Term(key="co_design", name="co-design",
         definition="Citizens help shape how a service works, using what they know from living with it, before it "
                    "is built or changed."),
    Term(key="co_delivery", name="co-delivery",
         definition="Citizens do part of the work of the service themselves, alongside staff: peer support, "
                    "helping a neighbour, running a group."),
    Term(key="co_assessment", name="co-assessment",
         definition="Citizens help judge how well a service works and what it achieves, for example by reviewing "
                    "it or collecting feedback."),
    Term(key="assets", name="assets", forms=("asset",),
         definition="What a person or group brings that could help: time, skills, knowledge, lived experience, "
                    "contacts, motivation, a car or a room, money. Everyone has some."),
    Term(key="assets_based", name="assets-based approach",
         definition="Starting from what people can do and bring, not only from what they lack. It asks \"what "
                    "is strong?\" before \"what is wrong?\"."),
    Term(key="unused_asset", name="unused asset", forms=("unused assets",),
         definition="Something a person brings that the journey never actually uses, anywhere. These are the "
                    "map's main finding: help that is on offer and going to waste."),
    Term(key="touchpoint", name="touchpoint", forms=("touchpoints",),
         definition="A moment where the person meets the service: an appointment, a phone call, a letter, a visit."),
    Term(key="passive_touchpoint", name="passive touchpoint", forms=("passive touchpoints",),
         definition="A touchpoint where citizens are present but nothing they bring is used: the service does "
                    "things to them or for them, not with them."),
    Term(key="untapped_opportunity", name="untapped opportunity", forms=("untapped opportunities",),
         definition="A way someone could contribute at a touchpoint that has been spotted but does not happen yet."),
    Term(key="willingness", name="willingness", forms=("willing to do more", "willing holders", "willing"),
         definition="Whether a person wants to do more, as they told us: a few hours a week or more, a few hours a "
                    "month, or not at all. Not everyone wants to, and the map respects that."),
    Term(key="involvement_ladder", name="involvement ladder", forms=("ladder of co-production", "involvement"),
         definition="A scale of how far people are involved at a touchpoint, from being told what will happen to "
                    "them to working as equals with staff. Its steps group into doing to people, doing for "
                    "people, and doing with people."),
    Term(key="tokenism", name="tokenism", forms=("tokenistic",),
         definition="Claiming to design or deliver something with citizens when, in fact, none is there or "
                    "nothing they bring is used."),
    Term(key="outcomes", name="outcomes", forms=("outcome",),
         definition="What matters to the person in their own life, such as making friends or staying in their own "
                    "home, as opposed to the services they receive. A service succeeds when outcomes are met."),
    Term(key="needs_and_capabilities", name="needs and capabilities assessment",
         forms=("needs and capabilities",),
         definition="Asking not only what a person needs but also what they can do and would like to offer, so "
                    "that support is built on both."),
    Term(key="perception_gap", name="perception gap",
         definition="The difference between what users say they need and what staff think they need. A large gap "
                    "shows where the service may be aiming at the wrong thing."),
    Term(key="moment_of_truth", name="moment of truth",
         definition="A touchpoint that makes or breaks the person's experience: if it goes badly, little that "
                    "follows can make up for it."),
    Term(key="line_of_visibility", name="line of visibility",
         definition="The line on a service map between what the person sees and takes part in and what happens "
                    "behind the scenes without them."),
    Term(key="enabling_contribution", name="enabling contribution", forms=("staff asset", "staff assets",
                                                                            "enabling contributions"),
         definition="Something staff bring, such as a skill or a contact, that makes it easier for citizens to "
                    "contribute. It is counted apart from citizens' own contributions and, on its own, never stops a "
                    "touchpoint being passive."),
    Term(key="disclosure_threshold", name="disclosure threshold",
         definition="The smallest number of people, or cases, a figure may be based on. Groups, steps and paths "
                    "seen fewer times are never shown, so no one can be picked out; the report counts what was held "
                    "back."),
    Term(key="interval", name="95% interval",
         definition="The range in which the true share most likely lies, given how many people answered. A "
                    "small group gives a wide range."),
    Term(key="action_plan", name="action plan",
         definition="What a team will do about the findings, in four boxes: what I will do within a week, what I "
                    "will do within a month, what others in my organisation should do, and what people in partner "
                    "organisations should do."),
    Term(key="event_log", name="event log", forms=("event logs",),
         definition="The records a service's own systems keep, one row for each thing that happened: which case it "
                    "belongs to, what happened and when. A journey map can be discovered from one."),
    Term(key="case", name="case", forms=("cases",),
         definition="One person's way through the service as the records show it, such as one referral from start to "
                    "finish. The same person may be more than one case."),
    Term(key="variant", name="variant", forms=("variants",),
         definition="One whole path through the journey, step by step, that some cases followed exactly. The most "
                    "common variants show the usual ways through; the rest are rarer."),
    Term(key="directly_follows", name="directly-follows step", forms=("directly-follows steps",),
         definition="One activity followed straight away by another in the same case, with nothing in between. The "
                    "map draws each as an arrow, with the cases that took it and the time it took."),
    Term(key="median", name="median",
         definition="The middle value: half the cases took less time and half took more. A few very long waits do "
                    "not pull it up, as they would an average."),
    Term(key="percentile", name="90th percentile", forms=("90% within",),
         definition="The time within which 90 of every 100 cases were done: only one case in ten took longer. The "
                    "report writes it as \"90% within\"."),
)
"""Every entry, in the order a reader meets the ideas: co-production first, what records say last."""

_BY_KEY = {t.key: t for t in GLOSSARY}


def term(key: str) -> Term:
    """The entry with this key; a KeyError names the keys there are."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"no glossary term {key!r}; the terms are {', '.join(_BY_KEY)}") from None


def _pattern() -> re.Pattern[str]:
    forms = sorted(((form, t.key) for t in GLOSSARY for form in t.written), key=lambda f: (-len(f[0]), f[0]))
    alternatives = "|".join(re.escape(form) for form, _ in forms)
    # whole words only: "co-design" is not found inside "co-designed", nor "asset" inside "assets-based"
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


TERM_PATTERN = _pattern()
_KEY_OF = {form.casefold(): t.key for t in GLOSSARY for form in t.written}


def key_of(form: str) -> str:
    """The key of the term a form found by TERM_PATTERN belongs to, whatever its case."""
    return _KEY_OF[form.casefold()]


def terms_in(text: str) -> Iterator[Term]:
    """Each term the text uses, once, in the order it first appears."""
    seen: set[str] = set()
    for found in TERM_PATTERN.finditer(text):
        key = key_of(found[0])
        if key not in seen:
            seen.add(key)
            yield _BY_KEY[key]


def glossary_text(width: int = 78) -> str:
    """The glossary as plain text: each term on its own line, its definition wrapped and indented beneath."""
    entries = [term.name[:1].upper() + term.name[1:] + "\n"
               + textwrap.fill(term.definition, width=width, initial_indent="  ", subsequent_indent="  ")
               for term in GLOSSARY]
    return "\n\n".join(entries) + "\n"


def glossary_json() -> str:
    """The glossary as one JSON object: ``{"terms": [{"term", "key", "definition"}, ...]}``."""
    return json.dumps({"terms": [t.to_dict() for t in GLOSSARY]}, ensure_ascii=False, indent=2) + "\n"
