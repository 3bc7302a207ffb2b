"""Grade a whole class with nbgrader, several submissions at a time, without losing any and
without letting any submission's code decide a score.

The pipeline for one assignment:

1. *preflight* every submission (``preflight.py``): an unreadable, oversized or too deeply nested
   notebook is reported and kept out of the batch, so it cannot stop the others; anything that
   goes wrong with one submission, at any step, becomes that student's ``invalid`` or ``failed``
   row and never stops the others;
2. skip what is unchanged since the last graded run (a fingerprint of the submission, the
   source, the keys and the configuration); failed and invalid submissions are always retried;
3. split the rest among *workers* (``worker.py``): private copies of the course where one
   ordinary ``nbgrader autograde`` grades their students. The worker's copy of each submission
   is its *snapshot*, taken before any of its code runs, hashed into ``grades.csv``. Each
   notebook's kernel runs in a sandbox of its own (``sandbox.py``) that holds none of the
   course: no key, no gradebook, no other submission; the next kernel is always starting, in a
   sandbox of its own, while a notebook runs (``preprocessors/execute_with_ready_kernel.py``);
4. bring each student home as soon as their worker has moved on: the autograded notebooks, and
   (for a SQLite gradebook, which must have one writer) their grades, copied from the worker's
   private gradebook into the course's in one transaction (``gradebook.py``). A database server
   such as PostgreSQL is written to by the workers themselves. Then *set* every score that
   awards one question, away from the student's code, from the snapshot, the recorded values
   and the key (``scores.py``), and make the autograded notebook fit for feedback
   (``graded_notebooks.py``);
5. write ``reports/ASSIGNMENT/grades.csv``: student id, score, max score, status, message,
   whether a sandbox was used, the snapshot's SHA-256. A status of ``flagged`` asks for an
   instructor's look (edited or deleted locked cells, added code cells, a cell stopped at the
   time limit, grader entries changed during the run).
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
    changed_entries,
    copy_grades_home,
    grader_entries,
    recorded_score,
    sqlite_path,
)
from guarantees.grading.graded_notebooks import tidy_graded_notebook
from guarantees.grading.preflight import check_submission
from guarantees.grading.preprocessors.execute_with_ready_kernel import TIME_LIMIT_MESSAGE
from guarantees.grading.sandbox import Limits, Sandbox, check_sandbox
from guarantees.grading.scores import AwardingTest, awarding_tests, score_submission, set_scores
from guarantees.grading.worker import Worker, start_worker
from guarantees.layout import (
    ANSWER_KEYS_VARIABLE,
    COURSE_FILES,
    COURSE_ROOT_VARIABLE,
    DATASETS_DIRECTORY,
    Layout,
    nbgrader_environment,
)

FIELDS = ("student_id", "score", "max_score", "status", "message", "sandbox", "submission_sha256")
STATUS_GRADED, STATUS_FLAGGED = "graded", "flagged"
STATUS_INVALID, STATUS_FAILED = "invalid", "failed"
SCORED = frozenset({STATUS_GRADED, STATUS_FLAGGED})
"""Statuses whose score is in the gradebook."""
SANDBOX_ON, SANDBOX_OFF = "bubblewrap", "off (--no-sandbox)"


@dataclass
class Outcome:
    """One row of grades.csv."""

    student_id: str
    score: float
    max_score: float
    status: str
    message: str
    sandbox: str = ""
    submission_sha256: str = ""


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


def submission_hash(folder: Path) -> str:
    """The SHA-256 of a submission folder: every file's path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


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
    sandbox: bool = True,
    limits: Limits | None = None,
    on_progress: Callable[[str, Outcome | None], None] = lambda student, outcome: None,
) -> list[Outcome]:
    """Autograde every submission of ``assignment``; return one outcome per student.

    Each notebook runs in a sandbox (``SandboxUnavailable`` when none can be made here);
    ``sandbox=False`` runs students' code as the grader, for trusted code only, and says so
    in every row of ``grades.csv``.
    """
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
    with tempfile.TemporaryDirectory(prefix="guarantees-probe-") as scratch:
        jail = _sandbox(course, limits or Limits(), Path(scratch)) if sandbox else None
    mode = SANDBOX_ON if jail else SANDBOX_OFF
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
        try:
            print_ = fingerprint(course, student)
            previous = state.get(student)
            if (
                previous
                and previous["fingerprint"] == print_
                and previous.get("outcome", {}).get("sandbox") == mode
                and _still_recorded(course, previous)
            ):
                outcomes[student] = Outcome(**previous["outcome"])
                on_progress(student, outcomes[student])
                continue
            check = check_submission(course.layout, student, assignment, course.notebooks, keys)
            state[student] = {"fingerprint": print_}
        except Exception as error:  # one submission never stops the batch
            check = None
            fatal = f"could not be read ({type(error).__name__}: {str(error)[:200]})"
        else:
            fatal = check.fatal
        if fatal:
            outcomes[student] = Outcome(student, 0.0, points, STATUS_INVALID, fatal)
            on_progress(student, outcomes[student])
        else:
            notes[student] = (check.flags, check.notes)
            to_grade.append(student)

    workers = max(1, min(workers or os.cpu_count() or 1, len(to_grade) or 1))
    run = course.reports / ".work"
    shutil.rmtree(run, ignore_errors=True)
    entries_before = grader_entries(course.db_url, assignment)
    grading = Grading(course, points, keys, mode, notes)
    with tempfile.TemporaryDirectory(prefix="guarantees-kernels-") as sockets:
        # socket paths must stay short (about 100 characters): they live in /tmp, not the course
        running = [
            _start_worker(
                course, run / f"worker-{n}", group, Path(sockets, str(n)), n, jail, cell_timeout
            )
            for n, group in enumerate(to_grade[index::workers] for index in range(workers))
            if group
        ]
        _follow(running, grading, outcomes, on_progress)
    shutil.rmtree(run, ignore_errors=True)
    _flag_grader_entries_changed(
        changed_entries(entries_before, grader_entries(course.db_url, assignment)), outcomes
    )

    for student, outcome in outcomes.items():
        state.setdefault(student, {})["outcome"] = asdict(outcome)
    ordered = [outcomes[student] for student in sorted(outcomes)]
    _write_reports(course, ordered, state)
    (course.reports / "graded-this-run.txt").write_text("".join(f"{s}\n" for s in to_grade))
    return ordered


def _still_recorded(course: Course, previous: dict) -> bool:
    """Whether a saved result is still in the gradebook (it may have been recreated since)."""
    outcome = previous.get("outcome")
    if not outcome or outcome["status"] not in SCORED:
        return False  # never graded: try again
    recorded = recorded_score(course.db_url, course.assignment, outcome["student_id"])
    return recorded is not None and abs(recorded - outcome["score"]) < 0.01


# -- workers ------------------------------------------------------------------------------------


@dataclass
class Grading:
    """What bringing a student home needs to know of the run."""

    course: Course
    points: float
    keys: dict[str, dict]
    sandbox: str
    preflight: dict[str, tuple[list[str], list[str]]]
    """Per student, the preflight's flags and notes."""


def _sandbox(course: Course, limits: Limits, scratch: Path) -> Sandbox:
    """The sandbox every kernel of this run starts in, tried once here."""
    datasets = course.layout.datasets
    if not datasets.is_dir():  # the installed copy
        datasets = (COURSE_FILES / DATASETS_DIRECTORY).resolve()
    jail = Sandbox.for_python(datasets=datasets, limits=limits)
    check_sandbox(jail, scratch, course.root)
    return jail


def _start_worker(
    course: Course,
    folder: Path,
    students: list[str],
    sockets: Path,
    number: int,
    sandbox: Sandbox | None,
    cell_timeout: int | None,
) -> Worker:
    sockets.mkdir()
    # unsandboxed (trusted code only), kernels find the answer keys in the course
    environment = nbgrader_environment(
        **(
            {}
            if sandbox
            else {
                COURSE_ROOT_VARIABLE: str(course.root),
                ANSWER_KEYS_VARIABLE: str(course.answer_keys),
            }
        )
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
        sandbox=sandbox,
        number=number,
    )


def _follow(
    running: list[Worker],
    grading: Grading,
    outcomes: dict[str, Outcome],
    on_progress: Callable[[str, Outcome | None], None],
) -> None:
    """Follow every worker, bringing each student home as soon as nbgrader has moved on from
    them (so saving grades here overlaps with grading there), and the rest when it ends."""
    course, points = grading.course, grading.points
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
                    try:
                        outcome = _bring_home(grading, worker, student)
                    except Exception as error:  # one submission never stops the batch
                        reason = f"{type(error).__name__}: {str(error)[:200]}"
                        outcome = Outcome(
                            student, 0.0, points, STATUS_FAILED, f"could not be scored ({reason})"
                        )
                elif ended:  # read why from the complete log
                    own = _section_of(log, worker.submissions, student)
                    outcome = _failure(own, student, points)
                else:
                    continue
                outcome.sandbox = grading.sandbox
                outcome.submission_sha256 = submission_hash(worker.submissions[student])
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


def _bring_home(grading: Grading, worker: Worker, student: str) -> Outcome:
    """Copy the autograded notebooks home and their grades into the course gradebook, then set
    every awarding test's score from the snapshot, the records and the key."""
    course, points = grading.course, grading.points
    source = worker.layout.autograded(student, course.assignment)
    target = course.layout.autograded(student, course.assignment)
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, symlinks=True)
    course_gradebook = sqlite_path(course.db_url)
    if course_gradebook is not None:
        try:
            copy_grades_home(course_gradebook, worker.gradebook, course.assignment, student)
        except GradebookChanged as error:
            return Outcome(student, 0.0, points, STATUS_FAILED, str(error))
    snapshot = worker.submissions[student]
    awards = score_submission(snapshot, target, course.awarding_tests, grading.keys)
    set_scores(course.db_url, course.assignment, student, awards)
    release = course.layout.release(course.assignment)
    for name in course.notebooks:
        mine = [award for award in awards if award.test.notebook == name]
        tidy_graded_notebook(target / f"{name}.ipynb", release / f"{name}.ipynb", mine)
    score = recorded_score(course.db_url, course.assignment, student) or 0.0
    flags, notes = grading.preflight[student]
    flags = flags + _timeouts(target, course.notebooks)
    message = "; ".join(flags + notes) or "ok"
    status = STATUS_FLAGGED if flags else STATUS_GRADED
    return Outcome(student, round(score, 2), points, status, message)


def _flag_grader_entries_changed(
    changed: dict[str, list[str]], outcomes: dict[str, Outcome]
) -> None:
    """Flag students whose manual scores or extra credit changed while ``guarantees grade`` ran:
    no grader's hand did that (the formgrader was not meant to be used meanwhile)."""
    for student, cells in changed.items():
        outcome = outcomes.get(student)
        if outcome is None:
            continue
        note = f"grader entries changed during grading: {', '.join(cells[:5])}"
        outcome.message = note if outcome.message == "ok" else f"{outcome.message}; {note}"
        if outcome.status == STATUS_GRADED:
            outcome.status = STATUS_FLAGGED


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
    if TIME_LIMIT_MESSAGE in own:
        reason = f"the submission {TIME_LIMIT_MESSAGE} and was stopped"
    elif "DeadKernelError" in own or "Kernel died" in own or "kernel died" in own.lower():
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
