"""The item-analysis report of one assignment: HTML (with plots) and CSV, readable without Jupyter.

Scores come from the nbgrader gradebook (autograded and manual); the answers given to widget
questions come from the submitted answers files, compared with the instructor's key to find the
most common wrong answer.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import jinja2
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from nbgrader.api import Gradebook  # noqa: E402

from guarantees import scoring  # noqa: E402
from guarantees.answers import AnswerStore  # noqa: E402
from guarantees.grading.answer_keys import read_answer_key  # noqa: E402
from guarantees.grading.item_analysis import (  # noqa: E402
    answer_distribution,
    item_statistics,
    most_common_wrong,
    option_picks,
)
from guarantees.layout import Layout  # noqa: E402
from guarantees.question_cells import read_question_cells  # noqa: E402

TEMPLATE = jinja2.Template(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ assignment }}: item analysis</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem}
th{background:#f3f3f3}.low{color:#b00}</style></head><body>
<h1>{{ assignment }}: item analysis</h1>
<p>{{ students }} graded students; mean total {{ "%.2f"|format(mean_total) }} of {{ max_total }}
points in the questions whose grading is final (manual questions appear once graded).
Difficulty is the mean share of the points earned (1 = everyone right). Discrimination is the
correlation between a question and the rest of the assignment: values near 0 or below
(<span class="low">marked</span>) mean the question did not separate stronger from weaker work.
Upper–lower is the share earned by the top 27 % minus the bottom 27 %.</p>
<h2>Questions</h2>
<table><thead><tr><th>Question</th><th>Points</th><th>Mean</th><th>Difficulty</th>
<th>Discrimination</th><th>Upper–lower</th><th>Most common wrong answer</th></tr></thead><tbody>
{% for row in items %}<tr><td>{{ row.question }}</td><td>{{ row.points }}</td>
<td>{{ "%.2f"|format(row.mean) }}</td><td>{{ "%.2f"|format(row.difficulty) }}</td>
<td class="{{ 'low' if row.discrimination is not none and row.discrimination < 0.2 }}">
{{ "—" if row.discrimination is none else "%.2f"|format(row.discrimination) }}</td>
<td>{{ "%.2f"|format(row.upper_lower) }}</td><td>{{ row.wrong }}</td></tr>
{% endfor %}</tbody></table>
<figure><img alt="Bar chart of difficulty per question"
 src="data:image/png;base64,{{ difficulty_plot }}">
<figcaption>Figure 1: difficulty per question (share of points earned).</figcaption></figure>
<figure><img alt="Histogram of total scores" src="data:image/png;base64,{{ totals_plot }}">
<figcaption>Figure 2: distribution of total scores.</figcaption></figure>
<h2>Answers to widget questions</h2>
<p>Each student saw the options in a shuffled order of their own; answers are saved as option
texts, so the tables name the options as authored, in the order the author wrote them.</p>
{% for question, table in distributions %}<h3>{{ question }}</h3>{{ table }}
{% if question in picks %}<p>How often each option was picked:</p>{{ picks[question] }}{% endif %}
{% endfor %}
<h2>Students</h2>{{ students_table }}
</body></html>"""
)


def gradebook_scores(
    db_url: str, assignment: str, failed: frozenset[str] = frozenset()
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Points per student (rows) and grade cell (columns), and points available per cell.

    Cells still waiting for manual grading are left out (their scores are not final), and so are
    the ``failed`` students: nbgrader could not finish their notebooks.
    """
    rows, points, pending = {}, {}, set()
    with Gradebook(db_url) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            if submission.student.id in failed:
                continue
            scores = {}
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    scores[grade.name] = float(grade.score or 0)
                    points[grade.name] = float(grade.max_score)
                    if grade.needs_manual_grade:
                        pending.add(grade.name)
            rows[submission.student.id] = scores
    table = pd.DataFrame.from_dict(rows, orient="index", dtype=float).fillna(0.0).sort_index()
    final = [cell for cell in sorted(points) if cell not in pending]
    return table[final], {cell: points[cell] for cell in final}


def widget_answers(
    layout: Layout, assignment: str, students: list[str]
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """For each widget question some student answered: the distribution of saved answers; and
    for each choice question, how often each authored option was picked."""
    distributions, picks = {}, {}
    for key_file in sorted(layout.answer_keys(assignment).glob("*.json")):
        notebook = key_file.stem
        key = read_answer_key(key_file)
        given: dict[str, list] = {question: [] for question in key}
        for student in students:
            path = layout.saved_answers(student, assignment, notebook)
            saved = AnswerStore(path, notebook, read_only=True).load() if path.exists() else {}
            for question, answer in saved.items():
                if question in given and answer.kind == key[question].kind:
                    given[question].append(answer.value)
        for question, answers in given.items():
            if not answers:  # a code question, or nobody answered
                continue
            right = []
            for answer in answers:
                try:
                    right.append(scoring.score(key[question], answer).is_correct)
                except (TypeError, ValueError):
                    right.append(False)
            distributions[question] = answer_distribution(answers, right)
            entry = key[question]
            if entry.kind in CHOICE_KINDS and "options" in entry.params:
                keyed = entry.answer if isinstance(entry.answer, list) else [entry.answer]
                picks[question] = option_picks(answers, entry.params["options"], keyed)
    return distributions, picks


def _plot(draw) -> str:
    figure, axes = plt.subplots(figsize=(7, 3))
    draw(axes)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90)
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode()


CHOICE_KINDS = ("single_choice", "multiple_choice")
SCORED = ("graded", "flagged")
"""The statuses in grades.csv whose score is in the gradebook (``batch.SCORED``)."""


def not_graded(layout: Layout, assignment: str) -> frozenset[str]:
    """Students ``guarantees grade`` could not grade (a server gradebook may still list them)."""
    grades = layout.reports(assignment) / "grades.csv"
    if not grades.exists():
        return frozenset()
    table = pd.read_csv(grades, dtype={"student_id": str})
    return frozenset(table.loc[~table["status"].isin(SCORED), "student_id"])


def write_report(root: Path, assignment: str) -> Path:
    """Write report.html, items.csv and students.csv in the assignment's reports folder (by
    default reports/ASSIGNMENT/); return the HTML path."""
    layout = Layout.of(root)
    failed = not_graded(layout, assignment)
    scores, points = gradebook_scores(layout.nbgrader.db_url, assignment, failed)
    if scores.empty:
        raise ValueError(f"no graded submissions of {assignment} in the gradebook")
    items = item_statistics(scores, points)
    distributions, picks = widget_answers(layout, assignment, list(scores.index))
    questions = {
        cell.grade_id: cell.question
        for path in layout.source(assignment).glob("*.ipynb")
        for cell in read_question_cells(path)
    }
    items["most_common_wrong_answer"] = [
        most_common_wrong(distributions[questions[cell]])
        if questions.get(cell) in distributions
        else ""
        for cell in items.index
    ]
    folder = layout.reports(assignment)
    folder.mkdir(parents=True, exist_ok=True)
    items.to_csv(folder / "items.csv", index_label="grade_id")
    totals = scores.sum(axis=1).rename("total").to_frame()
    totals["max_total"] = sum(points.values())
    totals.to_csv(folder / "students.csv", index_label="student_id")

    def difficulty(axes):
        axes.barh(items.index, items["difficulty"], color="#4c72b0")
        axes.set_xlim(0, 1)
        axes.set_xlabel("difficulty (share of points earned)")
        axes.set_ylabel("question (grade id)")
        axes.set_title("Difficulty per question")

    def totals_histogram(axes):
        axes.hist(totals["total"], bins=min(10, max(3, len(totals) // 2)), color="#55a868")
        axes.set_xlabel("total score (points)")
        axes.set_ylabel("students (count)")
        axes.set_title("Total scores")

    html = TEMPLATE.render(
        assignment=assignment,
        students=len(scores),
        mean_total=float(totals["total"].mean()),
        max_total=f"{sum(points.values()):g}",
        items=[
            {
                "question": cell,
                "points": f"{row['points']:g}",
                "mean": row["mean"],
                "difficulty": row["difficulty"],
                "discrimination": None if pd.isna(row["discrimination"]) else row["discrimination"],
                "upper_lower": row["upper_lower"],
                "wrong": ""
                if pd.isna(row["most_common_wrong_answer"])
                else row["most_common_wrong_answer"],
            }
            for cell, row in items.iterrows()
        ],
        difficulty_plot=_plot(difficulty),
        totals_plot=_plot(totals_histogram),
        distributions=[
            (question, table.to_html(index=False)) for question, table in distributions.items()
        ],
        picks={question: table.to_html(index=False) for question, table in picks.items()},
        students_table=totals.to_html(),
    )
    path = folder / "report.html"
    path.write_text(html, encoding="utf-8")
    return path
