"""Citations in course sources, resolved against the references table of the data package.

A source cites by id, and the build writes what a student can follow:

- ``{cite}`budapest-1994``` becomes ``[Budapest Memorandum (1994)](https://…)``: the row's short
  form, linked to its URL (several ids: ``{cite}`a,b```, joined by "; ");
- a ``{references}`` block (an empty fenced block) becomes the list of every work the notebook
  cites, in order of first citation, each with its full citation, kind and link.

An id that is not in ``datasets/references.csv`` stops the build with the file and the id.

>>> treaty = Reference("x", "primary", "Treaty (1994)", "The treaty.", "https://t.example", "")
>>> table = {"x": treaty}
>>> expand_citations("See {cite}`x`.", table, "l.md")
'See [Treaty (1994)](https://t.example).'
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from pathlib import Path

from guarantees.authoring.questions import SourceError
from guarantees.authoring.sources import Part

REFERENCES_FILE = Path("datasets") / "references.csv"
CITE = re.compile(r"\{cite\}`([^`]+)`")
REFERENCES_BLOCK = re.compile(r"^```\{references\}\s*\n```\s*$", re.MULTILINE)
KIND_LABELS = {
    "primary": "primary source",
    "official": "official",
    "scholarly": "scholarly",
    "press": "press report (secondary)",
    "analysis": "analysis (secondary)",
    "partisan-as-object": "partisan or state media, cited as an object of analysis",
}


@dataclass(frozen=True)
class Reference:
    """One row of the references table."""

    id: str
    kind: str
    short: str
    citation: str
    url: str
    accessed: str

    def link(self) -> str:
        return f"[{self.short}]({self.url})" if self.url else self.short

    def entry(self) -> str:
        accessed = f" (accessed {self.accessed})" if self.accessed else ""
        where = f" <{self.url}>{accessed}" if self.url else ""
        return f"- {self.citation} *{KIND_LABELS.get(self.kind, self.kind)}*.{where}"


def read_references(root: Path) -> dict[str, Reference]:
    """The references table of the course at ``root`` (empty when it has none)."""
    path = root / REFERENCES_FILE
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8", newline="") as file:
        return {
            row["id"]: Reference(
                row["id"], row["kind"], row["short"], row["citation"], row["url"], row["accessed"]
            )
            for row in csv.DictReader(file)
        }


def cited_ids(text: str) -> list[str]:
    """The ids cited in ``text``, in order, each once."""
    found: dict[str, None] = {}
    for match in CITE.finditer(text):
        for reference_id in match.group(1).split(","):
            found[reference_id.strip()] = None
    return list(found)


def expand_citations(
    text: str, table: dict[str, Reference], where: str, *, linked: bool = True
) -> str:
    """``text`` with every ``{cite}`` role replaced by the works' short forms: linked, or plain
    (for widgets, which show plain text)."""

    def replace(match: re.Match) -> str:
        ids = [reference_id.strip() for reference_id in match.group(1).split(",")]
        missing = [reference_id for reference_id in ids if reference_id not in table]
        if missing:
            raise SourceError(f"{where}: {missing} not in {REFERENCES_FILE.as_posix()}")
        works = [table[reference_id] for reference_id in ids]
        return "; ".join(work.link() if linked else work.short for work in works)

    return CITE.sub(replace, text)


def resolve_citations(parts: list[Part], table: dict[str, Reference], where: str) -> list[Part]:
    """The parts of a source with citations expanded and the ``{references}`` block filled."""
    cited: dict[str, None] = {}
    resolved = []
    for part in parts:
        if part.question is not None:
            question = part.question
            fields = {"prompt": question.prompt, "hint": question.hint,
                      "explanation": question.explanation}  # fmt: skip
            for text in fields.values():
                cited.update(dict.fromkeys(cited_ids(text or "")))
            plain = {
                name: text and expand_citations(text, table, where, linked=False)
                for name, text in fields.items()
            }
            resolved.append(replace(part, question=replace(question, **plain)))
        else:
            cited.update(dict.fromkeys(cited_ids(part.source)))
            resolved.append(replace(part, source=expand_citations(part.source, table, where)))
    listing = references_list(list(cited), table)
    return [
        replace(part, source=REFERENCES_BLOCK.sub(listing, part.source)) if part.source else part
        for part in resolved
    ]


def references_list(ids: list[str], table: dict[str, Reference]) -> str:
    """The full entries of the cited works, one line each."""
    return "\n".join(table[reference_id].entry() for reference_id in ids)
