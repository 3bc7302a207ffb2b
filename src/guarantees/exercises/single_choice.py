"""Single choice: pick the one right option."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from guarantees.exercises.base import Exercise
from guarantees.exercises.controls import checked_options, choice_group, labelled
from guarantees.kinds.single_choice import SingleChoiceKind


class SingleChoice(SingleChoiceKind, Exercise):
    """One right option among several, shown as radio buttons in the student's own order."""

    def __init__(self, question_id: str, prompt: str, options: list[str], **kwargs: Any) -> None:
        self.options = checked_options(options, "single-choice")
        super().__init__(question_id, prompt, **kwargs)

    def _make_input(self) -> widgets.Widget:
        radio = widgets.RadioButtons(
            options=self.shown_order(self.options), value=None, layout=widgets.Layout(width="auto")
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

    def _params(self) -> dict[str, Any]:
        return {"options": self.options}
