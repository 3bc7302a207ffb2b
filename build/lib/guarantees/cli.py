"""The ``guarantees`` command. One small function per verb; the work lives in the modules."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from guarantees.exercises import seal_answer
from guarantees.grading.answer_keys import read_answer_key


def seal(*, key_file: Path) -> int:
    """Print a sealed key for every question in a plain key file (for pasting into a lesson)."""
    for question_id, entry in read_answer_key(key_file).items():
        print(f"{question_id}: {seal_answer(entry.kind, entry.answer, **entry.params)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="guarantees", description="Tools for the guarantees course. Run from the course root."
    )
    verbs = parser.add_subparsers(dest="verb", required=True)
    sealer = verbs.add_parser(
        "seal",
        help="print sealed self-check keys from a plain key file",
        description="Read a plain key file (format: guarantees-answer-key) and print, for each "
        "question, the sealed key to paste as key=... in a lesson.",
    )
    sealer.add_argument("key_file", type=Path, help="e.g. answer_keys/lessons/00_start_here.json")
    arguments = parser.parse_args(argv)
    try:
        if arguments.verb == "seal":
            return seal(key_file=arguments.key_file)
    except (OSError, ValueError, json.JSONDecodeError) as error:
        print(f"guarantees {arguments.verb}: {error}", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())
