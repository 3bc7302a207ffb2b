"""Matching: each item on the left paired with one on the right."""

from __future__ import annotations

from typing import Any

from guarantees.keys import Key
from guarantees.kinds.base import Kind, Score


class MatchingKind(Kind):
    """A mapping of items to partners; partners may be used more than once."""

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
        return [f"{item}={partner}" for item, partner in cls.coerce(answer).items()]

    @classmethod
    def score(cls, answer: dict[str, str], key: Key, **params: Any) -> Score:
        right = sum(key.holds(fact) for fact in cls.facts(answer))
        return Score(right / key.size, f"{right} of {key.size} pairs right")
