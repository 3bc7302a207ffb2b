"""A self-study learner's own copy of the course, and the course map of their progress."""

from __future__ import annotations

import shutil

from helpers import LESSONS

from guarantees import Lesson
from guarantees.course_map import course_map, course_map_html, lesson_progress
from guarantees.learner_copy import copy_course
from guarantees.scoring import seal_answer


def test_copy_adds_what_is_missing_and_keeps_the_learners_work(tmp_path):
    first = copy_course(tmp_path)
    lessons = sorted(p.name for p in (tmp_path / "lessons").glob("*.ipynb"))
    assert lessons == sorted(p.name for p in LESSONS.glob("*.ipynb"))
    assert (tmp_path / "datasets" / "datapackage.json").exists()
    assert all(line.startswith("copied") for line in first)

    edited = tmp_path / "lessons" / "00_start_here.ipynb"
    edited.write_text("my own notes", encoding="utf-8")
    (tmp_path / "lessons" / "00_start_here.answers.json").write_text("{}")
    (tmp_path / "datasets" / "nato_members.csv").unlink()  # as if a newer version added it
    again = copy_course(tmp_path)
    assert edited.read_text(encoding="utf-8") == "my own notes"
    assert "copied  datasets/nato_members.csv" in again
    assert "kept    lessons/00_start_here.ipynb (already there)" in again


def test_course_map_reads_progress_from_saved_answers(tmp_path):
    shutil.copy(LESSONS / "00_start_here.ipynb", tmp_path)
    empty = course_map(tmp_path).set_index("lesson").loc["00_start_here"]
    assert empty["exercises"] == 6 and empty["answered"] == 0
    assert empty["title"].startswith("0 · Start here")

    lesson = Lesson("00_start_here", directory=tmp_path)
    key = seal_answer("number", 4)
    year = lesson.number("start-war-year", "Which year?", key=key)
    year.answer(4)
    year.check()
    lesson.single_choice(
        "start-president", "Office?", ["a", "b"], key=seal_answer("single_choice", "b")
    ).answer("a")
    row = course_map(tmp_path).set_index("lesson").loc["00_start_here"]
    assert (row["answered"], row["correct"]) == (2, 1)
    assert 'aria-label="1 of 6 correct"' in course_map_html(lesson_progress(tmp_path))
