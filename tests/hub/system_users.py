"""Real system users for tests that need them (root only), created and always removed.

Each user is made as deploy/README.md says, with a private home (``useradd -K HOME_MODE=0700``),
and marked with a comment so that a user left over by a killed run is recognised and removed,
while a user of the same name that a test did not make is never touched.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock

MARKER = "guarantees-course test user"
LOCK = Path("/tmp/guarantees-test-users.lock")  # one test run at a time makes and removes users


def need_root(what: str) -> None:
    """Skip outside root with the reason; in CI (which runs as root) never skip."""
    if os.geteuid() == 0:
        return
    reason = f"{what} needs root: it creates and removes real system users"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}, and CI must run every test")
    pytest.skip(reason)


def processes_of(uid: int) -> list[int]:
    """The ids of the running processes whose real user is ``uid``."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            for line in status.read_text().splitlines():
                if line.startswith("Uid:") and int(line.split()[1]) == uid:
                    found.append(int(status.parent.name))
    return found


def remove_user(name: str) -> None:
    """Stop what the test user still runs, then delete the user and its home."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return
    if entry.pw_gecos != MARKER:
        raise RuntimeError(f"system user {name} exists and was not made by a test: not touched")
    for pid in processes_of(entry.pw_uid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    subprocess.run(["userdel", "-r", name], capture_output=True, check=False, timeout=60)
    with contextlib.suppress(KeyError):
        pwd.getpwnam(name)
        raise RuntimeError(f"userdel could not remove the test user {name}")


@contextlib.contextmanager
def system_users(names: list[str]) -> Iterator[dict[str, pwd.struct_passwd]]:
    """Create the users with private homes; remove them and their homes afterwards, always."""
    with FileLock(LOCK, timeout=1800), _made(names) as accounts:
        yield accounts


@contextlib.contextmanager
def _made(names: list[str]) -> Iterator[dict[str, pwd.struct_passwd]]:
    try:
        for name in names:
            remove_user(name)
            subprocess.run(
                ["useradd", "-m", "-K", "HOME_MODE=0700", "-s", "/bin/bash", "-c", MARKER, name],
                check=True,
                capture_output=True,
                timeout=60,
            )
        yield {name: pwd.getpwnam(name) for name in names}
    finally:
        for name in names:
            remove_user(name)
