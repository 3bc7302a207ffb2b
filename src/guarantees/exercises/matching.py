"""Matching: pair each item on the left with one on the right."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from guarantees.exercises.base import Exercise
from guarantees.exercises.controls import checked_options, choice_list, choose
from guarantees.kinds.matching import MatchingKind


class Matching(MatchingKind, Exercise):
    """For each left-hand item choose a partner; partners may be used more than once. The
    partners are listed in the student's own order."""

    def __init__(
        self, question_id: str, prompt: str, left: list[str], right: list[str], **kwargs: Any
    ) -> None:
        self.left = checked_options(left, "matching")
        self.right = checked_options(right, "matching")
        super().__init__(question_id, prompt, **kwargs)

    def _make_input(self) -> widgets.Widget:
        partners = self.shown_order(self.right)
        self._pairs = {item: choice_list(partners, f"{item} →") for item in self.left}
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

    def _params(self) -> dict[str, Any]:
        return {"options": self.right}
