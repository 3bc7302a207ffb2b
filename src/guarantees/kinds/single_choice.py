"""Single choice: the one right option, as text."""

from __future__ import annotations

from typing import Any

from guarantees.keys import Key
from guarantees.kinds.base import GuessableKind, Score, among_options, options_of


class SingleChoiceKind(GuessableKind):
    """One right option among several: all or nothing (a random pick is right one time in
    ``options``)."""

    kind = "single_choice"

    @classmethod
    def coerce(cls, value: Any) -> str:
        if not isinstance(value, str):
            raise TypeError(f"a single-choice answer is one option as text, not {value!r}")
        return value

    @classmethod
    def facts(cls, answer: str, **params: Any) -> list[str]:
        among_options([cls.coerce(answer)], params)
        return [f"choice={answer}"]

    @classmethod
    def random_outcomes(cls, size: int, **params: Any) -> dict[float, float]:
        hit = 1 / len(options_of(params))
        return {1.0: hit, 0.0: 1 - hit}

    @classmethod
    def credit(cls, raw: float, size: int, **params: Any) -> float:
        """All or nothing: what ``chance_corrected`` gives for 0 and 1, without the options."""
        return raw

    @classmethod
    def score(cls, answer: str, key: Key, **params: Any) -> Score:
        if key.holds(f"choice={cls.coerce(answer)}"):
            return Score(1.0, "that is the right option")
        return Score(0.0, "that is not the best option")
