"""Lesson 7's keys that depend on the scenario model are worked out from the model, not copied.

Each test recomputes one key with ``guarantees.scenarios`` and compares it with the key the build
wrote from the lesson's source: change a weight and the test names the exercise to update.
"""

from __future__ import annotations

from itertools import product

import pytest
from helpers import ANSWER_KEYS

from guarantees.grading import read_answer_key
from guarantees.scenarios import (
    ASSUMPTIONS,
    GUARANTORS,
    OPTIONS,
    Scenario,
    assess,
    sensitivity,
)

DESIGNS = {
    "Budapest-like (1994)": Scenario(
        GUARANTORS[4], "none", "consultative", "political declaration"
    ),
    "Istanbul-like (2022)": Scenario(GUARANTORS[4], "none", "automatic", "binding treaty"),
    "Article-5-like (2025)": Scenario(GUARANTORS[3], "none", "automatic", "binding treaty"),
    "Coalition force (2025)": Scenario(
        GUARANTORS[1], "tripwire", "consultative", "political declaration"
    ),
}
"""The named designs of the lesson's section 4."""

EVERY = [Scenario(*choices) for choices in product(*OPTIONS)]


@pytest.fixture(scope="module")
def key():
    entries = read_answer_key(ANSWER_KEYS / "lessons" / "07_design_a_guarantee.json")
    return {question: entry.answer for question, entry in entries.items()}


def test_the_hand_score(key):
    practice = Scenario(GUARANTORS[3], "tripwire", "automatic", "binding treaty")
    assert key["l7-hand-score"] == assess(practice).credibility


def test_the_lowest_rejection_and_the_credibility_order(key):
    scores = {name: assess(design) for name, design in DESIGNS.items()}
    assert key["l7-lowest-rejection"] == min(scores, key=lambda n: scores[n].rejection_risk)
    assert key["l7-credibility-order"] == sorted(
        scores, key=lambda n: scores[n].credibility, reverse=True
    )


def test_the_biggest_rise_from_budapest(key):
    budapest = DESIGNS["Budapest-like (1994)"]
    base = assess(budapest).credibility
    rises = {
        f"{part.capitalize()}: {weight.choice}": assess(
            Scenario(**{**vars(budapest), part: weight.choice})
        ).credibility
        - base
        for part, weights in ASSUMPTIONS.items()
        for weight in weights
        if weight.choice != getattr(budapest, part)
    }
    best = max(rises.values())
    assert set(key["l7-biggest-rise"]) == {change for change, rise in rises.items() if rise == best}


def test_the_frontier_and_the_design_both_sides_could_live_with(key):
    credible = [assess(s).rejection_risk for s in EVERY if assess(s).credibility >= 50]
    assert key["l7-frontier"] == min(credible)
    worst = [max(assess(s).rejection_risk, assess(s).kyiv_rejection_risk) for s in EVERY]
    assert key["l7-both-sides"] == min(worst)


def test_the_abandonment_gap(key):
    def gap(name):
        result = assess(DESIGNS[name])
        return abs(result.abandonment_risk - (100 - result.credibility))

    assert key["l7-abandonment-gap"] == max(DESIGNS, key=gap)


def test_the_widest_swing(key):
    widest = sensitivity(DESIGNS["Article-5-like (2025)"])[0]
    assert key["l7-widest-swing"] == f"{widest.part}: {widest.choice}"
