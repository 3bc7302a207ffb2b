"""Two students see a0_practice's options in different orders, answer by clicking the options where
each sees them, and are both graded right by nbgrader and ``guarantees grade``: grading never
depends on the order shown. Expected scores come from the source notebook's points."""

from __future__ import annotations

import csv
import json
import shutil

import nbformat
import pytest
from helpers import autograded_cells, guarantees, make_course, nbgrader, run_notebook

ASSIGNMENT = "a0_practice"
STUDENTS = ("ann", "ben")
ANSWER_BY_POSITION = """
import json
strike, attributed = assignment["a0-strike"], assignment["a0-attributed"]
shown = {{
    "a0-strike": list(strike.input.options),
    "a0-attributed": [box.description for box in attributed._boxes],
}}
strike.input.index = shown["a0-strike"].index({strike!r})  # a click on the right radio button
for position, box in enumerate(attributed._boxes):  # clicks on the right boxes, by position
    box.value = shown["a0-attributed"][position] in {attributed!r}
print("SHOWN " + json.dumps(shown))
"""


@pytest.mark.pipeline
def test_students_with_different_option_orders_are_both_graded_right(tmp_path):
    course = make_course(tmp_path / "course")
    exchange = tmp_path / "exchange"
    source = course / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    key = json.loads((course / "answer_keys" / ASSIGNMENT / f"{ASSIGNMENT}.json").read_text())
    answers = {q: key["questions"][q]["answer"] for q in ("a0-strike", "a0-attributed")}
    nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course, exchange=exchange)

    shown = {}
    for student in STUDENTS:
        folder = course / "submitted" / student / ASSIGNMENT
        shutil.copytree(course / "release" / ASSIGNMENT, folder)
        notebook = folder / f"{ASSIGNMENT}.ipynb"
        cell = ANSWER_BY_POSITION.format(
            strike=answers["a0-strike"], attributed=answers["a0-attributed"]
        )
        executed = run_notebook(
            notebook, folder, [cell], allow_errors=True, env={"JUPYTERHUB_USER": student}
        )
        printed = executed.cells[-1].outputs[0]["text"]
        shown[student] = json.loads(printed.split("SHOWN ", 1)[1])
        nbformat.write(executed, notebook)
        (folder / "timestamp.txt").write_text("2026-11-28 09:00:00.000000 UTC")

    assert shown["ann"] != shown["ben"], "the two students should see different orders"
    for question, options in shown["ann"].items():
        assert sorted(options) == sorted(shown["ben"][question])

    graded = guarantees("grade", ASSIGNMENT, "--workers", "2", cwd=course, timeout=600)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    with open(course / "reports" / ASSIGNMENT / "grades.csv", encoding="utf-8") as file:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(file)}
    points = autograded_cells(source)
    widget_points = points["a0-strike-test"] + points["a0-attributed-test"]
    assert scores == {"ann": pytest.approx(widget_points), "ben": pytest.approx(widget_points)}
