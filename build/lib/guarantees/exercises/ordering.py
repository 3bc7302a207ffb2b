"""Ordering: put items (e.g. events on a timeline) in the right order."""

from __future__ import annotations

import bisect
import html
from typing import Any

import ipywidgets as widgets

from guarantees.exercises.base import Exercise, Score, labelled
from guarantees.exercises.single_choice import checked_options
from guarantees.keys import Key


def choice_list(choices: list[str], label: str) -> widgets.Dropdown:
    """A labelled drop-down list that starts on "— choose —" (value ``None``)."""
    options = [("— choose —", None), *((choice, choice) for choice in choices)]
    return labelled(widgets.Dropdown(options=options, index=0, layout={"width": "auto"}), label)


def choose(dropdown: widgets.Dropdown, value: str | None) -> None:
    """Select ``value``, or "— choose —" for ``None``."""
    if value is None:
        dropdown.index = 0
    else:
        dropdown.value = value


def longest_increasing_run(values: list[int]) -> int:
    """Length of the longest strictly increasing subsequence.

    >>> longest_increasing_run([2, 3, 4, 1])
    3
    """
    tails: list[int] = []
    for value in values:
        place = bisect.bisect_left(tails, value)
        tails[place : place + 1] = [value]
    return len(tails)


class Ordering(Exercise):
    """Choose the item for each position from a drop-down list.

    Partial credit counts the largest group of items placed in the right order relative to each
    other: one item out of place costs one step, not the whole question.
    """

    kind = "ordering"

    def __init__(self, question_id: str, prompt: str, items: list[str], **kwargs: Any) -> None:
        self.items = checked_options(items, "ordering")
        super().__init__(question_id, prompt, **kwargs)

    def _make_input(self) -> widgets.Widget:
        self._positions = [
            choice_list(self.items, f"Position {number}:")
            for number in range(1, len(self.items) + 1)
        ]
        for position in self._positions:
            position.observe(self._changed, names="value")
        listed = "".join(f"<li>{html.escape(item)}</li>" for item in self.items)
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

    @classmethod
    def coerce(cls, value: Any) -> list[str | None]:
        if not isinstance(value, (list, tuple)) or not all(
            item is None or isinstance(item, str) for item in value
        ):
            raise TypeError(f"an ordering answer is a list of items, not {value!r}")
        placed = [item for item in value if item is not None]
        if len(set(placed)) != len(placed):
            raise ValueError("each item may be placed once")
        return list(value)

    @classmethod
    def facts(cls, answer: list[str], **params: Any) -> list[str]:
        answer = cls.coerce(answer)
        if None in answer:
            raise ValueError("a key to an ordering places every item")
        return [f"position {number}={item}" for number, item in enumerate(answer, start=1)]

    @classmethod
    def score(cls, answer: list[str | None], key: Key, **params: Any) -> Score:
        answer, size = cls.coerce(answer), key.size
        in_place = sum(
            key.holds(f"position {number}={item}") for number, item in enumerate(answer, start=1)
        )
        right_positions = [
            number
            for item in answer
            if item is not None
            for number in range(1, size + 1)
            if key.holds(f"position {number}={item}")
        ]
        run = longest_increasing_run(right_positions)
        fraction = 1.0 if in_place == size else max(0, run - 1) / max(1, size - 1)
        summary = (
            f"{in_place} of {size} in the right position; "
            f"{run} of {size} in the right order relative to each other"
        )
        return Score(fraction, summary)
