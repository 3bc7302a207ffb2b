"""Reading a course source: a MyST Markdown notebook (read by jupytext) with exercise blocks.

A source is ``content/lessons/<lesson>.md`` or ``content/assignments/<assignment>.md``. Prose is
Markdown, code is ``{code-cell}`` blocks, ``+++`` starts a new Markdown cell, and each exercise is
an ``{exercise}`` block (see :mod:`guarantees.authoring.questions`). Cell options say what a cell
is for nbgrader::

    ```{code-cell} ipython3
    :question: a1-unsettled
    :part: test
    :points: 2
    :kind: number
    :answer: 7
    :value: checkable_unsettled

    assert "checkable_unsettled" in globals(), "Define a variable named checkable_unsettled."
    ```

Options: ``id`` (the cell id; derived where a rule gives it), ``question`` and ``part`` (``code``:
the student's answer code; ``test``: an autograder test; ``written``: a written answer graded by
hand, on a ``+++`` Markdown cell; ``scratch``: a free cell outside nbgrader), ``points``, and for a
test that grades a value computed by the student's code, ``kind``, ``answer``, ``tolerance`` and
``value`` (the variable graded), or ``draw`` in place of ``answer`` for a number the term seed
draws (:mod:`guarantees.authoring.parameters`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jupytext

from guarantees.authoring.questions import Question, SourceError, parse_exercise

CELL_OPTIONS = {
    "id", "question", "part", "points", "kind", "answer", "tolerance", "value", "draw"
}  # fmt: skip
PARTS = {"code", "test", "written", "scratch"}
EXERCISE_BLOCK = re.compile(
    r"^(`{3,})\{exercise\}\s+(\S+)\s*\n(.*?)^\1\s*$", re.MULTILINE | re.DOTALL
)
"""One ``{exercise}`` block: (fence, question id, the lines after the opening fence)."""


@dataclass(frozen=True)
class Part:
    """One cell to be: Markdown, code, or an exercise."""

    cell_type: str
    source: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    question: Question | None = None

    @property
    def question_id(self) -> str | None:
        return self.question.question_id if self.question else self.options.get("question")


def read_source(path: Path, name: str | None = None) -> list[Part]:
    """The cells a source describes, in order, with every exercise parsed; mistakes are
    reported under ``name`` (default: the file's name)."""
    where = f"{name or path.name}: "
    notebook = jupytext.read(path, fmt="md:myst")
    parts: list[Part] = []
    for number, cell in enumerate(notebook.cells, start=1):
        options = dict(cell.metadata)
        unknown = set(options) - CELL_OPTIONS
        if unknown:
            raise SourceError(f"{where}cell {number}: unknown options {sorted(unknown)}")
        if options.get("part", "code") not in PARTS:
            raise SourceError(f"{where}cell {number}: :part: must be one of {sorted(PARTS)}")
        if cell.cell_type == "markdown":
            parts += _split_markdown(cell.source, options, where)
        elif cell.cell_type == "code":
            parts.append(Part("code", cell.source, options))
        else:
            raise SourceError(f"{where}cell {number}: only Markdown and code cells are allowed")
    return parts


def _split_markdown(text: str, options: dict[str, Any], where: str) -> list[Part]:
    """A Markdown cell, cut around its exercise blocks."""
    parts, start = [], 0
    for match in EXERCISE_BLOCK.finditer(text):
        before = text[start : match.start()].strip()
        if before:
            parts.append(Part("markdown", before, options if not parts else {}))
        lines = match.group(3).splitlines()
        parts.append(Part("exercise", question=parse_exercise(match.group(2), lines, where)))
        start = match.end()
    after = text[start:].strip()
    if "{exercise}" in after:
        raise SourceError(f"{where}an exercise block is not closed: {after[:60]!r}")
    if after:
        parts.append(Part("markdown", after, options if not parts else {}))
    return parts
