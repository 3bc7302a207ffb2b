"""Matching: pair each item on the left with one on the right."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from guarantees.exercises.base import Exercise, Score
from guarantees.exercises.ordering import choice_list, choose
from guarantees.exercises.single_choice import checked_options
from guarantees.keys import Key


class Matching(Exercise):
    """For each left-hand item choose a partner; partners may be used more than once."""

    kind = "matching"

    def __init__(
        self, question_id: str, prompt: str, left: list[str], right: list[str], **kwargs: Any
    ) -> None:
        self.left = checked_options(left, "matching")
        self.right = checked_options(right, "matching")
        super().__init__(question_id, prompt, **kwargs)

    def _make_input(self) -> widgets.Widget:
        self._pairs = {item: choice_list(self.right, f"{item} →") for item in self.left}
        for dropdown in self._pairs.values():
            dropdown.observe(self._changed, names="value")
        return widgets.VBox(list(self._pairs.values()))

    def _read_input(self) -> dict[str, str] | None:
        chosen = {item: dd.value for item, dd in self._pairs.items() if dd.value is not None}
        return chosen or None

    def _write_input(self, value: dict[str, str]) -> None:
        for item, dropdown in self._pairs.items():
            choose(dropdown, value.get(item))

    def normalize(self, value: Any) -> dict[str, str]:
        value = self.coerce(value)
        unknown = [k for k in value if k not in self.left]
        unknown += [v for v in value.values() if v not in self.right]
        if unknown:
            raise ValueError(f"{unknown} are not among the items to match")
        return {item: value[item] for item in self.left if item in value}

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
