"""A kernel manager whose kernels start in a sandbox of their own (``sandbox.py``).

Each manager makes a fresh folder for its kernel: the connection file, the IPC sockets and
``work/``, the kernel's working folder. Only that folder is shared between the grader and the
sandbox, so no kernel can reach another's sockets, and nothing of the grader's is in reach.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
from pathlib import Path
from typing import Any, ClassVar

from jupyter_client.manager import AsyncKernelManager

from guarantees.grading.sandbox import FIRST_UID, Sandbox

UIDS_PER_WORKER = 3
"""A worker's kernels take turns among this many uids: the one running, the spare, and the one
being stopped, so no two live sandboxes share an uid."""


class SandboxedKernelManager(AsyncKernelManager):
    """``AsyncKernelManager`` starting its kernel in a new sandbox, over IPC sockets."""

    sandbox: ClassVar[Sandbox | None] = None
    folders: ClassVar[Path | None] = None
    """Where each kernel's folder is made: keep the path short (sockets are named in it)."""
    uids: ClassVar[tuple[int, ...]] = tuple(range(FIRST_UID, FIRST_UID + UIDS_PER_WORKER))
    _numbers = itertools.count()

    @classmethod
    def configure(cls, sandbox: Sandbox, folders: Path, worker: int) -> None:
        """Set where this process's sandboxes go, and the uids its worker number gives them."""
        first = FIRST_UID + worker * UIDS_PER_WORKER
        cls.sandbox, cls.folders, cls.uids = (
            sandbox,
            folders,
            tuple(range(first, first + UIDS_PER_WORKER)),
        )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.sandbox is None or self.folders is None:
            raise RuntimeError("SandboxedKernelManager.configure() was not called")
        number = next(self._numbers)
        self.folder = self.folders / str(number)
        self.uid = self.uids[number % len(self.uids)]
        self.sandbox.prepare(self.folder, self.uid)
        self.transport = "ipc"
        self.ip = str(self.folder / "k")
        self.connection_file = str(self.folder / "kernel.json")
        # a signal would reach bubblewrap, not the kernel: interrupt with a control message
        self.kernel_spec.interrupt_mode = "message"

    @property
    def work(self) -> Path:
        """The kernel's working folder, as the grader sees it."""
        return self.folder / "work"

    def write_connection_file(self, **kwargs: Any) -> None:
        super().write_connection_file(**kwargs)
        self.sandbox.hand_over(Path(self.connection_file), self.uid)

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        command = super().format_kernel_cmd(extra_arguments)
        return self.sandbox.command(command, self.folder, self.uid)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        # nothing the kernel writes to its standard streams reaches the grader's log
        kw["stdout"] = kw["stderr"] = subprocess.DEVNULL
        await super()._async_launch_kernel(kernel_cmd, **kw)

    def give(self, files: list[Path]) -> None:
        """Copy ``files`` (regular files of the submission) into the kernel's working folder."""
        for path in files:
            target = self.work / path.name
            shutil.copyfile(path, target, follow_symlinks=False)
            self.sandbox.hand_over(target, self.uid)

    def remove_folder(self) -> None:
        """Delete the kernel's folder (once the kernel has stopped)."""
        shutil.rmtree(self.folder, ignore_errors=True)
