"""nbgrader settings for every user of the hub: the course and the shared exchange.

deploy/install-course-env.sh installs this file as <environment>/etc/jupyter/nbgrader_config.py
(or copy it to /etc/jupyter/). Students fetch and submit with it; the instructor's course folder
has its own nbgrader_config.py, read after this one, which takes the exchange from the same
variable. The hub sets GUARANTEES_EXCHANGE for every user server (deploy/jupyterhub_config.py).
"""

import os

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = os.environ.get("GUARANTEES_COURSE_ID", "guarantees")
c.Exchange.root = os.environ.get("GUARANTEES_EXCHANGE", "/srv/nbgrader/exchange")
