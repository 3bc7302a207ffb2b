"""``guarantees report``: the item-analysis report of an assignment."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register ``report`` and its arguments."""
    verb = verbs.add_parser(
        "report",
        help="item analysis of an assignment (HTML and CSV)",
        description="Write reports/ASSIGNMENT/report.html with, per question, mean score, "
        "difficulty, discrimination, the distribution of widget answers and the most common "
        "wrong answer, and plots; plus items.csv and students.csv. Run after grading.",
    )
    verb.add_argument("assignment")
    verb.set_defaults(func=main)


def main(*, assignment: str) -> int:
    """Write the item-analysis report of an assignment."""
    from guarantees.grading.report import write_report

    path = write_report(Path.cwd(), assignment)
    print(f"Written: {path.relative_to(Path.cwd().resolve())} (and items.csv, students.csv)")
    return 0
