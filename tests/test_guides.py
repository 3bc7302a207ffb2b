"""The guides in docs/ cannot drift from the code: every python example runs, every command shown
exists with the options shown, the course map matches the notebooks, the authoring guide's example
assignment is built cell by cell, generated and graded, the instructor guide's grading workflow is
run with its own commands, and the messages quoted under Troubleshooting are the ones printed.

How the guides mark their blocks is described in ``guides/blocks.py``.
"""

from __future__ import annotations

import ast
import csv
import getpass
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from chance import chance, credit, raw_share
from guides.blocks import (
    GUIDES,
    apply_files,
    as_pattern,
    blocks,
    python_blocks,
    quoted,
    quoted_lines,
    runnable,
    shell_lines,
    solution_of,
)
from guides.course import (
    autograded_output,
    clone_course,
    nbgrader_run,
    run_blocks,
    submit_by_hand,
)
from helpers import (
    ASSIGNMENTS,
    COMMAND,
    LESSONS,
    REPO,
    autograded_cells,
    guarantees,
    make_course,
    run,
    run_notebook,
)
from nbgrader.api import Gradebook
from nbgrader.apps.nbgraderapp import NbGraderApp
from traitlets.config import Config
from traitlets.utils.importstring import import_item

from guarantees import Assignment, Lesson
from guarantees.answers import AnswerStore
from guarantees.cli import parser as cli_parser
from guarantees.course_check import notebook_problems
from guarantees.course_map import course_map
from guarantees.grading import award_points, read_answer_key
from guarantees.keys import SealedKey
from guarantees.layout import nbgrader_environment
from guarantees.question_cells import awarding_tests
from guarantees.scoring import kind_named

TEXT = {name: path.read_text(encoding="utf-8") for name, path in GUIDES.items()}
EXAMPLE = "a6_enlargement"
PRACTICE = "a0_practice"


def text_of(guide: str) -> str:
    """A guide's text with its line breaks and indentation folded, for finding phrases."""
    return " ".join(TEXT[guide].split())


def read_csv(path: Path) -> dict[str, dict]:
    """A CSV file's rows by their first column."""
    with open(path, encoding="utf-8") as file:
        return {row[next(iter(row))]: row for row in csv.DictReader(file)}


# -- the guides, the README and --help -----------------------------------------------------------


def test_the_readme_links_the_three_guides():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "\n## Guides\n" in readme
    section = readme.split("\n## Guides\n", 1)[1].split("\n## ", 1)[0]
    for path in GUIDES.values():
        assert path.is_file(), path
        assert f"(docs/{path.name})" in section, f"README does not link docs/{path.name}"


def test_the_readme_dates_the_record_and_links_the_core_reading():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    lesson = (REPO / "content" / "lessons" / "00_start_here.md").read_text(encoding="utf-8")
    date = re.search(r"\*\*Record current to:\*\* (\d{1,2} \w+ \d{4})", lesson)[1]
    assert f"**Record current to {date}.**" in readme, "README and lessons give one date"
    references = (REPO / "datasets" / "references.csv").read_text(encoding="utf-8")
    link = re.search(r"^core-article,[^\n]*?(https://\S+?),", references, re.MULTILINE)[1]
    assert f"<{link}>" in readme


def test_guarantees_help_points_to_the_guides():
    result = subprocess.run(
        [str(COMMAND), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env=nbgrader_environment(),
    )
    assert result.returncode == 0
    for path in GUIDES.values():
        assert f"docs/{path.name}" in result.stdout


def test_every_python_block_is_run_or_marked_as_an_illustration():
    illustrations = []
    for guide in GUIDES:
        for block in python_blocks(guide):
            ast.parse(block.body, filename=block.where())
            if block.illustration:
                illustrations.append(block.where())
        assert runnable(guide), f"{guide} guide has no example to run"
    assert len(illustrations) <= 2, f"keep illustrations few: {illustrations}"


def nbgrader_app(words: list[str]) -> tuple[type, list[str]]:
    """The nbgrader app a command line names (``db student import`` too), and its arguments."""
    app, rest = NbGraderApp, list(words)
    while rest and isinstance(app.subcommands, dict) and rest[0] in app.subcommands:
        found = app.subcommands[rest.pop(0)][0]
        app = import_item(found) if isinstance(found, str) else found
    return app, rest


def option_names(app: type) -> set[str]:
    names = set()
    for table in (app.aliases, app.flags):
        for key in table:
            names.update(key if isinstance(key, tuple) else [key])
    return names


def configurable_traits() -> dict[str, set[str]]:
    """Options nbgrader reads from its configuration, by class name (two classes may share one)."""
    import nbgrader.exchange.default  # noqa: F401  (the exchange classes nbgrader uses)

    traits: dict[str, set[str]] = {}
    found = list(NbGraderApp().all_configurable_classes())
    while found:  # with subclasses: nbgrader lists the abstract Exchange, not the default one
        cls = found.pop()
        traits.setdefault(cls.__name__, set()).update(cls.class_traits(config=True))
        found += cls.__subclasses__()
    return traits


CONFIGURABLE = configurable_traits()


def nbgrader_option_exists(app: type, option: str) -> bool:
    name = option[2:].split("=", 1)[0]
    if "." in name:
        owner, trait = name.split(".", 1)
        return trait in CONFIGURABLE.get(owner, set())
    return name in option_names(app)


LAB_EXTENSION = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter" / "nbgrader"


def test_every_command_shown_exists_with_its_options():
    makefile = (REPO / "Makefile").read_text()
    for guide in GUIDES:
        for line in shell_lines(guide):
            words = shlex.split(line.split("&&")[-1])
            if words[0] == "guarantees":
                try:
                    cli_parser().parse_args(words[1:])
                except SystemExit:
                    pytest.fail(f"{guide} guide: `{line}` is not a valid guarantees command")
            elif words[0] == "nbgrader":
                app, rest = nbgrader_app(words[1:])
                assert app is not NbGraderApp, f"{guide} guide: unknown command `{line}`"
                for word in rest:
                    if word.startswith("--"):
                        assert nbgrader_option_exists(app, word), f"{guide}: `{line}`: {word}"
            elif words[0] == "make":
                target = rf"^{words[1]}:|debian_package,{words[1]},"
                assert re.search(target, makefile, re.MULTILINE), line
            elif words[:3] == ["jupyter", "server", "extension"]:
                assert importlib.util.find_spec(words[-1]), line
            elif words[:2] == ["jupyter", "labextension"] and LAB_EXTENSION.is_dir():
                plugins = "".join(p.read_text() for p in LAB_EXTENSION.rglob("*.js"))
                assert f'"{words[-1]}"' in plugins, line


def test_configuration_examples_set_real_nbgrader_options():
    examples = [block for guide in GUIDES for block in python_blocks(guide) if block.config]
    assert examples
    for block in examples:
        namespace = {"get_config": Config}
        exec(compile(block.body, block.where(), "exec"), namespace)
        for section, traits in namespace["c"].items():
            assert section in CONFIGURABLE, f"{block.where()}: no nbgrader class {section}"
            known = CONFIGURABLE[section]
            for trait in traits:
                assert trait in known, f"{block.where()}: {section}.{trait} is not an option"


# -- the instructor guide's map of the course ----------------------------------------------------


def header_of(path: Path) -> str:
    notebook = nbformat.read(path, as_version=4)
    return next(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def time_needed(header: str) -> str:
    return re.search(r"\*\*Time needed:\*\* about ([^.,:]+)", header).group(1).strip()


def points_of(path: Path) -> tuple[float, float]:
    """Points graded automatically (code cells) and by hand (markdown cells)."""
    auto = manual = 0.0
    for cell in nbformat.read(path, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            if cell.cell_type == "code":
                auto += meta["points"]
            else:
                manual += meta["points"]
    return auto, manual


def table_rows(guide: str, heading: str) -> list[list[str]]:
    """The body rows of the table under ``heading`` (a "### " heading)."""
    section = TEXT[guide].split(f"\n### {heading}\n", 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[part.strip() for part in row.strip().strip("|").split("|")] for row in rows[2:]]


def test_the_instructor_guide_maps_lessons_as_the_notebooks_state_them():
    rows = {row[0]: row for row in table_rows("instructor", "Lessons")}
    counts = course_map(LESSONS).set_index("lesson")["exercises"]
    lessons = sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))
    assert len(rows) == len(lessons)
    for path in lessons:
        header = header_of(path)
        number, title = re.match(r"# (\d+) · (.+)", header).groups()
        row = rows[number]
        assert row[1] == title, path.name
        assert row[2] == time_needed(header), path.name
        assert int(row[3]) == counts[path.stem], path.name


def test_the_instructor_guide_maps_assignments_as_the_notebooks_state_them():
    rows = {row[0].strip("`"): row for row in table_rows("instructor", "Assignments")}
    sources = sorted(ASSIGNMENTS.glob("*/*.ipynb"))
    assert set(rows) == {path.parent.name for path in sources}
    totals = [0.0, 0.0]
    for path in sources:
        auto, manual = points_of(path)
        totals = [totals[0] + auto, totals[1] + manual]
        row = rows[path.parent.name]
        assert row[2] == f"{auto + manual:g} ({auto:g} auto + {manual:g} manual)", path.name
        assert row[3] == time_needed(header_of(path)), path.name
    auto, manual = totals
    assert (
        f"In all: {auto + manual:g} points, {auto:g} graded automatically and {manual:g} by rubric."
        in text_of("instructor")
    )


# -- the student guide ---------------------------------------------------------------------------


def test_the_student_guide_examples_run_in_a_learners_copy(tmp_path):
    copy = guarantees("start", str(tmp_path / "my-course"), "--copy-only", cwd=tmp_path)
    assert copy.returncode == 0, copy.stderr
    lessons = tmp_path / "my-course" / "lessons"
    run_blocks(runnable("student"), lessons)

    damaged = lessons / "00_start_here.answers.json"
    damaged.write_text('{"format": "guarantees-answ\n')
    problem = Lesson("00_start_here", lessons).store.problems[0]
    stamp = re.compile(r"corrupt-\d{8}T\d+Z")
    expected = quoted("student", "is not valid JSON")
    assert stamp.sub("corrupt-T", problem) == stamp.sub("corrupt-T", expected)


# -- the authoring guide: sources, the build, troubleshooting ------------------------------------


def error_of(call) -> str:
    try:
        call()
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    raise AssertionError("no error raised")


def built_cell(path: Path, grade_id: str) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    return next(cell for cell in notebook.cells if cell.id == grade_id)


def test_the_authoring_guide_examples_run_in_a_course(tmp_path, monkeypatch):
    course = clone_course(tmp_path / "course")
    written = apply_files("authoring", course)
    assert {path.relative_to(course).as_posix() for path in written} == {
        "content/lessons/05_alliance_politics.md",
        f"content/assignments/{EXAMPLE}.md",
        "datasets/nato_enlargement_rounds.csv",
        "datasets/datapackage.json",
    }
    assert "guarantees build" in shell_lines("authoring")
    built = guarantees("build", cwd=course)
    assert built.returncode == 0, built.stdout + built.stderr
    printed = set(built.stdout.splitlines())
    lesson_lines = {
        line for line in quoted_lines("authoring") if line.startswith("wrote lessons/05")
    }
    lesson_lines.add("wrote answer_keys/lessons/05_alliance_politics.json")
    assert lesson_lines and lesson_lines <= printed
    assert {line for line in printed if line.startswith("wrote ")} == lesson_lines | {
        f"wrote assignments/{EXAMPLE}/{EXAMPLE}.ipynb",
        f"wrote answer_keys/{EXAMPLE}/{EXAMPLE}.json",
    }, "an unchanged lesson or assignment is not written again"

    lesson_path = course / "lessons" / "05_alliance_politics.ipynb"
    entry = read_answer_key(course / "answer_keys/lessons/05_alliance_politics.json")
    assert entry["l5-members-2024"].answer == 32
    exercise_cell = next(
        c for c in nbformat.read(lesson_path, 4).cells if "l5-members-2024" in c.source
    )
    sealed = SealedKey.from_text(re.search(r'key="([^"]+)"', exercise_cell.source)[1])
    number = kind_named("number")
    assert number.score(32, sealed, tolerance=0).is_correct
    assert not number.score(31, sealed, tolerance=0).is_correct
    (trial,) = [block for block in python_blocks("authoring") if block.notebook]
    assert trial.notebook == "lessons/05_alliance_politics.ipynb"
    run_notebook(lesson_path, lesson_path.parent, [trial.body])

    run_blocks(runnable("authoring"), course)

    key = json.loads((course / f"answer_keys/{EXAMPLE}/{EXAMPLE}.json").read_text())
    for block in blocks("authoring"):
        if block.lang == "json" and "Save as" not in block.lead and "Add to" not in block.lead:
            for question_id, shown_entry in json.loads(block.body).items():
                assert key["questions"][question_id] == shown_entry, f"{block.where()} differs"

    stale = course / "lessons" / "01_reading_critically.ipynb"
    stale.write_text(stale.read_text().replace("Reading", "Readin", 1))
    checked = guarantees("build", "--check", cwd=course)
    assert checked.returncode == 1
    (problem,) = checked.stdout.splitlines()
    assert problem == quoted("authoring", "differs from what its source")

    source = course / "content" / "lessons" / "05_alliance_politics.md"
    source.write_text(source.read_text().replace("Answer: 32", "- 32"))
    broken = guarantees("build", cwd=course)
    assert broken.returncode == 2 and broken.stdout == ""
    messages = {"guarantees build:": broken.stderr.strip()}

    monkeypatch.delenv("GUARANTEES_COURSE_ROOT", raising=False)
    lesson, folder = Lesson("zz", tmp_path), course / "assignments" / EXAMPLE
    messages["needs key="] = error_of(lambda: lesson.single_choice("q", "Which?", ["a", "b"]))
    messages["is not a sealed key"] = error_of(
        lambda: lesson.single_choice("q", "Which?", ["a", "b"], key="1994")
    )
    messages["takes no key"] = error_of(
        lambda: Assignment("zz", tmp_path).single_choice("q", "?", ["a", "b"], key="x")
    )
    monkeypatch.chdir(folder)
    Assignment(EXAMPLE)
    messages["has no entry"] = error_of(lambda: award_points("a6-new", points=1))
    elsewhere = tmp_path / "elsewhere" / EXAMPLE
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    Assignment(EXAMPLE)
    messages["No course root"] = error_of(lambda: award_points("a6-joined-2004", points=2))
    for fragment, message in messages.items():
        pattern = as_pattern(quoted("authoring", fragment), folder=str(elsewhere.resolve()))
        assert pattern.fullmatch(message), (fragment, message)


# -- the authoring guide's example assignment, built and graded for real -------------------------


def grade_by_hand(course: Path, assignment: str, cell: str, points: dict[str, float]) -> None:
    """What the formgrader does when you type points under a written answer."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student, given in points.items():
            grade = gradebook.find_grade(cell, assignment, assignment, student)
            grade.manual_score = given
            grade.needs_manual_grade = False
        gradebook.db.commit()


def answer_cell(question_id: str, value) -> str:
    return f"assignment[{question_id!r}].answer({value!r})"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example assignment written from the guide in a fresh course, built, checked,
    generated, and graded for a right, a partly right and a wrong submission."""
    course = clone_course(tmp_path_factory.mktemp("authoring") / "course")
    apply_files("authoring", course)
    assert guarantees("build", cwd=course).returncode == 0
    source = course / "assignments" / EXAMPLE / f"{EXAMPLE}.ipynb"
    key = read_answer_key(course / "answer_keys" / EXAMPLE / f"{EXAMPLE}.json")
    validate = f"nbgrader validate assignments/{EXAMPLE}/{EXAMPLE}.ipynb"
    assert validate in shell_lines("authoring")
    unanswered = nbgrader_run(*shlex.split(validate)[1:], cwd=course)
    widget = key["a6-after-invasion"].answer
    run_notebook(source, source.parent, [answer_cell("a6-after-invasion", widget)])
    answered = nbgrader_run(*shlex.split(validate)[1:], cwd=course)
    assert f"nbgrader generate_assignment {EXAMPLE}" in shell_lines("authoring")
    generated = nbgrader_run("generate_assignment", EXAMPLE, cwd=course)
    assert generated.returncode == 0, generated.stderr

    code = built_cell(source, "a6-joined-2004-code").source
    plans = {  # what is ticked, the code written, whether that code is right
        "right": (widget, solution_of(code), True),
        "partial": (widget[:1], "joined_2004 = 3", False),
        "wrong": (["Montenegro", "North Macedonia"], "joined_2004 = 2", False),
    }
    for student, (ticked, solution, _) in plans.items():
        folder = course / "submitted" / student / EXAMPLE
        shutil.copytree(course / "release" / EXAMPLE, folder)
        path = folder / f"{EXAMPLE}.ipynb"
        released = nbformat.read(path, as_version=4)
        for cell in released.cells:
            if cell.metadata["nbgrader"]["grade_id"] == "a6-joined-2004-code":
                cell.source = cell.source.replace("raise NotImplementedError()", solution)
            if cell.metadata["nbgrader"]["grade_id"] == "a6-pattern" and student == "right":
                cell.source = "Most of the sixteen states joined in 1999 and 2004."
        nbformat.write(released, path)
        done = run_notebook(path, folder, [answer_cell("a6-after-invasion", ticked)])
        del done.cells[len(released.cells) :]  # the answer went to the answers file, as a click's
        nbformat.write(done, path)
        (folder / "timestamp.txt").write_text("2026-11-28 09:00:00.000000 UTC")
    graded = guarantees("grade", EXAMPLE, "--workers", "2", cwd=course)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    reported = guarantees("report", EXAMPLE, cwd=course)
    assert reported.returncode == 0, reported.stderr
    with open(course / "reports" / EXAMPLE / "grades.csv", encoding="utf-8") as file:
        grades = {row["student_id"]: row for row in csv.DictReader(file)}
    return {
        "course": course,
        "source": source,
        "code": code,
        "key": key,
        "plans": plans,
        "validate": (unanswered, answered),
        "grades": grades,
    }


@pytest.mark.pipeline
def test_the_example_notebook_is_clean_and_consistent(example):
    source = example["source"]
    assert notebook_problems(source) == []
    header = nbformat.read(source, as_version=4).cells[0].source
    total, auto, manual = map(
        float,
        re.search(
            r"\*\*Points:\*\* (\d+) in all: (\d+) graded automatically.* and (\d+) graded by",
            header,
        ).groups(),
    )
    assert (auto, manual) == points_of(source) and total == auto + manual
    cells = {cell.id: cell for cell in nbformat.read(source, as_version=4).cells}
    for grade_id, kind, points in [
        ("a6-header", "markdown", None),
        ("a6-setup", "code", None),
        ("a6-after-invasion-text", "markdown", None),
        ("a6-after-invasion-widget", "code", None),
        ("a6-after-invasion-test", "code", 3),
        ("a6-joined-2004-text", "markdown", None),
        ("a6-joined-2004-code", "code", None),
        ("a6-joined-2004-test", "code", 2),
        ("a6-pattern-rubric", "markdown", None),
        ("a6-pattern", "markdown", 4),
    ]:
        cell = cells.pop(grade_id)
        assert cell.cell_type == kind and cell.metadata.nbgrader.grade_id == grade_id
        assert cell.metadata.nbgrader.get("points") == points
    assert not cells
    awarded = {cell.question: cell.grade_id for cell in awarding_tests(source)}
    assert awarded == {question: f"{question}-test" for question in example["key"]}


@pytest.mark.pipeline
def test_the_source_validates_once_the_widget_is_answered(example):
    unanswered, answered = example["validate"]
    course = example["course"]
    assert "Partial credit; passed some but not all of the tests" in unanswered.stdout
    assert "Partial credit; passed some but not all of the tests" in text_of("authoring")
    assert "Success! Your notebook passes all the tests." in answered.stdout
    assert "Success! Your notebook passes all the tests." in text_of("authoring")
    assert (course / ".instructor-answers" / EXAMPLE / f"{EXAMPLE}.answers.json").is_file()
    assert not list(example["source"].parent.glob("*.answers.json"))


@pytest.mark.pipeline
def test_the_release_holds_no_solution_hidden_test_or_key(example):
    release = example["course"] / "release" / EXAMPLE
    text = (release / f"{EXAMPLE}.ipynb").read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "award_points(", "Model answer"):
        assert marker not in text, marker
    assert solution_of(example["code"]) not in text
    assert "raise NotImplementedError()" in text and "YOUR ANSWER HERE" in text
    assert [path.name for path in release.iterdir()] == [f"{EXAMPLE}.ipynb"]


@pytest.mark.pipeline
def test_right_partial_and_wrong_submissions_get_the_documented_scores(example):
    key, grades = example["key"], example["grades"]
    right_options = key["a6-after-invasion"].answer
    options = key["a6-after-invasion"].params["options"]
    points = {"a6-after-invasion": 3.0, "a6-joined-2004": 2.0}
    scores = {}
    for student, (ticked, _, code_is_right) in example["plans"].items():
        # right ticks minus wrong ticks, never below zero; credit above what random ticks earn
        share = raw_share("multiple_choice", right_options, ticked)
        share = credit(share, chance("multiple_choice", right_options, options))
        expected = round(points["a6-after-invasion"] * share, 2)
        expected += points["a6-joined-2004"] if code_is_right else 0
        row = grades[student]
        assert (row["status"], row["message"]) == ("graded", "ok"), row
        assert float(row["score"]) == pytest.approx(expected), student
        assert float(row["max_score"]) == 9
        scores[student] = expected
    assert scores["right"] == 5 and 0 < scores["partial"] < 3 and scores["wrong"] == 0


@pytest.mark.pipeline
def test_the_hidden_tests_explain_without_revealing(example):
    def printed(student: str, grade_id: str) -> str:
        return autograded_output(example["course"], EXAMPLE, student, grade_id)

    message = "a6-after-invasion: 1.32 of 3 points. 1 of 2 right options ticked."
    assert message in printed("partial", "a6-after-invasion-test")
    assert message in text_of("authoring")
    wrong = printed("wrong", "a6-joined-2004-test")
    assert "a6-joined-2004: 0 of 2 points. That number is outside the accepted range." in wrong
    assert "7" not in wrong
    ticked = printed("wrong", "a6-after-invasion-test")
    assert "0 of 2 right options ticked, and 2 that do not apply." in ticked
    assert "Finland" not in ticked and "Sweden" not in ticked


@pytest.mark.pipeline
def test_the_rubric_answer_waits_for_manual_grading_and_the_report_names_answers(example):
    course = example["course"]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        assert gradebook.find_assignment(EXAMPLE).max_score == 9
        written = gradebook.find_grade("a6-pattern", EXAMPLE, EXAMPLE, "right")
        assert written.max_score == 4 and written.needs_manual_grade
        untouched = gradebook.find_grade("a6-pattern", EXAMPLE, EXAMPLE, "wrong")
        assert untouched.score == 0 and not untouched.needs_manual_grade
    assert "is scored 0 automatically and not marked for grading" in text_of("instructor")
    items = read_csv(course / "reports" / EXAMPLE / "items.csv")
    assert items["a6-after-invasion-test"]["most_common_wrong_answer"]
    assert set(items) == {"a6-after-invasion-test", "a6-joined-2004-test"}, "a6-pattern waits"
    assert "left out (its scores are not final)" in text_of("instructor")
    grade_by_hand(course, EXAMPLE, "a6-pattern", {"right": 3})
    assert guarantees("report", EXAMPLE, cwd=course).returncode == 0
    assert "a6-pattern" in read_csv(course / "reports" / EXAMPLE / "items.csv")


# -- the instructor guide's grading workflow, run with its own commands --------------------------

WORKFLOW = [
    f"nbgrader generate_assignment {PRACTICE}",
    f"nbgrader release_assignment {PRACTICE}",
    f"nbgrader collect {PRACTICE}",
    f"guarantees grade {PRACTICE}",
    f"nbgrader generate_feedback {PRACTICE}",
    f"nbgrader release_feedback {PRACTICE}",
    f"guarantees report {PRACTICE}",
    "guarantees export",
]
MANUAL = {"ann": 4.0, "bob": 1.0}


def command_of(line: str) -> list[str]:
    words = shlex.split(line)
    program = [str(COMMAND)] if words[0] == "guarantees" else [sys.executable, "-m", "nbgrader"]
    return program + words[1:]


def students_work(course: Path, exchange: Path, home: Path) -> dict[str, str]:
    """Four students fetch, answer and submit: ann right, bob partly, carol not at all, and dave
    right but with an edited test cell."""
    key = read_answer_key(course / "answer_keys" / PRACTICE / f"{PRACTICE}.json")
    strike, attributed = key["a0-strike"].answer, key["a0-attributed"].answer
    source = nbformat.read(course / "assignments" / PRACTICE / f"{PRACTICE}.ipynb", 4)
    code = next(
        solution_of(cell.source)
        for cell in source.cells
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "a0-after-1991-code"
    )
    exchange_args = ["--course", "guarantees", f"--Exchange.root={exchange}"]
    logs = {}
    for student in ("ann", "bob", "carol", "dave"):
        folder = home / student
        folder.mkdir(parents=True)
        fetched = nbgrader_run("fetch_assignment", PRACTICE, *exchange_args, cwd=folder)
        assert fetched.returncode == 0, fetched.stderr
        work = folder / PRACTICE
        path = work / f"{PRACTICE}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if student in ("ann", "dave") and grade_id == "a0-after-1991-code":
                cell.source = cell.source.replace("raise NotImplementedError()", code)
            if student == "dave" and grade_id == "a0-strike-test":
                cell.source = "2.0"
            if student in MANUAL and grade_id == "a0-correction-note":
                cell.source = "No strike on Kyiv and Mykolaiv in mid-August 2025 was found."
        nbformat.write(notebook, path)
        answers = {
            "ann": [answer_cell("a0-strike", strike), answer_cell("a0-attributed", attributed)],
            "bob": [
                "strike = assignment['a0-strike']\n"
                f"strike.answer(next(o for o in strike.options if o != {strike!r}))",
                "wrong = [o for o in assignment['a0-attributed'].options "
                f"if o not in {attributed!r}][:1]\n"
                f"assignment['a0-attributed'].answer({attributed[:2]!r} + wrong)",
            ],
        }.get(student)
        if answers:  # ann and bob answer through the widgets' objects, in a real kernel
            done = run_notebook(path, work, answers, allow_errors=True)
            del done.cells[len(notebook.cells) :]  # answers are in the answers file, as clicks'
            nbformat.write(done, path)
        elif student == "dave":  # as the widgets save them (carol answers nothing)
            store = AnswerStore(work / f"{PRACTICE}.answers.json", PRACTICE, read_only=False)
            store.save("a0-strike", "single_choice", strike)
            store.save("a0-attributed", "multiple_choice", attributed)
        if student == "ann":
            again = nbgrader_run("fetch_assignment", PRACTICE, *exchange_args, cwd=folder)
            logs["fetch twice"] = again.stderr
        submitted = nbgrader_run(
            "submit", PRACTICE, *exchange_args, f"--student={student}", cwd=folder
        )
        assert submitted.returncode == 0, submitted.stderr
    return logs


def workflow_scores(course: Path) -> dict[str, float]:
    """What each student of ``students_work`` earns automatically, from the source's points,
    the key and the partial-credit rule: ann and dave all but the manual note, bob above-chance
    credit for two right ticks and a wrong one, carol nothing."""
    source = course / "assignments" / PRACTICE / f"{PRACTICE}.ipynb"
    points = autograded_cells(source)
    key = read_answer_key(course / "answer_keys" / PRACTICE / f"{PRACTICE}.json")["a0-attributed"]
    options = key.params["options"]
    ticked = key.answer[:2] + [next(o for o in options if o not in key.answer)][:1]
    share = credit(raw_share("multiple_choice", key.answer, ticked),
                   chance("multiple_choice", key.answer, options))  # fmt: skip
    everything = sum(points.values())
    return {
        "ann": everything,
        "bob": round(points["a0-attributed-test"] * share, 2),
        "carol": 0.0,
        "dave": everything,
    }


@pytest.fixture(scope="module")
def workflow(tmp_path_factory):
    base = tmp_path_factory.mktemp("instructor")
    course = clone_course(base / "course")
    exchange = base / "exchange"
    lines = shell_lines("instructor")
    positions = [lines.index(line) for line in WORKFLOW]
    assert positions == sorted(positions), "the workflow runs in the guide's order"
    outputs, logs = {}, {}
    for line in WORKFLOW:
        environment = nbgrader_environment(GUARANTEES_EXCHANGE=str(exchange))
        result = run(*command_of(line), cwd=course, env=environment, check=False)
        assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"
        outputs[line] = result.stdout + result.stderr
        if line.startswith("nbgrader release_assignment"):
            logs = students_work(course, exchange, base / "home")
        if line.startswith("guarantees grade"):
            shutil.copy(course / "reports" / PRACTICE / "grades.csv", base / "grades.csv")
            grade_by_hand(course, PRACTICE, "a0-correction-note", MANUAL)
    run_blocks(runnable("instructor"), course)
    return {"course": course, "exchange": exchange, "base": base, "outputs": outputs, **logs}


@pytest.mark.pipeline
def test_the_workflow_grades_collects_feedback_and_exports(workflow):
    course, base = workflow["course"], workflow["base"]
    grades = read_csv(base / "grades.csv")
    expected = workflow_scores(course)
    assert {s: float(r["score"]) for s, r in grades.items()} == expected
    statuses = {student: row["status"] for student, row in grades.items()}
    assert statuses == {"ann": "graded", "bob": "graded", "carol": "graded", "dave": "flagged"}
    for student in grades:
        assert list((course / "feedback" / student / PRACTICE).glob("*.html")), student
    assert list((workflow["exchange"] / "guarantees" / "feedback").glob("*.html"))
    exported = read_csv(course / "reports" / "grades_export.csv")
    column = f"{PRACTICE} (11 points)"
    assert exported["Points possible"][column] == "11"
    assert {s: float(exported[s]["total"]) for s in grades} == {
        student: score + MANUAL.get(student, 0) for student, score in expected.items()
    }
    for name in ("report.html", "items.csv", "students.csv"):
        assert (course / "reports" / PRACTICE / name).is_file()


@pytest.mark.pipeline
def test_feedback_lines_quoted_in_the_student_guide_are_printed(workflow):
    def printed(student: str, grade_id: str) -> str:
        return autograded_output(workflow["course"], PRACTICE, student, grade_id)

    student_guide = text_of("student")
    shown = {
        "a0-attributed: 0.37 of 3 points. 2 of 3 right options ticked, and 1 that do not apply.": (
            "bob",
            "a0-attributed-test",
        ),
        "a0-strike: 0 of 2 points. That is not the best option.": ("bob", "a0-strike-test"),
        "AssertionError: Define a variable named joined_after_1991.": (
            "bob",
            "a0-after-1991-test",
        ),
        "a0-strike: 0 of 2 points. No saved answer was found.": ("carol", "a0-strike-test"),
    }
    for line, (student, grade_id) in shown.items():
        assert line in student_guide, line
        assert line in printed(student, grade_id), (student, grade_id)
    assert next(iter(shown)) in text_of("instructor")


@pytest.mark.pipeline
def test_troubleshooting_quotes_what_the_tools_print(workflow):
    course, exchange, base = workflow["course"], workflow["exchange"], workflow["base"]
    found: dict[str, tuple[str, Path]] = {}

    def saw(fragment: str, output: str, where: Path = course) -> None:
        found[fragment] = (output, where)

    saw("cheating attempt", workflow["outputs"][f"nbgrader collect {PRACTICE}"])
    saw("You already have a copy", workflow["fetch twice"])
    main = (base / "grades.csv").read_text(encoding="utf-8")
    saw("carol,", main)
    saw("dave,", main)

    submit_by_hand(course, PRACTICE, "carl")
    (course / "submitted" / "carl" / PRACTICE / f"{PRACTICE}.ipynb").write_text("{ broken\n")
    key = read_answer_key(course / "answer_keys" / PRACTICE / f"{PRACTICE}.json")
    right = {q: (entry.kind, entry.answer) for q, entry in key.items() if q != "a0-after-1991"}
    submit_by_hand(course, PRACTICE, "dan", code="import os\nos._exit(1)", answers=right)
    submit_by_hand(course, PRACTICE, "eve", code="while True:\n    pass", answers=right)
    students = ["--student", "carl", "--student", "dan", "--student", "eve"]
    trouble = guarantees("grade", PRACTICE, *students, "--cell-timeout", "3", cwd=course)
    assert trouble.returncode == 1
    table = (course / "reports" / PRACTICE / "grades.csv").read_text(encoding="utf-8")
    for student in ("carl,", "dan,", "eve,"):
        saw(student, table)

    saw("no source assignment", guarantees("grade", "a9_missing", cwd=course).stderr)
    again = nbgrader_run(
        "release_assignment", PRACTICE, cwd=course, GUARANTEES_EXCHANGE=str(exchange)
    )
    saw("Destination already exists", again.stderr)
    if not Path("/usr/local/share/nbgrader/exchange").is_dir():  # nbgrader's default exchange
        nobody = base / "home" / "nobody"
        nobody.mkdir()
        lost = nbgrader_run("fetch_assignment", PRACTICE, "--course", "guarantees", cwd=nobody)
        saw("Unwritable directory", lost.stderr)

    gradebook = course / "gradebook.db"
    gradebook.rename(base / "gradebook.db")
    try:
        saw("is not in the gradebook", guarantees("grade", PRACTICE, cwd=course).stderr)
        plain = nbgrader_run("generate_assignment", PRACTICE, cwd=course)
        assert "Skipping existing assignment" in plain.stderr
        assert "`Skipping existing assignment`" in TEXT["instructor"]
    finally:
        gradebook.unlink(missing_ok=True)
        (base / "gradebook.db").rename(gradebook)

    fresh = clone_course(base / "fresh")
    saw("is missing: run", guarantees("grade", PRACTICE, cwd=fresh).stderr, fresh)
    saw("guarantees report:", guarantees("report", PRACTICE, cwd=fresh).stderr, fresh)
    lesson = fresh / "lessons" / "00_start_here.ipynb"
    notebook = nbformat.read(lesson, as_version=4)
    first_code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    first_code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="x")]
    nbformat.write(notebook, lesson)
    saw("has outputs", "\n".join(f"- {p}" for p in notebook_problems(lesson.resolve())), fresh)
    source = fresh / "assignments" / PRACTICE / f"{PRACTICE}.ipynb"
    notebook = nbformat.read(source, as_version=4)
    notebook.cells[1].metadata.nbgrader.grade_id = notebook.cells[2].metadata.nbgrader.grade_id
    nbformat.write(notebook, source)
    duplicate = nbgrader_run("generate_assignment", PRACTICE, "--force", cwd=fresh)
    message = "jsonschema.exceptions.ValidationError: Duplicate grade id: a0-strike-text"
    assert message in duplicate.stderr and message in text_of("instructor")

    if not shutil.which("alembic", path=os.defpath):
        bare = make_course(base / "bare")
        environment = {**nbgrader_environment(), "PATH": os.defpath}
        environment.pop("VIRTUAL_ENV", None)
        nbgrader_script = Path(sys.executable).parent / "nbgrader"
        result = subprocess.run(
            [str(nbgrader_script), "generate_assignment", PRACTICE],
            cwd=bare, env=environment, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        saw("'alembic'", result.stdout + result.stderr, bare)

    problems = []
    for fragment, (output, where) in found.items():
        line = quoted("instructor", fragment)
        pattern = as_pattern(
            line, course=str(where.resolve()), exchange=str(exchange), user=getpass.getuser()
        )
        if not pattern.search(output):
            problems.append(f"quoted: {line}\nprinted: {output.strip()[:600]}")
    assert not problems, "\n\n".join(problems)
