"""nbgrader's ``Execute`` with the next notebook's kernel already starting, each kernel in a
sandbox of its own when grading untrusted code.

A fresh kernel takes about half a second to start, and nbgrader waits for it before every
notebook. Here, as soon as a notebook gets its kernel, a spare one is launched for the next
notebook, so it boots while this one runs. Every notebook still gets a kernel of its own that
has run nothing else.

With a sandbox (``SandboxedKernelManager.configure``, done by ``guarantees grade``), each kernel,
the spare too, starts in a new sandbox with an empty working folder; when a notebook takes it,
the grader copies in that submission's answers files, and nothing else: extra files a student
submitted (a ``filelock.py`` …) never reach a kernel. The spare's sockets are in its own folder,
outside every other sandbox. Without a sandbox (trusted code only) the spare is moved to the
notebook's folder instead.

Two limits hold for every notebook: the output kept from one cell
(``Limits.output_characters``; the rest is dropped as it arrives, so a flood of output cannot
fill the grader's memory), and the wall-clock time of a whole submission (``Limits.seconds``,
all its notebooks and cells together): past it, the sandbox is killed, with every process the
student started, and the log says so.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.manager import AsyncKernelManager, KernelManager
from jupyter_core.utils import run_sync
from nbgrader.preprocessors import Execute

from guarantees.grading.sandbox import Limits
from guarantees.grading.sandboxed_kernel import SandboxedKernelManager

TIME_LIMIT_MESSAGE = "ran past the time limit of its submission"
"""Logged (with the notebook's folder) when a submission's kernel is stopped for time."""
SUBMISSION_FILES = "*.answers.json"
"""What of a submission a sandboxed kernel is given: its saved widget answers."""


class ExecuteWithReadyKernel(Execute):
    """``Execute`` that keeps one spare kernel starting for the next notebook."""

    limits = Limits()
    _spares: dict[str, KernelManager] = {}
    _numbers = itertools.count()
    _deadlines: dict[str, float] = {}

    def __init__(self, **kwargs: Any) -> None:
        sandboxed = SandboxedKernelManager.sandbox is not None
        manager = SandboxedKernelManager if sandboxed else AsyncKernelManager
        kwargs.setdefault("kernel_manager_class", manager)
        if sandboxed:
            self.limits = SandboxedKernelManager.sandbox.limits
        super().__init__(**kwargs)

    @property
    def sandboxed(self) -> bool:
        return issubclass(self.kernel_manager_class, SandboxedKernelManager)

    def preprocess(self, nb, resources=None, km=None):
        self._output_used: dict[int, int] = {}
        self._used: KernelManager | None = None
        student = (resources or {}).get("nbgrader", {}).get("student", "")
        deadline = self._deadlines.setdefault(student, time.monotonic() + self.limits.seconds)
        self._stop_at_deadline = threading.Timer(max(0.0, deadline - time.monotonic()), self._stop)
        self._stop_at_deadline.daemon = True
        try:
            return super().preprocess(nb, resources, km)
        finally:
            self._stop_at_deadline.cancel()
            if isinstance(self._used, SandboxedKernelManager):
                self._used.remove_folder()

    def create_kernel_manager(self) -> KernelManager:
        fresh = self._unique(super().create_kernel_manager())  # also settles kernel_name
        spare = self._spares.pop(self.kernel_name, None)
        self._handed_over = spare is not None and run_sync(spare.is_alive)()
        if spare is not None and not self._handed_over:  # it died waiting: tidy up after it
            self._discard(spare)
        if self._handed_over and isinstance(fresh, SandboxedKernelManager):
            fresh.remove_folder()  # never started
        self.km = self._used = spare if self._handed_over else fresh
        if isinstance(self.km, SandboxedKernelManager):
            self.km.give(sorted(self._folder.glob(SUBMISSION_FILES)))
        self._stop_at_deadline.start()
        self._launch_spare()
        return self.km

    async def async_start_new_kernel_client(self):
        client = await super().async_start_new_kernel_client()
        if self._handed_over and not self.sandboxed:  # move the spare to this notebook's folder
            code = f"__import__('os').chdir({json.dumps(str(self._folder.resolve()))})"
            reply = await self.async_wait_for_reply(
                client.execute(code, silent=True, store_history=False)
            )
            if reply is None or reply["content"]["status"] != "ok":
                raise RuntimeError(f"could not move the kernel to {self._folder}")
        return client

    start_new_kernel_client = run_sync(async_start_new_kernel_client)

    def output(self, outs, msg, display_id, cell_index):
        """Keep a cell's output up to ``limits.output_characters``, then drop the rest."""
        limit = self.limits.output_characters
        used = self._output_used.get(cell_index, 0)
        if used > limit:
            return None
        size = _characters(msg.get("content", {}))
        self._output_used[cell_index] = used + size
        if used + size > limit:
            note = f"\n[output cut by the grader at {limit:,} characters]\n"
            outs.append(nbformat.v4.new_output("stream", name="stdout", text=note))
            return None
        return super().output(outs, msg, display_id, cell_index)

    @property
    def _folder(self) -> Path:
        return Path(self.resources.get("metadata", {}).get("path") or ".")

    def _stop(self) -> None:
        """Kill the kernel's sandbox (and so every process in it): the submission's time is up."""
        print(f"guarantees: {self._folder}/ {TIME_LIMIT_MESSAGE} ({self.limits.seconds} s)")
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None:
            process.kill()

    def _unique(self, manager: KernelManager) -> KernelManager:
        if manager.transport == "ipc" and not isinstance(manager, SandboxedKernelManager):
            manager.ip = f"{manager.ip}-{next(self._numbers)}"  # two kernels are alive at once
        return manager

    def _launch_spare(self) -> None:
        """Start a kernel for the next notebook, with the arguments nbclient would give it."""
        named = {"kernel_name": self.kernel_name} if self.kernel_name else {}
        spare = self._unique(self.kernel_manager_class(config=self.config, **named))
        arguments = list(self.extra_arguments)
        if self.ipython_hist_file and not any(
            argument.startswith("--HistoryManager.hist_file") for argument in arguments
        ):
            arguments.append(f"--HistoryManager.hist_file={self.ipython_hist_file}")
        run_sync(spare.start_kernel)(extra_arguments=arguments)
        self._spares[self.kernel_name] = spare

    @staticmethod
    def _discard(manager: KernelManager) -> None:
        if manager.has_kernel:
            run_sync(manager.shutdown_kernel)(now=True)
        run_sync(manager.cleanup_resources)()
        if isinstance(manager, SandboxedKernelManager):
            manager.remove_folder()

    @classmethod
    def shut_down_spares(cls) -> None:
        """Stop the kernels started for notebooks that never came (call when the batch ends)."""
        while cls._spares:
            _, spare = cls._spares.popitem()
            cls._discard(spare)


def _characters(content: dict) -> int:
    """How much text an output message carries."""
    data = content.get("data", {})
    return (
        len(content.get("text", ""))
        + sum(len(str(value)) for value in data.values())
        + sum(len(line) for line in content.get("traceback", []))
    )
