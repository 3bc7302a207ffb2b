"""The private term bank: its exercises replace the public ones of the same id, at the source's
place and with the source's points; mistakes are named with file and id; an unmodified starter
bank changes nothing; ``guarantees bank`` keeps the bank out of the course and out of git and
never overwrites; ``guarantees check`` fails when the bank lies in the course."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO

from guarantees.authoring.bank import (
    BANK_VARIABLE,
    bank_figures,
    bank_problems,
    banked_source,
    graded_exercises,
    write_starter_bank,
)
from guarantees.authoring.build import generated_files, sources
from guarantees.authoring.questions import SourceError
from guarantees.authoring.sources import read_source
from guarantees.cli import bank as bank_verb
from guarantees.cli import check as check_verb
from guarantees.course_check import guessing_report
from guarantees.layout import Layout

A1 = REPO / "content" / "assignments" / "a1_reading_claims.md"
ASSIGNMENT_SOURCES = [source for source in sources(REPO) if source.parent.name == "assignments"]
PRIVATE_OPTIONS = [
    "The post itself, as Trump published it on Truth Social that day",
    "A wire report that quotes a few lines of the post that evening",
    "A newspaper column that sums the post up a full week later",
    "A course table row that rates the claim the post goes on to make",
    "A television panel that discusses the post on the same evening",
]


def private_exercise(
    question_id: str = "a1-primary", kind: str = "single_choice", points: str = ""
) -> str:
    """A bank exercise for a1 whose pool the public source never showed (right: the first)."""
    ticks = [f"- [{'x' if n == 0 else ' '}] {option}" for n, option in enumerate(PRIVATE_OPTIONS)]
    lines = [f"```{{exercise}} {question_id}", f":kind: {kind}", *([points] if points else [])]
    lines += [":show: 4", "", "Which is the primary source for Trump's words?", "", *ticks]
    return "\n".join([*lines, "", "Explanation: only the post is the words themselves.", "```"])


def bank_with(folder: Path, *exercises: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / A1.name).write_text("Notes of mine.\n\n" + "\n\n".join(exercises) + "\n")
    return folder


def test_a_bank_exercise_takes_the_public_ones_place_and_keeps_its_points(tmp_path):
    public = read_source(A1)
    term = banked_source(A1, bank=bank_with(tmp_path / "bank", private_exercise()))
    assert [part.question_id for part in term] == [part.question_id for part in public]
    place = next(n for n, part in enumerate(public) if part.question_id == "a1-primary")
    source_points = public[place].question.points
    assert source_points and term[place].question.points == source_points
    assert term[place].question.choices == tuple(PRIVATE_OPTIONS)
    assert term[place].question.answer == PRIVATE_OPTIONS[0]
    assert term[place].question.show == 4 and "only the post" in term[place].question.explanation
    others = [n for n, part in enumerate(public) if n != place]
    assert [term[n] for n in others] == [public[n] for n in others], "nothing else changes"
    same_points = private_exercise(points=f":points: {source_points}")
    assert banked_source(A1, bank=bank_with(tmp_path / "again", same_points))[place] == term[place]


@pytest.mark.parametrize(
    "exercise, complaint",
    [
        (private_exercise("a1-nowhere"), "has no question of this id"),
        (private_exercise("a1-unsettled"), "not a graded exercise"),
        (private_exercise(kind="multiple_choice"), ":kind: is multiple_choice"),
        (private_exercise(points=":points: 7"), ":points: is 7"),
        (private_exercise() + "\n\n" + private_exercise(), "written twice"),
    ],
    ids=["unknown id", "code question", "kind", "points", "twice"],
)
def test_a_bank_mistake_is_named_with_its_file_and_id(tmp_path, exercise, complaint):
    bank = bank_with(tmp_path / "bank", exercise)
    with pytest.raises(SourceError, match=complaint) as raised:
        banked_source(A1, bank=bank)
    assert str(bank / A1.name) in str(raised.value) and "exercise 'a1-" in str(raised.value)


def test_an_unmodified_starter_bank_builds_the_same_bytes_as_no_bank(tmp_path, monkeypatch):
    lines = write_starter_bank(REPO, sources(REPO), tmp_path / "bank")
    with_exercises = [s for s in ASSIGNMENT_SOURCES if graded_exercises(s, read_source(s))]
    assert sorted(p.name for p in (tmp_path / "bank").iterdir()) == [s.name for s in with_exercises]
    assert all(line.startswith("wrote ") for line in lines)
    layout = Layout.of(REPO)
    public = {s: generated_files(layout, s) for s in ASSIGNMENT_SOURCES}
    monkeypatch.setenv(BANK_VARIABLE, str(tmp_path / "bank"))
    for source in ASSIGNMENT_SOURCES:
        assert generated_files(layout, source) == public[source], source.name
    figures = bank_figures(A1, tmp_path / "bank")
    assert figures.banked == figures.widgets == len(graded_exercises(A1, read_source(A1)))
    assert len(figures.public) == figures.banked, "copies of the public pools stay public"


def test_a_private_pool_counts_as_private(tmp_path):
    bank = bank_with(tmp_path / "bank", private_exercise())
    figures = bank_figures(A1, bank, seed="spring-2027")
    assert (figures.banked, figures.public) == (1, ())
    assert "1 of 5 graded widget questions come from the bank; 0 of those" in figures.line(bank)
    assert "can be read from the public pools" in bank_figures(A1, None).line(None)


def test_bank_refuses_the_course_folder_and_a_git_work_tree(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    inside = REPO / "private-bank"
    with pytest.raises(ValueError, match="inside the course folder"):
        bank_verb.main(folder=inside)
    assert not inside.exists()
    other = tmp_path / "notes"
    subprocess.run(["git", "init", "-q", str(other)], check=True)
    with pytest.raises(ValueError, match="inside the git work tree"):
        bank_verb.main(folder=other / "bank")
    (other / ".gitignore").write_text("bank/\n")
    assert bank_verb.main(folder=other / "bank") == 0, "a folder git ignores is private"
    assert f"export {BANK_VARIABLE}={other / 'bank'}" in capsys.readouterr().out


def test_bank_never_overwrites_a_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    bank = tmp_path / "bank"
    assert bank_verb.main(folder=bank) == 0
    mine = private_exercise()
    (bank / A1.name).write_text(mine)
    (bank / "a3_alliance_data.md").unlink()
    capsys.readouterr()
    assert bank_verb.main(folder=bank) == 0
    printed = capsys.readouterr().out
    assert (bank / A1.name).read_text() == mine
    assert (
        f"kept {bank / A1.name}" in printed and f"wrote {bank / 'a3_alliance_data.md'}" in printed
    )


def test_check_fails_with_a_bank_inside_the_course(tmp_path, monkeypatch, capsys):
    course = tmp_path / "course"
    shutil.copytree(REPO / "content", course / "content")
    shutil.copytree(REPO / "datasets", course / "datasets")
    shutil.copy(REPO / "nbgrader_config.py", course)
    bank = bank_with(course / "bank", private_exercise())
    outside = bank_with(tmp_path / "bank", private_exercise())
    assert bank_problems(course, sources(course), outside) == []
    monkeypatch.chdir(course)
    monkeypatch.setenv(BANK_VARIABLE, str(bank))
    assert check_verb.main() == 1
    printed = capsys.readouterr().out
    assert f"- {BANK_VARIABLE} names {bank}, inside the course folder" in printed
    assert "Term bank: a1_reading_claims: 1 of 5 graded widget questions" in printed


def test_the_build_shows_the_banks_pool_and_never_its_explanation(tmp_path, monkeypatch):
    monkeypatch.setenv(BANK_VARIABLE, str(bank_with(tmp_path / "bank", private_exercise())))
    files = generated_files(Layout.of(REPO), A1)
    notebook = next(text for path, text in files.items() if path.suffix == ".ipynb")
    assert PRIVATE_OPTIONS[0] in notebook and "only the post" not in notebook


def two_way(question_id: str, prompt: str, key: str) -> str:
    """A bank exercise showing 2 of 4 options, its key far the longest: easy to guess."""
    ticks = [f"- [x] {key}", "- [ ] A new war", "- [ ] A ceasefire", "- [ ] A treaty"]
    lines = [f"```{{exercise}} {question_id}", ":kind: single_choice", ":show: 2", "", prompt]
    return "\n".join([*lines, "", *ticks, "```"])


def test_check_holds_the_banks_variants_to_the_guessing_limits(tmp_path, monkeypatch):
    easy = [
        two_way("a1-primary", "Which is the primary source?", "The post itself, in full " * 3),
        two_way("a1-increase-meaning", "What does it mean?", "A rise in verified deaths " * 3),
    ]
    public = next(f for f in guessing_report(REPO) if f.assignment == A1.stem)
    assert public.problems() == []
    monkeypatch.setenv(BANK_VARIABLE, str(bank_with(tmp_path / "bank", *easy)))
    banked = next(f for f in guessing_report(REPO) if f.assignment == A1.stem)
    assert any("a random answer earns" in problem for problem in banked.problems())
    assert any("among the longest options" in problem for problem in banked.problems())
