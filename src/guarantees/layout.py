"""Where things live: the course root, nbgrader's folders, answer keys, saved answers, reports.

The course root is the folder holding ``nbgrader_config.py``. Every course path is derived here:
nbgrader's own folders through its ``CourseDirectory`` (so ``source_directory``,
``submitted_directory``, ``directory_structure`` and the rest, set in the course's
``nbgrader_config.py``, are obeyed), and the course's own folders from :class:`Guarantees`, the
course's settings, read from the same file as ``c.Guarantees.<name>``. With the defaults::

    <root>/nbgrader_config.py
    <root>/assignments/<assignment>/<notebook>.ipynb       nbgrader's source folder
    <root>/submitted/<student>/<assignment>/...            (and release/, autograded/, feedback/)
    <root>/answer_keys/<assignment>/<notebook>.json        graded keys, never released
    <root>/reports/<assignment>/                           grades.csv, the item-analysis report
    <root>/.instructor-answers/<assignment>/...            answers given while testing a source
    <anywhere>/<notebook>.answers.json                     a student's saved answers

Code run in a notebook's kernel avoids reading nbgrader's configuration (importing nbgrader takes
seconds): it finds the course root from the working folder or ``$GUARANTEES_COURSE_ROOT``, and
the assignment's answer keys from ``$GUARANTEES_ANSWER_KEYS``, which ``guarantees grade`` sets.

>>> answers_path("00_start_here", Path("/tmp/lesson")).name
'00_start_here.answers.json'
"""

from __future__ import annotations

import ast
import glob
import os
import re
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from traitlets import Unicode
from traitlets.config import Config, Configurable

if TYPE_CHECKING:
    from nbgrader.coursedir import CourseDirectory

COURSE_ROOT_VARIABLE = "GUARANTEES_COURSE_ROOT"
ANSWER_KEYS_VARIABLE = "GUARANTEES_ANSWER_KEYS"
CONFIG_FILE = "nbgrader_config.py"
SOURCE_DIRECTORY = "assignments"
"""nbgrader's default source folder: what a kernel takes for one (see :func:`source_assignment`)."""
LESSONS_DIRECTORY = "lessons"
DATASETS_DIRECTORY = "datasets"
INSTRUCTOR_ANSWERS_DIRECTORY = ".instructor-answers"
ANSWERS_SUFFIX = ".answers.json"
COURSE_FILES = Path(__file__).resolve().parent / "course_files"
"""The lessons and datasets shipped inside the package (links to the repository's folders)."""


class Guarantees(Configurable):
    """The course's own settings, set in ``nbgrader_config.py`` as ``c.Guarantees.<name>``."""

    answer_keys_directory = Unicode(
        "answer_keys",
        help="The instructor's answer keys, <folder>/<assignment>/<notebook>.json: relative to "
        "the course root, or absolute (a private folder outside the course repository).",
    ).tag(config=True)
    reports_directory = Unicode(
        "reports",
        help="Where `guarantees grade`, `report` and `export` write, relative to the course root.",
    ).tag(config=True)


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


def nbgrader_settings(root: Path) -> Config:
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


STEPS = ("source", "release", "submitted", "autograded", "feedback")
"""nbgrader's step folders."""


@dataclass(frozen=True)
class Layout:
    """Every path of one course, as its configuration sets them."""

    root: Path
    config: Config

    @classmethod
    def of(cls, root: Path) -> Layout:
        """The layout of the course at ``root``, with its ``nbgrader_config.py`` read."""
        config = nbgrader_settings(root)
        return cls(Path(config.CourseDirectory.get("root", root)).resolve(), config)

    def moved_to(self, root: Path) -> Layout:
        """The same layout in another folder (a grading worker's private copy of the course).

        A step folder configured by absolute path (private sources outside the course) gets its
        default name inside the copy, so nothing run in the copy writes to the original.
        """
        config = Config(self.config)
        config.CourseDirectory = Config(self.config.get("CourseDirectory", {}))
        for step in STEPS:
            if Path(getattr(self.nbgrader, f"{step}_directory")).is_absolute():
                config.CourseDirectory[f"{step}_directory"] = step
        return Layout(root.resolve(), config)

    def step_options(self) -> list[str]:
        """Command-line options that give an nbgrader run this layout's step folders (a moved
        copy's differ from its configuration file's where those were absolute)."""
        return [
            f"--CourseDirectory.{step}_directory={getattr(self.nbgrader, f'{step}_directory')}"
            for step in STEPS
        ]

    @cached_property
    def nbgrader(self) -> CourseDirectory:
        """nbgrader's ``CourseDirectory`` for this course."""
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(config=self.config, root=str(self.root))

    @cached_property
    def settings(self) -> Guarantees:
        return Guarantees(config=self.config)

    # -- nbgrader's folders ---------------------------------------------------------------

    def step(self, step: str, student: str, assignment: str) -> Path:
        """nbgrader's folder of one assignment at one step (``source``, ``submitted``, ...)."""
        folder = getattr(self.nbgrader, f"{step}_directory")
        return Path(self.nbgrader.format_path(folder, student, assignment))

    def source(self, assignment: str) -> Path:
        return self.step("source", ".", assignment)

    def release(self, assignment: str) -> Path:
        return self.step("release", ".", assignment)

    def submitted(self, student: str, assignment: str) -> Path:
        return self.step("submitted", student, assignment)

    def autograded(self, student: str, assignment: str) -> Path:
        return self.step("autograded", student, assignment)

    def feedback(self, student: str, assignment: str) -> Path:
        return self.step("feedback", student, assignment)

    def assignments(self) -> list[str]:
        """The source assignments, by name."""
        return self._existing("source", student=".", assignment=None)

    def students(self, step: str, assignment: str) -> list[str]:
        """Students with a folder of ``assignment`` at ``step`` (e.g. ``submitted``)."""
        return self._existing(step, student=None, assignment=assignment)

    def _existing(self, step: str, *, student: str | None, assignment: str | None) -> list[str]:
        """The names filling the missing part (``None``) of the folders that exist at ``step``,
        found as nbgrader finds them: a glob, then its own path pattern."""
        folder, name = getattr(self.nbgrader, f"{step}_directory"), "(?P<name>[^/]+)"
        found = glob.glob(
            self.nbgrader.format_path(
                folder, student or "*", glob.escape(assignment) if assignment else "*"
            )
        )
        pattern = self.nbgrader.format_path(
            folder, student or name, re.escape(assignment) if assignment else name, escape=True
        )
        return sorted(
            {
                match["name"]
                for path in found
                if os.path.isdir(path) and (match := re.fullmatch(pattern, path))
            }
        )

    # -- the course's own folders ---------------------------------------------------------

    def answer_keys(self, assignment: str) -> Path:
        """The folder of an assignment's answer keys."""
        return self.root / self.settings.answer_keys_directory / assignment

    def answer_key(self, assignment: str, notebook: str) -> Path:
        return self.answer_keys(assignment) / f"{notebook}.json"

    def reports(self, assignment: str | None = None) -> Path:
        """The reports folder, or one assignment's folder in it."""
        folder = self.root / self.settings.reports_directory
        return folder / assignment if assignment else folder

    def saved_answers(self, student: str, assignment: str, notebook: str) -> Path:
        """A student's saved-answers file, as submitted."""
        return self.submitted(student, assignment) / f"{notebook}{ANSWERS_SUFFIX}"

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def lessons(self) -> Path:
        return self.root / LESSONS_DIRECTORY

    @property
    def datasets(self) -> Path:
        return self.root / DATASETS_DIRECTORY


def is_nbgrader_running() -> bool:
    """True while nbgrader executes a notebook (autograde or validate): nothing may be saved."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def source_assignment(directory: Path) -> tuple[Path, str] | None:
    """``(course root, assignment)`` when ``directory`` is in nbgrader's source folder.

    Run in kernels, so it takes nbgrader's default layout rather than read the configuration.
    """
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


def answer_key_path(notebook: str) -> Path:
    """The instructor's key file for ``notebook``, as its kernel finds it.

    ``$GUARANTEES_ANSWER_KEYS``, set by ``guarantees grade``, names the assignment's keys folder.
    Otherwise the assignment is the working folder's name and the keys folder is the course's
    ``c.Guarantees.answer_keys_directory``, read from its configuration file without running it.
    Raises ``FileNotFoundError`` naming what was looked for when there is no course root.
    """
    if os.environ.get(ANSWER_KEYS_VARIABLE):
        return Path(os.environ[ANSWER_KEYS_VARIABLE]) / f"{notebook}.json"
    root = find_course_root()
    default = Guarantees.class_traits()["answer_keys_directory"].default_value
    if root is None:
        raise FileNotFoundError(
            f"No course root found above {Path.cwd()}: answer keys live in "
            f"<course root>/{default}/ beside {CONFIG_FILE}, "
            f"or set ${COURSE_ROOT_VARIABLE}."
        )
    folder = _answer_keys_setting(root / CONFIG_FILE, default)
    if folder is None:  # set by code the kernel cannot read cheaply: load the configuration
        return Layout.of(root).answer_key(Path.cwd().name, notebook)
    return root / folder / Path.cwd().name / f"{notebook}.json"


def _answer_keys_setting(config_file: Path, default: str) -> str | None:
    """``c.Guarantees.answer_keys_directory`` as the course's configuration file writes it,
    read without running the file (loading nbgrader would cost a kernel seconds): the default
    when the file does not set it, None when it sets it to anything but a plain string."""
    text = config_file.read_text(encoding="utf-8") if config_file.is_file() else ""
    if "answer_keys_directory" not in text:
        return default
    for node in ast.walk(ast.parse(text)):
        if (
            isinstance(node, ast.Assign)
            and ast.unparse(node.targets[0]) == "c.Guarantees.answer_keys_directory"
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    return None


def nbgrader_environment(**extra: str) -> dict[str, str]:
    """The environment for an ``nbgrader`` subprocess: nbgrader runs helpers (alembic) found on
    PATH, so this interpreter's scripts folder comes first; nbgrader's own markers are dropped."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NBGRADER_")}
    scripts = str(Path(sys.executable).parent)
    environment["PATH"] = os.pathsep.join([scripts, environment.get("PATH", "")])
    environment.update(extra)
    return environment
