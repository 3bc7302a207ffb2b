"""Matching: each item on the left paired with one on the right.

>>> from guarantees.keys import PlainKey
>>> key = PlainKey.of(MatchingKind.facts({"a": "x", "b": "y", "c": "x", "d": "z"}))
>>> answer = {"a": "x", "b": "y", "c": "z"}
>>> round(MatchingKind.score(answer, key, options=["x", "y", "z"]).fraction, 3)
0.25
"""

from __future__ import annotations

from math import comb
from typing import Any

from guarantees.keys import Key
from guarantees.kinds.base import GuessableKind, Score, among_options, options_of


class MatchingKind(GuessableKind):
    """A mapping of items to partners; partners may be used more than once. Raw share: the pairs
    right; the credit is that share above what random partners earn (``chance_corrected``)."""

    kind = "matching"

    @classmethod
    def coerce(cls, value: Any) -> dict[str, str]:
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise TypeError(f"a matching answer maps items to partners, not {value!r}")
        return dict(value)

    @classmethod
    def facts(cls, answer: dict[str, str], **params: Any) -> list[str]:
        among_options(list(cls.coerce(answer).values()), params)
        return [f"{item}={partner}" for item, partner in answer.items()]

    @classmethod
    def random_outcomes(cls, size: int, **params: Any) -> dict[float, float]:
        """Each of ``size`` items gets one of the partners (``options``) at random."""
        hit = 1 / len(options_of(params))
        return {
            right / size: comb(size, right) * hit**right * (1 - hit) ** (size - right)
            for right in range(size + 1)
        }

    @classmethod
    def score(cls, answer: dict[str, str], key: Key, **params: Any) -> Score:
        right = sum(key.holds(fact) for fact in cls.facts(answer))
        raw = right / key.size
        return Score(cls.credit(raw, key.size, **params), f"{right} of {key.size} pairs right")
