"""``guarantees export`` on a small real gradebook, built with nbgrader's own Gradebook API."""

from __future__ import annotations

import csv
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from helpers import REPO
from nbgrader.api import Gradebook

from guarantees.grading.export import export_grades

STUDENTS = {
    "ann": {"first_name": "Ann", "last_name": "Kovács", "email": "ann@example.org"},
    "ben": {},
    "cat": {"first_name": "Cat"},
}


def add_assignment(gradebook: Gradebook, name: str, duedate: datetime | None, points: dict) -> None:
    """An assignment of one notebook with a graded cell per entry of ``points``."""
    gradebook.add_assignment(name, duedate=duedate)
    gradebook.add_notebook(name, name)
    for cell, most in points.items():
        gradebook.add_grade_cell(cell, name, name, max_score=most, cell_type="code")


def score(gradebook: Gradebook, assignment: str, student: str, scores: dict[str, float]) -> None:
    gradebook.add_submission(assignment, student)
    for cell, value in scores.items():
        gradebook.find_grade(cell, assignment, assignment, student).auto_score = value
    gradebook.db.commit()


@pytest.fixture(scope="module")
def course(tmp_path_factory, new_gradebook) -> Path:
    """A course whose gradebook holds three students, two dated assignments and an undated one
    (made once: the tests only read it)."""
    root = tmp_path_factory.mktemp("export") / "course"
    root.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    with Gradebook(new_gradebook(root)) as gradebook:
        add_assignment(gradebook, "zz_extra", None, {"q": 1.5})
        add_assignment(gradebook, "b_later", datetime(2026, 11, 1), {"q1": 2, "q2": 3})
        add_assignment(gradebook, "a_first", datetime(2026, 10, 1), {"q": 4})
        for student, details in STUDENTS.items():
            gradebook.add_student(student, **details)
        score(gradebook, "a_first", "ann", {"q": 4})
        score(gradebook, "b_later", "ann", {"q1": 2, "q2": 0.5})
        score(gradebook, "zz_extra", "ann", {"q": 1.5})
        score(gradebook, "a_first", "ben", {"q": 0})
    return root


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        return list(reader.fieldnames), list(reader)


def test_one_column_per_assignment_by_due_date_then_the_undated(course, tmp_path):
    columns, _ = read_rows(export_grades(course, tmp_path / "out" / "lms.csv"))
    assert columns == [
        "student_id",
        "last_name",
        "first_name",
        "email",
        "a_first (4 points)",
        "b_later (5 points)",
        "zz_extra (1.5 points)",
        "total",
    ]


def test_the_first_row_gives_the_points_possible(course, tmp_path):
    _, rows = read_rows(export_grades(course, tmp_path / "lms.csv"))
    assert rows[0] == {
        "student_id": "Points possible",
        "last_name": "",
        "first_name": "",
        "email": "",
        "a_first (4 points)": "4",
        "b_later (5 points)": "5",
        "zz_extra (1.5 points)": "1.5",
        "total": "10.5",
    }


def test_a_row_per_student_with_scores_and_a_total(course, tmp_path):
    _, rows = read_rows(export_grades(course, tmp_path / "lms.csv"))
    students = {row["student_id"]: row for row in rows[1:]}
    assert list(students) == ["ann", "ben", "cat"]
    assert students["ann"] == {
        "student_id": "ann",
        "last_name": "Kovács",
        "first_name": "Ann",
        "email": "ann@example.org",
        "a_first (4 points)": "4",
        "b_later (5 points)": "2.5",
        "zz_extra (1.5 points)": "1.5",
        "total": "8",
    }


def test_a_missing_submission_is_empty_and_a_zero_is_zero(course, tmp_path):
    _, rows = read_rows(export_grades(course, tmp_path / "lms.csv"))
    students = {row["student_id"]: row for row in rows[1:]}
    assert students["ben"]["a_first (4 points)"] == "0", "submitted, scored nothing"
    assert students["ben"]["b_later (5 points)"] == "", "never submitted"
    assert students["ben"]["total"] == "0"
    cat = students["cat"]
    assert (cat["first_name"], cat["last_name"], cat["email"]) == ("Cat", "", "")
    assert [cat[column] for column in list(cat)[4:]] == ["", "", "", "0"]
