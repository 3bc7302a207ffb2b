"""Per-term variants: a term seed draws a question's options (ordering: items; matching: left
items) from its pool, and the key follows, so two terms see different questions and both are
graded right; every graded widget question of a1-a5 has at least three variants or says why not."""

from __future__ import annotations

import ast
import json
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest
from helpers import REPO

from guarantees.authoring.build import generated_files
from guarantees.authoring.guessing import MIN_VARIANTS, RANDOM_SHARE_LIMIT, guessing_figures
from guarantees.authoring.questions import KINDS as WIDGET_KINDS
from guarantees.authoring.questions import Question, SourceError, parse_exercise
from guarantees.authoring.sources import read_source
from guarantees.authoring.variants import (
    TERM_SEED_VARIABLE,
    key_problems,
    variant,
    variant_count,
    variants,
)
from guarantees.layout import Layout
from guarantees.scoring import KeyEntry, points

POOL = ["- [x] right", *(f"- [ ] wrong {number}" for number in range(1, 7))]
SEEDS = ("spring-2027", "autumn-2027")
MORE_SEEDS = (*SEEDS, "", "spring-2028", "autumn-2028", "a phrase only you know")
GRADED = sorted((REPO / "content" / "assignments").glob("a[1-5]_*.md"))


def pooled(show: str = "4", kind: str = "single_choice", lines: list[str] = POOL) -> Question:
    return parse_exercise("q", [f":kind: {kind}", f":show: {show}", "", "Which?", "", *lines])


def questions(source: Path) -> list[Question]:
    return [part.question for part in read_source(source) if part.question is not None]


def test_a_variant_shows_the_right_option_and_a_draw_of_the_others_in_authored_order():
    question = pooled()
    drawn = {seed: variant(question, seed).choices for seed in SEEDS}
    for seed, choices in drawn.items():
        assert len(choices) == 4 and "right" in choices
        assert list(choices) == [c for c in question.choices if c in choices]
        assert variant(question, seed).choices == choices, "the same seed draws the same"
    assert drawn[SEEDS[0]] != drawn[SEEDS[1]]
    seen = {variant(question, f"term {n}").choices for n in range(100)}
    assert len(seen) >= 15 and variant_count(question) == len(variants(question)) == 20


def test_a_multiple_choice_draw_keeps_the_pools_mix_of_right_and_wrong_options():
    lines = [f"- [{'x' if n % 2 else ' '}] statement {n}" for n in range(8)]  # 4 right, 4 wrong
    question = pooled("6", "multiple_choice", lines)
    every = variants(question)
    assert variant_count(question) == len(every) == 4 * 4  # 3 of 4 right, 3 of 4 wrong
    for drawn in every:
        assert len(drawn.choices) == 6 and len(drawn.answer) == 3
        assert set(drawn.answer) < set(drawn.choices) and set(drawn.answer) <= set(question.answer)
    assert variant(question, SEEDS[0]).answer != variant(question, SEEDS[1]).answer


def test_an_ordering_draw_shows_some_items_and_the_key_is_their_order():
    question = pooled("4", "ordering", ["3. c", "1. a", "6. f", "2. b", "5. e", "4. d"])
    every = variants(question)
    assert len(every) == 15  # 4 of 6
    for drawn in every:
        assert sorted(drawn.answer) == sorted(drawn.choices) and len(drawn.choices) == 4
        assert drawn.answer == sorted(drawn.answer), "the items keep their right order"


def test_a_matching_draw_shows_some_left_items_with_all_the_partners():
    lines = ["- x → P", "- y → Q", "- z → P", "- w → R", "Choices:", "- P", "- Q", "- R"]
    question = pooled("3", "matching", lines)
    assert variant_count(question) == 4
    for drawn in variants(question):
        assert drawn.partners == question.partners and list(drawn.answer) == list(drawn.choices)
        assert all(question.answer[left] == right for left, right in drawn.answer.items())


@pytest.mark.parametrize(
    "show, kind", [("7", "single_choice"), ("1", "single_choice"), ("2", "multiple_choice")]
)
def test_show_must_leave_a_pool_and_a_question(show, kind):
    with pytest.raises(SourceError, match=":show:"):
        pooled(show, kind)


def test_show_is_not_for_kinds_without_options():
    lines = [":kind: short_text", ":show: 2", "", "Which?", "", "- a", "- b", "- c"]
    with pytest.raises(SourceError, match=":show:"):
        parse_exercise("q", lines)


def test_check_finds_a_variant_that_cannot_be_answered_from_what_it_shows():
    lines = [f"- [{'x' if n < 4 else ' '}] {letter}" for n, letter in enumerate("abcdefgh")]
    question = pooled("6", "multiple_choice", lines)
    assert key_problems(question) == []
    broken = replace(question, answer=["a", "not listed"])
    assert key_problems(broken), "a key naming an option the variant does not show"


def test_every_graded_widget_question_of_a1_to_a5_has_three_variants_or_a_reason():
    for source in GRADED:
        for question in questions(source):
            if question.kind in WIDGET_KINDS:
                count = variant_count(question)
                assert count >= MIN_VARIANTS or question.variants_reason, question.question_id
                assert count == len(variants(question))


def test_every_variant_of_a1_to_a5_grades_its_own_key_right_and_a_wrong_answer_not():
    for source in GRADED:
        for question in questions(source):
            for drawn in variants(question) if question.kind in WIDGET_KINDS else []:
                entry = KeyEntry(drawn.kind, drawn.answer, drawn.key_params)
                available = question.points or 1
                assert points(entry, drawn.answer, available)[0] == available
                if drawn.kind in ("single_choice", "multiple_choice"):
                    wrong = next(c for c in drawn.choices if c not in drawn.answer)
                    other = wrong if drawn.kind == "single_choice" else [wrong]
                    assert points(entry, other, available)[0] == 0.0
            assert key_problems(question) == []


@pytest.mark.parametrize("seed", MORE_SEEDS)
def test_the_guessing_limits_hold_for_every_term_seed(seed):
    for source in GRADED:
        figures = guessing_figures(source.stem, questions(source), seed=seed)
        assert figures.random_share <= RANDOM_SHARE_LIMIT + 1e-9, figures.line()
        assert figures.longest_hits <= figures.longest_limit, figures.line()
        assert figures.random_share <= figures.worst_random_share + 1e-9
        assert figures.longest_hits <= figures.worst_hits
        assert figures.problems() == [], figures.line()


def built_term(monkeypatch, source: Path, seed: str) -> tuple[nbformat.NotebookNode, dict]:
    """The assignment's notebook and key document as the build writes them for ``seed``."""
    monkeypatch.setenv(TERM_SEED_VARIABLE, seed)
    files = generated_files(Layout.of(REPO), source)
    notebook = next(text for path, text in files.items() if path.suffix == ".ipynb")
    key_text = next(text for path, text in files.items() if path.suffix == ".json")
    return nbformat.reads(notebook, as_version=4), json.loads(key_text)["questions"]


def shown_in(notebook: nbformat.NotebookNode, question_id: str) -> list[str]:
    """What the question's widget cell shows: its options, items or left column."""
    cell = next(c for c in notebook.cells if c.id == f"{question_id}-widget")
    call = ast.parse(cell.source).body[-1].value
    shown = next(k.value for k in call.keywords if k.arg in ("options", "items", "left"))
    return ast.literal_eval(shown)


def test_two_term_seeds_give_different_variants_whose_keys_grade_right(monkeypatch):
    for source in GRADED:
        pooled_ids = [q.question_id for q in questions(source) if q.show is not None]
        terms = {seed: built_term(monkeypatch, source, seed) for seed in ("", *SEEDS)}
        keys = {seed: key for seed, (_, key) in terms.items()}
        for seed in SEEDS:
            differ = [i for i in pooled_ids if keys[seed][i] != keys[""][i]]
            assert differ, f"{source.stem}: the term of {seed!r} sees the public variant"
        for notebook, key in terms.values():
            for question_id in pooled_ids:
                entry = KeyEntry(key[question_id]["kind"], key[question_id]["answer"])
                shown = shown_in(notebook, question_id)
                if entry.kind in ("single_choice", "multiple_choice"):
                    assert key[question_id]["options"] == shown, "the notebook shows the key's"
                elif entry.kind == "ordering":
                    assert sorted(entry.answer) == sorted(shown)
                else:
                    assert list(entry.answer) == shown
                params = {k: v for k, v in key[question_id].items() if k not in ("kind", "answer")}
                entry = KeyEntry(entry.kind, entry.answer, params)
                assert points(entry, entry.answer, 2)[0] == 2.0
