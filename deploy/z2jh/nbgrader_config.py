"""nbgrader settings for every user on Zero to JupyterHub: the course and the ngshare exchange.

The user image installs this file as /etc/jupyter/nbgrader_config.py (deploy/z2jh/Dockerfile).
nbgrader then fetches, submits, collects and releases through ngshare, a JupyterHub service that
keeps the exchange in its own database and storage and knows each user by their hub token: a
student reaches only the course's releases, their own submissions and their own feedback, and
each submission's time is the service's clock, not the student's. deploy/README.md, section C.

GUARANTEES_COURSE_ID   guarantees   the course id in ngshare (and nbgrader)
GUARANTEES_NGSHARE_URL (found)      ngshare's address; unset on Kubernetes, where ngshare_exchange
                                    finds the service as http://proxy-public/services/ngshare
"""

import os

from ngshare_exchange import configureExchange

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = os.environ.get("GUARANTEES_COURSE_ID", "guarantees")
configureExchange(c, os.environ.get("GUARANTEES_NGSHARE_URL") or None)
