"""Credit above chance: the kinds' figures for random answers against a listing of every answer,
and every answer's score against the rule of the authoring guide."""

from __future__ import annotations

import pytest
from chance import chance, credit, every_answer, random_credit, raw_share

from guarantees.keys import PlainKey
from guarantees.kinds import KINDS
from guarantees.kinds.base import chance_corrected, mean

LETTERS = "ABCDEFGH"
# kind, key, options (matching: partners)
QUESTIONS = [
    ("single_choice", "B", list("ABCD")),
    ("single_choice", "E", list("ABCDE")),
    ("multiple_choice", ["A", "C", "F"], list("ABCDEF")),
    ("multiple_choice", ["B", "D"], list("ABCDE")),
    ("multiple_choice", ["A", "B", "C", "D"], list("ABCDEFG")),
    ("ordering", list("ABCD"), []),
    ("ordering", list("ABCDE"), []),
    ("ordering", list("ABCDEF"), []),
    ("matching", {"x": "P", "y": "Q", "z": "P"}, ["P", "Q", "R"]),
    ("matching", {"w": "P", "x": "Q", "y": "R", "z": "S"}, list("PQRS")),
]


def params(options):
    """The key's parameters: its options, as the build writes them (none for ordering)."""
    return {"options": options} if options else {}


def size(kind, key):
    return 1 if kind == "single_choice" else len(key)


@pytest.mark.parametrize("kind, key, options", QUESTIONS)
def test_random_answers_earn_what_the_listing_of_every_answer_gives(kind, key, options):
    rules = KINDS[kind]
    outcomes = rules.random_outcomes(size(kind, key), **params(options))
    assert sum(outcomes.values()) == pytest.approx(1.0)
    assert mean(outcomes) == pytest.approx(chance(kind, key, options))
    assert rules.random_credit(size(kind, key), **params(options)) == pytest.approx(
        random_credit(kind, key, options)
    )


@pytest.mark.parametrize("kind, key, options", QUESTIONS)
def test_every_answer_scores_its_share_above_chance(kind, key, options):
    rules = KINDS[kind]
    plain = PlainKey.of(rules.facts(key))
    mean_share = chance(kind, key, options)
    for answer in every_answer(kind, key, options):
        expected = credit(raw_share(kind, key, answer), mean_share)
        assert rules.score(answer, plain, **params(options)).fraction == pytest.approx(expected)


def test_the_rule_at_its_ends_and_in_between():
    assert chance_corrected(1.0, 0.4) == 1.0
    assert chance_corrected(0.4, 0.4) == 0.0 and chance_corrected(0.1, 0.4) == 0.0
    assert chance_corrected(0.7, 0.4) == pytest.approx(0.5)


def test_the_authoring_guides_worked_example():
    # 3 right options among 6; 2 right ticks and no wrong one: raw 2/3; random ticks: 5/32
    rules = KINDS["multiple_choice"]
    assert mean(rules.random_outcomes(3, options=list("ABCDEF"))) == pytest.approx(5 / 32)
    assert chance(*QUESTIONS[2][:3]) == pytest.approx(5 / 32)
    key = PlainKey.of(rules.facts(["A", "C", "F"]))
    assert rules.score(["A", "C"], key, options=list("ABCDEF")).fraction == pytest.approx(
        (2 / 3 - 5 / 32) / (1 - 5 / 32)
    )


def test_multiple_choice_and_matching_need_their_options_and_keys_must_be_among_them():
    for kind, answer in (("multiple_choice", ["A"]), ("matching", {"x": "P"})):
        rules = KINDS[kind]
        with pytest.raises(ValueError, match="options"):
            rules.score(answer, PlainKey.of(rules.facts(answer)))
        with pytest.raises(ValueError, match="not among the options"):
            rules.facts(answer, options=["B", "Q"])
