"""The time check of ``guarantees collect`` on real folders, without nbgrader: a submission's
claimed time (folder name, timestamp.txt) against the change times the system gave its files.

A file's ctime cannot be set back by anyone, so a backdated folder is made honestly here: made
now, with a name and a timestamp.txt that claim an earlier time, as a student can."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from guarantees.collect import TOLERANCE, check

STUDENT = "gt-nobody-here"  # no system user: the collector's own files are "unchecked"


def submission(inbound: Path, claimed: datetime, written: datetime | None = None) -> Path:
    """A submission folder made now whose name claims ``claimed`` and whose timestamp.txt
    claims ``written`` (the same by default)."""
    stamp = claimed.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    folder = inbound / f"{STUDENT}+a0_practice+{stamp}+abcdefghijkl"
    folder.mkdir(parents=True)
    (folder / "a0_practice.ipynb").write_text("{}")
    (folder / "timestamp.txt").write_text((written or claimed).strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
    return folder


def checked(folder: Path):
    return check(folder, STUDENT, os.geteuid())


def test_a_submission_made_when_it_claims_passes(tmp_path):
    found = checked(submission(tmp_path, datetime.now(timezone.utc)))
    assert (found.status, found.note) == ("unchecked", f"no system user {STUDENT}")


def test_a_small_clock_difference_is_tolerated(tmp_path):
    earlier = datetime.now(timezone.utc) - timedelta(seconds=TOLERANCE / 2)
    assert checked(submission(tmp_path, earlier)).status == "unchecked"


def test_a_backdated_submission_is_flagged_with_how_late_it_was_made(tmp_path):
    found = checked(submission(tmp_path, datetime.now(timezone.utc) - timedelta(minutes=10)))
    assert found.status == "flagged"
    assert "but was made or changed at" in found.note
    assert 600 <= int(found.note.rsplit(", ", 1)[1].split()[0]) < 600 + TOLERANCE


def test_a_file_changed_after_the_claimed_time_is_flagged(tmp_path):
    folder = submission(tmp_path, datetime.now(timezone.utc) - timedelta(hours=1))
    # the files are as old as they claim (mtime can be set); the change time cannot be
    for path in (folder, *folder.iterdir()):
        os.utime(path, (folder.stat().st_atime, folder.stat().st_mtime - 3600))
    assert "but was made or changed at" in checked(folder).note


def test_a_post_dated_submission_is_flagged(tmp_path):
    found = checked(submission(tmp_path, datetime.now(timezone.utc) + timedelta(days=1)))
    assert found.status == "flagged" and "after its files were made" in found.note


def test_a_name_and_timestamp_that_disagree_are_flagged(tmp_path):
    now = datetime.now(timezone.utc)
    found = checked(submission(tmp_path, now, written=now - timedelta(hours=2)))
    assert "but its timestamp.txt says" in found.note


def test_a_missing_or_unreadable_time_is_flagged(tmp_path):
    folder = submission(tmp_path, datetime.now(timezone.utc))
    (folder / "timestamp.txt").unlink()
    assert "no timestamp.txt file" in checked(folder).note
    os.mkfifo(folder / "timestamp.txt")  # never read: reading a pipe would wait forever
    assert "no timestamp.txt file" in checked(folder).note
    (folder / "timestamp.txt").unlink()
    (folder / "timestamp.txt").write_text("not a time")
    assert "no time nbgrader can read" in checked(folder).note
