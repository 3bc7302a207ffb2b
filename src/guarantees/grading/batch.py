"""Grade a whole class with nbgrader, several submissions at a time, without losing any.

The pipeline for one assignment:

1. *preflight* every submission (``preflight.py``): an unreadable notebook is reported and kept
   out of the batch, so it cannot stop the others;
2. skip what is unchanged since the last run (a fingerprint of the submission, the source, the
   keys and the configuration), so re-running is cheap and gives the same scores;
3. split the rest among *workers*. Each worker is a private copy of the course (configuration,
   source, a copy of the gradebook, copies of its students' submissions) where one ordinary
   ``nbgrader autograde`` runs its students in one process, with kernels on IPC sockets in the
   worker's own folder. Nothing in ``submitted/`` is touched;
4. bring each autograded notebook home and save its grades into the course gradebook with
   nbgrader's own ``SaveAutoGrades``, from this one process: the SQLite gradebook only ever has
   one writer;
5. write ``reports/ASSIGNMENT/grades.csv``: student id, score, max score, status, message.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import SaveAutoGrades

from guarantees.course import (
    ANSWER_KEYS_DIRECTORY,
    CONFIG_FILE,
    COURSE_ROOT_VARIABLE,
    nbgrader_environment,
)
from guarantees.grading.answer_keys import read_answer_key
from guarantees.grading.preflight import check_submission

FIELDS = ("student_id", "score", "max_score", "status", "message")
STATUS_GRADED, STATUS_INVALID, STATUS_FAILED = "graded", "invalid", "failed"


@dataclass
class Outcome:
    """One row of grades.csv."""

    student_id: str
    score: float
    max_score: float
    status: str
    message: str


@dataclass
class Course:
    """The paths one grading run needs."""

    root: Path
    assignment: str

    @property
    def source(self) -> Path:
        return self.root / "assignments" / self.assignment

    @property
    def notebooks(self) -> list[str]:
        return sorted(path.stem for path in self.source.glob("*.ipynb"))

    @property
    def reports(self) -> Path:
        return self.root / "reports" / self.assignment

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.root / 'gradebook.db'}"

    def submission(self, student: str) -> Path:
        return self.root / "submitted" / student / self.assignment


def submitted_students(course: Course, only: list[str] | None = None) -> list[str]:
    """Students with a submission of the assignment (optionally only some of them)."""
    found = sorted(
        path.parent.name for path in (course.root / "submitted").glob(f"*/{course.assignment}")
    )
    if only:
        missing = sorted(set(only) - set(found))
        if missing:
            raise ValueError(f"no submission of {course.assignment} from {', '.join(missing)}")
        return [student for student in found if student in only]
    return found


def max_score(course: Course) -> float:
    """Points available, from the source notebooks' grade cells."""
    total = 0.0
    for name in course.notebooks:
        for cell in nbformat.read(course.source / f"{name}.ipynb", as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade"):
                total += float(meta["points"])
    return total


def fingerprint(course: Course, student: str) -> str:
    """Changes when the submission, the source, the keys or the configuration change."""
    digest = hashlib.sha256()
    folders = [
        course.submission(student),
        course.source,
        course.root / ANSWER_KEYS_DIRECTORY / course.assignment,
    ]
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    digest.update((course.root / CONFIG_FILE).read_bytes())
    return digest.hexdigest()


def grade_assignment(
    root: Path,
    assignment: str,
    *,
    workers: int | None = None,
    students: list[str] | None = None,
    cell_timeout: int | None = None,
    on_progress: Callable[[str, Outcome | None], None] = lambda student, outcome: None,
) -> list[Outcome]:
    """Autograde every submission of ``assignment``; return one outcome per student."""
    course = Course(root.resolve(), assignment)
    if not course.source.is_dir():
        raise ValueError(f"no source assignment {course.source}")
    release = course.root / "release" / assignment
    if not release.is_dir():
        raise ValueError(f"{release} is missing: run `nbgrader generate_assignment {assignment}`")
    with Gradebook(course.db_url) as gradebook:
        try:
            gradebook.find_assignment(assignment)
        except MissingEntry:
            raise ValueError(
                f"{assignment} is not in the gradebook: run `nbgrader generate_assignment`"
            ) from None
    points = max_score(course)
    keys = {
        name: read_answer_key(path)
        for name in course.notebooks
        if (path := course.root / ANSWER_KEYS_DIRECTORY / assignment / f"{name}.json").exists()
    }
    state_path = course.reports / "state.json"
    state = json.loads(state_path.read_text()) if state_path.exists() else {}
    outcomes: dict[str, Outcome] = {}
    notes: dict[str, list[str]] = {}
    to_grade = []
    for student in submitted_students(course, students):
        print_ = fingerprint(course, student)
        previous = state.get(student)
        if previous and previous["fingerprint"] == print_ and _still_recorded(course, previous):
            outcomes[student] = Outcome(**previous["outcome"])
            on_progress(student, outcomes[student])
            continue
        check = check_submission(course.submission(student), course.notebooks, release, keys)
        if check.fatal:
            outcomes[student] = Outcome(student, 0.0, points, STATUS_INVALID, check.fatal)
            on_progress(student, outcomes[student])
        else:
            notes[student] = check.notes
            to_grade.append(student)
        state[student] = {"fingerprint": print_}

    workers = max(1, min(workers or os.cpu_count() or 1, len(to_grade) or 1))
    groups = [to_grade[index::workers] for index in range(workers)]
    run = course.reports / ".work"
    shutil.rmtree(run, ignore_errors=True)
    started = [
        _start_worker(course, run / f"worker-{n}", group, cell_timeout)
        for n, group in enumerate(groups)
        if group
    ]
    _follow(started, course, points, notes, outcomes, on_progress)
    shutil.rmtree(run, ignore_errors=True)

    for student, outcome in outcomes.items():
        state.setdefault(student, {})["outcome"] = asdict(outcome)
    ordered = [outcomes[student] for student in sorted(outcomes)]
    _write_reports(course, ordered, state)
    (course.reports / "graded-this-run.txt").write_text("".join(f"{s}\n" for s in to_grade))
    return ordered


def _still_recorded(course: Course, previous: dict) -> bool:
    """Whether a saved result is still in the gradebook (it may have been recreated since)."""
    outcome = previous.get("outcome")
    if not outcome:
        return False
    if outcome["status"] != STATUS_GRADED:
        return True
    with Gradebook(course.db_url) as gradebook:
        try:
            recorded = gradebook.find_submission(course.assignment, outcome["student_id"]).score
        except MissingEntry:
            return False
    return abs(recorded - outcome["score"]) < 0.01


# -- workers ------------------------------------------------------------------------------------


def _start_worker(
    course: Course, folder: Path, students: list[str], cell_timeout: int | None
) -> tuple[Path, subprocess.Popen, list[str]]:
    folder.mkdir(parents=True)
    shutil.copy(course.root / CONFIG_FILE, folder / CONFIG_FILE)
    shutil.copytree(course.source, folder / "assignments" / course.assignment)
    shutil.copy(course.root / "gradebook.db", folder / "gradebook.db")
    for student in students:
        shutil.copytree(
            course.submission(student), folder / "submitted" / student / course.assignment
        )
    sockets = folder / "kernels"
    sockets.mkdir()
    command = [
        sys.executable, "-m", "nbgrader", "autograde", course.assignment, "--force",
        "--KernelManager.transport=ipc", f"--KernelManager.ip={sockets / 'kernel'}",
    ]  # fmt: skip
    if cell_timeout:
        command += [
            f"--Execute.timeout={cell_timeout}",
            f"--ExecutePreprocessor.timeout={cell_timeout}",
        ]
    # answer keys stay in the course: the kernels find them through the course root
    environment = nbgrader_environment(
        **{COURSE_ROOT_VARIABLE: str(course.root), "PYTHONUNBUFFERED": "1"}
    )
    log = (folder / "autograde.log").open("w")
    process = subprocess.Popen(
        command, cwd=folder, env=environment, stdout=log, stderr=subprocess.STDOUT
    )
    return folder, process, students


def _follow(
    running: list[tuple[Path, subprocess.Popen, list[str]]],
    course: Course,
    points: float,
    notes: dict[str, list[str]],
    outcomes: dict[str, Outcome],
    on_progress: Callable[[str, Outcome | None], None],
) -> None:
    """Follow every worker, bringing each student home as soon as nbgrader has moved on from
    them (so saving grades here overlaps with grading there), and the rest when it ends."""
    waiting = {
        student: (worker, process) for worker, process, group in running for student in group
    }
    while waiting:
        for worker, process, group in running:
            ended = process.poll() is not None
            started = _started_in_log(worker)
            done = group if ended else started[:-1]  # a later student has begun: this one is done
            for student in done:
                if student not in waiting:
                    continue
                if _autograded(worker, course, student):
                    outcome = _save_grades(course, worker, student, points, notes[student])
                elif ended:  # read why from the complete log
                    outcome = _failure(course, worker, student, points)
                else:
                    continue
                del waiting[student]
                outcomes[student] = outcome
                on_progress(student, outcome)
        if waiting:
            time.sleep(0.2)
    for _, process, _ in running:
        process.wait()


def _autograded(worker: Path, course: Course, student: str) -> bool:
    folder = worker / "autograded" / student / course.assignment
    return all((folder / f"{name}.ipynb").is_file() for name in course.notebooks)


def _started_in_log(worker: Path) -> list[str]:
    """Students in the order nbgrader began them, read from the worker's log."""
    log = (worker / "autograde.log").read_text(errors="replace")
    return list(dict.fromkeys(re.findall(r"Sanitizing \S*/submitted/([^/]+)/", log)))


def _save_grades(
    course: Course, worker: Path, student: str, points: float, notes: list[str]
) -> Outcome:
    """Copy the autograded notebooks home and record their grades in the course gradebook."""
    source = worker / "autograded" / student / course.assignment
    target = course.root / "autograded" / student / course.assignment
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    timestamp_file = course.submission(student) / "timestamp.txt"
    timestamp = timestamp_file.read_text().strip() if timestamp_file.exists() else None
    with Gradebook(course.db_url) as gradebook:
        gradebook.update_or_create_student(student)
        gradebook.update_or_create_submission(course.assignment, student, timestamp=timestamp)
    for name in course.notebooks:
        notebook = nbformat.read(target / f"{name}.ipynb", as_version=4)
        resources = {
            "nbgrader": {
                "notebook": name,
                "assignment": course.assignment,
                "student": student,
                "db_url": course.db_url,
            }
        }
        SaveAutoGrades().preprocess(notebook, resources)
    with Gradebook(course.db_url) as gradebook:
        score = gradebook.find_submission(course.assignment, student).score
    message = "; ".join(notes + _timeouts(target, course.notebooks)) or "ok"
    return Outcome(student, round(float(score), 2), points, STATUS_GRADED, message)


def _timeouts(folder: Path, notebooks: list[str]) -> list[str]:
    found = []
    for name in notebooks:
        text = (folder / f"{name}.ipynb").read_text(errors="replace")
        if "CellTimeoutError" in text or "timed out" in text:
            found.append("a cell ran past the time limit and was stopped")
    return found


def _failure(course: Course, worker: Path, student: str, points: float) -> Outcome:
    """A student nbgrader could not grade: say why, from the worker's log."""
    log = (worker / "autograde.log").read_text(errors="replace")
    own = _section_of(log, student)
    if "DeadKernelError" in own or "Kernel died" in own or "kernel died" in own.lower():
        reason = "the kernel died while running the notebook (e.g. os._exit or a crash)"
    elif "Timeout" in own:
        reason = "the notebook did not finish in time"
    else:
        errors = [line.strip() for line in own.splitlines() if "Error" in line]
        reason = f"nbgrader could not grade it ({errors[-1][:200] if errors else 'see log'})"
    return Outcome(student, 0.0, points, STATUS_FAILED, reason)


def _section_of(log: str, student: str) -> str:
    """The part of a worker's log about one student."""
    marker = f"/submitted/{student}/"
    start = log.find(marker)
    if start < 0:
        return log
    following = re.search(r"Sanitizing \S*/submitted/(?!" + re.escape(student) + r"/)", log[start:])
    return log[start : start + following.start()] if following else log[start:]


# -- reports ------------------------------------------------------------------------------------


def _write_reports(course: Course, outcomes: list[Outcome], state: dict) -> None:
    course.reports.mkdir(parents=True, exist_ok=True)
    with open(course.reports / "grades.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for outcome in outcomes:
            writer.writerow(asdict(outcome))
    (course.reports / "state.json").write_text(json.dumps(state, indent=2) + "\n")
