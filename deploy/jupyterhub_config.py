"""JupyterHub configuration for the guarantees course on one server (deploy/README.md).

Plain JupyterHub: copy this file, instructors.txt and students.txt to /etc/jupyterhub/ and start
``jupyterhub -f /etc/jupyterhub/jupyterhub_config.py`` in /srv/jupyterhub. Users log in with
their system accounts (PAM, JupyterHub's default) and each server runs as its user
(LocalProcessSpawner, the default). The Littlest JupyterHub: copy it to
/opt/tljh/config/jupyterhub_config.d/ and set GUARANTEES_COURSE_ENV to /opt/tljh/user; TLJH keeps
its own authenticator and spawner.

What it sets: who is an instructor or a student (groups and roles), the program and environment
of every user server (the course environment, the shared exchange), and the instructor tools
(formgrader, assignment creator) for the instructors group only.

Settings, from the hub's environment, with their defaults:

GUARANTEES_COURSE_ENV  /opt/guarantees-course  the single-user environment, made by
                                               deploy/install-course-env.sh
GUARANTEES_EXCHANGE    /srv/nbgrader/exchange  nbgrader's exchange, the same for every server
GUARANTEES_ROSTER      this file's folder      holds instructors.txt and students.txt: one
                                               user name a line, # starts a comment
GUARANTEES_SPAWNER     (the hub's own)         "systemd": each server in a systemd unit of its
                                               own (jupyterhub-systemdspawner), which enforces
                                               the limits below; "local": JupyterHub's
                                               LocalProcessSpawner, which enforces the process
                                               limit only; unset: whatever spawner the hub has
                                               (Kubernetes' KubeSpawner enforces memory and CPU)
GUARANTEES_MEMORY      2G                      memory for each user server
GUARANTEES_CPUS        1                       CPUs for each user server
GUARANTEES_TASKS       512                     processes and threads for each user
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)

COURSE_ENV = Path(os.environ.get("GUARANTEES_COURSE_ENV", "/opt/guarantees-course"))
EXCHANGE = os.environ.get("GUARANTEES_EXCHANGE", "/srv/nbgrader/exchange")
ROSTER = Path(os.environ.get("GUARANTEES_ROSTER", Path(__file__).resolve().parent))


def roster(name: str) -> list[str]:
    """The user names listed in ROSTER/name (none when the file is missing)."""
    path = ROSTER / name
    if not path.is_file():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return sorted({line for line in lines if line})


INSTRUCTORS, STUDENTS = roster("instructors.txt"), roster("students.txt")

# Who may log in, and who is who. Students have JupyterHub's default role: their own server only.
c.Authenticator.allowed_users.update(INSTRUCTORS + STUDENTS)
c.JupyterHub.load_groups.update(
    {"instructors": {"users": INSTRUCTORS}, "students": {"users": STUDENTS}}
)
# Instructors see the class on the hub's admin page and may start and stop a student's server
# (not open it: students' files stay private).
c.JupyterHub.load_roles.extend(
    [
        {
            "name": "course-instructor",
            "description": "See the class and start or stop students' servers",
            "scopes": [
                "admin-ui",
                "list:users",
                "read:users:activity",
                "read:servers!group=students",
                "servers!group=students",
            ],
            "groups": ["instructors"],
        }
    ]
)

# Every user server: the course environment first on PATH (nbgrader, guarantees, the kernel),
# one exchange for all, JupyterLab on opening.
c.Spawner.cmd = [str(COURSE_ENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.environment.update(
    {
        "PATH": f"{COURSE_ENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "GUARANTEES_EXCHANGE": EXCHANGE,
    }
)
c.Spawner.default_url = "/lab"

# Limits for each user, so no one starves the server. Spawners that enforce them: systemd
# (memory, CPU, tasks, and a private /tmp) and Kubernetes (memory, CPU). LocalProcessSpawner
# enforces none of them: "local" adds the process limit (RLIMIT_NPROC, counted per user) with
# prlimit, and nothing holds memory or CPU there.
SPAWNER = os.environ.get("GUARANTEES_SPAWNER", "")
TASKS = os.environ.get("GUARANTEES_TASKS", "512")
c.Spawner.mem_limit = os.environ.get("GUARANTEES_MEMORY", "2G")
c.Spawner.cpu_limit = float(os.environ.get("GUARANTEES_CPUS", "1"))
if SPAWNER == "systemd":
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
    c.SystemdSpawner.disable_user_sudo = True
    c.SystemdSpawner.unit_extra_properties = {"TasksMax": TASKS}
elif SPAWNER == "local":
    c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
    c.Spawner.cmd = ["/usr/bin/prlimit", f"--nproc={TASKS}", *c.Spawner.cmd]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90

# The formgrader and the assignment creator are off in the course environment and on for the
# instructors group: their servers also read COURSE_ENV/etc/jupyter-instructors.
c.Spawner.group_overrides = {
    "01-instructor-tools": {
        "groups": ["instructors"],
        "spawner_override": {
            "environment": {"JUPYTER_CONFIG_PATH": str(COURSE_ENV / "etc" / "jupyter-instructors")}
        },
    }
}
