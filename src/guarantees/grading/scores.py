"""Set every autograded score outside the student's kernel.

The notebook runs in a sandbox where the key is out of reach and the hidden tests only record
(``hidden_tests.py``). Here, away from the student's code, each test cell that awards one
question gets its score **set** (raised or lowered) from the instructor's key and:

* for a widget question, the answer saved in the submission *as handed in* (the grader's copy,
  taken before any of the student's code ran);
* for a value computed by the student's code, the value the kernel recorded in the cell's
  output, validated: a record is a small JSON object naming the question, and the value must be
  an answer of the question's kind (type, finite, bounded).

What the cell printed or returned in the kernel counts for nothing, so neither sabotage (a
replaced ``award_points``) nor forgery (a fake score) changes a score.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from guarantees import question_cells, scoring
from guarantees.answers import AnswerStore, SavedAnswer
from guarantees.bounded_json import depth
from guarantees.grading.hidden_tests import GRADED_VALUE, MAX_RECORD_CHARACTERS
from guarantees.layout import ANSWERS_SUFFIX

RECORD_DEPTH = 8


@dataclass(frozen=True)
class AwardingTest:
    """A test cell whose score is ``award_points`` for one question."""

    notebook: str
    grade_id: str
    question: str
    points: float
    by_value: bool


@dataclass(frozen=True)
class Award:
    """The points one awarding test earns, and why, in words for the student."""

    test: AwardingTest
    earned: float
    message: str

    @property
    def line(self) -> str:
        return (
            f"{self.test.question}: {self.earned:g} of {self.test.points:g} points. {self.message}"
        )


def awarding_tests(source: Path) -> list[AwardingTest]:
    """The test cells of a source assignment that award one question (as ``guarantees build``
    marks them)."""
    return [
        AwardingTest(path.stem, cell.grade_id, cell.question, cell.points, cell.awards == "value")
        for path in sorted(source.glob("*.ipynb"))
        for cell in question_cells.awarding_tests(path)
    ]


def score_submission(
    handed_in: Path, graded: Path, tests: list[AwardingTest], keys: dict[str, dict]
) -> list[Award]:
    """What each awarding test earns: ``handed_in`` is the submission as handed in, ``graded``
    the folder of its autograded notebooks."""
    awards = []
    for test in tests:
        entry = keys.get(test.notebook, {}).get(test.question)
        if entry is None:
            awards.append(Award(test, 0.0, "This question has no key: ask your instructor."))
        elif test.by_value:
            value = recorded_value(graded / f"{test.notebook}.ipynb", test)
            if value is None:
                awards.append(Award(test, 0.0, "No answer was recorded: the cell did not run."))
            else:
                awards.append(Award(test, *scoring.points(entry, value, test.points)))
        else:
            saved = _saved_answer(handed_in / f"{test.notebook}{ANSWERS_SUFFIX}", test)
            awards.append(Award(test, *scoring.saved_points(entry, saved, test.points)))
    return awards


def recorded_value(notebook: Path, test: AwardingTest) -> object | None:
    """The last valid record of ``test``'s question in its cell's output, or None."""
    found = None
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") != test.grade_id:
            continue
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get(GRADED_VALUE)
            if _valid_record(record, test.question):
                found = record["value"]
    return found


def _valid_record(record: object, question: str) -> bool:
    if not isinstance(record, dict) or record.get("question") != question or "value" not in record:
        return False
    try:
        size = len(json.dumps(record, allow_nan=False))
    except (TypeError, ValueError, RecursionError):
        return False
    return size <= MAX_RECORD_CHARACTERS + 200 and depth(record) <= RECORD_DEPTH


def _saved_answer(path: Path, test: AwardingTest) -> SavedAnswer | None:
    if not path.is_file():
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return AnswerStore(path, test.notebook, read_only=True).get(test.question)


def set_scores(db_url: str, assignment: str, student: str, awards: list[Award]) -> None:
    """Write each award as its test cell's autograded score."""
    with Gradebook(db_url) as gradebook:
        for award in awards:
            test = award.test
            grade = gradebook.find_grade(test.grade_id, test.notebook, assignment, student)
            grade.auto_score = award.earned
        gradebook.db.commit()
