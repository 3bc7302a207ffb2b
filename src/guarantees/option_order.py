"""The order in which a student sees a question's options: shuffled, the same on every run.

Each student sees the options of a single- or multiple-choice question, the right-hand column of
a matching question and the starting list of an ordering question in an order of their own. The
order is the options sorted by the SHA-256 digest of (student, notebook, question id, option):
stable across restarts and re-runs, different between students and between questions, and
independent of the order the author wrote. Answers are saved as option texts (multiple choice in
the authored order), so saving, grading and the item analysis never depend on the order shown.

The student is ``JUPYTERHUB_USER`` on a hub (the hub's name for the student), otherwise the
login name of the computer (a student working on their own machine); a kernel without either
uses ``"student"``.

>>> options = ["1991", "1994", "2008", "2014"]
>>> ann = shuffled(options, "ann\\nlesson", "q1")
>>> sorted(ann) == options and ann == shuffled(options, "ann\\nlesson", "q1")
True
>>> ann != shuffled(options, "ben\\nlesson", "q1")
True
"""

from __future__ import annotations

import getpass
import hashlib
import os
from collections.abc import Mapping, Sequence

FALLBACK_STUDENT = "student"


def student_identity(environment: Mapping[str, str] | None = None) -> str:
    """Who is working: the hub's user name, else the computer's login name, else "student".

    >>> student_identity({"JUPYTERHUB_USER": "ann"})
    'ann'
    """
    environment = os.environ if environment is None else environment
    if environment.get("JUPYTERHUB_USER"):
        return environment["JUPYTERHUB_USER"]
    try:
        return getpass.getuser() or FALLBACK_STUDENT
    except (OSError, KeyError, ImportError):  # no login name (a container's anonymous user)
        return FALLBACK_STUDENT


def order_seed(notebook: str, student: str | None = None) -> str:
    """The text that, with a question id, fixes the order one student sees in one notebook."""
    return f"{student_identity() if student is None else student}\n{notebook}"


def shuffled(options: Sequence[str], seed: str, question_id: str) -> list[str]:
    """``options`` in the order shown to the student and notebook of ``seed``."""

    def rank(option: str) -> str:
        return hashlib.sha256(f"{seed}\n{question_id}\n{option}".encode()).hexdigest()

    return sorted(options, key=rank)
