"""A student in a real JupyterLab: answer by clicking and typing, see feedback, restart the
kernel and find the answers again; answer a graded widget and find it in the answers file."""

from __future__ import annotations

from jupyterlab_ui import (
    check_button,
    exercise,
    feedback,
    lesson_key,
    open_notebook,
    restart_and_run_all,
    run_all,
    saved_answers,
    screenshot,
)
from playwright.sync_api import expect

LESSON_EXERCISES = 6
NEGOTIATION_EXERCISES = 6


def test_lesson_answers_give_feedback_and_survive_a_kernel_restart(page, lab, workspace, artifacts):
    key = lesson_key("00_start_here")
    notebook = workspace / "lessons" / "00_start_here.ipynb"
    open_notebook(page, lab, notebook)
    run_all(page, LESSON_EXERCISES)

    president = exercise(page, "start-president")
    screenshot(page, president, artifacts / "01-lesson-after-run-all.png")
    president.get_by_role("radio", name=key["start-president"], exact=True).click()
    expect(feedback(president)).to_contain_text("Saved. Press Check to see if it is right.")
    check_button(president).click()
    expect(feedback(president)).to_contain_text("Correct.")
    president.screenshot(path=artifacts / "02-single-choice-correct.png")

    year = exercise(page, "start-war-year")
    box = year.get_by_role("textbox", name="Your answer in years")
    box.fill("3")
    box.press("Enter")
    check_button(year).click()
    expect(feedback(year)).to_contain_text("Not yet: that number is outside the accepted range.")
    year.get_by_role("button", name="Hint", exact=True).click()
    expect(year.locator(".guarantees-hint")).to_contain_text("Year 2 began")
    year.screenshot(path=artifacts / "03-number-not-yet-with-hint.png")
    box.fill(str(key["start-war-year"]))
    box.press("Enter")
    check_button(year).click()
    expect(feedback(year)).to_contain_text("Correct.")

    saved = saved_answers(notebook)
    assert saved["start-president"]["value"] == key["start-president"]
    assert saved["start-war-year"]["value"] == key["start-war-year"]
    assert saved["start-president"]["score"] == saved["start-war-year"]["score"] == 1.0

    restart_and_run_all(page, LESSON_EXERCISES)
    president, year = exercise(page, "start-president"), exercise(page, "start-war-year")
    expect(president.get_by_role("radio", name=key["start-president"], exact=True)).to_be_checked()
    expect(feedback(president)).to_contain_text("Correct.")
    expect(year.get_by_role("textbox", name="Your answer in years")).to_have_value(
        str(key["start-war-year"])
    )
    expect(feedback(year)).to_contain_text("Correct.")
    screenshot(page, president, artifacts / "04-lesson-after-kernel-restart.png")


def test_graded_widget_saves_the_answer_beside_the_notebook(page, lab, workspace, artifacts):
    notebook = workspace / "a0_practice" / "a0_practice.ipynb"
    open_notebook(page, lab, notebook)
    run_all(page, 2)

    strike = exercise(page, "a0-strike")
    expect(check_button(strike)).to_have_count(0)  # graded: no right-or-wrong before the deadline
    expect(strike.locator(".guarantees-prompt")).to_contain_text("(Graded)")
    choice = strike.get_by_role("radio").nth(1)
    chosen = choice.evaluate("radio => radio.parentElement.textContent")
    choice.click()
    expect(feedback(strike)).to_contain_text("Your answer is graded after you submit.")
    strike.screenshot(path=artifacts / "05-graded-single-choice-saved.png")

    attributed = exercise(page, "a0-attributed")
    boxes = attributed.get_by_role("checkbox")
    ticked = [boxes.nth(0), boxes.nth(2)]
    for box in ticked:
        box.click()
    expect(feedback(attributed)).to_contain_text("Your answer is graded after you submit.")
    screenshot(page, strike, artifacts / "06-assignment-after-answering.png")

    saved = saved_answers(notebook)
    assert saved["a0-strike"]["kind"] == "single_choice"
    assert saved["a0-strike"]["value"] == chosen
    assert saved["a0-strike"]["score"] is None
    # the ticks are saved in the authored order, whatever order this student was shown
    ticked_titles = {box.get_attribute("title") for box in ticked}
    assert sorted(saved["a0-attributed"]["value"]) == sorted(ticked_titles)
    assert saved["a0-attributed"]["score"] is None


def test_a_team_plays_one_round_of_the_negotiation(page, lab, workspace, artifacts):
    notebook = workspace / "lessons" / "10_negotiation_simulation.ipynb"
    open_notebook(page, lab, notebook)
    run_all(page, NEGOTIATION_EXERCISES)

    sanctions = page.get_by_label("Sanctions and frozen assets:", exact=True)
    sanctions.select_option("phased relief with snap-back")
    page.get_by_role("button", name="Make this offer", exact=True).click()
    status = page.locator("[role=status]", has_text="You offered this package.")
    expect(status).to_be_visible()
    table = status.locator("xpath=ancestor::div[contains(@class, 'widget-vbox')][1]")
    expect(table).to_contain_text("Zone of agreement:")
    expect(table.locator("li")).to_have_count(6)  # the six other roles answer at once
    expect(page.get_by_label("Round:", exact=True)).to_have_value("2")
    screenshot(page, table, artifacts / "06-negotiation-round-one.png")

    (move,) = saved_answers(notebook).values()
    assert move["kind"] == "negotiation"
    assert move["value"]["action"] == "offer" and move["value"]["round"] == 1
    assert move["value"]["role"] == "Ukraine" and move["value"]["mode"] == "self-study"
    assert move["value"]["package"]["sanctions"] == "phased relief with snap-back"
