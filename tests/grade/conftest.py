"""Fresh nbgrader gradebooks for the grading tests, copied from one made once (nbgrader runs
alembic, a few seconds, for every gradebook it makes)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from guarantees.layout import nbgrader_environment


@pytest.fixture(scope="session")
def new_gradebook(tmp_path_factory) -> Callable[[Path], str]:
    """``new_gradebook(folder)``: an empty SQLite gradebook made by nbgrader, as
    ``folder/gradebook.db``; its URL."""
    template = tmp_path_factory.mktemp("gradebook") / "gradebook.db"
    with pytest.MonkeyPatch.context() as patch:
        # nbgrader runs this environment's alembic
        patch.setenv("PATH", nbgrader_environment()["PATH"])
        with Gradebook(f"sqlite:///{template}"):
            pass

    def make(folder: Path) -> str:
        shutil.copy(template, folder / "gradebook.db")
        return f"sqlite:///{folder / 'gradebook.db'}"

    return make
