"""What every kind of answer shares: a :class:`Score`, and the :class:`Kind` rules to fill in.

A kind knows three things, none of them about widgets: which values are answers of the kind
(``coerce``), which facts a right answer states (``facts``: what a key is made of), and how much
of an answer a key confirms (``score``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from guarantees.keys import Key


@dataclass(frozen=True)
class Score:
    """How much of an answer is right (0 to 1) and a short summary that gives nothing away."""

    fraction: float
    summary: str

    @property
    def is_correct(self) -> bool:
        return self.fraction >= 1.0


class Kind:
    """The rules of one kind of answer; subclasses fill in the three class methods."""

    kind: ClassVar[str]

    @classmethod
    def coerce(cls, value: Any) -> Any:
        """Check an answer's type for this kind; raise ``TypeError`` or ``ValueError``."""
        raise NotImplementedError

    @classmethod
    def facts(cls, answer: Any, **params: Any) -> list[str]:
        """The facts a right answer states: what a key is made of."""
        raise NotImplementedError

    @classmethod
    def score(cls, answer: Any, key: Key, **params: Any) -> Score:
        """How much of ``answer`` the key confirms."""
        raise NotImplementedError
