"""A real JupyterLab server and Debian's Chromium, driven by Playwright, for the browser tests.

One server and one browser serve the whole session (starting them is the slow part); every test
gets its own folder under the server's root with fresh copies of the notebooks, its own page, and
its kernels shut down afterwards. Screenshots and accessibility reports go to ``ARTIFACTS``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from helpers import ASSIGNMENTS, LESSONS, REPO, free_port, stop_process_group
from playwright.sync_api import expect, sync_playwright

from guarantees.layout import nbgrader_environment

# Browsers cannot be downloaded here, so Playwright drives Debian's Chromium: the real binary,
# not the /usr/bin/chromium shell wrapper. CHROMIUM_PATH may name another Chromium build.
DEBIAN_CHROMIUM = Path("/usr/lib/chromium/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", REPO / "build" / "browser-artifacts"))
VIEWPORT = {"width": 1100, "height": 820}
TIMEOUT_MS = 60_000


def chromium_path() -> Path:
    """Debian's Chromium, or a failure saying what to install (never a skip: CI must run these)."""
    path = Path(os.environ.get("CHROMIUM_PATH") or DEBIAN_CHROMIUM)
    if not os.access(path, os.X_OK):
        pytest.fail(
            f"The browser tests need Chromium at {path}, which is missing. Install Debian's "
            "package: `sudo apt-get install chromium` (`make test` does it when run as root), "
            "or set CHROMIUM_PATH to a Chromium binary. Do not run `playwright install`: "
            "browsers cannot be downloaded here.",
            pytrace=False,
        )
    return path


@dataclass
class Lab:
    """A running JupyterLab: where it serves, and the folder it serves."""

    url: str
    token: str
    root: Path

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"{self.url}/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        for session in self.api("GET", "sessions"):
            self.api("DELETE", f"sessions/{session['id']}")


@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> Iterator[Lab]:
    """JupyterLab on 127.0.0.1 with a temporary token, root folder and settings."""
    base = tmp_path_factory.mktemp("lab")
    root, home = base / "root", base / "home"
    root.mkdir()
    # Settings of our own: no news or update toast over the page, nothing from the user's setup.
    notification = home / "settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    environment = {k: v for k, v in nbgrader_environment().items() if not k.startswith("JUPYTER")}
    environment.update(
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
    )
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log_path = base / "lab.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            command,
            cwd=root,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Lab(f"http://127.0.0.1:{port}", token, root)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                running.api("GET", "status")
                break
            except OSError:
                assert server.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "JupyterLab did not start in 120 s"
                time.sleep(0.3)
        yield running
    finally:
        stop_process_group(server)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots and reports go (``build/browser-artifacts`` unless BROWSER_ARTIFACTS)."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(request, browser, lab, artifacts):
    """A fresh browser page; a screenshot of it is kept when the test fails."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    opened = context.new_page()
    yield opened
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        opened.screenshot(path=artifacts / f"FAILED-{name}.png", full_page=False)
    context.close()
    lab.shut_down_kernels()


@pytest.fixture
def workspace(request, lab) -> Path:
    """This test's own folder in the server's root, with fresh copies of the notebooks.

    The start lesson is copied as it is; the practice assignment as nbgrader releases it to
    students (solutions and hidden tests removed), into a folder named after the assignment.
    """
    folder = lab.root / re.sub(r"[^\w]+", "_", request.node.name)
    shutil.copytree(LESSONS, folder / "lessons", ignore=shutil.ignore_patterns("*.answers.json*"))
    release_assignment(ASSIGNMENTS / "a0_practice" / "a0_practice.ipynb", folder / "a0_practice")
    return folder


def release_assignment(source: Path, folder: Path) -> Path:
    """The student's version of a source notebook, made by nbgrader's own preprocessors."""
    from nbgrader.preprocessors import ClearHiddenTests, ClearOutput, ClearSolutions

    notebook, resources = nbformat.read(source, as_version=4), {}
    for preprocessor in (ClearHiddenTests(), ClearSolutions(), ClearOutput()):
        notebook, resources = preprocessor.preprocess(notebook, resources)
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / source.name)
    return folder / source.name
