"""``guarantees grade``: autograde every submission of an assignment, with progress and a table."""

from __future__ import annotations

import argparse
from pathlib import Path

from guarantees.grading.sandbox import Limits


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register ``grade`` and its arguments."""
    verb = verbs.add_parser(
        "grade",
        help="autograde every submission of an assignment, several at a time",
        description="Autograde submitted/*/ASSIGNMENT with nbgrader, N submissions at a time, "
        "each notebook's kernel in a bubblewrap sandbox of its own (no key, gradebook, other "
        "submission or network in reach), every score set outside the sandbox. A SQLite "
        "gradebook keeps one writer (a database server such as PostgreSQL, set by "
        "CourseDirectory.db_url, is written to directly). Unreadable submissions are "
        "reported, never stop the batch; unchanged graded submissions are not regraded. "
        "Writes reports/ASSIGNMENT/grades.csv. "
        "Exit status 1 when any submission could not be graded, 2 when no sandbox can be made.",
    )
    verb.add_argument("assignment")
    verb.add_argument("--workers", type=int, default=None, help="default: number of cores")
    verb.add_argument("--student", action="append", dest="students", help="only this student")
    verb.add_argument(
        "--cell-timeout", type=int, default=None, help="seconds per cell (default: config)"
    )
    verb.add_argument(
        "--submission-timeout",
        type=int,
        default=Limits.seconds,
        help=f"seconds for a whole submission, all cells together (default: {Limits.seconds})",
    )
    verb.add_argument(
        "--no-sandbox",
        dest="sandbox",
        action="store_false",
        help="run students' code as yourself, with the course in reach: for trusted code only "
        "(recorded in grades.csv)",
    )
    verb.set_defaults(func=main)


def main(
    *,
    assignment: str,
    workers: int | None = None,
    students: list[str] | None = None,
    cell_timeout: int | None = None,
    submission_timeout: int = Limits.seconds,
    sandbox: bool = True,
) -> int:
    """Autograde every submission of an assignment in parallel, with progress and a summary."""
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from guarantees.grading.batch import SCORED, Course, grade_assignment, submitted_students
    from guarantees.grading.sandbox import SandboxUnavailable

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

        try:
            outcomes = grade_assignment(
                Path.cwd(),
                assignment,
                workers=workers,
                students=students,
                cell_timeout=cell_timeout,
                sandbox=sandbox,
                limits=Limits(seconds=submission_timeout),
                on_progress=tick,
            )
        except SandboxUnavailable as error:
            console.print(
                f"[bold red]Not grading: no sandbox can be made here.[/] {error}.\n"
                "Students' code must not run as you, beside the keys and the gradebook. "
                "Only for code you trust: guarantees grade --no-sandbox"
            )
            return 2
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
    if not sandbox:
        console.print("[bold yellow]Graded WITHOUT a sandbox[/] (recorded in grades.csv).")
    return 0 if all(outcome.status in SCORED for outcome in outcomes) else 1
