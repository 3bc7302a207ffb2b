"""Collect an assignment's submissions after checking who made them.

nbgrader keeps each submission in ``<exchange>/<course>/inbound/<student>+<assignment>+<time>+
<random>/``, and anyone may write there: ``nbgrader submit --student=<someone else>`` works, and
``nbgrader collect`` only prints a warning before taking such a submission as the named
student's. Here every file and folder of every submission (links not followed) is checked first:

- the named student is a system user: everything must belong to that user;
- no system user has that name (your own machine, where you try the student side with
  ``--student``; Zero to JupyterHub, where every user is ``jovyan``): ownership cannot tell who
  submitted, so a submission that is all yours (the user collecting) is collected as
  *unchecked*, and one that belongs to anybody else is flagged;
- a symbolic link or another special file is flagged (nbgrader would copy what it points to).

A flagged submission is never collected and never deleted: it is renamed in place to
``.flagged-<folder>`` (nbgrader's collect does not see names starting with a dot), with its
owner and files unchanged, for you to look at. Then the real ``nbgrader collect`` takes the rest
(``screen``, then ``nbgrader_collect``; ``guarantees collect`` shows what was found).
"""

from __future__ import annotations

import glob
import os
import pwd
import stat
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from guarantees.layout import CONFIG_FILE, Layout, nbgrader_environment

FLAGGED_PREFIX = ".flagged-"
GENUINE, UNCHECKED, FLAGGED = "genuine", "unchecked", "flagged"


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


def check(folder: Path, student: str, collector: int) -> Submission:
    """Whether a submission's files belong to the student it names (see the module's rules)."""
    uids, unreadable, special = set(), [], []
    entries = [folder]
    for parent, folders, files in os.walk(folder, onerror=unreadable.append):
        entries += [Path(parent) / name for name in folders + files]
    for path in entries:
        info = os.lstat(path)
        uids.add(info.st_uid)
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
            special.append(str(path.relative_to(folder)))
    owners = tuple(sorted(user_name(uid) for uid in uids))
    expected = system_uid(student)
    if unreadable:
        return Submission(folder, student, owners, FLAGGED, f"cannot be read: {unreadable[0]}")
    if special:
        note = f"holds a link or another special file: {', '.join(special)}"
        return Submission(folder, student, owners, FLAGGED, note)
    if expected is not None and uids != {expected}:
        note = f"named {student}, but made by {', '.join(o for o in owners if o != student)}"
        return Submission(folder, student, owners, FLAGGED, note)
    if expected is None and uids != {collector}:
        note = f"no system user {student}, and made by {', '.join(owners)}"
        return Submission(folder, student, owners, FLAGGED, note)
    if expected is None:
        return Submission(folder, student, owners, UNCHECKED, f"no system user {student}")
    return Submission(folder, student, owners, GENUINE, "")


def check_inbound(inbound: Path, assignment: str) -> list[Submission]:
    """Every submission that ``nbgrader collect`` would take from ``inbound``, checked.

    The folders are found with nbgrader's own pattern and read as it reads them: the student is
    what comes before the last three ``+``, so nothing it would collect goes unchecked."""
    if not inbound.is_dir():
        raise FileNotFoundError(f"{inbound} is missing: has the assignment been released?")
    collector = os.geteuid()
    pattern = os.path.join(inbound, f"*+{assignment}+*")
    return [
        check(Path(path), Path(path).name.rsplit("+", 3)[0], collector)
        for path in sorted(glob.glob(pattern))
    ]


def set_aside(submission: Submission) -> Submission:
    """Rename a flagged submission so that nbgrader's collect skips it; nothing else changes."""
    target = submission.folder.with_name(FLAGGED_PREFIX + submission.folder.name)
    submission.folder.rename(target)
    return replace(submission, folder=target)


def screen(*, course_root: Path, assignment: str) -> list[Submission]:
    """Check every submission in the exchange and set the flagged ones aside.

    A flagged submission comes back with the folder it is now kept in."""
    submissions = check_inbound(exchange_inbound(course_root), assignment)
    return [set_aside(s) if s.status == FLAGGED else s for s in submissions]


def nbgrader_collect(*, course_root: Path, assignment: str, update: bool = False) -> int:
    """Run ``nbgrader collect`` in ``course_root`` (its output goes to ours); its exit status."""
    command = [sys.executable, "-m", "nbgrader", "collect", assignment]
    result = subprocess.run(
        command + (["--update"] if update else []),
        cwd=course_root,
        env=nbgrader_environment(),
    )
    return result.returncode
