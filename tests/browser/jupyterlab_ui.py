"""What a student does in JupyterLab, as Playwright steps: open a notebook, run it, find an
exercise, read its feedback, restart the kernel, move with the keyboard."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from helpers import ANSWER_KEYS
from playwright.sync_api import Locator, Page, expect

EXERCISE = ".guarantees-exercise:not([data-stale])"
KERNEL_IDLE = re.compile(r"^Python 3.* \| Idle$")


def open_notebook(page: Page, lab: Any, notebook: Path) -> None:
    """Open a notebook in JupyterLab's single-document view and wait for its kernel."""
    relative = quote(notebook.relative_to(lab.root).as_posix())
    page.goto(f"{lab.url}/doc/tree/{relative}?token={lab.token}")
    expect(page.locator(".jp-Notebook .jp-Cell").first).to_be_visible()
    # The status bar says "No Kernel | Initializing", then "Python 3 (ipykernel) | Idle" when
    # the kernel is connected: only then does "Run All" run the cells.
    expect(page.locator(".jp-StatusBar-TextItem", has_text=KERNEL_IDLE)).to_have_count(1)


def menu(page: Page, name: str, command: str) -> None:
    """Choose a menu item, as a click on the menu bar and then on the item."""
    page.get_by_role("menuitem", name=name, exact=True).click()
    page.locator(f'.lm-Menu [data-command="{command}"]').click()


def run_all(page: Page, exercises: int) -> None:
    """Run > Run All Cells, then wait until the exercises are shown and made accessible."""
    menu(page, "Run", "runmenu:run-all")
    wait_for_exercises(page, exercises)


def restart_and_run_all(page: Page, exercises: int) -> None:
    """Kernel > Restart Kernel and Run All Cells, confirmed; wait for the new exercises."""
    page.evaluate(
        "document.querySelectorAll('.guarantees-exercise').forEach(e => e.dataset.stale = '1')"
    )
    menu(page, "Kernel", "runmenu:restart-and-run-all")
    restart = page.locator(".jp-Dialog button.jp-mod-accept")
    expect(restart).to_have_text("Restart")
    restart.click()
    wait_for_exercises(page, exercises)


def wait_for_exercises(page: Page, count: int) -> None:
    """Wait for ``count`` exercises, made accessible, and for every queued cell to have run."""
    # The prompt gets its id from the course's accessibility script: then the widget is ready.
    expect(page.locator(f"{EXERCISE} .guarantees-prompt[id]")).to_have_count(count)
    expect(page.locator(".jp-InputPrompt", has_text="[*]")).to_have_count(0)
    expect(page.locator(".jp-StatusBar-TextItem", has_text=KERNEL_IDLE)).to_have_count(1)


def exercise(page: Page, question_id: str) -> Locator:
    """The exercise widget of one question."""
    title = page.locator(
        ".guarantees-prompt > b", has_text=re.compile(f"^{re.escape(question_id)}$")
    )
    found = page.locator(EXERCISE).filter(has=title)
    expect(found).to_have_count(1)
    return found


def screenshot(page: Page, target: Locator, path: Path) -> None:
    """The page, scrolled so that ``target`` is near the top, once JupyterLab has painted it."""
    target.evaluate("element => element.scrollIntoView({block: 'start'})")
    # The notebook lays out cells that come into view on the next frames.
    page.wait_for_timeout(500)
    expect(target).to_be_in_viewport()
    page.screenshot(path=path)


def feedback(exercise: Locator) -> Locator:
    return exercise.locator(".guarantees-feedback")


def check_button(exercise: Locator) -> Locator:
    return exercise.get_by_role("button", name="Check", exact=True)


def saved_answers(notebook: Path) -> dict[str, Any]:
    """The answers file beside a notebook, as the student's kernel wrote it."""
    path = notebook.with_name(f"{notebook.stem}.answers.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["notebook"] == notebook.stem
    return document["answers"]


def lesson_key(lesson: str) -> dict[str, Any]:
    """The plain answers behind a lesson's sealed keys (the instructors' file)."""
    path = ANSWER_KEYS / "lessons" / f"{lesson}.json"
    return {
        question: entry["answer"]
        for question, entry in json.loads(path.read_text(encoding="utf-8"))["questions"].items()
    }


def is_focused(control: Locator) -> bool:
    return control.evaluate("element => element === document.activeElement")


def tab_to(page: Page, control: Locator, limit: int = 30) -> None:
    """Press Tab until ``control`` has the focus (it must be reachable by Tab alone)."""
    for _ in range(limit):
        if is_focused(control):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{limit} presses of Tab did not reach {control}")


def option_texts(select: Locator) -> list[str]:
    return [text.replace("\xa0", " ") for text in select.locator("option").all_inner_texts()]


def choose_with_keyboard(page: Page, select: Locator, text: str) -> None:
    """On a focused drop-down list: Space opens it, arrows move in the open list, Enter picks."""
    assert is_focused(select)
    steps = option_texts(select).index(text) - option_texts(select).index(selected_text(select))
    page.keyboard.press("Space")
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    page.keyboard.press("Enter")
    expect(select).to_have_value(text)


def selected_text(select: Locator) -> str:
    return select.evaluate("element => element.options[element.selectedIndex].text").replace(
        "\xa0", " "
    )


def cell_kinds(page: Page) -> list[str]:
    """The kind of every cell of the open notebook, to see that no key changed the notebook."""
    return page.locator(".jp-Notebook .jp-Cell").evaluate_all(
        "cells => cells.map(c => c.classList.contains('jp-CodeCell') ? 'code' : 'other')"
    )
