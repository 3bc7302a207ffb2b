"""Temporary courses set up as the guides say, and ways to run the guides' examples in them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from guides.blocks import Block
from helpers import REPO, make_course, run, run_notebook

from guarantees.answers import AnswerStore
from guarantees.layout import nbgrader_environment

CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"


def clone_course(root: Path) -> Path:
    """What a clone of the repository holds for teaching: make_course plus the sources, lessons
    and datasets."""
    make_course(root)
    for part in ("content", "lessons", "datasets"):
        shutil.copytree(REPO / part, root / part)
    return root


def nbgrader_run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """Run nbgrader in the course's environment; its output is returned, never checked."""
    environment = nbgrader_environment(**env)
    return run(sys.executable, "-m", "nbgrader", *args, cwd=cwd, env=environment, check=False)


def run_blocks(blocks: list[Block], workdir: Path) -> nbformat.NotebookNode:
    """Run python blocks in order, as the cells of one notebook on a fresh kernel in ``workdir``.

    A failing block raises nbclient's CellExecutionError, which shows the block and the error.
    """
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    notebook.cells = [
        nbformat.v4.new_code_cell(f"# {block.where()}\n{block.body}") for block in blocks
    ]
    path = workdir / ".guide-examples.ipynb"
    nbformat.write(notebook, path)
    try:
        return run_notebook(path, workdir)
    finally:
        path.unlink(missing_ok=True)


def submit_by_hand(
    course: Path,
    assignment: str,
    student: str,
    *,
    code: str | None = None,
    answers: dict[str, tuple[str, object]] | None = None,
    edit: dict[str, str] | None = None,
) -> Path:
    """Put a submission straight into ``submitted/`` (as collect would): the released notebook
    with ``code`` in place of the stub, a test cell edited, and answers saved as the widgets do."""
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True)
    notebook = nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", 4)
    for cell in notebook.cells:
        if code is not None:
            cell.source = cell.source.replace(CODE_STUB, code)
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if edit and grade_id in edit:
            cell.source = edit[grade_id]
    nbformat.write(notebook, folder / f"{assignment}.ipynb")
    if answers:
        store = AnswerStore(folder / f"{assignment}.answers.json", assignment, read_only=False)
        for question_id, (kind, value) in answers.items():
            store.save(question_id, kind, value)
    (folder / "timestamp.txt").write_text("2026-11-28 09:00:00.000000 UTC")
    return folder


def outputs_of(notebook: nbformat.NotebookNode, grade_id: str) -> str:
    """Everything one cell printed (streams, results and errors)."""
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            parts = []
            for output in cell.get("outputs", []):
                parts.append(output.get("text", ""))
                parts.append(output.get("data", {}).get("text/plain", ""))
                if output.get("output_type") == "error":
                    parts.append(f"{output['ename']}: {output['evalue']}")
            return "\n".join(parts)
    raise KeyError(grade_id)


def autograded_output(course: Path, assignment: str, student: str, grade_id: str) -> str:
    """What one cell of a student's autograded notebook printed."""
    path = course / "autograded" / student / assignment / f"{assignment}.ipynb"
    return outputs_of(nbformat.read(path, as_version=4), grade_id)
