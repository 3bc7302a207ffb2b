"""nbgrader's ``Execute`` with the next notebook's kernel already starting.

A fresh kernel takes about half a second to start, and nbgrader waits for it before every
notebook. Here, as soon as a notebook gets its kernel, a spare one is launched for the next
notebook, so it boots while this one runs. Every notebook still gets a kernel of its own that
has run nothing else: only its working folder is set when it is handed over. Kernels are shut
down at once when their notebook is done (all output has arrived by then).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from jupyter_client.manager import KernelManager
from jupyter_core.utils import run_sync
from nbgrader.preprocessors import Execute


class ExecuteWithReadyKernel(Execute):
    """``Execute`` that keeps one spare kernel starting for the next notebook."""

    _spares: dict[str, KernelManager] = {}
    _numbers = itertools.count()

    def create_kernel_manager(self) -> KernelManager:
        fresh = self._unique(super().create_kernel_manager())  # also settles kernel_name
        spare = self._spares.pop(self.kernel_name, None)
        self._handed_over = spare is not None and run_sync(spare.is_alive)()
        if spare is not None and not self._handed_over:  # it died waiting: tidy up after it
            run_sync(spare.cleanup_resources)()
        self.km = spare if self._handed_over else fresh
        self._launch_spare()
        return self.km

    async def async_start_new_kernel_client(self):
        client = await super().async_start_new_kernel_client()
        if self._handed_over:  # a spare started elsewhere: move it to this notebook's folder
            folder = self.resources.get("metadata", {}).get("path") or "."
            code = f"__import__('os').chdir({json.dumps(str(Path(folder).resolve()))})"
            reply = await self.async_wait_for_reply(
                client.execute(code, silent=True, store_history=False)
            )
            if reply is None or reply["content"]["status"] != "ok":
                raise RuntimeError(f"could not move the kernel to {folder}")
        return client

    start_new_kernel_client = run_sync(async_start_new_kernel_client)

    def _unique(self, manager: KernelManager) -> KernelManager:
        if manager.transport == "ipc":  # one socket name per kernel: two are alive at once
            manager.ip = f"{manager.ip}-{next(self._numbers)}"
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

    @classmethod
    def shut_down_spares(cls) -> None:
        """Stop the kernels started for notebooks that never came (call when the batch ends)."""
        while cls._spares:
            _, spare = cls._spares.popitem()
            run_sync(spare.shutdown_kernel)(now=True)
