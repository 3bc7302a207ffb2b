"""The autograded notebook, made fit to be shown: what ``nbgrader generate_feedback`` turns into
feedback and the formgrader shows.

Each awarding test cell shows the grader's line (points and why) instead of what the kernel
printed, with any error of the visible test kept; cells the student added lose their output
(the student's own code could print anything there); every other cell keeps at most
``OUTPUT_CHARACTERS`` characters of output.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from guarantees.grading.scores import Award

OUTPUT_CHARACTERS = 10_000
IMAGE_CHARACTERS = 2_000_000
CUT_NOTE = f"\n[output cut at {OUTPUT_CHARACTERS:,} characters]\n"
ADDED_CELL_NOTE = "[output of a cell added by the student: not kept]\n"


def tidy_graded_notebook(path: Path, released: Path, awards: list[Award]) -> None:
    """Rewrite the autograded notebook at ``path`` (its release is at ``released``)."""
    notebook = nbformat.read(path, as_version=4)
    released_ids = {cell.get("id") for cell in nbformat.read(released, as_version=4).cells}
    lines = {award.test.grade_id: award.line for award in awards}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in lines:
            errors = [output for output in cell.outputs if output.output_type == "error"]
            cell.outputs = _capped(errors) + [_stream(lines[grade_id] + "\n")]
        elif cell.get("id") not in released_ids:
            cell.outputs = [_stream(ADDED_CELL_NOTE)] if cell.outputs else []
        else:
            cell.outputs = _capped(cell.outputs)
    _replace_keeping_mode(path, nbformat.writes(notebook))


def _replace_keeping_mode(path: Path, text: str) -> None:
    """Write ``text`` over ``path``, which nbgrader left read-only (0444), keeping its mode:
    a new file takes its place, so the grader needs no write permission on the file itself."""
    fresh = path.with_name(f".{path.name}.tidy")
    fresh.write_text(text, encoding="utf-8")
    os.chmod(fresh, path.stat().st_mode & 0o7777)
    os.replace(fresh, path)


def _capped(outputs: list[NotebookNode]) -> list[NotebookNode]:
    """``outputs`` with at most ``OUTPUT_CHARACTERS`` characters of text (a long stream or
    traceback is cut short) and ``IMAGE_CHARACTERS`` of images in all."""
    kept, text, images = [], 0, 0
    for output in outputs:
        data = output.get("data", {})
        size = sum(len(str(value)) for name, value in data.items() if not name.startswith("image/"))
        images += sum(len(str(value)) for name, value in data.items() if name.startswith("image/"))
        room = OUTPUT_CHARACTERS - text
        if "text" in output and len(output.text) > room:
            output.text = output.text[: max(room, 0)] + CUT_NOTE
        if "traceback" in output:
            output.traceback = _cut_lines(output.traceback, room)
        text += size + len(output.get("text", "")) + sum(map(len, output.get("traceback", [])))
        if size > room or images > IMAGE_CHARACTERS:
            kept.append(_stream(CUT_NOTE))
            break
        kept.append(output)
    return kept


def _cut_lines(lines: list[str], room: int) -> list[str]:
    kept = []
    for line in lines:
        if len(line) > room:
            kept.append(line[: max(room, 0)] + CUT_NOTE)
            break
        kept.append(line)
        room -= len(line)
    return kept


def _stream(text: str) -> NotebookNode:
    return nbformat.v4.new_output("stream", name="stdout", text=text)
