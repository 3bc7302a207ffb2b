"""Read the guides in docs/ as the tests need them: fenced blocks, notebook cells, files, commands.

Conventions the guides follow (each guide says so in its last section):

- a ```python block runs, in order with the other blocks of its guide, unless its first line is
  ``# illustration only``;
- a block that sets up nbgrader configuration (``c = get_config()``) is checked as configuration;
- a ```python block introduced by "In a new cell at the end of `notebook`:" runs at the end of
  that notebook, on a fresh kernel;
- a block introduced by a line ending in "Save as `path`:" is a whole file; one introduced by
  'Add to `"name"` in `path`:' is merged into that JSON file's list or object ``name``; one
  introduced by "Insert before the line `line` in `path`:" goes into that file before that line;
- a block may be fenced with four backticks, to hold fenced blocks of its own;
- a ```text block quotes what a tool prints; ``<course>``, ``<exchange>``, ``<user>`` and
  ``<folder>`` stand for paths and names that differ from machine to machine.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from helpers import REPO

DOCS = REPO / "docs"
GUIDES = {
    "instructor": DOCS / "instructor-guide.md",
    "authoring": DOCS / "authoring-guide.md",
    "student": DOCS / "student-guide.md",
}
ILLUSTRATION = "# illustration only"
FENCE = re.compile(r"^(?P<indent>\s*)(?P<ticks>`{3,})(?P<lang>[\w-]*)\s*$")
SAVE_AS = re.compile(r"Save as `(?P<path>[^`]+)`:$")
ADD_TO = re.compile(r'Add to `"(?P<name>\w+)"` in `(?P<path>[^`]+)`:$')
INSERT = re.compile(r"Insert before the line `(?P<line>[^`]+)` in `(?P<path>[^`]+)`:$")
IN_NOTEBOOK = re.compile(r"In a new cell at the end of `(?P<path>[^`]+\.ipynb)`:$")
PLACEHOLDER = re.compile(r"<(course|exchange|user|folder|time|random)>")


@dataclass(frozen=True)
class Block:
    """One fenced block of a guide."""

    guide: str
    lang: str
    body: str
    lead: str  # the last non-blank line before the opening fence
    section: str  # the last "## " heading before it
    line: int  # where the opening fence is (1-based)

    @property
    def illustration(self) -> bool:
        return self.body.lstrip().startswith(ILLUSTRATION)

    @property
    def config(self) -> bool:
        return "get_config()" in self.body

    @property
    def notebook(self) -> str | None:
        """The notebook this block runs at the end of, if any."""
        match = IN_NOTEBOOK.search(self.lead)
        return match["path"] if match else None

    def where(self) -> str:
        return f"docs/{GUIDES[self.guide].name}, line {self.line}"


def blocks(guide: str) -> list[Block]:
    """Every fenced block of one guide, in order."""
    lines = GUIDES[guide].read_text(encoding="utf-8").splitlines()
    found, lead, section, index = [], "", "", 0
    while index < len(lines):
        line = lines[index]
        opening = FENCE.match(line)
        if not opening:
            if line.startswith("## "):
                section = line[3:].strip()
            if line.strip():
                lead = line.strip()
            index += 1
            continue
        indent, body, start = opening["indent"], [], index + 1
        index += 1
        while index < len(lines) and lines[index].strip() != opening["ticks"]:
            text = lines[index]
            body.append(text[len(indent) :] if text.startswith(indent) else text.lstrip())
            index += 1
        found.append(Block(guide, opening["lang"], "\n".join(body) + "\n", lead, section, start))
        lead = ""
        index += 1
    return found


def python_blocks(guide: str) -> list[Block]:
    return [block for block in blocks(guide) if block.lang == "python"]


def runnable(guide: str) -> list[Block]:
    """Python blocks run in order in one kernel at the course root: not the ones run in a
    notebook, not configuration, not illustrations."""
    return [
        block
        for block in python_blocks(guide)
        if not (block.illustration or block.config or block.notebook)
    ]


def shell_lines(guide: str) -> list[str]:
    """Every command line of the guide's bash blocks, without comments."""
    lines = []
    for block in blocks(guide):
        if block.lang != "bash":
            continue
        for line in block.body.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


def quoted_lines(guide: str) -> list[str]:
    """Every line of the guide's text blocks (what the tools print)."""
    return [
        line.strip()
        for block in blocks(guide)
        if block.lang == "text"
        for line in block.body.splitlines()
        if line.strip()
    ]


def quoted(guide: str, fragment: str) -> str:
    """The one quoted line that contains ``fragment``."""
    matching = [line for line in quoted_lines(guide) if fragment in line]
    assert len(matching) == 1, f"{len(matching)} quoted lines contain {fragment!r}"
    return matching[0]


def as_pattern(line: str, **values: str) -> re.Pattern:
    """A quoted line as a regular expression: placeholders match their value, or anything."""
    parts, position = [], 0
    for match in PLACEHOLDER.finditer(line):
        parts.append(re.escape(line[position : match.start()]))
        value = values.get(match.group(1))
        parts.append(re.escape(value) if value is not None else ".+?")
        position = match.end()
    parts.append(re.escape(line[position:]))
    return re.compile("".join(parts))


def apply_files(guide: str, root: Path) -> list[Path]:
    """Write the guide's "Save as" files, merge its "Add to" blocks and make its insertions
    under ``root``."""
    touched = []
    for block in blocks(guide):
        saved, added = SAVE_AS.search(block.lead), ADD_TO.search(block.lead)
        inserted = INSERT.search(block.lead)
        if inserted:
            path = root / inserted["path"]
            text, marker = path.read_text(encoding="utf-8"), f"\n{inserted['line']}\n"
            assert text.count(marker) == 1, f"{block.where()}: {marker!r} is not one line of {path}"
            path.write_text(text.replace(marker, f"\n{block.body}\n{inserted['line']}\n"))
        elif saved:
            path = root / saved["path"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(block.body, encoding="utf-8")
        elif added:
            path = root / added["path"]
            document = json.loads(path.read_text(encoding="utf-8"))
            target, addition = document[added["name"]], json.loads(block.body)
            if isinstance(target, list):
                target.append(addition)
            else:
                target.update(addition)
            path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        else:
            continue
        touched.append(path)
    return touched


def solution_of(code: str) -> str:
    """The code between ``### BEGIN SOLUTION`` and ``### END SOLUTION``."""
    match = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", code, flags=re.DOTALL)
    assert match, "no solution region"
    return match.group(1).strip()
