"""Both course preprocessors go in through nbgrader's configuration, read as nbgrader reads it:
the course's ``nbgrader_config.py`` for every autograde, the worker's configuration beneath it
for ``guarantees grade`` only."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

from guarantees.layout import nbgrader_environment

STEPS = """
import sys
from nbgrader.apps.autogradeapp import AutogradeApp
from nbgrader.converters import Autograde
from guarantees.grading.worker import worker_config

app = AutogradeApp.instance(**({"config": worker_config()} if sys.argv[1] == "worker" else {}))
app.initialize([])
converter = Autograde(coursedir=app.coursedir, parent=app)
for steps in (converter.sanitize_preprocessors, converter.autograde_preprocessors):
    print(" ".join(step.__name__ for step in steps))
"""


def steps(course: Path, app: str) -> tuple[list[str], list[str]]:
    """The sanitize and autograde steps of nbgrader's autograde app run in ``course``."""
    result = subprocess.run(
        [sys.executable, "-c", STEPS, app],
        cwd=course, env=nbgrader_environment(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    sanitize, autograde = result.stdout.splitlines()
    return sanitize.split(), autograde.split()


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("course")
    shutil.copy(REPO / "nbgrader_config.py", folder)
    return folder


def test_plain_nbgrader_restores_cells_and_executes_as_usual(course):
    sanitize, autograde = steps(course, "plain")
    assert "RestoreMissingCells" in sanitize and "OverwriteCells" not in sanitize
    assert autograde[0] == "Execute"


def test_a_worker_also_keeps_the_next_kernel_ready(course):
    plain_sanitize, plain_autograde = steps(course, "plain")
    sanitize, autograde = steps(course, "worker")
    assert sanitize == plain_sanitize
    assert autograde == ["ExecuteWithReadyKernel", *plain_autograde[1:]]
