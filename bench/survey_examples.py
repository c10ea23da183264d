"""Writes the synthetic survey responses in examples/surveys/: made-up respondents, no real person's answers.

The sight-loss survey reproduces Willis and Dunstan's (2009) four needs exactly as whole percents (users
91/62/53/47 of 100, staff 36/18/64/54 of 28) and the European study's willingness to do more (28/43/29% of the
100 users), three times over: as a plain CSV (choices joined by ';'), as Microsoft Forms exports to Excel
(.xlsx, ';' after every choice) and as Google Forms exports to CSV (choices joined by ', ', some holding commas).
Three carers answer too: fewer than the disclosure threshold, so they are never shown. The opinion survey rates
statements from the co-production lecture on a Likert scale.

Run: .venv/bin/python bench/survey_examples.py [OUT_DIR]   (default examples/surveys; the same files each run,
save the .xlsx's zip timestamps)
"""

from __future__ import annotations

import csv
import datetime
import io
import sys
from pathlib import Path

GROUP = "I am answering as"
USER, STAFF, CARER = "Someone who uses the service", "Someone who works in the service", "A family member or carer"
NEEDS_QUESTION = "What would help you most?"
NEEDS = ["Get to know people and make friends", "Someone to talk to", "Information about services",
         "Information about specific support"]
GOOGLE_WORDING = {  # the same four choices as a Google form might word them: two hold the separator, a comma
    "Get to know people and make friends": "Get to know people and make friends",
    "Someone to talk to": "Someone to talk to, in person or on the phone",
    "Information about services": "Information about services",
    "Information about specific support": "Information about specific support, such as equipment or benefits",
}
NEED_COUNTS = {"users": (100, [91, 62, 53, 47]), "staff": (28, [10, 5, 18, 15]), "carers": (3, [3, 1, 2, 0])}
WILLING_QUESTION = "Would you be willing to give more of your time to help others with sight loss?"
WILLING = ["A few hours a week or more", "A few hours a month", "Not at all"]
WILLING_COUNTS = {"users": [28, 43, 29], "carers": [1, 2, 0]}
USER_CAPABILITIES = "What could you do to improve your own life and that of other people?"
USER_OFFERS = ["Share what I know about living with sight loss", "Give some time, e.g. phone someone each week",
               "Introduce people to groups I belong to", "Teach a skill I have"]
USER_OFFER_COUNTS = [58, 31, 22, 17]
STAFF_CAPABILITIES = ("How can you best use your skills and networks to help users, carers and the public to improve "
                      "their outcomes?")
STAFF_OFFERS = ["Put people in touch with local groups", "Teach skills for daily living",
                "Share what I know about services"]
STAFF_OFFER_COUNTS = [12, 9, 21]
COMMENTS = "Anything else you would like to tell us?"
COMMENT_TEXTS = ["The group on Tuesdays is the best part of my week.", "Letters come in print too small to read.",
                 "I did not know the clinic had an officer to talk to.", "More volunteers to walk with people, please.",
                 "The talking newspaper keeps me in touch.", "I would like to help others who are newly diagnosed.",
                 "It took months to hear about the rehabilitation service.", "My daughter fills in the forms for me.",
                 "Buses are hard when you cannot read the number.", "I miss reading; audio books have helped."]

LIKERT = ["Strongly disagree", "Disagree", "No opinion/Neutral", "Agree", "Strongly agree"]
OPINION_GROUP = "Which describes you best?"
OPINION_GROUPS = {"citizens": ("A citizen using public services", 40),
                  "professionals": ("A public service professional", 32),
                  "politicians": ("An elected politician", 3)}
STATEMENTS = {  # counts per level, lowest first, then "Don't know", per group
    "Most citizens do not want to get engaged \u2013 only the 'usual suspects'":
        {"citizens": [9, 14, 6, 8, 2, 1], "professionals": [2, 6, 5, 13, 6, 0], "politicians": [0, 1, 0, 2, 0, 0]},
    "Front-line staff are keen to give citizens a bigger role in public services":
        {"citizens": [5, 12, 10, 10, 3, 0], "professionals": [1, 4, 7, 14, 6, 0], "politicians": [0, 0, 1, 2, 0, 0]},
    "Citizens trust politicians to do what is good for their well-being.":
        {"citizens": [12, 15, 7, 5, 1, 0], "professionals": [6, 12, 8, 6, 0, 0], "politicians": [0, 1, 0, 1, 1, 0]},
    "Citizens trust public service professionals to do what is good for their well-being.":
        {"citizens": [2, 6, 9, 18, 4, 1], "professionals": [0, 2, 5, 17, 8, 0], "politicians": [0, 0, 1, 2, 0, 0]},
}


def spread(counts: list[int], n: int, step: int) -> list[int]:
    """Answer indices for n respondents, counts[k] of answer k, dealt out of order (step is prime to n)."""
    answers = [k for k, count in enumerate(counts) for _ in range(count)]
    answers += [-1] * (n - len(answers))  # -1: no answer
    return [answers[(i * step) % n] for i in range(n)]


def ticks(n: int, counts: list[int]) -> list[set[int]]:
    """For each of n respondents the choices they tick, choice k by exactly counts[k], every respondent at least
    one: each choice's run of respondents starts where the last ended until all have one, then further on."""
    chosen: list[set[int]] = [set() for _ in range(n)]
    start = 0
    for k, count in enumerate(counts):
        for i in range(count):
            chosen[(start + i) % n].add(k)
        covered = all(chosen)
        start = (start + count) % n if not covered else (start + 7 * k + 3) % n
    missing = [i for i in range(n) if not chosen[i]]
    assert not missing, f"respondents {missing} tick nothing"
    return chosen


def respondents() -> list[dict[str, object]]:
    """The sight-loss survey's synthetic respondents: their group and their answers (indices into the lists)."""
    people: list[dict[str, object]] = []
    for group, label in (("users", USER), ("staff", STAFF), ("carers", CARER)):
        n, counts = NEED_COUNTS[group]
        needs = ticks(n, counts)
        willing = spread(WILLING_COUNTS[group], n, 37 if n == 100 else 1) if group in WILLING_COUNTS else [-1] * n
        if group == "staff":
            offers = [sorted(s) for s in ticks(n, STAFF_OFFER_COUNTS)]
        elif group == "users":
            offers = [sorted(s) for s in ticks(n, USER_OFFER_COUNTS)]
        else:
            offers = [[0], [], [1]]
        for i in range(n):
            comment = COMMENT_TEXTS[i // 10] if group == "users" and i % 10 == 0 else ""
            people.append({"group": label, "kind": group, "needs": sorted(needs[i]), "willing": willing[i],
                           "offers": offers[i], "comment": comment})
    return people


def _columns(person: dict[str, object], joiner: str, wording: dict[str, str] | None = None,
             trailing: str = "") -> list[str]:
    needs = [NEEDS[k] for k in person["needs"]]  # type: ignore[attr-defined]
    if wording:
        needs = [wording[need] for need in needs]
    offers_list = USER_OFFERS if person["kind"] != "staff" else STAFF_OFFERS
    offers = [offers_list[k] for k in person["offers"]]  # type: ignore[attr-defined]
    joined = joiner.join(needs) + (trailing if needs else "")
    offered = joiner.join(offers) + (trailing if offers else "")
    willing = WILLING[person["willing"]] if person["willing"] != -1 else ""  # type: ignore[index]
    user_offers, staff_offers = (offered, "") if person["kind"] != "staff" else ("", offered)
    return [str(person["group"]), joined, willing, user_offers, staff_offers, str(person["comment"])]


HEADERS = [GROUP, NEEDS_QUESTION, WILLING_QUESTION, USER_CAPABILITIES, STAFF_CAPABILITIES, COMMENTS]


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def write_all(directory: Path) -> None:
    people = respondents()
    (directory / "sight_loss_survey.csv").write_text(
        csv_text([HEADERS] + [_columns(p, ";") for p in people]), encoding="utf-8", newline="")
    start = datetime.datetime(2026, 3, 2, 9, 0)
    google = [["Timestamp", *HEADERS]]
    for i, person in enumerate(people):
        when = start + datetime.timedelta(minutes=17 * i)
        google.append([f"{when.month}/{when.day}/{when.year} {when:%H:%M:%S}",
                       *_columns(person, ", ", GOOGLE_WORDING)])
    (directory / "sight_loss_survey_google.csv").write_text(csv_text(google), encoding="utf-8", newline="")
    _write_msforms(directory / "sight_loss_survey_msforms.xlsx", people, start)
    opinion = [[OPINION_GROUP, *STATEMENTS]]
    for group, (label, n) in OPINION_GROUPS.items():
        answers = [spread(counts[group], n, 1 if n < 5 else 7 + 2 * s)
                   for s, counts in enumerate(STATEMENTS.values())]
        for i in range(n):
            opinion.append([label, *((LIKERT + ["Don't know"])[a[i]] if a[i] != -1 else "" for a in answers)])
    (directory / "opinion_survey.csv").write_text(csv_text(opinion, ";"), encoding="utf-8-sig", newline="")


def _write_msforms(path: Path, people: list[dict[str, object]], start: datetime.datetime) -> None:
    """As Microsoft Forms downloads responses: ID, times, Email and Name first, then a column a question;
    a multi-select's choices each followed by ';'. An anonymous form leaves Email 'anonymous' and Name empty."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", *HEADERS])
    for i, person in enumerate(people):
        began = start + datetime.timedelta(minutes=17 * i)
        sheet.append([i + 1, began, began + datetime.timedelta(minutes=6), "anonymous", None,
                      *(cell or None for cell in _columns(person, ";", trailing=";"))])
    fixed = datetime.datetime(2026, 3, 31, 12, 0)
    workbook.properties.created = workbook.properties.modified = fixed
    workbook.save(path)


if __name__ == "__main__":
    write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "examples" / "surveys")
