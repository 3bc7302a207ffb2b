"""guarantees collect: submissions are checked for who made them before the real nbgrader collect.

The course, the exchange and every submission are real (nbgrader generate, release, fetch,
submit). A submission's owner is what the check reads: as root, submissions are handed to real
system users made for the test (``chown``, as if each user had run nbgrader submit), and the
users are removed afterwards. The hub test (tests/hub) shows the same with each student running
nbgrader as themselves.
"""

from __future__ import annotations

import csv
import os
import secrets
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import COURSE_ID, guarantees, make_course, nbgrader, tree_digest
from hub.system_users import need_root, system_users

pytestmark = pytest.mark.pipeline

ASSIGNMENT = "a0_practice"
NOBODY = "gt-nobody-here"  # a student id that is no system user
NOBODY_ELSE = "gt-nobody-else"
ANOTHER = "gt-nobody-third"


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """A course with a0_practice generated and released to its exchange."""
    base = tmp_path_factory.mktemp("collect")
    course = make_course(base / "course")
    nbgrader("generate_assignment", ASSIGNMENT, cwd=course, exchange=base / "exchange")
    nbgrader("release_assignment", ASSIGNMENT, cwd=course, exchange=base / "exchange")
    return base


@pytest.fixture
def term(released, tmp_path):
    """A fresh copy of the released course and its exchange: (course, exchange)."""
    for part in ("course", "exchange"):
        shutil.copytree(released / part, tmp_path / part, symlinks=True)
    return tmp_path / "course", tmp_path / "exchange"


def submit(exchange: Path, student: str, made_by: str, owner: int | None = None) -> Path:
    """Fetch, write who made it into the folder, submit in ``student``'s name; the inbound folder.

    ``owner`` is the uid to hand the submission to (as if that user had submitted it)."""
    inbound = exchange / COURSE_ID / "inbound"
    before = set(inbound.iterdir())
    home = exchange.parent / "homes" / made_by / student
    home.mkdir(parents=True)
    args = [f"--course={COURSE_ID}", f"--Exchange.root={exchange}"]
    nbgrader("fetch_assignment", ASSIGNMENT, *args, cwd=home, exchange=exchange)
    (home / ASSIGNMENT / "made_by.txt").write_text(made_by)
    nbgrader("submit", ASSIGNMENT, f"--student={student}", *args, cwd=home, exchange=exchange)
    (folder,) = set(inbound.iterdir()) - before
    if owner is not None:
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, owner, -1, follow_symlinks=False)
    return folder


def collect(course: Path, exchange: Path, *args: str) -> subprocess.CompletedProcess:
    return guarantees(
        "collect", ASSIGNMENT, *args, cwd=course, GUARANTEES_EXCHANGE=str(exchange), COLUMNS="250"
    )


def made_by(course: Path, student: str) -> str:
    return (course / "submitted" / student / ASSIGNMENT / "made_by.txt").read_text()


def words(result: subprocess.CompletedProcess) -> str:
    return " ".join((result.stdout + result.stderr).split())


def test_a_link_in_a_submission_is_flagged_kept_and_not_followed(term):
    course, exchange = term
    folder = submit(exchange, NOBODY, made_by="you")
    key = course / "answer_keys" / ASSIGNMENT / f"{ASSIGNMENT}.json"
    (folder / "notes.json").symlink_to(key)
    digest = tree_digest(folder)
    result = collect(course, exchange)
    assert result.returncode == 1, words(result)
    assert "holds a link or another special file: notes.json" in words(result)
    assert not (course / "submitted" / NOBODY).exists(), "the key was collected through a link"
    kept = folder.with_name(f".flagged-{folder.name}")
    assert kept.is_dir() and not folder.exists()
    assert (kept / "notes.json").is_symlink()
    assert tree_digest(kept) == digest, "the flagged submission changed"


def hand_in_as(folder: Path, student: str, when: datetime, *, in_file: bool = True) -> Path:
    """As anyone can in the inbound folder: copy a submission under a new name for ``student``
    that claims ``when``, and (``in_file``) make its timestamp.txt claim the same; the copy."""
    stamp = when.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    copy = folder.with_name(f"{student}+{ASSIGNMENT}+{stamp}+{secrets.token_hex(6)}")
    shutil.copytree(folder, copy)
    if in_file:
        (copy / "timestamp.txt").write_text(stamp)
    return copy


def summary(course: Path) -> dict[str, dict[str, str]]:
    """The rows of the summary that collect writes, by student."""
    with open(course / "reports" / ASSIGNMENT / "collect.csv", newline="") as file:
        return {row["student"]: row for row in csv.DictReader(file)}


def test_own_submissions_are_collected_unchecked_and_false_times_flagged_and_kept(term):
    course, exchange = term
    honest = submit(exchange, NOBODY, made_by="you")
    now = datetime.now(timezone.utc)
    backdated = hand_in_as(honest, NOBODY_ELSE, now - timedelta(hours=1))
    # only the folder's name, which decides which submission is the latest
    postdated = hand_in_as(honest, ANOTHER, now + timedelta(days=30), in_file=False)
    digests = {folder: tree_digest(folder) for folder in (backdated, postdated)}
    result = collect(course, exchange)
    printed = words(result)
    assert result.returncode == 1, printed
    assert made_by(course, NOBODY) == "you", "the honest submission is collected"
    assert not (course / "submitted" / NOBODY_ELSE).exists(), "the backdated one was collected"
    assert not (course / "submitted" / ANOTHER).exists(), "a post-dated one was collected"
    for folder, digest in digests.items():
        kept = folder.with_name(f".flagged-{folder.name}")
        assert not folder.exists() and tree_digest(kept) == digest, "flagged and kept as it was"
    rows = summary(course)
    assert rows[NOBODY]["status"] == "unchecked" and honest.name.endswith(
        rows[NOBODY]["folder"][-12:]
    )
    assert rows[NOBODY_ELSE]["status"] == "flagged"
    assert "but was made or changed at" in rows[NOBODY_ELSE]["note"]
    late = int(rows[NOBODY_ELSE]["note"].rsplit(", ", 1)[1].split()[0])
    assert 3600 <= late < 3600 + 120, rows[NOBODY_ELSE]["note"]
    assert "after its files were made" in printed
    assert f"no system user {NOBODY}" in printed
    assert "but its timestamp.txt says" in printed
    assert f"kept as {exchange / COURSE_ID / 'inbound' / '.flagged-'}{NOBODY_ELSE}+" in printed


def test_bad_input_gets_a_clear_error(term, tmp_path):
    course, exchange = term
    missing = guarantees(
        "collect", ASSIGNMENT, cwd=tmp_path, timeout=120, GUARANTEES_EXCHANGE=str(exchange)
    )
    assert missing.returncode == 2
    assert f"guarantees collect: no nbgrader_config.py in {tmp_path}" in missing.stderr
    unreleased = collect(course, exchange.parent / "elsewhere")
    assert unreleased.returncode == 2
    assert "has the assignment been released?" in words(unreleased)


@pytest.fixture(scope="module")
def students():
    need_root("checking submissions against their owners")
    with system_users(["gt-sam", "gt-tom"]) as accounts:
        yield {name: account.pw_uid for name, account in accounts.items()}


def test_a_submission_in_another_students_name_is_flagged_and_kept(term, students):
    course, exchange = term
    sam, tom = students["gt-sam"], students["gt-tom"]
    submit(exchange, "gt-sam", made_by="gt-sam", owner=sam)
    forged = submit(exchange, "gt-sam", made_by="gt-tom", owner=tom)  # later than sam's own
    submit(exchange, "gt-tom", made_by="gt-tom", owner=tom)
    ghost = submit(exchange, NOBODY, made_by="gt-tom", owner=tom)
    mixed = submit(exchange, "gt-tom", made_by="gt-sam", owner=tom)
    os.chown(mixed / "made_by.txt", sam, -1)  # one file of another's
    # made by hand, without nbgrader's random part, dated later than everything
    handmade = forged.with_name(f"gt-sam+{ASSIGNMENT}+2099-01-01 00:00:00.000000 UTC")
    shutil.copytree(forged, handmade)
    for path in [handmade, *handmade.rglob("*")]:
        os.chown(path, tom, -1)
    digests = {folder: tree_digest(folder) for folder in (forged, ghost, mixed, handmade)}

    # nbgrader alone takes the latest submission in sam's name, made by tom
    plain = course.parent / "plain"
    shutil.copytree(course, plain)
    nbgrader("collect", ASSIGNMENT, cwd=plain, exchange=exchange)
    assert made_by(plain, "gt-sam") == "gt-tom"

    result = collect(course, exchange)
    printed = words(result)
    assert result.returncode == 1, printed
    assert made_by(course, "gt-sam") == "gt-sam", "the forged submission was collected"
    assert made_by(course, "gt-tom") == "gt-tom"
    assert not (course / "submitted" / NOBODY).exists()
    assert "named gt-sam, but made by gt-tom" in printed
    assert f"no system user {NOBODY}, and made by gt-tom" in printed
    assert "named gt-tom, but made by gt-sam" in printed
    for folder, digest in digests.items():
        kept = folder.with_name(f".flagged-{folder.name}")
        assert not folder.exists() and tree_digest(kept) == digest
        assert kept.stat().st_uid == tom, "the flagged submission keeps its owner"

    again = collect(course, exchange, "--update")
    assert again.returncode == 0, words(again)
    assert made_by(course, "gt-sam") == "gt-sam"
