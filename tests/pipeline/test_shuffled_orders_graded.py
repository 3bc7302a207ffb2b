"""Two students see a0_practice's options in different orders, answer by clicking the options where
each sees them, and are both graded right by nbgrader and ``guarantees grade``: grading never
depends on the order shown. Expected scores come from the source notebook's points; the report
counts each option's picks under the option as authored."""

from __future__ import annotations

import csv
import html
import json
import re
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

    # the report counts the picks of each option in the author's order, whatever order was shown
    assert guarantees("report", ASSIGNMENT, cwd=course).returncode == 0
    report = (course / "reports" / ASSIGNMENT / "report.html").read_text(encoding="utf-8")
    options = key["questions"]["a0-attributed"]["options"]
    table = report.split("<h3>a0-attributed</h3>", 1)[1].split("How often each option", 1)[1]
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(\d+)</td>", table.split("</table>")[0])
    assert [html.unescape(option) for option, _ in rows] == options
    picked = [int(count) for _, count in rows]
    assert picked == [2 if option in answers["a0-attributed"] else 0 for option in options]
