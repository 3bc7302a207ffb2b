"""Every exercise kind driven through its Python API, in self-check and graded mode."""

from __future__ import annotations

import json

import ipywidgets as widgets
import pytest
from chance import chance, credit

from guarantees import Assignment, Lesson
from guarantees.scoring import seal_answer

# kind, builder arguments, right answer, a wrong answer, expected fraction of the wrong answer:
# its raw share above what a random answer earns (tests/chance.py lists every answer)
CASES = {
    "single_choice": (
        {"options": ["1991", "1994", "2008"]},
        "1994",
        "2008",
        0.0,
    ),
    "multiple_choice": (
        {"options": ["Ukraine", "Russian Federation", "France", "United States"]},
        ["Ukraine", "Russian Federation", "United States"],
        ["Ukraine", "Russian Federation", "France"],  # two right ticks, one wrong: raw (2-1)/3
        credit(
            1 / 3,
            chance(
                "multiple_choice",
                ["Ukraine", "Russian Federation", "United States"],
                ["Ukraine", "Russian Federation", "France", "United States"],
            ),
        ),
    ),
    "number": ({"tolerance": 50, "unit": "warheads"}, 1900, 1700, 0.0),
    "short_text": ({}, "Zelenskyy", "Putin", 0.0),
    "ordering": (
        {"items": ["1994", "2008", "2014", "2022", "2025"]},
        ["1994", "2008", "2014", "2022", "2025"],
        ["2008", "2014", "2022", "2025", "1994"],  # one out of place: 4 in order, raw (4-1)/4
        credit(3 / 4, chance("ordering", ["1994", "2008", "2014", "2022", "2025"])),
    ),
    "matching": (
        {"left": ["Peskov", "Merz", "Macron"], "right": ["Kremlin", "Chancellery", "Élysée"]},
        {"Peskov": "Kremlin", "Merz": "Chancellery", "Macron": "Élysée"},
        {"Peskov": "Kremlin", "Merz": "Chancellery", "Macron": "Kremlin"},  # raw 2/3
        credit(2 / 3, 1 / 3),  # a random partner is right one time in three
    ),
}
PARAMS = {"number": {"tolerance": 50}}


def build(sheet, kind, question_id="q", **extra):
    arguments, right, _, _ = CASES[kind]
    if isinstance(sheet, Lesson):
        extra.setdefault("key", seal_answer(kind, right, **PARAMS.get(kind, {})))
    return getattr(sheet, kind)(question_id, f"A {kind} question", **arguments, **extra)


@pytest.fixture
def lesson(tmp_path, monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    return Lesson("lesson", directory=tmp_path)


@pytest.fixture
def assignment(tmp_path, monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    return Assignment("practice", directory=tmp_path)


@pytest.mark.parametrize("kind", CASES)
def test_self_check_right_answer(lesson, kind):
    exercise = build(lesson, kind, hint="a hint", explanation="the reason")
    exercise.answer(CASES[kind][1])
    score = exercise.check()
    assert score.fraction == 1.0
    assert exercise.feedback.startswith("Correct.") and "the reason" in exercise.feedback


@pytest.mark.parametrize("kind", CASES)
def test_self_check_wrong_answer_gives_partial_credit_and_the_hint(lesson, kind):
    exercise = build(lesson, kind, hint="a hint", explanation="the reason")
    exercise.answer(CASES[kind][2])
    score = exercise.check()
    assert score.fraction == pytest.approx(CASES[kind][3])
    assert exercise.feedback.startswith("Not yet") and "a hint" in exercise.feedback
    assert "the reason" not in exercise.feedback, "the first wrong try gets the hint only"
    exercise.check()
    assert "the reason" in exercise.feedback, "the explanation shows from the second try"


@pytest.mark.parametrize("kind", CASES)
def test_answers_survive_a_restart(tmp_path, lesson, kind):
    first = build(lesson, kind)
    first.answer(CASES[kind][1])
    first.check()
    restarted = build(Lesson("lesson", directory=tmp_path), kind)
    assert restarted.value == first.value
    assert restarted.feedback.startswith("Correct."), "the last check is shown again"


@pytest.mark.parametrize("kind", CASES)
def test_graded_mode_saves_and_never_scores(tmp_path, assignment, kind):
    exercise = build(assignment, kind)
    assert exercise.key is None and exercise.mode == "graded"
    exercise.answer(CASES[kind][2])
    assert exercise.check() is None
    assert "Saved" in exercise.feedback and "graded after you submit" in exercise.feedback
    saved = json.loads((tmp_path / "practice.answers.json").read_text())["answers"]["q"]
    assert saved["kind"] == kind and saved["score"] is None
    assert not any(
        isinstance(child, widgets.Button) and child.description == "Check"
        for child in exercise.widget.children[2].children
    )


def test_assignment_refuses_a_key_and_lesson_requires_one(lesson, assignment):
    with pytest.raises(ValueError, match="answer_keys"):
        assignment.single_choice("q", "p", ["a", "b"], key=seal_answer("single_choice", "a"))
    with pytest.raises(ValueError, match="needs key"):
        lesson.single_choice("q", "p", ["a", "b"])


@pytest.mark.parametrize(
    "kind, bad, error",
    [
        ("single_choice", 1994, TypeError),
        ("single_choice", "1995", ValueError),
        ("multiple_choice", "Ukraine", TypeError),
        ("multiple_choice", ["Germany"], ValueError),
        ("number", "many", TypeError),
        ("number", True, TypeError),
        ("short_text", ["a"], TypeError),
        ("ordering", ["1994", "1994", None, None, None], ValueError),
        ("ordering", ["1994"], ValueError),
        ("matching", [("Peskov", "Kremlin")], TypeError),
        ("matching", {"Peskov": "Elysee"}, ValueError),
    ],
)
def test_wrong_types_and_unknown_options_are_clear_errors(lesson, kind, bad, error):
    exercise = build(lesson, kind)
    with pytest.raises(error):
        exercise.answer(bad)
    assert not exercise.is_answered


def test_unknown_question_id_is_a_clear_error(lesson):
    build(lesson, "single_choice", "known")
    with pytest.raises(KeyError, match="known"):
        lesson["unknown"]
    with pytest.raises(ValueError, match="question id"):
        build(lesson, "single_choice", "has space")


def test_hand_edited_answer_of_the_wrong_type_is_ignored_with_a_warning(tmp_path, lesson):
    build(lesson, "single_choice").answer("1994")
    path = tmp_path / "lesson.answers.json"
    document = json.loads(path.read_text())
    document["answers"]["q"]["value"] = ["not", "a", "choice"]
    path.write_text(json.dumps(document))
    reopened = build(Lesson("lesson", directory=tmp_path), "single_choice")
    assert reopened.value is None
    assert "ignored" in reopened.feedback
    assert list(tmp_path.glob("lesson.answers.json.corrupt-*"))


def test_typing_into_the_number_box_is_read_like_a_person_would(lesson):
    exercise = build(lesson, "number")
    exercise.input.value = "1,870"
    assert exercise.value == 1870
    exercise.input.value = "lots"
    assert exercise.value is None and "not a number" in exercise.feedback


def test_clicking_check_and_hint_buttons(lesson):
    exercise = build(lesson, "single_choice", hint="think of Budapest")
    exercise.input.value = "1994"  # as a click on the radio button would
    buttons = {b.description: b for b in exercise.widget.children[2].children}
    buttons["Hint"].click()
    assert "think of Budapest" in exercise._hint_text.value
    buttons["Check"].click()
    assert exercise.feedback.startswith("Correct.")


INTERACTIVE = (widgets.Checkbox, widgets.RadioButtons, widgets.Dropdown, widgets.Text)


def test_every_control_has_an_accessible_label(lesson):
    for kind in CASES:
        exercise = build(lesson, kind, question_id=f"a11y-{kind}", hint="h")
        controls = [exercise.input, *getattr(exercise.input, "children", ())]
        for control in controls:
            if isinstance(control, INTERACTIVE):
                assert control.description, f"{kind}: {control!r} has no label"
        for button in exercise.widget.children[2].children:
            assert button.tooltip and exercise.question_id in button.tooltip
        exercise.answer(CASES[kind][1])
        exercise.check()
        assert 'role="status"' in exercise._feedback.value
        assert 'aria-live="polite"' in exercise._feedback.value


def test_progress_line_follows_answers(lesson):
    progress = lesson.progress()
    first, second = build(lesson, "single_choice", "one"), build(lesson, "number", "two")
    first.answer("1994")
    first.check()
    bar, text = progress.children
    assert (bar.value, bar.max) == (1, 2)
    assert "1 of 2 exercises answered, 1 checked and correct" in text.value
    second.answer(1700)
    second.check()
    assert lesson.summary() == "2 of 2 exercises answered, 1 checked and correct"


def test_readable_text_where_widgets_cannot_render(assignment):
    exercise = build(assignment, "single_choice")
    exercise.answer("2008")
    bundle = exercise._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "graded exercise q" in bundle["text/plain"] and "'2008'" in bundle["text/plain"]
