"""Markers by what a test needs, so that ``make test-fast`` can leave out everything slow.

The slow markers (described in pyproject.toml) are ``kernel`` (starts Jupyter kernels, in process
or through nbgrader and ``guarantees`` subprocesses that run notebooks), ``pipeline``, ``lab``,
``wheel``, ``browser``, ``hub`` and ``postgres``. A module marks its own tests, except:

- every test under ``tests/browser/`` and ``tests/pipeline/`` gets its folder's marker here;
- the kernel tests of ``test_guides.py`` are named here.

Every test left without a slow marker is marked ``fast``: ``pytest -m fast`` is the fast lane.

``make test`` runs the tests in parallel processes (pytest-xdist, ``--dist loadgroup``). Each test
gets a group, and a group runs in one process: a module's tests stay together (its module fixtures
are made once), the browser tests share one JupyterLab and one Chromium, and the tests that build
the course's wheel or its hub environment (from the same source tree) never run at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
SLOW = ("kernel", "pipeline", "lab", "wheel", "browser", "hub", "postgres")
FOLDER_MARKERS = {"browser": "browser", "pipeline": "pipeline"}
SHARED_GROUPS = {"browser": "browser", "hub": "packaging", "test_wheel.py": "packaging"}
"""Folders or modules whose tests run in one process, by group name (the rest: one per module)."""
KERNEL_TESTS = {
    "test_guides.py": {
        "test_the_student_guide_examples_run_in_a_learners_copy",
        "test_the_authoring_guide_examples_run_in_a_course",
    },
}


@pytest.hookimpl(tryfirst=True)  # before pytest's own hook deselects by marker (-m)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(item.path).resolve()
        if path.is_relative_to(TESTS):
            folder = path.relative_to(TESTS).parts[0]
            if folder in FOLDER_MARKERS:
                item.add_marker(FOLDER_MARKERS[folder])
            group = SHARED_GROUPS.get(folder, str(path.relative_to(TESTS)))
            item.add_marker(pytest.mark.xdist_group(group))
        if getattr(item, "originalname", item.name) in KERNEL_TESTS.get(path.name, ()):
            item.add_marker("kernel")
        if not any(item.get_closest_marker(name) for name in SLOW):
            item.add_marker("fast")
