"""What guessing is worth in an assignment, worked out from its source: two figures, two limits.

* **Random share**: the share of the assignment's choice, ordering and matching points that a
  uniformly random answer to each of those questions earns on average, under the course's
  partial-credit rule (:func:`guarantees.kinds.base.chance_corrected`). Limit: 20 %.
* **Longest-option hits**: for each single- or multiple-choice question with *k* right options
  among *n*, how many of the *k* longest options are right (a length tie counts against the
  key). If length told nothing, a question would give k·k/n hits on average (1/n for single
  choice). Limit: no more hits in an assignment than that expectation, rounded up. With two to
  five choice questions an assignment is too small for a significance test, so this is a design
  rule: the author, who controls the lengths, keeps keys no more often longest than chance would.
  Lessons' self-checks are held to this limit too (the random share matters only where points
  are at stake).

The line gives the figures of the options the term is shown (:mod:`guarantees.authoring.variants`),
but the limits hold for every term: the problems are those of the worst draw, each question's
variant that earns a random answer most and puts most keys among the longest options. The line
also counts the widget questions that have at least three term variants and names the others,
with the reason their source gives (``:variants-reason:``).

>>> from guarantees.authoring.questions import Question
>>> options = ("short", "a longer right option")
>>> item = Question("q", "single_choice", "?", options[1], options, points=2)
>>> figures = guessing_figures("a9", [item])
>>> figures.random_share, figures.longest_hits, figures.longest_expected
(0.5, 1, 0.5)
>>> figures.problems()[0]
'a9: a random answer earns 50 % of the choice, ordering and matching points (at most 20 % allowed)'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from guarantees.authoring.questions import KINDS as WIDGET_KINDS
from guarantees.authoring.questions import Question
from guarantees.authoring.variants import (
    key_problems,
    term_seed,
    variant,
    variant_count,
    variants,
)
from guarantees.kinds import KINDS
from guarantees.kinds.base import GuessableKind

RANDOM_SHARE_LIMIT = 0.20
MIN_VARIANTS = 3
CHOICE_KINDS = ("single_choice", "multiple_choice")
GUESSED = (*CHOICE_KINDS, "ordering", "matching")


@dataclass(frozen=True)
class GuessingFigures:
    """The guessing figures of one assignment."""

    assignment: str
    points: float
    """Points of its single-choice, multiple-choice, ordering and matching questions."""
    random_points: float
    """Points a uniformly random answer to each of them earns on average."""
    longest_hits: int
    longest_expected: float
    right_options: int
    """Right options of its choice questions: what the hits are out of."""
    graded: bool = True
    """An assignment (points at stake), not a lesson's self-checks."""
    varying: int = 0
    """Widget questions with at least :data:`MIN_VARIANTS` term variants."""
    widgets: int = 0
    fixed: tuple[str, ...] = ()
    """The other widget questions, each as ``id (n variants: reason)``."""
    worst_random_points: float | None = None
    """What a random answer earns on average in the draw where it earns most."""
    worst_longest_hits: int | None = None
    """Longest-option hits in the draw with most of them."""
    key_problems: tuple[str, ...] = ()
    """Variants whose key does not grade its own answer as right."""

    @property
    def worst_random_share(self) -> float:
        worst = self.random_points if self.worst_random_points is None else self.worst_random_points
        return worst / self.points if self.points else 0.0

    @property
    def worst_hits(self) -> int:
        return self.longest_hits if self.worst_longest_hits is None else self.worst_longest_hits

    @property
    def random_share(self) -> float:
        return self.random_points / self.points if self.points else 0.0

    @property
    def longest_limit(self) -> int:
        return math.ceil(self.longest_expected - 1e-9)

    def line(self) -> str:
        """The figures as one line of ``guarantees check``."""
        longest = (
            f"the key is among the longest options in {self.longest_hits} of "
            f"{self.right_options} (chance: {self.longest_expected:.1f})"
        )
        if not self.graded:
            return f"{self.assignment}: {longest}"
        worst = (
            f" (every draw: at most {percent(self.worst_random_share)} and {self.worst_hits})"
            if (self.worst_random_share, self.worst_hits) != (self.random_share, self.longest_hits)
            else ""
        )
        fixed = f" (fewer: {'; '.join(self.fixed)})" if self.fixed else ""
        return (
            f"{self.assignment}: a random answer earns {percent(self.random_share)} of "
            f"{self.points:g} choice/ordering/matching points; {longest}{worst}; {self.varying} "
            f"of {self.widgets} widget questions have {MIN_VARIANTS} or more term variants{fixed}"
        )

    def problems(self) -> list[str]:
        """What is over the limits in any term's draw, one sentence each."""
        problems = [f"{self.assignment}: {problem}" for problem in self.key_problems]
        if self.graded and self.worst_random_share > RANDOM_SHARE_LIMIT + 1e-9:
            problems.append(
                f"{self.assignment}: a random answer earns {percent(self.worst_random_share)} of "
                f"the choice, ordering and matching points (at most {percent(RANDOM_SHARE_LIMIT)} "
                "allowed)"
            )
        if self.worst_hits > self.longest_limit:
            problems.append(
                f"{self.assignment}: {self.worst_hits} right options are among the longest "
                f"options of their questions, more than chance predicts "
                f"({self.longest_expected:.1f}, so at most {self.longest_limit}): make the options "
                "of each question comparable in length (in every draw of its pool)"
            )
        return problems


def percent(share: float) -> str:
    """A share as a whole percentage, the course's way: ``"20 %"``."""
    return f"{share * 100:.0f} %"


def key_size(question: Question) -> int:
    """How many facts the key of a guessable question holds (right options, items, pairs)."""
    return 1 if question.kind == "single_choice" else len(question.answer)


def random_credit(question: Question) -> float:
    """The credit a uniformly random answer to ``question`` earns on average."""
    kind = KINDS[question.kind]
    assert issubclass(kind, GuessableKind)
    return kind.random_credit(key_size(question), **question.key_params)


def longest_hits(question: Question) -> int:
    """How many right options are among the k longest options (ties count against the key)."""
    right = {question.answer} if question.kind == "single_choice" else set(question.answer)
    ranked = sorted(question.choices, key=lambda o: (len(o), o in right), reverse=True)
    return len(right & set(ranked[: len(right)]))


def fixed_line(question: Question) -> str:
    """A widget question with fewer than :data:`MIN_VARIANTS` variants, and why."""
    count = variant_count(question)
    reason = question.variants_reason or "no reason given"
    return f"{question.question_id} ({count} variant{'s' * (count != 1)}: {reason})"


def guessing_figures(
    assignment: str, questions: list[Question], graded: bool = True, seed: str | None = None
) -> GuessingFigures:
    """The figures of an assignment (or, not ``graded``, a lesson) from its questions as written,
    for the options the term of ``seed`` (default: the environment's term seed) is shown, with
    the worst over every draw."""
    seed = term_seed() if seed is None else seed
    widgets = [q for q in questions if q.kind in WIDGET_KINDS]
    guessable = [q for q in questions if q.kind in GUESSED]
    drawn = [variant(q, seed) for q in guessable]
    choice = [q for q in drawn if q.kind in CHOICE_KINDS]
    every = [variants(q) for q in guessable]
    return GuessingFigures(
        assignment,
        points=sum(q.points or 0 for q in guessable),
        random_points=sum((q.points or 0) * random_credit(q) for q in drawn),
        longest_hits=sum(longest_hits(q) for q in choice),
        longest_expected=sum(key_size(q) ** 2 / len(q.choices) for q in choice),
        right_options=sum(key_size(q) for q in choice),
        graded=graded,
        varying=sum(variant_count(q) >= MIN_VARIANTS for q in widgets),
        widgets=len(widgets),
        fixed=tuple(fixed_line(q) for q in widgets if variant_count(q) < MIN_VARIANTS),
        worst_random_points=sum(
            (q.points or 0) * max(random_credit(v) for v in vs)
            for q, vs in zip(guessable, every, strict=True)
        ),
        worst_longest_hits=sum(
            max(longest_hits(v) for v in vs)
            for q, vs in zip(guessable, every, strict=True)
            if q.kind in CHOICE_KINDS
        ),
        key_problems=tuple(problem for q in guessable for problem in key_problems(q)),
    )
