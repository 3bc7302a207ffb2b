"""A course that moves nbgrader's folders and its own (``nbgrader_config.py``) still grades:
``guarantees grade`` and ``report`` find every path through the course's configuration."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from grade.synthetic_class import ASSIGNMENT, build_class
from helpers import make_course, nbgrader

from guarantees.layout import Layout, nbgrader_environment

pytestmark = pytest.mark.pipeline
STRUCTURE = "{nbgrader_step}/{assignment_id}/{student_id}"
COMMAND = Path(sys.executable).parent / "guarantees"
STUDENTS = ("student00", "student01", "student02", "patched-grader", "no-answers", "kernel-dies")


def moved_course(base: Path) -> Path:
    """The practice course with nbgrader's steps renamed and nested by assignment first, the
    source notebooks and answer keys in private folders outside the course and the reports
    renamed."""
    course = make_course(base / "course")
    private = base / "private-keys"
    shutil.move(course / "answer_keys", private)
    shutil.move(course / "assignments", base / "private-source")
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(
            "\n"
            f"c.CourseDirectory.source_directory = {str(base / 'private-source')!r}\n"
            'c.CourseDirectory.submitted_directory = "handed_in"\n'
            'c.CourseDirectory.autograded_directory = "graded_automatically"\n'
            f"c.CourseDirectory.directory_structure = {STRUCTURE!r}\n"
            f"c.Guarantees.answer_keys_directory = {str(private)!r}\n"
            'c.Guarantees.reports_directory = "grading-reports"\n'
        )
    return course


def test_a_course_with_its_own_layout_grades_with_the_same_scores(tmp_path):
    course = moved_course(tmp_path)
    layout = Layout.of(course)
    assert layout.submitted("s", ASSIGNMENT) == course / "handed_in" / ASSIGNMENT / "s"
    nbgrader("generate_assignment", ASSIGNMENT, cwd=course, exchange=tmp_path / "exchange")
    expected = build_class(course)
    assert (course / "handed_in" / ASSIGNMENT / "student00").is_dir()
    assert not (course / "submitted").exists()
    only = [argument for student in STUDENTS for argument in ("--student", student)]
    result = subprocess.run(
        [str(COMMAND), "grade", ASSIGNMENT, "--workers", "2", "--cell-timeout", "5", *only],
        cwd=course, env=nbgrader_environment(), capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    grades = course / "grading-reports" / ASSIGNMENT / "grades.csv"
    assert grades.is_file(), result.stdout + result.stderr
    with open(grades, encoding="utf-8") as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    assert set(rows) == set(STUDENTS)
    for student in STUDENTS:
        want, row = expected[student], rows[student]
        assert (row["status"], float(row["score"])) == (want["status"], want["score"]), row
        assert want.get("note", "") in row["message"], row
    assert (layout.autograded("student00", ASSIGNMENT) / f"{ASSIGNMENT}.ipynb").is_file()
    report = subprocess.run(
        [str(COMMAND), "report", ASSIGNMENT], cwd=course, env=nbgrader_environment(),
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert report.returncode == 0, report.stderr
    items = (course / "grading-reports" / ASSIGNMENT / "items.csv").read_text()
    assert "a0-strike-test" in items
