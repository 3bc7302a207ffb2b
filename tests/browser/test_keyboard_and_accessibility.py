"""Every exercise kind works with the keyboard alone, and the course's widgets pass axe-core.

JupyterLab keeps arrow keys and letters for its command-mode shortcuts (a focused radio button
would hand ArrowDown to "select the next cell"), so the keyboard path uses only what it leaves
free: Tab to move, Space to tick or open a list, Enter to pick from an open list or press a
button, and typing into text boxes. Each exercise is entered by putting the focus on its first
control, where a Tab from the text before it lands.
"""

from __future__ import annotations

import json
import re

from axe_playwright_python.sync_playwright import Axe
from jupyterlab_ui import (
    cell_kinds,
    check_button,
    choose_with_keyboard,
    exercise,
    feedback,
    is_focused,
    lesson_key,
    open_notebook,
    run_all,
    saved_answers,
    screenshot,
    tab_to,
)
from playwright.sync_api import Locator, Page, expect

LESSON_EXERCISES = 6
# Every ipywidget a notebook shows: the exercises and the progress lines.
WIDGETS = ".jp-OutputArea-output > .jupyter-widgets"
BLOCKING = ("serious", "critical")


def press_check(page: Page, item: Locator, key: str = "Enter") -> None:
    tab_to(page, check_button(item))
    page.keyboard.press(key)
    expect(feedback(item)).to_contain_text("Correct.")


def test_every_exercise_kind_is_answered_and_checked_with_the_keyboard_alone(
    page, lab, workspace, artifacts
):
    key = lesson_key("00_start_here")
    notebook = workspace / "lessons" / "00_start_here.ipynb"
    open_notebook(page, lab, notebook)
    run_all(page, LESSON_EXERCISES)
    cells = cell_kinds(page)

    # Single choice: each option is its own Tab stop; Space selects it.
    item = exercise(page, "start-president")
    item.get_by_role("radio").first.focus()
    right = item.get_by_role("radio", name=key["start-president"], exact=True)
    tab_to(page, right)
    page.keyboard.press("Space")
    expect(right).to_be_checked()
    # Keys JupyterLab would take as shortcuts stay with the exercise: "m" does not turn its cell
    # into Markdown, and arrows move between the options instead of to the next cell.
    page.keyboard.press("m")
    assert is_focused(right), "m took the focus away from the radio button"
    page.keyboard.press("ArrowDown")
    assert item.locator("input[type=radio]:focus").count() == 1, "ArrowDown left the exercise"
    page.keyboard.press("ArrowUp")
    assert is_focused(right)
    page.keyboard.press("Space")
    expect(right).to_be_checked()
    press_check(page, item)

    # Number: type, Tab to Check (leaving the box commits the answer), Space presses it.
    item = exercise(page, "start-war-year")
    item.get_by_role("textbox").focus()
    page.keyboard.type(str(key["start-war-year"]))
    press_check(page, item, key="Space")

    # Multiple choice: Space ticks a box, Tab moves on.
    item = exercise(page, "start-signatories")
    boxes = item.get_by_role("checkbox")
    boxes.first.focus()
    for index in range(boxes.count()):
        box = boxes.nth(index)
        tab_to(page, box)
        if box.get_attribute("title") in key["start-signatories"]:
            page.keyboard.press("Space")
    for index in range(boxes.count()):
        ticked = boxes.nth(index).get_attribute("title") in key["start-signatories"]
        expect(boxes.nth(index)).to_be_checked(checked=ticked)
    press_check(page, item)

    # Matching: Space opens a drop-down list, arrows move in the open list, Enter picks.
    item = exercise(page, "start-claim-types")
    item.locator("select").first.focus()
    for statement, kind in key["start-claim-types"].items():
        select = item.get_by_label(f"{statement} →", exact=True)
        tab_to(page, select)
        choose_with_keyboard(page, select, kind)
    press_check(page, item)

    # Ordering: the same drop-down lists, one per position.
    item = exercise(page, "start-timeline")
    item.locator("select").first.focus()
    for position, event in enumerate(key["start-timeline"], start=1):
        select = item.get_by_label(f"Position {position}:", exact=True)
        tab_to(page, select)
        choose_with_keyboard(page, select, event)
    screenshot(page, item, artifacts / "07-keyboard-ordering.png")
    press_check(page, item)

    # Short text: type, Enter commits the answer.
    item = exercise(page, "start-misspelling")
    item.get_by_role("textbox").focus()
    page.keyboard.type(key["start-misspelling"][0])
    page.keyboard.press("Enter")
    press_check(page, item)

    assert cell_kinds(page) == cells, "a key reached JupyterLab and changed the notebook"
    saved = saved_answers(notebook)
    assert sorted(saved) == sorted(key)
    assert all(answer["score"] == 1.0 for answer in saved.values())
    progress = page.get_by_text("6 of 6 exercises answered, 6 checked and correct")
    expect(progress.first).to_be_attached()


def test_course_widgets_have_no_serious_accessibility_violations(page, lab, workspace, artifacts):
    notebook = workspace / "lessons" / "00_start_here.ipynb"
    open_notebook(page, lab, notebook)
    run_all(page, LESSON_EXERCISES)
    # Show every state a widget can be in: answered, checked wrong, with a hint.
    item = exercise(page, "start-president")
    item.get_by_role("radio").first.click()
    check_button(item).click()
    expect(feedback(item)).to_contain_text("Not yet")
    item.get_by_role("button", name="Hint", exact=True).click()
    screenshot(page, item, artifacts / "08-accessibility-checked-page.png")

    axe = Axe()
    course = axe.run(page, context={"include": [[WIDGETS]]}).response["violations"]
    everything = axe.run(page).response["violations"]
    report = write_report(artifacts, course, everything)
    print(report)
    blocking = [v for v in course if v["impact"] in BLOCKING]
    assert not blocking, report

    # What axe does not check: a group of options is named by its question, text boxes and
    # lists are described by it, and buttons are named by their words alone.
    for item in page.locator(".guarantees-exercise").all():
        # The prompt is "<b>id</b> <small>(mode)</small><br>question".
        question = item.locator(".guarantees-prompt").evaluate("p => p.lastChild.textContent")
        named = re.compile(re.escape(question.strip()))
        for group in item.locator("[role=radiogroup], [role=group]").all():
            expect(group).to_have_accessible_name(named)
        if item.get_by_role("radio").count():
            expect(item.get_by_role("radiogroup", name=named)).to_have_count(1)
        if item.get_by_role("checkbox").count():
            expect(item.get_by_role("group", name=named)).to_have_count(1)
        for control in item.locator("input[type=text], select").all():
            expect(control).to_have_accessible_description(named)
        expect(check_button(item)).to_have_accessible_name("Check")


def write_report(artifacts, course: list[dict], everything: list[dict]) -> str:
    """axe's findings in the course's widgets, and the rest of the page (JupyterLab's own
    interface and the notebook's other outputs), as JSON and a short text report."""
    (artifacts / "axe-course-widgets.json").write_text(json.dumps(course, indent=1))
    (artifacts / "axe-whole-page.json").write_text(json.dumps(everything, indent=1))
    in_course = {(v["id"], n["html"]) for v in course for n in v["nodes"]}
    lines = ["axe-core findings in the course's widgets:"]
    lines += [f"  {v['impact']:>8} {v['id']}: {len(v['nodes'])} element(s)" for v in course]
    lines += ["  none"] if not course else []
    lines.append("axe-core findings elsewhere on the page (JupyterLab, other outputs):")
    for violation in everything:
        nodes = [n for n in violation["nodes"] if (violation["id"], n["html"]) not in in_course]
        if nodes:
            where = ", ".join(sorted({" ".join(n["target"])[:60] for n in nodes})[:2])
            impact, rule = violation["impact"], violation["id"]
            lines.append(f"  {impact:>8} {rule}: {len(nodes)} element(s), e.g. {where}")
    report = "\n".join(lines)
    (artifacts / "axe-report.txt").write_text(report + "\n")
    return report
