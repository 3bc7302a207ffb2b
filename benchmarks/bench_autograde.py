"""Autograde time per submission next to the floor: a bare nbclient run of the same notebook.

Measured side by side in one run, on one machine, so the ratios hold even where the machine is
shared and noisy. Nothing here is asserted; run it with ``make bench`` and read the table.

    python benchmarks/bench_autograde.py --submissions 10
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from helpers import make_course, nbgrader, run_notebook  # noqa: E402

from guarantees.answers import AnswerStore  # noqa: E402
from guarantees.grading import read_answer_key  # noqa: E402
from guarantees.layout import nbgrader_environment  # noqa: E402

ASSIGNMENT = "a0_practice"


def make_submissions(course: Path, count: int, seed: int = 1) -> list[str]:
    """``count`` submissions of the released notebook with random answers saved the usual way."""
    chance = random.Random(seed)
    released = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    key = read_answer_key(course / "answer_keys" / ASSIGNMENT / f"{ASSIGNMENT}.json")
    students = [f"student{number:03d}" for number in range(count)]
    for student in students:
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        notebook = nbformat.read(released, as_version=4)
        guess = chance.choice([15, 16, 17])
        for cell in notebook.cells:
            cell.source = cell.source.replace(
                "raise NotImplementedError()", f"joined_after_1991 = {guess}"
            )
        nbformat.write(notebook, folder / f"{ASSIGNMENT}.ipynb")
        store = AnswerStore(folder / f"{ASSIGNMENT}.answers.json", ASSIGNMENT, read_only=False)
        for question_id, entry in key.items():
            if entry.kind == "single_choice" and chance.random() < 0.7:
                store.save(question_id, entry.kind, entry.answer)
            elif entry.kind == "multiple_choice":
                store.save(question_id, entry.kind, entry.answer[: chance.randint(1, 3)])
        (folder / "timestamp.txt").write_text("2026-11-28 09:00:00.000000 UTC")
    return students


def floor_seconds(course: Path, students: list[str], scratch: Path) -> list[float]:
    """Seconds for a bare nbclient run of each submitted notebook on a fresh kernel."""
    seconds = []
    for student in students:
        work = scratch / student
        shutil.copytree(course / "submitted" / student / ASSIGNMENT, work)
        started = time.perf_counter()
        run_notebook(work / f"{ASSIGNMENT}.ipynb", work, allow_errors=True)
        seconds.append(time.perf_counter() - started)
        shutil.rmtree(work)
    return seconds


def autograde_batch(course: Path, exchange: Path, count: int) -> float:
    """Seconds per submission for one ``nbgrader autograde`` over the whole class."""
    started = time.perf_counter()
    nbgrader("autograde", ASSIGNMENT, "--force", cwd=course, exchange=exchange)
    return (time.perf_counter() - started) / count


def autograde_each(course: Path, exchange: Path, students: list[str]) -> float:
    """Seconds per submission for one ``nbgrader autograde --student`` process per student."""
    started = time.perf_counter()
    for student in students:
        nbgrader(
            "autograde",
            ASSIGNMENT,
            "--force",
            f"--student={student}",
            cwd=course,
            exchange=exchange,
        )
    return (time.perf_counter() - started) / len(students)


def guarantees_grade(course: Path, count: int, workers: int, sandbox: bool = True) -> float:
    """Seconds per submission for ``guarantees grade --workers N`` (from scratch), each
    notebook in its own sandbox unless ``sandbox`` is False (``--no-sandbox``)."""
    shutil.rmtree(course / "reports", ignore_errors=True)
    shutil.rmtree(course / "autograded", ignore_errors=True)
    started = time.perf_counter()
    result = subprocess.run(
        [Path(sys.executable).parent / "guarantees", "grade", ASSIGNMENT, f"--workers={workers}"]
        + ([] if sandbox else ["--no-sandbox"]),
        cwd=course, env=nbgrader_environment(), capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(result.stdout + result.stderr)
    return (time.perf_counter() - started) / count


def main(*, submissions: int, output: Path) -> dict:
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        course, exchange = make_course(base / "course"), base / "exchange"
        nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course, exchange=exchange)
        students = make_submissions(course, submissions)
        floor_before = floor_seconds(course, students, base / "scratch")
        batch = autograde_batch(course, exchange, submissions)
        each = autograde_each(course, exchange, students)
        one_worker = guarantees_grade(course, submissions, workers=1)
        two_workers = guarantees_grade(course, submissions, workers=2)
        one_open = guarantees_grade(course, submissions, workers=1, sandbox=False)
        two_open = guarantees_grade(course, submissions, workers=2, sandbox=False)
        floor_after = floor_seconds(course, students, base / "scratch")
    floor = statistics.mean(floor_before + floor_after)
    result = {
        "submissions": submissions,
        "floor_seconds_per_notebook": round(floor, 3),
        "floor_spread_seconds": round(statistics.pstdev(floor_before + floor_after), 3),
        "autograde_batch_seconds_per_submission": round(batch, 3),
        "autograde_per_student_process_seconds_per_submission": round(each, 3),
        "guarantees_grade_1_worker_seconds_per_submission": round(one_worker, 3),
        "guarantees_grade_2_workers_seconds_per_submission": round(two_workers, 3),
        "no_sandbox_1_worker_seconds_per_submission": round(one_open, 3),
        "no_sandbox_2_workers_seconds_per_submission": round(two_open, 3),
        "batch_over_floor": round(batch / floor, 2),
        "per_student_process_over_floor": round(each / floor, 2),
        "grade_1_worker_over_floor": round(one_worker / floor, 2),
        "grade_2_workers_over_floor": round(two_workers / floor, 2),
        "no_sandbox_1_worker_over_floor": round(one_open / floor, 2),
        "no_sandbox_2_workers_over_floor": round(two_open / floor, 2),
        "serial_nbgrader_over_grade_2_workers": round(batch / two_workers, 2),
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2) + "\n")
    width = max(map(len, result))
    for name, value in result.items():
        print(f"{name:<{width}}  {value}")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=10)
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(__file__).resolve().parent / "results" / "autograde.json",
    )
    arguments = parser.parse_args()
    main(submissions=arguments.submissions, output=arguments.output)
