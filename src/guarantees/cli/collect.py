"""``guarantees collect``: collect submissions, flagging any made in another's name or backdated."""

from __future__ import annotations

import argparse
from pathlib import Path

from guarantees.collect import TOLERANCE


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register ``collect`` and its arguments."""
    verb = verbs.add_parser(
        "collect",
        help="collect submissions from the exchange, flagging any made in another's name or "
        "with a time that is not when it was made",
        description="Check that every file of every ASSIGNMENT submission in the exchange belongs "
        "to the system user it names (a submission named for someone without a system account "
        "must be yours: your own machine, or a hub where everyone is jovyan), and that the time "
        "it claims (folder name and timestamp.txt) agrees with when its files were made or last "
        "changed (their ctime, which students cannot set), then run nbgrader collect. A flagged "
        "submission (made by another user, holding a link, backdated, post-dated or changed "
        "after its time) is not collected and not deleted: it is renamed to .flagged-<folder> in "
        "the exchange, owner and files unchanged. The table is also written to "
        "<reports>/ASSIGNMENT/collect.csv. Exit status 1 when anything was flagged.",
    )
    verb.add_argument("assignment")
    verb.add_argument(
        "--update", action="store_true", help="replace collected submissions by newer ones"
    )
    verb.add_argument(
        "--tolerance",
        type=float,
        default=TOLERANCE,
        metavar="SECONDS",
        help=f"how far a submission's claimed time may be from its files' change times "
        f"(default {TOLERANCE:.0f}; raise it for an exchange on a network file system whose "
        "server clock differs)",
    )
    verb.set_defaults(func=main)


def main(*, assignment: str, update: bool = False, tolerance: float = TOLERANCE) -> int:
    """Check every submission, set the flagged ones aside, collect the rest with nbgrader.

    Prints a table of what was found; returns 1 when anything was flagged or nbgrader failed.
    """
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from guarantees.collect import FLAGGED, nbgrader_collect, screen, write_summary

    console = Console()
    course = Path.cwd()
    submissions = screen(course_root=course, assignment=assignment, tolerance=tolerance)
    summary = write_summary(course_root=course, assignment=assignment, submissions=submissions)
    table = Table(title=f"{assignment}: {len(submissions)} submissions in the exchange")
    for column in ("student", "submitted", "owner", "status", "note"):
        table.add_column(column, overflow="fold")
    for s in submissions:
        row = (s.student, s.submitted, ", ".join(s.owners), s.status, s.note)
        table.add_row(*(Text(cell) for cell in row))
    console.print(table)
    console.print(f"This table is in {summary}", markup=False, soft_wrap=True)
    flagged = [s.folder for s in submissions if s.status == FLAGGED]
    for folder in flagged:
        console.print(f"Flagged, not collected, kept as {folder}", markup=False, soft_wrap=True)
    status = nbgrader_collect(course_root=course, assignment=assignment, update=update)
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
