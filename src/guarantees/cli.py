"""The ``guarantees`` command. One small function per verb; the work lives in the modules."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from guarantees.exercises import seal_answer
from guarantees.grading.answer_keys import read_answer_key
from guarantees.learner_copy import copy_course

GUIDES = "Guides: README.md in the course repository."


def seal(*, key_file: Path) -> int:
    """Print a sealed key for every question in a plain key file (for pasting into a lesson)."""
    for question_id, entry in read_answer_key(key_file).items():
        print(f"{question_id}: {seal_answer(entry.kind, entry.answer, **entry.params)}")
    return 0


def start(*, folder: Path, open_lab: bool = True, lab_arguments: list[str] = ()) -> int:
    """Copy the lessons and datasets into ``folder`` (keeping work there); open JupyterLab."""
    for line in copy_course(folder):
        print(line)
    if not open_lab:
        return 0
    command = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={folder}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    command += [*lab_arguments, "lessons/00_start_here.ipynb"]
    return subprocess.call(command, cwd=folder)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="guarantees",
        description="Tools for the guarantees course. Run instructor verbs from the course root.",
        epilog=GUIDES,
    )
    verbs = top.add_subparsers(dest="verb", required=True)
    sealer = verbs.add_parser(
        "seal",
        help="print sealed self-check keys from a plain key file",
        description="Read a plain key file (format: guarantees-answer-key) and print, for each "
        "question, the sealed key to paste as key=... in a lesson.",
    )
    sealer.add_argument("key_file", type=Path, help="e.g. answer_keys/lessons/00_start_here.json")
    starter = verbs.add_parser(
        "start",
        help="copy the lessons into a folder of your own and open JupyterLab there",
        description="Copy the course's lessons and datasets into FOLDER (default: "
        "./guarantees-course) and open JupyterLab on the start lesson. Files already there are "
        "never overwritten, so your answers and edits are kept; lessons new in this version are "
        "added beside them. Options after -- go to jupyter lab, e.g. -- --no-browser.",
    )
    starter.add_argument("folder", nargs="?", type=Path, default=Path("guarantees-course"))
    starter.add_argument(
        "--copy-only", action="store_true", help="copy, but do not open JupyterLab"
    )
    return top


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    passed_on: list[str] = []
    if "--" in argv:
        argv, passed_on = argv[: argv.index("--")], argv[argv.index("--") + 1 :]
    arguments = parser().parse_args(argv)
    try:
        if arguments.verb == "seal":
            return seal(key_file=arguments.key_file)
        if arguments.verb == "start":
            return start(
                folder=arguments.folder.resolve(),
                open_lab=not arguments.copy_only,
                lab_arguments=passed_on,
            )
    except (OSError, ValueError, json.JSONDecodeError) as error:
        print(f"guarantees {arguments.verb}: {error}", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())
