"""Every lesson assigns 2-3 real works, each cited from the references table with its chapter or
pages and a reading question, in a ``## Readings`` section at the top of the lesson."""

from __future__ import annotations

import re

import pytest
from helpers import REPO

from guarantees.authoring.citations import cited_ids, read_references

SOURCES = sorted((REPO / "content" / "lessons").glob("*.md"))
WHERE = re.compile(r"\b(pp?\. \d|ch\. \d|chapter|introduction|whole)", re.IGNORECASE)


def readings_of(text: str) -> str:
    """The lesson's ``## Readings`` section, up to the next heading or cell."""
    section = text.split("\n## Readings\n", 1)[1]
    return re.split(r"\n(?:#{1,3} |\+\+\+|```)", section, maxsplit=1)[0]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_every_lesson_assigns_cited_readings_with_questions(path):
    text = path.read_text(encoding="utf-8")
    assert "\n## Readings\n" in text, "no ## Readings section"
    first_code = text.index("```{code-cell}")
    assert text.index("\n## Readings\n") < first_code, "Readings belong at the top of the lesson"
    assert text.index("Learning objectives") < text.index("\n## Readings\n")
    works = [line for line in readings_of(text).splitlines() if line.startswith("* ")]
    assert 2 <= len(works) <= 3, works
    references = read_references(REPO)
    for work in works:
        ids = cited_ids(work)
        assert ids and all(i in references for i in ids), work[:60]
        assert WHERE.search(work), f"no chapter or pages: {work[:60]}"
        assert "?" in work, f"no reading question: {work[:60]}"


def test_the_reading_list_gives_each_lessons_works_in_full():
    reading_list = (REPO / "docs" / "reading-list.md").read_text(encoding="utf-8")
    references = read_references(REPO)
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        title = re.search(r"^# (.+)$", text, re.MULTILINE)[1]
        part = reading_list.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]
        for reference_id in cited_ids(readings_of(text)):
            assert references[reference_id].citation in part, (path.stem, reference_id)
