"""Item statistics checked against a small case computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from guarantees.grading.item_analysis import (
    answer_distribution,
    item_statistics,
    most_common_wrong,
    option_picks,
)

# Four students, three questions. Totals: a 3, b 4, c 1, d 1.
SCORES = pd.DataFrame(
    {"q1": [1, 1, 1, 0], "q2": [2, 2, 0, 0], "q3": [0, 1, 0, 1]}, index=["a", "b", "c", "d"]
)
POINTS = {"q1": 1, "q2": 2, "q3": 1}


def test_statistics_match_the_hand_computed_case():
    table = item_statistics(SCORES, POINTS)
    # q1 against the rest (2, 3, 0, 1): covariance 0.125, sds 0.4330 and 1.1180 -> 1/sqrt(15)
    assert table.loc["q1", "discrimination"] == pytest.approx(1 / math.sqrt(15))
    # q3 against the rest (3, 3, 1, 0): covariance -0.125, sds 0.5 and 1.2990 -> -1/sqrt(27)
    assert table.loc["q3", "discrimination"] == pytest.approx(-1 / math.sqrt(27))
    assert table.loc["q1", "mean"] == 0.75 and table.loc["q1", "difficulty"] == 0.75
    assert table.loc["q2", "mean"] == 1.0 and table.loc["q2", "difficulty"] == 0.5
    # one student per group (27 % of 4): upper b (total 4), lower c (total 1, first of the ties)
    assert table.loc["q1", "upper_lower"] == 0.0
    assert table.loc["q2", "upper_lower"] == 1.0
    assert table.loc["q3", "upper_lower"] == 1.0


def test_a_question_everyone_got_right_has_no_discrimination():
    table = item_statistics(SCORES.assign(q4=[1, 1, 1, 1]), {**POINTS, "q4": 1})
    assert math.isnan(table.loc["q4", "discrimination"]) and table.loc["q4", "difficulty"] == 1


def test_answer_distribution_and_most_common_wrong_answer():
    answers = ["1994", ["x", "y"], "1994", "2014", ["x", "y"], "1994"]
    right = [True, False, True, False, False, True]
    table = answer_distribution(answers, right)
    assert table.iloc[0].tolist() == ["1994", 3, True]
    assert most_common_wrong(table) == "x; y"
    assert most_common_wrong(answer_distribution(["a"], [True])) is None


def test_option_picks_count_each_authored_option_in_the_authors_order():
    options = ["Kyiv", "Kharkiv", "Odesa", "Lviv"]
    answers = [["Kyiv", "Odesa"], ["Odesa"], ["Kharkiv", "Odesa"]]
    table = option_picks(answers, options, right=["Kyiv", "Odesa"])
    assert table["option"].tolist() == options
    assert table["students"].tolist() == [1, 1, 3, 0]  # Lviv: a distractor nobody picked
    assert table["right"].tolist() == [True, False, True, False]
