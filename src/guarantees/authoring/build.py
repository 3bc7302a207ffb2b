"""``guarantees build``: every generated file of the course, made from the sources.

==========================================  ==============================================
source                                      generated
==========================================  ==============================================
``content/lessons/<lesson>.md``             ``lessons/<lesson>.ipynb`` (sealed keys),
                                            ``answer_keys/lessons/<lesson>.json``
``content/assignments/<assignment>.md``     ``assignments/<assignment>/<assignment>.ipynb``
                                            (nbgrader source), ``answer_keys/<assignment>/
                                            <assignment>.json``
==========================================  ==============================================

The build is deterministic: salts come from the question's place, not from chance (and a
pool's draw from the term seed, :mod:`guarantees.authoring.variants`, after the private term
bank's exercises replace the public ones, :mod:`guarantees.authoring.bank`), so an
unchanged source rebuilds to the same bytes and a changed answer changes only the lines that
carry it. Generated files are committed; :func:`stale_files` names any that no longer match
their source (edited by hand, or not rebuilt).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from guarantees.authoring.bank import banked_source
from guarantees.authoring.citations import read_references, resolve_citations
from guarantees.authoring.notebooks import assignment_notebook, lesson_notebook
from guarantees.authoring.variants import term_parts
from guarantees.layout import Layout

CONTENT_DIRECTORY = "content"


def sources(root: Path) -> list[Path]:
    """Every lesson and assignment source of the course at ``root``."""
    content = root / CONTENT_DIRECTORY
    return sorted((content / "lessons").glob("*.md")) + sorted(
        (content / "assignments").glob("*.md")
    )


def generated_files(layout: Layout, source: Path) -> dict[Path, str]:
    """The files one source generates, by path (relative to the course root when inside it),
    with their text. Where they go follows the course's layout (``c.Guarantees`` and nbgrader's
    ``source_directory``)."""
    where = source.relative_to(layout.root).as_posix()
    name, parts = source.stem, term_parts(banked_source(source, where))
    parts = resolve_citations(parts, read_references(layout.root), where)
    if source.parent.name == "lessons":
        notebook, key = lesson_notebook(name, parts)
        notebook_path = layout.lessons / f"{name}.ipynb"
        key_path = layout.answer_key("lessons", name)
    else:
        notebook, key = assignment_notebook(name, parts)
        notebook_path = layout.source(name) / f"{name}.ipynb"
        key_path = layout.answer_key(name, name)
    nbformat.validate(notebook)
    return {
        _shown(layout.root, notebook_path): notebook_text(notebook),
        _shown(layout.root, key_path): json_text(key),
    }


def build_course(root: Path) -> dict[Path, str]:
    """Every generated file of the course."""
    layout = Layout.of(root)
    files: dict[Path, str] = {}
    for source in sources(layout.root):
        files.update(generated_files(layout, source))
    return files


def _shown(root: Path, path: Path) -> Path:
    return path.relative_to(root) if path.is_relative_to(root) else path


def write_course(root: Path, files: dict[Path, str] | None = None) -> list[Path]:
    """Write every generated file (``files``, default: the course built now) that differs from
    what is on disk; the paths written."""
    files = build_course(root) if files is None else files
    written = stale_files(root, files)
    for path in written:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(files[path], encoding="utf-8")
    return written


def stale_files(root: Path, files: dict[Path, str] | None = None) -> list[Path]:
    """Generated files (``files``, default: the course built now) that are missing on disk or
    differ from what their sources give."""
    files = build_course(root) if files is None else files
    return [
        path
        for path, text in files.items()
        if not (root / path).is_file() or (root / path).read_text(encoding="utf-8") != text
    ]


def notebook_text(notebook: nbformat.NotebookNode) -> str:
    """A notebook as nbformat writes it, ending with a newline."""
    return nbformat.writes(notebook).rstrip("\n") + "\n"


def json_text(document: dict) -> str:
    """An answer-key document as committed: two-space indents, UTF-8 text, a final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
