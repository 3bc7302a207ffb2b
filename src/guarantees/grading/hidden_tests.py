"""What nbgrader's hidden tests call: record what is graded and, with the key in reach, score it.

A hidden test cell ends with ``award_points(...)``. In ``guarantees grade`` the notebook runs in
a sandbox without any answer key (``GUARANTEES_SANDBOX`` is set): the call only *records*. A value
computed by the student's code goes into the cell's output as data (``GRADED_VALUE``); a widget
answer needs no record, since the grader reads it from the submission as handed in. The grader
then sets every awarding test's score outside the kernel (``scores.py``), so nothing the
student's code does in the kernel changes a score.

Outside a sandbox (an instructor trying a source notebook, or plain ``nbgrader autograde`` on
trusted code) the key is read from the course's ``answer_keys/`` folder and the points are the
cell's result, as nbgrader expects. Messages go to standard output only: nbgrader scores a test
cell 0 if anything reaches standard error.
"""

from __future__ import annotations

import dataclasses
import json
import os
import warnings
from typing import Any

from guarantees import scoring
from guarantees.answers import AnswerStore
from guarantees.grading.answer_keys import read_answer_key
from guarantees.layout import answer_key_path, answers_path

NOT_GIVEN: Any = object()
GRADED_VALUE = "application/vnd.guarantees.graded-value+json"
"""The output type that records a value graded by ``award_points``."""
SANDBOX_VARIABLE = "GUARANTEES_SANDBOX"
MAX_RECORD_CHARACTERS = 65_536


def award_points(question_id: str, *, points: float, value: Any = NOT_GIVEN) -> float:
    """Record one question's answer and return the points it earns out of ``points`` (0 in a
    sandbox, where the grader scores it outside the kernel).

    Without ``value`` the answer is the one saved by the question's widget; with ``value`` (a
    result computed by the student's code) that value is graded instead, and recorded in the
    cell's output.
    """
    if value is not NOT_GIVEN:
        _record(question_id, value)
    if os.environ.get(SANDBOX_VARIABLE):
        print(f"{question_id}: answer recorded; the grader scores it.")
        return 0.0
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
    print(f"{question_id}: {earned:g} of {points:g} points. {message}")
    return earned


def recordable(value: Any) -> Any:
    """``value`` as JSON data: numbers, texts, lists and dicts as they are; numpy and pandas
    scalars as Python numbers; a dataclass (a ``Scenario``) as its fields; a matplotlib Axes as
    the facts of its chart. ``TypeError`` for anything else.

    >>> recordable((1, 2.5, "x"))
    [1, 2.5, 'x']
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [recordable(item) for item in value]
    if isinstance(value, dict):
        return {str(name): recordable(item) for name, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return recordable(dataclasses.asdict(value))
    if hasattr(value, "get_ylabel") and hasattr(value, "patches"):
        return _chart_facts(value)
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:  # numpy or pandas scalar
        return recordable(value.item())
    if hasattr(value, "tolist"):  # numpy array, pandas series
        return recordable(value.tolist())
    raise TypeError(f"cannot record a {type(value).__name__}")


def _chart_facts(ax: Any) -> dict[str, Any]:
    """What grading needs of a bar chart: its bars, labels and horizontal lines."""
    bars = [patch for patch in ax.patches if hasattr(patch, "get_height")]
    lines = [line.get_ydata() for line in ax.lines]
    return {
        "heights": [float(bar.get_height()) for bar in bars],
        "labels": [label.get_text() for label in ax.get_xticklabels()],
        "title": ax.get_title(),
        "xlabel": ax.get_xlabel(),
        "ylabel": ax.get_ylabel(),
        "lines": [float(ys[0]) for ys in lines if len(set(map(float, ys))) == 1],
    }


def _record(question_id: str, value: Any) -> None:
    """Put the value in the cell's output, as data no notebook view shows."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display

    if not InteractiveShell.initialized():
        return
    try:
        answer = recordable(value)
        text = json.dumps(answer, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as error:
        print(f"{question_id}: the answer cannot be recorded ({error}).")
        return
    if len(text) > MAX_RECORD_CHARACTERS:
        print(f"{question_id}: the answer is too large to record.")
        return
    display({GRADED_VALUE: {"question": question_id, "value": answer}}, raw=True)
