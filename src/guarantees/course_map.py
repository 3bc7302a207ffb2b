"""The course map: every lesson, how many exercises it has, and how far a learner has got.

Progress is read from the saved answers beside each lesson, where the lesson's kernel writes
them (in the course site, the browser's ``/drive``), so it needs no kernel of the lesson itself
and works for a self-study learner with no instructor. Showing the map needs no pandas.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from guarantees.answers import AnswerStore
from guarantees.layout import answers_path
from guarantees.question_cells import exercise_ids

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class LessonProgress:
    """One lesson of the map and the learner's progress in it."""

    lesson: str
    title: str
    exercises: int
    answered: int
    correct: int


def _title(notebook: dict) -> str:
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def lesson_progress(folder: Path | str | None = None) -> list[LessonProgress]:
    """Every lesson in ``folder`` (default: the current one), with the learner's progress."""
    folder = Path(folder) if folder else Path.cwd()
    rows = []
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        stored = AnswerStore(answers_path(path.stem, folder), path.stem, read_only=True).load()
        ids = exercise_ids(path)
        saved = [stored[qid] for qid in ids if qid in stored]  # not e.g. moves at lesson 10's table
        rows.append(
            LessonProgress(
                lesson=path.stem,
                title=_title(notebook),
                exercises=len(ids),
                answered=len(saved),
                correct=sum(answer.score == 1 for answer in saved),
            )
        )
    return rows


def course_map(folder: Path | str | None = None) -> pd.DataFrame:
    """The course map as a table, one row per lesson (pandas is imported here)."""
    import pandas as pd

    columns = [field.name for field in fields(LessonProgress)]
    return pd.DataFrame([asdict(row) for row in lesson_progress(folder)], columns=columns)


def course_map_html(rows: Iterable[LessonProgress]) -> str:
    """The course map as an HTML table with a progress bar per lesson."""
    lines = [
        "<table><thead><tr><th>Lesson</th><th>Title</th><th>Progress</th><th>Correct</th>"
        "</tr></thead><tbody>"
    ]
    for row in rows:
        total = max(row.exercises, 1)
        lines.append(
            f"<tr><td>{html.escape(row.lesson)}</td><td>{html.escape(row.title)}</td>"
            f'<td><progress value="{row.correct}" max="{total}" '
            f'aria-label="{row.correct} of {row.exercises} correct"></progress> '
            f"{row.answered} of {row.exercises} answered</td>"
            f"<td>{row.correct}</td></tr>"
        )
    lines.append("</tbody></table>")
    return "\n".join(lines)


def show_course_map(folder: Path | str | None = None) -> None:
    """Display the course map in a notebook."""
    from IPython.display import HTML, display

    display(HTML(course_map_html(lesson_progress(folder))))
