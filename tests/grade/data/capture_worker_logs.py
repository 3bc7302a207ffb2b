"""Capture the worker logs in this folder from a real run (run from the repository root:
``.venv/bin/python tests/grade/data/capture_worker_logs.py``; about a minute).

One real grading worker (nbgrader's autograde, as ``guarantees grade`` starts it) grades a few
students of the synthetic class; its log is kept with the folders renamed, nbgrader's SQLAlchemy
warnings dropped and each traceback's frames left out.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(TESTS))

from grade.synthetic_class import ASSIGNMENT, build_class  # noqa: E402
from helpers import make_course, nbgrader  # noqa: E402

from guarantees.grading.batch import Course, _start_worker  # noqa: E402

LOGS = {
    "worker.log": ["student00", "endless-loop", "kernel-dies", "student01"],
    "worker-unreadable.log": ["corrupt", "student00"],
}
WORKER = "/home/teacher/course/reports/a0_practice/.work/worker-0"


def trimmed(log: str, worker: Path) -> str:
    log = log.replace(str(worker), WORKER)
    log = re.sub(r"\S*/site-packages/", "/srv/venv/lib/python3.11/site-packages/", log)
    kept, frames = [], False
    lines = iter(log.splitlines())
    for line in lines:
        if "SAWarning" in line:
            next(lines, None)  # and the source line the warning quotes
            continue
        if line.startswith("      File "):
            if not frames:
                kept.append("      ... (frames left out)")
            frames = True
            continue
        if frames and line.startswith("        "):
            continue
        frames = False
        kept.append(line)
    return "\n".join(kept) + "\n"


def capture(students: list[str]) -> str:
    base = Path(tempfile.mkdtemp(prefix="worker-log-"))
    root = make_course(base / "course")
    nbgrader("generate_assignment", ASSIGNMENT, cwd=root, exchange=root / "exchange")
    build_class(root, ordinary=2)
    course = Course(root, ASSIGNMENT)
    sockets = Path(tempfile.mkdtemp(prefix="k-")) / "0"
    # the worker guarantees grade would start for these students (its own folder, kernels, keys)
    worker = _start_worker(course, base / "worker", students, sockets, cell_timeout=5)
    worker.process.join()
    return trimmed(worker.log, base / "worker")


if __name__ == "__main__":
    for name, students in LOGS.items():
        (Path(__file__).parent / name).write_text(capture(students))
