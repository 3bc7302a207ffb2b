"""`guarantees check` passes on the course and explains what is wrong with a broken copy."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO, guarantees

pytestmark = pytest.mark.pipeline


def check(root: Path) -> subprocess.CompletedProcess:
    return guarantees("check", cwd=root, timeout=900)


def test_the_course_is_in_good_order():
    result = check(REPO)
    assert result.returncode == 0, result.stdout
    assert "good order" in result.stdout
    assessed = [line for line in result.stdout.splitlines() if line.startswith("Guessing: a")]
    assert len(assessed) == len(list((REPO / "content" / "assignments").glob("*.md")))
    assert all("a random answer earns" in line for line in assessed)
    drawn = [line for line in result.stdout.splitlines() if line.startswith("Drawn numbers: ")]
    assert drawn and all("variants of" in line for line in drawn)


def test_a_broken_course_is_explained(tmp_path):
    root = tmp_path / "course"
    root.mkdir()
    for part in ("nbgrader_config.py", "lessons", "assignments", "answer_keys", "datasets"):
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / part)
    lesson = root / "lessons" / "00_start_here.ipynb"
    notebook = json.loads(lesson.read_text())
    first_code = next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")
    first_code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x"}]
    lesson.write_text(json.dumps(notebook))
    source = root / "assignments" / "a0_practice" / "a0_practice.ipynb"
    notebook = json.loads(source.read_text())
    notebook["cells"][1]["metadata"]["nbgrader"]["grade_id"] = notebook["cells"][2]["metadata"][
        "nbgrader"
    ]["grade_id"]
    source.write_text(json.dumps(notebook))
    table = root / "datasets" / "nato_members.csv"
    table.write_text(table.read_text().replace("1949-04-04", "April 1949", 1))
    result = check(root)
    assert result.returncode == 1
    assert "00_start_here.ipynb: has outputs" in result.stdout
    assert "a0_practice: nbgrader generate_assignment failed" in result.stdout
    assert "nato_members" in result.stdout
