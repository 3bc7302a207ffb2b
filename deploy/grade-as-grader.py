"""Grade an assignment as the grading account, outside the instructor's server (deploy/README.md).

    <course environment>/bin/python deploy/grade-as-grader.py COURSE ASSIGNMENT [GRADE OPTIONS]

Run as root on the hub's server. COURSE is the instructor's course folder (its owner is taken as
the instructor); GRADE OPTIONS go to ``guarantees grade`` (e.g. ``--workers 2``). The grading
account is GUARANTEES_GRADER (default ``guarantees-grader``, made by deploy/prepare-server.sh).

1. As the instructor, the course is packed (tar) with the assignment's sources and answer keys,
   wherever the course's configuration keeps them (a private folder outside the course too), and
   unpacked as the grading account into a fresh folder in its private home; the copy's
   configuration is pointed at the copied sources and keys.
2. ``guarantees grade`` runs there as the grading account, with an environment made from nothing
   (PATH, HOME, LANG, USER): no hub token, nothing of the instructor's server or of root's shell.
   It prints the names of the variables it had.
3. As the instructor, what grading made is unpacked back into the course: nbgrader's autograded
   folder, the gradebook (SQLite in the course) and the assignment's reports.

Root never reads the course's files or runs its configuration: packing and unpacking run as the
instructor and as the grading account. Do not grade by hand in the formgrader while this runs:
the gradebook is copied back over the course's.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

ENVIRONMENT = Path(sys.executable).parent
COPIED = ".private"  # where the sources and keys kept outside the course go in the copy

LAYOUT = """
import json, sys
from pathlib import Path
from guarantees.layout import Layout
from guarantees.grading.gradebook import sqlite_path
layout = Layout.of(Path.cwd())
assignment = sys.argv[1]
gradebook = sqlite_path(layout.nbgrader.db_url)
print(json.dumps({
    "source": str(layout.source(assignment)),
    "keys": str(layout.answer_keys(assignment)),
    "autograded": layout.nbgrader.autograded_directory,
    "reports": str(layout.reports(assignment)),
    "gradebook": str(gradebook.resolve()) if gradebook else None,
}))
"""
LAUNCH = """
import os, sys
print("Grading as", os.environ["USER"], "uid", os.getuid(), "with the environment:",
      " ".join(sorted(os.environ)), flush=True)
os.execvp("guarantees", ["guarantees", "grade", *sys.argv[1:]])
"""


def clean_environment(account: pwd.struct_passwd) -> list[str]:
    """``env -i`` and the few variables a program run as ``account`` gets."""
    path = f"{ENVIRONMENT}:/usr/local/bin:/usr/bin:/bin"
    names = {"PATH": path, "HOME": account.pw_dir, "LANG": "C.UTF-8", "USER": account.pw_name}
    return ["env", "-i", *(f"{name}={value}" for name, value in names.items())]


def as_user(account: pwd.struct_passwd, *command: str, cwd: Path, **options) -> str:
    """Run ``command`` in ``cwd`` as ``account`` with a clean environment; what it printed."""
    argv = ["runuser", "-u", account.pw_name, "--", *clean_environment(account), *command]
    result = subprocess.run(argv, cwd=cwd, check=True, text=True, stdout=subprocess.PIPE, **options)
    return result.stdout


def carry(source: pwd.struct_passwd, src: Path, target: pwd.struct_passwd, dest: Path, *names):
    """Pack ``names`` in ``src`` as one account and unpack them into ``dest`` as another."""
    pack = ["runuser", "-u", source.pw_name, "--", "tar", "-C", str(src), "-cf", "-", *names]
    unpack = ["runuser", "-u", target.pw_name, "--", "tar", "-C", str(dest), "-xf", "-"]
    with subprocess.Popen(pack, stdout=subprocess.PIPE, cwd="/") as packer:
        subprocess.run(unpack, stdin=packer.stdout, check=True, cwd="/")
        packer.stdout.close()
    if packer.returncode:
        raise subprocess.CalledProcessError(packer.returncode, pack)


def inside(path: Path, root: Path) -> str:
    """``path`` relative to ``root``; refuses a path outside it."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        raise SystemExit(f"grade-as-grader: {path} is outside the course {root}") from None


def main(course: Path, assignment: str, options: list[str]) -> int:
    if os.geteuid() != 0:
        raise SystemExit("grade-as-grader: run as root (it switches to the instructor and grader)")
    course = course.resolve()
    instructor = pwd.getpwuid(course.stat().st_uid)
    grader = pwd.getpwnam(os.environ.get("GUARANTEES_GRADER", "guarantees-grader"))
    paths = json.loads(as_user(instructor, "python", "-c", LAYOUT, assignment, cwd=course))
    work = Path(grader.pw_dir) / "grading" / course.name
    as_user(grader, "rm", "-rf", str(work), cwd=Path(grader.pw_dir))
    private = {"source": work / COPIED / "source", "keys": work / COPIED / "keys"}
    as_user(grader, "mkdir", "-p", *map(str, private.values()), cwd=Path(grader.pw_dir))
    carry(instructor, course, grader, work, ".")
    for part, copy in private.items():
        place = Path(paths[part])
        carry(instructor, place.parent, grader, copy, place.name)
    # relative to the copy: guarantees grade copies the source into its workers
    overrides = (
        f"\nc.CourseDirectory.source_directory = '{COPIED}/source'\n"
        f"c.Guarantees.answer_keys_directory = '{COPIED}/keys'\n"
    )
    as_user(grader, "tee", "-a", "nbgrader_config.py", cwd=work, input=overrides)
    grading = subprocess.run(
        ["runuser", "-u", grader.pw_name, "--", *clean_environment(grader)]
        + ["python", "-c", LAUNCH, assignment, *options],
        cwd=work,
    )
    results = [paths["autograded"], inside(Path(paths["reports"]), course)]
    if paths["gradebook"]:
        results.append(inside(Path(paths["gradebook"]), course))
    present = [name for name in results if (work / name).exists()]
    carry(grader, work, instructor, course, *present)
    print(f"Copied back into {course}: {', '.join(present)}")
    return grading.returncode


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(2)
    if shutil.which("runuser") is None:
        sys.exit("grade-as-grader: needs runuser (util-linux)")
    sys.exit(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3:]))
