"""Grades for every assignment as one CSV, one row per student, ready for an LMS gradebook."""

from __future__ import annotations

import csv
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from guarantees.grading.gradebook import gradebook_url


def export_grades(root: Path, output: Path) -> Path:
    """Write ``output``: student details, one column per assignment (with its points), a total.

    A missing submission is an empty cell, so an LMS can tell it from a score of 0.
    """
    with Gradebook(gradebook_url(root.resolve())) as gradebook:
        assignments = sorted(gradebook.assignments, key=lambda a: (a.duedate is None, a.name))
        columns = [f"{a.name} ({a.max_score:g} points)" for a in assignments]
        rows = []
        for student in sorted(gradebook.students, key=lambda s: s.id):
            row = {
                "student_id": student.id,
                "last_name": student.last_name or "",
                "first_name": student.first_name or "",
                "email": student.email or "",
            }
            total = 0.0
            for assignment, column in zip(assignments, columns, strict=True):
                try:
                    score = gradebook.find_submission(assignment.name, student.id).score
                except MissingEntry:
                    row[column] = ""
                    continue
                row[column] = f"{score:g}"
                total += score
            row["total"] = f"{total:g}"
            rows.append(row)
        maximum = sum(a.max_score for a in assignments)
    output.parent.mkdir(parents=True, exist_ok=True)
    fields = ["student_id", "last_name", "first_name", "email", *columns, "total"]
    with open(output, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerow(
            {"student_id": "Points possible", **dict.fromkeys(columns, ""), "total": f"{maximum:g}"}
            | {c: f"{a.max_score:g}" for a, c in zip(assignments, columns, strict=True)}
        )
        writer.writerows(rows)
    return output
