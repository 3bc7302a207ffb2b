"""Ordering: items (e.g. events on a timeline) in the right order, one per position."""

from __future__ import annotations

import bisect
from typing import Any

from guarantees.keys import Key
from guarantees.kinds.base import Kind, Score


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


class OrderingKind(Kind):
    """A list of items by position (``None`` for a position not filled yet).

    Partial credit counts the largest group of items placed in the right order relative to each
    other: one item out of place costs one step, not the whole question.
    """

    kind = "ordering"

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
