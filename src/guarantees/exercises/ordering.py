"""Ordering: put items (e.g. events on a timeline) in the right order."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from guarantees.exercises.base import Exercise
from guarantees.exercises.controls import checked_options, choice_list, choose
from guarantees.kinds.ordering import OrderingKind


class Ordering(OrderingKind, Exercise):
    """Choose the item for each position from a drop-down list; the items to place are listed
    in the student's own starting order."""

    def __init__(self, question_id: str, prompt: str, items: list[str], **kwargs: Any) -> None:
        self.items = checked_options(items, "ordering")
        super().__init__(question_id, prompt, **kwargs)

    def _make_input(self) -> widgets.Widget:
        items = self.shown_order(self.items)
        self._positions = [
            choice_list(items, f"Position {number}:") for number in range(1, len(self.items) + 1)
        ]
        for position in self._positions:
            position.observe(self._changed, names="value")
        listed = "".join(f"<li>{html.escape(item)}</li>" for item in items)
        return widgets.VBox(
            [widgets.HTML(f"<i>Items to place:</i><ul>{listed}</ul>"), *self._positions]
        )

    def _read_input(self) -> list[str | None] | None:
        chosen = [position.value for position in self._positions]
        return None if all(item is None for item in chosen) else chosen

    def _write_input(self, value: list[str | None]) -> None:
        for position, item in zip(self._positions, value, strict=True):
            choose(position, item)

    def normalize(self, value: Any) -> list[str | None]:
        value = self.coerce(value)
        if len(value) != len(self.items):
            raise ValueError(f"an order of these items has {len(self.items)} positions")
        unknown = [item for item in value if item is not None and item not in self.items]
        if unknown:
            raise ValueError(f"{unknown} are not among the items {self.items}")
        return value
