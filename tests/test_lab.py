"""`make lab` opens a real JupyterLab on the course, with the widget extension loaded."""

from __future__ import annotations

import secrets
import subprocess
import time
import urllib.request

import pytest
from helpers import REPO, free_port, stop_process_group

from guarantees.layout import nbgrader_environment

pytestmark = pytest.mark.lab


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8", "replace")


def test_make_lab_serves_the_start_lesson(tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    arguments = (
        f"LAB_ARGS=--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} "
        f"--IdentityProvider.token={token} --ServerApp.port_retries=0"
    )
    log = (tmp_path / "lab.log").open("w")
    lab = subprocess.Popen(
        ["make", "--no-print-directory", "lab", arguments],
        cwd=REPO,
        env=nbgrader_environment(JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime")),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, _ = fetch(f"{base}/api/status?token={token}")
                break
            except OSError:
                assert lab.poll() is None, (tmp_path / "lab.log").read_text()
                assert time.monotonic() < deadline, "JupyterLab did not start in 120 s"
                time.sleep(0.5)
        assert status == 200
        status, body = fetch(f"{base}/api/contents/lessons/00_start_here.ipynb?token={token}")
        assert status == 200 and '"00_start_here.ipynb"' in body
        status, page = fetch(f"{base}/lab/tree/lessons/00_start_here.ipynb?token={token}")
        assert status == 200
        assert "@jupyter-widgets/jupyterlab-manager" in page, "widgets would not render"
    finally:
        stop_process_group(lab)
        log.close()
