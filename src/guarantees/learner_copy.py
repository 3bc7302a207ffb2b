"""A learner's own copy of the course: lessons and datasets copied out of the installed package.

Nothing already in the learner's folder is overwritten: answers, notes and edited lessons stay.
A newer version of the course adds its new lessons beside the old ones.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from guarantees.layout import COURSE_FILES, DATASETS_DIRECTORY, LESSONS_DIRECTORY

PARTS = (LESSONS_DIRECTORY, DATASETS_DIRECTORY)


def copy_course(folder: Path, source: Path = COURSE_FILES) -> list[str]:
    """Copy what is missing into ``folder``; return one line per file saying what happened."""
    report = []
    for part in PARTS:
        for original in sorted((source / part).iterdir()):
            if original.name.startswith(".") or not original.is_file():
                continue
            target = folder / part / original.name
            if target.exists():
                report.append(f"kept    {part}/{original.name} (already there)")
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(original, target)
            report.append(f"copied  {part}/{original.name}")
    return report
