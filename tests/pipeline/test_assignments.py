"""Every assignment, graded for real: generate_assignment → students' work → ``guarantees
grade`` (nbgrader's autograde in sandboxes, two workers, scores set outside the kernel) →
generate_feedback, with the expected scores computed from the source notebook.

Four students per assignment, each answering through the same exercise objects the widgets use:
- ``perfect``: every widget question right (from the instructor's key), every code cell solved;
- ``blank``: nothing answered;
- ``partial``: the first half of the widget questions answered, one multiple-choice question with
  one right option left out (partial credit: right ticks minus wrong ticks, over right options,
  above what random ticks earn), no code;
- ``tamper``: nothing answered, every test cell edited to print full points, one deleted.
"""

from __future__ import annotations

import csv
import json
import math
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from helpers import ASSIGNMENTS, REGION, guarantees, make_course, nbgrader, run_notebook

from guarantees.grading import read_answer_key
from guarantees.kinds import MultipleChoiceKind
from guarantees.question_cells import question_cells

ASSIGNMENT_IDS = sorted(path.name for path in ASSIGNMENTS.iterdir() if path.is_dir())
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
STUDENTS = ("perfect", "blank", "partial", "tamper")


@dataclass
class Source:
    """What the tests need to know about one source assignment."""

    notebook: Path
    widgets: list[str] = field(default_factory=list)  # question ids, in order
    tests: dict[str, tuple[float, list[str]]] = field(default_factory=dict)  # id -> points, awards
    solutions: dict[str, str] = field(default_factory=dict)  # solution cell id -> solution code
    secrets: list[str] = field(default_factory=list)  # lines of solution and hidden-test regions

    @classmethod
    def read(cls, folder: Path) -> Source:
        notebook_path = next(folder.glob("*.ipynb"))
        source = cls(notebook_path)
        cells = nbformat.read(notebook_path, as_version=4).cells
        for linked in question_cells(cells):
            if linked.part == "widget":
                source.widgets.append(linked.question)
            if linked.part == "test":
                awards = [linked.question] if linked.awards else []
                source.tests[linked.grade_id] = (linked.points, awards)
        for cell in cells:
            meta = cell.metadata.get("nbgrader", {})
            regions = REGION.findall(cell.source)
            source.secrets += [
                line.strip()
                for _, body in regions
                for line in body.splitlines()
                if len(line.strip()) > 12
            ]
            if cell.cell_type == "code" and meta.get("solution") and not meta.get("grade"):
                source.solutions[meta["grade_id"]] = "".join(body for _, body in regions).strip()
        return source


def plan(source: Source, key: dict, student: str) -> tuple[list[str], dict[str, float]]:
    """Cells the student runs, and the fraction of each widget question they get right."""
    widgets = [(key[qid].kind, qid) for qid in source.widgets]
    if student in ("blank", "tamper"):
        return [], {}
    if student == "perfect":
        chosen = {qid: (key[qid].answer, 1.0) for _, qid in widgets}
    else:
        chosen, partial_done = {}, False
        for kind, qid in widgets[: math.ceil(len(widgets) / 2)]:
            answer = key[qid].answer
            if kind == "multiple_choice" and len(answer) > 1 and not partial_done:
                right, options = len(answer), key[qid].params["options"]
                credit = MultipleChoiceKind.credit((right - 1) / right, right, options=options)
                chosen[qid] = (answer[:-1], credit)
                partial_done = True
            else:
                chosen[qid] = (answer, 1.0)
    cells = [f"assignment[{qid!r}].answer({answer!r})" for qid, (answer, _) in chosen.items()]
    return cells, {qid: fraction for qid, (_, fraction) in chosen.items()}


def expected_score(source: Source, student: str, fractions: dict[str, float]) -> float:
    """Autograded points from the source's test cells and the documented scoring rules."""
    if student == "perfect":
        return sum(points for points, _ in source.tests.values())
    total = 0.0
    for points, awards in source.tests.values():
        if awards and all(qid in fractions for qid in awards):
            total += sum(round(points * fractions[qid], 2) for qid in awards)
    return total


def prepare_submission(course: Path, assignment: str, source: Source, student: str, key) -> dict:
    released = course / "release" / assignment
    folder = course / "submitted" / student / assignment
    shutil.copytree(released, folder)
    notebook_path = folder / source.notebook.name
    notebook = nbformat.read(notebook_path, as_version=4)
    kept, first_test = [], next(iter(source.tests))
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if student == "perfect" and grade_id in source.solutions:
            cell.source = cell.source.replace(CODE_STUB, source.solutions[grade_id])
        if student == "tamper" and grade_id in source.tests:
            cell.source = f"{source.tests[grade_id][0]}"  # prints full points
            if grade_id != first_test:  # and the first test cell is deleted
                kept.append(cell)
            continue
        kept.append(cell)
    notebook.cells = kept
    nbformat.write(notebook, notebook_path)
    cells, fractions = plan(source, key, student)
    executed = run_notebook(notebook_path, folder, cells, allow_errors=True)
    nbformat.write(executed, notebook_path)
    (folder / "timestamp.txt").write_text("2026-11-28 09:00:00.000000 UTC")
    return fractions


@pytest.fixture(scope="module", params=ASSIGNMENT_IDS)
def graded(request, tmp_path_factory):
    assignment = request.param
    course = make_course(tmp_path_factory.mktemp(assignment) / "course")
    exchange = course.parent / "exchange"
    source = Source.read(course / "assignments" / assignment)
    key_file = course / "answer_keys" / assignment / f"{source.notebook.stem}.json"
    key = read_answer_key(key_file)
    nbgrader("generate_assignment", assignment, "--force", cwd=course, exchange=exchange)
    fractions = {
        student: prepare_submission(course, assignment, source, student, key)
        for student in STUDENTS
    }
    graded = guarantees("grade", assignment, "--workers", "2", cwd=course, timeout=900)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    nbgrader("generate_feedback", assignment, "--force", cwd=course, exchange=exchange)
    with open(course / "reports" / assignment / "grades.csv", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    scores = {row["student_id"]: float(row["score"]) for row in rows}
    messages = {row["student_id"]: row["message"] for row in rows}
    return {
        "assignment": assignment,
        "course": course,
        "source": source,
        "key_file": key_file,
        "fractions": fractions,
        "scores": scores,
        "messages": messages,
    }


def test_release_holds_no_solution_hidden_test_or_key(graded):
    release = graded["course"] / "release" / graded["assignment"]
    text = "\n".join(p.read_text(encoding="utf-8") for p in release.glob("*.ipynb"))
    for line in graded["source"].secrets:
        assert line not in text, f"released notebook contains {line!r}"
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    assert not list(release.rglob("*.json")), "a key or answers file was released"
    assert "guarantees-answer-key" not in text


def test_scores_follow_the_source_points(graded):
    source, scores = graded["source"], graded["scores"]
    auto = sum(points for points, _ in source.tests.values())
    assert auto > 0 and set(scores) == set(STUDENTS)
    for student in STUDENTS:
        expected = expected_score(source, student, graded["fractions"][student])
        assert scores[student] == pytest.approx(expected), student
    assert scores["perfect"] == pytest.approx(auto)
    assert scores["blank"] == 0 and scores["tamper"] == 0
    assert 0 < scores["partial"] < auto


def test_feedback_for_every_student_and_no_solutions_in_it(graded):
    course, assignment = graded["course"], graded["assignment"]
    solutions = [line for line in graded["source"].secrets if "award_points" not in line]
    for student in STUDENTS:
        pages = list((course / "feedback" / student / assignment).glob("*.html"))
        assert pages, f"no feedback for {student}"
    blank = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (course / "feedback" / "blank" / assignment).glob("*.html")
    )
    for line in solutions:
        assert line not in blank, f"feedback shows solution text {line!r}"
    keys = json.loads(graded["key_file"].read_text(encoding="utf-8"))
    assert "guarantees-answer-key" not in blank and keys["format"] not in blank
