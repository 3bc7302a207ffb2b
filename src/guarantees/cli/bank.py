"""``guarantees bank``: write a starter term bank, a private folder of graded exercises."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register ``bank`` and its folder."""
    verb = verbs.add_parser(
        "bank",
        help="write a starter term bank: the graded exercises to rewrite in a private folder",
        description="Write into FOLDER, for each assignment with graded widget exercises, a file "
        "with those exercise blocks copied from content/assignments/, to rewrite with options, "
        "items and pairs the public sources never showed. With GUARANTEES_TERM_BANK naming the "
        "folder, build, check and grade use its exercises in place of the public ones. FOLDER "
        "must lie outside the course folder and outside any git work tree (unless git ignores "
        "it); files already there are never overwritten.",
    )
    verb.add_argument("folder", type=Path)
    verb.set_defaults(func=main)


def main(*, folder: Path) -> int:
    """Write a starter bank in ``folder`` for the course in the current folder."""
    from guarantees.authoring.bank import BANK_VARIABLE, write_starter_bank
    from guarantees.authoring.build import CONTENT_DIRECTORY, sources

    root = Path.cwd()
    if not sources(root):
        raise ValueError(f"no sources in {root / CONTENT_DIRECTORY}: run it from the course root")
    for line in write_starter_bank(root, sources(root), folder):
        print(line)
    print(
        f"Rewrite the pools, then: export {BANK_VARIABLE}={folder.expanduser().resolve()} "
        "and run guarantees build and guarantees check."
    )
    return 0
