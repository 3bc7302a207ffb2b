"""Per-term variants: a term seed, kept outside the repository, picks what each term's students see.

A single-choice exercise with ``:show: N`` lists more wrong options than it shows: the build keeps
the right option and draws N − 1 of the wrong ones, ranked by the SHA-256 digest of (term seed,
question id, option). The key follows the variant (its ``options`` are the ones shown), so grading
needs nothing more. The seed is the environment variable ``GUARANTEES_TERM_SEED`` where
``guarantees build``, ``check`` and ``grade`` run; the committed notebooks are built without it
(the public variant), so the public repository does not tell a term's options.

>>> from guarantees.authoring.questions import parse_exercise
>>> lines = [":kind: single_choice", ":show: 3", "", "Which?", "",
...          "- [x] right", "- [ ] w1", "- [ ] w2", "- [ ] w3", "- [ ] w4"]
>>> question = parse_exercise("q", lines)
>>> spring, autumn = variant(question, "spring-2027"), variant(question, "autumn-2027")
>>> spring.choices, autumn.choices
(('right', 'w2', 'w4'), ('right', 'w1', 'w2'))
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace

from guarantees.authoring.questions import Question
from guarantees.authoring.sources import Part

TERM_SEED_VARIABLE = "GUARANTEES_TERM_SEED"


def term_seed() -> str:
    """The term seed from the environment; empty (the public variant) when it is not set."""
    return os.environ.get(TERM_SEED_VARIABLE, "")


def variant(question: Question, seed: str) -> Question:
    """The question as the term of ``seed`` sees it: a drawn set of options, in authored order."""
    if question.show is None:
        return question

    def rank(option: str) -> str:
        return hashlib.sha256(f"{seed}\n{question.question_id}\n{option}".encode()).hexdigest()

    wrong = [option for option in question.choices if option != question.answer]
    drawn = set(sorted(wrong, key=rank)[: question.show - 1])
    shown = tuple(o for o in question.choices if o == question.answer or o in drawn)
    return replace(question, choices=shown, show=None)


def term_parts(parts: list[Part], seed: str | None = None) -> list[Part]:
    """A source's parts with every exercise as the term of ``seed`` (default: the environment's
    term seed) sees it."""
    seed = term_seed() if seed is None else seed
    return [
        replace(part, question=variant(part.question, seed)) if part.question else part
        for part in parts
    ]
