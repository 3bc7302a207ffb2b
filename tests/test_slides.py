"""Slide decks built from a lesson notebook (nbconvert's reveal.js exporter, no kernel): a slide
per heading, reveal.js from where the instructor says, and the lesson notebook left as it was."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from guarantees.slides import write_slides

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "lessons" / "05_alliance_politics.ipynb"
SOURCE = ROOT / "content" / "lessons" / "05_alliance_politics.md"


def test_a_lesson_becomes_a_deck_with_a_slide_per_heading(tmp_path):
    before = LESSON.read_bytes()
    (deck,) = write_slides([LESSON], tmp_path, reveal_prefix="reveal.js")
    html = deck.read_text(encoding="utf-8")
    headings = re.findall(r"^#{1,2} (.+)$", SOURCE.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(headings) >= 8
    assert html.count("<section><section>") == len(headings)  # a slide per heading
    slides = html.split("<section><section>")[1:]
    for heading, slide in zip(headings, slides, strict=True):
        assert escape(heading, quote=False) in slide.split("</h")[0], heading
    assert 'href="reveal.js/dist/reveal.css"' in html and "unpkg.com" not in html
    assert "sealed-v1" not in html and "hidden-text-v1" not in html  # an exercise's question only
    assert "lesson.progress()" not in html  # no kernel in the room's deck: skipped
    assert LESSON.read_bytes() == before
