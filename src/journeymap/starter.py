"""The commented starter map that ``journeymap init`` writes: every section of format 1, and a tiny journey."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from journeymap.errors import UsageError
from journeymap.files import write_atomic
from journeymap.schema import SCHEMA_FILE

DEFAULT_PATH = Path("journey.yaml")

STARTER = f"# yaml-language-server: $schema={SCHEMA_FILE}\n" + """\
# A journeymap map (format 1): who takes part in a public service, what they bring, and where
# that is used today -- or could be. Replace the example with your own journey, then run
# `journeymap check` on this file. Keys marked "optional" may be left out.

journeymap: 1                    # the format version: always 1
title: Coming home from hospital
description: From the ward to settled at home, as Ray tells it    # optional
persona: ray                     # optional: the id of the actor whose journey this is

# Who takes part. Each has a name and a role:
#   citizen side:  service_user, carer, family, neighbour, peer, volunteer, community_group
#   provider side: professional, manager, commissioner, organisation
# willingness (optional; leave it out when nobody asked) is how much more they would do:
#   weekly (a few hours a week or more), monthly (a few hours a month), none
# id (optional where nothing refers to the item) is derived from the name; ids start with a letter
# or _, hold letters, digits, _ - and ., and are shared by actors, assets, stages and touchpoints.
# description (optional) says more; actors, assets, stages and touchpoints may have one.
actors:
  - id: ray
    name: Ray, 81
    role: service_user
    willingness: monthly
    description: Lives alone; home after a fall
  - id: sam
    name: Sam (son)
    role: carer
    willingness: weekly
  - id: nurse
    name: Discharge nurse
    role: professional

# What people bring. holder is the id of an actor; kind is one of:
#   time, skills, knowledge, lived_experience, networks, motivation, physical, financial
# name (optional) says what it is; hours_per_month (optional) is the time on offer, 0 or more.
assets:
  - id: sam_time
    holder: sam
    kind: time
    hours_per_month: 6
  - id: ray_know_how
    holder: ray
    kind: lived_experience
    name: Knows what makes his house safe

# The journey: stages in order, each with a name and its touchpoints in order.
stages:
  - id: leaving
    name: Leaving hospital
    touchpoints:
      - id: discharge
        name: Discharge planning meeting
        channel: face_to_face        # optional, free text: face_to_face, phone, online, letter, home_visit...
        lane: frontstage             # optional: customer, frontstage, backstage, support
        actors: [ray, sam, nurse]    # the ids of the actors present
        emotion: -1                  # optional: -2 (very negative), -1, 0 (neutral), 1, 2 (very positive)
        involvement: informing       # optional: the ladder of co-production, lowest rung first:
                                     #   coercion, educating (doing to);
                                     #   informing, consultation, engagement (doing for);
                                     #   co_design, co_production (doing with)
        moment_of_truth: true        # optional: true where the experience is decided (default false)
        pain_points:                 # optional: what goes wrong here
          - Nobody asked what home is like
  - id: home
    name: Settling at home
    touchpoints:
      - id: first_visit
        name: First home visit
        channel: home_visit
        lane: frontstage
        actors: [ray, sam, nurse]
        emotion: 1
        involvement: co_design
        serves: [stay_home]          # optional: the ids of the outcomes this touchpoint serves

# Optional: the steps from touchpoint to touchpoint; without them touchpoints follow in file order.
flow:
  - from: discharge
    to: first_visit
    label: the next day              # optional

# Where an asset is used today (status: actual, the default) or could be (status: potential).
# phase is a point of the Co-production Star: co_commissioning, co_design, co_assessment
# (citizen voice) or co_delivery (citizen action). note (optional) says what it is.
contributions:
  - asset: sam_time
    touchpoint: first_visit
    phase: co_delivery
    status: actual
    note: Sam is there and moves the furniture
  - asset: ray_know_how
    touchpoint: discharge
    phase: co_design
    status: potential
    note: Ray could say what needs changing at home before he leaves

# Optional: needs, with the share (0 to 1) of users and of staff who name each one
# (and, from a survey, n_users and n_staff: how many answered in each group; `journeymap survey
# DEFINITION --into journey.yaml` writes them). A citizen's own need says whose it is with for:
# and may have no shares.
needs:
  - name: Feel safe at home
    users: 0.8
    staff: 0.5
  - name: Get back to the allotment
    for: [ray]

# Optional: outcomes, what matters to the person (for: the citizens they matter to; default the persona).
# Touchpoints and contributions say which outcomes they serve (serves: [...]).
outcomes:
  - id: stay_home
    name: Stay in my own home

# Optional: the action plan, in the four boxes of the co-production method's form. horizon: week or month
# (I will complete it within a week, a month), organisation (others in my organisation should take it),
# partners (people in partner organisations should). status: todo, doing, done or dropped.
actions:
  - id: ask_ray
    text: Ask Ray what needs changing at home before the discharge meeting
    horizon: week
    owner: Ward nurse               # optional
    status: todo
    due: 2027-01-31                 # optional, year-month-day
    addresses: [ray_know_how, discharge]   # the ids of what it addresses: assets, touchpoints, outcomes...

# Optional evidence. A citizen may list constraints, what stops them doing more (free text, e.g.
# "cares for her husband full time"). A surveys block keeps each survey's counts, never shares:
#   surveys:
#     - title: What we think about co-production
#       threshold: 5            # groups with fewer respondents are held back, never shown
#       held_back: 3            # how many respondents that was
#       respondents: [{group: citizens, respondents: 40}]
#       willingness: [{group: citizens, weekly: 11, monthly: 17, none: 12}]
#       likert:
#         - {statement: Front-line staff are keen to give citizens a bigger role, group: citizens,
#            scale: [Disagree, Neutral, Agree], counts: [12, 10, 18]}
#
# Maps discovered from an event log (journeymap discover LOG -o map.yaml) also hold what the records say, counts
# of cases (never fewer than the disclosure threshold) and times in hours: on a touchpoint its cases, events,
# starts and ends; on a flow step and a stage its cases, median_hours and p90_hours (a stage's: the wait on
# entering it, of its entry_cases); on a citizens' contribution its cases and events; and an evidence block:
#   evidence:
#     log: referrals.csv
#     cases: 500
#     events: 4210
#     first: 2024-01-02T00:00:00Z  # the period's days: no single event's time
#     last: 2024-12-30T00:00:00Z
#     threshold: 5              # anything seen in fewer cases is not written, only counted as hidden
#     filters: [activities in fewer than 20 cases left out]
#     hidden: {activities: 3, pairs: 9, contributions: 1, variants: 41, stage_waits: 1}
#     variants: [{touchpoints: [referral, triage, visit], cases: 120}]   # the most common paths
#     notes: [12 events share their case's timestamp with another]
#     co_production_unknown: [triage]   # carers acted here in too few cases to show: not called passive
"""


def write_starter(path: str | os.PathLike[str] = DEFAULT_PATH, *, force: bool = False) -> Path:
    """Write the starter map to ``path`` (atomically); UsageError if a file is there and ``force`` is false."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give a file name, e.g. {target / DEFAULT_PATH}")
    if target.suffix.lower() == ".json":
        raise UsageError(f"{target}: the starter map is commented YAML; give a name ending in .yaml or .yml")
    if not force and (target.exists() or target.is_symlink()):
        raise UsageError(f"{target} already exists; give --force to overwrite it")
    write_atomic(target, STARTER)
    return target


def next_steps(path: Path) -> str:
    """What ``journeymap init`` says after writing the starter map to ``path``: what now, and how."""
    shown = shlex.quote(str(path))
    steps = [
        (f"journeymap check {shown}", "valid and finished? (exit 0)"),
        (f"journeymap render {shown} -o {shlex.quote(str(path.with_suffix('.svg')))}", "draw it (or .png, .pdf, .html)"),
        (f"journeymap analyse {shown}", "which assets go unused"),
        (f"journeymap schema -o {shlex.quote(str(path.parent / SCHEMA_FILE))}",
         "for editors: the schema the map's first line names"),
    ]
    width = max(len(command) for command, _ in steps)
    return "\n".join([f"wrote {path}: a starter map to make your own", "next:",
                      *(f"  {command.ljust(width)}  # {why}" for command, why in steps)])
