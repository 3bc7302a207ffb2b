"""`guarantees build`: sources in content/ generate every lesson, assignment and answer key."""

from __future__ import annotations

import difflib
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from helpers import REPO

from guarantees.authoring.build import build_course, sources, stale_files, write_course
from guarantees.authoring.questions import SourceError, parse_exercise
from guarantees.authoring.sources import read_source
from guarantees.course_check import generated_file_problems
from guarantees.grading import read_answer_key
from guarantees.keys import SealedKey, show_text
from guarantees.question_cells import awarding_tests, read_question_cells
from guarantees.scoring import kind_named

GENERATED = ("lessons", "assignments", "answer_keys")
CITATION_COLUMNS = "id,kind,short,citation,url,accessed,note"


@pytest.fixture()
def course(tmp_path) -> Path:
    """A copy of the course's configuration, sources, references and generated files."""
    for part in ("content", *GENERATED):
        shutil.copytree(REPO / part, tmp_path / part)
    shutil.copy(REPO / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    (tmp_path / "datasets").mkdir()
    references = REPO / "datasets" / "references.csv"
    if references.exists():
        shutil.copy(references, tmp_path / "datasets" / "references.csv")
    return tmp_path


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_every_generated_file_matches_its_source():
    assert stale_files(REPO) == [], "run `guarantees build` and commit the result"


def test_every_lesson_and_assignment_has_one_source():
    names = {path.stem for path in sources(REPO)}
    notebooks = {path.stem for path in (REPO / "lessons").glob("*.ipynb")}
    notebooks |= {path.stem for path in (REPO / "assignments").glob("*/*.ipynb")}
    assert names == notebooks


def test_the_build_is_deterministic():
    first, second = build_course(REPO), build_course(REPO)
    assert first == second
    assert len(first) == 2 * len(sources(REPO))


def test_changing_one_answer_changes_only_the_lines_that_carry_it(course):
    source = course / "content" / "lessons" / "02_what_is_a_guarantee.md"
    text = source.read_text()
    right = "- [x] Whether it shifts the local balance of military power"
    assert text.count(right) == 1
    wrong = next(line for line in text.splitlines() if line.startswith("- [ ] Whether"))
    source.write_text(
        text.replace(right, right.replace("[x]", "[ ]")).replace(wrong, "- [x]" + wrong[5:])
    )
    before = {path: (course / path).read_text() for path in build_course(course)}
    assert sorted(map(str, write_course(course))) == [
        "answer_keys/lessons/02_what_is_a_guarantee.json",
        "lessons/02_what_is_a_guarantee.ipynb",
    ]
    notebook_diff = changed_lines(
        before[Path("lessons/02_what_is_a_guarantee.ipynb")],
        (course / "lessons/02_what_is_a_guarantee.ipynb").read_text(),
    )
    assert len(notebook_diff) == 2 and all('key=\\"sealed-v1:' in line for line in notebook_diff)
    key_diff = changed_lines(
        before[Path("answer_keys/lessons/02_what_is_a_guarantee.json")],
        (course / "answer_keys/lessons/02_what_is_a_guarantee.json").read_text(),
    )
    assert key_diff == [f'-      "answer": "{right[6:]}",', f'+      "answer": "{wrong[6:]}",']


def test_changing_a_computed_answer_changes_one_line_of_one_key(course):
    source = course / "content" / "assignments" / "a0_practice.md"
    text = source.read_text()
    assert text.count(":answer: 16\n") == 1
    source.write_text(text.replace(":answer: 16\n", ":answer: 17\n"))
    before = (course / "answer_keys/a0_practice/a0_practice.json").read_text()
    assert [str(path) for path in write_course(course)] == [
        "answer_keys/a0_practice/a0_practice.json"
    ]
    after = (course / "answer_keys/a0_practice/a0_practice.json").read_text()
    assert changed_lines(before, after) == ['-      "answer": 16,', '+      "answer": 17,']


def test_a_hand_edited_notebook_is_named_with_the_fix(course):
    lesson = course / "lessons" / "01_reading_critically.ipynb"
    lesson.write_text(lesson.read_text().replace("Reading", "Readin", 1))
    (problem,) = generated_file_problems(course)
    assert problem.startswith("lessons/01_reading_critically.ipynb: differs from what its source")
    assert "`guarantees build`" in problem
    write_course(course)
    assert generated_file_problems(course) == []


def test_lessons_carry_sealed_keys_that_hold_the_answer():
    for source in sorted((REPO / "content" / "lessons").glob("*.md")):
        keys = read_answer_key(REPO / "answer_keys" / "lessons" / f"{source.stem}.json")
        notebook = nbformat.read(REPO / "lessons" / f"{source.stem}.ipynb", as_version=4)
        exercise_cells = [c for c in notebook.cells if c.metadata.get("guarantees")]
        assert [c.metadata.guarantees.question for c in exercise_cells] == list(keys)
        for cell in exercise_cells:
            sealed = SealedKey.from_text(cell.source.split('key="')[1].split('"')[0])
            entry = keys[cell.metadata.guarantees.question]
            answer = entry.answer[0] if entry.kind == "short_text" else entry.answer
            assert kind_named(entry.kind).score(answer, sealed, **entry.params).is_correct


def test_lesson_explanations_are_out_of_plain_sight_until_shown():
    for source in sorted((REPO / "content" / "lessons").glob("*.md")):
        text = (REPO / "lessons" / f"{source.stem}.ipynb").read_text()
        notebook = nbformat.reads(text, 4)
        for part in read_source(source):
            if part.question is not None and part.question.explanation:
                explanation = part.question.explanation
                assert explanation[:60] not in text, f"{part.question_id}: explanation in sight"
                cell = next(c for c in notebook.cells if part.question_id in c.source)
                hidden = re.search(r'explanation="(hidden-text-v1:[^"]+)"', cell.source)[1]
                assert show_text(hidden).startswith(explanation.split("{cite}")[0][:40])


def test_assignment_cells_follow_the_id_rule_and_carry_points():
    for source in sorted((REPO / "content" / "assignments").glob("*.md")):
        path = REPO / "assignments" / source.stem / f"{source.stem}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            grading = cell.metadata.get("nbgrader")
            if grading:
                assert grading["grade_id"] == cell.id
        keys = read_answer_key(REPO / "answer_keys" / source.stem / f"{source.stem}.json")
        awarded = {cell.question for cell in awarding_tests(path)}
        assert awarded == set(keys), "every key entry is awarded by exactly one test, and back"
        for cell in read_question_cells(path):
            if cell.part == "test":
                assert cell.grade_id == f"{cell.question}-test" and cell.points > 0


def test_a_key_in_a_generated_assignment_is_never_in_the_notebook():
    for source in sorted((REPO / "content" / "assignments").glob("*.md")):
        text = (REPO / "assignments" / source.stem / f"{source.stem}.ipynb").read_text()
        assert "key=" not in text and "guarantees-answer-key" not in text


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([":kind: guess", "", "Why?"], "must be one of"),
        ([":kind: single_choice", "", "Which?", "", "- [x] a", "- [x] b"], "exactly one"),
        ([":kind: ordering", "", "Order.", "", "1. a", "1. b"], "must be 1 to 2"),
        ([":kind: matching", "", "Match.", "", "- a → x", "", "Choices:", "- y"], "not listed"),
        ([":kind: number", "", "How many?"], "Answer: <number>"),
        ([":kind: short_text", ":colour: red", "", "Name?", "", "- x"], "unknown option"),
        ([":kind: short_text", "", "- x"], "prompt"),
    ],
)
def test_a_mistake_in_an_exercise_block_is_explained(lines, message):
    with pytest.raises(SourceError, match=message) as raised:
        parse_exercise("q1", lines, "lesson.md: ")
    assert str(raised.value).startswith("lesson.md: exercise 'q1': ")


@pytest.mark.parametrize(
    ("heading", "question"),
    [("## Question 1 (2 points)", "a0-strike"), ("## Question 3 (2 points)", "a0-after-1991")],
)
def test_a_points_heading_that_disagrees_with_the_points_is_refused(course, heading, question):
    source = course / "content" / "assignments" / "a0_practice.md"
    text = source.read_text()
    assert text.count(heading) == 1
    source.write_text(text.replace(heading, heading.replace("(2 points)", "(5 points)")))
    with pytest.raises(SourceError, match=f"'{question}' is worth 2 points, but the text before"):
        build_course(course)


def test_a_cell_id_used_twice_is_refused(course):
    source = course / "content" / "assignments" / "a0_practice.md"
    text = source.read_text()
    source.write_text(text.replace('+++ {"id": "a0-sources"}', '+++ {"id": "a0-setup"}'))
    with pytest.raises(SourceError, match="cell ids used twice: a0-setup"):
        build_course(course)


def test_answer_keys_are_json_the_grader_reads():
    for path in sorted((REPO / "answer_keys").glob("*/*.json")):
        document = json.loads(path.read_text())
        assert document["format"] == "guarantees-answer-key"
        read_answer_key(path)


def test_citations_become_links_and_a_reference_list(course):
    table = course / "datasets" / "references.csv"
    rows = table.read_text().rstrip("\n") if table.exists() else CITATION_COLUMNS
    table.write_text(
        f"{rows}\n"
        'test-budapest-1994,primary,Budapest Memorandum (1994),"Memorandum on security '
        'assurances, 5 December 1994, UN Treaty Series vol. 3007.",https://treaties.un.org/x,'
        "2026-12-01,\n"
        "test-fearon-1995,scholarly,Fearon (1995),\"James D. Fearon, 'Rationalist Explanations "
        "for War', International Organization 49(3), 1995, pp. 379-414.\",,,\n"
    )
    source = course / "content" / "lessons" / "01_reading_critically.md"
    text = source.read_text()
    first = text.index("\n\n", text.index("# 1")) + 2
    cited = (
        "It is {cite}`test-budapest-1994`; war: {cite}`test-fearon-1995,test-budapest-1994`.\n\n"
    )
    listing = "```{references}\n```\n\n"
    source.write_text(text[:first] + cited + listing + text[first:])
    notebook = nbformat.reads(build_course(course)[Path("lessons/01_reading_critically.ipynb")], 4)
    prose = "\n".join(cell.source for cell in notebook.cells)
    assert (
        "It is [Budapest Memorandum (1994)](https://treaties.un.org/x); war: "
        "Fearon (1995); [Budapest Memorandum (1994)](https://treaties.un.org/x)." in prose
    )
    assert (
        "- Memorandum on security assurances, 5 December 1994, UN Treaty Series vol. 3007. "
        "*primary source*. <https://treaties.un.org/x> (accessed 2026-12-01)\n"
        "- James D. Fearon, 'Rationalist Explanations for War', International Organization "
        "49(3), 1995, pp. 379-414. *scholarly*." in prose
    )
    source.write_text(text[:first] + "See {cite}`nobody-2030`.\n\n" + text[first:])
    with pytest.raises(SourceError, match=r"\['nobody-2030'\] not in datasets/references.csv"):
        build_course(course)
