"""The answer store: atomic saves, locking, recovery from damaged files, read-only grading."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from guarantees.answers import FORMAT, VERSION, AnswerStore


@pytest.fixture
def store(tmp_path):
    return AnswerStore(tmp_path / "lesson.answers.json", "lesson", read_only=False)


def test_save_and_load_round_trip(store):
    assert store.save("q1", "single_choice", "1994")
    assert store.save("q2", "multiple_choice", ["Ukraine", "United States"], score=0.5)
    reread = AnswerStore(store.path, "lesson", read_only=False).load()
    assert reread["q1"].value == "1994" and reread["q1"].score is None
    assert reread["q2"].value == ["Ukraine", "United States"] and reread["q2"].score == 0.5


def test_file_format_is_documented_and_versioned(store):
    store.save("q1", "number", 4)
    document = json.loads(store.path.read_text(encoding="utf-8"))
    assert document["format"] == FORMAT and document["version"] == VERSION
    assert document["notebook"] == "lesson"
    assert set(document["answers"]["q1"]) == {"kind", "value", "saved_at", "score"}


def test_values_that_are_not_json_are_refused_before_writing(store):
    store.save("q1", "number", 4)
    before = store.path.read_bytes()
    with pytest.raises(TypeError):
        store.save("q2", "number", object())
    assert store.path.read_bytes() == before


@pytest.mark.parametrize(
    "damage",
    [
        b'{"format": "guarantees-answers", "version": 1, "answ',  # truncated
        b"\xff\xfe\x00 not utf-8",
        b"[1, 2, 3]",
        b'{"format": "guarantees-answers", "version": 99, "notebook": "lesson", "answers": {}}',
        b'{"format": "guarantees-answers", "version": 1, "notebook": "other", "answers": {}}',
    ],
)
def test_damaged_file_is_kept_aside_and_never_overwritten(store, damage):
    store.path.write_bytes(damage)
    assert store.load() == {}
    assert store.problems and store.path.name in store.problems[0]
    kept = list(store.path.parent.glob("lesson.answers.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == damage
    assert store.save("q1", "number", 4)
    assert AnswerStore(store.path, "lesson", read_only=False).get("q1").value == 4
    assert kept[0].read_bytes() == damage


def test_hand_edited_entries_keep_the_readable_answers(store):
    store.save("good", "number", 4)
    document = json.loads(store.path.read_text())
    document["answers"]["bad"] = {"value": "no kind"}
    store.path.write_text(json.dumps(document))
    fresh = AnswerStore(store.path, "lesson", read_only=False)
    answers = fresh.load()
    assert set(answers) == {"good"}
    assert "bad" in fresh.problems[0]
    kept = list(store.path.parent.glob("*.corrupt-*"))
    assert len(kept) == 1 and '"no kind"' in kept[0].read_text()


def test_read_only_while_nbgrader_runs(tmp_path, monkeypatch):
    path = tmp_path / "a.answers.json"
    AnswerStore(path, "a", read_only=False).save("q1", "number", 4)
    before = path.read_bytes()
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    grading = AnswerStore(path, "a")
    assert grading.read_only and grading.get("q1").value == 4
    assert grading.save("q1", "number", 5) is False
    assert path.read_bytes() == before
    path.write_bytes(b"garbage")
    assert AnswerStore(path, "a").load() == {}
    assert path.read_bytes() == b"garbage", "a read-only store must not move files"


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from guarantees.answers import AnswerStore
    store = AnswerStore(Path(sys.argv[1]), "lesson", read_only=False)
    prefix, count, size = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    print("ready", flush=True)
    for number in range(count):
        store.save(f"{prefix}{number}", "short_text", prefix * size)
    """
)


def start_writer(path, prefix, count, size=10):
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), prefix, str(count), str(size)],
        stdout=subprocess.PIPE,
        text=True,
    )


def test_two_concurrent_writers_lose_nothing(tmp_path):
    path = tmp_path / "lesson.answers.json"
    writers = [start_writer(path, prefix, 60) for prefix in ("a", "b")]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    answers = AnswerStore(path, "lesson", read_only=False).load()
    assert len(answers) == 120
    assert {f"a{n}" for n in range(60)} | {f"b{n}" for n in range(60)} == set(answers)


def temporary_files(folder):
    """What a writer has written but not yet moved into place (a killed writer leaves it)."""
    return {path.name for path in folder.glob(".lesson.answers.json.*.tmp")}


def test_a_writer_killed_mid_write_leaves_a_valid_file(tmp_path):
    path = tmp_path / "lesson.answers.json"
    AnswerStore(path, "lesson", read_only=False).save("first", "short_text", "kept")
    killed_mid_write = 0
    for round_number in range(24):
        before = temporary_files(tmp_path)
        writer = start_writer(path, f"r{round_number}-", 10_000, size=200_000)
        writer.stdout.readline()
        time.sleep(0.05 + 0.03 * (round_number % 8))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        killed_mid_write += bool(temporary_files(tmp_path) - before)
        reader = AnswerStore(path, "lesson", read_only=True)
        answers = reader.load()
        assert reader.problems == [], reader.problems
        assert answers["first"].value == "kept"
        if killed_mid_write == 2:
            break
    assert killed_mid_write >= 1, "no writer was killed between writing and replacing the file"
    leftovers = temporary_files(tmp_path)
    AnswerStore(path, "lesson", read_only=False).save("last", "short_text", "x")
    assert not temporary_files(tmp_path), leftovers
    assert not list(tmp_path.glob("*.corrupt-*"))
