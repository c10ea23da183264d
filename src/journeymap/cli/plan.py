"""``journeymap plan MAP``: the actions the findings still call for, drafted (see :mod:`journeymap.plan`), printed
as an ``actions:`` block to paste, as JSON, or written into the map file with ``--write`` (comments and layout kept,
read back, written whole or not at all)."""

from __future__ import annotations

import argparse
import json
import os
import textwrap
from pathlib import Path
from typing import Any


from journeymap.analysis import Analysis, analyse
from journeymap.errors import InvalidMapError, Problem
from journeymap.files import write_atomic
from journeymap.io import read_map
from journeymap.io.patch import ItemEdit, patch_file
from journeymap.io.write import item_data, to_yaml
from journeymap.model import Action, Journey
from journeymap.plan import draft_actions, plan_findings
from journeymap.wording import counted

def do_plan(args: argparse.Namespace) -> int:
    """journeymap plan: the drafted actions as YAML to paste or JSON; with --write, written into the map."""
    loaded = read_map(args.map, max_bytes=args.max_bytes)
    findings = analyse(loaded.journey)
    drafts = draft_actions(findings)
    written = bool(drafts) and args.write
    if written:
        write_actions(args.map, loaded.journey, drafts, max_bytes=args.max_bytes)
    if args.json:
        print(json.dumps({"map": str(args.map), "written": written, "actions": [_plain(a) for a in drafts]},
                         indent=2, ensure_ascii=False, allow_nan=False))
    elif written:
        print(f"{args.map}: {counted(len(drafts), 'draft action')} written into its actions "
              "(status todo; give each an owner and a due date):\n")
        print(actions_yaml(drafts), end="")
    else:
        print(plan_text(drafts, args.map, findings), end="")
    return 0


def plan_text(drafts: tuple[Action, ...], source: Path, findings: Analysis) -> str:
    """The drafts as an ``actions:`` block under comment lines saying what they are; or a comment saying why
    there are none."""
    if not drafts:
        return _comment(f"No actions to draft for {source.name}: {_why_none(findings)}")
    return _comment(f"{counted(len(drafts), 'draft action')} for {source.name}, one for each finding no action "
                    "addresses yet. Drafts: edit the wording, give each an owner and a due date, then paste them "
                    "under the map's actions (or run journeymap plan --write).") + actions_yaml(drafts)


def _why_none(findings: Analysis) -> str:
    """Why nothing is drafted: the map has no finding a plan answers, or actions address every one it has."""
    answered = len(plan_findings(findings))
    if answered:
        which = "the one finding" if answered == 1 else f"each of its {answered:,} findings"
        return f"{which} a plan answers already has an action addressing it."
    why = ("it has no finding a plan answers (an untapped opportunity of someone open to being asked, a willing "
           "holder's unused asset, a passive moment of truth, an outcome nothing serves).")
    passive = len(findings.passive_touchpoints)
    if passive:  # the likeliest surprise, on a map discovered from records above all: passive, yet no draft
        them = ("Its passive touchpoint is not marked a moment of truth", "it") if passive == 1 else (
            f"Its {passive:,} passive touchpoints are not marked moments of truth", "them")
        why += f" {them[0]} (moment_of_truth: true), so no action is drafted for {them[1]}."
    return why


def _comment(text: str) -> str:
    return "".join(f"# {line}\n" for line in textwrap.wrap(text, width=98))


def actions_yaml(drafts: tuple[Action, ...]) -> str:
    """The drafts as a YAML ``actions:`` block."""
    return to_yaml({"actions": [item_data(a) for a in drafts]})


def _plain(action: Action) -> dict[str, Any]:
    data = item_data(action)
    return {**data, "due": data["due"].isoformat()} if "due" in data else data


def write_actions(path: str | os.PathLike[str], journey: Journey, drafts: tuple[Action, ...], *,
                  max_bytes: int | None = None) -> None:
    """Add ``drafts`` to the actions of the map file at ``path`` (YAML or JSON, read as ``journey``), keeping the
    rest of the file as it is; checked by reading it back, written whole or not at all."""
    name = os.fspath(path)
    edits = [ItemEdit("actions", "id", action.id, item_data(action), add=True) for action in drafts]
    patched = patch_file(path, edits, what="actions", max_bytes=max_bytes)
    new = patched.journey
    if new.replace(actions=journey.actions) != journey or new.actions != (*journey.actions, *drafts):
        raise InvalidMapError([Problem(message="adding the drafted actions would change more of the map than its "
                                               "actions, so it was not written", file=name,
                                       suggestion="leave out --write and paste the printed drafts instead")])
    write_atomic(path, patched.text)

