"""Exercise widgets, one module per kind; their rules are the pure ``guarantees.kinds``.

``kind_named`` and ``seal_answer`` are :mod:`guarantees.scoring`'s, importable from here as before.

>>> from guarantees.exercises import seal_answer
>>> seal_answer("single_choice", "1994").startswith("sealed-v1:")
True
"""

from __future__ import annotations

from guarantees.exercises.base import Exercise
from guarantees.exercises.matching import Matching
from guarantees.exercises.multiple_choice import MultipleChoice
from guarantees.exercises.number import NumberAnswer
from guarantees.exercises.ordering import Ordering
from guarantees.exercises.short_text import ShortText
from guarantees.exercises.single_choice import SingleChoice
from guarantees.kinds import Score
from guarantees.scoring import kind_named, seal_answer

__all__ = [
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
