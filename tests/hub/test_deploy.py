"""The deploy files agree with each other: the Kubernetes values set what the shipped hub
configuration reads, the user image copies what exists and uses ngshare, and the README's
commands name real files. The hub configuration gives each spawner its limits as JupyterHub loads
it, and the install script refuses a clone that other users can read. (The one-server set-up
itself runs in test_hub.py, ngshare in test_ngshare.py.)"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml
from helpers import REPO
from hub.system_users import need_root
from traitlets.config import Config

DEPLOY = REPO / "deploy"
CONFIG = (DEPLOY / "jupyterhub_config.py").read_text()
VALUES = yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text())


def default_of(variable: str, text: str) -> str:
    """The default a configuration file gives ``os.environ.get(variable, default)``."""
    return re.search(rf'os\.environ\.get\(\s*"{variable}",\s*"([^"]+)"', text).group(1)


def test_every_setting_the_hub_configuration_reads_is_documented_and_set_on_kubernetes():
    read = set(re.findall(r'os\.environ\.get\(\s*"(GUARANTEES_\w+)"', CONFIG))
    assert {"GUARANTEES_COURSE_ENV", "GUARANTEES_ROSTER", "GUARANTEES_SPAWNER"} <= read
    readme = (DEPLOY / "README.md").read_text()
    for variable in read:
        assert variable in CONFIG.split('"""')[1], f"{variable} missing from the docstring"
        assert variable in readme, variable
    assert set(VALUES["hub"]["extraEnv"]) <= read
    assert "GUARANTEES_SPAWNER" not in VALUES["hub"]["extraEnv"], "Kubernetes keeps KubeSpawner"


def test_one_exchange_path_everywhere_on_one_server():
    exchange = default_of("GUARANTEES_EXCHANGE", CONFIG)
    assert exchange == default_of(
        "GUARANTEES_EXCHANGE", (DEPLOY / "nbgrader_config.py").read_text()
    )
    assert f"GUARANTEES_EXCHANGE:-{exchange}" in (DEPLOY / "prepare-server.sh").read_text()


def test_kubernetes_uses_ngshare_and_no_shared_volume():
    singleuser = VALUES["singleuser"]
    assert "storage" not in singleuser and "initContainers" not in singleuser
    assert VALUES["hub"]["services"]["ngshare"]["url"].startswith("http://ngshare:")
    config = (DEPLOY / "z2jh" / "nbgrader_config.py").read_text()
    assert "configureExchange(c" in config
    dockerfile = (DEPLOY / "z2jh" / "Dockerfile").read_text()
    assert "ngshare-exchange==" in dockerfile
    assert "deploy/z2jh/nbgrader_config.py" in dockerfile
    assert "/opt/conda/etc/jupyter/nbgrader_config.py" in dockerfile


def test_kubernetes_mounts_the_configuration_where_the_hub_loads_it_and_the_rosters_beside():
    files = VALUES["hub"]["extraFiles"]
    roster = VALUES["hub"]["extraEnv"]["GUARANTEES_ROSTER"]
    assert files["guarantees"]["mountPath"].startswith(
        "/usr/local/etc/jupyterhub/jupyterhub_config.d/"
    )
    assert files["instructors"]["mountPath"] == f"{roster}/instructors.txt"
    assert files["students"]["mountPath"] == f"{roster}/students.txt"
    for key in files:
        assert f"--set-file hub.extraFiles.{key}.stringData=" in (DEPLOY / "README.md").read_text()


def test_the_user_image_copies_what_exists_and_runs_the_install_script():
    dockerfile = (DEPLOY / "z2jh" / "Dockerfile").read_text()
    for line in dockerfile.splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (REPO / source).exists(), source
    assert "deploy/install-course-env.sh /opt/conda" in dockerfile
    assert VALUES["hub"]["extraEnv"]["GUARANTEES_COURSE_ENV"] == "/opt/conda"


def test_the_readme_names_real_files():
    readme = (DEPLOY / "README.md").read_text()
    for name in re.findall(r"deploy/([\w./-]+\.(?:py|sh|yaml|md))", readme):
        assert (DEPLOY / name).is_file(), name
    assert (DEPLOY / "install-course-env.sh").stat().st_mode & 0o111, "the script is executable"


def hub_settings(monkeypatch, **environment: str) -> Config:
    """What the shipped jupyterhub_config.py sets, loaded as JupyterHub loads it."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config = Config()
    path = DEPLOY / "jupyterhub_config.py"
    exec(compile(CONFIG, str(path), "exec"), {"get_config": lambda: config, "__file__": str(path)})
    return config


def test_the_systemd_spawner_holds_each_user_to_the_limits(monkeypatch):
    config = hub_settings(monkeypatch, GUARANTEES_SPAWNER="systemd", GUARANTEES_TASKS="99")
    assert config.JupyterHub.spawner_class == "systemdspawner.SystemdSpawner"
    assert (config.Spawner.mem_limit, config.Spawner.cpu_limit) == ("2G", 1.0)
    systemd = config.SystemdSpawner
    assert systemd.unit_extra_properties == {"TasksMax": "99"}
    assert systemd.isolate_tmp and systemd.isolate_devices and systemd.disable_user_sudo


def test_the_local_spawner_gets_the_process_limit_and_others_keep_their_spawner(monkeypatch):
    local = hub_settings(monkeypatch, GUARANTEES_SPAWNER="local", GUARANTEES_TASKS="99")
    assert local.Spawner.cmd[:2] == ["/usr/bin/prlimit", "--nproc=99"]
    assert local.Spawner.cmd[2].endswith("/bin/jupyterhub-singleuser")
    monkeypatch.delenv("GUARANTEES_SPAWNER")
    unset = hub_settings(monkeypatch)
    assert "spawner_class" not in unset.JupyterHub, "TLJH's or Kubernetes' spawner is kept"
    assert unset.Spawner.cmd[0].endswith("/bin/jupyterhub-singleuser")


def test_the_install_script_refuses_a_clone_that_other_users_can_read(tmp_path):
    need_root("reading the clone as another user")
    clone = Path(tempfile.mkdtemp(prefix="guarantees-clone-"))  # in /tmp, open to all
    try:
        clone.chmod(0o755)
        (clone / "answer_keys").mkdir(mode=0o755)
        script = DEPLOY / "install-course-env.sh"
        environment = tmp_path / "environment"
        result = subprocess.run(
            ["bash", script, environment, clone], capture_output=True, text=True, timeout=60
        )
    finally:
        shutil.rmtree(clone)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"other users can read {clone}/answer_keys" in result.stderr
    assert not environment.exists(), "nothing was installed"
