"""Which cells of a notebook belong to which question, read from the metadata that
``guarantees build`` writes on every generated cell (see :mod:`guarantees.authoring.notebooks`).

This is the one place that links questions to cells: the course map counts a lesson's exercises
with it, and grading finds the test cell that awards each question with it.

>>> import nbformat
>>> cell = nbformat.v4.new_code_cell("...", id="q1-test")
>>> cell.metadata = {"nbgrader": {"grade": True, "grade_id": "q1-test", "points": 2},
...                  "guarantees": {"question": "q1", "part": "test", "awards": "value"}}
>>> [(c.question, c.part, c.grade_id, c.points, c.awards) for c in question_cells([cell])]
[('q1', 'test', 'q1-test', 2.0, 'value')]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class QuestionCell:
    """One cell of one question."""

    question: str
    part: str
    """exercise (a lesson's), text, widget, code, test or written."""
    cell_id: str
    grade_id: str | None = None
    points: float | None = None
    awards: str | None = None
    """For a test that calls ``award_points``: "saved answer" or "value"."""


def question_cells(cells: Iterable[Mapping[str, Any]]) -> list[QuestionCell]:
    """The cells (nbformat's or plain JSON) that belong to a question, in notebook order."""
    found = []
    for cell in cells:
        mark = cell.get("metadata", {}).get("guarantees")
        if not mark:
            continue
        nbgrader = cell["metadata"].get("nbgrader", {})
        points = nbgrader.get("points")
        found.append(
            QuestionCell(
                question=mark["question"],
                part=mark["part"],
                cell_id=cell.get("id", ""),
                grade_id=nbgrader.get("grade_id"),
                points=None if points is None else float(points),
                awards=mark.get("awards"),
            )
        )
    return found


def read_question_cells(path: Path) -> list[QuestionCell]:
    """The question cells of the notebook at ``path`` (read as JSON: nbformat is not needed,
    so a browser kernel's course map can count exercises)."""
    return question_cells(json.loads(Path(path).read_text(encoding="utf-8"))["cells"])


def exercise_ids(path: Path) -> list[str]:
    """The exercises of a lesson notebook, in order."""
    return [cell.question for cell in read_question_cells(path) if cell.part == "exercise"]


def awarding_tests(path: Path) -> list[QuestionCell]:
    """The test cells of an assignment notebook whose score ``award_points`` gives."""
    return [cell for cell in read_question_cells(path) if cell.part == "test" and cell.awards]
