"""Multiple choice: tick every option that applies."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from guarantees.exercises.base import Exercise
from guarantees.exercises.controls import checked_options, choice_group
from guarantees.kinds.multiple_choice import MultipleChoiceKind


class MultipleChoice(MultipleChoiceKind, Exercise):
    """Several right options, shown as checkboxes in the student's own order; the ticked ones
    are saved in the authored order, so an answer reads the same whatever order was shown."""

    def __init__(self, question_id: str, prompt: str, options: list[str], **kwargs: Any) -> None:
        self.options = checked_options(options, "multiple-choice")
        super().__init__(question_id, prompt, **kwargs)

    def _make_input(self) -> widgets.Widget:
        self._boxes = [
            widgets.Checkbox(
                value=False,
                description=option,
                tooltip=option,
                indent=False,
                layout=widgets.Layout(width="auto"),
            )
            for option in self.shown_order(self.options)
        ]
        for box in self._boxes:
            box.observe(self._changed, names="value")
        return choice_group(
            widgets.VBox([widgets.HTML("<i>Tick every option that applies.</i>"), *self._boxes])
        )

    def _read_input(self) -> list[str]:
        ticked = {box.description for box in self._boxes if box.value}
        return [option for option in self.options if option in ticked]

    def _write_input(self, value: list[str]) -> None:
        for box in self._boxes:
            box.value = box.description in value

    def normalize(self, value: Any) -> list[str]:
        value = self.coerce(value)
        unknown = [option for option in value if option not in self.options]
        if unknown:
            raise ValueError(f"{unknown} are not among the options {self.options}")
        return [option for option in self.options if option in value]

    def _params(self) -> dict[str, Any]:
        return {"options": self.options}
