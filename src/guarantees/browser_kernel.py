"""What differs when the course runs in a browser kernel (JupyterLite's Pyodide kernel).

There the kernel is Python compiled to WebAssembly, one kernel per browser tab; the learner's
files live in ``/drive`` (kept in the browser's storage, IndexedDB). Two things need care:

- packages that Pyodide builds (numpy, pandas, matplotlib) are fetched when a cell imports them,
  not when library code does: :func:`import_on_demand` fetches them for the library;
- lock files do not work between tabs, and filelock's fallback leaves its file behind, so the
  answer store locks within the kernel (see :mod:`guarantees.answers`).

>>> in_browser()
False
>>> import_on_demand("json").__name__
'json'
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType


def in_browser() -> bool:
    """True in a Pyodide kernel (JupyterLite in a browser tab)."""
    return sys.platform == "emscripten"


def import_on_demand(name: str) -> ModuleType:
    """Import ``name``; in a browser kernel, first fetch it from Pyodide's packages if missing.

    Fetching needs the browser's support for suspending WebAssembly (recent Chromium); without
    it the error says which cell to run: a cell that imports the package fetches it first.
    """
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        if not in_browser():
            raise
    import pyodide_js  # exists only in a browser kernel
    from pyodide.ffi import can_run_sync, run_sync

    if not can_run_sync():
        raise ModuleNotFoundError(
            f"{name} is not loaded in this browser kernel yet: run a cell with `import {name}` "
            "(it is downloaded once, which needs a connection), then run this cell again."
        )
    run_sync(pyodide_js.loadPackage(name))
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        raise ModuleNotFoundError(
            f"{name} could not be downloaded into this browser kernel: cells with tables and "
            "plots need a connection the first time (Pyodide's packages come from its CDN)."
        ) from None
