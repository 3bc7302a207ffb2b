"""Shared by the tests and the benchmarks: run notebooks on real kernels, build real courses."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from guarantees.kinds import MultipleChoiceKind
from guarantees.layout import nbgrader_environment

REPO = Path(__file__).resolve().parents[1]
REGION = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", flags=re.DOTALL)
"""A solution or hidden-test region of an nbgrader source cell: (kind, body)."""
LESSONS = REPO / "lessons"
ASSIGNMENTS = REPO / "assignments"
ANSWER_KEYS = REPO / "answer_keys"
COURSE_ID = "guarantees"
COMMAND = Path(sys.executable).parent / "guarantees"
"""The course's command line, as installed in this environment."""


def all_notebooks() -> list[Path]:
    return sorted([*LESSONS.glob("*.ipynb"), *ASSIGNMENTS.glob("*/*.ipynb")])


def run_notebook(
    path: Path,
    workdir: Path,
    extra_cells: list[str] = (),
    allow_errors: bool = False,
    env: dict[str, str] | None = None,
) -> nbformat.NotebookNode:
    """Execute a notebook top to bottom on a fresh python3 kernel, in ``workdir`` (``env`` added
    to the kernel's environment)."""
    notebook = nbformat.read(path, as_version=4)
    for source in extra_cells:
        notebook.cells.append(nbformat.v4.new_code_cell(source))
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=120,
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute(env=nbgrader_environment(**(env or {})))
    return notebook


def outputs_text(notebook: nbformat.NotebookNode) -> str:
    """Everything the notebook's cells printed, as one string."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
            parts.append("\n".join(output.get("traceback", [])))
    return "\n".join(parts)


def make_course(root: Path) -> Path:
    """A fresh instructor course folder: config, source assignments and answer keys."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    shutil.copytree(ASSIGNMENTS, root / "assignments")
    shutil.copytree(ANSWER_KEYS, root / "answer_keys")
    return root


def run(
    *command: object,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 600,
    check: bool = True,
) -> subprocess.CompletedProcess:
    """Run a program (in ``nbgrader_environment()`` unless ``env`` is given) and return what it
    printed; with ``check``, fail showing its output when it fails."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=nbgrader_environment() if env is None else env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, command))} failed ({result.returncode}):\n"
            f"{result.stdout[-5000:]}\n{result.stderr[-5000:]}"
        )
    return result


def nbgrader(*args: str, cwd: Path, exchange: Path) -> subprocess.CompletedProcess:
    """Run the real ``nbgrader`` command line; fail with its output if it fails."""
    environment = nbgrader_environment(GUARANTEES_EXCHANGE=str(exchange))
    return run(sys.executable, "-m", "nbgrader", *args, cwd=cwd, env=environment)


def guarantees(
    *args: str, cwd: Path, timeout: float = 600, **env: str
) -> subprocess.CompletedProcess:
    """Run the course's command line in ``cwd`` (``env`` added to ``nbgrader_environment()``);
    its result, unchecked: the tests look at failures too."""
    return run(
        COMMAND, *args, cwd=cwd, env=nbgrader_environment(**env), timeout=timeout, check=False
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def autograded_cells(notebook_path: Path) -> dict[str, float]:
    """grade_id -> points for the autograder test cells (graded code cells, not solutions)."""
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    return {
        cell["metadata"]["nbgrader"]["grade_id"]: float(cell["metadata"]["nbgrader"]["points"])
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        and cell.get("metadata", {}).get("nbgrader", {}).get("grade")
        and not cell["metadata"]["nbgrader"].get("solution")
    }


def tree_digest(folder: Path) -> str:
    """One hash of every file's path and bytes below ``folder``: shows whether anything changed."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stop_process_group(process: subprocess.Popen, timeout: float = 30) -> None:
    """Stop a server started with ``start_new_session=True`` and everything it started."""
    with contextlib.suppress(ProcessLookupError):  # it may have stopped already
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def practice_answer_cells(plan: str, key: dict) -> list[str]:
    """Cells a student runs after a0_practice: ``perfect`` or ``partial`` answers (``key`` is
    the assignment's answer-key file as JSON) given through the exercise objects."""
    q = key["questions"]
    if plan == "perfect":
        return [
            f"assignment['a0-strike'].answer({q['a0-strike']['answer']!r})",
            f"assignment['a0-attributed'].answer({q['a0-attributed']['answer']!r})",
        ]
    if plan == "partial":  # Q1 right; Q2 two right ticks and one wrong; Q3 wrong count
        return [
            f"assignment['a0-strike'].answer({q['a0-strike']['answer']!r})",
            f"right = {q['a0-attributed']['answer'][:2]!r}\n"
            "wrong = [o for o in assignment['a0-attributed'].options "
            f"if o not in {q['a0-attributed']['answer']!r}][:1]\n"
            "assignment['a0-attributed'].answer(right + wrong)",
        ]
    return []


def practice_scores(source: Path) -> dict[str, float]:
    """What each plan of ``practice_answer_cells`` earns on a0_practice (with the code the tests
    type for it: the solution for ``perfect``, a wrong count for ``partial``), worked out from the
    source notebook's points, the key's number of options and the documented partial-credit
    rule (credit above what random ticks earn)."""
    points = autograded_cells(source)
    key_file = source.parents[2] / "answer_keys" / source.parent.name / f"{source.stem}.json"
    attributed = json.loads(key_file.read_text(encoding="utf-8"))["questions"]["a0-attributed"]
    right = len(attributed["answer"])
    # 2 right ticks - 1 wrong tick, of the right options, above chance
    credit = MultipleChoiceKind.credit((2 - 1) / right, right, options=attributed["options"])
    return {
        "perfect": sum(points.values()),
        # right option; partial ticks; wrong count
        "partial": points["a0-strike-test"] + round(points["a0-attributed-test"] * credit, 2),
        "blank": 0.0,
    }
