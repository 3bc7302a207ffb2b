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

The figures are those of the options the term is shown (:mod:`guarantees.authoring.variants`);
the line also counts the widget questions that have at least three term variants (no limit yet:
most questions have one).

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
from guarantees.authoring.variants import term_seed, variant
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
        return (
            f"{self.assignment}: a random answer earns {percent(self.random_share)} of "
            f"{self.points:g} choice/ordering/matching points; {longest}; {self.varying} of "
            f"{self.widgets} widget questions have {MIN_VARIANTS} or more term variants"
        )

    def problems(self) -> list[str]:
        """What is over the limits, one sentence each."""
        problems = []
        if self.graded and self.random_share > RANDOM_SHARE_LIMIT + 1e-9:
            problems.append(
                f"{self.assignment}: a random answer earns {percent(self.random_share)} of the "
                f"choice, ordering and matching points (at most {percent(RANDOM_SHARE_LIMIT)} "
                "allowed)"
            )
        if self.longest_hits > self.longest_limit:
            problems.append(
                f"{self.assignment}: {self.longest_hits} right options are among the longest "
                f"options of their questions, more than chance predicts "
                f"({self.longest_expected:.1f}, so at most {self.longest_limit}): make the options "
                "of each question comparable in length"
            )
        return problems


def percent(share: float) -> str:
    """A share as a whole percentage, the course's way: ``"20 %"``."""
    return f"{share * 100:.0f} %"


def variant_count(question: Question) -> int:
    """How many different sets of options term seeds can draw for ``question``."""
    if question.show is None:
        return 1
    return math.comb(len(question.choices) - 1, question.show - 1)


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


def guessing_figures(
    assignment: str, questions: list[Question], graded: bool = True, seed: str | None = None
) -> GuessingFigures:
    """The figures of an assignment (or, not ``graded``, a lesson) from its questions as written,
    for the options the term of ``seed`` (default: the environment's term seed) is shown."""
    seed = term_seed() if seed is None else seed
    varying = sum(variant_count(q) >= MIN_VARIANTS for q in questions if q.kind in WIDGET_KINDS)
    questions = [variant(q, seed) for q in questions]
    guessable = [q for q in questions if q.kind in GUESSED]
    choice = [q for q in guessable if q.kind in CHOICE_KINDS]
    return GuessingFigures(
        assignment,
        points=sum(q.points or 0 for q in guessable),
        random_points=sum((q.points or 0) * random_credit(q) for q in guessable),
        longest_hits=sum(longest_hits(q) for q in choice),
        longest_expected=sum(key_size(q) ** 2 / len(q.choices) for q in choice),
        right_options=sum(key_size(q) for q in choice),
        graded=graded,
        varying=varying,
        widgets=sum(q.kind in WIDGET_KINDS for q in questions),
    )
