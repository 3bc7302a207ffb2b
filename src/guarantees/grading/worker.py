"""A grading worker: a private copy of the course where one ``nbgrader autograde`` runs.

The worker folder holds the course configuration, the source assignment, copies of its
students' submissions and, for a SQLite gradebook, a copy of the gradebook to write to. nbgrader
runs in a process forked from this one (nbgrader is imported once, not once per worker), with
its log in ``autograde.log`` and its kernels on IPC sockets of its own, each kernel in a sandbox
of its own (``sandboxed_kernel.py``) unless grading runs without one. nbgrader itself, the
worker's folder and its gradebook stay outside every sandbox. Its configuration is the
course's, read by nbgrader as usual, over ``worker_config()`` (given to the app before it reads
any file), and under the command-line options set in ``start_worker``.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from nbgrader.apps.autogradeapp import AutogradeApp
from nbgrader.converters import Autograde
from nbgrader.preprocessors import Execute
from traitlets.config import Config

from guarantees.grading.preprocessors import ExecuteWithReadyKernel
from guarantees.grading.sandbox import Sandbox
from guarantees.grading.sandboxed_kernel import SandboxedKernelManager
from guarantees.layout import Layout

LOG = "autograde.log"
GRADEBOOK = "gradebook.db"


@dataclass
class Worker:
    """One running ``nbgrader autograde`` over some students."""

    layout: Layout
    submissions: dict[str, Path]
    """Each student's submission folder in the worker's copy of the course."""
    process: multiprocessing.Process

    @property
    def folder(self) -> Path:
        return self.layout.root

    @property
    def students(self) -> list[str]:
        return list(self.submissions)

    @property
    def log(self) -> str:
        return (self.folder / LOG).read_text(errors="replace")

    @property
    def gradebook(self) -> Path:
        return self.folder / GRADEBOOK

    def ended(self) -> bool:
        return not self.process.is_alive()


def start_worker(
    layout: Layout,
    *,
    source: Path,
    config: Path,
    assignment: str,
    submissions: dict[str, Path],
    course_gradebook: Path | None,
    sockets: Path,
    environment: dict[str, str],
    cell_timeout: int | None,
    sandbox: Sandbox | None,
    number: int,
) -> Worker:
    """Copy what nbgrader needs into ``layout``'s folder (the course's ``config``, the
    assignment's ``source`` folder, the ``submissions``) and start autograding them there.

    ``course_gradebook`` is the course's SQLite file (copied, and the copy graded into), or
    None when the gradebook is a database server that every worker may write to. Kernels
    start in ``sandbox`` (None: as the grader, for trusted code only), their folders in
    ``sockets``; ``number`` tells workers' sandboxes apart.
    """
    folder = layout.root
    folder.mkdir(parents=True)
    shutil.copy(config, folder / config.name)
    shutil.copytree(source, layout.source(assignment))
    copies = {student: layout.submitted(student, assignment) for student in submissions}
    for student, submission in submissions.items():
        shutil.copytree(submission, copies[student])
    arguments = [
        assignment,
        "--force",
        "--Execute.shutdown_kernel=immediate",
        *layout.step_options(),
    ]
    if sandbox is None:
        arguments += ["--KernelManager.transport=ipc", f"--KernelManager.ip={sockets / 'k'}"]
    if course_gradebook is not None:
        shutil.copy(course_gradebook, folder / GRADEBOOK)
        arguments.append(f"--CourseDirectory.db_url=sqlite:///{folder / GRADEBOOK}")
    if cell_timeout:
        arguments += [
            f"--Execute.timeout={cell_timeout}",
            f"--ExecutePreprocessor.timeout={cell_timeout}",
        ]
    (folder / LOG).touch()
    process = multiprocessing.get_context("fork").Process(
        target=_autograde,
        args=(folder, arguments, environment, sandbox, sockets, number),
        daemon=True,
    )
    process.start()
    return Worker(layout, copies, process)


def worker_config() -> Config:
    """What a worker configures beneath the course's ``nbgrader_config.py``: nbgrader's own
    autograde steps, with ``ExecuteWithReadyKernel`` in place of ``Execute``."""
    steps = Autograde.class_traits()["autograde_preprocessors"].default()
    config = Config()
    config.Autograde.autograde_preprocessors = [
        ExecuteWithReadyKernel if step is Execute else step for step in steps
    ]
    return config


def _autograde(
    folder: Path,
    arguments: list[str],
    environment: dict[str, str],
    sandbox: Sandbox | None,
    sockets: Path,
    number: int,
) -> None:
    """Run nbgrader's autograde app in this forked process, logging to the worker's folder."""
    if sandbox is not None:
        SandboxedKernelManager.configure(sandbox, sockets, number)
    os.chdir(folder)
    os.environ.clear()
    os.environ.update(environment)
    log = os.open(folder / LOG, os.O_WRONLY | os.O_APPEND)
    os.dup2(log, 1)
    os.dup2(log, 2)
    # fresh stream objects: none of the parent's locks or buffers come along
    sys.stdout = sys.stderr = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115
    app = AutogradeApp.instance(config=worker_config())
    try:
        app.initialize(arguments)
        app.start()
    finally:
        ExecuteWithReadyKernel.shut_down_spares()
        sys.stdout.flush()
