"""The whole nbgrader pipeline, for real: generate → release → fetch → answer → submit → collect →
autograde → generate_feedback → export, in a temporary course with a temporary exchange.

Students answer through the exercise objects the widgets are built on, in a real kernel. The
expected scores are computed from the source notebook's point metadata and the documented
partial-credit rules, never copied from a run.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import nbformat
import pytest
from helpers import (
    COURSE_ID,
    REGION,
    autograded_cells,
    make_course,
    nbgrader,
    outputs_text,
    practice_answer_cells,
    practice_scores,
    run_notebook,
    tree_digest,
)

ASSIGNMENT = "a0_practice"


def hidden_and_solution_lines(source: Path) -> list[str]:
    """Every non-trivial line inside a solution or hidden-test region of the source notebook."""
    lines = []
    for cell in json.loads(source.read_text(encoding="utf-8"))["cells"]:
        for _, body in REGION.findall("".join(cell["source"])):
            lines += [line.strip() for line in body.splitlines() if len(line.strip()) > 12]
    return lines


def fill_code(notebook_path: Path, plan: str, solution: str) -> None:
    """Write the student's code into the released code cell."""
    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "a0-after-1991-code":
            if plan == "perfect":
                cell.source = cell.source.replace("raise NotImplementedError()", solution)
            elif plan == "partial":
                cell.source = cell.source.replace(
                    "raise NotImplementedError()", "joined_after_1991 = 15"
                )
    nbformat.write(notebook, notebook_path)


def tamper(notebook_path: Path) -> None:
    """Edit one locked test cell to award itself points, and delete another."""
    notebook = nbformat.read(notebook_path, as_version=4)
    kept = []
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id == "a0-strike-test":
            cell.source = "2.0"
        if grade_id != "a0-attributed-test":
            kept.append(cell)
    notebook.cells = kept
    nbformat.write(notebook, notebook_path)


PLANS = {"alice": "perfect", "bob": "partial", "carol": "blank", "mallory": "tamper"}


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    base = tmp_path_factory.mktemp("pipeline")
    course = make_course(base / "course")
    exchange = base / "exchange"
    source = course / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    key = json.loads((course / "answer_keys" / ASSIGNMENT / f"{ASSIGNMENT}.json").read_text())

    # The instructor tries the source notebook, answering a question: those answers must not
    # be released.
    run_notebook(
        source,
        source.parent,
        [f"assignment['a0-strike'].answer({key['questions']['a0-strike']['answer']!r})"],
    )
    assert (course / ".instructor-answers" / ASSIGNMENT / f"{ASSIGNMENT}.answers.json").exists()

    nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course, exchange=exchange)
    nbgrader("release_assignment", ASSIGNMENT, "--force", cwd=course, exchange=exchange)

    code_solution = next(
        body
        for cell in json.loads(source.read_text())["cells"]
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "a0-after-1991-code"
        for _, body in REGION.findall("".join(cell["source"]))
    ).strip()

    student_args = [f"--course={COURSE_ID}", f"--Exchange.root={exchange}"]
    for student, plan in PLANS.items():
        home = base / "home" / student
        home.mkdir(parents=True)
        nbgrader("fetch_assignment", ASSIGNMENT, *student_args, cwd=home, exchange=exchange)
        work = home / ASSIGNMENT
        notebook_path = work / f"{ASSIGNMENT}.ipynb"
        fill_code(notebook_path, plan, code_solution)
        if plan == "tamper":
            tamper(notebook_path)
        executed = run_notebook(
            notebook_path, work, practice_answer_cells(plan, key), allow_errors=True
        )
        nbformat.write(executed, notebook_path)
        nbgrader(
            "submit", ASSIGNMENT, f"--student={student}", *student_args, cwd=home, exchange=exchange
        )

    nbgrader("collect", ASSIGNMENT, cwd=course, exchange=exchange)
    submitted_before = tree_digest(course / "submitted")
    nbgrader("autograde", ASSIGNMENT, "--force", cwd=course, exchange=exchange)
    nbgrader("generate_feedback", ASSIGNMENT, "--force", cwd=course, exchange=exchange)
    nbgrader("export", cwd=course, exchange=exchange)
    return {
        "course": course,
        "source": source,
        "submitted_before": submitted_before,
    }


def test_release_has_no_solution_hidden_test_or_saved_answers(graded_course):
    release = graded_course["course"] / "release" / ASSIGNMENT
    text = (release / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8")
    for line in hidden_and_solution_lines(graded_course["source"]):
        assert line not in text, f"released notebook contains {line!r}"
    assert "BEGIN HIDDEN" not in text and "BEGIN SOLUTION" not in text
    assert not list(release.rglob("*.answers.json")), "saved answers were released"
    assert not list(release.rglob("*.json")), "a key file was released"


def test_answers_travel_with_submission_and_submissions_are_untouched(graded_course):
    course = graded_course["course"]
    for student, plan in PLANS.items():
        answers = course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.answers.json"
        assert answers.exists() == (plan in {"perfect", "partial"}), student
    assert tree_digest(course / "submitted") == graded_course["submitted_before"]


def test_export_scores_match_the_source_points(graded_course):
    scores = practice_scores(graded_course["source"])
    scores["tamper"] = 0.0  # no answers, and her edited and deleted test cells are put back
    assert scores["perfect"] > scores["partial"] > 0
    expected = {student: scores[plan] for student, plan in PLANS.items()}
    with open(graded_course["course"] / "grades.csv", encoding="utf-8") as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    assert set(rows) == set(PLANS)
    for student, score in expected.items():
        assert float(rows[student]["raw_score"]) == pytest.approx(score), student


def test_tampered_test_cells_are_restored_and_graded(graded_course):
    autograded = graded_course["course"] / "autograded" / "mallory" / ASSIGNMENT
    notebook = nbformat.read(autograded / f"{ASSIGNMENT}.ipynb", as_version=4)
    grade_ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in notebook.cells]
    assert "a0-attributed-test" in grade_ids, "the deleted test cell was not restored"
    strike = next(
        c for c in notebook.cells if c.metadata["nbgrader"].get("grade_id") == "a0-strike-test"
    )
    assert "award_points" in strike.source, "the edited test cell was not restored"


def test_feedback_for_every_student_without_solutions(graded_course):
    course = graded_course["course"]
    secret_lines = hidden_and_solution_lines(graded_course["source"])
    solutions = [line for line in secret_lines if "award_points" not in line]
    for student in PLANS:
        pages = list((course / "feedback" / student / ASSIGNMENT).glob("*.html"))
        assert pages, f"no feedback for {student}"
        if student == "carol":
            page = pages[0].read_text(encoding="utf-8")
            for line in solutions:
                assert line not in page, f"feedback shows solution text {line!r}"


def test_hidden_test_messages_help_without_revealing(graded_course):
    autograded = graded_course["course"] / "autograded" / "bob" / ASSIGNMENT
    notebook = nbformat.read(autograded / f"{ASSIGNMENT}.ipynb", as_version=4)
    text = outputs_text(notebook)
    points = practice_scores(graded_course["source"])["partial"]
    attributed = points - autograded_cells(graded_course["source"])["a0-strike-test"]
    assert (
        f"a0-attributed: {attributed:g} of 3 points. 2 of 3 right options ticked, and 1 that do "
        "not apply" in text
    )
    assert "a0-after-1991: 0 of 2 points" in text
    assert "Traceback" not in text.split("a0-after-1991")[0]
