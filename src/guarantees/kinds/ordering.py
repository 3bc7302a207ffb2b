"""Ordering: items (e.g. events on a timeline) in the right order, one per position."""

from __future__ import annotations

import bisect
from functools import lru_cache
from math import factorial
from typing import Any

from guarantees.keys import Key
from guarantees.kinds.base import GuessableKind, Score


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


def partitions(number: int, largest: int | None = None) -> list[tuple[int, ...]]:
    """The partitions of ``number``, parts in decreasing order.

    >>> partitions(4)
    [(4,), (3, 1), (2, 2), (2, 1, 1), (1, 1, 1, 1)]
    """
    largest = number if largest is None else largest
    if number == 0:
        return [()]
    return [
        (part, *rest)
        for part in range(min(number, largest), 0, -1)
        for rest in partitions(number - part, part)
    ]


def standard_tableaux(shape: tuple[int, ...]) -> int:
    """The number of standard Young tableaux of ``shape`` (the hook length formula).

    >>> standard_tableaux((2, 1)), standard_tableaux((3, 2))
    (2, 5)
    """
    columns = [sum(1 for row in shape if row > column) for column in range(shape[0])]
    hooks = 1
    for row, length in enumerate(shape):
        for column in range(length):
            hooks *= (length - column - 1) + (columns[column] - row - 1) + 1
    return factorial(sum(shape)) // hooks


@lru_cache(maxsize=64)
def _run_counts(size: int) -> tuple[tuple[int, int], ...]:
    """How many orders of ``size`` items have each longest increasing run: by the
    Robinson–Schensted correspondence, the orders whose run is ``k`` number the sum of the
    squared tableaux counts of the shapes whose first row is ``k``."""
    counts: dict[int, int] = {}
    for shape in partitions(size):
        counts[shape[0]] = counts.get(shape[0], 0) + standard_tableaux(shape) ** 2
    return tuple(sorted(counts.items()))


class OrderingKind(GuessableKind):
    """A list of items by position (``None`` for a position not filled yet).

    Raw share: the largest group of items placed in the right order relative to each other, less
    one, over the items less one (all in place: 1): one item out of place costs one step, not
    the whole question. The credit is that share above what a random order earns
    (``chance_corrected``).

    >>> round(OrderingKind.random_credit(5), 3)
    0.129
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
        raw = 1.0 if in_place == size else max(0, run - 1) / max(1, size - 1)
        summary = (
            f"{in_place} of {size} in the right position; "
            f"{run} of {size} in the right order relative to each other"
        )
        return Score(cls.credit(raw, size), summary)

    @classmethod
    def random_outcomes(cls, size: int, **params: Any) -> dict[float, float]:
        """Every order of the ``size`` items equally likely."""
        if size < 2:
            return {1.0: 1.0}
        total = factorial(size)
        return {(run - 1) / (size - 1): count / total for run, count in _run_counts(size)}
