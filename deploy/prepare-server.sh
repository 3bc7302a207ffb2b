#!/usr/bin/env bash
# Prepare a one-server JupyterHub for the guarantees course: the folders and accounts whose owner
# and mode keep instructor material, the hub's state and the class list away from students.
#
#   deploy/prepare-server.sh INSTRUCTOR
#
# INSTRUCTOR  the system account that releases and collects (it must exist: useradd first)
#
# Settings, from the environment, with their defaults:
#   GUARANTEES_EXCHANGE   /srv/nbgrader/exchange  nbgrader's exchange
#   GUARANTEES_COURSE_ID  guarantees              the course's folder in the exchange
#   GUARANTEES_HUB_STATE  /srv/jupyterhub         where the hub runs (its database, cookie secret)
#   GUARANTEES_ROSTER     /etc/jupyterhub         holds instructors.txt and students.txt
#   GUARANTEES_GRADER     guarantees-grader       the account that runs grading (made when missing)
#
# What it does (run as root; running it again changes nothing that is already right):
# - the exchange root 1777 (nbgrader requires it), and the course's folder in it made now, owned
#   by INSTRUCTOR: <course> 0755, outbound 0755, inbound 2733, feedback 0711, so no student can
#   make it first ("squat" it) and block the first release;
# - the hub's state folder 0700 root, the roster files 0640 root (the class list is private);
# - the grading account: a system account with a private home, no login shell and no hub
#   account, so it never has a hub token (deploy/grade-as-grader.py runs grading as it).
set -euo pipefail

if [ $# -ne 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
    sed -n '2,23p' "$0"
    exit 2
fi
instructor=$1
exchange=${GUARANTEES_EXCHANGE:-/srv/nbgrader/exchange}
course_id=${GUARANTEES_COURSE_ID:-guarantees}
state=${GUARANTEES_HUB_STATE:-/srv/jupyterhub}
roster=${GUARANTEES_ROSTER:-/etc/jupyterhub}
grader=${GUARANTEES_GRADER:-guarantees-grader}

if ! id -u "$instructor" >/dev/null 2>&1; then
    echo "prepare-server.sh: no system account $instructor: make it first (useradd)" >&2
    exit 1
fi
group=$(id -gn "$instructor")

install -d -o root -g root -m 1777 "$exchange"
course="$exchange/$course_id"
if [ -e "$course" ] && [ "$(stat -c %U "$course")" != "$instructor" ]; then
    echo "prepare-server.sh: $course exists and belongs to $(stat -c %U "$course"):" \
        "look at it, remove it, and run this again" >&2
    exit 1
fi
install -d -o "$instructor" -g "$group" -m 0755 "$course" "$course/outbound"
install -d -o "$instructor" -g "$group" -m 2733 "$course/inbound"
install -d -o "$instructor" -g "$group" -m 0711 "$course/feedback"

install -d -o root -g root -m 0700 "$state"
[ -d "$roster" ] || install -d -o root -g root -m 0755 "$roster"
for list in instructors.txt students.txt; do
    if [ -e "$roster/$list" ]; then
        chown root:root "$roster/$list"
        chmod 0640 "$roster/$list"
    fi
done

if ! id -u "$grader" >/dev/null 2>&1; then
    useradd --system --create-home --home-dir "/var/lib/$grader" -K HOME_MODE=0700 \
        --shell /usr/sbin/nologin --comment "guarantees course grading" "$grader"
fi
chmod 0700 "$(getent passwd "$grader" | cut -d: -f6)"
echo "Prepared: exchange $course (owner $instructor), hub state $state, rosters in $roster," \
    "grading account $grader"
