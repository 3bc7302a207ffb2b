"""``guarantees collect``: collect submissions, flagging any made in another's name."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register ``collect`` and its arguments."""
    verb = verbs.add_parser(
        "collect",
        help="collect submissions from the exchange, flagging any made in another's name",
        description="Check that every file of every ASSIGNMENT submission in the exchange belongs "
        "to the system user it names (a submission named for someone without a system account "
        "must be yours: your own machine, or a hub where everyone is jovyan), then run nbgrader "
        "collect. A flagged submission (made by another user, or holding a link) is not collected "
        "and not deleted: it is renamed to .flagged-<folder> in the exchange, owner and files "
        "unchanged. Exit status 1 when anything was flagged.",
    )
    verb.add_argument("assignment")
    verb.add_argument(
        "--update", action="store_true", help="replace collected submissions by newer ones"
    )
    verb.set_defaults(func=main)


def main(*, assignment: str, update: bool = False) -> int:
    """Check every submission, set the flagged ones aside, collect the rest with nbgrader.

    Prints a table of what was found; returns 1 when anything was flagged or nbgrader failed.
    """
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from guarantees.collect import FLAGGED, nbgrader_collect, screen

    console = Console()
    submissions = screen(course_root=Path.cwd(), assignment=assignment)
    table = Table(title=f"{assignment}: {len(submissions)} submissions in the exchange")
    for column in ("student", "submitted", "owner", "status", "note"):
        table.add_column(column, overflow="fold")
    for s in submissions:
        row = (s.student, s.submitted, ", ".join(s.owners), s.status, s.note)
        table.add_row(*(Text(cell) for cell in row))
    console.print(table)
    flagged = [s.folder for s in submissions if s.status == FLAGGED]
    for folder in flagged:
        console.print(f"Flagged, not collected, kept as {folder}", markup=False, soft_wrap=True)
    status = nbgrader_collect(course_root=Path.cwd(), assignment=assignment, update=update)
    if status != 0:
        console.print(f"nbgrader collect failed with status {status}")
        return 1
    if flagged:
        console.print(
            f"{len(flagged)} submission(s) flagged and not collected: look at them before "
            "grading (the note says why). A student named in one had their own latest "
            "submission collected, if there is one."
        )
        return 1
    return 0
