"""award_points, as hidden tests call it: saved answers in, points and a message out."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from guarantees import Assignment
from guarantees.grading import award_points, read_answer_key

KEY = {
    "format": "guarantees-answer-key",
    "version": 1,
    "questions": {
        "year": {"kind": "single_choice", "answer": "1994"},
        "parties": {
            "kind": "multiple_choice",
            "answer": ["Ukraine", "Russia", "UK", "US"],
            "options": ["Ukraine", "Russia", "UK", "US", "France", "China"],
        },
        "count": {"kind": "number", "answer": 16, "tolerance": 0},
    },
}


@pytest.fixture
def submission(tmp_path, monkeypatch):
    """A student's folder inside an instructor's course, as autograde lays it out."""
    root = tmp_path / "course"
    (root / "answer_keys" / "hw").mkdir(parents=True)
    (root / "nbgrader_config.py").write_text("")
    (root / "answer_keys" / "hw" / "hw.json").write_text(json.dumps(KEY))
    folder = root / "autograded" / "student" / "hw"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("GUARANTEES_COURSE_ROOT", raising=False)
    sheet = Assignment("hw")
    sheet.single_choice("year", "p", ["1991", "1994"])
    sheet.multiple_choice("parties", "p", ["Ukraine", "Russia", "UK", "US", "France", "China"])
    return sheet


def grade(capsys, *args, **kwargs):
    earned = award_points(*args, **kwargs)
    captured = capsys.readouterr()
    assert captured.err == "", "anything on stderr would score the test cell 0"
    return earned, captured.out


def test_right_answer_earns_all_points(submission, capsys, monkeypatch):
    submission["year"].answer("1994")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    earned, message = grade(capsys, "year", points=2)
    assert earned == 2.0 and "year: 2 of 2 points" in message
    assert "1994" not in message, "feedback says how much is right, never what is right"


def test_partial_credit_is_rounded_and_explained(submission, capsys):
    options = submission["parties"].options
    right = set(KEY["questions"]["parties"]["answer"])
    # what random ticks earn: every set of ticks, (right ticks - wrong ticks) / 4, at least 0
    ticks = [set(c) for n in range(7) for c in itertools.combinations(options, n)]
    chance = sum(max(0, len(t & right) - len(t - right)) / 4 for t in ticks) / len(ticks)
    submission["parties"].answer(["Ukraine", "Russia", "UK", "France"])  # raw (3 - 1) / 4
    earned, message = grade(capsys, "parties", points=3)
    assert earned == round(3 * (2 / 4 - chance) / (1 - chance), 2) > 0
    assert "3 of 4 right options ticked, and 1 that do not apply" in message


def test_missing_answer_earns_nothing(submission, capsys):
    earned, message = grade(capsys, "year", points=2)
    assert earned == 0.0 and "No saved answer" in message


def test_saved_answer_of_the_wrong_kind_or_type_earns_nothing(submission, capsys, tmp_path):
    submission["year"].answer("1994")
    path = submission.store.path
    document = json.loads(path.read_text())
    document["answers"]["year"]["kind"] = "number"
    document["answers"]["parties"] = {"kind": "multiple_choice", "value": "Ukraine", "score": None}
    path.write_text(json.dumps(document))
    assert grade(capsys, "year", points=2)[0] == 0.0
    earned, message = grade(capsys, "parties", points=3)
    assert earned == 0.0 and "cannot be graded" in message


def test_a_value_computed_by_student_code(submission, capsys):
    assert grade(capsys, "count", points=2, value=np.int64(16))[0] == 2.0
    assert grade(capsys, "count", points=2, value=15)[0] == 0.0
    assert grade(capsys, "count", points=2, value="16")[0] == 0.0


def test_a_question_missing_from_the_key_is_an_instructor_error(submission):
    with pytest.raises(KeyError, match="no entry"):
        award_points("nowhere", points=1)


def test_a_broken_key_file_names_the_file(submission, tmp_path):
    key_file = tmp_path / "course" / "answer_keys" / "hw" / "hw.json"
    key_file.write_text(
        '{"format": "guarantees-answer-key", "version": 1, "questions": '
        '{"q": {"kind": "ordering", "answer": "not a list"}}}'
    )
    with pytest.raises(ValueError, match=r"hw\.json, question 'q'"):
        read_answer_key(key_file)
    key_file.unlink()
    with pytest.raises(FileNotFoundError, match="hw.json"):
        award_points("year", points=1)
