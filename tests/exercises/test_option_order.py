"""Options shown in a shuffled order of each student's own, the same on every run; answers saved by
content, so grading never depends on the order."""

from __future__ import annotations

import itertools

import pytest

from guarantees import Assignment
from guarantees.answers import AnswerStore
from guarantees.option_order import order_seed, shuffled, student_identity

OPTIONS = [f"option {letter}" for letter in "ABCDEF"]
STUDENTS = [f"student{number}" for number in range(12)]


def test_the_order_is_a_permutation_and_the_same_on_every_call():
    for student in STUDENTS:
        shown = shuffled(OPTIONS, order_seed("a1", student), "q1")
        assert sorted(shown) == sorted(OPTIONS)
        assert shown == shuffled(list(reversed(OPTIONS)), order_seed("a1", student), "q1")


def test_students_questions_and_notebooks_get_different_orders():
    orders = {tuple(shuffled(OPTIONS, order_seed("a1", s), "q1")) for s in STUDENTS}
    assert len(orders) >= 10, "twelve students should see (almost) twelve orders of six options"
    by_question = {tuple(shuffled(OPTIONS, order_seed("a1", "ann"), f"q{n}")) for n in range(6)}
    assert len(by_question) >= 5
    assert shuffled(OPTIONS, order_seed("a1", "ann"), "q1") != shuffled(
        OPTIONS, order_seed("a2", "ann"), "q1"
    )


def test_the_authored_first_option_is_first_for_about_one_student_in_six():
    first = sum(
        shuffled(OPTIONS, order_seed("a1", f"s{n}"), "q")[0] == OPTIONS[0] for n in range(600)
    )
    assert 60 < first < 140, first  # 100 expected; a fixed order would give 0 or 600


def test_the_student_is_the_hub_user_or_the_login_name(monkeypatch):
    assert student_identity({"JUPYTERHUB_USER": "ann"}) == "ann"
    monkeypatch.setenv("LOGNAME", "ben")
    monkeypatch.setenv("USER", "ben")
    assert student_identity({}) == "ben"


def sheet(tmp_path, monkeypatch, student: str) -> Assignment:
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", student)
    return Assignment("practice", directory=tmp_path / student)


def shown(exercise) -> list[str]:
    """What the widget lists, in the order the student sees it."""
    if exercise.kind == "single_choice":
        return list(exercise.input.options)
    if exercise.kind == "multiple_choice":
        return [box.description for box in exercise._boxes]
    dropdown = next(iter(exercise._pairs.values())) if exercise.kind == "matching" else None
    dropdown = dropdown or exercise._positions[0]
    return [label for label, _ in dropdown.options[1:]]


def add_every_kind(worksheet: Assignment) -> list:
    return [
        worksheet.single_choice("sc", "Pick one.", OPTIONS),
        worksheet.multiple_choice("mc", "Tick all.", OPTIONS),
        worksheet.ordering("order", "Order them.", OPTIONS),
        worksheet.matching("match", "Match them.", ["x", "y"], OPTIONS),
    ]


def test_each_widget_shows_the_students_order_and_restarts_keep_it(tmp_path, monkeypatch):
    ann = add_every_kind(sheet(tmp_path, monkeypatch, "ann"))
    again = add_every_kind(sheet(tmp_path, monkeypatch, "ann"))
    ben = add_every_kind(sheet(tmp_path, monkeypatch, "ben"))
    for first, restarted, other in zip(ann, again, ben, strict=True):
        assert sorted(shown(first)) == sorted(shown(other)) == sorted(OPTIONS)
        assert shown(first) == shown(restarted), first.kind
    assert any(shown(a) != shown(b) for a, b in zip(ann, ben, strict=True))


def test_answers_are_saved_by_content_whatever_the_order(tmp_path, monkeypatch):
    saved = {}
    for student in ("ann", "ben"):
        sc, mc, order, match = add_every_kind(sheet(tmp_path, monkeypatch, student))
        sc.input.index = shown(sc).index("option C")  # a click on the option's radio button
        for box in reversed(mc._boxes):  # ticked bottom to top as shown
            box.value = box.description in ("option E", "option B")
        order.answer(OPTIONS)
        match.answer({"x": "option F", "y": "option A"})
        store = AnswerStore(tmp_path / student / "practice.answers.json", "practice")
        saved[student] = {q: a.value for q, a in store.load().items()}
    assert (
        saved["ann"]
        == saved["ben"]
        == {
            "sc": "option C",
            "mc": ["option B", "option E"],  # in the authored order
            "order": OPTIONS,
            "match": {"x": "option F", "y": "option A"},
        }
    )


@pytest.mark.parametrize("count", [2, 3, 4])
def test_every_order_of_a_few_options_occurs(count):
    options = OPTIONS[:count]
    seen = {tuple(shuffled(options, order_seed("a", f"s{n}"), "q")) for n in range(200)}
    assert seen == set(itertools.permutations(options))
