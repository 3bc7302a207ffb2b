"""Collect an assignment's submissions after checking who made them.

nbgrader keeps each submission in ``<exchange>/<course>/inbound/<student>+<assignment>+<time>+
<random>/``, and anyone may write there: ``nbgrader submit --student=<someone else>`` works, and
``nbgrader collect`` only prints a warning before taking such a submission as the named
student's. Here every file and folder of every submission (links not followed) is checked first:

- the named student is a system user: everything must belong to that user;
- no system user has that name (your own machine, where you try the student side with
  ``--student``; a hub where every user is ``jovyan``): ownership cannot tell who
  submitted, so a submission that is all yours (the user collecting) is collected as
  *unchecked*, and one that belongs to anybody else is flagged;
- a symbolic link or another special file is flagged (nbgrader would copy what it points to);
- the time it claims must be the time it was made. nbgrader takes the submission time from the
  folder's name (which submission is the latest) and from its ``timestamp.txt`` (how late it is),
  and the student writes both. What the student cannot set is each file's change time (ctime),
  which the system sets to the present on every change, as the collector sees it. So a submission
  is flagged when its two claims disagree, when anything in it was made or changed later than the
  time it claims (backdated, or changed after it was handed in), or when it claims a time later
  than its files were made (post-dated, to win "the latest"); each by more than a small tolerance
  (``TOLERANCE`` seconds: nbgrader writes the claim just before it copies the files).

A flagged submission is never collected and never deleted: it is renamed in place to
``.flagged-<folder>`` (nbgrader's collect does not see names starting with a dot), with its
owner and files unchanged, for you to look at. Then the real ``nbgrader collect`` takes the rest
(``screen``, then ``nbgrader_collect``; ``guarantees collect`` shows what was found).
"""

from __future__ import annotations

import csv
import glob
import os
import pwd
import stat
import subprocess
import sys
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from guarantees.layout import CONFIG_FILE, Layout, nbgrader_environment

FLAGGED_PREFIX = ".flagged-"
GENUINE, UNCHECKED, FLAGGED = "genuine", "unchecked", "flagged"
TOLERANCE = 60.0  # seconds between a submission's claimed time and its files' change times
SUMMARY = "collect.csv"  # in the assignment's reports folder


@dataclass(frozen=True)
class Submission:
    """One submission folder in the exchange and what its check found."""

    folder: Path
    student: str
    owners: tuple[str, ...]
    status: str
    note: str

    @property
    def submitted(self) -> str:
        """When it was submitted, as the folder name says."""
        return self.folder.name.rsplit("+", 3)[2]


def exchange_inbound(course_root: Path) -> Path:
    """The course's inbound folder, as nbgrader run in ``course_root`` resolves it."""
    from nbgrader.exchange.default.exchange import Exchange

    if not (course_root / CONFIG_FILE).is_file():
        raise FileNotFoundError(f"no {CONFIG_FILE} in {course_root}: run from the course root")
    layout = Layout.of(course_root)
    coursedir = layout.nbgrader
    if not coursedir.course_id:
        raise ValueError(f"{CONFIG_FILE} sets no CourseDirectory.course_id")
    root = Exchange(coursedir=coursedir, config=layout.config).root
    return Path(root) / coursedir.course_id / "inbound"


def user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def system_uid(name: str) -> int | None:
    try:
        return pwd.getpwnam(name).pw_uid
    except KeyError:
        return None


def check(folder: Path, student: str, collector: int, tolerance: float = TOLERANCE) -> Submission:
    """Whether a submission was made by the student it names, when it says (the module's rules)."""
    unreadable, entries = [], [folder]
    for parent, folders, files in os.walk(folder, onerror=unreadable.append):
        entries += [Path(parent) / name for name in folders + files]
    found = {path: os.lstat(path) for path in entries}
    uids = {info.st_uid for info in found.values()}
    special = [
        str(path.relative_to(folder))
        for path, info in found.items()
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode))
    ]
    owners = tuple(sorted(user_name(uid) for uid in uids))
    expected = system_uid(student)
    problems = []
    if unreadable:
        problems.append(f"cannot be read: {unreadable[0]}")
    if special:
        problems.append(f"holds a link or another special file: {', '.join(special)}")
    if expected is not None and uids != {expected}:
        problems.append(
            f"named {student}, but made by {', '.join(o for o in owners if o != student)}"
        )
    if expected is None and uids != {collector}:
        problems.append(f"no system user {student}, and made by {', '.join(owners)}")
    problems += timing_problems(folder, found, tolerance)
    if problems:
        return Submission(folder, student, owners, FLAGGED, "; ".join(problems))
    if expected is None:
        return Submission(folder, student, owners, UNCHECKED, f"no system user {student}")
    return Submission(folder, student, owners, GENUINE, "")


def claimed_time(text: str) -> datetime:
    """A time as nbgrader writes it (``2025-09-01 11:00:00.000000 UTC``), in UTC."""
    from nbgrader.utils import parse_utc

    return parse_utc(text.strip()).replace(tzinfo=timezone.utc)


def shown(moment: datetime | float) -> str:
    """A time, in UTC to the second, for the collect table."""
    if not isinstance(moment, datetime):
        moment = datetime.fromtimestamp(moment, timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def timing_problems(folder: Path, found: dict[Path, os.stat_result], tolerance: float) -> list[str]:
    """Why the time a submission claims cannot be when it was made (none when it can).

    ``found`` holds what ``lstat`` gave for the folder and everything in it: each entry's ctime
    (never earlier than when it was last made or changed; nobody but the system sets it) and
    mtime (settable, but a later one is a change all the same)."""
    stamp = folder / "timestamp.txt"
    if stamp not in found or not stat.S_ISREG(found[stamp].st_mode):
        return ["no timestamp.txt file"]  # a link or a pipe is never read
    try:
        named = claimed_time(folder.name.rsplit("+", 3)[2])
        with open(stamp, encoding="utf-8") as file:
            written = claimed_time(file.read(200))
    except (OSError, UnicodeDecodeError, ValueError, OverflowError, IndexError) as error:
        return [f"no time nbgrader can read ({type(error).__name__}: {error})"]
    entries = list(found.values())
    problems = []
    if abs((named - written).total_seconds()) > tolerance:
        problems.append(
            f"its folder says {shown(named)} but its timestamp.txt says {shown(written)}"
        )
    made = min(info.st_ctime for info in entries)
    changed = max(max(info.st_ctime, info.st_mtime) for info in entries)
    claim = min(named, written).timestamp()
    if changed > claim + tolerance:
        problems.append(
            f"claims {shown(claim)} but was made or changed at {shown(changed)}, "
            f"{changed - claim:.0f} s later"
        )
    claim = max(named, written).timestamp()
    if claim > made + tolerance:
        problems.append(
            f"claims {shown(claim)}, {claim - made:.0f} s after its files were made ({shown(made)})"
        )
    return problems


def check_inbound(inbound: Path, assignment: str, tolerance: float = TOLERANCE) -> list[Submission]:
    """Every submission that ``nbgrader collect`` would take from ``inbound``, checked.

    The folders are found with nbgrader's own pattern and read as it reads them: the student is
    what comes before the last three ``+``, so nothing it would collect goes unchecked."""
    if not inbound.is_dir():
        raise FileNotFoundError(f"{inbound} is missing: has the assignment been released?")
    collector = os.geteuid()
    pattern = os.path.join(inbound, f"*+{assignment}+*")
    return [
        check(Path(path), Path(path).name.rsplit("+", 3)[0], collector, tolerance)
        for path in sorted(glob.glob(pattern))
    ]


def set_aside(submission: Submission) -> Submission:
    """Rename a flagged submission so that nbgrader's collect skips it; nothing else changes."""
    target = submission.folder.with_name(FLAGGED_PREFIX + submission.folder.name)
    submission.folder.rename(target)
    return replace(submission, folder=target)


def screen(*, course_root: Path, assignment: str, tolerance: float = TOLERANCE) -> list[Submission]:
    """Check every submission in the exchange and set the flagged ones aside.

    A flagged submission comes back with the folder it is now kept in."""
    submissions = check_inbound(exchange_inbound(course_root), assignment, tolerance)
    return [set_aside(s) if s.status == FLAGGED else s for s in submissions]


def write_summary(*, course_root: Path, assignment: str, submissions: list[Submission]) -> Path:
    """Record what the check found, one row per submission, in the assignment's reports."""
    path = Layout.of(course_root).reports(assignment) / SUMMARY
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["student", "submitted", "owner", "status", "note", "folder"])
        for s in submissions:
            writer.writerow(
                [s.student, s.submitted, " ".join(s.owners), s.status, s.note, s.folder]
            )
    return path


def nbgrader_collect(*, course_root: Path, assignment: str, update: bool = False) -> int:
    """Run ``nbgrader collect`` in ``course_root`` (its output goes to ours); its exit status."""
    command = [sys.executable, "-m", "nbgrader", "collect", assignment]
    result = subprocess.run(
        command + (["--update"] if update else []),
        cwd=course_root,
        env=nbgrader_environment(),
    )
    return result.returncode
