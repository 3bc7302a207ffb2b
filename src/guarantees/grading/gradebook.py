"""The course gradebook: where it is, and bringing a worker's grades into it.

nbgrader keeps grades in a database given by ``CourseDirectory.db_url`` (SQLite in the course
folder unless configured otherwise, e.g. PostgreSQL for a large class). A SQLite gradebook must
have one writer, so grading workers write to private copies and the grades of each student are
copied home here, in one transaction, keeping what graders entered by hand.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from guarantees.layout import Layout

SQLITE = "sqlite:///"


def gradebook_url(root: Path) -> str:
    """The ``db_url`` nbgrader uses for the course at ``root`` (with every config file read)."""
    return Layout.of(root).nbgrader.db_url


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite gradebook, or None for a database server."""
    return Path(url.removeprefix(SQLITE)) if url.startswith(SQLITE) else None


def recorded_score(url: str, assignment: str, student: str) -> float | None:
    """The student's total in the gradebook, or None if it holds no submission."""
    with Gradebook(url) as gradebook:
        try:
            return float(gradebook.find_submission(assignment, student).score)
        except MissingEntry:
            return None


class GradebookChanged(RuntimeError):
    """The course gradebook changed under a grading run in a way that cannot be merged."""


def copy_grades_home(course_db: Path, worker_db: Path, assignment: str, student: str) -> None:
    """Copy one student's autograded submission from a worker's gradebook into the course's.

    Rows are matched by id (the worker's gradebook is a copy of the course's). What autograde
    computes is updated; what graders entered (manual scores, extra credit, comments, flags,
    extensions) is kept, and a grade with a manual score still needs review, as nbgrader does.
    """
    with closing(sqlite3.connect(course_db, timeout=60)) as db:
        db.execute("ATTACH DATABASE ? AS worker", (str(worker_db),))
        with db:  # one transaction
            _copy_submission(db, assignment, student)
        db.execute("DETACH DATABASE worker")


def _copy_submission(db: sqlite3.Connection, assignment: str, student: str) -> None:
    find = """SELECT s.id FROM {schema}.submitted_assignment s
              JOIN {schema}.assignment a ON a.id = s.assignment_id
              WHERE a.name = ? AND s.student_id = ?"""
    theirs = db.execute(find.format(schema="worker"), (assignment, student)).fetchone()
    if theirs is None:
        raise GradebookChanged(f"the worker recorded no submission of {assignment} by {student}")
    ours = db.execute(find.format(schema="main"), (assignment, student)).fetchone()
    if ours is not None and ours != theirs:
        raise GradebookChanged(
            f"{student}'s submission of {assignment} was recreated in the gradebook while it "
            "was being graded: grade it again"
        )
    submission = {"submission": theirs[0], "student": student}
    for statement in MERGE_STATEMENTS:
        db.execute(statement, submission)


MERGE_STATEMENTS = (
    """INSERT OR IGNORE INTO main.student (id, first_name, last_name, email, lms_user_id)
       SELECT id, first_name, last_name, email, lms_user_id FROM worker.student
       WHERE id = :student""",
    """INSERT INTO main.submitted_assignment (id, assignment_id, student_id, timestamp, extension)
       SELECT id, assignment_id, student_id, timestamp, extension FROM worker.submitted_assignment
       WHERE id = :submission
       ON CONFLICT (id) DO UPDATE SET timestamp = excluded.timestamp""",
    """INSERT INTO main.submitted_notebook
           (id, assignment_id, notebook_id, flagged, late_submission_penalty)
       SELECT id, assignment_id, notebook_id, flagged, late_submission_penalty
       FROM worker.submitted_notebook WHERE assignment_id = :submission
       ON CONFLICT (id) DO UPDATE SET late_submission_penalty = excluded.late_submission_penalty""",
    """INSERT INTO main.grade
           (id, notebook_id, cell_id, auto_score, manual_score, extra_credit, needs_manual_grade)
       SELECT g.id, g.notebook_id, g.cell_id, g.auto_score, g.manual_score, g.extra_credit,
              g.needs_manual_grade
       FROM worker.grade g JOIN worker.submitted_notebook n ON n.id = g.notebook_id
       WHERE n.assignment_id = :submission
       ON CONFLICT (id) DO UPDATE SET
           auto_score = excluded.auto_score,
           needs_manual_grade = (manual_score IS NOT NULL OR excluded.auto_score IS NULL)""",
    """INSERT INTO main.comment (id, notebook_id, cell_id, auto_comment, manual_comment)
       SELECT c.id, c.notebook_id, c.cell_id, c.auto_comment, c.manual_comment
       FROM worker.comment c JOIN worker.submitted_notebook n ON n.id = c.notebook_id
       WHERE n.assignment_id = :submission
       ON CONFLICT (id) DO UPDATE SET auto_comment = excluded.auto_comment""",
)


def grader_entries(url: str, assignment: str) -> dict[tuple[str, str, str], tuple]:
    """What graders entered for ``assignment``: per (student, notebook, cell), the manual score
    and the extra credit. Only graders (and ``guarantees grade``, which keeps them) change these."""
    entries = {}
    with Gradebook(url) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    key = (submission.student_id, notebook.name, grade.name)
                    entries[key] = (grade.manual_score, grade.extra_credit)
    return entries


def changed_entries(before: dict, after: dict) -> dict[str, list[str]]:
    """Per student, the cells whose grader entries differ between two readings."""
    changed: dict[str, list[str]] = {}
    for key in sorted(set(before) & set(after)):
        if before[key] != after[key]:
            student, notebook, cell = key
            changed.setdefault(student, []).append(f"{notebook}/{cell}")
    return changed
