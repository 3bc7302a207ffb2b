"""Self-study without a clone: the wheel carries lessons and datasets, `guarantees start` copies
them into a learner's folder and opens JupyterLab there, and a lesson runs from the copy."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import nbformat
import pytest
from helpers import LESSONS, REPO, free_port, run, stop_process_group

from guarantees.layout import nbgrader_environment

pytestmark = pytest.mark.wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("wheel")
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        REPO,
        "--no-deps",
        "-q",
        "-w",
        base / "dist",
        timeout=900,
    )
    wheel = next((base / "dist").glob("guarantees_course-*.whl"))
    fresh = base / "fresh"
    run(getattr(sys, "_base_executable", sys.executable), "-m", "venv", fresh, timeout=900)
    run(fresh / "bin" / "python", "-m", "pip", "install", "-q", wheel, timeout=900)
    return {"base": base, "wheel": wheel, "bin": fresh / "bin"}


def test_wheel_carries_lessons_and_datasets_but_no_keys(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    lessons = {Path(n).name for n in names if "/course_files/lessons/" in n}
    assert lessons == {p.name for p in LESSONS.glob("*.ipynb")}
    assert "guarantees/course_files/datasets/datapackage.json" in names
    assert not [n for n in names if "answer_keys/" in n or "assignments/" in n]
    with zipfile.ZipFile(installed["wheel"]) as wheel:
        for name in names:
            assert b"guarantees-answer-key" not in wheel.read(name) or name.endswith(".py"), name


def test_start_copies_the_course_and_opens_jupyterlab(installed):
    learner = installed["base"] / "my-course"
    port, token = free_port(), secrets.token_hex(16)
    env = nbgrader_environment(JUPYTER_RUNTIME_DIR=str(installed["base"] / "runtime"))
    lab = subprocess.Popen(
        [
            installed["bin"] / "guarantees",
            "start",
            learner,
            "--",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            f"--IdentityProvider.token={token}",
            "--ServerApp.port_retries=0",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        url = f"http://127.0.0.1:{port}/api/contents/lessons/00_start_here.ipynb?token={token}"
        while True:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    assert response.status == 200
                break
            except OSError:
                assert lab.poll() is None, lab.stdout.read()
                assert time.monotonic() < deadline, "JupyterLab did not start"
                time.sleep(0.5)
    finally:
        stop_process_group(lab)
    assert {p.name for p in (learner / "lessons").glob("*.ipynb")} == {
        p.name for p in LESSONS.glob("*.ipynb")
    }

    mine = learner / "lessons" / "00_start_here.ipynb"
    mine.write_bytes(mine.read_bytes() + b"\n")
    again = run(installed["bin"] / "guarantees", "start", learner, "--copy-only")
    assert "kept    lessons/00_start_here.ipynb (already there)" in again.stdout
    assert mine.read_bytes().endswith(b"\n\n"), "a learner's file was overwritten"


def test_a_lesson_runs_from_the_learners_copy(installed):
    learner = installed["base"] / "copy-only"
    run(installed["bin"] / "guarantees", "start", learner, "--copy-only")
    lesson = learner / "lessons" / "00_start_here.ipynb"
    assert not [cell for cell in code_cells(lesson) if cell.execution_count], "copied unrun"
    run(
        installed["bin"] / "jupyter",
        "execute",
        "--inplace",
        lesson.name,
        cwd=lesson.parent,
        env=nbgrader_environment(PATH=f"{installed['bin']}:{os.environ['PATH']}"),
        timeout=900,
    )
    cells = code_cells(lesson)
    assert all(cell.execution_count for cell in cells), "not every cell of the copy ran"
    errors = [output for cell in cells for output in cell.outputs if output.output_type == "error"]
    assert errors == [], errors


def code_cells(path: Path) -> list[nbformat.NotebookNode]:
    return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]
