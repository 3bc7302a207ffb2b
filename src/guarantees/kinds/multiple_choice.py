"""Multiple choice: every option that applies, as a list of texts."""

from __future__ import annotations

from typing import Any

from guarantees.keys import Key
from guarantees.kinds.base import Kind, Score


class MultipleChoiceKind(Kind):
    """Several right options. Partial credit: right ticks minus wrong ticks."""

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
        return [f"option={option}" for option in cls.coerce(answer)]

    @classmethod
    def score(cls, answer: list[str], key: Key, **params: Any) -> Score:
        ticked = cls.coerce(answer)
        right = sum(key.holds(f"option={option}") for option in ticked)
        wrong = len(ticked) - right
        summary = f"{right} of {key.size} right options ticked"
        if wrong:
            summary += f", and {wrong} that do not apply"
        return Score(max(0, right - wrong) / key.size, summary)
