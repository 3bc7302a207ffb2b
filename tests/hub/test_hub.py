"""The course on a real JupyterHub: release, fetch, submit, collect and grade across user servers.

A hub on 127.0.0.1 (deploy/jupyterhub_config.py, with the test's authenticator, ports and an API
service added) runs one server per user in the course environment that
deploy/install-course-env.sh builds. The instructor and three students log in through the hub's
login form and work through their own servers' REST APIs: files through the contents API, code in
kernels over their websockets, nbgrader and guarantees from a kernel as from a terminal.

The server is prepared by deploy/prepare-server.sh; the instructor's sources and keys are in a
private folder outside the course folder. Before the first release ben tries to take the
exchange's course folder. The instructor releases a0_practice; ann answers everything right, ben
partly, cat nothing; each submits, and ben also submits in ann's name. The instructor collects
with ``guarantees collect``; root grades with deploy/grade-as-grader.py (as the grading account,
from a shell holding the instructor's hub token). Expected scores come from the source
notebook's points.

As root (CI runs as root) every user is a real system user with a private home, made for the test
and removed after it, and the test shows what each may read. Without root the users share the
test's own account, so the checks that need system users are skipped, saying so.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests
from helpers import (
    ASSIGNMENTS,
    REGION,
    REPO,
    free_port,
    make_course,
    practice_answer_cells,
    practice_scores,
    stop_process_group,
)
from hub.course_env import course_environment
from hub.rest import Hub, UserServer
from hub.system_users import need_root, processes_of, system_users

from guarantees.layout import nbgrader_environment

pytestmark = pytest.mark.hub

ROOT = os.geteuid() == 0
ASSIGNMENT = "a0_practice"
INSTRUCTOR = "gt-teacher"
PLANS = {"gt-ann": "perfect", "gt-ben": "partial", "gt-cat": "blank"}
IMPERSONATOR, VICTIM = "gt-ben", "gt-ann"
USERS = [INSTRUCTOR, *PLANS]
GRADER = "gt-grader"  # a system account with no hub account (deploy/prepare-server.sh)
PRIVATE = "private-course"  # the instructor's sources and keys, outside the course folder
TASKS = 300  # processes for each user (GUARANTEES_TASKS)
SOURCE = ASSIGNMENTS / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
KEY = json.loads((REPO / "answer_keys" / ASSIGNMENT / f"{ASSIGNMENT}.json").read_text())
NOT_ROOT = "real system users (private homes, ownership) need root"

TEST_CONFIG = """\
load_subconfig({shipped!r})
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.services = [{{"name": "course-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles.extend(
    [
        {{
            "name": "course-test",
            "scopes": ["admin:users", "admin:servers", "admin:server_state", "list:users"],
            "services": ["course-test"],
        }}
    ]
)
"""
SHARED_ACCOUNT = """\
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
"""


def expected_scores() -> dict[str, float]:
    scores = practice_scores(SOURCE)
    return {student: scores[plan] for student, plan in PLANS.items()}


def code_solution() -> str:
    cells = json.loads(SOURCE.read_text(encoding="utf-8"))["cells"]
    cell = next(c for c in cells if c["metadata"]["nbgrader"]["grade_id"] == "a0-after-1991-code")
    return REGION.findall("".join(cell["source"]))[0][1].strip()


def json_from_kernel(server: UserServer, kernel: str, code: str) -> dict:
    """Run ``code`` in the user's kernel; what it printed after ``@@``, read as JSON."""
    outcome = server.execute(kernel, code)
    assert outcome.error is None, outcome.error
    return json.loads(outcome.stdout.split("@@", 1)[1])


def command(server: UserServer, kernel: str, *args: str, cwd: str) -> dict:
    """Run a program in the user's server (from a kernel, as from a terminal there)."""
    code = (
        "import json, os, subprocess\n"
        f"r = subprocess.run({list(args)!r}, cwd=os.path.expanduser({cwd!r}),"
        " capture_output=True, text=True, env={**os.environ, 'COLUMNS': '250'})\n"
        "print('@@' + json.dumps({'code': r.returncode, 'out': r.stdout, 'err': r.stderr}))"
    )
    return json_from_kernel(server, kernel, code)


def ran(result: dict, what: str) -> dict:
    assert result["code"] == 0, (
        f"{what} failed ({result['code']}):\n{result['out']}\n{result['err']}"
    )
    return result


def access(server: UserServer, kernel: str, paths: list[str]) -> dict[str, str]:
    """For each path, what the user gets trying to read it: 'read' or the error's name."""
    code = (
        "import json, os\n"
        "found = {}\n"
        f"for path in {paths!r}:\n"
        "    try:\n"
        "        os.listdir(path) if os.path.isdir(path) else open(path, 'rb').read(1)\n"
        "        found[path] = 'read'\n"
        "    except OSError as error:\n"
        "        found[path] = type(error).__name__\n"
        "print('@@' + json.dumps(found))"
    )
    return json_from_kernel(server, kernel, code)


def answer(server: UserServer, plan: str) -> None:
    """Write the code answer into the notebook, run its cells and answer in a kernel there."""
    path = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    notebook = server.read_notebook(path)
    for cell in notebook["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "a0-after-1991-code":
            typed = {"perfect": code_solution(), "partial": "joined_after_1991 = 15"}.get(plan)
            if typed:
                cell["source"] = cell["source"].replace("raise NotImplementedError()", typed)
    server.write_notebook(path, notebook)
    kernel = server.start_kernel(ASSIGNMENT)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            server.execute(kernel, cell["source"])
    for code in practice_answer_cells(plan, KEY):
        outcome = server.execute(kernel, code)
        assert outcome.error is None, f"{server.name}: {outcome.error}"


def prepare_server(base: Path) -> dict[str, str]:
    """The rosters, then the server's folders and accounts as deploy/prepare-server.sh makes them
    (as root; elsewhere an exchange open to all, as nbgrader makes it); the settings it used."""
    folder = base / "hub"
    folder.mkdir(mode=0o700)
    (folder / "instructors.txt").write_text(f"# the course's instructors\n{INSTRUCTOR}\n")
    (folder / "students.txt").write_text("\n".join(PLANS) + "\n")
    settings = {
        "GUARANTEES_EXCHANGE": str(base / "exchange"),
        "GUARANTEES_HUB_STATE": str(folder),
        "GUARANTEES_ROSTER": str(folder),
        "GUARANTEES_GRADER": GRADER,
    }
    if ROOT:
        script = REPO / "deploy" / "prepare-server.sh"
        subprocess.run(
            ["bash", script, INSTRUCTOR], env={**os.environ, **settings}, check=True, timeout=60
        )
    else:
        (base / "exchange").mkdir(mode=0o1777)
        (base / "exchange").chmod(0o1777)
    return settings


def private_course(home: Path) -> Path:
    """The instructor's course folder, with its sources and answer keys kept in a private folder
    beside it (as a private repository would be), found through nbgrader_config.py."""
    course = make_course(home / "course")
    private = home / PRIVATE
    private.mkdir()
    for part in ("assignments", "answer_keys"):
        shutil.move(course / part, private / part)
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(
            f"\nc.CourseDirectory.source_directory = {str(private / 'assignments')!r}\n"
            f"c.Guarantees.answer_keys_directory = {str(private / 'answer_keys')!r}\n"
        )
    return course


def start_hub(base: Path, environment: Path) -> tuple[subprocess.Popen, Hub]:
    """The hub with the shipped configuration plus the test's settings; its process and client."""
    folder = base / "hub"
    port, password, token = free_port(), secrets.token_hex(8), secrets.token_hex(32)
    settings = TEST_CONFIG.format(
        shipped=str(REPO / "deploy" / "jupyterhub_config.py"),
        password=password,
        port=port,
        hub_port=free_port(),
        api_port=free_port(),
        proxy=str(Path(sys.executable).parent / "configurable-http-proxy"),
        token=token,
    )
    if not ROOT:
        settings += SHARED_ACCOUNT.format(homes=str(base / "home"))
    (folder / "test_config.py").write_text(settings)
    with open(folder / "hub.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(folder / "test_config.py")],
            cwd=folder,
            env=nbgrader_environment(
                GUARANTEES_COURSE_ENV=str(environment),
                GUARANTEES_EXCHANGE=str(base / "exchange"),
                GUARANTEES_ROSTER=str(folder),
                GUARANTEES_SPAWNER="local",
                GUARANTEES_TASKS=str(TASKS),
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process, Hub(f"http://127.0.0.1:{port}", token, password)


def wait_for_hub(hub: Hub, process: subprocess.Popen, log: Path, limit: float = 120) -> None:
    """Wait (at most ``limit`` seconds) until the hub's API answers through the proxy."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the hub exited ({process.returncode}):\n{log.read_text()}")
        with contextlib.suppress(requests.ConnectionError):
            if hub.api("GET", "/").status_code == 200:
                return
        time.sleep(0.5)
    raise AssertionError(f"the hub did not answer within {limit} s:\n{log.read_text()}")


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie, already ended, does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state.rsplit(")", 1)[-1].split()[0] != "Z"


def running(pids: list[int], uids: list[int], grace: float = 15) -> list[int]:
    """Which of the processes (and of the users' processes) still run after ``grace`` seconds."""
    deadline = time.monotonic() + grace
    while True:
        left = [pid for pid in pids if alive(pid)]
        left += [pid for uid in uids for pid in processes_of(uid) if alive(pid)]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.5)


def stop_everything(
    hub: Hub, process: subprocess.Popen, servers: dict, pids: list[int], report: dict
) -> None:
    """Kernels and servers through the REST APIs, then the hub (which stops its proxy). What
    still runs after that goes into ``report`` and is killed."""
    for server in servers.values():
        with contextlib.suppress(Exception):
            server.shutdown_kernels()
    for name in USERS:
        with contextlib.suppress(Exception):
            hub.stop(name)
    stop_process_group(process, timeout=60)
    uids = [pwd.getpwnam(name).pw_uid for name in USERS] if ROOT else []
    report["left running"] = running([process.pid, *pids], uids)
    for pid in report["left running"]:  # servers and the proxy run in sessions of their own
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)


def lab_page_config(server: UserServer) -> dict:
    """The JupyterLab page's configuration as the user's browser gets it."""
    page = server.request("GET", "/lab")
    page.raise_for_status()
    found = re.search(
        r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
        page.text,
        flags=re.DOTALL,
    )
    return json.loads(found.group(1))


def privacy_probe(base: Path, homes: dict[str, Path], grader: Path) -> list[str]:
    """What a student should not read (and, last, the released notebook, which all may): the
    model solutions and keys (in the private folder), the gradebook, what grading copied, the
    hub's database and the class list, another's work, the submissions."""
    course, private = homes[INSTRUCTOR] / "course", homes[INSTRUCTOR] / PRIVATE
    exchange = base / "exchange" / "guarantees"
    return [
        str(private / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
        str(private / "answer_keys" / ASSIGNMENT / f"{ASSIGNMENT}.json"),
        str(course / "gradebook.db"),
        str(course / "autograded"),
        str(grader / "grading"),
        str(base / "hub" / "jupyterhub.sqlite"),
        str(base / "hub" / "students.txt"),
        str(homes[VICTIM] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
        str(exchange / "inbound"),
        str(exchange / "outbound" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
    ]


def squat(server: UserServer, kernel: str, exchange: Path) -> dict[str, str]:
    """What a student gets trying to take the course's exchange folder before the first release:
    make the course folder, a release, a feedback folder, or a file in it."""
    course = exchange / "guarantees"
    code = (
        "import json, os\n"
        "found = {}\n"
        f"for path in {[str(course), str(course / 'outbound' / ASSIGNMENT)]!r}:\n"
        "    try:\n"
        "        os.mkdir(path); found[path] = 'made'\n"
        "    except OSError as error:\n"
        "        found[path] = type(error).__name__\n"
        f"for path in {[str(course / 'feedback' / 'x'), str(course / 'notes.txt')]!r}:\n"
        "    try:\n"
        "        open(path, 'w').close(); found[path] = 'made'\n"
        "    except OSError as error:\n"
        "        found[path] = type(error).__name__\n"
        "print('@@' + json.dumps(found))"
    )
    return json_from_kernel(server, kernel, code)


def grade_as_grader(course: Path, environment: Path, hub_token: str) -> dict:
    """deploy/grade-as-grader.py run by root, from a shell that holds a hub token."""
    result = subprocess.run(
        [environment / "bin" / "python", REPO / "deploy" / "grade-as-grader.py", course]
        + [ASSIGNMENT],
        env={**os.environ, "JUPYTERHUB_API_TOKEN": hub_token, "GUARANTEES_GRADER": GRADER},
        capture_output=True, text=True, timeout=600, cwd="/",
    )  # fmt: skip
    return {"code": result.returncode, "out": result.stdout, "err": result.stderr}


def limits_in(server: UserServer, kernel: str) -> str:
    """The process limit a user's kernel runs with, as /proc shows it."""
    code = (
        "import json\n"
        "line = [l for l in open('/proc/self/limits') if l.startswith('Max processes')][0]\n"
        "print('@@' + json.dumps(' '.join(line.split()[2:4])))"
    )
    return json_from_kernel(server, kernel, code)


@pytest.fixture(scope="module")
def term():
    """The whole term on a hub, then everything stopped and removed; what the tests look at."""
    environment = course_environment()
    report: dict = {}
    with contextlib.ExitStack() as stack:
        accounts = stack.enter_context(system_users([*USERS, GRADER])) if ROOT else {}
        base = Path(tempfile.mkdtemp(prefix="guarantees-hub-"))
        stack.callback(shutil.rmtree, base, ignore_errors=True)
        base.chmod(0o755)  # every user reaches the exchange inside
        exchange = base / "exchange"
        homes = {n: Path(accounts[n].pw_dir) if ROOT else base / "home" / n for n in USERS}
        for home in homes.values():
            home.mkdir(parents=True, exist_ok=True)
        course = private_course(homes[INSTRUCTOR])
        if ROOT:
            owner = accounts[INSTRUCTOR]
            for path in [homes[INSTRUCTOR], *homes[INSTRUCTOR].rglob("*")]:
                os.chown(path, owner.pw_uid, owner.pw_gid)
        prepare_server(base)
        report["exchange owner"] = (exchange / "guarantees").stat().st_uid if ROOT else None
        report["modes"] = {
            path.name: (stat.S_IMODE(path.stat().st_mode), path.stat().st_uid)
            for path in (base / "hub", base / "hub" / "students.txt")
        }

        process, hub = start_hub(base, environment)
        servers: dict[str, UserServer] = {}
        pids: list[int] = []
        stack.callback(stop_everything, hub, process, servers, pids, report)
        wait_for_hub(hub, process, base / "hub" / "hub.log")
        pids.append(int((base / "hub" / "jupyterhub-proxy.pid").read_text()))
        tokens = {name: hub.login(name) for name in USERS}
        for name in USERS:
            hub.spawn(name, tokens[name])
        for name in USERS:
            pids.append(hub.wait_ready(name)["state"]["pid"])
            servers[name] = UserServer(hub.url, name, tokens[name])
        shells = {name: servers[name].start_kernel() for name in USERS}

        def run(name: str, *args: str, cwd: str = "~") -> dict:
            return command(servers[name], shells[name], *args, cwd=cwd)

        if ROOT:  # before the first release
            report["squat"] = squat(servers[IMPERSONATOR], shells[IMPERSONATOR], exchange)
        report["limits"] = limits_in(servers[IMPERSONATOR], shells[IMPERSONATOR])
        ran(run(INSTRUCTOR, "nbgrader", "generate_assignment", ASSIGNMENT, cwd="~/course"), "gen")
        ran(run(INSTRUCTOR, "nbgrader", "release_assignment", ASSIGNMENT, cwd="~/course"), "rel")
        for name, plan in PLANS.items():
            ran(run(name, "nbgrader", "fetch_assignment", ASSIGNMENT), f"{name} fetch")
            answer(servers[name], plan)
            # nbgrader names the student after the system user; without root all share one
            student = [] if ROOT else [f"--student={name}"]
            ran(run(name, "nbgrader", "submit", ASSIGNMENT, *student), f"{name} submit")
        if ROOT:  # ben submits his own work again, in ann's name
            report["impersonation"] = run(
                IMPERSONATOR, "nbgrader", "submit", ASSIGNMENT, f"--student={VICTIM}"
            )
        report["collect"] = run(INSTRUCTOR, "guarantees", "collect", ASSIGNMENT, cwd="~/course")
        if ROOT:
            report["grade"] = grade_as_grader(course, environment, tokens[INSTRUCTOR])
        else:
            report["grade"] = run(INSTRUCTOR, "guarantees", "grade", ASSIGNMENT, cwd="~/course")
        assert report["grade"]["code"] in (0, 1), report["grade"]
        grades = servers[INSTRUCTOR].read_text(f"course/reports/{ASSIGNMENT}/grades.csv")
        report["grades"] = {row["student_id"]: row for row in csv.DictReader(io.StringIO(grades))}
        inbound = exchange / "guarantees" / "inbound"
        report["inbound"] = {path.name: path.lstat().st_uid for path in inbound.iterdir()}
        report["uids"] = {name: account.pw_uid for name, account in accounts.items()}
        report["home modes"] = {n: stat.S_IMODE(homes[n].stat().st_mode) for n in USERS}
        report["instructor's environment"] = json_from_kernel(
            servers[INSTRUCTOR],
            shells[INSTRUCTOR],
            "import json, os; print('@@' + json.dumps(sorted(os.environ)))",
        )
        if ROOT:
            report["results owned by"] = {
                path.name: path.stat().st_uid
                for path in (course / "gradebook.db", course / "reports" / ASSIGNMENT)
            }
            probe = privacy_probe(base, homes, Path(accounts[GRADER].pw_dir))
            found = access(servers[IMPERSONATOR], shells[IMPERSONATOR], probe)
            report["ben reads"] = [found[path] for path in probe]
        report["formgrader"] = {
            name: servers[name].request("GET", "/formgrader").status_code for name in USERS
        }
        report["lab"] = {name: lab_page_config(servers[name]) for name in USERS}
        ben, teacher = tokens[IMPERSONATOR], tokens[INSTRUCTOR]
        report["hub answers"] = {
            "ben opens ann's server": UserServer(hub.url, VICTIM, ben)
            .request("GET", "/api/contents")
            .status_code,
            "teacher opens ann's server": UserServer(hub.url, VICTIM, teacher)
            .request("GET", "/api/contents")
            .status_code,
            "ben reads ann on the hub": hub.api("GET", f"/users/{VICTIM}", token=ben).status_code,
        }
        listed = hub.api("GET", "/users", token=teacher)
        report["teacher lists"] = {user["name"] for user in listed.json()} if listed.ok else set()
    report["users left"] = [n for n in USERS if ROOT and (pwd_exists(n) or homes[n].exists())]
    report["users left"] += [GRADER] if ROOT and pwd_exists(GRADER) else []
    return report


def pwd_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def test_students_get_the_scores_their_answers_earn(term):
    assert term["grade"]["code"] == 0, term["grade"]["out"] + term["grade"]["err"]
    grades = term["grades"]
    assert set(grades) == set(PLANS)
    for student, score in expected_scores().items():
        assert grades[student]["status"] == "graded", grades[student]
        assert float(grades[student]["score"]) == pytest.approx(score), student
    assert expected_scores()["gt-ann"] > expected_scores()["gt-ben"] > 0


def test_a_submission_in_another_students_name_is_flagged_and_kept(term):
    need_root(NOT_ROOT)
    assert term["impersonation"]["code"] == 0, "nbgrader itself lets ben submit as ann"
    collect = term["collect"]
    printed = " ".join(collect["out"].split())
    assert collect["code"] == 1, printed
    assert f"named {VICTIM}, but made by {IMPERSONATOR}" in printed
    flagged = [name for name in term["inbound"] if name.startswith(f".flagged-{VICTIM}+")]
    assert len(flagged) == 1, term["inbound"]
    assert term["inbound"][flagged[0]] == term["uids"][IMPERSONATOR], "kept as ben made it"
    # ann's own submission was collected, not ben's later one in her name
    assert float(term["grades"][VICTIM]["score"]) == pytest.approx(expected_scores()[VICTIM])


def test_no_student_reads_keys_solutions_gradebooks_or_the_class_list(term):
    need_root(NOT_ROOT)
    assert term["home modes"] == {name: 0o700 for name in USERS}
    *private, released = term["ben reads"]
    assert private == ["PermissionError"] * 9, "ben reads instructor material or another's work"
    assert released == "read", "the released notebook is for everyone"


def test_no_student_can_squat_the_exchange_before_the_first_release(term):
    need_root(NOT_ROOT)
    assert term["exchange owner"] == term["uids"][INSTRUCTOR]
    tried = term["squat"]
    assert set(tried.values()) <= {"FileExistsError", "PermissionError"}, tried
    assert list(tried.values())[1:] == ["PermissionError"] * 3, tried


def test_the_hubs_state_and_the_class_list_are_for_root_only(term):
    need_root(NOT_ROOT)
    assert term["modes"] == {"hub": (0o700, 0), "students.txt": (0o640, 0)}


def test_grading_runs_as_the_grader_without_a_hub_token(term):
    need_root(NOT_ROOT)
    assert "JUPYTERHUB_API_TOKEN" in term["instructor's environment"], "the server has one"
    grading = next(
        line for line in term["grade"]["out"].splitlines() if line.startswith("Grading as")
    )
    assert grading.startswith(f"Grading as {GRADER} uid {term['uids'][GRADER]} "), grading
    names = grading.split("with the environment:")[1].split()
    assert not [n for n in names if "JUPYTERHUB" in n or "TOKEN" in n], names
    owners = set(term["results owned by"].values())
    assert owners == {term["uids"][INSTRUCTOR]}, "the grades came back to the instructor"


def test_each_user_has_a_process_limit(term):
    assert term["limits"] == f"{TASKS} {TASKS}"


def test_users_reach_only_their_own_server_and_instructors_get_the_formgrader(term):
    answers = term["hub answers"]
    assert answers["ben opens ann's server"] == 403
    assert answers["teacher opens ann's server"] == 403
    assert answers["ben reads ann on the hub"] in (403, 404)
    assert set(PLANS) <= term["teacher lists"], "the instructor sees the class on the hub"
    assert term["formgrader"] == {name: 200 if name == INSTRUCTOR else 404 for name in USERS}


def test_lab_has_the_widget_and_nbgrader_extensions_and_instructor_tools_for_instructors(term):
    tools = {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"}
    for name, config in term["lab"].items():
        loaded = {extension["name"] for extension in config["federated_extensions"]}
        assert {"@jupyter-widgets/jupyterlab-manager", "@jupyter/nbgrader"} <= loaded, name
        disabled = set(config["disabledExtensions"])
        assert "@jupyter-widgets/jupyterlab-manager" not in disabled
        assert "@jupyter/nbgrader:assignment-list" not in disabled
        assert (tools & disabled) == (set() if name == INSTRUCTOR else tools), name


def test_every_process_is_stopped_and_every_test_user_removed(term):
    assert term["left running"] == []
    assert term["users left"] == []
