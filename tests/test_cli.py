"""The `guarantees` command installed with the package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import ANSWER_KEYS

from guarantees.grading import read_answer_key
from guarantees.keys import SealedKey
from guarantees.scoring import kind_named

COMMAND = Path(sys.executable).parent / "guarantees"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(COMMAND), *args], capture_output=True, text=True, timeout=60)


def test_help_lists_the_verbs():
    result = run("--help")
    assert result.returncode == 0 and "seal" in result.stdout


def test_seal_prints_a_key_that_accepts_each_answer():
    key_file = ANSWER_KEYS / "lessons" / "00_start_here.json"
    result = run("seal", str(key_file))
    assert result.returncode == 0, result.stderr
    sealed = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    for question_id, entry in read_answer_key(key_file).items():
        kind = kind_named(entry.kind)
        given = entry.answer[0] if entry.kind == "short_text" else entry.answer
        key = SealedKey.from_text(sealed[question_id])
        assert kind.score(given, key, **entry.params).is_correct


def test_seal_explains_a_missing_file(tmp_path):
    result = run("seal", str(tmp_path / "nowhere.json"))
    assert result.returncode == 2 and "nowhere.json" in result.stderr
