"""Slide decks made from the lesson notebooks, with nbconvert's reveal.js slides exporter.

The slide breaks are set on a copy of each notebook at build time, from its headings: a ``#``
or ``##`` heading starts a slide, a ``###`` heading a sub-slide (below the slide, reached with
the down arrow), and an exercise gets a sub-slide of its own, shown without its sealed key and
encoded explanation; every other cell stays on the slide above it (long slides scroll).
``lesson.progress()`` cells are skipped. The notebooks in ``lessons/`` are never changed.

>>> import nbformat
>>> notebook = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_markdown_cell("# 1 · Title"), nbformat.v4.new_markdown_cell("Text."),
...     nbformat.v4.new_markdown_cell("## 2. Next"), nbformat.v4.new_code_cell("lesson.progress()"),
... ])
>>> [cell.metadata.slideshow.slide_type for cell in slide_notebook(notebook).cells]
['slide', '-', 'slide', 'skip']
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat

SLIDE = re.compile(r"#{1,2} ")
SUBSLIDE = re.compile(r"### ")
PROGRESS = re.compile(r"\s*lesson\.progress\(\)\s*")
SEALED = re.compile(r"^\s+(key|explanation)=\"[^\"]*\",\n", re.MULTILINE)


def slide_type(cell: nbformat.NotebookNode) -> str:
    """Where ``cell`` goes in the deck, as nbconvert's ``slideshow.slide_type``."""
    source = cell.source.lstrip()
    if cell.cell_type == "markdown" and SLIDE.match(source):
        return "slide"
    if cell.cell_type == "markdown" and SUBSLIDE.match(source):
        return "subslide"
    if cell.cell_type == "code" and PROGRESS.fullmatch(cell.source):
        return "skip"
    if cell.metadata.get("guarantees", {}).get("part") == "exercise":
        return "subslide"
    return "-"


def slide_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``notebook`` with every cell's slide type set from the headings."""
    slides = copy.deepcopy(notebook)
    for cell in slides.cells:
        cell.metadata["slideshow"] = {"slide_type": slide_type(cell)}
        if cell.metadata.get("guarantees", {}).get("part") == "exercise":
            cell.source = SEALED.sub("", cell.source)
    return slides


def write_slides(
    notebooks: list[Path], output: Path, reveal_prefix: str | None = None
) -> list[Path]:
    """One reveal.js deck (``<lesson>.slides.html``) per notebook in ``output``; the decks
    written. ``reveal_prefix`` is where the decks load reveal.js from (nbconvert's default: a
    CDN; a folder such as ``reveal.js`` next to the decks for a room without internet)."""
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(reveal_scroll=True)
    if reveal_prefix:
        exporter.reveal_url_prefix = reveal_prefix
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks:
        body, _ = exporter.from_notebook_node(slide_notebook(nbformat.read(path, as_version=4)))
        target = output / f"{path.stem}.slides.html"
        target.write_text(body, encoding="utf-8")
        written.append(target)
    return written
