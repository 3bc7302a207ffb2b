"""Checks on one submission before it is graded: what would stop nbgrader, and what the
instructor should know. Nothing here writes to the submission.

A *fatal* problem (a missing, unreadable, oversized, too deeply nested or invalid notebook) keeps
the submission out of the batch so it cannot stop the others. *Flags* (an edited or deleted
locked cell, code cells the student added) need an instructor's look: nbgrader still grades the
submission, restoring locked cells from the source, but its row says ``flagged``. *Notes* (a
damaged answers file, an answer of the wrong type, files nobody asked for) are reported beside
the score. Files other than the notebooks, their answers files and nbgrader's own never reach a
kernel: they are listed here and left out of the sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from guarantees.answers import AnswerStore
from guarantees.bounded_json import loads_bounded
from guarantees.layout import ANSWERS_SUFFIX, Layout
from guarantees.scoring import KeyEntry, check_saved


@dataclass
class Preflight:
    """What was found in one submission."""

    fatal: str | None = None
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


MAX_NOTEBOOK_BYTES = 20 * 2**20
"""Far above any honest submission (the assignments are under 1 MB with outputs)."""
NBGRADER_FILES = {"timestamp.txt", "submission_secret.txt"}


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """A submitted notebook, or ``ValueError`` saying in a student's words what is wrong with it."""
    if not path.is_file():
        raise ValueError(f"{path.name} is missing")
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        raise ValueError(f"{path.name} is larger than {MAX_NOTEBOOK_BYTES // 2**20} MB")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"{path.name} is not UTF-8 text (byte {error.start})") from None
    try:
        loads_bounded(text)
    except ValueError as error:
        raise ValueError(f"{path.name} is not valid JSON, perhaps truncated ({error})") from None
    try:
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
    except Exception as error:  # nbformat raises several kinds of validation error
        raise ValueError(f"{path.name} is not a valid notebook ({str(error)[:200]})") from None
    return notebook


def locked_cell_changes(submitted: nbformat.NotebookNode, released: Path) -> list[str]:
    """Locked cells of the released notebook that the student deleted or edited."""
    if not released.is_file():
        return []
    given = {
        cell.metadata.get("nbgrader", {}).get("grade_id"): cell.source for cell in submitted.cells
    }
    changes = []
    for cell in nbformat.read(released, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("locked"):
            continue
        grade_id = meta["grade_id"]
        if grade_id not in given:
            changes.append(f"locked cell {grade_id} was deleted")
        elif given[grade_id].strip() != cell.source.strip():
            changes.append(f"locked cell {grade_id} was edited")
    return changes


def added_code_cells(submitted: nbformat.NotebookNode, released: Path) -> list[str]:
    """A flag when the student added code cells (cells whose id the release does not have)."""
    if not released.is_file():
        return []
    ids = {cell.get("id") for cell in nbformat.read(released, as_version=4).cells}
    added = [
        cell
        for cell in submitted.cells
        if cell.cell_type == "code" and cell.get("id") not in ids and cell.source.strip()
    ]
    if not added:
        return []
    return [
        f"{len(added)} code cell(s) added to {released.stem}: their output is left out of feedback"
    ]


def extra_files(folder: Path, notebooks: list[str]) -> list[str]:
    """A note listing the files of a submission that grading does not use (never run or read)."""
    expected = NBGRADER_FILES | {f"{n}.ipynb" for n in notebooks}
    expected |= {f"{n}{ANSWERS_SUFFIX}{end}" for n in notebooks for end in ("", ".lock")}
    files = [path.relative_to(folder) for path in folder.rglob("*") if not path.is_dir()]
    extra = sorted(str(path) for path in files if str(path) not in expected)
    if not extra:
        return []
    shown = ", ".join(extra[:10]) + (f" and {len(extra) - 10} more" if len(extra) > 10 else "")
    return [f"files not used in grading (never run): {shown}"]


def answer_problems(path: Path, notebook: str, key: dict[str, KeyEntry]) -> list[str]:
    """What is wrong with the saved answers in ``path``, as far as grading is concerned."""
    if not key:
        return []
    if not path.exists():
        return [f"no answers file {path.name}: widget questions score 0"]
    if path.stat().st_size == 0:
        return [f"the answers file {path.name} is empty: widget questions score 0"]
    store = AnswerStore(path, notebook, read_only=True)
    saved = store.load()
    problems = list(store.problems)
    for question_id, answer in saved.items():
        entry = key.get(question_id)
        if entry is None:
            continue
        try:
            check_saved(entry, answer)
        except (TypeError, ValueError) as error:
            problems.append(f"answer to {question_id} has the wrong type ({error})")
    return problems


def check_submission(
    layout: Layout,
    student: str,
    assignment: str,
    notebooks: list[str],
    keys: dict[str, dict[str, KeyEntry]],
) -> Preflight:
    """Check every notebook of one submission against its release and its answer key."""
    result = Preflight()
    folder, release = layout.submitted(student, assignment), layout.release(assignment)
    for name in notebooks:
        try:
            submitted = read_notebook(folder / f"{name}.ipynb")
        except ValueError as error:
            result.fatal = str(error)
            return result
        result.flags += locked_cell_changes(submitted, release / f"{name}.ipynb")
        result.flags += added_code_cells(submitted, release / f"{name}.ipynb")
        answers = layout.saved_answers(student, assignment, name)
        result.notes += answer_problems(answers, name, keys.get(name, {}))
    result.notes += extra_files(folder, notebooks)
    return result
