"""Per-term variants: a term seed draws a single-choice question's options from its pool, and the
key follows, so two terms see different options and both are graded right."""

from __future__ import annotations

import ast
import json
from dataclasses import replace

import nbformat
import pytest
from helpers import REPO

from guarantees.authoring.build import generated_files
from guarantees.authoring.guessing import guessing_figures
from guarantees.authoring.questions import SourceError, parse_exercise
from guarantees.authoring.sources import read_source
from guarantees.authoring.variants import TERM_SEED_VARIABLE, variant
from guarantees.grading.answer_keys import read_answer_key
from guarantees.layout import Layout
from guarantees.scoring import points

POOL = ["- [x] right", *(f"- [ ] wrong {number}" for number in range(1, 7))]
SEEDS = ("spring-2027", "autumn-2027")
ASSIGNMENT, QUESTION = "a3_alliance_data", "a3-chart-reading"


def pooled(show: str = "4", kind: str = "single_choice"):
    return parse_exercise("q", [f":kind: {kind}", f":show: {show}", "", "Which?", "", *POOL])


def test_a_variant_shows_the_right_option_and_a_draw_of_the_others_in_authored_order():
    question = pooled()
    drawn = {seed: variant(question, seed).choices for seed in SEEDS}
    for seed, choices in drawn.items():
        assert len(choices) == 4 and "right" in choices
        assert list(choices) == [c for c in question.choices if c in choices]
        assert variant(question, seed).choices == choices, "the same seed draws the same"
    assert drawn[SEEDS[0]] != drawn[SEEDS[1]]
    variants = {variant(question, f"term {n}").choices for n in range(100)}
    assert len(variants) >= 15  # 20 ways to draw 3 of 6


@pytest.mark.parametrize(
    "show, kind", [("7", "single_choice"), ("1", "single_choice"), ("3", "multiple_choice")]
)
def test_show_must_leave_a_pool_and_is_for_single_choice(show, kind):
    with pytest.raises(SourceError, match=":show:"):
        pooled(show, kind)


def built_term(monkeypatch, tmp_path, seed: str):
    """The assignment's notebook text and key entry as the build writes them for ``seed``."""
    monkeypatch.setenv(TERM_SEED_VARIABLE, seed)
    source = REPO / "content" / "assignments" / f"{ASSIGNMENT}.md"
    files = generated_files(Layout.of(REPO), source)
    notebook = next(text for path, text in files.items() if path.suffix == ".ipynb")
    key_text = next(text for path, text in files.items() if path.suffix == ".json")
    key_file = tmp_path / seed / f"{ASSIGNMENT}.json"
    key_file.parent.mkdir()
    key_file.write_text(key_text, encoding="utf-8")
    return notebook, read_answer_key(key_file)[QUESTION], json.loads(key_text)


def widget_options(notebook_text: str) -> list[str]:
    """The options the question's widget cell passes to ``assignment.single_choice``."""
    notebook = nbformat.reads(notebook_text, as_version=4)
    cell = next(c for c in notebook.cells if c.id == f"{QUESTION}-widget")
    call = ast.parse(cell.source).body[-1].value
    return ast.literal_eval(next(k.value for k in call.keywords if k.arg == "options"))


def test_two_term_seeds_give_different_variants_whose_keys_grade_right(monkeypatch, tmp_path):
    terms = {seed: built_term(monkeypatch, tmp_path, seed) for seed in SEEDS}
    parts = read_source(REPO / "content" / "assignments" / f"{ASSIGNMENT}.md")
    source = next(part.question for part in parts if part.question_id == QUESTION)
    shown = {seed: entry.params["options"] for seed, (_, entry, _) in terms.items()}
    assert shown[SEEDS[0]] != shown[SEEDS[1]]
    for seed, (notebook, entry, _) in terms.items():
        assert len(shown[seed]) == source.show and entry.answer == source.answer
        assert set(shown[seed]) <= set(source.choices)
        assert widget_options(notebook) == shown[seed], "the notebook shows the key's options"
        assert points(entry, source.answer, 2) == (2.0, "That is the right option.")
        wrong = next(option for option in shown[seed] if option != source.answer)
        assert points(entry, wrong, 2)[0] == 0.0


def test_the_guessing_figures_count_the_options_shown_and_the_questions_that_vary():
    question = replace(pooled(), points=2)  # 4 shown of 7: 20 variants
    figures = guessing_figures("a9", [question], seed=SEEDS[0])
    assert figures.random_share == pytest.approx(1 / 4)
    assert figures.longest_expected == pytest.approx(1 / 4)
    assert (figures.varying, figures.widgets) == (1, 1)
    fixed = replace(question, show=None)
    assert guessing_figures("a9", [fixed], seed=SEEDS[0]).varying == 0
