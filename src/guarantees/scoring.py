"""Scoring an answer against a key: the one place, for every kind and every caller.

The hidden tests (``award_points``), the scores set after grading, the preflight and the report all
score through :func:`points` (or :func:`score`), and lessons' sealed keys are made by
:func:`seal_answer`. Nothing here imports widget code.

>>> entry = KeyEntry("number", 1994, {"tolerance": 1})
>>> points(entry, 1995, 2)
(2.0, 'That number is right.')
>>> points(entry, "1994", 2)[0]
0.0
>>> seal_answer("single_choice", "1994", salt="0123456789abcdef").startswith("sealed-v1:")
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from guarantees.answers import SavedAnswer
from guarantees.keys import PlainKey, seal
from guarantees.kinds import KINDS, Kind, Score


@dataclass(frozen=True)
class KeyEntry:
    """The key to one graded question: its kind, the right answer and the kind's parameters."""

    kind: str
    answer: Any
    params: dict[str, Any] = field(default_factory=dict)


def kind_named(name: str) -> type[Kind]:
    """The rules of a kind of answer, or a clear error listing the kinds."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown exercise kind {name!r}; kinds are {sorted(KINDS)}") from None


def seal_answer(kind: str, answer: Any, *, salt: str | None = None, **params: Any) -> str:
    """The sealed key for a self-check exercise, to paste as its ``key=``."""
    return seal(kind_named(kind).facts(answer, **params), salt=salt)


def score(entry: KeyEntry, value: Any) -> Score:
    """How much of ``value`` is right against ``entry``; ``TypeError`` or ``ValueError`` when
    ``value`` is not an answer of the entry's kind."""
    kind = kind_named(entry.kind)
    answer = kind.coerce(value)
    return kind.score(answer, PlainKey.of(kind.facts(entry.answer, **entry.params)), **entry.params)


def points(entry: KeyEntry, value: Any, available: float) -> tuple[float, str]:
    """Points ``value`` earns out of ``available`` against ``entry``, and why."""
    try:
        found = score(entry, value)
    except (TypeError, ValueError, ArithmeticError, RecursionError) as error:
        return 0.0, f"The answer cannot be graded: {error}."
    earned = min(float(available), round(float(available) * found.fraction, 2))
    return earned, f"{found.summary[0].upper()}{found.summary[1:]}."


def saved_points(entry: KeyEntry, saved: SavedAnswer | None, available: float) -> tuple[float, str]:
    """Points a widget's saved answer earns out of ``available``, and why."""
    if saved is None:
        return 0.0, "No saved answer was found."
    if saved.kind != entry.kind:
        return 0.0, "The saved answer is of the wrong kind."
    return points(entry, saved.value, available)


def check_saved(entry: KeyEntry, saved: SavedAnswer) -> None:
    """Raise ``TypeError`` or ``ValueError`` saying why a saved answer cannot be graded."""
    if saved.kind != entry.kind:
        raise TypeError(f"saved as {saved.kind}, expected {entry.kind}")
    kind_named(entry.kind).coerce(saved.value)
