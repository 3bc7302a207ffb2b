"""`guarantees grade` against hostile submissions (``attacks.py``): honest students keep their
exact scores, attackers earn no more than their honest work, nothing outside the sandboxes
changes, no process survives, no key reaches any output, and the batch always finishes."""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import uuid
from pathlib import Path

import pytest
from grade.attacks import build_attack_class
from grade.synthetic_class import ASSIGNMENT
from helpers import guarantees, make_course, nbgrader, tree_digest

from guarantees.grading.sandbox import FIRST_UID, Limits
from guarantees.layout import nbgrader_environment

pytestmark = pytest.mark.pipeline

KEY_FILE_MARK = "guarantees-answer-key"
"""The first line of every answer-key file: in an output, it means a key was read."""


def rows_of(course: Path) -> dict[str, dict]:
    with open(course / "reports" / ASSIGNMENT / "grades.csv", encoding="utf-8") as file:
        return {row["student_id"]: row for row in csv.DictReader(file)}


def printed(course: Path, student: str) -> str:
    """Everything the student's graded notebook shows as output."""
    path = course / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    notebook = json.loads(path.read_text())
    return json.dumps([cell.get("outputs", []) for cell in notebook["cells"]])


def sandbox_processes() -> list[str]:
    """Processes of any sandbox uid, or sleeping as the attackers' children do."""
    listing = subprocess.run(
        ["ps", "-eo", "uid=,args="], capture_output=True, text=True, check=True
    ).stdout
    return [
        line
        for line in listing.splitlines()
        if FIRST_UID <= int(line.split()[0]) < FIRST_UID + 1000 or "sleep 600" in line
    ]


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("attacked") / "course")
    nbgrader("generate_assignment", ASSIGNMENT, cwd=course, exchange=course / "exchange")
    marker = Path("/tmp") / f"guarantees-attack-{uuid.uuid4().hex}"
    listener = socket.create_server(("0.0.0.0", 0))
    listener.setblocking(False)
    expected = build_attack_class(course, marker, listener.getsockname()[1])
    before = tree_digest(course / "submitted")
    result = guarantees(
        "grade", ASSIGNMENT, "--workers", "2", "--cell-timeout", "20",
        "--submission-timeout", "90", cwd=course, timeout=900,
    )  # fmt: skip
    yield {
        "course": course,
        "expected": expected,
        "result": result,
        "rows": rows_of(course),
        "before": before,
        "marker": marker,
        "listener": listener,
    }
    listener.close()


def test_honest_students_keep_their_scores_and_attackers_gain_nothing(attacked):
    rows, expected = attacked["rows"], attacked["expected"]
    assert set(rows) == set(expected), attacked["result"].stdout
    for student, want in expected.items():
        row = rows[student]
        score = float(row["score"])
        if want["exact"]:
            assert score == want["score"], (student, row)
        else:
            assert score <= want["score"], (student, row)
        assert row["status"] == want.get("status", row["status"]), (student, row)
        assert want.get("note", "") in row["message"], (student, row)
        if row["status"] != "invalid":
            assert row["sandbox"] == "bubblewrap" and len(row["submission_sha256"]) == 64


def test_nothing_outside_the_sandboxes_changed(attacked):
    course = attacked["course"]
    assert tree_digest(course / "submitted") == attacked["before"], "submissions unchanged"
    for path in (attacked["marker"], course / "pwned", Path("/tmp/pwned")):
        assert not path.exists(), path
    assert (course / "gradebook.db").read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(BlockingIOError):  # nobody connected to the test's listener
        attacked["listener"].accept()


def test_no_process_survives_the_run(attacked):
    assert sandbox_processes() == []


def test_no_key_in_any_output_or_feedback(attacked):
    course = attacked["course"]
    for path in (course / "autograded").rglob("*.ipynb"):
        assert KEY_FILE_MARK not in path.read_text(), path
    assert "keys found: 0" in printed(course, "read-keys")
    nbgrader(
        "generate_feedback", ASSIGNMENT, "--student", "read-keys", cwd=course,
        exchange=course / "exchange",
    )  # fmt: skip
    for page in (course / "feedback" / "read-keys").rglob("*.html"):
        assert KEY_FILE_MARK not in page.read_text()


def test_each_attack_met_its_limit(attacked):
    course = attacked["course"]
    assert "hijacked: 0" in printed(course, "hijack-spare")
    assert "could not overwrite" in printed(course, "rewrite-answers")
    assert "no connection to 127.0.0.1" in printed(course, "network")
    assert "no memory for that" in printed(course, "memory")
    assert "cannot kill" in printed(course, "kill-parent")
    storm = printed(course, "fork-storm")
    assert "stopped after" in storm
    assert int(storm.split("stopped after ")[1].split()[0]) < Limits.processes
    graded = course / "autograded" / "huge-output" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert graded.stat().st_size < 1_000_000, "20 MB of output was cut"


def test_no_sandbox_refuses_loudly_or_is_recorded(attacked):
    course = attacked["course"]
    scripts = nbgrader_environment()["PATH"].split(os.pathsep)[0]
    refused = guarantees("grade", ASSIGNMENT, cwd=course, PATH=scripts)  # no bwrap on PATH
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "no sandbox can be made" in refused.stdout and "--no-sandbox" in refused.stdout
    trusted = guarantees("grade", ASSIGNMENT, "--student", "honest-all", "--no-sandbox", cwd=course)
    assert "WITHOUT a sandbox" in trusted.stdout
    row = rows_of(course)["honest-all"]
    assert row["sandbox"] == "off (--no-sandbox)"
    assert float(row["score"]) == attacked["expected"]["honest-all"]["score"]
