"""The sandbox's rules, read from what it builds (no kernel): what a kernel may see, and the
checks on a submission that decide its status."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

from guarantees.bounded_json import loads_bounded
from guarantees.grading.gradebook import changed_entries
from guarantees.grading.graded_notebooks import ADDED_CELL_NOTE, tidy_graded_notebook
from guarantees.grading.preflight import added_code_cells, extra_files, read_notebook
from guarantees.grading.sandbox import Limits, Sandbox, SandboxUnavailable, check_sandbox
from guarantees.grading.scores import Award, AwardingTest


def options_of(command: list[str]) -> list[str]:
    return command[: command.index("prlimit")]


def test_a_kernel_gets_its_folder_the_python_and_nothing_of_the_course(tmp_path):
    course = tmp_path / "course"
    (tmp_path / "datasets").mkdir()
    sandbox = Sandbox.for_python(datasets=tmp_path / "datasets", limits=Limits(processes=9))
    command = sandbox.command(["python", "-m", "ipykernel"], tmp_path / "k0", 61000)
    options = options_of(command)
    for isolation in ("--unshare-pid", "--unshare-net", "--die-with-parent", "--clearenv"):
        assert isolation in options
    writable = [options[i + 1] for i, option in enumerate(options) if option == "--bind"]
    assert writable == [str(tmp_path / "k0")], "only the kernel's own folder is writable"
    assert not any(str(course) in option for option in options)
    assert sys.prefix in options and str(tmp_path / "datasets") in options
    private_tmp = options.index("--tmpfs")
    assert options[private_tmp + 1] == "/tmp"
    assert private_tmp < options.index(str(tmp_path / "datasets")), "a later /tmp would hide it"
    names = {options[i + 1] for i, option in enumerate(options) if option == "--setenv"}
    assert names <= {"PATH", "HOME", "LANG", "MPLCONFIGDIR", "PYTHONNOUSERSITE",
                     "PYDEVD_DISABLE_FILE_VALIDATION", "GUARANTEES_SANDBOX",
                     "NBGRADER_EXECUTION", "GUARANTEES_DATASETS"}  # fmt: skip
    if sandbox.as_root:
        assert "--nproc=9" in command and "--reuid=61000" in command
    assert command[-3:] == ["python", "-m", "ipykernel"]


def test_a_course_inside_the_python_environment_is_refused(tmp_path):
    sandbox = Sandbox((tmp_path,))
    with pytest.raises(SandboxUnavailable, match="inside"):
        check_sandbox(sandbox, tmp_path, tmp_path / "course")


def test_deep_or_huge_json_is_refused_not_a_crash(tmp_path):
    with pytest.raises(ValueError, match="levels deep"):
        loads_bounded("[" * 100_000 + "]" * 100_000)
    path = tmp_path / "a.ipynb"
    path.write_text('{"cells": [], "metadata": {"x": ' + "[" * 50_000 + "]" * 50_000 + "}}")
    with pytest.raises(ValueError, match="levels deep"):
        read_notebook(path)


def notebook_with(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=list(cells))


def test_added_code_cells_are_flagged_and_extra_files_listed(tmp_path):
    released = tmp_path / "hw.ipynb"
    nbformat.write(notebook_with(nbformat.v4.new_code_cell("x = 1", id="given")), released)
    submitted = notebook_with(
        nbformat.v4.new_code_cell("x = 1", id="given"),
        nbformat.v4.new_code_cell("import os", id="mine"),
        nbformat.v4.new_code_cell("", id="empty"),
    )
    assert added_code_cells(submitted, released) == [
        "1 code cell(s) added to hw: their output is left out of feedback"
    ]
    folder = tmp_path / "submission"
    folder.mkdir()
    for name in ("hw.ipynb", "hw.answers.json", "hw.answers.json.lock", "timestamp.txt"):
        (folder / name).write_text("")
    assert extra_files(folder, ["hw"]) == []
    (folder / "filelock.py").write_text("")
    assert extra_files(folder, ["hw"]) == ["files not used in grading (never run): filelock.py"]


def test_feedback_shows_the_graders_line_and_drops_added_cells_output(tmp_path):
    released, graded = tmp_path / "release.ipynb", tmp_path / "graded.ipynb"
    test = nbformat.v4.new_code_cell("award", id="t")
    test.metadata["nbgrader"] = {"grade_id": "q-test"}
    nbformat.write(notebook_with(test, nbformat.v4.new_code_cell("", id="given")), released)
    fake = nbformat.v4.new_output("stream", text="q: 9 of 2 points.")
    test.outputs = [fake]
    given = nbformat.v4.new_code_cell("", id="given")
    given.outputs = [nbformat.v4.new_output("stream", text="y" * 50_000)]
    added = nbformat.v4.new_code_cell("print(secret)", id="added")
    added.outputs = [nbformat.v4.new_output("stream", text="secret")]
    nbformat.write(notebook_with(test, given, added), graded)
    graded.chmod(0o444)  # as nbgrader leaves it
    award = Award(AwardingTest("hw", "q-test", "q", 2.0, False), 1.0, "Half right.")
    tidy_graded_notebook(graded, released, [award])
    assert graded.stat().st_mode & 0o777 == 0o444 and len(list(tmp_path.iterdir())) == 2
    cells = nbformat.read(graded, as_version=4).cells
    assert [o.text for o in cells[0].outputs] == ["q: 1 of 2 points. Half right.\n"]
    assert len(json.dumps(cells[1].outputs)) < 11_000
    assert [o.text for o in cells[2].outputs] == [ADDED_CELL_NOTE]


def test_grader_entries_changed_between_readings_are_named():
    before = {("ann", "hw", "q1"): (None, None), ("bob", "hw", "q1"): (2.0, None)}
    after = {("ann", "hw", "q1"): (4.0, None), ("bob", "hw", "q1"): (2.0, None)}
    assert changed_entries(before, after) == {"ann": ["hw/q1"]}


def test_the_default_limits_are_the_documented_ones():
    guide = (Path(__file__).parents[2] / "docs" / "instructor-guide.md").read_text()
    limits = Limits()
    assert f"{limits.processes} processes" in guide
    assert f"{limits.memory_bytes // 2**30} GB of memory" in guide
    assert f"{limits.file_bytes // 2**20} MB per file" in guide
    assert f"{limits.output_characters:,} characters of output per" in guide
    assert f"default {limits.seconds})" in guide
