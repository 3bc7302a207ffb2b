"""From a source's parts to a notebook and its answer key.

A lesson's exercise becomes one cell that shows the exercise with its sealed key and its
explanation hidden (see :func:`guarantees.keys.hide_text`). An assignment's
exercise becomes a locked widget cell and a graded test cell; the Markdown just before a question
is its locked text cell. Cell ids follow one rule, written once here:

=====================  =======================  =========================================
cell                   id                       nbgrader
=====================  =======================  =========================================
lesson cell            ``cell-NN`` (position)   none
question text          ``<question>-text``      locked
written-answer rubric  ``<question>-rubric``    locked
exercise widget        ``<question>-widget``    locked
student's code         ``<question>-code``      solution
autograder test        ``<question>-test``      grade, points, locked
written answer         ``<question>``           grade, solution, points
any other cell         its ``:id:`` option      locked (``scratch``: none)
=====================  =======================  =========================================

Every cell of a question also carries ``metadata["guarantees"] = {"question": ..., "part": ...}``
(and a test that calls ``award_points`` says what it awards: ``"awards": "saved answer"`` or
``"value"``), which :mod:`guarantees.question_cells` reads.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from typing import Any

import nbformat
from nbformat import NotebookNode

from guarantees.authoring.calls import exercise_call
from guarantees.authoring.questions import Question, SourceError
from guarantees.authoring.sources import Part
from guarantees.keys import hide_text
from guarantees.scoring import seal_answer

KEY_FORMAT = {"format": "guarantees-answer-key", "version": 1}
NOTEBOOK_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}
HIDDEN = "### BEGIN HIDDEN TESTS\n{}\n### END HIDDEN TESTS"
AWARD = "from guarantees.grading import award_points\n\naward_points({})"
"""The hidden grading lines: students never see award_points, not even its import."""
_POINTS_IN_TEXT = re.compile(r"\((\d+(?:\.\d+)?) points?\b")


def salt_for(notebook: str, question_id: str) -> str:
    """The salt of a sealed key, derived from where the question lives (so rebuilds are stable).

    >>> salt_for("02_what_is_a_guarantee", "l2-veto")
    '328f53c3f245570e'
    """
    return hashlib.sha256(f"guarantees-salt\n{notebook}\n{question_id}".encode()).hexdigest()[:16]


def key_entry(kind: str, answer: Any, params: dict[str, Any]) -> dict[str, Any]:
    """One question's entry in an answer-key file."""
    return {"kind": kind, "answer": answer, **params}


def computed_answer(kind: str, answer: Any) -> Any:
    """A code question's key as the source gives it, or, for a ``bar_chart``, the values of
    the ``table.column`` it names, read from the datasets (the data own the figures)."""
    if kind != "bar_chart":
        return answer
    from guarantees.data import load_table

    table, column = str(answer).split(".", 1)
    return sorted(float(value) for value in load_table(table)[column].dropna())


def exercise_entry(question: Question) -> dict[str, Any]:
    return key_entry(question.kind, question.answer, question.key_params)


def key_document(entries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The answer-key file for the graded or self-check questions of one notebook."""
    return {**KEY_FORMAT, "questions": entries}


def lesson_notebook(name: str, parts: list[Part]) -> tuple[NotebookNode, dict[str, Any]]:
    """A self-check lesson and its plain key (kept for tests and instructors)."""
    cells = []
    for number, part in enumerate(parts):
        cell_id = part.options.get("id", f"cell-{number:02d}")
        if part.cell_type == "exercise":
            question = part.question
            key = seal_answer(
                question.kind,
                question.answer,
                salt=salt_for(name, question.question_id),
                **question.key_params,
            )
            if question.explanation:  # shown only after a try: kept out of plain sight
                question = replace(question, explanation=hide_text(question.explanation))
            cell = nbformat.v4.new_code_cell(exercise_call("lesson", question, key), id=cell_id)
            cell.metadata["guarantees"] = {"question": question.question_id, "part": "exercise"}
        else:
            cell = _plain_cell(part, cell_id)
        cells.append(cell)
    entries = {
        part.question.question_id: exercise_entry(part.question)
        for part in parts
        if part.cell_type == "exercise"
    }
    return _notebook(cells), key_document(entries)


def assignment_notebook(name: str, parts: list[Part]) -> tuple[NotebookNode, dict[str, Any]]:
    """An nbgrader source notebook (solutions, hidden tests, points) and its answer key."""
    cells, graded = [], {}
    for number, part in enumerate(parts):
        following = parts[number + 1] if number + 1 < len(parts) else None
        if part.cell_type == "exercise":
            cells += _exercise_cells(part.question)
            graded[part.question.question_id] = exercise_entry(part.question)
        elif part.cell_type == "markdown" and part.options.get("part") != "written":
            cells.append(_text_cell(part, following, name))
        else:
            cells.append(_question_cell(part, name))
            if part.options.get("answer") is not None:
                options = part.options
                answer = computed_answer(options["kind"], options["answer"])
                tolerance = options.get("tolerance")
                graded[options["question"]] = key_entry(
                    options["kind"], answer, {} if tolerance is None else {"tolerance": tolerance}
                )
    _check_points(parts, name)
    return _notebook(cells), key_document(graded)


def _exercise_cells(question: Question) -> list[NotebookNode]:
    qid = question.question_id
    if question.points is None:
        raise SourceError(f"exercise {qid!r}: an assignment question needs :points:")
    # a graded question is never checked in the notebook, so an explanation would only tell its key
    shown = replace(question, explanation=None)
    widget = nbformat.v4.new_code_cell(exercise_call("assignment", shown), id=f"{qid}-widget")
    widget.metadata = _metadata(f"{qid}-widget", qid, "widget")
    test_source = f'assignment.show_saved("{qid}")\n' + HIDDEN.format(
        AWARD.format(f'"{qid}", points={question.points!r}')
    )
    test = nbformat.v4.new_code_cell(test_source, id=f"{qid}-test")
    test.metadata = _metadata(f"{qid}-test", qid, "test", grade=True, points=question.points)
    test.metadata["guarantees"]["awards"] = "saved answer"
    return [widget, test]


def _text_cell(part: Part, following: Part | None, notebook: str) -> NotebookNode:
    """A locked Markdown cell; just before a question it is that question's text or rubric."""
    qid = following.question_id if following else None
    derived = None
    if qid:
        derived = f"{qid}-rubric" if following.options.get("part") == "written" else f"{qid}-text"
    cell_id = part.options.get("id") or derived
    if cell_id is None:
        raise SourceError(f"{notebook}: give this Markdown cell an id: {part.source[:60]!r}")
    cell = nbformat.v4.new_markdown_cell(part.source, id=cell_id)
    cell.metadata = _metadata(cell_id, qid, "text" if qid else None)
    return cell


def _question_cell(part: Part, notebook: str) -> NotebookNode:
    """A code cell, a test or a written answer of an assignment."""
    options, qid = part.options, part.options.get("question")
    role = options.get("part")
    if role == "scratch":
        return _plain_cell(part, options.get("id") or f"{notebook}-scratch")
    if qid is None:
        if role is not None or "id" not in options:
            raise SourceError(f"{notebook}: a cell needs :question: or :id:: {part.source[:60]!r}")
        cell = nbformat.v4.new_code_cell(part.source, id=options["id"])
        cell.metadata = _metadata(options["id"], None, None)
        return cell
    if role == "written":
        cell = nbformat.v4.new_markdown_cell(part.source, id=options.get("id", qid))
        cell.metadata = _metadata(
            cell.id, qid, "written", grade=True, solution=True, points=options["points"]
        )
        return cell
    source = part.source
    if role == "test" and options.get("value"):
        award = AWARD.format(f'"{qid}", points={options["points"]!r}, value={options["value"]}')
        source = f"{source}\n{HIDDEN.format(award)}"
    cell_id = options.get("id", f"{qid}-{role}")
    cell = nbformat.v4.new_code_cell(source, id=cell_id)
    if role == "test":
        cell.metadata = _metadata(cell_id, qid, "test", grade=True, points=options["points"])
        if options.get("value"):
            cell.metadata["guarantees"]["awards"] = "value"
    elif role == "code":
        cell.metadata = _metadata(cell_id, qid, "code", solution=True)
    else:
        cell.metadata = _metadata(cell_id, qid, None)
    return cell


def _plain_cell(part: Part, cell_id: str) -> NotebookNode:
    if part.cell_type == "markdown":
        return nbformat.v4.new_markdown_cell(part.source, id=cell_id)
    return nbformat.v4.new_code_cell(part.source, id=cell_id)


def _metadata(
    grade_id: str,
    question: str | None,
    role: str | None,
    *,
    grade: bool = False,
    solution: bool = False,
    points: float | None = None,
) -> dict[str, Any]:
    nbgrader = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
    }
    if points is not None:
        nbgrader["points"] = points
    metadata: dict[str, Any] = {"nbgrader": nbgrader}
    if question and role:
        metadata["guarantees"] = {"question": question, "part": role}
    return metadata


def _check_points(parts: list[Part], notebook: str) -> None:
    """A question's text that states its points ("(2 points)") must agree with its ``points``:
    the text is the last Markdown before the question's graded cell."""
    text = ""
    for part in parts:
        points = part.question.points if part.question else part.options.get("points")
        stated = _POINTS_IN_TEXT.findall(text)
        if points is not None and stated and float(stated[-1]) != float(points):
            raise SourceError(
                f"{notebook}: question {part.question_id!r} is worth {points} points, but the "
                f"text before it says {stated[-1]}"
            )
        if part.cell_type == "markdown" and part.options.get("part") != "written":
            text = part.source


def _notebook(cells: list[NotebookNode]) -> NotebookNode:
    ids = [cell.id for cell in cells]
    repeated = sorted({cell_id for cell_id in ids if ids.count(cell_id) > 1})
    if repeated:
        raise SourceError(f"cell ids used twice: {', '.join(repeated)} (give each cell its own id)")
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=NOTEBOOK_METADATA)
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    return notebook
