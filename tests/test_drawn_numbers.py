"""Drawn numbers: a term seed draws the parameter of a code question (a3's threshold and split
year), the notebook shows the drawn value, and the key is what the model solution computes from
the datasets for it; the expected keys here are worked out from the data, independently."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from helpers import REPO

from guarantees.authoring.build import generated_files
from guarantees.authoring.parameters import Draw, draw_problems, every_key
from guarantees.authoring.questions import SourceError
from guarantees.authoring.sources import read_source
from guarantees.authoring.variants import TERM_SEED_VARIABLE
from guarantees.data import load_table
from guarantees.layout import Layout

A3 = REPO / "content" / "assignments" / "a3_alliance_data.md"
# (term seed, threshold, split year) as the draw gives them; "" is the public build
TERMS = [("", 2.0, 1999), ("spring-2027", 1.5, 2009), ("spring-2028", 3.0, 1982)]


def crossed(threshold: float) -> int:
    spending = load_table("nato_defence_spending")
    before = spending["pct_gdp_2014_jun2024_edition"].astype(float)
    after = spending["pct_gdp_2024_estimate_jun2024_edition"].astype(float)
    return int(((before < threshold) & (after >= threshold)).sum())


def median_gap(year: int) -> float:
    members = load_table("nato_members").set_index("country")
    shares = load_table("nato_defence_spending").set_index("country")
    share = shares["pct_gdp_2024_estimate_jun2024_edition"].astype(float)
    later = members["accession_date"].dt.year >= year
    return float(share[later[later].index].median() - share[later[~later].index].median())


def built(monkeypatch, seed: str) -> tuple[str, dict]:
    monkeypatch.setenv(TERM_SEED_VARIABLE, seed)
    files = generated_files(Layout.of(REPO), A3)
    notebook = next(text for path, text in files.items() if path.suffix == ".ipynb")
    key = next(text for path, text in files.items() if path.suffix == ".json")
    return notebook, json.loads(key)["questions"]


@pytest.mark.parametrize(("seed", "threshold", "year"), TERMS)
def test_each_term_sees_its_drawn_numbers_and_its_key_follows_the_data(
    monkeypatch, seed, threshold, year
):
    notebook, key = built(monkeypatch, seed)
    cells = {cell.id: cell.source for cell in nbformat.reads(notebook, as_version=4).cells}
    assert "{{" not in notebook, "every placeholder is filled"
    assert f"below {threshold:g} %" in cells["a3-crossed-line-text"]
    assert f"< {threshold:g}\n" in cells["a3-crossed-line-code"]
    assert f"joined in **{year} or later**" in cells["a3-median-gap-text"]
    assert key["a3-crossed-line"]["answer"] == crossed(threshold)
    assert key["a3-median-gap"]["answer"] == pytest.approx(median_gap(year), abs=0.005)


def test_two_terms_get_keys_that_a_public_answer_does_not_match():
    parts = read_source(A3)
    keys = {draw.question_id: by_value for draw, by_value in every_key(parts).items()}
    assert keys["a3-crossed-line"] == {v: crossed(float(v)) for v in ("2", "1.5", "2.5", "3")}
    assert len(set(keys["a3-crossed-line"].values())) == 4
    gaps = sorted(keys["a3-median-gap"].values())
    assert all(b - a > 0.01 for a, b in zip(gaps, gaps[1:], strict=False)), "beyond tolerance"
    assert draw_problems("a3", every_key(parts)) == []


def test_keys_within_the_tolerance_are_no_variant():
    draw = Draw("q", "year", ("1999", "2004"), "gap", tolerance=0.01)
    (problem,) = draw_problems("a9", {draw: {"1999": 0.1, "2004": 0.09}})
    assert problem.startswith("a9: q gives keys within its tolerance (0.01)")


def source_with(tmp_path: Path, test_options: str, text: str = "below {{t}} %") -> Path:
    path = tmp_path / "a9.md"
    path.write_text(
        "\n".join(
            [
                text,
                "",
                "```{code-cell} ipython3",
                ":question: q",
                ":part: code",
                "",
                "count = {{t}} * 2",
                "```",
                "",
                "```{code-cell} ipython3",
                ":question: q",
                ":part: test",
                ":points: 1",
                ":kind: number",
                ":value: count",
                test_options,
                "",
                "assert 'count' in globals()",
                "```",
            ]
        ),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("options", "text", "message"),
    [
        (":draw: t = 1 | 2", "below {{t}} %", None),
        (":draw: t = 1", "below {{t}} %", "at least two values"),
        (":draw: t = 1 | 2\n:answer: 2", "below {{t}} %", "states no :answer:"),
        (":draw: t = 1 | 2", "below {{x}} %", "{{x}} names no :draw: parameter"),
        (":draw: t = 1 | 1", "below {{t}} %", "lists a value twice"),
    ],
)
def test_a_draw_is_written_one_way(tmp_path, options, text, message):
    parts = read_source(source_with(tmp_path, options, text))
    if message is None:
        (by_value,) = every_key(parts).values()
        assert by_value == {"1": 2, "2": 4}
        return
    with pytest.raises(SourceError, match=message.replace("{", r"\{").replace("|", r"\|")):
        every_key(parts)
