"""The single-user environment of the hub test, built by deploy/install-course-env.sh and cached.

Real system users cannot run Python from under /root (mode 0700), so as root the environment is a
virtual environment of Debian's /usr/bin/python3 in /opt/guarantees-hub-env/<hash>/. The hash
covers what goes into it: the course (pyproject.toml, src, lessons, datasets; not README.md), the
deploy files the script installs, and the JupyterHub version, so a change rebuilds it and an
unchanged course reuses it. Elsewhere it lives in ~/.cache/guarantees-hub-env/.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from filelock import FileLock
from helpers import REPO, run

SCRIPT = REPO / "deploy" / "install-course-env.sh"
INPUTS = [
    "pyproject.toml",
    "src",
    "lessons",
    "datasets",
    "deploy/install-course-env.sh",
    "deploy/nbgrader_config.py",
    "deploy/instructor-config",
]
# ngshare runs as a service in an environment of its own, as on Kubernetes (its own image).
# ngshare 0.6.0 relies on SQLAlchemy 1.x adding new rows through relationships: with SQLAlchemy 2
# a release or submission is answered "success" and never stored.
NGSHARE = ["ngshare==0.6.0", "sqlalchemy<2"]
SKIPPED = ("__pycache__", ".pyc", ".answers.json", ".ipynb_checkpoints", ".egg-info", ".lock")
READY = "ready"


def cache_folder() -> Path:
    if os.geteuid() == 0:
        return Path("/opt/guarantees-hub-env")
    return Path.home() / ".cache" / "guarantees-hub-env"


def base_python() -> str:
    """Debian's Python as root (reachable by every user); this interpreter's base elsewhere."""
    if os.geteuid() == 0:
        return "/usr/bin/python3"
    return getattr(sys, "_base_executable", sys.executable)


def inputs_digest() -> str:
    """One hash of the files the environment is built from, and of the JupyterHub version."""
    digest = hashlib.sha256(f"jupyterhub {version('jupyterhub')} {base_python()}".encode())
    for name in INPUTS:
        root = REPO / name
        paths = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in paths:
            if any(part in str(path) for part in SKIPPED) or path.is_dir():
                continue
            digest.update(str(path.relative_to(REPO)).encode())
            digest.update(os.readlink(path).encode() if path.is_symlink() else path.read_bytes())
    return digest.hexdigest()[:16]


def course_environment() -> Path:
    """The environment for the current sources: reused when ready, built (once) otherwise."""
    cache = cache_folder()
    cache.mkdir(parents=True, exist_ok=True)
    cache.chmod(0o755)
    environment = cache / inputs_digest()
    with FileLock(cache / ".lock", timeout=1800):
        if not (environment / READY).is_file():
            build(environment)
        for old in cache.iterdir():
            if old.is_dir() and old != environment:
                shutil.rmtree(old, ignore_errors=True)
    return environment


def build(environment: Path) -> None:
    """Build the wheel of the course and install it with the deploy script."""
    if subprocess.run([base_python(), "-c", "import ensurepip, venv"], check=False).returncode:
        raise RuntimeError(
            f"{base_python()} cannot make a venv: `make test` installs Debian's "
            "python3-venv as root, or run: apt-get install python3-venv"
        )
    shutil.rmtree(environment, ignore_errors=True)
    wheels = environment.with_name(f"{environment.name}-wheel")
    shutil.rmtree(wheels, ignore_errors=True)
    run(
        sys.executable, "-m", "pip", "wheel", REPO, "--no-deps", "--quiet", "-w", wheels,
        env=dict(os.environ), timeout=1500,
    )  # fmt: skip
    wheel = next(wheels.glob("guarantees_course-*.whl"))
    installer = {"PYTHON": base_python(), "JUPYTERHUB_VERSION": version("jupyterhub")}
    run("bash", SCRIPT, environment, wheel, env={**os.environ, **installer}, timeout=1500)
    shutil.rmtree(wheels, ignore_errors=True)
    (environment / READY).write_text(f"{inputs_digest()}\n")


def ngshare_environment() -> Path:
    """A virtual environment with ngshare, made once and kept beside the course environments."""
    cache = cache_folder().with_name("guarantees-ngshare-env")
    cache.mkdir(parents=True, exist_ok=True)
    environment = cache / hashlib.sha256(" ".join(NGSHARE).encode()).hexdigest()[:16]
    with FileLock(cache / ".lock", timeout=1800):
        if not (environment / READY).is_file():
            shutil.rmtree(environment, ignore_errors=True)
            run(base_python(), "-m", "venv", environment, timeout=300)
            pip = [environment / "bin" / "python", "-m", "pip", "install", "--quiet"]
            run(*pip, *NGSHARE, env=dict(os.environ), timeout=1500)
            (environment / READY).write_text("ready\n")
    return environment


if __name__ == "__main__":
    print(course_environment())
