"""``guarantees seal``: print sealed self-check keys from a plain key file."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register ``seal`` and its arguments."""
    verb = verbs.add_parser(
        "seal",
        help="print sealed self-check keys from a plain key file",
        description="Read a plain key file (format: guarantees-answer-key) and print, for each "
        "question, the sealed key to paste as key=... in a lesson.",
    )
    verb.add_argument("key_file", type=Path, help="e.g. answer_keys/lessons/00_start_here.json")
    verb.set_defaults(func=main)


def main(*, key_file: Path) -> int:
    """Print a sealed key for every question in a plain key file (for pasting into a lesson)."""
    from guarantees.exercises import seal_answer
    from guarantees.grading.answer_keys import read_answer_key

    for question_id, entry in read_answer_key(key_file).items():
        print(f"{question_id}: {seal_answer(entry.kind, entry.answer, **entry.params)}")
    return 0
