"""Grade a whole class with nbgrader, several submissions at a time, without losing any.

The pipeline for one assignment:

1. *preflight* every submission (``preflight.py``): an unreadable notebook is reported and kept
   out of the batch, so it cannot stop the others;
2. skip what is unchanged since the last run (a fingerprint of the submission, the source, the
   keys and the configuration), so re-running is cheap and gives the same scores;
3. split the rest among *workers* (``worker.py``): private copies of the course where one
   ordinary ``nbgrader autograde`` grades their students, the next kernel always starting while
   a notebook runs (``preprocessors/execute_with_ready_kernel.py``). Nothing in ``submitted/``
   is touched;
4. bring each student home as soon as their worker has moved on: the autograded notebooks, and
   (for a SQLite gradebook, which must have one writer) their grades, copied from the worker's
   private gradebook into the course's in one transaction (``gradebook.py``). A database server
   such as PostgreSQL is written to by the workers themselves. Then recheck, away from the
   student's code, every test that awards one question (``recheck.py``);
5. write ``reports/ASSIGNMENT/grades.csv``: student id, score, max score, status, message.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from guarantees.grading.answer_keys import read_answer_key
from guarantees.grading.gradebook import (
    GradebookChanged,
    copy_grades_home,
    recorded_score,
    sqlite_path,
)
from guarantees.grading.preflight import check_submission
from guarantees.grading.recheck import AwardingTest, awarding_tests, recheck_scores
from guarantees.grading.worker import Worker, start_worker
from guarantees.layout import (
    ANSWER_KEYS_VARIABLE,
    COURSE_ROOT_VARIABLE,
    Layout,
    nbgrader_environment,
)

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
    """One assignment of one course, and what a grading run needs to know of it."""

    root: Path
    assignment: str

    @cached_property
    def layout(self) -> Layout:
        return Layout.of(self.root)

    @property
    def source(self) -> Path:
        return self.layout.source(self.assignment)

    @property
    def notebooks(self) -> list[str]:
        return sorted(path.stem for path in self.source.glob("*.ipynb"))

    @property
    def reports(self) -> Path:
        return self.layout.reports(self.assignment)

    @property
    def answer_keys(self) -> Path:
        return self.layout.answer_keys(self.assignment)

    @cached_property
    def db_url(self) -> str:
        return self.layout.nbgrader.db_url

    @cached_property
    def awarding_tests(self) -> list[AwardingTest]:
        return awarding_tests(self.source)

    def submission(self, student: str) -> Path:
        return self.layout.submitted(student, self.assignment)


def submitted_students(course: Course, only: list[str] | None = None) -> list[str]:
    """Students with a submission of the assignment (optionally only some of them)."""
    found = course.layout.students("submitted", course.assignment)
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
    for folder in (course.submission(student), course.source, course.answer_keys):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    digest.update(course.layout.config_file.read_bytes())
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
    release = course.layout.release(assignment)
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
        if (path := course.layout.answer_key(assignment, name)).exists()
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
        check = check_submission(course.layout, student, assignment, course.notebooks, keys)
        if check.fatal:
            outcomes[student] = Outcome(student, 0.0, points, STATUS_INVALID, check.fatal)
            on_progress(student, outcomes[student])
        else:
            notes[student] = check.notes
            to_grade.append(student)
        state[student] = {"fingerprint": print_}

    workers = max(1, min(workers or os.cpu_count() or 1, len(to_grade) or 1))
    run = course.reports / ".work"
    shutil.rmtree(run, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="guarantees-kernels-") as sockets:
        # socket paths must stay short (about 100 characters): they live in /tmp, not the course
        running = [
            _start_worker(course, run / f"worker-{n}", group, Path(sockets, str(n)), cell_timeout)
            for n, group in enumerate(to_grade[index::workers] for index in range(workers))
            if group
        ]
        _follow(running, course, points, notes, outcomes, on_progress)
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
    recorded = recorded_score(course.db_url, course.assignment, outcome["student_id"])
    return recorded is not None and abs(recorded - outcome["score"]) < 0.01


# -- workers ------------------------------------------------------------------------------------


def _start_worker(
    course: Course, folder: Path, students: list[str], sockets: Path, cell_timeout: int | None
) -> Worker:
    sockets.mkdir()
    # answer keys stay in the course: the kernels are told where, and where the course is
    environment = nbgrader_environment(
        **{
            COURSE_ROOT_VARIABLE: str(course.root),
            ANSWER_KEYS_VARIABLE: str(course.answer_keys),
        }
    )
    return start_worker(
        course.layout.moved_to(folder),
        source=course.source,
        config=course.layout.config_file,
        assignment=course.assignment,
        submissions={student: course.submission(student) for student in students},
        course_gradebook=sqlite_path(course.db_url),
        sockets=sockets,
        environment=environment,
        cell_timeout=cell_timeout,
    )


def _follow(
    running: list[Worker],
    course: Course,
    points: float,
    notes: dict[str, list[str]],
    outcomes: dict[str, Outcome],
    on_progress: Callable[[str, Outcome | None], None],
) -> None:
    """Follow every worker, bringing each student home as soon as nbgrader has moved on from
    them (so saving grades here overlaps with grading there), and the rest when it ends."""
    waiting = {student for worker in running for student in worker.students}
    while waiting:
        for worker in running:
            ended = worker.ended()
            log = worker.log
            started = _started_in_log(log, worker.submissions)
            done = worker.students if ended else started[:-1]  # a later student has begun
            for student in done:
                if student not in waiting:
                    continue
                if _autograded(worker, course, student):
                    outcome = _bring_home(course, worker, student, points, notes[student])
                elif ended:  # read why from the complete log
                    own = _section_of(log, worker.submissions, student)
                    outcome = _failure(own, student, points)
                else:
                    continue
                waiting.discard(student)
                outcomes[student] = outcome
                on_progress(student, outcome)
        if waiting:
            time.sleep(0.1)
    for worker in running:
        worker.process.join()


def _autograded(worker: Worker, course: Course, student: str) -> bool:
    folder = worker.layout.autograded(student, course.assignment)
    return all((folder / f"{name}.ipynb").is_file() for name in course.notebooks)


def _sanitizing(log: str, submissions: dict[str, Path]) -> list[tuple[int, str]]:
    """Where in a worker's log nbgrader began each notebook, and whose: it logs
    "Sanitizing <submission folder>/<notebook>.ipynb" as it starts one."""
    students = {str(folder): student for student, folder in submissions.items()}
    return [
        (match.start(), students[match[1]])
        for match in re.finditer(r"Sanitizing (\S+)/[^/\s]+\.ipynb", log)
        if match[1] in students
    ]


def _started_in_log(log: str, submissions: dict[str, Path]) -> list[str]:
    """Students in the order nbgrader began them, read from a worker's log."""
    return list(dict.fromkeys(student for _, student in _sanitizing(log, submissions)))


def _bring_home(
    course: Course, worker: Worker, student: str, points: float, notes: list[str]
) -> Outcome:
    """Copy the autograded notebooks home and their grades into the course gradebook."""
    source = worker.layout.autograded(student, course.assignment)
    target = course.layout.autograded(student, course.assignment)
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    course_gradebook = sqlite_path(course.db_url)
    if course_gradebook is not None:
        try:
            copy_grades_home(course_gradebook, worker.gradebook, course.assignment, student)
        except GradebookChanged as error:
            return Outcome(student, 0.0, points, STATUS_FAILED, str(error))
    tests = course.awarding_tests
    lowered = recheck_scores(course.layout, course.assignment, student, course.db_url, tests)
    score = recorded_score(course.db_url, course.assignment, student) or 0.0
    message = "; ".join(notes + _timeouts(target, course.notebooks) + lowered) or "ok"
    return Outcome(student, round(score, 2), points, STATUS_GRADED, message)


TIMEOUT_ERRORS = {"CellTimeoutError", "TimeoutError"}
"""Error names nbgrader's Execute records when it stops a cell at the time limit."""


def _timeouts(folder: Path, notebooks: list[str]) -> list[str]:
    """A note for each graded notebook with a cell stopped at the time limit, read from its
    error outputs (what a student wrote, such as "the talks timed out", does not count)."""
    found = []
    for name in notebooks:
        cells = nbformat.read(folder / f"{name}.ipynb", as_version=4).cells
        errors = {
            output.get("ename")
            for cell in cells
            for output in cell.get("outputs", [])
            if output.get("output_type") == "error"
        }
        if errors & TIMEOUT_ERRORS:
            found.append("a cell ran past the time limit and was stopped")
    return found


def _failure(own: str, student: str, points: float) -> Outcome:
    """A student nbgrader could not grade: say why, from their part of the worker's log."""
    if "DeadKernelError" in own or "Kernel died" in own or "kernel died" in own.lower():
        reason = "the kernel died while running the notebook (e.g. os._exit or a crash)"
    elif "Timeout" in own:
        reason = "the notebook did not finish in time"
    else:
        errors = [line.strip() for line in own.splitlines() if "Error" in line]
        reason = f"nbgrader could not grade it ({errors[-1][:200] if errors else 'see log'})"
    return Outcome(student, 0.0, points, STATUS_FAILED, reason)


def _section_of(log: str, submissions: dict[str, Path], student: str) -> str:
    """The part of a worker's log about one student: from the first mention of their
    submission folder to the start of another student's notebook."""
    start = log.find(f"{submissions[student]}/")
    if start < 0:
        return log
    others = [at for at, other in _sanitizing(log, submissions) if at > start and other != student]
    return log[start : others[0]] if others else log[start:]


# -- reports ------------------------------------------------------------------------------------


def _write_reports(course: Course, outcomes: list[Outcome], state: dict) -> None:
    course.reports.mkdir(parents=True, exist_ok=True)
    with open(course.reports / "grades.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for outcome in outcomes:
            writer.writerow(asdict(outcome))
    (course.reports / "state.json").write_text(json.dumps(state, indent=2) + "\n")
