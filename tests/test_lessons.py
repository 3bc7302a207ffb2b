"""Lessons: structure, keys, a full run with every exercise answered, and answers that persist."""

from __future__ import annotations

import inspect
import json
import re
import shutil

import nbformat
import pytest
from helpers import ANSWER_KEYS, LESSONS, REPO, run_notebook

from guarantees.grading import read_answer_key
from guarantees.keys import SealedKey
from guarantees.question_cells import exercise_ids

LESSON_NOTEBOOKS = sorted(LESSONS.glob("*.ipynb"))
KEY = re.compile(r'key="([^"]*)"')
FIGURE = re.compile(r"\bplt\.(subplots|figure)\(")
ANSWER_GIVEN = r"\b(?:answers?|keys?|correct|solutions?)\b['\"]?\s*[:=]\s*"
"""Code or prose handing out an answer: ``answer = 1994``, ``"key": "Ukraine"``, ``correct: 3``."""


def cells(path, kind):
    notebook = nbformat.read(path, as_version=4)
    return [cell.source for cell in notebook.cells if cell.cell_type == kind]


def test_every_lesson_source_has_its_notebook_numbered_in_order():
    sources = sorted(path.stem for path in (REPO / "content" / "lessons").glob("*.md"))
    assert [path.stem for path in LESSON_NOTEBOOKS] == sources
    assert [path.name[:2] for path in LESSON_NOTEBOOKS] == [
        f"{n:02d}" for n in range(len(LESSON_NOTEBOOKS))
    ]


@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_states_objectives_and_time_and_ends_with_progress(path):
    opening = cells(path, "markdown")[0]
    assert opening.startswith("# ") and "Learning objectives" in opening
    assert "Time needed" in opening
    assert re.search(r"\*\*Record current to:\*\* \d{1,2} \w+ \d{4}", opening), "the record's date"
    assert re.search(r"^\s*1\. ", opening, re.MULTILINE), "objectives are numbered"
    assert any("progress()" in source for source in cells(path, "code")[-3:])
    assert "## Sources" in "\n".join(cells(path, "markdown"))


@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_has_five_varied_exercises_with_hints_and_explanations(path):
    code = "\n".join(cells(path, "code"))
    calls = exercise_ids(path)
    assert len(calls) >= 5
    kinds = set(re.findall(r"\blesson\.(\w+)\(", code)) - {"progress"}
    assert len(kinds) >= 3, kinds
    assert code.count("explanation=") >= len(calls)


def figures(path) -> list[str]:
    """The code cells of a lesson that draw a figure."""
    return [source for source in cells(path, "code") if FIGURE.search(source)]


FIGURES = [
    pytest.param(source, id=f"{path.stem}-figure-{number}")
    for path in LESSON_NOTEBOOKS
    for number, source in enumerate(figures(path), start=1)
]


@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=lambda p: p.stem)
def test_a_lesson_that_loads_data_shows_it_in_a_figure(path):
    if "load_table(" not in "\n".join(cells(path, "code")):
        pytest.skip(f"{path.stem} loads no data table, so it needs no figure")
    assert figures(path), "the lesson loads data but draws no figure"


@pytest.mark.parametrize("source", FIGURES)
def test_every_figure_has_a_title_and_labelled_axes(source):
    assert re.search(r"(set_)?xlabel\(", source), "no x-axis label"
    assert re.search(r"(set_)?ylabel\(", source), "no y-axis label"
    assert re.search(r"(set_)?title\(|suptitle\(", source), "no title"


def written_forms(answer) -> set[str]:
    """How an answer, or any option or partner in it, would be written out in a cell."""
    parts = [answer]
    if isinstance(answer, list):
        parts += answer
    elif isinstance(answer, dict):
        parts += list(answer.values())
    return {form for part in parts for form in (json.dumps(part, ensure_ascii=False), repr(part))}


@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_holds_no_plain_text_key(path):
    text = path.read_text(encoding="utf-8")
    code = "\n".join(cells(path, "code"))
    keys = KEY.findall(code)
    assert len(keys) == len(exercise_ids(path)), "every exercise has a sealed key"
    for key in keys:
        SealedKey.from_text(key)
    assert "guarantees-answer-key" not in text and "answer_keys" not in text
    every_cell = "\n".join(cells(path, "code") + cells(path, "markdown"))
    plain = json.loads((ANSWER_KEYS / "lessons" / f"{path.stem}.json").read_text())
    for question_id, question in plain["questions"].items():
        for form in written_forms(question["answer"]):
            given = re.search(ANSWER_GIVEN + re.escape(form), every_cell)
            assert not given, f"{question_id}: the answer is written out as {given.group()!r}"


def wrong_answer(kind, answer, exercise_options):
    """A clearly wrong answer of the right type, for checking the feedback on mistakes."""
    if kind == "single_choice":
        return next(option for option in exercise_options if option != answer)
    if kind == "multiple_choice":
        wrong = [option for option in exercise_options if option not in answer]
        return wrong[:1] or answer[:-1]
    if kind == "number":
        return answer + 1000
    if kind == "short_text":
        return "no such answer"
    if kind == "ordering":
        return list(reversed(answer))
    partners = sorted(set(answer.values()))
    return {
        left: partners[(partners.index(right) + 1) % len(partners)]
        for left, right in answer.items()
    }


CHECK_EVERY_EXERCISE = """
import json
from pathlib import Path
from guarantees.grading import read_answer_key
keys = read_answer_key(Path({keys!r}))
assert set(keys) == set(lesson.exercises), (sorted(keys), sorted(lesson.exercises))
report = {{}}
for question_id, entry in keys.items():
    exercise = lesson[question_id]
    options = getattr(exercise, "options", None) or getattr(exercise, "items", None) or []
    exercise.answer(wrong_answer(entry.kind, entry.answer, options))
    exercise.check()
    second = exercise.check()
    explained = exercise.explanation in exercise.feedback
    wrong_fraction = second.fraction
    right = entry.answer[0] if entry.kind == "short_text" else entry.answer
    exercise.answer(right)
    score = exercise.check()
    report[question_id] = [wrong_fraction, explained, score.fraction, exercise.feedback[:8]]
print(json.dumps(report))
print(lesson.summary())
"""


@pytest.mark.kernel
@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_runs_and_every_exercise_gives_full_marks_when_right(path, tmp_path):
    shutil.copy(path, tmp_path)
    keys = ANSWER_KEYS / "lessons" / f"{path.stem}.json"
    checks = inspect.getsource(wrong_answer) + CHECK_EVERY_EXERCISE.format(keys=str(keys))
    executed = run_notebook(tmp_path / path.name, tmp_path, [checks])
    stderr = [
        output
        for cell in executed.cells
        for output in cell.get("outputs", [])
        if output.get("name") == "stderr" or output.get("output_type") == "error"
    ]
    assert stderr == []
    printed = executed.cells[-1].outputs[0]["text"].splitlines()
    report = json.loads(printed[0])
    total = len(read_answer_key(keys))
    for question_id, (wrong_fraction, explained, right_fraction, feedback) in report.items():
        assert wrong_fraction < 1, f"{question_id}: the wrong answer scored full marks"
        assert explained, f"{question_id}: a wrong answer never showed the explanation"
        assert right_fraction == 1.0 and feedback.startswith("Correct"), question_id
    assert f"{total} of {total} exercises answered, {total} checked and correct" in printed[1]


@pytest.mark.kernel
def test_answers_come_back_after_a_kernel_restart(tmp_path):
    """Answer in one kernel; a fresh kernel running the lesson again shows the same answers."""
    lesson = LESSONS / "00_start_here.ipynb"
    shutil.copy(lesson, tmp_path)
    copy = tmp_path / lesson.name
    run_notebook(
        copy,
        tmp_path,
        [
            "lesson['start-war-year'].answer(3)\n"
            "lesson['start-war-year'].check()\n"
            "lesson['start-signatories'].answer(['Ukraine', 'French Republic'])"
        ],
    )
    show = (
        "print(repr(lesson['start-war-year'].value), repr(lesson['start-signatories'].value))\n"
        "print(lesson['start-war-year'].feedback)\n"
        "print(lesson.summary())"
    )
    printed = run_notebook(copy, tmp_path, [show]).cells[-1].outputs[0]["text"]
    assert "3 ['Ukraine', 'French Republic']" in printed
    assert printed.splitlines()[1].startswith("Not yet"), "the last check is shown again"
    assert "2 of 6 exercises answered, 0 checked and correct" in printed
