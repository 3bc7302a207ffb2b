"""Bar chart: a chart's recorded facts (bars, labels, lines) checked against the data it must show.

A chart is graded from what the kernel records of it (``hidden_tests.recordable``): the bars'
heights and labels, the title, the axis labels and the heights of horizontal lines. The key is
the column's values; the requirements a chart must meet are the kind's parameters.

>>> from guarantees.keys import PlainKey
>>> key = PlainKey.of(BarChartKind.facts([2.5, 1.5]))
>>> chart = {"heights": [1.5, 2.5], "labels": ["A", "B"], "title": "Spending",
...          "xlabel": "Ally", "ylabel": "% of GDP", "lines": [2.0]}
>>> BarChartKind.score(chart, key, line=2).summary
'the chart meets every requirement'
>>> BarChartKind.score({**chart, "heights": [1.4, 2.5, 2.0]}, key, line=2).summary
'the chart misses: bar heights from the column, sorted bars'
"""

from __future__ import annotations

import math
from typing import Any

from guarantees.keys import Key
from guarantees.kinds.base import Kind, Score

MAX_BARS = 500
MAX_TEXT = 500
TEXTS = ("title", "xlabel", "ylabel")


class BarChartKind(Kind):
    """A bar chart: every requirement met earns the points, any requirement missed earns none."""

    kind = "bar_chart"

    @classmethod
    def coerce(cls, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise TypeError("a chart is recorded from a matplotlib Axes (ax)")
        chart = {name: value.get(name, "") for name in TEXTS}
        if not all(isinstance(text, str) and len(text) <= MAX_TEXT for text in chart.values()):
            raise ValueError("the chart's title and labels must be short texts")
        for name in ("heights", "lines"):
            numbers = value.get(name, [])
            if not isinstance(numbers, list) or len(numbers) > MAX_BARS:
                raise ValueError(f"the chart's {name} must be a list of at most {MAX_BARS}")
            if not all(_finite(number) for number in numbers):
                raise ValueError(f"the chart's {name} must be finite numbers")
            chart[name] = [float(number) for number in numbers]
        return chart

    @classmethod
    def facts(cls, answer: list[float], **params: Any) -> list[str]:
        return [_heights(answer)]

    @classmethod
    def score(cls, answer: dict[str, Any], key: Key, line: float = 2, **params: Any) -> Score:
        chart = cls.coerce(answer)
        heights, ylabel = chart["heights"], chart["ylabel"].lower()
        requirements = {
            "a title": bool(chart["title"].strip()),
            "an x label": bool(chart["xlabel"].strip()),
            "a y label with the unit": "%" in ylabel or "percent" in ylabel,
            "bar heights from the column": key.holds(_heights(heights)),
            "sorted bars": heights in (sorted(heights), sorted(heights, reverse=True)),
            f"a line at {line:g}": any(abs(height - line) < 1e-9 for height in chart["lines"]),
        }
        missed = [name for name, met in requirements.items() if not met]
        if missed:
            return Score(0.0, f"the chart misses: {', '.join(missed)}")
        return Score(1.0, "the chart meets every requirement")


def _finite(number: Any) -> bool:
    return (
        isinstance(number, (int, float)) and not isinstance(number, bool) and math.isfinite(number)
    )


def _heights(values: list[float]) -> str:
    return "heights=" + ",".join(f"{value:.6g}" for value in sorted(values))
