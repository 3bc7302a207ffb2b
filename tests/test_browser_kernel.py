"""The course library in a browser kernel (JupyterLite's Pyodide): it imports and saves answers
without pandas, and the answer store locks within the kernel there (no lock files)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from helpers import LESSONS

from guarantees import answers
from guarantees.answers import AnswerStore

# Run in a fresh interpreter where pandas, matplotlib and nbformat cannot be imported, as in a
# browser kernel before a cell fetches them: a lesson's first cell, its exercises and the course
# map must work; only a table needs pandas.
WITHOUT_PANDAS = """
import sys
for name in ("pandas", "matplotlib", "nbformat"):
    sys.modules[name] = None
from guarantees import Lesson, load_table
from guarantees.course_map import course_map_html, lesson_progress
from guarantees.scoring import seal_answer
lesson = Lesson("00_start_here")
lesson.number("start-war-year", "Which year?", key=seal_answer("number", 4)).answer(4)
print(course_map_html(lesson_progress()))
try:
    load_table("nato_members")
except ImportError as error:
    print("load_table:", error)
"""


def test_lessons_and_the_course_map_work_without_pandas(tmp_path):
    shutil.copy(LESSONS / "00_start_here.ipynb", tmp_path)
    run = subprocess.run(
        [sys.executable, "-c", WITHOUT_PANDAS],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert 'aria-label="0 of 6 correct"' in run.stdout
    assert "1 of 6 answered" in run.stdout
    assert "load_table: import of pandas halted" in run.stdout
    saved = json.loads((tmp_path / "00_start_here.answers.json").read_text(encoding="utf-8"))
    assert saved["answers"]["start-war-year"]["value"] == 4


def test_a_browser_kernel_saves_again_and_again_without_lock_files(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "emscripten")
    path = tmp_path / "drive" / "00_start_here.answers.json"
    stores = [AnswerStore(path, "00_start_here") for _ in range(8)]
    assert stores[0]._lock is stores[1]._lock, "one lock per file within the kernel"

    def save(number: int) -> None:
        for attempt in range(5):
            stores[number].save(f"q{number}", "number", attempt)

    threads = [threading.Thread(target=save, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    saved = AnswerStore(path, "00_start_here").load()
    assert {qid: entry.value for qid, entry in saved.items()} == {f"q{n}": 4 for n in range(8)}
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "no lock or temp file"


def test_elsewhere_the_store_locks_with_a_lock_file(tmp_path):
    path = tmp_path / "00_start_here.answers.json"
    lock = answers.answers_lock(path)
    assert Path(lock.lock_file) == Path(f"{path}.lock")
