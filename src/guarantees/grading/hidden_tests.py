"""What nbgrader's hidden tests call: read a student's *saved* answer and award points.

A hidden test cell ends with ``award_points(...)``, so its output is the points earned, which
nbgrader takes as partial credit. Messages go to standard output only: nbgrader scores a test
cell 0 if anything reaches standard error. The key is read from the instructor's
``answer_keys/`` folder, so the test's source (which students see in feedback) holds none.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

from guarantees import scoring
from guarantees.answers import AnswerStore
from guarantees.grading.answer_keys import read_answer_key
from guarantees.layout import answer_key_path, answers_path

NOT_GIVEN: Any = object()
GRADED_VALUE = "application/vnd.guarantees.graded-value+json"
"""The output type that records a value graded by ``award_points``."""


def award_points(question_id: str, *, points: float, value: Any = NOT_GIVEN) -> float:
    """Points earned on one question, out of ``points``, with a message for the student.

    Without ``value`` the answer is the one saved by the question's widget; with ``value`` (a
    result computed by the student's code) that value is graded instead, and recorded in the
    cell's output so that ``guarantees grade`` can check the score outside the kernel.
    """
    from guarantees.worksheets import current_worksheet  # widgets: in the kernel only

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        notebook = current_worksheet().notebook
        entry = read_answer_key(answer_key_path(notebook)).get(question_id)
        if entry is None:
            raise KeyError(f"{question_id!r} has no entry in the answer key of {notebook}")
        if value is NOT_GIVEN:
            saved = AnswerStore(answers_path(notebook), notebook, read_only=True).get(question_id)
            earned, message = scoring.saved_points(entry, saved, points)
        else:
            earned, message = scoring.points(entry, value, points)
            _record(question_id, entry, value)
    print(f"{question_id}: {earned:g} of {points:g} points. {message}")
    return earned


def _record(question_id: str, entry: scoring.KeyEntry, value: Any) -> None:
    """Put the graded value in the cell's output, as data no notebook view shows."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display

    if not InteractiveShell.initialized():
        return
    try:
        answer = json.loads(json.dumps(scoring.kind_named(entry.kind).coerce(value)))
    except (TypeError, ValueError):
        return  # not gradable: scored 0 in the kernel too
    display({GRADED_VALUE: {"question": question_id, "value": answer}}, raw=True)
