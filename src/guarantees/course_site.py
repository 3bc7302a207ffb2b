"""The course as a static JupyterLite site: the lessons run in the browser, nothing to install.

``make site`` (``python -m guarantees.course_site build/site``) builds it, always from scratch
(an incremental ``jupyter lite build`` once dropped the Pyodide address from the output's
configuration, leaving the kernel stuck), with only the package registries:

- the Pyodide runtime from npm's ``pyodide`` package, at the version the Pyodide kernel pins;
- from PyPI, the pure-Python wheels the kernel needs at start (micropip, IPython and theirs, at
  the versions of Pyodide's own lock), ipywidgets, comm and filelock (at the versions of the
  ``site`` extra in ``pyproject.toml``), and the course's own wheel, built here;
- JupyterLite, the Pyodide kernel and the ipywidgets front end from the build environment.

All of these are served by the site itself. Pyodide's compiled packages (numpy, pandas,
matplotlib and the rest of its lock) are fetched by the learner's browser from the official
Pyodide CDN of the same version, when a cell first needs them: cells with tables and plots need
a connection, everything else works offline. Learners' notebooks and answers stay in their
browser (``/drive``, kept in IndexedDB).

Downloads are kept in ``build/site-downloads/`` (pinned files, reused); the site is not.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

REPOSITORY = Path(__file__).resolve().parents[2]
LESSONS = REPOSITORY / "lessons"
DOWNLOADS = REPOSITORY / "build" / "site-downloads"

KERNEL_NEEDS = ("micropip", "ipython", "jedi")
"""What the Pyodide kernel loads from Pyodide's lock when it starts (with their dependencies)."""
KERNEL_WHEELS = ("piplite", "pyodide_kernel", "ipykernel")
"""The kernel's own wheels (shipped in its extension), added to the lock so that Pyodide loads
them with the rest in one parallel step as it starts, instead of installing them one by one."""
SERVED_FROM_PYPI = ("comm", "ipywidgets", "filelock")
"""Packages not in Pyodide's lock that the kernel or the course needs, at the build's versions."""
COURSE = "guarantees-course"
COURSE_NEEDS = ("ipywidgets", "filelock")
"""What the course loads with it in the browser; pandas and matplotlib come when first used."""
PRELOADED = ("micropip", "piplite", "ipykernel", "pyodide-kernel", "comm", "jedi", "ipython") + (
    COURSE,
)
"""What Pyodide loads as it starts: the kernel and the course, so a lesson's first cell is quick."""
FRONT_END_ONLY = {"jupyterlab-widgets", "widgetsnbextension"}
"""Dependencies that carry only the front end, which the site serves itself."""
EXTENSIONS = ("@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager")
PYODIDE_FILES = ("*.mjs", "*.js", "*.wasm", "*.zip", "package.json", "pyodide-lock.json")
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
LOCAL_PYODIDE = "./static/pyodide/pyodide.mjs"


def pyodide_version() -> str:
    """The Pyodide version the installed Pyodide kernel is built for."""
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

    return PYODIDE_VERSION


def cdn_url() -> str:
    """The official CDN folder of that Pyodide version's packages."""
    from jupyterlite_pyodide_kernel.constants import PYODIDE_CDN_URL

    return PYODIDE_CDN_URL


def build_site(output: Path, downloads: Path = DOWNLOADS) -> Path:
    """Build the site into ``output`` (emptied first); returns ``output``."""
    output = output.resolve()
    shutil.rmtree(output, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="course-site-") as scratch:
        lite = Path(scratch) / "lite"
        pyodide = lite / "static" / "pyodide"
        unpack_pyodide(downloads, pyodide)
        wheels = [
            *download_wheels(downloads, pyodide),
            *kernel_wheels(),
            build_course_wheel(Path(scratch)),
        ]
        write_lock(pyodide, wheels)
        write_config(lite, output, copy_lessons(Path(scratch) / "lessons"))
        subprocess.run(
            [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite)],
            cwd=lite,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    check_site(output)
    return output


def unpack_pyodide(downloads: Path, target: Path) -> None:
    """Pyodide's runtime, from npm's ``pyodide`` package, into ``target``."""
    version = pyodide_version()
    archive = downloads / f"pyodide-{version}.tgz"
    if not archive.is_file():
        downloads.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "pack", f"pyodide@{version}", "--pack-destination", str(downloads)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    target.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.count("/") == 1]
        for member in members:
            name = member.name.split("/", 1)[1]
            if any(Path(name).match(pattern) for pattern in PYODIDE_FILES):
                (target / name).write_bytes(tar.extractfile(member).read())


def download_wheels(downloads: Path, target: Path) -> list[Path]:
    """The pure-Python wheels the site serves, from PyPI, copied into ``target``."""
    lock = json.loads((target / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"]
    wanted = {name: lock[name]["version"] for name in closure(lock, KERNEL_NEEDS)}
    wanted |= {name: importlib.metadata.version(name) for name in SERVED_FROM_PYPI}
    folder = downloads / "wheels"
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"),
            *("--only-binary=:all:", "--implementation", "py", "--abi", "none"),
            *("--platform", "any", "--python-version", lock_python(target)),
            *("--dest", str(folder)),
            *(f"{name}=={version}" for name, version in sorted(wanted.items())),
        ],
        check=True,
    )
    found = {}
    for wheel in folder.glob("*.whl"):
        name, version, _, _ = parse_wheel_filename(wheel.name)
        if wanted.get(name) == str(version):
            found[name] = shutil.copy2(wheel, target / wheel.name)
    missing = sorted(set(wanted) - set(found))
    if missing:
        raise RuntimeError(f"No pure-Python wheel downloaded for {', '.join(missing)}")
    return [Path(path) for path in found.values()]


def kernel_wheels() -> list[Path]:
    """The Pyodide kernel's own wheels, from its JupyterLab extension in this environment."""
    pypi = Path(sys.prefix) / "share/jupyter/labextensions" / EXTENSIONS[0] / "static/pypi"
    return [next(pypi.glob(f"{name}-*.whl")) for name in KERNEL_WHEELS]


def lock_python(pyodide: Path) -> str:
    """The Python version (major.minor) of the Pyodide runtime in ``pyodide``."""
    info = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    return ".".join(info["python"].split(".")[:2])


def closure(lock: dict, names: tuple[str, ...]) -> set[str]:
    """``names`` and everything they depend on in a Pyodide lock's packages."""
    found, waiting = set(), list(names)
    while waiting:
        name = canonicalize_name(waiting.pop())
        if name not in found:
            found.add(name)
            waiting += lock[name]["depends"]
    return found


def build_course_wheel(scratch: Path) -> Path:
    """The course's own wheel, built from this repository."""
    folder = scratch / "course-wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(folder)]
        + [str(REPOSITORY)],
        check=True,
    )
    return next(folder.glob("*.whl"))


def write_lock(pyodide: Path, wheels: list[Path]) -> None:
    """Rewrite Pyodide's lock: the site's wheels from the site, every other package from the
    official CDN of the same Pyodide version."""
    path = pyodide / "pyodide-lock.json"
    lock = json.loads(path.read_text(encoding="utf-8"))
    packages = lock["packages"]
    for entry in packages.values():
        entry["file_name"] = f"{cdn_url()}/{entry['file_name']}"
    for wheel in wheels:
        name = parse_wheel_filename(wheel.name)[0]
        if name in packages:  # Pyodide's own entry, with its dependencies, served from here
            packages[name].update(file_name=wheel.name, sha256=sha256(wheel))
        else:
            packages[name] = wheel_entry(wheel)
        if wheel.parent != pyodide:
            shutil.copy2(wheel, pyodide / wheel.name)
    for entry in packages.values():
        if not entry["file_name"].startswith("http"):
            entry["depends"] = [d for d in entry["depends"] if canonicalize_name(d) in packages]
    packages[COURSE]["depends"] = list(COURSE_NEEDS)
    path.write_text(json.dumps(lock, indent=1, sort_keys=True), encoding="utf-8")


def wheel_entry(wheel: Path) -> dict:
    """A Pyodide lock entry for a pure-Python wheel served beside the runtime. Dependencies
    under an environment marker are left out: none of the site's own wheels has one it needs."""
    name, version, _, _ = parse_wheel_filename(wheel.name)
    with zipfile.ZipFile(wheel) as archive:
        files = archive.namelist()
        metadata = next(f for f in files if f.endswith(".dist-info/METADATA"))
        text = archive.read(metadata).decode("utf-8")
    requirements = [
        Requirement(line.split(":", 1)[1].strip())
        for line in text.splitlines()
        if line.startswith("Requires-Dist:")
    ]
    depends = [
        canonicalize_name(r.name)
        for r in requirements
        if r.marker is None and canonicalize_name(r.name) not in FRONT_END_ONLY
    ]
    top_level = {f.split("/", 1)[0] for f in files if "/" in f and f.endswith(".py")}
    top_level |= {f[:-3] for f in files if "/" not in f and f.endswith(".py")}
    return {
        "name": name,
        "version": str(version),
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": sha256(wheel),
        "package_type": "package",
        "imports": sorted(t for t in top_level if t.isidentifier()),
        "depends": depends,
        "unvendored_tests": False,
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_lessons(folder: Path) -> Path:
    """The lesson notebooks alone (never a developer's saved answers beside them)."""
    folder.mkdir()
    for lesson in sorted(LESSONS.glob("*.ipynb")):
        shutil.copy2(lesson, folder / lesson.name)
    return folder


def write_config(lite: Path, output: Path, lessons: Path) -> None:
    """JupyterLite's build settings and the site's settings, in the scratch folder ``lite``."""
    labextensions = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    build = {
        "LiteBuildConfig": {
            "output_dir": str(output),
            "contents": [str(lessons)],
            "ignore_sys_prefix": True,
            "federated_extensions": [str(labextensions / name) for name in EXTENSIONS],
            "no_sourcemaps": True,
        }
    }
    (lite / "jupyter_lite_config.json").write_text(json.dumps(build, indent=1), encoding="utf-8")
    site = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Security guarantees: a course",
            "litePluginSettings": {
                KERNEL_PLUGIN: {
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": list(PRELOADED)},
                }
            },
        },
    }
    (lite / "jupyter-lite.json").write_text(json.dumps(site, indent=1), encoding="utf-8")


def check_site(output: Path) -> None:
    """The built site runs Pyodide from its own files, and serves every wheel it names."""
    config = json.loads((output / "jupyter-lite.json").read_text(encoding="utf-8"))
    kernel = config["jupyter-config-data"]["litePluginSettings"][KERNEL_PLUGIN]
    if kernel.get("pyodideUrl") != LOCAL_PYODIDE or not (output / LOCAL_PYODIDE).is_file():
        raise RuntimeError(f"The site's kernel does not load the site's Pyodide: {kernel}")
    lock = json.loads((output / "static/pyodide/pyodide-lock.json").read_text(encoding="utf-8"))
    for entry in lock["packages"].values():
        local = not entry["file_name"].startswith(cdn_url())
        if local and not (output / "static/pyodide" / entry["file_name"]).is_file():
            raise RuntimeError(f"The site's Pyodide lock names a missing file: {entry}")


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("output", type=Path, help="the folder to build into (emptied first)")
    site = build_site(arguments.parse_args(argv).output)
    print(f"Built {site} (Pyodide {pyodide_version()}; packages Pyodide builds: {cdn_url()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
