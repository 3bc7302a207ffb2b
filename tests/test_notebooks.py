"""Notebooks are source code: valid, clean, runnable top to bottom, consistent with their keys."""

from __future__ import annotations

import re
import shutil

import nbformat
import pytest
from helpers import ANSWER_KEYS, LESSONS, all_notebooks, autograded_cells, make_course, run_notebook

from guarantees.grading import read_answer_key
from guarantees.keys import SealedKey

NOTEBOOKS = all_notebooks()
LESSON_NOTEBOOKS = sorted(LESSONS.glob("*.ipynb"))
SOURCE_NOTEBOOKS = [path for path in NOTEBOOKS if path.parent.parent.name == "assignments"]
WORKSHEET = re.compile(r'\b(Lesson|Assignment)\("([^"]+)"\)')
QUESTION = re.compile(r'\b(?:lesson|assignment)\.\w+\(\s*"([^"]+)"')
AWARD = re.compile(r'award_points\(\s*"([^"]+)",\s*points=([0-9.]+)')


def code_of(notebook) -> str:
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")


def stderr_of(notebook) -> list[str]:
    return [
        output.get("text", "")
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("name") == "stderr" or output.get("output_type") == "error"
    ]


def test_there_is_a_start_lesson_and_an_assignment():
    assert (LESSONS / "00_start_here.ipynb") in NOTEBOOKS
    assert SOURCE_NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_valid_clean_and_uses_python3(path):
    notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) == (4, 5)
    ids = [cell.get("id") for cell in notebook.cells]
    assert all(ids) and len(set(ids)) == len(ids), "every cell needs a unique id"
    assert notebook.metadata.kernelspec.name == "python3"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{cell.id} has output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_worksheet_is_named_after_its_notebook(path):
    names = {name for _, name in WORKSHEET.findall(code_of(nbformat.read(path, as_version=4)))}
    assert names == {path.stem}


@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_keys_are_sealed(path):
    code = code_of(nbformat.read(path, as_version=4))
    keys = re.findall(r'key="([^"]*)"', code)
    assert len(keys) == len(QUESTION.findall(code)), "every exercise has a key"
    for key in keys:
        SealedKey.from_text(key)
    for entry in read_answer_key(ANSWER_KEYS / "lessons" / f"{path.stem}.json").values():
        if entry.kind in {"number", "ordering", "matching"}:
            assert f"key={entry.answer!r}" not in code


@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_runs_top_to_bottom_and_its_keys_accept_the_answers(path, tmp_path):
    work = tmp_path / "lessons"
    work.mkdir()
    shutil.copy(path, work)
    check = f"""
from pathlib import Path
from guarantees.grading import read_answer_key
keys = read_answer_key(Path({str(ANSWER_KEYS)!r}) / "lessons" / "{path.stem}.json")
assert set(keys) == set(lesson.exercises), (set(keys), set(lesson.exercises))
for question_id, entry in keys.items():
    exercise = lesson[question_id]
    given = entry.answer[0] if entry.kind == "short_text" else entry.answer
    assert exercise.score(given, exercise.key, **exercise._params()).is_correct, question_id
print("every sealed key accepts its answer")
"""
    executed = run_notebook(work / path.name, work, [check])
    assert stderr_of(executed) == []
    assert "every sealed key accepts its answer" in executed.cells[-1].outputs[0]["text"]


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=lambda p: p.name)
def test_source_assignment_runs_top_to_bottom(path, tmp_path):
    course = make_course(tmp_path / "course")
    folder = course / "assignments" / path.parent.name
    executed = run_notebook(folder / path.name, folder)
    assert stderr_of(executed) == []
    assert not list(folder.glob("*.answers.json")), "answers must not land in a source folder"


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=lambda p: p.name)
def test_assignment_tests_agree_with_points_and_keys(path):
    notebook = nbformat.read(path, as_version=4)
    points = autograded_cells(path)
    key = read_answer_key(ANSWER_KEYS / path.parent.name / f"{path.stem}.json")
    awarded = {}
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        for question_id, value in AWARD.findall(cell.source):
            assert grade_id in points, f"award_points({question_id!r}) outside a test cell"
            assert float(value) == points[grade_id], f"{grade_id}: points differ from metadata"
            awarded[question_id] = grade_id
    widget_questions = set(QUESTION.findall(code_of(notebook)))
    assert widget_questions <= set(awarded), "every widget question has a test"
    assert set(awarded) == set(key), "every test has a key and every key a test"
    assert set(awarded.values()) == set(points), "every test cell awards its points"


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
