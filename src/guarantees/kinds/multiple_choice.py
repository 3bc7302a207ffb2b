"""Multiple choice: every option that applies, as a list of texts.

>>> from guarantees.keys import PlainKey
>>> key = PlainKey.of(MultipleChoiceKind.facts(["a", "b", "c"]))
>>> options = ["a", "b", "c", "d", "e", "f"]
>>> round(MultipleChoiceKind.random_credit(3, options=options), 3)
0.122
>>> round(MultipleChoiceKind.score(["a", "b"], key, options=options).fraction, 3)
0.605
"""

from __future__ import annotations

from functools import lru_cache
from math import comb
from typing import Any

from guarantees.keys import Key
from guarantees.kinds.base import GuessableKind, Score, among_options, options_of


@lru_cache(maxsize=256)
def _outcomes(right: int, options: int) -> tuple[tuple[float, float], ...]:
    """Raw shares of a random set of ticks: each of the ``options`` ticked or not, even odds."""
    if not 1 <= right <= options:
        raise ValueError(f"a key of {right} right options needs at least {right} options")
    wrong = options - right
    shares: dict[float, float] = {}
    for r in range(right + 1):
        for w in range(wrong + 1):
            share = max(0, r - w) / right
            shares[share] = shares.get(share, 0.0) + comb(right, r) * comb(wrong, w) / 2**options
    return tuple(sorted(shares.items()))


class MultipleChoiceKind(GuessableKind):
    """Several right options. Raw share: right ticks minus wrong ticks, over the right options,
    never below 0; the credit is that share above what random ticks earn (``chance_corrected``)."""

    kind = "multiple_choice"

    @classmethod
    def coerce(cls, value: Any) -> list[str]:
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise TypeError(f"a multiple-choice answer is a list of options, not {value!r}")
        if len(set(value)) != len(value):
            raise ValueError("each option may be ticked once")
        return list(value)

    @classmethod
    def facts(cls, answer: list[str], **params: Any) -> list[str]:
        among_options(cls.coerce(answer), params)
        return [f"option={option}" for option in answer]

    @classmethod
    def random_outcomes(cls, size: int, **params: Any) -> dict[float, float]:
        return dict(_outcomes(size, len(options_of(params))))

    @classmethod
    def score(cls, answer: list[str], key: Key, **params: Any) -> Score:
        ticked = cls.coerce(answer)
        right = sum(key.holds(f"option={option}") for option in ticked)
        wrong = len(ticked) - right
        summary = f"{right} of {key.size} right options ticked"
        if wrong:
            summary += f", and {wrong} that do not apply"
        raw = max(0, right - wrong) / key.size
        return Score(cls.credit(raw, key.size, **params), summary)
