"""Credit above chance: the kinds' figures for random answers against a listing of every answer,
and every answer's score against the rule of the authoring guide."""

from __future__ import annotations

import pytest
from chance import chance, credit, every_answer, random_credit, raw_share

from guarantees.keys import PlainKey
from guarantees.kinds import KINDS
from guarantees.kinds.base import chance_corrected, mean

LETTERS = "ABCDEFGH"
# kind, key, options (matching: partners), the key's choices parameter
QUESTIONS = [
    ("single_choice", "B", list("ABCD"), 4),
    ("single_choice", "E", list("ABCDE"), 5),
    ("multiple_choice", ["A", "C", "F"], list("ABCDEF"), 6),
    ("multiple_choice", ["B", "D"], list("ABCDE"), 5),
    ("multiple_choice", ["A", "B", "C", "D"], list("ABCDEFG"), 7),
    ("ordering", list("ABCD"), (), None),
    ("ordering", list("ABCDE"), (), None),
    ("ordering", list("ABCDEF"), (), None),
    ("matching", {"x": "P", "y": "Q", "z": "P"}, ["P", "Q", "R"], 3),
    ("matching", {"w": "P", "x": "Q", "y": "R", "z": "S"}, list("PQRS"), 4),
]


def params(choices):
    return {} if choices is None else {"choices": choices}


def size(kind, key):
    return 1 if kind == "single_choice" else len(key)


@pytest.mark.parametrize("kind, key, options, choices", QUESTIONS)
def test_random_answers_earn_what_the_listing_of_every_answer_gives(kind, key, options, choices):
    rules = KINDS[kind]
    outcomes = rules.random_outcomes(size(kind, key), **params(choices))
    assert sum(outcomes.values()) == pytest.approx(1.0)
    assert mean(outcomes) == pytest.approx(chance(kind, key, options))
    assert rules.random_credit(size(kind, key), **params(choices)) == pytest.approx(
        random_credit(kind, key, options)
    )


@pytest.mark.parametrize("kind, key, options, choices", QUESTIONS)
def test_every_answer_scores_its_share_above_chance(kind, key, options, choices):
    rules = KINDS[kind]
    plain = PlainKey.of(rules.facts(key))
    mean_share = chance(kind, key, options)
    for answer in every_answer(kind, key, options):
        expected = credit(raw_share(kind, key, answer), mean_share)
        assert rules.score(answer, plain, **params(choices)).fraction == pytest.approx(expected)


def test_the_rule_at_its_ends_and_in_between():
    assert chance_corrected(1.0, 0.4) == 1.0
    assert chance_corrected(0.4, 0.4) == 0.0 and chance_corrected(0.1, 0.4) == 0.0
    assert chance_corrected(0.7, 0.4) == pytest.approx(0.5)


def test_the_authoring_guides_worked_example():
    # 3 right options among 6; 2 right ticks and no wrong one: raw 2/3; random ticks: 5/32
    rules = KINDS["multiple_choice"]
    assert mean(rules.random_outcomes(3, choices=6)) == pytest.approx(5 / 32)
    assert chance(*QUESTIONS[2][:3]) == pytest.approx(5 / 32)
    key = PlainKey.of(rules.facts(["A", "C", "F"]))
    assert rules.score(["A", "C"], key, choices=6).fraction == pytest.approx(
        (2 / 3 - 5 / 32) / (1 - 5 / 32)
    )


def test_multiple_choice_and_matching_need_the_number_of_choices():
    for kind, answer in (("multiple_choice", ["A"]), ("matching", {"x": "P"})):
        rules = KINDS[kind]
        with pytest.raises(ValueError, match="choices"):
            rules.score(answer, PlainKey.of(rules.facts(answer)))
