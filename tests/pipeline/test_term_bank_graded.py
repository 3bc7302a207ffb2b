"""A private term bank, through the real pipeline: with a1-primary's pool in a bank outside the
course, two term seeds release notebooks that show different draws of options the public source
never listed, with no right-mark or explanation in sight, and a student answering each term's
key gets the question's points (from the public source) through ``guarantees grade``."""

from __future__ import annotations

import ast
import csv
import json
import shutil

import nbformat
import pytest
from helpers import REPO, guarantees, make_course, nbgrader, run_notebook

from guarantees.authoring.bank import BANK_VARIABLE
from guarantees.authoring.build import generated_files
from guarantees.authoring.sources import read_source
from guarantees.authoring.variants import TERM_SEED_VARIABLE
from guarantees.layout import Layout

ASSIGNMENT = "a1_reading_claims"
SOURCE = REPO / "content" / "assignments" / f"{ASSIGNMENT}.md"
QUESTION = "a1-primary"
SEEDS = ("spring-2027", "autumn-2027")
PRIVATE_OPTIONS = [
    "The post itself, as Trump published it on Truth Social that day",
    "A wire report that quotes a few lines of the post that evening",
    "A newspaper column that sums the post up a full week later",
    "A course table row that rates the claim the post goes on to make",
    "A television panel that discusses the post on the same evening",
    "A radio bulletin that reads out part of the post the next morning",
]
EXPLANATION = "Only the post itself holds the words as Trump wrote them."
BANK_EXERCISE = "\n".join(
    [
        f"```{{exercise}} {QUESTION}",
        ":kind: single_choice",
        ":show: 4",
        "",
        "Which of these is the primary source for the words Trump wrote on 18 August 2025?",
        "",
        *(f"- [{'x' if n == 0 else ' '}] {option}" for n, option in enumerate(PRIVATE_OPTIONS)),
        "",
        f"Explanation: {EXPLANATION}",
        "```",
    ]
)


def shown_options(notebook: nbformat.NotebookNode) -> list[str]:
    """The options the question's widget cell shows."""
    cell = next(c for c in notebook.cells if c.id == f"{QUESTION}-widget")
    call = ast.parse(cell.source).body[-1].value
    return ast.literal_eval(next(k.value for k in call.keywords if k.arg == "options"))


@pytest.mark.pipeline
def test_a_private_bank_gives_each_term_options_the_public_never_saw_and_grades_them(
    tmp_path, monkeypatch
):
    public = next(p.question for p in read_source(SOURCE) if p.question_id == QUESTION)
    assert not set(PRIVATE_OPTIONS) & set(public.choices), "the bank's pool must be private"
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / SOURCE.name).write_text(BANK_EXERCISE + "\n", encoding="utf-8")
    monkeypatch.setenv(BANK_VARIABLE, str(bank))

    shown = {}
    for seed in SEEDS:
        monkeypatch.setenv(TERM_SEED_VARIABLE, seed)
        course = make_course(tmp_path / seed / "course")
        for path, text in generated_files(Layout.of(REPO), SOURCE).items():
            (course / path).write_text(text, encoding="utf-8")
        key_file = course / "answer_keys" / ASSIGNMENT / f"{ASSIGNMENT}.json"
        key = json.loads(key_file.read_text(encoding="utf-8"))["questions"][QUESTION]
        nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course, exchange=tmp_path)

        released = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        text = released.read_text(encoding="utf-8")
        shown[seed] = shown_options(nbformat.reads(text, as_version=4))
        assert len(shown[seed]) == 4 and set(shown[seed]) <= set(PRIVATE_OPTIONS)
        assert key["answer"] in shown[seed] and key["options"] == shown[seed]
        assert EXPLANATION not in text and "[x]" not in text and "[ ]" not in text

        folder = course / "submitted" / "term" / ASSIGNMENT
        shutil.copytree(released.parent, folder)
        notebook = folder / released.name
        answer = f"assignment[{QUESTION!r}].answer({key['answer']!r})"
        nbformat.write(run_notebook(notebook, folder, [answer], allow_errors=True), notebook)
        (folder / "timestamp.txt").write_text("2026-11-28 09:00:00.000000 UTC")
        graded = guarantees("grade", ASSIGNMENT, "--workers", "1", cwd=course, timeout=600)
        assert graded.returncode == 0, graded.stdout + graded.stderr
        with open(course / "reports" / ASSIGNMENT / "grades.csv", encoding="utf-8") as file:
            scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(file)}
        assert scores == {"term": pytest.approx(public.points)}, seed

    assert shown[SEEDS[0]] != shown[SEEDS[1]], "two terms should see different draws"
