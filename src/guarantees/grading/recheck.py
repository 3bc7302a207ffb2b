"""Check autograded scores outside the student's kernel.

A hidden test runs in the same kernel as the student's code, so that code can change what the
test does (for instance by replacing ``award_points``), and nbgrader gives full credit to a test
cell that shows no result at all. For every test cell that awards one question, the points are
computed again here, away from the student's code: from the answers file *as submitted* for a
widget question, or from the value the genuine ``award_points`` recorded in the cell's output.
A recorded score higher than that is lowered to it, and the student's row in ``grades.csv`` says
so: the lowered score is what the answer earns, but how it came about deserves a look.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from guarantees import question_cells, scoring
from guarantees.answers import AnswerStore
from guarantees.grading.answer_keys import read_answer_key
from guarantees.grading.hidden_tests import GRADED_VALUE
from guarantees.layout import Layout


@dataclass(frozen=True)
class AwardingTest:
    """A test cell whose score is ``award_points`` for one question."""

    notebook: str
    grade_id: str
    question: str
    points: float
    by_value: bool


def awarding_tests(source: Path) -> list[AwardingTest]:
    """The test cells of a source assignment that award one question (as ``guarantees build``
    marks them)."""
    return [
        AwardingTest(path.stem, cell.grade_id, cell.question, cell.points, cell.awards == "value")
        for path in sorted(source.glob("*.ipynb"))
        for cell in question_cells.awarding_tests(path)
    ]


def recheck_scores(
    layout: Layout, assignment: str, student: str, db_url: str, tests: list[AwardingTest]
) -> list[str]:
    """Recompute each awarding test's points; lower any score above them, saying so."""
    problems = []
    keys = {
        name: read_answer_key(layout.answer_key(assignment, name))
        for name in {test.notebook for test in tests}
    }
    with Gradebook(db_url) as gradebook:
        for test in tests:
            grade = gradebook.find_grade(test.grade_id, test.notebook, assignment, student)
            earned = _earned(layout, assignment, student, test, keys[test.notebook])
            if grade.auto_score is None or grade.auto_score <= earned + 0.005:
                continue
            problems.append(
                f"{test.grade_id}: {grade.auto_score:g} points came out of the notebook, but "
                f"the answer earns {earned:g}: code in the notebook changed the grading "
                f"(scored {earned:g})"
            )
            grade.auto_score = earned
        gradebook.db.commit()
    return problems


def _earned(layout: Layout, assignment: str, student: str, test: AwardingTest, key: dict) -> float:
    entry = key.get(test.question)
    if entry is None:
        return 0.0
    if not test.by_value:
        answers = layout.saved_answers(student, assignment, test.notebook)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            store = AnswerStore(answers, test.notebook, read_only=True)
            saved = store.get(test.question) if answers.is_file() else None
        return scoring.saved_points(entry, saved, test.points)[0]
    graded = layout.autograded(student, assignment) / f"{test.notebook}.ipynb"
    for cell in nbformat.read(graded, as_version=4).cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") != test.grade_id:
            continue
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get(GRADED_VALUE)
            if record and record.get("question") == test.question:
                return scoring.points(entry, record["value"], test.points)[0]
    return 0.0  # nothing recorded: the genuine award_points did not grade this cell
