"""guarantees-course: exercise widgets, answer store, datasets and grading for the course.

>>> from guarantees import Lesson, Assignment, load_table

What students import is loaded on first use, so the instructor's grading code, which imports
``guarantees.grading`` and never a widget, does not load ipywidgets.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "Assignment": "guarantees.worksheets",
    "Lesson": "guarantees.worksheets",
    "check_new_rows": "guarantees.new_rows",
    "list_tables": "guarantees.data",
    "load_table": "guarantees.data",
    "table_sources": "guarantees.data",
}

__all__ = sorted(_HOMES)
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'guarantees' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
