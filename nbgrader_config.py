"""nbgrader configuration for the guarantees course (run nbgrader from this folder)."""

import os
from pathlib import Path

from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    OverwriteKernelspec,
)

from guarantees.grading.preprocessors import RestoreMissingCells

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

here = Path(__file__).resolve().parent

c.CourseDirectory.course_id = os.environ.get("GUARANTEES_COURSE_ID", "guarantees")
c.CourseDirectory.root = str(here)
c.CourseDirectory.source_directory = "assignments"
c.Exchange.root = os.environ.get("GUARANTEES_EXCHANGE", str(here / ".exchange"))

# A notebook cell may run for at most a minute; an infinite loop is stopped and scored 0.
c.ExecutePreprocessor.timeout = 60
c.Execute.timeout = 60

# Locked cells are restored from the source; a deleted test cell is put back and graded.
# (RestoreMissingCells mends nbgrader 0.9's re-insertion after a read-only widget cell.)
c.Autograde.sanitize_preprocessors = [
    ClearOutput,
    DeduplicateIds,
    OverwriteKernelspec,
    RestoreMissingCells,
    CheckCellMetadata,
]

# Saved answers travel with the notebook; never let the instructor's copy replace a student's.
c.Autograde.exclude_overwriting = {
    folder.name: [f"{notebook.stem}.answers.json" for notebook in folder.glob("*.ipynb")]
    for folder in (here / "assignments").glob("*")
    if folder.is_dir()
}

# Answers saved while an instructor tries out a source notebook are written outside the
# assignment folder (see guarantees.layout). As a second guard, the command-line
# generate_assignment also skips any answers file found in a source folder. (This setting is
# scoped to that app: a course-wide ignore would stop students' answers travelling with submit.)
c.GenerateAssignmentApp.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    "*.answers.json",
    "*.answers.json.*",
    ".*.answers.json.*.tmp",
]
