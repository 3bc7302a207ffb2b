"""Lessons: structure, keys, a full run with every exercise answered, and answers that persist."""

from __future__ import annotations

import inspect
import json
import re
import shutil

import nbformat
import pytest
from helpers import ANSWER_KEYS, LESSONS, run_notebook

from guarantees.course_map import EXERCISE_CALL
from guarantees.grading import read_answer_key
from guarantees.keys import SealedKey

LESSON_NOTEBOOKS = sorted(LESSONS.glob("*.ipynb"))
KEY = re.compile(r'key="([^"]*)"')


def cells(path, kind):
    notebook = nbformat.read(path, as_version=4)
    return [cell.source for cell in notebook.cells if cell.cell_type == kind]


def test_all_eight_lessons_are_there():
    assert [p.name[:2] for p in LESSON_NOTEBOOKS] == [f"{n:02d}" for n in range(8)]


@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_states_objectives_and_time_and_ends_with_progress(path):
    opening = cells(path, "markdown")[0]
    assert opening.startswith("# ") and "Learning objectives" in opening
    assert "Time needed" in opening
    assert re.search(r"^\s*1\. ", opening, re.MULTILINE), "objectives are numbered"
    assert any("progress()" in source for source in cells(path, "code")[-3:])
    assert "## Sources" in "\n".join(cells(path, "markdown"))


@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_has_five_varied_exercises_with_hints_and_explanations(path):
    code = "\n".join(cells(path, "code"))
    calls = EXERCISE_CALL.findall(code)
    assert len(calls) >= 5
    kinds = set(re.findall(r"\blesson\.(\w+)\(", code)) - {"progress"}
    assert len(kinds) >= 3, kinds
    assert code.count("explanation=") >= len(calls)


@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_has_a_labelled_figure_where_it_uses_data(path):
    code = "\n".join(cells(path, "code"))
    if "load_table(" not in code:
        return
    assert re.search(r"(set_)?xlabel\(", code) and re.search(r"(set_)?ylabel\(", code)
    assert re.search(r"(set_)?title\(|suptitle\(", code)


@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_holds_no_plain_text_key(path):
    text = path.read_text(encoding="utf-8")
    code = "\n".join(cells(path, "code"))
    keys = KEY.findall(code)
    assert len(keys) == len(EXERCISE_CALL.findall(code)), "every exercise has a sealed key"
    for key in keys:
        SealedKey.from_text(key)
    plain = json.loads((ANSWER_KEYS / "lessons" / f"{path.stem}.json").read_text())
    assert "guarantees-answer-key" not in text and "answer_keys" not in text
    for question in plain["questions"].values():
        answer = question["answer"]
        if isinstance(answer, (list, dict)) and len(answer) > 1:
            assert json.dumps(answer, ensure_ascii=False) not in text
            assert repr(answer) not in text


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
            "lesson['start-signatories'].answer(['Ukraine', 'France'])"
        ],
    )
    show = (
        "print(repr(lesson['start-war-year'].value), repr(lesson['start-signatories'].value))\n"
        "print(lesson['start-war-year'].feedback)\n"
        "print(lesson.summary())"
    )
    printed = run_notebook(copy, tmp_path, [show]).cells[-1].outputs[0]["text"]
    assert "3 ['Ukraine', 'France']" in printed
    assert printed.splitlines()[1].startswith("Not yet"), "the last check is shown again"
    assert "2 of 6 exercises answered, 0 checked and correct" in printed
