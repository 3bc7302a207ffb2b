#!/usr/bin/env bash
# Install the guarantees course into the single-user environment of a JupyterHub.
#
#   deploy/install-course-env.sh ENV [COURSE]
#
# ENV     the environment every user server runs in: created as a virtual environment (from
#         $PYTHON, default /usr/bin/python3) when it does not exist, e.g. /opt/guarantees-course;
#         an existing one, such as The Littlest JupyterHub's /opt/tljh/user, is installed into.
# COURSE  what pip installs: the course's wheel (deploy/README.md, step 4), guarantees-course
#         from PyPI, or a clone of the course (default: the one holding this script). A clone
#         holds the published keys and solutions: one that other users can read is refused.
#
# Then, in ENV: the instructor tools (formgrader, assignment creator) are off for everyone and
# switched back on for instructors by jupyterhub_config.py; every user's nbgrader knows the course
# and the exchange (etc/jupyter/nbgrader_config.py). Run as root; running it again updates ENV.
set -euo pipefail

if [ $# -lt 1 ]; then
    sed -n '2,17p' "$0"
    exit 2
fi
env_dir=$1
here=$(cd "$(dirname "$0")" && pwd)
course=${2:-$(dirname "$here")}
python=${PYTHON:-/usr/bin/python3}

if [ -d "$course/answer_keys" ] && [ "$(id -u)" = 0 ] \
    && runuser -u nobody -- test -r "$course/answer_keys" 2>/dev/null; then
    echo "install-course-env.sh: other users can read $course/answer_keys: move the clone where" \
        "only root can read it, or install the course's wheel (deploy/README.md, step 4)" >&2
    exit 1
fi

if [ ! -x "$env_dir/bin/python" ]; then
    "$python" -m venv "$env_dir"
fi
"$env_dir/bin/python" -m pip install --quiet --upgrade pip
# jupyterhub brings jupyterhub-singleuser, the program the hub starts for each user.
"$env_dir/bin/python" -m pip install --quiet "$course" "jupyterhub${JUPYTERHUB_VERSION:+==$JUPYTERHUB_VERSION}"
# the course itself anew, even at an unchanged version number (an update from a clone)
"$env_dir/bin/python" -m pip install --quiet --force-reinstall --no-deps "$course"

jupyter="$env_dir/bin/jupyter"
"$jupyter" labextension disable --level=sys_prefix @jupyter/nbgrader:formgrader
"$jupyter" labextension disable --level=sys_prefix @jupyter/nbgrader:create-assignment
"$jupyter" server extension disable --sys-prefix nbgrader.server_extensions.formgrader

install -D -m 0644 "$here/nbgrader_config.py" "$env_dir/etc/jupyter/nbgrader_config.py"
mkdir -p "$env_dir/etc/jupyter-instructors"
cp -R "$here/instructor-config/." "$env_dir/etc/jupyter-instructors/"
chmod -R a+rX "$env_dir"
echo "Installed the guarantees course into $env_dir"
