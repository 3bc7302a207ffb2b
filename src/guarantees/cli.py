"""The ``guarantees`` command. One small function per verb; the work lives in the modules."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from guarantees.grading.answer_keys import read_answer_key
from guarantees.learner_copy import copy_course
from guarantees.scoring import seal_answer

GUIDES = (
    "Guides, in the course repository: docs/instructor-guide.md (teach and grade the course), "
    "docs/authoring-guide.md (write exercises, assignments and datasets), "
    "docs/student-guide.md (open, answer, submit, read feedback)."
)


def seal(*, key_file: Path) -> int:
    """Print a sealed key for every question in a plain key file (for pasting into a lesson)."""
    for question_id, entry in read_answer_key(key_file).items():
        print(f"{question_id}: {seal_answer(entry.kind, entry.answer, **entry.params)}")
    return 0


def start(*, folder: Path, open_lab: bool = True, lab_arguments: list[str] = ()) -> int:
    """Copy the lessons and datasets into ``folder`` (keeping work there); open JupyterLab."""
    for line in copy_course(folder):
        print(line)
    if not open_lab:
        return 0
    command = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={folder}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    command += [*lab_arguments, "lessons/00_start_here.ipynb"]
    return subprocess.call(command, cwd=folder)


def grade(
    *, assignment: str, workers: int | None, students: list[str] | None, cell_timeout: int | None
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


def report(*, assignment: str) -> int:
    """Write the item-analysis report of an assignment."""
    from guarantees.grading.report import write_report

    path = write_report(Path.cwd(), assignment)
    print(f"Written: {path.relative_to(Path.cwd().resolve())} (and items.csv, students.csv)")
    return 0


def export(*, output: Path) -> int:
    """Write every assignment's grades as one CSV for an LMS gradebook."""
    from guarantees.grading.export import export_grades

    print(f"Written: {export_grades(Path.cwd(), output)}")
    return 0


def collect(*, assignment: str, update: bool) -> int:
    """Collect an assignment's submissions, flagging any not made by the student it names."""
    from guarantees.collect import collect as collect_checked

    return collect_checked(course_root=Path.cwd(), assignment=assignment, update=update)


def check() -> int:
    """Validate the course: notebooks, assignments, keys, datasets."""
    from guarantees.course_check import check_course

    problems = check_course(Path.cwd())
    for problem in problems:
        print(f"- {problem}")
    print(f"{len(problems)} problem(s) found." if problems else "The course is in good order.")
    return 1 if problems else 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="guarantees",
        description="Tools for the guarantees course. Run instructor verbs from the course root.",
        epilog=GUIDES,
    )
    verbs = top.add_subparsers(dest="verb", required=True)
    sealer = verbs.add_parser(
        "seal",
        help="print sealed self-check keys from a plain key file",
        description="Read a plain key file (format: guarantees-answer-key) and print, for each "
        "question, the sealed key to paste as key=... in a lesson.",
    )
    sealer.add_argument("key_file", type=Path, help="e.g. answer_keys/lessons/00_start_here.json")
    starter = verbs.add_parser(
        "start",
        help="copy the lessons into a folder of your own and open JupyterLab there",
        description="Copy the course's lessons and datasets into FOLDER (default: "
        "./guarantees-course) and open JupyterLab on the start lesson. Files already there are "
        "never overwritten, so your answers and edits are kept; lessons new in this version are "
        "added beside them. Options after -- go to jupyter lab, e.g. -- --no-browser.",
    )
    starter.add_argument("folder", nargs="?", type=Path, default=Path("guarantees-course"))
    collector = verbs.add_parser(
        "collect",
        help="collect submissions from the exchange, flagging any made in another's name",
        description="Check that every file of every ASSIGNMENT submission in the exchange belongs "
        "to the system user it names (a submission named for someone without a system account "
        "must be yours: your own machine, or a hub where everyone is jovyan), then run nbgrader "
        "collect. A flagged submission (made by another user, or holding a link) is not collected "
        "and not deleted: it is renamed to .flagged-<folder> in the exchange, owner and files "
        "unchanged. Exit status 1 when anything was flagged.",
    )
    collector.add_argument("assignment")
    collector.add_argument(
        "--update", action="store_true", help="replace collected submissions by newer ones"
    )
    grader = verbs.add_parser(
        "grade",
        help="autograde every submission of an assignment, several at a time",
        description="Autograde submitted/*/ASSIGNMENT with nbgrader, N submissions at a time, "
        "keeping a SQLite gradebook to one writer (a database server such as PostgreSQL, set "
        "by CourseDirectory.db_url, is written to directly). Unreadable submissions are "
        "reported, never stop the batch; unchanged submissions are not regraded. "
        "Writes reports/ASSIGNMENT/grades.csv. "
        "Exit status 1 when any submission could not be graded.",
    )
    grader.add_argument("assignment")
    grader.add_argument("--workers", type=int, default=None, help="default: number of cores")
    grader.add_argument("--student", action="append", dest="students", help="only this student")
    grader.add_argument(
        "--cell-timeout", type=int, default=None, help="seconds per cell (default: config)"
    )
    reporter = verbs.add_parser(
        "report",
        help="item analysis of an assignment (HTML and CSV)",
        description="Write reports/ASSIGNMENT/report.html with, per question, mean score, "
        "difficulty, discrimination, the distribution of widget answers and the most common "
        "wrong answer, and plots; plus items.csv and students.csv. Run after grading.",
    )
    reporter.add_argument("assignment")
    exporter = verbs.add_parser(
        "export",
        help="grades for all assignments as one CSV for an LMS",
        description="Write one row per student with a column per assignment (points in the "
        "header, a 'Points possible' row first) and a total, from the nbgrader gradebook.",
    )
    exporter.add_argument(
        "--output", type=Path, default=Path("reports/grades_export.csv"), help="CSV to write"
    )
    verbs.add_parser(
        "check",
        help="validate the course and explain what is wrong",
        description="Check that every notebook is valid and clean, every assignment generates "
        "with nbgrader, every answer key reads, and the datasets validate.",
    )
    starter.add_argument(
        "--copy-only", action="store_true", help="copy, but do not open JupyterLab"
    )
    return top


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    passed_on: list[str] = []
    if "--" in argv:
        argv, passed_on = argv[: argv.index("--")], argv[argv.index("--") + 1 :]
    arguments = parser().parse_args(argv)
    try:
        if arguments.verb == "seal":
            return seal(key_file=arguments.key_file)
        if arguments.verb == "collect":
            return collect(assignment=arguments.assignment, update=arguments.update)
        if arguments.verb == "grade":
            return grade(
                assignment=arguments.assignment,
                workers=arguments.workers,
                students=arguments.students,
                cell_timeout=arguments.cell_timeout,
            )
        if arguments.verb == "report":
            return report(assignment=arguments.assignment)
        if arguments.verb == "export":
            return export(output=arguments.output)
        if arguments.verb == "check":
            return check()
        if arguments.verb == "start":
            return start(
                folder=arguments.folder.resolve(),
                open_lab=not arguments.copy_only,
                lab_arguments=passed_on,
            )
    except (OSError, ValueError, json.JSONDecodeError) as error:
        print(f"guarantees {arguments.verb}: {error}", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())
