"""Single choice: pick the one right option."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from guarantees.exercises.base import Exercise, Score, choice_group, labelled
from guarantees.keys import Key


def checked_options(options: Any, kind: str) -> list[str]:
    """Options as a list of at least two distinct strings, or a clear error."""
    options = list(options)
    if len(options) < 2 or not all(isinstance(option, str) and option for option in options):
        raise ValueError(f"a {kind} question needs at least two options, each a non-empty string")
    if len(set(options)) != len(options):
        raise ValueError(f"the options of a {kind} question must all differ")
    return options


class SingleChoice(Exercise):
    """One right option among several, shown as radio buttons."""

    kind = "single_choice"

    def __init__(self, question_id: str, prompt: str, options: list[str], **kwargs: Any) -> None:
        self.options = checked_options(options, "single-choice")
        super().__init__(question_id, prompt, **kwargs)

    def _make_input(self) -> widgets.Widget:
        radio = widgets.RadioButtons(
            options=self.options, value=None, layout=widgets.Layout(width="auto")
        )
        radio.observe(self._changed, names="value")
        return choice_group(labelled(radio, "Your answer:"))

    def _read_input(self) -> str | None:
        return self.input.value

    def _write_input(self, value: str) -> None:
        self.input.value = value

    def normalize(self, value: Any) -> str:
        value = self.coerce(value)
        if value not in self.options:
            raise ValueError(f"{value!r} is not one of the options {self.options}")
        return value

    @classmethod
    def coerce(cls, value: Any) -> str:
        if not isinstance(value, str):
            raise TypeError(f"a single-choice answer is one option as text, not {value!r}")
        return value

    @classmethod
    def facts(cls, answer: str, **params: Any) -> list[str]:
        return [f"choice={cls.coerce(answer)}"]

    @classmethod
    def score(cls, answer: str, key: Key, **params: Any) -> Score:
        if key.holds(f"choice={cls.coerce(answer)}"):
            return Score(1.0, "that is the right option")
        return Score(0.0, "that is not the best option")
