"""Every citation resolves to the references table, and only to works worth citing.

The checks of ``guarantees check`` on the course at a root: each cited id (``{cite}`` roles in
``content/``, the ``source`` columns of the datasets) is a row of ``datasets/references.csv``;
every web address in the course is the ``url`` of a row (the build writes links from the table);
no address is on a blocked host (``content/blocked-hosts.txt``); student-facing text names no file
outside the course; and enough of the cited works are primary, official or scholarly.

>>> host_of("https://www.Example.org/a?b=1")
'www.example.org'
>>> is_blocked("news.ycombinator.com", {"ycombinator.com": "forum"})
'forum'
"""

from __future__ import annotations

import csv
import ipaddress
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from guarantees.authoring.citations import (
    REFERENCES_FILE,
    Reference,
    cited_ids,
    read_references,
)

BLOCKLIST_FILE = Path("content") / "blocked-hosts.txt"
TEXT_FOLDERS = ("content", "lessons", "assignments", "datasets")
TEXT_SUFFIXES = {".md", ".ipynb", ".csv", ".json"}
URL = re.compile(r"https?://[^\s<>\"'`)\]\\]+")
OUTSIDE_FILES = re.compile(r"fact ?base|primary_sources|data-drafts|reference notes", re.IGNORECASE)
NOT_IDS = {"source_kind", "source_detail"}
PARTISAN = "partisan-as-object"
WELL_SOURCED = {"primary", "official", "scholarly"}
MINIMUM_SHARE = 0.6


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def is_blocked(host: str, blocklist: dict[str, str]) -> str | None:
    """Why ``host`` may not be a source (an IP address, or a blocked host or its subdomain)."""
    try:
        ipaddress.ip_address(host)
        return "an IP address, not a publisher"
    except ValueError:
        pass
    for blocked, reason in blocklist.items():
        if host == blocked or host.endswith("." + blocked):
            return reason
    return None


def read_blocklist(root: Path) -> dict[str, str]:
    """Blocked hosts and their reasons, from lines ``host # reason``."""
    path = root / BLOCKLIST_FILE
    if not path.is_file():
        return {}
    hosts = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        host, _, reason = line.partition("#")
        if host.strip():
            hosts[host.strip().lower()] = reason.strip()
    return hosts


def course_texts(root: Path) -> Iterator[tuple[str, str]]:
    """(path relative to root, text) of every file whose text students can see, except the
    references table itself; a data package is read without its licence addresses."""
    for folder in TEXT_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in TEXT_SUFFIXES or not path.is_file():
                continue
            name = path.relative_to(root).as_posix()
            if name == REFERENCES_FILE.as_posix() or ".ipynb_checkpoints" in name:
                continue
            text = path.read_text(encoding="utf-8")
            if path.name == "datapackage.json":
                text = json.dumps(_without_licences(json.loads(text)), ensure_ascii=False)
            yield name, text


def _without_licences(value: object) -> object:
    if isinstance(value, dict):
        return {k: _without_licences(v) for k, v in value.items() if k != "licenses"}
    if isinstance(value, list):
        return [_without_licences(v) for v in value]
    return value


def dataset_citations(root: Path) -> Iterator[tuple[str, str]]:
    """(table file, reference id) for every id in the source columns of every dataset."""
    folder = root / "datasets"
    for path in sorted(folder.glob("*.csv")):
        if path.name == REFERENCES_FILE.name:
            continue
        with open(path, encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                for column, value in row.items():
                    if column.startswith("source") and column not in NOT_IDS and value:
                        for reference_id in value.split(";"):
                            yield f"datasets/{path.name}", reference_id.strip()


def content_citations(root: Path) -> Iterator[tuple[str, str]]:
    """(source file, reference id) for every ``{cite}`` id in ``content/``."""
    for path in sorted((root / "content").rglob("*.md")):
        for reference_id in cited_ids(path.read_text(encoding="utf-8")):
            yield path.relative_to(root).as_posix(), reference_id


def citations(root: Path) -> list[tuple[str, str]]:
    """(file, reference id) for every citation in the course, each once."""
    return list(dict.fromkeys([*content_citations(root), *dataset_citations(root)]))


def well_sourced_share(
    table: dict[str, Reference], cited: list[tuple[str, str]]
) -> tuple[int, int]:
    """How many cited works of ``table`` are primary, official or scholarly, and how many."""
    works = [table[i] for i in {reference_id for _, reference_id in cited} if i in table]
    return sum(work.kind in WELL_SOURCED for work in works), len(works)


def summary(root: Path) -> str:
    good, cited = well_sourced_share(read_references(root), citations(root))
    share = good / cited if cited else 0.0
    kinds = "primary, official or scholarly"
    return f"References: {cited} cited, {good} of them ({share:.0%}) {kinds}."


def reference_problems(root: Path) -> list[str]:
    """Every problem with the course's citations and sources, one plain sentence each."""
    table = read_references(root)
    table_file = REFERENCES_FILE.as_posix()
    cited = citations(root)
    problems = [
        f"{where}: cites {reference_id!r}, which is not an id in {table_file}; "
        "add a row for the work or correct the id."
        for where, reference_id in cited
        if reference_id not in table
    ]
    blocklist, urls = read_blocklist(root), {reference.url for reference in table.values()}
    partisan = {reference.url for reference in table.values() if reference.kind == PARTISAN}
    for reference in table.values():
        reason = reference.url and is_blocked(host_of(reference.url), blocklist)
        if reason and reference.kind != PARTISAN:
            problems.append(
                f"{table_file}: {reference.id} points to {host_of(reference.url)} ({reason}); "
                "cite the original publisher instead."
            )
    for where, text in course_texts(root):
        for url in dict.fromkeys(u.rstrip(".,;:") for u in URL.findall(text)):
            reason = url not in partisan and is_blocked(host_of(url), blocklist)
            if reason:
                problems.append(
                    f"{where}: links to {host_of(url)} ({reason}); cite the original publisher."
                )
            elif url not in urls:
                problems.append(
                    f"{where}: the address {url} is not the url of any row of {table_file}; "
                    "add the work to the table and cite it by id."
                )
        for mention in dict.fromkeys(m.lower() for m in OUTSIDE_FILES.findall(text)):
            problems.append(
                f"{where}: mentions {mention!r}, which students cannot open; "
                "cite the public source instead."
            )
    good, works = well_sourced_share(table, cited)
    if works and good / works < MINIMUM_SHARE:
        problems.append(
            f"Only {good / works:.0%} of the {works} cited references are primary, official or "
            f"scholarly; at least {MINIMUM_SHARE:.0%} must be: cite the documents themselves."
        )
    return problems
