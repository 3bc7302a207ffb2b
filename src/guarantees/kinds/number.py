"""Number: right within a stated tolerance."""

from __future__ import annotations

import math
import numbers
from typing import Any

from guarantees.keys import Key
from guarantees.kinds.base import Kind, Score

GRID_STEPS_PER_TOLERANCE = 10
EXACT_STEP = 0.001
LARGEST = 1e15
"""No answer of the course comes near; larger values cannot be placed on a grid."""


def grid_step(tolerance: float) -> float:
    """Answers are compared on a grid this fine, so a sealed key can hold a range of numbers."""
    return tolerance / GRID_STEPS_PER_TOLERANCE if tolerance > 0 else EXACT_STEP


class NumberKind(Kind):
    """A number, right when within ``tolerance`` of the key."""

    kind = "number"

    @classmethod
    def coerce(cls, value: Any) -> int | float:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"a number answer is a number, not {value!r}")
        value = float(value)
        if not math.isfinite(value) or abs(value) > LARGEST:
            raise ValueError(f"a number answer must be finite and at most {LARGEST:g} in size")
        return int(value) if value.is_integer() and abs(value) < 2**53 else value

    @classmethod
    def facts(cls, answer: float, tolerance: float = 0, **params: Any) -> list[str]:
        step, right = grid_step(tolerance), cls.coerce(answer)
        low = math.ceil((right - tolerance) / step - 1e-9)
        high = math.floor((right + tolerance) / step + 1e-9)
        return [f"grid={index}" for index in range(low, high + 1)]

    @classmethod
    def score(cls, answer: float, key: Key, tolerance: float = 0, **params: Any) -> Score:
        index = round(cls.coerce(answer) / grid_step(tolerance))
        if key.holds(f"grid={index}"):
            return Score(1.0, "that number is right")
        return Score(0.0, "that number is outside the accepted range")
