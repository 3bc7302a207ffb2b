"""`guarantees grade`: a synthetic class of 21, every bad case reported, nothing lost or changed."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from grade.synthetic_class import ASSIGNMENT, build_class
from helpers import guarantees, make_course, nbgrader, tree_digest
from nbgrader.api import Gradebook

from guarantees.grading import read_answer_key
from guarantees.grading.batch import SCORED
from guarantees.grading.gradebook import GradebookChanged, copy_grades_home
from guarantees.grading.scores import awarding_tests, score_submission, set_scores
from guarantees.layout import Layout, nbgrader_environment

pytestmark = pytest.mark.pipeline


def grade(course: Path, *arguments: str) -> tuple[subprocess.CompletedProcess, dict[str, dict]]:
    result = guarantees(
        "grade", ASSIGNMENT, "--cell-timeout", "5", *arguments, cwd=course, timeout=900
    )
    with open(course / "reports" / ASSIGNMENT / "grades.csv", encoding="utf-8") as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    return result, rows


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("class") / "course")
    nbgrader("generate_assignment", ASSIGNMENT, cwd=course, exchange=course / "exchange")
    expected = build_class(course)
    before = tree_digest(course / "submitted")
    result, rows = grade(course, "--workers", "2")
    return {
        "course": course,
        "expected": expected,
        "before": before,
        "result": result,
        "rows": rows,
    }


def test_every_submission_gets_a_status_and_message(graded_class):
    rows, expected = graded_class["rows"], graded_class["expected"]
    assert len(expected) >= 20 and set(rows) == set(expected)
    for student, want in expected.items():
        row = rows[student]
        assert row["status"] == want["status"], (student, row)
        assert float(row["score"]) == want["score"], (student, row)
        assert float(row["max_score"]) == 11
        if "note" in want:
            assert want["note"] in row["message"], (student, row["message"])
    assert graded_class["result"].returncode == 1, "some submissions could not be graded"
    assert "kernel-dies" in graded_class["result"].stdout


def test_nothing_in_submitted_is_modified(graded_class):
    assert tree_digest(graded_class["course"] / "submitted") == graded_class["before"]


def test_the_gradebook_holds_every_graded_score(graded_class):
    course, rows = graded_class["course"], graded_class["rows"]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student, row in rows.items():
            if row["status"] == "graded":
                submission = gradebook.find_submission(ASSIGNMENT, student)
                assert submission.score == pytest.approx(float(row["score"])), student
    feedback = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_feedback", ASSIGNMENT, "--force"],
        cwd=course, env=nbgrader_environment(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert (course / "feedback" / "student00" / ASSIGNMENT).is_dir(), feedback.stderr


def test_rerunning_regrades_only_what_changed(graded_class):
    course, first = graded_class["course"], graded_class["rows"]
    changed = course / "submitted" / "student01" / ASSIGNMENT / "timestamp.txt"
    changed.write_text("2026-11-28 10:00:00.000000 UTC")
    result, rows = grade(course, "--workers", "1")
    assert {s: r["score"] for s, r in rows.items()} == {s: r["score"] for s, r in first.items()}
    log = (course / "reports" / ASSIGNMENT / "graded-this-run.txt").read_text().split()
    failed = {student for student, row in first.items() if row["status"] == "failed"}
    assert failed and set(log) == {"student01"} | failed, "the changed and the failed are regraded"


def test_report_shows_each_question_and_the_most_common_wrong_answer(graded_class):
    course = graded_class["course"]
    result = guarantees("report", ASSIGNMENT, cwd=course, timeout=300)
    assert result.returncode == 0, result.stderr
    folder = course / "reports" / ASSIGNMENT
    html = (folder / "report.html").read_text(encoding="utf-8")
    for grade_id in ("a0-strike-test", "a0-attributed-test", "a0-after-1991-test"):
        assert grade_id in html
    assert "data:image/png;base64," in html and "Most common wrong answer" in html
    items = pd.read_csv(folder / "items.csv", index_col="grade_id")
    # odd-numbered ordinary students ticked nothing for a0-attributed: a wrong (empty) answer is
    # never saved, so the most common wrong answer comes from the wrong-type or edited cases
    assert items.loc["a0-strike-test", "difficulty"] > items.loc["a0-attributed-test", "difficulty"]
    students = pd.read_csv(folder / "students.csv", index_col="student_id")
    assert students.loc["student00", "total"] == 5


def test_export_has_a_row_per_student_and_the_points(graded_class):
    course = graded_class["course"]
    output = course / "reports" / "export.csv"
    result = guarantees("export", "--output", str(output), cwd=course, timeout=300)
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(output, dtype=str, keep_default_na=False)
    assert table.iloc[0]["student_id"] == "Points possible"
    column = f"{ASSIGNMENT} (11 points)"
    assert table.iloc[0][column] == "11"
    rows = table.set_index("student_id")
    graded = {s: r for s, r in graded_class["rows"].items() if r["status"] == "graded"}
    for student, row in graded.items():
        assert float(rows.loc[student, column]) == float(row["score"]), student


def test_regrading_keeps_what_a_grader_entered(graded_class):
    course = graded_class["course"]
    url = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(url) as gradebook:
        note = gradebook.find_grade("a0-correction-note", ASSIGNMENT, ASSIGNMENT, "student02")
        note.manual_score = 3.5
        override = gradebook.find_grade("a0-strike-test", ASSIGNMENT, ASSIGNMENT, "student02")
        override.manual_score = 1.0
        comment = gradebook.find_comment("a0-correction-note", ASSIGNMENT, ASSIGNMENT, "student02")
        comment.manual_comment = "Name a second source."
        gradebook.db.commit()
        automatic = gradebook.find_submission(ASSIGNMENT, "student02").score - 3.5 - 1.0 + 2
    stamp = course / "submitted" / "student02" / ASSIGNMENT / "timestamp.txt"
    stamp.write_text("2026-11-28 11:00:00.000000 UTC")
    result, rows = grade(course, "--workers", "1", "--student", "student02")
    assert result.returncode == 0, result.stdout + result.stderr
    with Gradebook(url) as gradebook:
        note = gradebook.find_grade("a0-correction-note", ASSIGNMENT, ASSIGNMENT, "student02")
        override = gradebook.find_grade("a0-strike-test", ASSIGNMENT, ASSIGNMENT, "student02")
        comment = gradebook.find_comment("a0-correction-note", ASSIGNMENT, ASSIGNMENT, "student02")
        assert (note.manual_score, override.manual_score) == (3.5, 1.0)
        assert override.auto_score == 2 and override.needs_manual_grade, "overridden: review"
        assert comment.manual_comment == "Name a second source."
        submission = gradebook.find_submission(ASSIGNMENT, "student02")
        assert submission.score == automatic - 2 + 1.0 + 3.5
        assert str(submission.timestamp).startswith("2026-11-28 11:00:00")
    assert float(rows["student02"]["score"]) == submission.score


def test_grades_come_home_from_a_worker_without_overwriting_a_grader(graded_class, tmp_path):
    """A grader scores by hand while a worker regrades from its older copy of the gradebook."""
    course_db, worker_db = tmp_path / "course.db", tmp_path / "worker.db"
    shutil.copy(graded_class["course"] / "gradebook.db", course_db)
    shutil.copy(course_db, worker_db)

    def grade_of(path: Path, grade_id: str):
        with Gradebook(f"sqlite:///{path}") as gradebook:
            found = gradebook.find_grade(grade_id, ASSIGNMENT, ASSIGNMENT, "student04")
            return found.auto_score, found.manual_score, found.needs_manual_grade

    with Gradebook(f"sqlite:///{worker_db}") as gradebook:  # the worker regrades
        gradebook.find_grade("a0-strike-test", ASSIGNMENT, ASSIGNMENT, "student04").auto_score = 0
        gradebook.db.commit()
    with Gradebook(f"sqlite:///{course_db}") as gradebook:  # meanwhile, the grader
        gradebook.find_grade("a0-strike-test", ASSIGNMENT, ASSIGNMENT, "student04").manual_score = 1
        gradebook.db.commit()
    copy_grades_home(course_db, worker_db, ASSIGNMENT, "student04")
    assert grade_of(course_db, "a0-strike-test") == (0, 1, True)
    assert grade_of(course_db, "a0-attributed-test") == grade_of(worker_db, "a0-attributed-test")

    with Gradebook(f"sqlite:///{course_db}") as gradebook:  # recreated under the run
        gradebook.remove_submission(ASSIGNMENT, "student04")
        gradebook.add_submission(ASSIGNMENT, "student04")
    with pytest.raises(GradebookChanged, match="grade it again"):
        copy_grades_home(course_db, worker_db, ASSIGNMENT, "student04")


def test_every_awarding_score_is_set_outside_from_the_snapshot_and_the_key(graded_class, tmp_path):
    """A forged score is lowered and a sabotaged one raised: each awarding test's score is set
    from the submission as handed in (widgets) or the recorded value, and the key."""
    course = graded_class["course"]
    copy = tmp_path / "gradebook.db"
    shutil.copy(course / "gradebook.db", copy)
    url = f"sqlite:///{copy}"
    layout = Layout.of(course)
    tests = awarding_tests(layout.source(ASSIGNMENT))
    assert {(t.grade_id, t.by_value) for t in tests} == {
        ("a0-strike-test", False),
        ("a0-attributed-test", False),
        ("a0-after-1991-test", True),
    }
    points = {t.grade_id: t.points for t in tests}  # from the source's metadata
    keys = {ASSIGNMENT: read_answer_key(layout.answer_key(ASSIGNMENT, ASSIGNMENT))}
    with Gradebook(url) as gradebook:
        # student01 saved no a0-attributed answer (worth 0); student02 answered it all right
        gradebook.find_grade(
            "a0-attributed-test", ASSIGNMENT, ASSIGNMENT, "student01"
        ).auto_score = 3
        gradebook.find_grade(
            "a0-attributed-test", ASSIGNMENT, ASSIGNMENT, "student02"
        ).auto_score = 0
        gradebook.db.commit()
    for student in ("student01", "student02"):
        handed_in, graded = (
            layout.submitted(student, ASSIGNMENT),
            layout.autograded(student, ASSIGNMENT),
        )
        set_scores(url, ASSIGNMENT, student, score_submission(handed_in, graded, tests, keys))
    with Gradebook(url) as gradebook:
        lowered = gradebook.find_grade("a0-attributed-test", ASSIGNMENT, ASSIGNMENT, "student01")
        raised = gradebook.find_grade("a0-attributed-test", ASSIGNMENT, ASSIGNMENT, "student02")
        assert (lowered.auto_score, raised.auto_score) == (0, points["a0-attributed-test"])


def test_a_recreated_gradebook_is_filled_again(graded_class):
    course = graded_class["course"]
    (course / "gradebook.db").unlink()
    nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course, exchange=course / "exchange")
    result, rows = grade(course, "--workers", "2")
    regraded = (course / "reports" / ASSIGNMENT / "graded-this-run.txt").read_text().split()
    graded = {s for s, r in graded_class["rows"].items() if r["status"] in SCORED | {"failed"}}
    assert set(regraded) == graded, "results missing from the new gradebook are regraded"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        assert gradebook.find_submission(ASSIGNMENT, "student02").score == float(
            rows["student02"]["score"]
        )
