"""`guarantees check`: can the course be taught from? Each problem is one plain sentence."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import frictionless
import nbformat

from guarantees.authoring.bank import bank_figures, bank_problems, banked_source, term_bank
from guarantees.authoring.build import CONTENT_DIRECTORY, sources, stale_files
from guarantees.authoring.guessing import GuessingFigures, guessing_figures
from guarantees.authoring.parameters import Draw, draw_problems, every_key
from guarantees.authoring.questions import SourceError
from guarantees.data import DatasetError, list_tables, load_table
from guarantees.grading.answer_keys import read_answer_key
from guarantees.layout import Layout, nbgrader_environment
from guarantees.references import reference_problems


def notebook_problems(path: Path) -> list[str]:
    """Why a notebook is not valid, clean source (empty when it is)."""
    try:
        notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        nbformat.validate(notebook)
    except Exception as error:  # nbformat raises several kinds of error
        return [f"{path}: not a valid notebook ({str(error)[:160]})"]
    problems = []
    if (notebook.nbformat, notebook.nbformat_minor) != (4, 5):
        problems.append(f"{path}: nbformat {notebook.nbformat}.{notebook.nbformat_minor}, not 4.5")
    if not all(cell.get("id") for cell in notebook.cells):
        problems.append(f"{path}: some cells have no id (save it with a current Jupyter)")
    if notebook.metadata.get("kernelspec", {}).get("name") != "python3":
        problems.append(f"{path}: kernel is not python3")
    if any(c.get("outputs") or c.get("execution_count") for c in notebook.cells):
        problems.append(f"{path}: has outputs; clear them (Edit > Clear Outputs of All Cells)")
    return problems


def generation_problems(layout: Layout, assignment: str) -> list[str]:
    """Whether nbgrader can generate the assignment, tried in a scratch copy of the course."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = layout.moved_to(Path(scratch))
        shutil.copy(layout.config_file, copy.config_file)
        shutil.copytree(layout.source(assignment), copy.source(assignment))
        result = subprocess.run(
            [sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force",
             *copy.step_options()],
            cwd=copy.root, env=nbgrader_environment(), capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    if result.returncode == 0:
        return []
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line or "Error" in line]
    return [f"{assignment}: nbgrader generate_assignment failed: {' | '.join(errors[-3:])}"]


def dataset_problems(folder: Path) -> list[str]:
    """Why the datasets in ``folder`` do not validate or load (empty when they do)."""
    problems = []
    report = frictionless.validate(folder / "datapackage.json")
    for task in report.tasks:
        for error in task.errors[:3]:
            problems.append(f"datasets/{task.name}: {error.message}")
    try:
        for table in list_tables(folder)["table"]:
            load_table(table, folder)
    except DatasetError as error:
        problems.append(f"datasets: {error}")
    return problems


def generated_file_problems(root: Path) -> list[str]:
    """Generated notebooks and keys that no longer match their sources in ``content/``."""
    if not (root / CONTENT_DIRECTORY).is_dir():
        return []
    try:
        stale = stale_files(root)
    except SourceError as error:
        return [f"{CONTENT_DIRECTORY}/: {error}"]
    return [
        f"{path}: differs from what its source in {CONTENT_DIRECTORY}/ generates (edited by hand, "
        "or the source changed): edit the source, then run `guarantees build`"
        for path in stale
    ]


def guessing_report(root: Path) -> list[GuessingFigures]:
    """The guessing figures of every assignment and lesson source in ``content/``, with the
    term bank's exercises in place of the public ones."""
    figures = []
    for source in sources(root):
        try:
            parts = banked_source(source, source.relative_to(root).as_posix())
        except SourceError:
            continue  # generated_file_problems reports it
        questions = [part.question for part in parts if part.question is not None]
        graded = source.parent.name == "assignments"
        figures.append(guessing_figures(source.stem, questions, graded))
    return figures


def drawn_numbers(root: Path) -> dict[str, dict[Draw, dict]]:
    """For each source with code questions whose number the term seed draws, every value's key
    as its model solution computes it."""
    found = {}
    for source in sources(root):
        where = f"{source.relative_to(root).as_posix()}: "
        try:
            keys = every_key(banked_source(source, where), where)
        except SourceError:
            continue  # generated_file_problems reports it
        if keys:
            found[source.stem] = keys
    return found


def bank_lines(root: Path) -> list[str]:
    """For each assignment with graded widget questions, one line: how many come from the term
    bank and how many of those still show only what the public source lists (with no bank: that
    the term's answers can be read from the public pools)."""
    try:
        bank = term_bank()
        every = [bank_figures(source, bank) for source in sources(root)]
    except SourceError:
        return []  # generated_file_problems reports it
    return [figures.line(bank) for figures in every if figures.widgets]


def check_course(
    root: Path, guessing: list[GuessingFigures], drawn: dict[str, dict[Draw, dict]]
) -> list[str]:
    """Every problem found in the course at ``root``, whose guessing figures
    (:func:`guessing_report`) are ``guessing`` and drawn numbers (:func:`drawn_numbers`)
    ``drawn``."""
    layout = Layout.of(root)
    assignments = layout.assignments()
    notebooks_of = [sorted(layout.source(assignment).glob("*.ipynb")) for assignment in assignments]
    problems = generated_file_problems(layout.root)
    try:
        problems += bank_problems(layout.root, sources(layout.root), term_bank())
    except SourceError as error:
        problems.append(str(error))
    for figures in guessing:
        problems += figures.problems()
    for name, keys in drawn.items():
        problems += draw_problems(name, keys)
    for path in sorted(layout.lessons.glob("*.ipynb")) + sorted(sum(notebooks_of, [])):
        problems += notebook_problems(path)
    for assignment, notebooks in zip(assignments, notebooks_of, strict=True):
        for notebook in notebooks:
            key = layout.answer_key(assignment, notebook.stem)
            if key.exists():
                try:
                    read_answer_key(key)
                except ValueError as error:
                    problems.append(str(error))
    # each assignment is generated in a scratch copy of its own, so they can run side by side
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for found in pool.map(generation_problems, [layout] * len(assignments), assignments):
            problems += found
    problems += dataset_problems(layout.datasets)
    problems += reference_problems(layout.root)
    return problems
