"""``guarantees export``: every assignment's grades as one CSV for an LMS."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register ``export`` and its arguments."""
    verb = verbs.add_parser(
        "export",
        help="grades for all assignments as one CSV for an LMS",
        description="Write one row per student with a column per assignment (points in the "
        "header, a 'Points possible' row first) and a total, from the nbgrader gradebook.",
    )
    verb.add_argument(
        "--output",
        type=Path,
        default=None,
        help="CSV to write (default: grades_export.csv in the course's reports folder)",
    )
    verb.set_defaults(func=main)


def main(*, output: Path | None) -> int:
    """Write every assignment's grades as one CSV for an LMS gradebook."""
    from guarantees.grading.export import export_grades
    from guarantees.layout import Layout

    output = output or Layout.of(Path.cwd()).reports() / "grades_export.csv"
    print(f"Written: {export_grades(Path.cwd(), output)}")
    return 0
