"""A throwaway PostgreSQL server from Debian's package, for tests.

``postgres_server()`` runs ``initdb`` in a new temporary folder, starts the server listening on
127.0.0.1 only (on a free port, its unix socket in that folder), and stops it afterwards, killing
it if a fast shutdown fails, even when the test fails. PostgreSQL refuses to run as root: as root,
its programs run as the ``postgres`` user the Debian package creates, and own the folder.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import helpers
from helpers import free_port

SERVER_USER = "postgres"
"""The unprivileged system user that runs the server when the tests run as root."""


def server_programs() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` with the server programs, if any."""
    found = [path.parent for path in Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")]
    versions = [
        (int(m.group()), path) for path in found if (m := re.match(r"\d+", path.parent.name))
    ]
    return max(versions)[1] if versions else None


def missing_piece() -> str | None:
    """Why a server cannot be started here, or None when it can."""
    if server_programs() is None:
        return "the PostgreSQL server is not installed (Debian: apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root, and there is no '{SERVER_USER}' user to run PostgreSQL"
    return None


def process_alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@dataclass
class PostgresServer:
    """A server's programs, folder (data, socket, log) and port."""

    programs: Path
    folder: Path
    port: int
    as_user: str | None  # the OS user running the server; None: this process's own user

    superuser = "postgres"

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    def run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run one of the server's programs (as the server's user); fail with its output."""
        command = [str(self.programs / program), *args]
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        try:
            return helpers.run(
                *command, cwd=self.folder, env=dict(os.environ), timeout=300, check=check
            )
        except AssertionError as failure:
            raise RuntimeError(f"{failure}\n{self.log_text()}") from None

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run SQL as the superuser over the unix socket; return psql's unaligned output."""
        return self.run(
            "psql", "-h", str(self.folder), "-p", str(self.port), "-U", self.superuser,
            "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", statement,
        ).stdout  # fmt: skip

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def pid(self) -> int | None:
        """The postmaster's process id, from its pid file (None when it is not running)."""
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (FileNotFoundError, IndexError, ValueError):
            return None

    def start(self) -> None:
        settings = (
            "\n# set by tests/postgres_server.py: loopback only, a private socket\n"
            "listen_addresses = '127.0.0.1'\n"
            f"port = {self.port}\n"
            f"unix_socket_directories = '{self.folder}'\n"
            "fsync = off  # a throwaway server: no need to survive a power cut\n"
        )
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as config:
            config.write(settings)
        self.run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "300")

    def stop(self) -> None:
        """A fast shutdown; if the server outlives it, kill its process group."""
        pid = self.pid()
        self.run(
            "pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", "-t", "120", check=False
        )
        if pid is None or not process_alive(pid):
            return
        # pg_ctl starts the postmaster in a session of its own: the group is the server
        os.killpg(pid, signal.SIGKILL)
        for _ in range(600):
            if not process_alive(pid):
                return
            time.sleep(0.1)
        raise RuntimeError(f"PostgreSQL (pid {pid}) is still running after SIGKILL")


@contextmanager
def postgres_server(attempts: int = 3) -> Iterator[PostgresServer]:
    """Start a fresh server in a new temporary folder; stop it and remove the folder after."""
    programs = server_programs()
    if programs is None:
        raise RuntimeError(missing_piece())
    as_user = SERVER_USER if os.geteuid() == 0 else None
    # not below pytest's tmp_path: that is private to root, and the server user must enter it
    folder = Path(tempfile.mkdtemp(prefix="guarantees-postgres-"))
    server = PostgresServer(programs, folder, free_port(), as_user)
    try:
        if as_user:
            account = pwd.getpwnam(as_user)
            os.chown(folder, account.pw_uid, account.pw_gid)
        server.run(
            "initdb", "-D", str(server.data), "-U", server.superuser, "--encoding=UTF8",
            "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256",
        )  # fmt: skip
        for attempt in range(attempts):
            try:
                server.start()
                break
            except RuntimeError:  # the free port may have been taken meanwhile: try another
                if attempt == attempts - 1 or "already in use" not in server.log_text():
                    raise
                server.port = free_port()
        yield server
    finally:
        try:
            if server.data.exists():
                server.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
