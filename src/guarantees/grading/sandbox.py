"""One sandbox per notebook run: the kernel sees its own folder, the Python environment and nothing
else of the machine or the course.

Built with bubblewrap (``bwrap``, Debian's ``bubblewrap``), which needs no daemon and makes new
namespaces for one process tree:

* **files**: a fresh root holding only ``/usr``, ``/lib``, ``/bin``, the Python environment
  (read-only), the course's datasets (read-only), a private ``/tmp`` and the sandbox's own folder
  (its IPC sockets, its connection file and ``work/``, where the grader copies the submission's
  answers files and nothing else). No answer key, source, gradebook, other submission, report,
  exchange or home folder exists inside;
* **processes**: its own pid namespace, so it sees no other process and, when the kernel is
  stopped, every process it started is killed with it; an uid of its own (``sandbox_uid``), no
  capabilities, no new privileges;
* **network**: its own, empty network namespace;
* **environment**: an allow-list (``PATH``, ``HOME``, ``LANG`` …), nothing of the grader's;
* **limits**: processes, address space, file size and open files (``prlimit``).

As root, the kernel runs as an unused uid (61000 and up), so the process limit counts only its
own processes. Without root, bubblewrap maps the grader's uid to ``nobody`` in a user namespace
where the kernel runs (the distribution must allow unprivileged user namespaces); files and
network are as private, but the process limit then counts the grading account's processes too.
Where neither works, :func:`check_sandbox` refuses with the reason: grading is never silently
unsandboxed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

BWRAP = "bwrap"
FIRST_UID = 61000
"""As root, sandboxes run as uids from here on: no account uses them."""
SYSTEM_FOLDERS = ("/usr", "/bin", "/lib", "/lib64", "/sbin")
SYSTEM_FILES = ("/etc/localtime", "/etc/fonts", "/etc/ld.so.cache", "/etc/alternatives")
INSIDE_PATH = "/usr/local/bin:/usr/bin:/bin"


class SandboxUnavailable(RuntimeError):
    """No sandbox can be made on this machine; the message says why and what to do."""


@dataclass(frozen=True)
class Limits:
    """What one sandboxed notebook run may use."""

    processes: int = 64
    memory_bytes: int = 4 * 2**30
    file_bytes: int = 64 * 2**20
    open_files: int = 512
    tmp_bytes: int = 256 * 2**20
    seconds: int = 600
    """Wall-clock time for a whole submission, all its cells together."""
    output_characters: int = 100_000
    """Output kept from one cell; the rest is dropped as it arrives."""


@dataclass(frozen=True)
class Sandbox:
    """How to wrap a kernel command: what the kernel may read, as whom, with which limits."""

    read_only: tuple[Path, ...]
    environment: dict[str, str] = field(default_factory=dict)
    limits: Limits = Limits()
    as_root: bool = field(default_factory=lambda: os.geteuid() == 0)

    @classmethod
    def for_python(cls, *, datasets: Path | None, limits: Limits = Limits()) -> Sandbox:
        """A sandbox for kernels of this Python environment, with the course's datasets."""
        environment = {"GUARANTEES_SANDBOX": "1", "NBGRADER_EXECUTION": "autograde"}
        read_only = list(python_folders())
        if datasets is not None and datasets.is_dir():
            read_only.append(datasets)
            environment["GUARANTEES_DATASETS"] = str(datasets)
        return cls(tuple(read_only), environment, limits)

    def command(self, command: list[str], folder: Path, uid: int) -> list[str]:
        """``command`` run in a new sandbox whose own folder is ``folder`` (bound read-write at
        the same path, so the kernel's connection file and sockets keep their names), starting
        in ``folder/work``."""
        work = folder / "work"
        arguments = [
            BWRAP,
            "--unshare-pid",
            "--unshare-net",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--die-with-parent",
            "--new-session",
            "--hostname",
            "sandbox",
        ]
        if not self.as_root:
            arguments += ["--unshare-user", "--uid", "65534", "--gid", "65534"]
        # the private /tmp first: what is bound later (a Python or course under /tmp) stays visible
        arguments += ["--perms", "1777", "--size", str(self.limits.tmp_bytes), "--tmpfs", "/tmp"]
        for system in SYSTEM_FOLDERS:
            arguments += ["--ro-bind-try", system, system]
        for system in SYSTEM_FILES:
            arguments += ["--ro-bind-try", system, system]
        for path in self.read_only:
            arguments += _parents(path) + ["--ro-bind", str(path), str(path)]
        arguments += ["--proc", "/proc", "--dev", "/dev"]
        arguments += _parents(folder) + ["--bind", str(folder), str(folder), "--chdir", str(work)]
        arguments += ["--clearenv"]
        environment = {
            "PATH": f"{Path(sys.executable).parent}:{INSIDE_PATH}",
            "HOME": "/tmp",
            "LANG": "C.UTF-8",
            "MPLCONFIGDIR": "/tmp/matplotlib",
            "PYTHONNOUSERSITE": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            **self.environment,
        }
        for name, value in sorted(environment.items()):
            arguments += ["--setenv", name, value]
        limits = self.limits
        # without root the kernel keeps the grader's uid, whose other processes count too
        processes = limits.processes + (0 if self.as_root else tasks_of(os.getuid()))
        arguments += [
            "prlimit",
            f"--nproc={processes}",
            f"--as={limits.memory_bytes}",
            f"--fsize={limits.file_bytes}",
            f"--nofile={limits.open_files}",
            "--core=0",
            "--",
        ]
        if self.as_root:
            arguments += [
                "setpriv",
                f"--reuid={uid}",
                f"--regid={uid}",
                "--clear-groups",
                "--inh-caps=-all",
                "--bounding-set=-all",
                "--no-new-privs",
                "--",
            ]
        return arguments + command

    def prepare(self, folder: Path, uid: int) -> None:
        """Make the sandbox's own folder, with an empty ``work/``, owned by the kernel's uid."""
        (folder / "work").mkdir(parents=True)
        if self.as_root:
            for path in (folder, folder / "work"):
                os.chown(path, uid, uid)

    def hand_over(self, path: Path, uid: int) -> None:
        """Let the kernel (running as ``uid``) own a file the grader put in its folder."""
        if self.as_root:
            os.chown(path, uid, uid)


def python_folders() -> list[Path]:
    """The folders this Python and its packages are in: the sandbox binds them read-only."""
    folders = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve()}
    for entry in sys.path:
        path = Path(entry or ".").resolve()
        if entry and path.is_dir() and not any(path.is_relative_to(f) for f in folders):
            folders.add(path)
    return sorted(folders)


def tasks_of(uid: int) -> int:
    """How many processes and threads ``uid`` runs now (what ``RLIMIT_NPROC`` counts)."""
    count = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
        except (OSError, ValueError):
            continue  # gone meanwhile
        if int(fields.get("Uid", "-1").split()[0]) == uid:
            count += int(fields.get("Threads", "1"))
    return count


def _parents(path: Path) -> list[str]:
    """Options that make ``path``'s parent folders exist (and be searchable) in the sandbox."""
    arguments = []
    for parent in reversed(path.parents):
        if str(parent) not in ("/", "/tmp", *SYSTEM_FOLDERS):
            arguments += ["--perms", "0755", "--dir", str(parent)]
    return arguments


def check_sandbox(sandbox: Sandbox, scratch: Path, course_root: Path) -> None:
    """Make one sandbox and run a command in it, or raise :class:`SandboxUnavailable` saying why.

    Also refuses a Python environment that holds the course: the sandbox would show it.
    """
    for folder in sandbox.read_only:
        if course_root.resolve().is_relative_to(folder):
            raise SandboxUnavailable(
                f"the course {course_root} is inside {folder}, which every sandbox must read "
                "(the Python environment): move the course or the environment apart"
            )
    missing = [tool for tool in (BWRAP, "prlimit", "setpriv") if shutil.which(tool) is None]
    if missing:
        raise SandboxUnavailable(
            f"{', '.join(missing)} not found. Install bubblewrap (Debian/Ubuntu: "
            "apt-get install bubblewrap; util-linux gives prlimit and setpriv)"
        )
    folder = scratch / "probe"
    sandbox.prepare(folder, FIRST_UID)
    command = sandbox.command([sys.executable, "-c", "import guarantees"], folder, FIRST_UID)
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    shutil.rmtree(folder, ignore_errors=True)
    if result.returncode != 0:
        how = (
            "grade as root, or enable unprivileged user namespaces "
            "(sysctl kernel.unprivileged_userns_clone=1 / user.max_user_namespaces)"
            if not sandbox.as_root
            else "check that bubblewrap can create namespaces here (in a container: "
            "--privileged or a seccomp profile that allows unshare)"
        )
        raise SandboxUnavailable(
            f"bubblewrap could not make a sandbox ({result.stderr.strip()}): {how}"
        )
