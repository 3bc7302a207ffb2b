"""Exercise widgets, one module per kind, and the helper that seals a lesson's key.

>>> from guarantees.exercises import seal_answer, KINDS
>>> sorted(KINDS)
['matching', 'multiple_choice', 'number', 'ordering', 'short_text', 'single_choice']
>>> seal_answer("single_choice", "1994").startswith("sealed-v1:")
True
"""

from __future__ import annotations

from typing import Any

from guarantees.exercises.base import Exercise, Score
from guarantees.exercises.matching import Matching
from guarantees.exercises.multiple_choice import MultipleChoice
from guarantees.exercises.number import NumberAnswer
from guarantees.exercises.ordering import Ordering
from guarantees.exercises.short_text import ShortText
from guarantees.exercises.single_choice import SingleChoice
from guarantees.keys import seal

KINDS: dict[str, type[Exercise]] = {
    kind.kind: kind
    for kind in (SingleChoice, MultipleChoice, NumberAnswer, ShortText, Ordering, Matching)
}


def kind_named(name: str) -> type[Exercise]:
    """The exercise class for a kind name, or a clear error listing the kinds."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown exercise kind {name!r}; kinds are {sorted(KINDS)}") from None


def seal_answer(kind: str, answer: Any, salt: str | None = None, **params: Any) -> str:
    """The sealed key for a self-check exercise, to paste as its ``key=``."""
    return seal(kind_named(kind).facts(answer, **params), salt=salt)


__all__ = [
    "KINDS",
    "Exercise",
    "Matching",
    "MultipleChoice",
    "NumberAnswer",
    "Ordering",
    "Score",
    "ShortText",
    "SingleChoice",
    "kind_named",
    "seal_answer",
]
