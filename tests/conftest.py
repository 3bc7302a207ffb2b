"""Markers by what a test needs, so that ``make test-fast`` can leave out everything slow.

The slow markers (described in pyproject.toml) are ``kernel`` (starts Jupyter kernels, in process
or through nbgrader and ``guarantees`` subprocesses that run notebooks), ``pipeline``, ``lab``,
``wheel``, ``browser``, ``hub`` and ``postgres``. A module marks its own tests, except:

- every test under ``tests/browser/`` and ``tests/pipeline/`` gets its folder's marker here;
- the kernel tests of ``test_guides.py`` are named here.

Every test left without a slow marker is marked ``fast``: ``pytest -m fast`` is the fast lane.

``make test`` runs the tests in two processes (pytest-xdist). Each test has a group, and a group
runs in one process (``GroupScheduling``): a module's tests stay together, so its module fixtures
are made once; the browser tests share one JupyterLab and one Chromium; and the tests that build
the course's wheel or its hub environment from the same source tree never run at once. Groups
with a slow test are handed out first, so the quick ones fill the gaps at the end.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from xdist.scheduler import LoadScopeScheduling

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


def test_group(nodeid: str) -> str:
    """The group a test runs in, from its node id.

    >>> test_group("tests/browser/test_course_site.py::test_site")
    'browser'
    >>> test_group("tests/test_keys.py::test_salt[1]")
    'tests/test_keys.py'
    """
    path = nodeid.split("::", 1)[0]
    parts = Path(path).parts
    if parts[0] == TESTS.name and len(parts) > 1:
        return SHARED_GROUPS.get(parts[1], path)
    return path


class GroupScheduling(LoadScopeScheduling):
    """pytest-xdist's scope scheduling, with ``test_group`` as the scope."""

    def _split_scope(self, nodeid: str) -> str:
        return test_group(nodeid)


def pytest_xdist_make_scheduler(config: pytest.Config, log) -> GroupScheduling:
    return GroupScheduling(config, log)


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]):
    """Mark each test by what it needs (before ``-m`` deselects); then put slow groups first."""
    for item in items:
        path = Path(item.path).resolve()
        if path.is_relative_to(TESTS):
            folder = path.relative_to(TESTS).parts[0]
            if folder in FOLDER_MARKERS:
                item.add_marker(FOLDER_MARKERS[folder])
        if getattr(item, "originalname", item.name) in KERNEL_TESTS.get(path.name, ()):
            item.add_marker("kernel")
        if not any(item.get_closest_marker(name) for name in SLOW):
            item.add_marker("fast")
    yield
    slow = {test_group(item.nodeid) for item in items if not item.get_closest_marker("fast")}
    items.sort(key=lambda item: test_group(item.nodeid) not in slow)  # stable: order kept within
