"""Writes community_care.csv beside this script: the event log of a small, made-up community-care service (400
people referred in 2024), for `journeymap discover`'s example. Deterministic: the same file, byte for byte, every run.

Each person is referred (by their GP, by themself or by a carer), triaged by phone, assessed at home (their carer's
needs too, when they have one), agrees a care plan, then gets support at home — care workers' visits, and for many
an unpaid carer prompting medication, family doing the shopping, volunteers befriending them or driving them to
clinic — until a review and, for most, discharge. A few are admitted to hospital, complain or raise a safeguarding
concern (rare activities, some under the disclosure threshold). Roles are written as a records system would hold them
(``Unpaid carer``, ``Volunteer``, ``Care worker``...), never a person's name.

Run: python examples/records/make_log.py
"""

from __future__ import annotations

import csv
import datetime
import random
from pathlib import Path

CASES = 400
SEED = 13
START = datetime.datetime(2024, 1, 8, 9, 0)
HEADER = ("case:concept:name", "concept:name", "time:timestamp", "org:role", "channel")


def _hours(rng: random.Random, median: float) -> datetime.timedelta:
    """A wait around ``median`` hours (log-normal, as waits in services are)."""
    return datetime.timedelta(hours=rng.lognormvariate(0, 0.6) * median)


def case_events(rng: random.Random, number: int) -> list[tuple[str, datetime.datetime, str, str]]:
    """One person's events: (activity, when, role, channel)."""
    when = START + datetime.timedelta(days=rng.uniform(0, 300), hours=rng.uniform(0, 8))
    has_carer = rng.random() < 0.55
    family_helps, befriended, driven = rng.random() < 0.3, rng.random() < 0.25, rng.random() < 0.12
    events: list[tuple[str, datetime.datetime, str, str]] = []

    def add(activity: str, wait_hours: float, role: str, channel: str) -> None:
        nonlocal when
        when += _hours(rng, wait_hours)
        events.append((activity, when, role, channel))

    referrer = rng.choices(["GP", "Patient", "Unpaid carer"], [6, 2, 2 if has_carer else 0])[0]
    add("Referral received", 0, referrer, "online" if referrer == "GP" else "phone")
    add("Triage call", 30, "Care coordinator", "phone")
    add("Needs assessment", 24 * 6, "Social worker", "home_visit")
    if has_carer:
        add("Carer's assessment", 24 * 3, "Social worker", "home_visit")
    if rng.random() < 0.012:
        add("Occupational therapy visit", 24 * 4, "Occupational therapist", "home_visit")
    add("Care plan agreed", 24 * 4, rng.choices(["Social worker", "Patient"], [3, 1])[0], "face_to_face")
    for _ in range(rng.randint(2, 5)):
        add("Care worker visit", 24 * 2, "Care worker", "home_visit")
        if has_carer and rng.random() < 0.6:
            add("Medication prompt", 10, "Unpaid carer", "home_visit")
        if family_helps and rng.random() < 0.7:
            add("Shopping and meals", 20, "Family member", "home_visit")
        if befriended and rng.random() < 0.6:
            add("Befriending visit", 24, "Volunteer", "home_visit")
        if driven and rng.random() < 0.5:
            add("Lift to clinic", 24, "Volunteer driver", "face_to_face")
    if rng.random() < 0.04:
        add("Hospital admission", 24 * 3, "Care coordinator", "face_to_face")
    if rng.random() < 0.008:
        add("Complaint", 24 * 2, "Patient", "letter")
    if rng.random() < 0.006:
        add("Safeguarding concern", 24 * 2, "Social worker", "phone")
    add("Six-week review", 24 * 10, rng.choices(["Care coordinator", "Patient"], [4, 1])[0], "phone")
    if rng.random() < 0.85:
        add("Discharge from service", 24 * 5, "Care coordinator", "letter")
    return events


def write_log(path: Path) -> Path:
    """The log, its rows ordered by time as a records system exports them."""
    rng = random.Random(SEED)
    rows = [(f"CC{number:04d}", activity, when, role, channel)
            for number in range(1, CASES + 1) for activity, when, role, channel in case_events(rng, number)]
    rows.sort(key=lambda row: (row[2], row[0]))
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows((case, activity, when.strftime("%Y-%m-%d %H:%M:%S"), role, channel)
                         for case, activity, when, role, channel in rows)
    return path


if __name__ == "__main__":
    print(write_log(Path(__file__).resolve().parent / "community_care.csv"))
