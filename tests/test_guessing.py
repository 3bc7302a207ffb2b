"""The guessing figures of ``guarantees check``: what a random answer earns, and how often keys are
the longest option, against their limits; and every assignment of the course within them."""

from __future__ import annotations

import math

import pytest
from chance import random_credit
from helpers import REPO

from guarantees.authoring.guessing import RANDOM_SHARE_LIMIT, guessing_figures
from guarantees.authoring.questions import parse_exercise
from guarantees.course_check import guessing_report


def exercise(question_id: str, kind: str, points: int, *answer_lines: str):
    lines = [f":kind: {kind}", f":points: {points}", "", "Prompt?", "", *answer_lines]
    return parse_exercise(question_id, lines)


SINGLE = exercise(
    "sc", "single_choice", 2, "- [ ] a", "- [x] the longest one", "- [ ] c", "- [ ] d"
)
MULTIPLE = exercise(
    "mc",
    "multiple_choice",
    3,
    "- [x] right one",
    "- [ ] w1",
    "- [x] right two",
    "- [ ] w2",
    "- [ ] w3",
)
ORDER = exercise("order", "ordering", 3, "3. c", "1. a", "4. d", "2. b", "5. e")
MATCH = exercise(
    "match", "matching", 4, "- x → P", "- y → Q", "- z → P", "Choices:", "- P", "- Q", "- R"
)


def test_the_random_share_weighs_each_questions_random_credit_by_its_points():
    figures = guessing_figures("a9", [SINGLE, MULTIPLE, ORDER, MATCH])
    expected = (
        2 * random_credit("single_choice", "the longest one", SINGLE.choices)
        + 3 * random_credit("multiple_choice", MULTIPLE.answer, MULTIPLE.choices)
        + 3 * random_credit("ordering", ORDER.answer)
        + 4 * random_credit("matching", MATCH.answer, MATCH.partners)
    )
    assert figures.points == 12
    assert figures.random_share == pytest.approx(expected / 12)
    assert figures.random_share <= RANDOM_SHARE_LIMIT
    assert not [problem for problem in figures.problems() if "random answer" in problem]


def test_a_single_choice_assignment_of_four_options_is_over_the_random_limit():
    figures = guessing_figures("a9", [SINGLE])
    assert figures.random_share == pytest.approx(1 / 4)
    assert any("random answer earns 25 %" in problem for problem in figures.problems())


def test_longest_option_hits_against_what_chance_predicts():
    # single choice: the key is the longest of 4 (chance 1/4); multiple choice: both right options
    # ("right one", "right two") are the two longest of 5 (chance 2 * 2 / 5)
    figures = guessing_figures("a9", [SINGLE, MULTIPLE])
    assert figures.longest_hits == 3
    assert figures.longest_expected == pytest.approx(1 / 4 + 4 / 5)
    assert math.ceil(figures.longest_expected) == 2
    assert any("more than chance predicts" in problem for problem in figures.problems())
    fair = exercise(
        "sc2", "single_choice", 2, "- [ ] a long one", "- [x] short", "- [ ] b", "- [ ] c"
    )
    assert guessing_figures("a9", [fair, MULTIPLE]).longest_hits == 2


def test_a_tie_in_length_counts_against_the_key():
    tied = exercise("sc", "single_choice", 1, "- [x] abc", "- [ ] xyz", "- [ ] q")
    assert guessing_figures("a9", [tied]).longest_hits == 1


def test_lessons_are_held_to_the_longest_option_limit_only():
    lesson = guessing_figures("00_start", [SINGLE], graded=False)
    assert lesson.random_share == pytest.approx(1 / 4) and lesson.problems() == []
    assert "random" not in lesson.line()
    assert guessing_figures("00_start", [SINGLE, MULTIPLE], graded=False).problems()


def test_every_assignment_and_lesson_of_the_course_is_within_the_limits():
    report = guessing_report(REPO)
    content = REPO / "content"
    assert len(report) == len(list(content.glob("assignments/*.md"))) + len(
        list(content.glob("lessons/*.md"))
    )
    for figures in report:
        assert figures.problems() == [], figures.line()
        assert figures.right_options > 0
        assert figures.points > 0 or not figures.graded
