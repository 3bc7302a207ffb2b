"""The kinds of answer, free of any widget: what an answer is, what a key holds, how it scores.

>>> from guarantees.kinds import KINDS
>>> sorted(KINDS)
['matching', 'multiple_choice', 'number', 'ordering', 'short_text', 'single_choice']
"""

from __future__ import annotations

from guarantees.kinds.base import Kind, Score
from guarantees.kinds.matching import MatchingKind
from guarantees.kinds.multiple_choice import MultipleChoiceKind
from guarantees.kinds.number import NumberKind
from guarantees.kinds.ordering import OrderingKind
from guarantees.kinds.short_text import ShortTextKind
from guarantees.kinds.single_choice import SingleChoiceKind

KINDS: dict[str, type[Kind]] = {
    kind.kind: kind
    for kind in (
        SingleChoiceKind,
        MultipleChoiceKind,
        NumberKind,
        ShortTextKind,
        OrderingKind,
        MatchingKind,
    )
}

__all__ = [
    "KINDS",
    "Kind",
    "MatchingKind",
    "MultipleChoiceKind",
    "NumberKind",
    "OrderingKind",
    "Score",
    "ShortTextKind",
    "SingleChoiceKind",
]
