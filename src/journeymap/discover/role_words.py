"""The words of roles: the common words for citizen-side roles (in any case, spacing, plural or spelling), the words
that name one inside a longer value, and the words of provider roles and teams by which a value that names a person
(or holds a name or an id) is told from a role, so that no one's name is written to a map.
"""

from __future__ import annotations

import re

from journeymap.vocabulary import Role

__all__ = ["citizen_role_in", "holds_a_name", "looks_like_a_name", "normalised", "role_word", "singular",
           "telling_word"]

# Common words for citizen-side roles (normalised: lower case, single spaces, singular, British spelling).
_WORDS: dict[str, Role] = {
    **dict.fromkeys(("patient", "service user", "user", "client", "resident", "citizen", "self", "person",
                     "customer", "individual", "the person", "themself", "themselves", "member of the public"),
                    Role.SERVICE_USER),
    **dict.fromkeys(("carer", "unpaid carer", "family carer", "informal carer", "young carer", "caregiver",
                     "care giver", "unpaid caregiver", "family caregiver", "informal caregiver"), Role.CARER),
    **dict.fromkeys(("family", "family member", "relative", "parent", "mother", "father", "son", "daughter",
                     "spouse", "husband", "wife", "partner", "sibling", "brother", "sister", "grandchild",
                     "next of kin"), Role.FAMILY),
    **dict.fromkeys(("volunteer", "befriender", "volunteer driver"), Role.VOLUNTEER),
    **dict.fromkeys(("peer", "peer supporter", "peer support worker", "peer mentor", "expert by experience",
                     "lived experience expert"), Role.PEER),
    **dict.fromkeys(("neighbour",), Role.NEIGHBOUR),
    **dict.fromkeys(("community group", "charity", "faith group", "voluntary group", "community organisation",
                     "church", "mosque", "temple", "club", "support group"), Role.COMMUNITY_GROUP),
}
_AMERICAN = {"neighbor": "neighbour", "organization": "organisation"}
_PLURALS = {"people": "person", "children": "child", "grandchildren": "grandchild", "wives": "wife",
            "charities": "charity", "families": "family", "relatives": "relative", "themselves": "themself"}


def normalised(value: str) -> str:
    """A role word as compared: lower case, '_' and '-' as spaces, single spaces, British spelling."""
    words = re.sub(r"[\s_\-]+", " ", value.casefold()).strip().split(" ")
    return " ".join(_AMERICAN.get(word, word) for word in words)


def singular(phrase: str) -> str:
    """The phrase with its last word made singular, in British spelling ("unpaid carers" -> "unpaid carer")."""
    *head, last = phrase.split(" ")
    if last in _PLURALS:
        last = _PLURALS[last]
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        last = last[:-1]
    return " ".join((*head, _AMERICAN.get(last, last)))


# Words that name a citizen-side role wherever they stand in a value ("Carer (unpaid)", "Patient's daughter"): a
# value holding one but read as staff is worth a word to the user. (Not "patient", "user" or "partner": "Patient
# transport driver" and "Partner agency" are staff.)
_TELLING = frozenset(("carer", "caregiver", "volunteer", "befriender", "daughter", "son", "mother", "father", "wife",
                      "husband", "spouse", "sibling", "brother", "sister", "grandchild", "neighbour", "relative"))


def telling_word(value: str) -> str | None:
    """A word of a role value that names a citizen-side role though the value as a whole is none of the common words
    ("Carer (unpaid)" -> "carer"), or None.

    >>> telling_word("Carer (unpaid)"), telling_word("Patient's daughter"), telling_word("Nurse")
    ('carer', 'daughter', None)
    """
    found = re.findall(r"[a-z]+", normalised(value).replace("'s", ""))
    return next((word for word in found if singular(word) in _TELLING), None)


# Words of provider roles and teams: a value of capitalised words, none of them one of these nor a citizen-side
# word, reads as a person's name ("Chloe Okafor"), never written to a map (see holds_a_name).
_STAFF_WORDS = frozenset((
    "nurse", "doctor", "gp", "physician", "surgeon", "consultant", "registrar", "therapist", "physiotherapist",
    "physio", "ot", "worker", "officer", "manager", "coordinator", "co", "ordinator", "assistant", "administrator",
    "admin", "receptionist", "clerk", "practitioner", "specialist", "advisor", "adviser", "navigator", "paramedic",
    "pharmacist", "dietitian", "dietician", "psychologist", "psychiatrist", "counsellor", "counselor", "midwife",
    "visitor", "team", "service", "staff", "clinician", "clinical", "care", "support", "key", "social", "district",
    "community", "mental", "health", "hospital", "council", "lead", "head", "director", "technician", "driver",
    "porter", "housing", "benefit", "advice", "triage", "reablement", "home", "occupational", "speech", "language",
    "practice", "matron", "ward", "unit", "desk", "centre", "center", "clinic", "agency", "provider",
    "liaison", "duty", "senior", "junior", "trainee", "student", "locum", "bank", "night", "day", "call",
    "case", "link", "discharge", "rehab", "rehabilitation", "sensory", "assessor", "reviewer", "leader", "prescriber",
    "connector", "champion", "mentor", "advocate", "interpreter", "translator", "chaplain", "secretary", "analyst",
    "planner", "commissioner", "inspector", "educator", "trainer", "teacher", "caseworker", "keyworker", "rights",
    "befriending", "coordination",
    "system", "automatic", "auto", "bot", "robot", "unknown", "other", "none",
    # and of organisations ("Red Cross", "Carers Trust", "Royal Voluntary Service")
    "cross", "trust", "foundation", "society", "association", "group", "network", "partnership", "alliance", "hub",
    "project", "charity", "church", "company", "ltd", "limited", "cic", "board", "authority", "department", "office",
    "british", "royal", "voluntary", "age",
    # and of what services and teams are called ("Rapid Response Team", "Early Help Worker", "Blue Badge Team")
    "rapid", "response", "crisis", "outreach", "intake", "first", "contact", "access", "assessment", "review",
    "emergency", "urgent", "primary", "secondary", "acute", "palliative", "hospice", "pharmacy", "surgery",
    "ambulance", "police", "fire", "school", "education", "early", "help", "adult", "adults", "child", "children",
    "older", "young", "people", "learning", "disability", "disabilities", "dementia", "cancer", "stroke", "memory",
    "falls", "prevention", "wellbeing", "welfare", "safeguarding", "independent", "living", "enablement", "equipment",
    "admission", "avoidance", "virtual", "front", "door", "point", "single", "integrated", "multi", "disciplinary",
    "general", "family", "families", "nhs", "local", "county", "city", "borough", "region", "regional", "national",
    "north", "south", "east", "west", "central", "blue", "badge", "light", "telecare", "monitoring", "hours"))
# Words no name holds, which break a run of capitalised words ("Out Of Hours Doctor").
_FUNCTION_WORDS = frozenset(("of", "and", "the", "for", "in", "at", "to", "on", "out", "by", "with", "&"))
# Titles before a person's name ("Mrs Brown's daughter", "Dr Patel", "Nurse Smith").
_TITLES = frozenset(("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "nurse", "doctor", "sister",
                     "father", "brother", "rev", "revd", "cllr"))


def _name_word(word: str) -> bool:
    """Whether a word may be part of a person's name: capitalised, in any alphabet ("José", "Łukasz", "McDonald",
    "O'Brien-Smith"), an initial ("J."), or in capitals of four letters or more ("JANE", where "GP" and "NHS" are
    initialisms); and no word of roles, teams or organisations, no citizen-side word, no function word."""
    bare = word.rstrip(".,").removesuffix("'s").removesuffix("’s")
    if not bare or not bare[0].isupper() or not all(char.isalpha() or char in "'’-" for char in bare):
        return False
    if bare.isupper() and 1 < len(bare) < 4:
        return False
    lowered = bare.casefold()
    forms = {form for part in (lowered, *re.split(r"[-'’]", lowered)) for form in (part, singular(part))}
    return not forms & (_STAFF_WORDS | _TELLING | _FUNCTION_WORDS) and role_word(bare) is None


def looks_like_a_name(value: str) -> bool:
    """Whether a role value reads as a person's name: two to four capitalised words (or initials), none a word of a
    provider role or team or of a citizen-side role, but for what it says in brackets.

    >>> looks_like_a_name("Chloe Okafor"), looks_like_a_name("J. O'Brien-Smith"), looks_like_a_name("Social Worker")
    (True, True, False)
    >>> looks_like_a_name("Nurse"), looks_like_a_name("Jane Doe (daughter)"), looks_like_a_name("Mary Carer")
    (False, True, False)
    """
    words = re.sub(r"\([^)]*\)", " ", value).split()
    return 2 <= len(words) <= 4 and all(_name_word(word) for word in words)


def holds_a_name(value: str) -> bool:
    """Whether a role value names a person, or holds a name or an id, never to be written: one that
    ``looks_like_a_name``; a title before a capitalised word ("Mrs Brown's daughter", "Nurse Smith"); a name written
    surname first ("Smith, Jane"); two capitalised words together that are no words of roles or teams ("Nurse Jane
    Smith"); a name alone in brackets ("Nurse (Jane)"); an e-mail address; an id (a word of letters and digits,
    "E12345", or four digits or more). It tells names from roles by words, so a role named after people ("Marie
    Curie nurse") is read as a name too: a --roles file names it.

    >>> holds_a_name("Nurse Jane Smith"), holds_a_name("Smith, Jane"), holds_a_name("Mrs Brown's daughter")
    (True, True, True)
    >>> holds_a_name("E12345"), holds_a_name("Rapid Response Team"), holds_a_name("Nurse, District")
    (True, False, False)
    """
    if looks_like_a_name(value) or "@" in value or re.search(r"[0-9]{4}", value):
        return True
    words = re.findall(r"[^\s(),]+", value)
    if len(words) == 1 and re.search(r"[0-9]", words[0]) and re.search(r"[^\W\d_]", words[0]):
        return True
    if any(_name_word(inside.strip()) for inside in re.findall(r"\(([^)]*)\)", value)):
        return True
    run = 0
    for index, word in enumerate(words):
        if (singular(word.casefold().rstrip(".")) in _TITLES and index + 1 < len(words)
                and _name_word(words[index + 1])):
            return True
        run = run + 1 if _name_word(word) else 0
        if run == 2:
            return True
    surname_first = re.fullmatch(r"\s*([^\W\d_][\w'’-]*)\s*,\s*([^\W\d_][\w'’.-]*)(\s+[\w'’.-]+)*\s*", value)
    return surname_first is not None and all(_name_word(name) for name in surname_first.group(1, 2))


def citizen_role_in(value: str) -> Role | None:
    """The citizen-side role a part of a value names: what it says in brackets, a phrase or word of it ("Jane Doe
    (service user)", "Mr Smith, client"), or a word that names one inside another ("Mrs Brown's daughter").

    >>> citizen_role_in("Jane Doe (patient)"), citizen_role_in("Mr Smith, peer mentor"), citizen_role_in("Jo Bloggs")
    (<Role.SERVICE_USER: 'service_user'>, <Role.PEER: 'peer'>, None)
    >>> citizen_role_in("Sister Jones"), citizen_role_in("Ann Jones (sister)")
    (None, <Role.FAMILY: 'family'>)
    """
    for inside in re.findall(r"\(([^)]*)\)", value):
        if (role := role_word(inside)) is not None:
            return role
    words = re.findall(r"[^\W\d_]+", value.replace("'s", " ").replace("’s", " "))
    # A title names no role of the person it stands before ("Sister Jones", a nurse; "Father Brown", a priest).
    words = [word for index, word in enumerate(words) if not (
        word.casefold() in _TITLES and index + 1 < len(words) and _name_word(words[index + 1]))]
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            if (role := role_word(" ".join(words[start:start + size]))) is not None:
                return role
    word = telling_word(" ".join(words))
    return role_word(word) if word else None


def role_word(value: str) -> Role | None:
    """The citizen-side role a common word names (any case, spacing, plural, British or American spelling), or None.

    >>> role_word("Family_Carers"), role_word("Peer-supporters"), role_word("Consultant")
    (<Role.CARER: 'carer'>, <Role.PEER: 'peer'>, None)
    """
    phrase = normalised(value)
    return _WORDS.get(phrase) or _WORDS.get(singular(phrase))
