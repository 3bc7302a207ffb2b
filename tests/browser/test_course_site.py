"""The course as a static JupyterLite site, in Debian's Chromium: built from scratch, served on
loopback, a learner answers lesson 00 by clicking, reloads the tab and finds the answers again;
no request leaves the host (the Pyodide CDN is needed only by cells with tables and plots)."""

from __future__ import annotations

import functools
import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import LESSONS
from jupyterlab_ui import check_button, exercise, feedback, lesson_key
from playwright.sync_api import Page, expect

from guarantees.course_site import LOCAL_PYODIDE, build_site, cdn_url, closure

LESSON = "00_start_here"
KERNEL_IDLE = re.compile(r"^Python \(Pyodide\) \| Idle$")
EXERCISES = 6
FIRST_TABLE_CELL = 'load_table("nato_members")'
"""The first cell after lesson 00's exercises: it needs pandas, from the CDN."""


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site, built once for the session, from scratch."""
    started = time.monotonic()
    built = build_site(tmp_path_factory.mktemp("site") / "site")
    print(f"\nsite built in {time.monotonic() - started:.1f} s")
    return built


@pytest.fixture(scope="session")
def site_url(site) -> Iterator[str]:
    """The site served on loopback by a plain static file server."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_the_built_site_runs_pyodide_from_its_own_files(site):
    config = json.loads((site / "jupyter-lite.json").read_text(encoding="utf-8"))
    kernel = config["jupyter-config-data"]["litePluginSettings"]
    kernel = kernel["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == LOCAL_PYODIDE and (site / LOCAL_PYODIDE).is_file()
    assert kernel["disablePyPIFallback"] is True
    lock = json.loads((site / "static/pyodide/pyodide-lock.json").read_text(encoding="utf-8"))
    local = {
        name
        for name, entry in lock["packages"].items()
        if not entry["file_name"].startswith(cdn_url())
    }
    assert {"guarantees-course", "ipywidgets", "filelock", "comm", "micropip"} <= local
    assert {"numpy", "pandas", "matplotlib"}.isdisjoint(local)
    assert lock["packages"]["guarantees-course"]["imports"] == ["guarantees"]
    lessons = sorted(p.name for p in (site / "files").iterdir())
    assert lessons == sorted(p.name for p in LESSONS.glob("*.ipynb"))


def test_a_learner_answers_reloads_and_finds_the_answers(browser, site, site_url, artifacts):
    key = lesson_key(LESSON)
    context = browser.new_context(viewport={"width": 1100, "height": 820})
    context.set_default_timeout(120_000)
    expect.set_options(timeout=120_000)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    try:
        open_lesson(page, site_url)

        president = exercise(page, "start-president")
        president.get_by_role("radio", name=key["start-president"], exact=True).click()
        check_button(president).click()
        expect(feedback(president)).to_contain_text("Correct.")
        year = exercise(page, "start-war-year")
        box = year.get_by_role("textbox", name="Your answer in years")
        box.fill("3")
        box.press("Enter")
        check_button(year).click()
        expect(feedback(year)).to_contain_text("Not yet")
        box.fill(str(key["start-war-year"]))
        box.press("Enter")
        check_button(year).click()
        expect(feedback(year)).to_contain_text("Correct.")
        year.get_by_role("button", name="Hint", exact=True).click()
        expect(year.locator(".guarantees-hint")).to_contain_text("Year 2 began")
        page.screenshot(path=artifacts / "site-01-answered.png")

        page.reload()
        open_lesson(page, site_url, reloaded=True)
        president, year = exercise(page, "start-president"), exercise(page, "start-war-year")
        expect(
            president.get_by_role("radio", name=key["start-president"], exact=True)
        ).to_be_checked()
        expect(feedback(president)).to_contain_text("Correct.")
        expect(year.get_by_role("textbox", name="Your answer in years")).to_have_value(
            str(key["start-war-year"])
        )
        expect(feedback(year)).to_contain_text("Correct.")
        progress = page.get_by_text("2 of 6 exercises answered, 2 checked and correct")
        expect(progress).to_have_count(1)
        run_cell(page, "show_course_map()")  # the course map reads the answers in /drive
        expect(page.locator('progress[aria-label="2 of 6 correct"]')).to_have_count(1)
        page.screenshot(path=artifacts / "site-02-restored-after-reload.png")

        # A table needs pandas from Pyodide's CDN, fetched when first used; here the CDN is
        # cut off (as offline), so the cell says a connection is needed.
        exercises_requests = len(requests)
        context.route(f"{cdn_url()}/**", lambda route: route.abort())
        run_cell(page, FIRST_TABLE_CELL)
        expect(page.get_by_text("need a connection the first time")).to_have_count(1)
    except Exception:
        page.screenshot(path=artifacts / "FAILED-site.png")
        raise
    finally:
        context.close()

    hosts = {urlsplit(url).hostname for url in requests[:exercises_requests]}
    print(f"lesson 00's exercises: {exercises_requests} requests, to {sorted(hosts)}")
    assert hosts == {"127.0.0.1"}, "every request of the exercises stays on loopback"
    table = requests[exercises_requests:]
    from_cdn = {Path(urlsplit(url).path).name for url in table if url.startswith(cdn_url())}
    print(f"a table cell: {len(table)} requests, {len(from_cdn)} files from the CDN: {from_cdn}")
    assert {urlsplit(url).hostname for url in table} <= {"127.0.0.1", urlsplit(cdn_url()).hostname}
    lock = json.loads((site / "static/pyodide/pyodide-lock.json").read_text(encoding="utf-8"))
    packages = lock["packages"]
    pandas = [packages[name]["file_name"] for name in closure(packages, ("pandas",))]
    assert from_cdn == {Path(url).name for url in pandas if url.startswith(cdn_url())}


def open_lesson(page: Page, site_url: str, reloaded: bool = False) -> None:
    """Open lesson 00 in the site's JupyterLab, wait for the kernel, and run every cell above
    the first table (the exercises): Run > Run All Above Selected Cell."""
    started = time.monotonic()
    if not reloaded:
        page.goto(f"{site_url}/lab/index.html?path={LESSON}.ipynb")
    expect(page.locator(".jp-StatusBar-TextItem", has_text=KERNEL_IDLE)).to_have_count(1)
    ready = time.monotonic()
    page.locator(".jp-CodeCell .jp-InputArea-editor", has_text=FIRST_TABLE_CELL).click()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator('.lm-Menu [data-command="notebook:run-all-above"]').click()
    expect(page.locator(".guarantees-exercise .guarantees-prompt[id]")).to_have_count(EXERCISES)
    expect(page.locator(".jp-InputPrompt", has_text="[*]")).to_have_count(0)
    print(
        f"\n{'after reload: ' if reloaded else ''}kernel idle in {ready - started:.1f} s, "
        f"exercises shown {time.monotonic() - ready:.1f} s later"
    )


def run_cell(page: Page, text: str) -> None:
    """Run the one code cell that contains ``text`` (Shift+Enter in it)."""
    page.locator(".jp-CodeCell .jp-InputArea-editor", has_text=text).click()
    page.keyboard.press("Shift+Enter")
