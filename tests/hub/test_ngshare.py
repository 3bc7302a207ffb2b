"""ngshare, the exchange for Zero to JupyterHub (deploy/README.md, section C), on a real hub.

A JupyterHub on 127.0.0.1 runs ngshare as a managed service, as the Kubernetes set-up does; the
instructor and two students each hold a hub token and run the real nbgrader command line with
deploy/z2jh/nbgrader_config.py (ngshare_exchange), each in a home of their own, as in their pods.
No user server is started: on Kubernetes every pod is the same uid, so what keeps students apart
is the service, which knows each user by their token. The instructor releases a0_practice; ann
submits; ben fetches, then submits claiming to be ann and tries the service's API directly: to
read ann's submission, list the submissions, overwrite the release or release one of his own.
The instructor collects. What needs a cluster (the Helm charts, the volumes) is not run here.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import subprocess
import sys
import time
from datetime import timezone
from pathlib import Path

import pytest
import requests
from helpers import REPO, free_port, make_course, stop_process_group
from hub.course_env import ngshare_environment
from hub.rest import Hub
from nbgrader.utils import parse_utc

from guarantees.layout import nbgrader_environment

pytestmark = pytest.mark.hub

ASSIGNMENT = "a0_practice"
COURSE = "guarantees"
ADMIN, INSTRUCTOR, ANN, BEN = "gt-ngshare-admin", "gt-teacher", "gt-ann", "gt-ben"
NAMES = {"first_name": "A", "last_name": "Student", "email": ""}  # ngshare asks for them

CONFIG = """\
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.services = [
    {{"name": "course-test", "api_token": {token!r}}},
    {{
        "name": "ngshare",
        "url": "http://127.0.0.1:{ngshare_port}",
        "command": [
            {python!r}, "-m", "ngshare", "--admins", {admin!r},
            "--database", "sqlite:///{base}/ngshare.db", "--storage", "{base}/ngshare-files/",
        ],
    }},
]
c.JupyterHub.load_roles = [
    {{
        "name": "course-test",
        "scopes": ["admin:users", "tokens", "list:users"],
        "services": ["course-test"],
    }}
]
"""


def start(base: Path) -> tuple[subprocess.Popen, Hub]:
    """The hub with ngshare as its service; its process and a client with the test's token."""
    port, token = free_port(), secrets.token_hex(32)
    settings = CONFIG.format(
        port=port,
        hub_port=free_port(),
        api_port=free_port(),
        ngshare_port=free_port(),
        proxy=str(Path(sys.executable).parent / "configurable-http-proxy"),
        token=token,
        python=str(ngshare_environment() / "bin" / "python"),
        admin=ADMIN,
        base=base,
    )
    (base / "hub_config.py").write_text(settings)
    with open(base / "hub.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(base / "hub_config.py")],
            cwd=base,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process, Hub(f"http://127.0.0.1:{port}", token, "")


def wait_for(url: str, process: subprocess.Popen, log: Path, limit: float = 120) -> None:
    """Wait until ``url`` answers (ngshare's API through the hub's proxy, which answers 404
    until the hub has added the service's route)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the hub exited ({process.returncode}):\n{log.read_text()}")
        with contextlib.suppress(requests.ConnectionError):
            if requests.get(url, timeout=10).status_code not in (404, 502, 503):
                return
        time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {limit} s:\n{log.read_text()}")


class User:
    """A hub user with a token as a user server holds one, running nbgrader in their home."""

    def __init__(self, hub: Hub, name: str, home: Path, service: str, config: Path) -> None:
        self.name, self.home, self.service = name, home, service
        made = hub.api("POST", f"/users/{name}/tokens", json={"note": "ngshare test"})
        made.raise_for_status()
        self.token = made.json()["token"]
        home.mkdir(parents=True, exist_ok=True)
        self.env = nbgrader_environment(
            HOME=str(home),
            JUPYTERHUB_USER=name,
            JUPYTERHUB_API_TOKEN=self.token,
            JUPYTER_CONFIG_PATH=str(config),
            GUARANTEES_NGSHARE_URL=service,
        )

    def nbgrader(self, *args: str, cwd: Path | None = None, **env: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "nbgrader", *args],
            cwd=cwd or self.home, env={**self.env, **env},
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        printed = result.stderr + result.stdout
        # ngshare_exchange logs a refused request and may still exit 0
        failed = result.returncode != 0 or "| ERROR]" in printed or "| CRITICAL]" in printed
        assert not failed, f"{self.name}: nbgrader {args}:\n{printed}"
        return printed

    def call(self, method: str, path: str, **data: str) -> dict:
        """ngshare's API, with this user's token: its JSON answer."""
        headers = {"Authorization": f"token {self.token}"}
        answer = requests.request(
            method, f"{self.service}{path}", headers=headers, data=data, timeout=60
        )
        return answer.json()


@pytest.fixture(scope="module")
def term(tmp_path_factory):
    """A term on ngshare: what each step gave, for the tests to look at."""
    base = tmp_path_factory.mktemp("ngshare")
    config = base / "config"
    config.mkdir()
    shutil.copy(REPO / "deploy" / "z2jh" / "nbgrader_config.py", config / "nbgrader_config.py")
    process, hub = start(base)
    report: dict = {}
    try:
        service = f"{hub.url}/services/ngshare"
        wait_for(f"{hub.url}/hub/api/", process, base / "hub.log")
        wait_for(f"{service}/healthz", process, base / "hub.log")
        made = hub.api("POST", "/users", json={"usernames": [ADMIN, INSTRUCTOR, ANN, BEN]})
        assert made.status_code == 201, made.text
        users = {
            name: User(hub, name, base / "home" / name, service, config)
            for name in (ADMIN, INSTRUCTOR, ANN, BEN)
        }
        admin, teacher, ann, ben = (users[n] for n in (ADMIN, INSTRUCTOR, ANN, BEN))
        report["course"] = admin.call("POST", f"/course/{COURSE}", instructors=f'["{INSTRUCTOR}"]')
        report["students"] = [
            teacher.call("POST", f"/student/{COURSE}/{name}", **NAMES) for name in (ANN, BEN)
        ]
        assert report["course"]["success"], report["course"]
        assert all(answer["success"] for answer in report["students"]), report["students"]
        course = make_course(teacher.home / "course")
        teacher.nbgrader("generate_assignment", ASSIGNMENT, cwd=course)
        teacher.nbgrader("release_assignment", ASSIGNMENT, cwd=course)
        for student, made_by in ((ann, ANN), (ben, BEN)):
            student.nbgrader("fetch_assignment", ASSIGNMENT)
            (student.home / ASSIGNMENT / "made_by.txt").write_text(made_by)
        before = time.time()
        ann.nbgrader("submit", ASSIGNMENT)
        report["ann submitted between"] = (before, time.time())
        (ben.home / ASSIGNMENT / "made_by.txt").write_text(f"{BEN}, as {ANN}")
        report["ben as ann"] = ben.nbgrader("submit", ASSIGNMENT, JUPYTERHUB_USER=ANN)
        release = teacher.call("GET", f"/assignment/{COURSE}/{ASSIGNMENT}")
        report["ben tries"] = {
            "read ann's submission": ben.call("GET", f"/submission/{COURSE}/{ASSIGNMENT}/{ANN}"),
            "list the submissions": ben.call("GET", f"/submissions/{COURSE}/{ASSIGNMENT}"),
            "replace the release": ben.call(
                "POST", f"/assignment/{COURSE}/{ASSIGNMENT}", files=str(release.get("files"))
            ),
            "release his own": ben.call("POST", f"/assignment/{COURSE}/b0", files="[]"),
            "delete the release": ben.call("DELETE", f"/assignment/{COURSE}/{ASSIGNMENT}"),
            "add a student": ben.call("POST", f"/student/{COURSE}/gt-someone", **NAMES),
        }
        report["submissions"] = teacher.call("GET", f"/submissions/{COURSE}/{ASSIGNMENT}")
        teacher.nbgrader("collect", ASSIGNMENT, cwd=course)
        report["collected"] = {
            name: (course / "submitted" / name / ASSIGNMENT / "made_by.txt").read_text()
            for name in (ANN, BEN)
            if (course / "submitted" / name).is_dir()
        }
        stamp = (course / "submitted" / ANN / ASSIGNMENT / "timestamp.txt").read_text()
        report["ann's time"] = stamp
    finally:
        stop_process_group(process, timeout=60)
    return report


def test_the_instructor_releases_and_collects_and_students_fetch_and_submit(term):
    assert term["course"]["success"], term["course"]
    assert all(answer["success"] for answer in term["students"]), term["students"]
    assert term["collected"][ANN] == ANN


def test_a_student_cannot_submit_as_another(term):
    assert term["collected"] == {ANN: ANN, BEN: f"{BEN}, as {ANN}"}, "ngshare files it as ben's"
    owners = {entry["student_id"] for entry in term["submissions"]["submissions"]}
    assert owners == {ANN, BEN}


def test_a_student_reaches_neither_others_submissions_nor_the_release(term):
    refused = {what: answer["success"] for what, answer in term["ben tries"].items()}
    assert refused == {what: False for what in refused}, term["ben tries"]


def test_the_submission_time_is_the_services_clock(term):
    claimed = parse_utc(term["ann's time"]).replace(tzinfo=timezone.utc).timestamp()
    start, end = term["ann submitted between"]
    assert start - 1 <= claimed <= end + 1, term["ann's time"]
