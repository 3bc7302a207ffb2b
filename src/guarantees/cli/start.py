"""``guarantees start``: a learner's own copy of the course, opened in JupyterLab."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register ``start`` and its arguments; it takes the arguments after ``--``."""
    verb = verbs.add_parser(
        "start",
        help="copy the lessons into a folder of your own and open JupyterLab there",
        description="Copy the course's lessons and datasets into FOLDER (default: "
        "./guarantees-course) and open JupyterLab on the start lesson. Files already there are "
        "never overwritten, so your answers and edits are kept; lessons new in this version are "
        "added beside them. Options after -- go to jupyter lab, e.g. -- --no-browser.",
    )
    verb.add_argument("folder", nargs="?", type=Path, default=Path("guarantees-course"))
    verb.add_argument("--copy-only", action="store_true", help="copy, but do not open JupyterLab")
    verb.set_defaults(func=main, passed_on=[])


def main(*, folder: Path, copy_only: bool = False, passed_on: Sequence[str] = ()) -> int:
    """Copy the lessons and datasets into ``folder`` (keeping work there); open JupyterLab
    there unless ``copy_only``, with ``passed_on`` as further ``jupyter lab`` options."""
    from guarantees.learner_copy import copy_course

    folder = folder.resolve()
    for line in copy_course(folder):
        print(line)
    if copy_only:
        return 0
    command = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={folder}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    command += [*passed_on, "lessons/00_start_here.ipynb"]
    return subprocess.call(command, cwd=folder)
