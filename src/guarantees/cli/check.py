"""``guarantees check``: validate the course and say what is wrong."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register ``check`` (it takes no arguments)."""
    verb = verbs.add_parser(
        "check",
        help="validate the course and explain what is wrong",
        description="Check that every generated file matches its source, every notebook is "
        "valid and clean, every assignment generates with nbgrader, every answer key reads, the "
        "datasets validate, every citation is in the references table, and guessing is worth "
        "little: per assignment, a random answer earns at most 20 %% of the choice, ordering and "
        "matching points, and keys are no more often the longest option than chance predicts. "
        "It says, per assignment, how many graded widget questions come from the private term "
        "bank (GUARANTEES_TERM_BANK) and fails when that bank lies inside the course folder. "
        "For code questions whose number the term seed draws (:draw:), it prints the key of "
        "every value and fails when two values' keys lie within the question's tolerance.",
    )
    verb.set_defaults(func=main)


def main() -> int:
    """Validate the course: notebooks, assignments, keys, datasets."""
    from guarantees.authoring.parameters import draw_line
    from guarantees.course_check import bank_lines, check_course, drawn_numbers, guessing_report
    from guarantees.references import summary

    guessing = guessing_report(Path.cwd())
    drawn = drawn_numbers(Path.cwd())
    problems = check_course(Path.cwd(), guessing, drawn)
    print(summary(Path.cwd()))
    for figures in guessing:
        print(f"Guessing: {figures.line()}")
    for name, keys in drawn.items():
        print(f"Drawn numbers: {draw_line(name, keys)}")
    for line in bank_lines(Path.cwd()):
        print(f"Term bank: {line}")
    for problem in problems:
        print(f"- {problem}")
    print(f"{len(problems)} problem(s) found." if problems else "The course is in good order.")
    return 1 if problems else 0
