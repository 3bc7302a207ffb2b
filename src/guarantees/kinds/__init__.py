"""The kinds of answer, free of any widget: what an answer is, what a key holds, how it scores.

>>> from guarantees.kinds import KINDS
>>> len(KINDS), sorted(KINDS)[:3]
(8, ['bar_chart', 'design', 'matching'])
"""

from __future__ import annotations

from guarantees.kinds.bar_chart import BarChartKind
from guarantees.kinds.base import Kind, Score
from guarantees.kinds.design import DesignKind
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
        BarChartKind,
        DesignKind,
    )
}

__all__ = [
    "KINDS",
    "BarChartKind",
    "DesignKind",
    "Kind",
    "MatchingKind",
    "MultipleChoiceKind",
    "NumberKind",
    "OrderingKind",
    "Score",
    "ShortTextKind",
    "SingleChoiceKind",
]
