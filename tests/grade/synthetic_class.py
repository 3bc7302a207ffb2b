"""A synthetic class for the practice assignment: ordinary students and every kind of bad
submission a real class produces. Shared by the grading tests and the benchmark."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from guarantees.answers import AnswerStore
from guarantees.grading import read_answer_key
from guarantees.layout import Layout

ASSIGNMENT = "a0_practice"
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"


def write_submission(layout: Layout, student: str, code: str, answers: dict | None) -> Path:
    folder = layout.submitted(student, ASSIGNMENT)
    folder.mkdir(parents=True)
    released = layout.release(ASSIGNMENT) / f"{ASSIGNMENT}.ipynb"
    notebook = nbformat.read(released, as_version=4)
    for cell in notebook.cells:
        cell.source = cell.source.replace(CODE_STUB, code)
    nbformat.write(notebook, folder / f"{ASSIGNMENT}.ipynb")
    if answers is not None:
        saved = layout.saved_answers(student, ASSIGNMENT, ASSIGNMENT)
        store = AnswerStore(saved, ASSIGNMENT, read_only=False)
        for question_id, (kind, value) in answers.items():
            store.save(question_id, kind, value)
    (folder / "timestamp.txt").write_text("2026-11-28 09:00:00.000000 UTC")
    return folder


def build_class(course: Path, ordinary: int = 8) -> dict[str, dict]:
    """Write submissions where nbgrader's ``submitted`` step is in the course's layout; return,
    per student, what to expect."""
    layout = Layout.of(course)
    key = read_answer_key(layout.answer_key(ASSIGNMENT, ASSIGNMENT))
    strike, attributed = key["a0-strike"], key["a0-attributed"]
    right = {
        "a0-strike": ("single_choice", strike.answer),
        "a0-attributed": ("multiple_choice", attributed.answer),
    }
    solved = f"joined_after_1991 = {key['a0-after-1991'].answer}"
    expected: dict[str, dict] = {}
    for number in range(ordinary):
        student = f"student{number:02d}"
        answers = dict(right) if number % 2 == 0 else {"a0-strike": right["a0-strike"]}
        code = solved if number % 3 else "joined_after_1991 = 15"
        write_submission(layout, student, code, answers)
        expected[student] = {
            "status": "graded",
            "score": 2 + (3 if number % 2 == 0 else 0) + (2 if number % 3 else 0),
        }

    def bad(student: str, status: str, note: str, **kwargs) -> Path:
        folder = write_submission(
            layout, student, kwargs.get("code", solved), kwargs.get("answers", right)
        )
        expected[student] = {"status": status, "note": note, "score": kwargs.get("score", 7)}
        return folder

    notebook_file = f"{ASSIGNMENT}.ipynb"
    folder = bad("corrupt", "invalid", "not valid JSON", score=0)
    (folder / notebook_file).write_text("{ this is not json")
    folder = bad("truncated", "invalid", "not valid JSON", score=0)
    text = (folder / notebook_file).read_text()
    (folder / notebook_file).write_text(text[: len(text) // 2])
    folder = bad("latin1", "invalid", "not UTF-8", score=0)
    (folder / notebook_file).write_bytes("é".encode("latin-1") + b'{"cells": []}')
    folder = bad("no-notebook", "invalid", "is missing", score=0)
    (folder / notebook_file).unlink()
    folder = bad("edited-test", "flagged", "was edited")
    _edit(folder / notebook_file, "a0-strike-test", lambda cell: "2.0")
    folder = bad("deleted-test", "flagged", "was deleted")
    _edit(folder / notebook_file, "a0-attributed-test", None)
    bad("endless-loop", "flagged", "time limit", code="while True:\n    pass", score=5)
    bad("huge-output", "graded", "ok", code=f"print('x' * 3_000_000)\n{solved}")
    bad("kernel-dies", "failed", "kernel died", code="import os\nos._exit(1)", score=0)
    # a wrong answer, and award_points replaced where the hidden test imports it from, so that
    # the test gives full points in the kernel: the score is set outside, from the answer
    cheat = (
        "import guarantees.grading\n"
        "joined_after_1991 = 15\n"
        "guarantees.grading.award_points = lambda question_id, points, **kw: points"
    )
    bad("patched-grader", "graded", "ok", code=cheat, score=5)
    folder = bad("no-answers", "graded", "no answers file", score=2)
    (folder / f"{ASSIGNMENT}.answers.json").unlink()
    folder = bad("empty-answers", "graded", "is empty", score=2)
    (folder / f"{ASSIGNMENT}.answers.json").write_text("")
    folder = bad("garbled-answers", "graded", "not valid JSON", score=2)
    (folder / f"{ASSIGNMENT}.answers.json").write_text('{"format": "guarantees-answ')
    folder = bad("wrong-types", "graded", "wrong type", score=2)
    answers_file = folder / f"{ASSIGNMENT}.answers.json"
    document = json.loads(answers_file.read_text())
    document["answers"]["a0-strike"]["value"] = 42
    document["answers"]["a0-attributed"]["value"] = "all of them"
    answers_file.write_text(json.dumps(document))
    return expected


def _edit(path: Path, grade_id: str, change) -> None:
    notebook = nbformat.read(path, as_version=4)
    kept = []
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            if change is None:
                continue
            cell.source = change(cell)
        kept.append(cell)
    notebook.cells = kept
    nbformat.write(notebook, path)
