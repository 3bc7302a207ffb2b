"""An attack corpus for ``guarantees grade``, from the security review of the unsandboxed grader:
each attacker hands in the practice assignment with code meant to read keys, change scores, hurt
other students or stop the batch. Every attacker's *honest work* is worth 0 points (no widget
answer, a wrong computed value), so any point they earn came from the attack.

``{course}``, ``{marker}`` and ``{port}`` in the payloads are filled in by the test.
"""

from __future__ import annotations

import json
from pathlib import Path

from grade.synthetic_class import ASSIGNMENT, write_submission

from guarantees.grading.hidden_tests import GRADED_VALUE
from guarantees.layout import Layout

WRONG = "joined_after_1991 = 15\n"

PAYLOADS = {
    # read the keys where the unsandboxed grader left them in reach, and use them
    "read-keys": """
import glob, json, os
paths = [os.environ.get("GUARANTEES_ANSWER_KEYS", ""), "{course}/answer_keys"]
found = [p for base in paths if base for p in glob.glob(base + "/**/*.json", recursive=True)]
for top in ("/tmp", "/root", "/home", "/srv", "/work"):
    found += glob.glob(top + "/**/answer_keys/**/*.json", recursive=True)[:5]
for path in found:
    print(open(path).read())
print("keys found:", len(found))
""",
    # rewrite the answers file the kernel sees, and another student's submission
    "rewrite-answers": """
import json, pathlib
doc = {{"format": "guarantees-answers", "version": 1, "notebook": "a0_practice", "answers": {{}}}}
pathlib.Path("a0_practice.answers.json").write_text(json.dumps(doc))
for victim in ["{course}/submitted/honest-all/a0_practice/a0_practice.answers.json"]:
    try:
        pathlib.Path(victim).write_text("{{}}")
        print("overwrote", victim)
    except OSError as error:
        print("could not overwrite:", type(error).__name__)
""",
    # find the connection file of another kernel (the spare) and run code in it
    "hijack-spare": """
import glob, os
from jupyter_client import BlockingKernelClient
own = os.path.dirname(os.getcwd())  # this kernel's own folder: its connection file is there
files = [f for f in glob.glob("/tmp/**/*.json", recursive=True) + glob.glob(own + "/../*/*.json")
         if "kernel" in f and os.path.dirname(os.path.abspath(f)) != own]
hijacked = 0
for path in files:
    try:
        client = BlockingKernelClient(connection_file=path)
        client.load_connection_file()
        client.start_channels()
        client.execute("import guarantees.grading as g; g.award_points = lambda *a, **k: 0")
        hijacked += 1
    except Exception:
        pass
print("connection files:", files, "hijacked:", hijacked)
""",
    # outlive the kernel and change the gradebook afterwards
    "daemon": """
import subprocess, sys
code = "import time, pathlib\\nfor _ in range(120):\\n    time.sleep(1)\\n" \\
       "    for p in ['{course}/gradebook.db', '{marker}']:\\n" \\
       "        try: pathlib.Path(p).write_text('owned')\\n        except OSError: pass\\n"
subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
subprocess.Popen(["sleep", "600"], start_new_session=True)
print("daemons started")
""",
    "fork-storm": """
import subprocess
started = 0
try:
    for _ in range(1000):
        subprocess.Popen(["sleep", "600"])
        started += 1
except OSError as error:
    print("stopped after", started, type(error).__name__)
""",
    "network": """
import socket
for host in ("127.0.0.1", socket.gethostname()):
    try:
        socket.create_connection((host, {port}), timeout=2)
        print("connected to", host)
    except OSError as error:
        print("no connection to", host, type(error).__name__)
""",
    "huge-output": """
import sys
for _ in range(200):
    sys.stdout.write("x" * 100_000)
""",
    "memory": """
try:
    hog = bytearray(16 * 2**30)
except MemoryError:
    print("no memory for that")
""",
    # records of the graded value that no honest award_points writes
    "fake-records": """
from IPython import get_ipython
from IPython.display import display
def fake(*args):
    for value in (1e308, -1e308, [[[[[[[[[[1]]]]]]]]]], "16"):
        display({{"{graded}": {{"question": "a0-after-1991", "value": value}}}}, raw=True)
    display({{"{graded}": "not a record"}}, raw=True)
    display({{"{graded}": {{"question": "a0-after-1991"}}}}, raw=True)
get_ipython().events.register("post_run_cell", fake)
""",
    "kill-parent": """
import os, signal
for pid in (os.getppid(), 1):
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError as error:
        print("cannot kill", pid, type(error).__name__)
""",
    "write-outside": """
import pathlib
for path in ("{marker}", "{course}/pwned", "/tmp/pwned", "../../pwned"):
    try:
        pathlib.Path(path).write_text("owned")
    except OSError as error:
        print("cannot write", path, type(error).__name__)
""",
}

SHADOW_MODULE = """
import json, pathlib
pathlib.Path("{marker}").write_text("imported")
raise ImportError("a submitted filelock.py must never be imported")
"""


def build_attack_class(course: Path, marker: Path, port: int) -> dict[str, dict]:
    """Two honest students and every attacker; per student, what they may earn at most, exactly
    for the honest ones."""
    layout = Layout.of(course)
    key = json.loads(layout.answer_key(ASSIGNMENT, ASSIGNMENT).read_text())["questions"]
    right = {
        "a0-strike": ("single_choice", key["a0-strike"]["answer"]),
        "a0-attributed": ("multiple_choice", key["a0-attributed"]["answer"]),
    }
    solved = f"joined_after_1991 = {key['a0-after-1991']['answer']}\n"
    points = _points(layout)
    expected = {
        "honest-all": {"score": sum(points.values()), "exact": True},
        "honest-strike": {"score": points["a0-strike-test"], "exact": True},
    }
    write_submission(layout, "honest-all", solved, right)
    write_submission(layout, "honest-strike", WRONG, {"a0-strike": right["a0-strike"]})
    fill = {"course": course, "marker": marker, "port": port, "graded": GRADED_VALUE}
    for name, payload in PAYLOADS.items():
        write_submission(layout, name, payload.format(**fill) + WRONG, None)
        expected[name] = {"score": 0.0, "exact": False}
    folder = write_submission(layout, "shadow-module", WRONG, None)
    (folder / "filelock.py").write_text(SHADOW_MODULE.format(**fill))
    (folder / "sitecustomize.py").write_text(SHADOW_MODULE.format(**fill))
    expected["shadow-module"] = {"score": 0.0, "exact": False, "note": "filelock.py"}
    folder = write_submission(layout, "deep-notebook", solved, right)
    notebook = json.loads((folder / f"{ASSIGNMENT}.ipynb").read_text())
    notebook["metadata"]["deep"] = "@"
    text = json.dumps(notebook).replace('"@"', "[" * 100_000 + "]" * 100_000)
    (folder / f"{ASSIGNMENT}.ipynb").write_text(text)
    expected["deep-notebook"] = {"score": 0.0, "exact": True, "status": "invalid"}
    folder = write_submission(layout, "deep-answers", WRONG, right)
    (folder / f"{ASSIGNMENT}.answers.json").write_text("[" * 100_000 + "]" * 100_000)
    expected["deep-answers"] = {"score": 0.0, "exact": True, "note": "nested"}
    return expected


def _points(layout: Layout) -> dict[str, float]:
    """Each test cell's points, from the source notebook's nbgrader metadata."""
    notebook = json.loads((layout.source(ASSIGNMENT) / f"{ASSIGNMENT}.ipynb").read_text())
    return {
        cell["metadata"]["nbgrader"]["grade_id"]: float(cell["metadata"]["nbgrader"]["points"])
        for cell in notebook["cells"]
        if cell["metadata"].get("nbgrader", {}).get("grade") and cell["cell_type"] == "code"
    }
