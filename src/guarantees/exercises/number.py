"""Number: type a number; it is right within a stated tolerance."""

from __future__ import annotations

import math
import numbers
from typing import Any

import ipywidgets as widgets

from guarantees.exercises.base import Exercise
from guarantees.exercises.controls import labelled
from guarantees.kinds.number import NumberKind


def parse_number(text: str) -> float | None:
    """A number typed by a person: ``"1,900"``, ``" 3.5 "`` and ``"2 %"`` all read."""
    cleaned = text.replace(",", "").replace("%", "").replace(" ", "").replace("\u2212", "-")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class NumberAnswer(NumberKind, Exercise):
    """A number, right when within ``tolerance`` of the key (given in ``unit``)."""

    def __init__(
        self, question_id: str, prompt: str, *, tolerance: float = 0, unit: str = "", **kwargs: Any
    ) -> None:
        if isinstance(tolerance, bool) or not isinstance(tolerance, numbers.Real) or tolerance < 0:
            raise ValueError(f"tolerance must be a number of at least 0, not {tolerance!r}")
        self.tolerance = float(tolerance)
        self.unit = unit
        super().__init__(question_id, prompt, **kwargs)

    def _make_input(self) -> widgets.Widget:
        accepted = f" (within ±{self.tolerance:g})" if self.tolerance else ""
        unit = f" in {self.unit}" if self.unit else ""
        box = widgets.Text(
            value="", placeholder="a number", continuous_update=False, layout={"width": "auto"}
        )
        box.observe(self._changed, names="value")
        return labelled(box, f"Your answer{unit}{accepted}:")

    def _read_input(self) -> int | float | None:
        parsed = parse_number(self.input.value)
        return None if parsed is None else self.coerce(parsed)

    def _write_input(self, value: float) -> None:
        self.input.value = f"{value:g}" if abs(value) < 1e15 else str(value)

    def _changed(self, *args: Any) -> None:
        if self.input.value.strip() and self.value is None:
            self._show("warning", f"{self.input.value!r} is not a number: type digits, e.g. 1994.")
            return
        super()._changed(*args)

    def _params(self) -> dict[str, Any]:
        return {"tolerance": self.tolerance}
