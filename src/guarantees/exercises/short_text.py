"""Short text: a word or a name, compared without regard to case, spacing or punctuation."""

from __future__ import annotations

import ipywidgets as widgets

from guarantees.exercises.base import Exercise
from guarantees.exercises.controls import labelled
from guarantees.kinds.short_text import ShortTextKind


class ShortText(ShortTextKind, Exercise):
    """A short typed answer; the key may accept several spellings."""

    def _make_input(self) -> widgets.Widget:
        box = widgets.Text(
            value="",
            placeholder="type a short answer",
            continuous_update=False,
            layout={"width": "auto"},
        )
        box.observe(self._changed, names="value")
        return labelled(box, "Your answer:")

    def _read_input(self) -> str | None:
        return self.input.value.strip() or None

    def _write_input(self, value: str) -> None:
        self.input.value = value
