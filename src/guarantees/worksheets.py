"""A notebook's exercises: a :class:`Lesson` checks answers at once, an :class:`Assignment` saves
them for nbgrader to grade.

In a lesson::

    lesson = Lesson("00_start_here")
    lesson.single_choice("start-year", "When ...?", ["1991", "1994"], key="sealed-v1:...")

In an assignment (no key anywhere in the notebook; keys live in the instructor's answer_keys/)::

    assignment = Assignment("a0_practice")
    assignment.single_choice("a0-year", "When ...?", ["1991", "1994"])
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any, ClassVar

import ipywidgets as widgets

from guarantees.answers import AnswerStore
from guarantees.exercises import (
    Exercise,
    Matching,
    MultipleChoice,
    NumberAnswer,
    Ordering,
    ShortText,
    SingleChoice,
)
from guarantees.option_order import order_seed

_current: Worksheet | None = None


def current_worksheet() -> Worksheet:
    """The worksheet most recently opened in this kernel."""
    if _current is None:
        raise RuntimeError(
            "No Lesson or Assignment is open in this kernel: run the notebook's first code cell."
        )
    return _current


class Worksheet:
    """The exercises of one notebook and the store their answers are saved in."""

    mode: ClassVar[str]

    def __init__(self, notebook: str, directory: str | Path | None = None) -> None:
        global _current
        self.notebook = notebook
        self.order_seed = order_seed(notebook)
        self.store = AnswerStore.beside_notebook(notebook, Path(directory) if directory else None)
        self.exercises: dict[str, Exercise] = {}
        self._progress: list[tuple[widgets.IntProgress, widgets.HTML]] = []
        self.store.load()
        _current = self

    # -- one method per exercise kind --------------------------------------------------

    def single_choice(self, question_id: str, prompt: str, options: list[str], **kw: Any):
        """One right option among ``options``."""
        return self._add(SingleChoice(question_id, prompt, options, **self._common(kw)))

    def multiple_choice(self, question_id: str, prompt: str, options: list[str], **kw: Any):
        """Every option that applies; credit for right ticks less wrong ones, above chance."""
        return self._add(MultipleChoice(question_id, prompt, options, **self._common(kw)))

    def number(self, question_id: str, prompt: str, *, tolerance: float = 0, unit: str = "", **kw):
        """A number, right within ``tolerance``."""
        return self._add(
            NumberAnswer(question_id, prompt, tolerance=tolerance, unit=unit, **self._common(kw))
        )

    def short_text(self, question_id: str, prompt: str, **kw: Any):
        """A word or a name; case, accents and punctuation do not matter."""
        return self._add(ShortText(question_id, prompt, **self._common(kw)))

    def ordering(self, question_id: str, prompt: str, items: list[str], **kw: Any):
        """Put ``items`` in order."""
        return self._add(Ordering(question_id, prompt, items, **self._common(kw)))

    def matching(self, question_id: str, prompt: str, left: list[str], right: list[str], **kw):
        """Pair each item of ``left`` with one of ``right``."""
        return self._add(Matching(question_id, prompt, left, right, **self._common(kw)))

    # -- progress -----------------------------------------------------------------------

    def progress(self) -> widgets.HBox:
        """A progress line that follows the answers as they are given."""
        bar = widgets.IntProgress(
            min=0, max=1, description="Progress:", style={"bar_color": "green"}
        )
        text = widgets.HTML()
        self._progress.append((bar, text))
        self._refresh()
        return widgets.HBox([bar, text])

    def summary(self) -> str:
        """The progress line as text."""
        total = len(self.exercises)
        answered = sum(exercise.is_answered for exercise in self.exercises.values())
        if self.mode == "graded":
            return f"{answered} of {total} questions answered and saved"
        right = sum(bool(e.last_score and e.last_score.is_correct) for e in self.exercises.values())
        return f"{answered} of {total} exercises answered, {right} checked and correct"

    def __getitem__(self, question_id: str) -> Exercise:
        try:
            return self.exercises[question_id]
        except KeyError:
            known = ", ".join(self.exercises) or "none yet"
            raise KeyError(
                f"No exercise {question_id!r} in {self.notebook}; known: {known}"
            ) from None

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        lines = [
            f"Your answers are saved in <code>{html.escape(self.store.path.name)}</code> "
            "as you give them."
        ]
        lines += [f"<b>⚠ {html.escape(problem)}</b>" for problem in self.store.problems]
        display(HTML("<br>".join(lines)))

    # -- inside ---------------------------------------------------------------------------

    def _common(self, options: dict[str, Any]) -> dict[str, Any]:
        unknown = set(options) - {"key", "hint", "explanation"}
        if unknown:
            raise TypeError(f"unexpected arguments: {', '.join(sorted(unknown))}")
        self._check_key(options.get("key"))
        return {
            **options,
            "store": self.store,
            "on_change": self._refresh,
            "order_seed": self.order_seed,
        }

    def _check_key(self, key: str | None) -> None:
        raise NotImplementedError

    def _add(self, exercise: Exercise) -> Exercise:
        self.exercises[exercise.question_id] = exercise
        self._refresh()
        return exercise

    def _refresh(self) -> None:
        answered = sum(exercise.is_answered for exercise in self.exercises.values())
        for bar, text in self._progress:
            bar.max, bar.value = max(1, len(self.exercises)), answered
            text.value = html.escape(self.summary())


class Lesson(Worksheet):
    """Self-check exercises: each carries a sealed key and gives feedback at once."""

    mode = "self-check"

    def _check_key(self, key: str | None) -> None:
        if key is None:
            raise ValueError(
                "A lesson exercise needs key=...: "
                "the build seals one from the exercise's answer lines."
            )


class Assignment(Worksheet):
    """Graded questions: answers are saved for nbgrader; no key is ever in the notebook."""

    mode = "graded"

    def _check_key(self, key: str | None) -> None:
        if key is not None:
            raise ValueError(
                "An assignment question takes no key: graded keys live in the instructor's "
                "answer_keys/ folder, never in a notebook students receive."
            )

    def show_saved(self, question_id: str) -> None:
        """Print what is saved for one question (the visible part of its autograder test)."""
        saved = self.store.get(question_id)
        if saved is None:
            print(f"{question_id}: no answer saved yet. Answer the question above.")
        else:
            print(f"{question_id}: your saved answer is {saved.value!r} (saved {saved.saved_at}).")
