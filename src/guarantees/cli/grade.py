"""``guarantees grade``: autograde every submission of an assignment, with progress and a table."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register ``grade`` and its arguments."""
    verb = verbs.add_parser(
        "grade",
        help="autograde every submission of an assignment, several at a time",
        description="Autograde submitted/*/ASSIGNMENT with nbgrader, N submissions at a time, "
        "keeping a SQLite gradebook to one writer (a database server such as PostgreSQL, set "
        "by CourseDirectory.db_url, is written to directly). Unreadable submissions are "
        "reported, never stop the batch; unchanged submissions are not regraded. "
        "Writes reports/ASSIGNMENT/grades.csv. "
        "Exit status 1 when any submission could not be graded.",
    )
    verb.add_argument("assignment")
    verb.add_argument("--workers", type=int, default=None, help="default: number of cores")
    verb.add_argument("--student", action="append", dest="students", help="only this student")
    verb.add_argument(
        "--cell-timeout", type=int, default=None, help="seconds per cell (default: config)"
    )
    verb.set_defaults(func=main)


def main(
    *,
    assignment: str,
    workers: int | None = None,
    students: list[str] | None = None,
    cell_timeout: int | None = None,
) -> int:
    """Autograde every submission of an assignment in parallel, with progress and a summary."""
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from guarantees.grading.batch import STATUS_GRADED, Course, grade_assignment, submitted_students

    console = Console()
    total = len(submitted_students(Course(Path.cwd(), assignment), students))
    seen: set[str] = set()
    # no refresh thread: grading forks its workers from this process
    with Progress(console=console, transient=True, auto_refresh=False) as progress:
        task = progress.add_task(f"Grading {assignment}", total=total)

        def tick(student: str, outcome: object) -> None:
            if student not in seen:
                seen.add(student)
                progress.advance(task)
                progress.refresh()

        outcomes = grade_assignment(
            Path.cwd(),
            assignment,
            workers=workers,
            students=students,
            cell_timeout=cell_timeout,
            on_progress=tick,
        )
    table = Table(title=f"{assignment}: {len(outcomes)} submissions")
    for column in ("student", "score", "status", "message"):
        table.add_column(column)
    for outcome in outcomes:
        table.add_row(
            outcome.student_id,
            f"{outcome.score:g} / {outcome.max_score:g}",
            outcome.status,
            outcome.message,
        )
    console.print(table)
    console.print(f"Written: reports/{assignment}/grades.csv")
    return 0 if all(outcome.status == STATUS_GRADED for outcome in outcomes) else 1
