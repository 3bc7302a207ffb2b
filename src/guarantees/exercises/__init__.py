"""Exercise widgets, one module per kind; their rules are the pure ``guarantees.kinds``, and
:mod:`guarantees.scoring` scores and seals answers.

>>> from guarantees.exercises import SingleChoice
>>> SingleChoice.kind
'single_choice'
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

__all__ = [
    "Exercise",
    "Matching",
    "MultipleChoice",
    "NumberAnswer",
    "Ordering",
    "Score",
    "ShortText",
    "SingleChoice",
]
