"""Notebooks are source code: valid, clean, runnable top to bottom, consistent with their keys."""

from __future__ import annotations

import re

import nbformat
import pytest
from helpers import ANSWER_KEYS, LESSONS, all_notebooks, autograded_cells, make_course, run_notebook

from guarantees.grading import read_answer_key
from guarantees.question_cells import question_cells

NOTEBOOKS = all_notebooks()
LESSON_NOTEBOOKS = sorted(LESSONS.glob("*.ipynb"))
SOURCE_NOTEBOOKS = [path for path in NOTEBOOKS if path.parent.parent.name == "assignments"]
WORKSHEET = re.compile(r'\b(Lesson|Assignment)\("([^"]+)"\)')


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


@pytest.mark.kernel
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
    sources = {cell.id: cell.source for cell in notebook.cells}
    cells = question_cells(notebook.cells)
    awarded = {}
    for cell in cells:
        if cell.awards:
            assert cell.grade_id in points, f"{cell.question}: awarded outside a test cell"
            assert cell.points == points[cell.grade_id]
            call = f'award_points("{cell.question}", points={cell.points:g}'
            assert call in sources[cell.cell_id], f"{cell.grade_id}: points differ from metadata"
            awarded[cell.question] = cell.grade_id
    widget_questions = {cell.question for cell in cells if cell.part == "widget"}
    assert widget_questions <= set(awarded), "every widget question has a test"
    assert set(awarded) == set(key), "every test has a key and every key a test"
    assert "award_points(" not in "".join(
        source for cell_id, source in sources.items() if cell_id not in set(awarded.values())
    ), "award_points only in the test cells that award a question"
