"""grading/batch.py's pure parts, on recorded worker logs (tests/grade/data, captured from a real
run by capture_worker_logs.py) and small files in tmp: no kernel, no nbgrader run."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from guarantees.grading.batch import (
    STATUS_FAILED,
    Course,
    _failure,
    _section_of,
    _started_in_log,
    _timeouts,
    fingerprint,
)

DATA = Path(__file__).parent / "data"
LOG = (DATA / "worker.log").read_text()
"""A worker graded endless-loop (stopped at the 5 s cell limit), kernel-dies (os._exit),
student00 and student01, in that order."""
UNREADABLE_LOG = (DATA / "worker-unreadable.log").read_text()
"""A worker given a submission that is not JSON (corrupt), then student00."""
POINTS = 11.0
WORKER = Path("/home/teacher/course/reports/a0_practice/.work/worker-0")
"""The worker folder the logs were recorded in."""


def submissions(*students: str) -> dict[str, Path]:
    """The submission folders of ``students`` in the recorded worker's copy of the course."""
    return {student: WORKER / "submitted" / student / "a0_practice" for student in students}


GRADED = submissions("endless-loop", "kernel-dies", "student00", "student01")
UNREADABLE = submissions("corrupt", "student00")


def failure(log: str, graded: dict[str, Path], student: str):
    """What grade makes of a student nbgrader could not grade, from their part of the log."""
    return _failure(_section_of(log, graded, student), student, POINTS)


def test_students_are_read_in_the_order_nbgrader_began_them():
    assert _started_in_log(LOG, GRADED) == [
        "endless-loop",
        "kernel-dies",
        "student00",
        "student01",
    ]
    begun = LOG[: LOG.index("Sanitizing", LOG.index("/submitted/kernel-dies/")) + 200]
    assert _started_in_log(begun, GRADED) == ["endless-loop", "kernel-dies"]
    assert _started_in_log("", GRADED) == []
    assert _started_in_log(LOG, submissions("student01")) == ["student01"], "only this worker's"


def test_a_students_section_ends_where_the_next_student_begins():
    section = _section_of(LOG, GRADED, "kernel-dies")
    assert "Kernel died while waiting for execute reply" in section
    assert "Sanitizing" in section and "/submitted/kernel-dies/" in section
    assert "/submitted/student00/a0_practice/a0_practice.ipynb" not in section
    assert "Timeout waiting" not in section, "endless-loop's timeout belongs to endless-loop"
    assert "Timeout waiting for execute reply" in _section_of(LOG, GRADED, "endless-loop")
    last = _section_of(LOG, GRADED, "student01")
    assert LOG.endswith(last) and "kernel-dies'" in last, "the last student's runs to the end"
    nobody = {"nobody": WORKER / "submitted" / "nobody" / "a0_practice", **GRADED}
    assert _section_of(LOG, nobody, "nobody") == LOG, "a student the log never names: all of it"


def test_a_dead_kernel_is_named_as_the_reason():
    outcome = failure(LOG, GRADED, "kernel-dies")
    assert (outcome.student_id, outcome.score, outcome.max_score) == ("kernel-dies", 0.0, POINTS)
    assert outcome.status == STATUS_FAILED
    assert outcome.message.startswith("the kernel died while running the notebook")


def test_a_timeout_in_the_students_section_is_named_as_the_reason():
    assert failure(LOG, GRADED, "endless-loop").message == "the notebook did not finish in time"


def test_otherwise_the_last_error_line_is_quoted():
    message = failure(UNREADABLE_LOG, UNREADABLE, "corrupt").message
    assert message == (
        "nbgrader could not grade it (nbformat.reader.NotJSONError: Notebook does not appear "
        "to be JSON: '{ this is not json')"
    )
    assert failure(UNREADABLE_LOG, UNREADABLE, "student00").message.endswith("(see log)")


# -- timeouts, from the graded notebooks' error outputs ------------------------------------------

TIMED_OUT = [  # the error outputs nbgrader wrote for endless-loop (--cell-timeout 5)
    nbformat.v4.new_output("error", ename="KeyboardInterrupt", evalue="", traceback=[]),
    nbformat.v4.new_output(
        "error",
        ename="CellTimeoutError",
        evalue="",
        traceback=["CellTimeoutError: No reply from kernel before timeout"],
    ),
]


def write_graded(folder: Path, name: str, *, outputs: list, prose: str = "") -> None:
    cell = nbformat.v4.new_code_cell("while True:\n    pass", outputs=outputs)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(prose), cell])
    nbformat.write(notebook, folder / f"{name}.ipynb")


def test_a_cell_stopped_at_the_time_limit_gets_a_note(tmp_path):
    write_graded(tmp_path, "a0_practice", outputs=TIMED_OUT)
    assert _timeouts(tmp_path, ["a0_practice"]) == [
        "a cell ran past the time limit and was stopped"
    ]


def test_words_about_timing_out_are_no_timeout(tmp_path):
    said = "The talks timed out in March; a TimeoutError of diplomacy."
    printed = nbformat.v4.new_output("stream", name="stdout", text=said)
    failed = nbformat.v4.new_output(
        "error", ename="AssertionError", evalue=said, traceback=[f"AssertionError: {said}"]
    )
    write_graded(tmp_path, "a0_practice", outputs=[printed, failed], prose=said)
    assert _timeouts(tmp_path, ["a0_practice"]) == []


def test_one_note_per_notebook_that_timed_out(tmp_path):
    write_graded(tmp_path, "part1", outputs=TIMED_OUT)
    write_graded(tmp_path, "part2", outputs=[])
    write_graded(tmp_path, "part3", outputs=TIMED_OUT[1:])
    assert len(_timeouts(tmp_path, ["part1", "part2", "part3"])) == 2


# -- fingerprint ---------------------------------------------------------------------------------


CONFIG = 'c = get_config()\nc.CourseDirectory.source_directory = "assignments"\n'


@pytest.fixture
def course(tmp_path) -> Course:
    """A course with what a fingerprint reads: two submissions, the source, keys and config."""
    files = {
        "nbgrader_config.py": CONFIG,
        "assignments/hw/hw.ipynb": "source",
        "answer_keys/hw/hw.json": "key",
        "answer_keys/other/other.json": "another assignment's key",
        "submitted/ann/hw/hw.ipynb": "ann's work",
        "submitted/ann/hw/hw.answers.json": "ann's answers",
        "submitted/ben/hw/hw.ipynb": "ben's work",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return Course(tmp_path, "hw")


@pytest.mark.parametrize(
    "change",
    [
        "submitted/ann/hw/hw.ipynb",
        "submitted/ann/hw/hw.answers.json",
        "submitted/ann/hw/notes.txt",
        "assignments/hw/hw.ipynb",
        "answer_keys/hw/hw.json",
        "nbgrader_config.py",
    ],
)
def test_the_fingerprint_changes_with_what_grading_reads(course, change):
    before = fingerprint(course, "ann")
    path = course.root / change
    path.write_text(path.read_text() + " changed" if path.exists() else "new")
    assert fingerprint(course, "ann") != before


@pytest.mark.parametrize(
    "change",
    ["submitted/ben/hw/hw.ipynb", "answer_keys/other/other.json", "reports/hw/grades.csv"],
)
def test_the_fingerprint_ignores_what_grading_this_student_does_not_read(course, change):
    before = fingerprint(course, "ann")
    path = course.root / change
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("changed")
    assert fingerprint(course, "ann") == before == fingerprint(Course(course.root, "hw"), "ann")


def test_a_renamed_file_changes_the_fingerprint(course):
    before = fingerprint(course, "ann")
    answers = course.root / "submitted/ann/hw/hw.answers.json"
    answers.rename(answers.with_name("hw.answers.json.corrupt-20261128T090000Z"))
    assert fingerprint(course, "ann") != before
