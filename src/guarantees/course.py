"""Where things live: the course root, saved-answer files and instructors' answer keys.

The course root is the folder holding ``nbgrader_config.py``. Every path the library uses is
derived here, so the layout is described in one place::

    <root>/nbgrader_config.py
    <root>/assignments/<assignment>/<notebook>.ipynb       nbgrader's source folder
    <root>/answer_keys/<assignment>/<notebook>.json        graded keys, never released
    <root>/.instructor-answers/<assignment>/...            answers given while testing a source
    <anywhere>/<notebook>.answers.json                     a student's saved answers

>>> answers_path("00_start_here", Path("/tmp/lesson")).name
'00_start_here.answers.json'
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

COURSE_ROOT_VARIABLE = "GUARANTEES_COURSE_ROOT"
CONFIG_FILE = "nbgrader_config.py"
SOURCE_DIRECTORY = "assignments"
ANSWER_KEYS_DIRECTORY = "answer_keys"
INSTRUCTOR_ANSWERS_DIRECTORY = ".instructor-answers"
ANSWERS_SUFFIX = ".answers.json"
COURSE_FILES = Path(__file__).resolve().parent / "course_files"
"""The lessons and datasets shipped inside the package (links to the repository's folders)."""


def find_course_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` holding ``nbgrader_config.py``.

    ``$GUARANTEES_COURSE_ROOT`` wins when set (useful where grading runs outside the course).
    """
    if os.environ.get(COURSE_ROOT_VARIABLE):
        return Path(os.environ[COURSE_ROOT_VARIABLE]).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def nbgrader_settings(root: Path):
    """nbgrader's configuration for the course at ``root``, read as nbgrader run there reads it
    (the Jupyter configuration folders, then the course's ``nbgrader_config.py``)."""
    from nbgrader.apps.baseapp import NbGrader

    here = Path.cwd()
    os.chdir(root)
    try:
        app = NbGrader()
        app.load_config_file()
        return app.config
    finally:
        os.chdir(here)


def is_nbgrader_running() -> bool:
    """True while nbgrader executes a notebook (autograde or validate): nothing may be saved."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def source_assignment(directory: Path) -> tuple[Path, str] | None:
    """``(course root, assignment)`` when ``directory`` is in nbgrader's source folder."""
    directory = directory.resolve()
    root = directory.parent.parent
    if directory.parent.name == SOURCE_DIRECTORY and (root / CONFIG_FILE).is_file():
        return root, directory.name
    return None


def answers_path(notebook: str, directory: Path | None = None) -> Path:
    """The saved-answers file for ``notebook`` run in ``directory`` (default: the current folder).

    Answers are kept beside the notebook, so they travel with nbgrader's submit and collect.
    An instructor trying out a *source* notebook gets a file outside the assignment folder
    instead, so ``generate_assignment`` can never release the instructor's answers.
    """
    directory = (directory or Path.cwd()).resolve()
    source = source_assignment(directory)
    if source is not None:
        root, assignment = source
        directory = root / INSTRUCTOR_ANSWERS_DIRECTORY / assignment
    return directory / f"{notebook}{ANSWERS_SUFFIX}"


def answer_key_path(notebook: str, assignment: str, root: Path | None = None) -> Path:
    """The instructor's key file for one notebook of an assignment.

    Raises ``FileNotFoundError`` naming what was looked for when there is no course root.
    """
    root = root or find_course_root()
    if root is None:
        raise FileNotFoundError(
            f"No course root found above {Path.cwd()}: answer keys live in "
            f"<course root>/{ANSWER_KEYS_DIRECTORY}/ beside {CONFIG_FILE}, "
            f"or set ${COURSE_ROOT_VARIABLE}."
        )
    return root / ANSWER_KEYS_DIRECTORY / assignment / f"{notebook}.json"


def nbgrader_environment(**extra: str) -> dict[str, str]:
    """The environment for an ``nbgrader`` subprocess: nbgrader runs helpers (alembic) found on
    PATH, so this interpreter's scripts folder comes first; nbgrader's own markers are dropped."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NBGRADER_")}
    scripts = str(Path(sys.executable).parent)
    environment["PATH"] = os.pathsep.join([scripts, environment.get("PATH", "")])
    environment.update(extra)
    return environment
