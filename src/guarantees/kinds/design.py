"""Design: a valid guarantee design of the scenario model (any valid design is right).

>>> from guarantees.keys import PlainKey
>>> design = {"guarantor": "European coalition", "troops": "tripwire",
...           "trigger": "automatic", "form": "binding treaty"}
>>> DesignKind.score(design, PlainKey.of(DesignKind.facts("any"))).fraction
1.0
"""

from __future__ import annotations

from typing import Any

from guarantees.keys import Key
from guarantees.kinds.base import Kind, Score


class DesignKind(Kind):
    """A ``Scenario`` of the model, recorded as its four choices."""

    kind = "design"

    @classmethod
    def coerce(cls, value: Any) -> dict[str, str]:
        from guarantees.scenarios import Scenario  # the model says which choices exist

        if not isinstance(value, dict) or set(value) != set(Scenario.__dataclass_fields__):
            raise TypeError("a design is a Scenario(guarantor, troops, trigger, form)")
        Scenario(**value)
        return dict(value)

    @classmethod
    def facts(cls, answer: Any, **params: Any) -> list[str]:
        return ["design=any valid"]

    @classmethod
    def score(cls, answer: dict[str, str], key: Key, **params: Any) -> Score:
        cls.coerce(answer)
        return Score(1.0, "that is a valid design")
