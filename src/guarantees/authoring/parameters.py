"""Drawn numbers: a code question whose parameter the term seed draws, keyed by its own solution.

A code question's test cell may declare a parameter with the values a term can get::

    :draw: threshold = 2 | 1.5 | 2.5 | 3

Every ``{{threshold}}`` in the source's Markdown and code becomes the drawn value: the first
value for the public build (no term seed), a draw for a term seed. The key is then what the
source's own model solution computes from the datasets for that value: the build runs the
source's code cells that come before the question's test (setup and model solutions, never tests
or scratch cells), in a fresh namespace inside an empty scratch folder, and reads the variable the
test names in ``:value:``. So the solution owns the answer, and a test with ``:draw:`` states no
``:answer:``. The code is the author's, never a student's.

>>> parse_draw("threshold = 2 | 1.5 | 2.5", "a3.md: ")
('threshold', ('2', '1.5', '2.5'))
>>> drawn_value("a3-crossed-line", "threshold", ("2", "1.5", "2.5"), seed="")
'2'
>>> drawn_value("a3-crossed-line", "threshold", ("2", "1.5", "2.5"), seed="spring-2027")
'1.5'
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import re
import tempfile
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from guarantees.authoring.questions import SourceError
from guarantees.authoring.sources import Part
from guarantees.option_order import shuffled

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
"""Where a drawn value goes: ``{{name}}``."""


@dataclass(frozen=True)
class Draw:
    """One code question's drawn parameter, with the values a term seed chooses from."""

    question_id: str
    name: str
    values: tuple[str, ...]
    value_variable: str
    """The variable the question's test grades (``:value:``), read for the key."""
    tolerance: float = 0.0


def parse_draw(text: str, where: str) -> tuple[str, tuple[str, ...]]:
    """A ``:draw:`` option's parameter name and values."""
    name, equals, values = str(text).partition("=")
    choices = tuple(value.strip() for value in values.split("|") if value.strip())
    if not equals or not name.strip().isidentifier() or len(choices) < 2:
        raise SourceError(
            f"{where}:draw: must read `name = value | value ...` with at least two values, "
            f"not {text!r}"
        )
    if len(set(choices)) != len(choices):
        raise SourceError(f"{where}:draw: {name.strip()} lists a value twice")
    return name.strip(), choices


def draws(parts: list[Part], where: str = "") -> list[Draw]:
    """The drawn parameters a source declares, in order."""
    found = []
    for part in parts:
        if "draw" not in part.options:
            continue
        question = part.options.get("question")
        if part.options.get("part") != "test" or "value" not in part.options:
            raise SourceError(f"{where}{question}: :draw: goes on the test cell that has :value:")
        if part.options.get("answer") is not None:
            raise SourceError(
                f"{where}{question}: a test with :draw: states no :answer: (the model solution "
                "computes the key for the drawn value)"
            )
        name, values = parse_draw(part.options["draw"], f"{where}{question}: ")
        tolerance = float(part.options.get("tolerance") or 0)
        found.append(Draw(question, name, values, part.options["value"], tolerance))
    names = [draw.name for draw in found]
    if len(set(names)) != len(names):
        raise SourceError(f"{where}two questions draw a parameter of the same name")
    return found


def drawn_value(question_id: str, name: str, values: tuple[str, ...], seed: str) -> str:
    """The value the term of ``seed`` gets: the first for the public build (no seed), else the
    first in the seed's shuffled order of the values (:func:`guarantees.option_order.shuffled`,
    keyed by question and parameter)."""
    return shuffled(values, seed, f"{question_id}\n{name}")[0] if seed else values[0]


def with_values(parts: list[Part], values: dict[str, str], where: str = "") -> list[Part]:
    """The parts with every ``{{name}}`` in Markdown and code replaced by its value."""

    def fill(match: re.Match) -> str:
        if match.group(1) not in values:
            raise SourceError(f"{where}{{{{{match.group(1)}}}}} names no :draw: parameter")
        return values[match.group(1)]

    return [
        replace(part, source=PLACEHOLDER.sub(fill, part.source)) if part.source else part
        for part in parts
    ]


def solution_value(parts: list[Part], draw: Draw, where: str = "") -> Any:
    """What the source's setup and model solutions give for ``draw``'s variable, with the
    parts' values already filled in."""
    end = next(
        number
        for number, part in enumerate(parts)
        if part.options.get("question") == draw.question_id and part.options.get("part") == "test"
    )
    code = tuple(
        part.source
        for part in parts[:end]
        if part.cell_type == "code" and part.options.get("part", "code") == "code"
    )
    try:
        value = _run(code, draw.value_variable)
    except Exception as error:  # the author's code: any error is a mistake in the source
        raise SourceError(
            f"{where}{draw.question_id}: the model solution fails for this draw "
            f"({type(error).__name__}: {error})"
        ) from error
    return _plain(value)


@cache
def _run(code: tuple[str, ...], variable: str) -> Any:
    namespace: dict[str, Any] = {"__name__": "__guarantees_key__"}
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as scratch, contextlib.redirect_stdout(io.StringIO()):
        os.chdir(scratch)  # anything the code writes lands in the scratch folder
        try:
            for source in code:
                exec(compile(source, "<model solution>", "exec"), namespace)
        finally:
            os.chdir(here)
    return namespace[variable]


def _plain(value: Any) -> Any:
    """A number as JSON keeps it: an int when whole, else a float."""
    number = float(value.item() if hasattr(value, "item") else value)
    return int(number) if number.is_integer() else number


def drawn_parts(parts: list[Part], seed: str, where: str = "") -> list[Part]:
    """A source's parts as the term of ``seed`` sees them: values filled in, and each drawn
    question's test carrying the key its model solution computes."""
    found = draws(parts, where)
    if not found:
        return with_values(parts, {}, where)
    values = {d.name: drawn_value(d.question_id, d.name, d.values, seed) for d in found}
    filled = with_values(parts, values, where)
    keys = {d.question_id: solution_value(filled, d, where) for d in found}
    return [
        replace(part, options={**part.options, "answer": keys[part.options["question"]]})
        if "draw" in part.options
        else part
        for part in filled
    ]


def every_key(parts: list[Part], where: str = "") -> dict[Draw, dict[str, Any]]:
    """For each drawn question, the key of each value it can draw (for ``guarantees check``)."""
    found = draws(parts, where)
    first = {d.name: d.values[0] for d in found}
    return {
        d: {
            value: solution_value(with_values(parts, {**first, d.name: value}, where), d, where)
            for value in d.values
        }
        for d in found
    }


def draw_problems(name: str, keys: dict[Draw, dict[str, Any]]) -> list[str]:
    """Drawn questions where two values give keys within the tolerance of each other: an answer
    right for one term would be right for another."""
    problems = []
    for draw, by_value in keys.items():
        answers = sorted(by_value.values())
        if any(b - a <= draw.tolerance + 1e-9 for a, b in itertools.pairwise(answers)):
            problems.append(
                f"{name}: {draw.question_id} gives keys within its tolerance ({draw.tolerance:g}) "
                f"for two of its values ({by_value}); draw values whose answers differ more"
            )
    return problems


def draw_line(name: str, keys: dict[Draw, dict[str, Any]]) -> str:
    """One line of ``guarantees check`` for a source with drawn numbers."""
    described = "; ".join(
        f"{draw.question_id} ({len(by_value)} variants of {draw.name}: "
        + ", ".join(f"{value} gives {key}" for value, key in by_value.items())
        + ")"
        for draw, by_value in keys.items()
    )
    count = len(keys)
    return f"{name}: {count} code question{'s' * (count != 1)} draw a number: {described}"
