"""The course layout, read from nbgrader's configuration, and what grading code imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import make_course

from guarantees.layout import (
    ANSWER_KEYS_VARIABLE,
    COURSE_ROOT_VARIABLE,
    Layout,
    answer_key_path,
)

STRUCTURE = "{nbgrader_step}/{assignment_id}/{student_id}"
GRADING_MODULES = (
    "guarantees.grading.batch",
    "guarantees.grading.scores",
    "guarantees.grading.graded_notebooks",
    "guarantees.grading.sandbox",
    "guarantees.grading.report",
    "guarantees.grading.preflight",
    "guarantees.grading.answer_keys",
    "guarantees.grading.export",
    "guarantees.grading.gradebook",
    "guarantees.scoring",
)


def test_grading_code_imports_no_widgets():
    """``guarantees grade`` runs outside any kernel: it must not load ipywidgets or the
    kernel-global worksheet state."""
    imports = "; ".join(f"import {module}" for module in GRADING_MODULES)
    check = "import sys; print(sorted({'ipywidgets', 'guarantees.worksheets'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", f"{imports}; {check}"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_paths_follow_the_course_configuration(tmp_path):
    course = make_course(tmp_path / "course")
    default = Layout.of(course)
    assert default.submitted("ada", "a0") == course / "submitted" / "ada" / "a0"
    assert default.answer_key("a0", "a0") == course / "answer_keys" / "a0" / "a0.json"
    assert default.assignments() == sorted(p.name for p in (course / "assignments").iterdir())
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(
            '\nc.CourseDirectory.submitted_directory = "handed_in"\n'
            f"c.CourseDirectory.directory_structure = {STRUCTURE!r}\n"
            f"c.Guarantees.answer_keys_directory = {str(tmp_path / 'keys')!r}\n"
            'c.Guarantees.reports_directory = "out"\n'
        )
    moved = Layout.of(course)
    assert moved.submitted("ada", "a0") == course / "handed_in" / "a0" / "ada"
    assert moved.saved_answers("ada", "a0", "nb") == course / "handed_in/a0/ada/nb.answers.json"
    assert moved.answer_key("a0", "nb") == tmp_path / "keys" / "a0" / "nb.json"
    assert moved.reports("a0") == course / "out" / "a0"
    for student in ("ada", "bo"):
        moved.submitted(student, "a0").mkdir(parents=True)
    moved.submitted("cy", "a1").mkdir(parents=True)
    assert moved.students("submitted", "a0") == ["ada", "bo"]
    assert (
        moved.moved_to(tmp_path / "copy").source("a0") == tmp_path / "copy" / "assignments" / "a0"
    )
    assert Path(moved.nbgrader.db_url.removeprefix("sqlite:///")) == course / "gradebook.db"


def test_a_copy_of_a_course_with_private_sources_never_writes_to_them(tmp_path):
    course = make_course(tmp_path / "course")
    private = tmp_path / "private" / "source"
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(f"\nc.CourseDirectory.source_directory = {str(private)!r}\n")
    layout = Layout.of(course)
    assert layout.source("a0") == private / "a0"
    copy = layout.moved_to(tmp_path / "copy")
    assert copy.source("a0") == tmp_path / "copy" / "source" / "a0"
    assert "--CourseDirectory.source_directory=source" in copy.step_options()
    assert layout.source("a0") == private / "a0", "the original layout is unchanged"


def test_a_kernel_finds_the_answer_keys_without_loading_nbgrader(tmp_path, monkeypatch):
    course = make_course(tmp_path / "course")
    folder = course / "assignments" / "a0_practice"
    monkeypatch.delenv(ANSWER_KEYS_VARIABLE, raising=False)
    monkeypatch.delenv(COURSE_ROOT_VARIABLE, raising=False)
    monkeypatch.chdir(folder)
    assert answer_key_path("nb") == course / "answer_keys" / "a0_practice" / "nb.json"
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(f"\nc.Guarantees.answer_keys_directory = {str(tmp_path / 'keys')!r}\n")
    assert answer_key_path("nb") == tmp_path / "keys" / "a0_practice" / "nb.json"
    assert answer_key_path("nb") == Layout.of(course).answer_key("a0_practice", "nb")
    monkeypatch.setenv(ANSWER_KEYS_VARIABLE, str(tmp_path / "given"))
    assert answer_key_path("nb") == tmp_path / "given" / "nb.json", "guarantees grade's word wins"
