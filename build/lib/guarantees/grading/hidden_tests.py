"""What nbgrader's hidden tests call: read a student's *saved* answer and award points.

A hidden test cell ends with ``award_points(...)``, so its output is the points earned, which
nbgrader takes as partial credit. Messages go to standard output only: nbgrader scores a test
cell 0 if anything reaches standard error. The key is read from the instructor's
``answer_keys/`` folder, so the test's source (which students see in feedback) holds none.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from guarantees.answers import AnswerStore
from guarantees.course import answer_key_path, answers_path
from guarantees.exercises import kind_named
from guarantees.grading.answer_keys import read_answer_key
from guarantees.keys import PlainKey
from guarantees.worksheets import current_worksheet

NOT_GIVEN: Any = object()


def award_points(question_id: str, *, points: float, value: Any = NOT_GIVEN) -> float:
    """Points earned on one question, out of ``points``, with a message for the student.

    Without ``value`` the answer is the one saved by the question's widget; with ``value`` (a
    result computed by the student's code) that value is graded instead.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        notebook = current_worksheet().notebook
        assignment = Path.cwd().name
        entry = read_answer_key(answer_key_path(notebook, assignment)).get(question_id)
        if entry is None:
            raise KeyError(f"{question_id!r} has no entry in the answer key of {notebook}")
        kind = kind_named(entry.kind)
        if value is NOT_GIVEN:
            saved = AnswerStore(answers_path(notebook), notebook, read_only=True).get(question_id)
            if saved is None:
                return _report(question_id, 0.0, points, "No saved answer was found.")
            if saved.kind != entry.kind:
                return _report(question_id, 0.0, points, "The saved answer is of the wrong kind.")
            value = saved.value
        try:
            answer = kind.coerce(value)
        except (TypeError, ValueError) as error:
            return _report(question_id, 0.0, points, f"The answer cannot be graded: {error}.")
        key = PlainKey.of(kind.facts(entry.answer, **entry.params))
        score = kind.score(answer, key, **entry.params)
        earned = min(float(points), round(float(points) * score.fraction, 2))
        return _report(
            question_id, earned, points, f"{score.summary[0].upper()}{score.summary[1:]}."
        )


def _report(question_id: str, earned: float, points: float, message: str) -> float:
    print(f"{question_id}: {earned:g} of {points:g} points. {message}")
    return earned
