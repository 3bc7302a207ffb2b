"""Item analysis: which questions the class found hard, and which told strong and weak work apart.

Input: a table of scores, one row per student and one column per question (points earned),
with the points available per question. Output, per question:

- ``mean``: the mean points earned;
- ``difficulty``: the mean as a share of the points available (1 = everyone got it right);
- ``discrimination``: the correlation between the question's score and the student's score on
  all *other* questions (the corrected item–total correlation; for right/wrong questions this is
  the point-biserial correlation). Near 0 or negative: the question does not separate students
  who did well overall from those who did not;
- ``upper_lower``: the mean share earned by the top 27 % of students (by total) minus that of
  the bottom 27 %.

>>> import pandas as pd
>>> scores = pd.DataFrame({"q1": [1, 1, 0, 0], "q2": [2, 0, 2, 0]}, index=list("abcd"))
>>> table = item_statistics(scores, {"q1": 1, "q2": 2})
>>> float(table.loc["q1", "difficulty"]), float(table.loc["q2", "mean"])
(0.5, 1.0)
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import pandas as pd

GROUP_SHARE = 0.27


def _correlation(first: pd.Series, second: pd.Series) -> float:
    if first.std(ddof=0) == 0 or second.std(ddof=0) == 0:
        return math.nan
    return float(first.corr(second))


def item_statistics(scores: pd.DataFrame, points: dict[str, float]) -> pd.DataFrame:
    """Mean, difficulty, discrimination and upper–lower index for every question (column)."""
    totals = scores.sum(axis=1)
    ranked = totals.sort_values(kind="stable")
    size = max(1, round(len(ranked) * GROUP_SHARE))
    lower, upper = ranked.index[:size], ranked.index[-size:]
    rows = {}
    for question in scores.columns:
        earned = scores[question]
        available = float(points[question])
        rows[question] = {
            "points": available,
            "mean": float(earned.mean()),
            "difficulty": float(earned.mean() / available) if available else math.nan,
            "discrimination": _correlation(earned, totals - earned),
            "upper_lower": float((earned[upper].mean() - earned[lower].mean()) / available)
            if available
            else math.nan,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def answer_distribution(answers: list[Any], is_right: list[bool]) -> pd.DataFrame:
    """How often each distinct answer was given, and whether it was right, most common first."""
    counted = Counter(_hashable(answer) for answer in answers)
    right = {_hashable(answer): ok for answer, ok in zip(answers, is_right, strict=True)}
    rows = [
        {"answer": _readable(answer), "students": count, "right": right[answer]}
        for answer, count in counted.most_common()
    ]
    return pd.DataFrame(rows, columns=["answer", "students", "right"])


def option_picks(answers: list[Any], options: list[str], right: list[str]) -> pd.DataFrame:
    """How many students picked each option of a choice question, in the order the author wrote
    the options (each student saw their own shuffled order; answers are saved as option texts).

    >>> option_picks(["b", "a", "b"], ["a", "b", "c"], ["b"]).to_dict("list")
    {'option': ['a', 'b', 'c'], 'students': [1, 2, 0], 'right': [False, True, False]}
    """
    picked = Counter(
        option
        for answer in answers
        for option in (answer if isinstance(answer, list) else [answer])
    )
    rows = [
        {"option": option, "students": picked[option], "right": option in right}
        for option in options
    ]
    return pd.DataFrame(rows, columns=["option", "students", "right"])


def most_common_wrong(distribution: pd.DataFrame) -> str | None:
    """The wrong answer given most often, or ``None`` when nobody was wrong."""
    wrong = distribution[~distribution["right"].astype(bool)]
    return None if wrong.empty else str(wrong.iloc[0]["answer"])


def _hashable(answer: Any) -> Any:
    if isinstance(answer, list):
        return tuple(_hashable(item) for item in answer)
    if isinstance(answer, dict):
        return tuple(sorted((key, _hashable(value)) for key, value in answer.items()))
    return answer


def _readable(answer: Any) -> str:
    if isinstance(answer, tuple):
        return "; ".join(
            " → ".join(map(str, a)) if isinstance(a, tuple) else str(a) for a in answer
        )
    return str(answer)
