"""What every kind of answer shares: a :class:`Score`, and the :class:`Kind` rules to fill in.

A kind knows three things, none of them about widgets: which values are answers of the kind
(``coerce``), which facts a right answer states (``facts``: what a key is made of), and how much
of an answer a key confirms (``score``).

The kinds a student can answer by guessing (single and multiple choice, ordering, matching) also
know what a uniformly random answer earns (``random_outcomes``), and give partial credit only
above that: :func:`chance_corrected`, the one rule of the course for credit above chance.
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


def chance_corrected(raw: float, chance: float) -> float:
    """Credit for a raw share ``raw`` (0 to 1) when a random answer earns ``chance`` on average:
    a right answer earns 1, an answer no better than chance 0, and in between the share of the
    way from chance to right: ``(raw - chance) / (1 - chance)``.

    >>> chance_corrected(1.0, 0.25), chance_corrected(0.5, 0.25), chance_corrected(0.2, 0.25)
    (1.0, 0.3333333333333333, 0.0)
    """
    if raw >= 1.0:
        return 1.0
    if chance >= 1.0:
        return 0.0
    return max(0.0, (raw - chance) / (1.0 - chance))


def mean(outcomes: dict[float, float]) -> float:
    """The mean of a distribution given as {value: probability}."""
    return sum(value * probability for value, probability in outcomes.items())


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


class GuessableKind(Kind):
    """A kind whose answers are picked from what is shown, so a random answer earns something.

    ``size`` is the size of the key (right options, pairs or items); ``options``, a parameter the
    key carries, lists the options (matching: the partners) as authored.
    """

    @classmethod
    def random_outcomes(cls, size: int, **params: Any) -> dict[float, float]:
        """The raw share a uniformly random answer earns, as {share: probability}."""
        raise NotImplementedError

    @classmethod
    def credit(cls, raw: float, size: int, **params: Any) -> float:
        """The credit for a raw share: :func:`chance_corrected` against a random answer's mean."""
        return chance_corrected(raw, mean(cls.random_outcomes(size, **params)))

    @classmethod
    def random_credit(cls, size: int, **params: Any) -> float:
        """The credit a uniformly random answer earns on average (what guessing is worth)."""
        outcomes = cls.random_outcomes(size, **params)
        chance = mean(outcomes)
        return sum(chance_corrected(raw, chance) * p for raw, p in outcomes.items())


def options_of(params: dict[str, Any]) -> list[str]:
    """The ``options`` parameter: what a student picks from (matching: partners), as authored."""
    options = params.get("options")
    if (
        not isinstance(options, list)
        or not options
        or not all(isinstance(option, str) for option in options)
        or len(set(options)) != len(options)
    ):
        raise ValueError(f"the key must list the options, each once, not {options!r}")
    return options


def among_options(picked: list[str], params: dict[str, Any]) -> None:
    """Raise ``ValueError`` when a key picks something its listed options lack (when listed)."""
    if "options" in params:
        missing = [value for value in picked if value not in options_of(params)]
        if missing:
            raise ValueError(f"{missing} are not among the options")
