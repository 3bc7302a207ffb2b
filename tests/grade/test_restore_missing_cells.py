"""RestoreMissingCells on small notebooks: the source saved into a real gradebook by nbgrader's own
preprocessors (as generate_assignment saves it), then submissions with cells deleted."""

from __future__ import annotations

import copy

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.preprocessors import ComputeChecksums, OverwriteCells, SaveCells

from guarantees.grading.preprocessors import RestoreMissingCells

ASSIGNMENT = NOTEBOOK = "hw"
# (grade_id, cell type, grade, solution, locked, points, source), in the source's order
SOURCE_CELLS = [
    ("intro", "markdown", False, False, True, None, "# Homework"),
    ("q1-widget", "code", False, False, True, None, 'assignment.single_choice("q1", "?", ["a"])'),
    ("q1-test", "code", True, False, True, 2, 'award_points("q1", points=2)'),
    ("q2-code", "code", False, True, False, None, "answer = 42"),
    ("q2-test", "code", True, False, True, 3, 'award_points("q2", points=3, value=answer)'),
    ("q3-essay", "markdown", True, True, False, 4, "Explain in two sentences."),
]


def source_notebook() -> nbformat.NotebookNode:
    cells = []
    for grade_id, kind, grade, solution, locked, points, text in SOURCE_CELLS:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        cell = make(text)
        cell.metadata["nbgrader"] = nbformat.from_dict(
            {
                "grade": grade,
                "grade_id": grade_id,
                "locked": locked,
                "schema_version": 3,
                "solution": solution,
                "task": False,
                **({"points": points} if grade else {}),
            }
        )
        cells.append(cell)
    return nbformat.v4.new_notebook(cells=cells)


def resources(db_url: str) -> dict:
    return {"nbgrader": {"notebook": NOTEBOOK, "assignment": ASSIGNMENT, "db_url": db_url}}


@pytest.fixture(scope="module")
def db_url(tmp_path_factory, new_gradebook) -> str:
    """A gradebook holding the source notebook, saved by nbgrader's own preprocessors."""
    url = new_gradebook(tmp_path_factory.mktemp("preprocessors"))
    with Gradebook(url) as gradebook:
        gradebook.add_assignment(ASSIGNMENT)
    notebook, _ = ComputeChecksums().preprocess(source_notebook(), {})
    SaveCells().preprocess(notebook, resources(url))
    return url


def submission_without(*deleted: str) -> nbformat.NotebookNode:
    """The released notebook as a student hands it in, with some cells deleted."""
    notebook, _ = ComputeChecksums().preprocess(source_notebook(), {})
    notebook.cells = [
        c for c in notebook.cells if c["metadata"]["nbgrader"]["grade_id"] not in deleted
    ]
    return notebook


def restored(notebook: nbformat.NotebookNode, db_url: str) -> nbformat.NotebookNode:
    notebook, _ = RestoreMissingCells().preprocess(notebook, resources(db_url))
    nbformat.validate(notebook)
    return notebook


def ids_of(notebook: nbformat.NotebookNode) -> list[str]:
    return [cell["metadata"]["nbgrader"]["grade_id"] for cell in notebook.cells]


def cell_named(notebook: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    return next(c for c in notebook.cells if c["metadata"]["nbgrader"]["grade_id"] == grade_id)


SOURCE_ORDER = [cell[0] for cell in SOURCE_CELLS]


def test_a_deleted_test_after_a_read_only_cell_goes_back_after_it(db_url):
    notebook = restored(submission_without("q1-test"), db_url)
    assert ids_of(notebook) == SOURCE_ORDER
    test = cell_named(notebook, "q1-test")
    assert test.source.endswith('award_points("q1", points=2)'), test.source
    assert test["metadata"]["nbgrader"]["points"] == 2 and test["metadata"]["nbgrader"]["locked"]


def test_nbgrader_alone_stops_on_the_same_submission(db_url):
    """The bug RestoreMissingCells works around (nbgrader 0.9; jupyter/nbgrader#1770): when
    this fails, nbgrader has fixed it and the course's preprocessor may go."""
    own = OverwriteCells(add_missing_cells=True)
    with pytest.raises(KeyError, match="q1-widget"):
        own.preprocess(submission_without("q1-test"), resources(db_url))


def test_every_deleted_grade_cell_goes_back_in_the_source_order(db_url):
    deleted = ("q1-test", "q2-test", "q3-essay")
    assert ids_of(restored(submission_without(*deleted), db_url)) == SOURCE_ORDER


def test_a_cell_whose_earlier_cells_are_all_gone_goes_first(db_url):
    notebook = restored(submission_without("intro", "q1-widget", "q1-test"), db_url)
    assert ids_of(notebook) == ["q1-test", "q2-code", "q2-test", "q3-essay"]


def test_a_deleted_written_answer_comes_back_for_the_grader_to_score(db_url):
    essay = cell_named(restored(submission_without("q3-essay"), db_url), "q3-essay")
    assert essay["metadata"]["nbgrader"]["solution"] and essay["metadata"]["nbgrader"]["grade"]
    assert "editable" not in essay["metadata"], "the student's answer cell stays editable"
    assert essay.source.endswith("Explain in two sentences.")


def test_a_complete_submission_keeps_its_cells_and_answers(db_url):
    submitted = submission_without()
    cell_named(submitted, "q2-code").source = "answer = 41"
    notebook = restored(copy.deepcopy(submitted), db_url)
    assert ids_of(notebook) == SOURCE_ORDER
    assert cell_named(notebook, "q2-code").source == "answer = 41", "the student's own answer"
