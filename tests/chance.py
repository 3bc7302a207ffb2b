"""What a uniformly random answer earns, worked out by listing every possible answer: the tests'
own account of the partial-credit rules of the authoring guide, independent of the course code."""

from __future__ import annotations

import itertools


def raw_share(kind: str, key, answer) -> float:
    """The raw share of an answer by the rules of the authoring guide's table."""
    if kind == "single_choice":
        return float(answer == key)
    if kind == "multiple_choice":
        right = len(set(answer) & set(key))
        return max(0, right - (len(answer) - right)) / len(key)
    if kind == "matching":
        return sum(answer.get(item) == partner for item, partner in key.items()) / len(key)
    if answer == key:
        return 1.0
    places = [key.index(item) for item in answer]  # ordering: longest run in the right order
    runs = [1] * len(places)
    for j in range(len(places)):
        runs[j] = 1 + max([runs[i] for i in range(j) if places[i] < places[j]], default=0)
    return (max(runs) - 1) / (len(key) - 1)


def every_answer(kind: str, key, options) -> list:
    """Every answer a student can give by picking among ``options`` (all positions filled)."""
    if kind == "single_choice":
        return list(options)
    if kind == "multiple_choice":
        return [
            list(c) for n in range(len(options) + 1) for c in itertools.combinations(options, n)
        ]
    if kind == "matching":
        picks = itertools.product(options, repeat=len(key))
        return [dict(zip(key, pick, strict=True)) for pick in picks]
    return [list(order) for order in itertools.permutations(key)]


def chance(kind: str, key, options=()) -> float:
    """The mean raw share of a uniformly random answer."""
    answers = every_answer(kind, key, options)
    return sum(raw_share(kind, key, answer) for answer in answers) / len(answers)


def credit(raw: float, mean: float) -> float:
    """The authoring guide's rule: right earns 1; otherwise the share above chance, at least 0."""
    return 1.0 if raw == 1 else max(0.0, (raw - mean) / (1 - mean))


def random_credit(kind: str, key, options=()) -> float:
    """The credit a uniformly random answer earns on average."""
    mean, answers = chance(kind, key, options), every_answer(kind, key, options)
    return sum(credit(raw_share(kind, key, answer), mean) for answer in answers) / len(answers)
