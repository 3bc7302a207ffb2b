"""``guarantees build``: generate lessons, assignments and answer keys from the sources."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register ``build`` and its ``--check`` flag."""
    verb = verbs.add_parser(
        "build",
        help="generate lessons, assignments and answer keys from the sources in content/",
        description="Write lessons/*.ipynb, assignments/*/*.ipynb and answer_keys/ from "
        "content/lessons/*.md and content/assignments/*.md, only where they changed.",
    )
    verb.add_argument(
        "--check",
        dest="check_only",
        action="store_true",
        help="write nothing; list generated files that differ from their sources (exit 1)",
    )
    verb.set_defaults(func=main)


def main(*, check_only: bool = False) -> int:
    """Build the course in the current folder, or only say which generated files are stale."""
    from guarantees.authoring.build import CONTENT_DIRECTORY, build_course, sources, write_course
    from guarantees.course_check import generated_file_problems

    root = Path.cwd()
    if not sources(root):
        raise ValueError(f"no sources in {root / CONTENT_DIRECTORY}: run it from the course root")
    if check_only:
        problems = generated_file_problems(root)
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    files = build_course(root)
    written = write_course(root, files)
    for path in written:
        print(f"wrote {path.as_posix()}")
    print(f"{len(written)} files written, {len(files) - len(written)} up to date.")
    return 0
