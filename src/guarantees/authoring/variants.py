"""Per-term variants: a term seed, kept outside the repository, picks what each term's students see.

An exercise with ``:show: N`` lists more than it shows, and each term sees a draw of N:

================ ===================================================================
single_choice    the right option and N − 1 of the wrong ones
multiple_choice  N options, right and wrong in the pool's proportion (at least one of each)
ordering         N of the items; the key is their order
matching         N of the left items, with all the partners
================ ===================================================================

The draw ranks the pool by the SHA-256 digest of (term seed, question id, item) and keeps what is
drawn in authored order. The key follows the variant (its options, items and pairs are the ones
shown), so grading needs nothing more. The seed is the environment variable
``GUARANTEES_TERM_SEED`` where ``guarantees build``, ``check`` and ``grade`` run; the committed
notebooks are built without it (the public variant), so they do not tell a term's draw.
:func:`variants` lists every variant a seed can draw, for ``guarantees check`` to test them all.
The pools themselves stand in the public sources unless the instructor's private term bank
replaces them before the draw (:mod:`guarantees.authoring.bank`).

>>> from guarantees.authoring.questions import parse_exercise
>>> lines = [":kind: single_choice", ":show: 3", "", "Which?", "",
...          "- [x] right", "- [ ] w1", "- [ ] w2", "- [ ] w3", "- [ ] w4"]
>>> question = parse_exercise("q", lines)
>>> spring, autumn = variant(question, "spring-2027"), variant(question, "autumn-2027")
>>> spring.choices, autumn.choices
(('right', 'w2', 'w4'), ('right', 'w1', 'w2'))
>>> variant_count(question), len(variants(question))
(6, 6)
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Iterable
from dataclasses import replace

from guarantees.authoring.parameters import drawn_parts
from guarantees.authoring.questions import Question
from guarantees.authoring.sources import Part
from guarantees.option_order import shuffled
from guarantees.scoring import KeyEntry, score

TERM_SEED_VARIABLE = "GUARANTEES_TERM_SEED"


def term_seed() -> str:
    """The term seed from the environment; empty (the public variant) when it is not set."""
    return os.environ.get(TERM_SEED_VARIABLE, "")


def right_shown(question: Question) -> int:
    """How many right options a multiple-choice draw of ``question.show`` shows: the pool's
    proportion of right options, rounded, and at least one right and one wrong."""
    assert question.show is not None
    right = len(question.answer)
    share = round(question.show * right / len(question.choices))
    return min(max(share, 1), right, question.show - 1)


def _pools(question: Question) -> list[tuple[list[str], int]]:
    """The pools a draw takes from, each with how many it takes."""
    assert question.show is not None
    if question.kind == "single_choice":
        return [([question.answer], 1), (_wrong(question), question.show - 1)]
    if question.kind == "multiple_choice":
        right = right_shown(question)
        return [(list(question.answer), right), (_wrong(question), question.show - right)]
    return [(list(question.choices), question.show)]


def _wrong(question: Question) -> list[str]:
    right = {question.answer} if question.kind == "single_choice" else set(question.answer)
    return [option for option in question.choices if option not in right]


def shown(question: Question, drawn: Iterable[str]) -> Question:
    """``question`` showing only the options (ordering: items; matching: left items) ``drawn``,
    in authored order, with the key that follows."""
    kept = set(drawn)
    choices = tuple(choice for choice in question.choices if choice in kept)
    answer = question.answer
    if question.kind == "multiple_choice":
        answer = [option for option in answer if option in kept]
    elif question.kind == "ordering":
        answer = [item for item in answer if item in kept]
    elif question.kind == "matching":
        answer = {left: right for left, right in answer.items() if left in kept}
    return replace(question, choices=choices, answer=answer, show=None)


def variant(question: Question, seed: str) -> Question:
    """The question as the term of ``seed`` sees it."""
    if question.show is None:
        return question

    drawn = [
        item
        for pool, take in _pools(question)
        for item in shuffled(pool, seed, question.question_id)[:take]
    ]
    return shown(question, drawn)


def variant_count(question: Question) -> int:
    """How many different variants term seeds can draw for ``question``."""
    if question.show is None:
        return 1
    return math.prod(math.comb(len(pool), take) for pool, take in _pools(question))


def variants(question: Question) -> list[Question]:
    """Every variant a term seed can draw for ``question`` (just the question without a pool)."""
    if question.show is None:
        return [question]
    draws = [itertools.combinations(pool, take) for pool, take in _pools(question)]
    return [shown(question, itertools.chain(*draw)) for draw in itertools.product(*draws)]


def answerable(question: Question) -> bool:
    """Whether the key of ``question`` uses only what it shows, and a choice question also shows
    a wrong option (a variant that failed this would be a mistake in the pool)."""
    if question.kind == "single_choice":
        return question.answer in question.choices and len(question.choices) > 1
    if question.kind == "multiple_choice":
        return bool(question.answer) and set(question.answer) < set(question.choices)
    if question.kind == "ordering":
        return sorted(question.answer) == sorted(question.choices) and len(question.answer) > 1
    if question.kind == "matching":
        return list(question.answer) == list(question.choices) and set(
            question.answer.values()
        ) <= set(question.partners)
    return True


def key_problems(question: Question) -> list[str]:
    """The variants of ``question`` that cannot be answered from what they show, or whose key
    does not grade its own answer as right, one sentence each (none unless the pool is wrong)."""
    problems = []
    for drawn in variants(question):
        entry = KeyEntry(drawn.kind, drawn.answer, drawn.key_params)
        try:
            right = answerable(drawn) and score(entry, drawn.answer).is_correct
        except (TypeError, ValueError):
            right = False
        if not right:
            problems.append(
                f"{question.question_id}: the variant showing {list(drawn.choices)} cannot be "
                "answered from what it shows, or its key does not grade as right"
            )
    return problems


def term_parts(parts: list[Part], seed: str | None = None) -> list[Part]:
    """A source's parts as the term of ``seed`` (default: the environment's term seed) sees
    them: every exercise's draw, and every drawn number (:mod:`guarantees.authoring.parameters`)."""
    seed = term_seed() if seed is None else seed
    return [
        replace(part, question=variant(part.question, seed)) if part.question else part
        for part in drawn_parts(parts, seed)
    ]
