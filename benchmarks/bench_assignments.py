"""Grading time per submission for every assignment, next to the floor (a bare nbclient run).

For each assignment: four submissions (perfect, blank, partial, tampered, as in the pipeline
test), one ``nbgrader autograde`` batch, and a bare run of the same notebooks. Measured side by
side in one run; nothing is asserted. Run with ``python benchmarks/bench_assignments.py``.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from helpers import ASSIGNMENTS, make_course, nbgrader, run_notebook  # noqa: E402
from pipeline.test_assignments import STUDENTS, Source, prepare_submission  # noqa: E402

from guarantees.grading import read_answer_key  # noqa: E402


def measure(assignment: str, base: Path) -> dict:
    course = make_course(base / assignment / "course")
    exchange = course.parent / "exchange"
    source = Source.read(course / "assignments" / assignment)
    key = read_answer_key(course / "answer_keys" / assignment / f"{source.notebook.stem}.json")
    nbgrader("generate_assignment", assignment, "--force", cwd=course, exchange=exchange)
    for student in STUDENTS:
        prepare_submission(course, assignment, source, student, key)
    floor = []
    for student in STUDENTS:
        scratch = base / assignment / "floor" / student
        shutil.copytree(course / "submitted" / student / assignment, scratch)
        started = time.perf_counter()
        run_notebook(scratch / source.notebook.name, scratch, allow_errors=True)
        floor.append(time.perf_counter() - started)
    started = time.perf_counter()
    nbgrader("autograde", assignment, "--force", cwd=course, exchange=exchange)
    graded = (time.perf_counter() - started) / len(STUDENTS)
    points = sum(p for p, _ in source.tests.values())
    return {
        "autograded_points": points,
        "floor_seconds": round(statistics.mean(floor), 2),
        "autograde_seconds_per_submission": round(graded, 2),
        "ratio": round(graded / statistics.mean(floor), 2),
    }


def main(output: Path) -> dict:
    with tempfile.TemporaryDirectory() as temporary:
        results = {
            assignment.name: measure(assignment.name, Path(temporary))
            for assignment in sorted(p for p in ASSIGNMENTS.iterdir() if p.is_dir())
        }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n")
    for name, row in results.items():
        print(name, row)
    return results


if __name__ == "__main__":
    main(Path(__file__).resolve().parent / "results" / "assignments.json")
