"""Single choice: the one right option, as text."""

from __future__ import annotations

from typing import Any

from guarantees.keys import Key
from guarantees.kinds.base import Kind, Score


class SingleChoiceKind(Kind):
    """One right option among several."""

    kind = "single_choice"

    @classmethod
    def coerce(cls, value: Any) -> str:
        if not isinstance(value, str):
            raise TypeError(f"a single-choice answer is one option as text, not {value!r}")
        return value

    @classmethod
    def facts(cls, answer: str, **params: Any) -> list[str]:
        return [f"choice={cls.coerce(answer)}"]

    @classmethod
    def score(cls, answer: str, key: Key, **params: Any) -> Score:
        if key.holds(f"choice={cls.coerce(answer)}"):
            return Score(1.0, "that is the right option")
        return Score(0.0, "that is not the best option")
