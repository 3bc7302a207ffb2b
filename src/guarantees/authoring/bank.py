"""A term bank: graded exercises the instructor keeps private, in place of the public ones.

Every option of a public pool (``content/assignments/*.md``) is marked right or wrong, so a
student who knows the options a term shows can look each one up there. A term bank closes that
gap: a folder the instructor keeps outside the repository, named by ``GUARANTEES_TERM_BANK``
wherever ``guarantees build``, ``check`` and ``grade`` run (like the term seed). For the source
``content/assignments/<stem>.md`` it may hold ``<stem>.md`` with ``{exercise}`` blocks written
as in the sources (text outside the blocks is the instructor's notes). Each replaces the
source's exercise of the same id: prompt, pool, ``:show:``, hint and explanation come from the
bank; the exercise's place and ``:points:`` stay the source's (the bank may repeat the points,
not change them). The term seed then draws from the bank's pool, and the key follows the draw::

    source --read_source--> banked --term_parts (the seed's draw)--> build

:func:`banked_source` is that first step for the build and ``guarantees check``;
:func:`write_starter_bank` writes the starter bank of ``guarantees bank``.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

from guarantees.authoring.questions import KINDS as WIDGET_KINDS
from guarantees.authoring.questions import Question, SourceError, parse_exercise
from guarantees.authoring.sources import EXERCISE_BLOCK, Part, read_source
from guarantees.authoring.variants import term_seed, variant

BANK_VARIABLE = "GUARANTEES_TERM_BANK"
BANKED_SOURCES = "assignments"
"""The folder of ``content/`` whose sources a bank may replace exercises of."""
STARTER_HEADER = """\
# Term bank for {stem}: private, keep it out of every repository

When the environment variable {variable} names this folder, each exercise below
takes the place of the exercise of the same id in content/assignments/{stem}.md
for `guarantees build`, `check` and `grade`; its place and points stay the source's.

As written here the exercises are copies of the public ones, so students can still look their
answers up. Rewrite each pool with right and wrong options, ordering items and matching pairs
the public source never showed (keep `:show:` below the number listed), keep the id and the
kind, and delete any exercise you leave as it is. Text outside the exercise blocks is ignored.
"""


def term_bank() -> Path | None:
    """The bank folder named by the environment (``~`` expanded); ``None`` when not set."""
    value = os.environ.get(BANK_VARIABLE, "").strip()
    if not value:
        return None
    folder = Path(value).expanduser().resolve()
    if not folder.is_dir():
        raise SourceError(f"{BANK_VARIABLE} names {folder}, which is not a folder")
    return folder


def graded_exercises(source: Path, parts: list[Part]) -> dict[str, Question]:
    """The graded widget questions of a source's ``parts``, by id (none in a lesson)."""
    if source.parent.name != BANKED_SOURCES:
        return {}
    return {
        part.question.question_id: part.question
        for part in parts
        if part.question and part.question.kind in WIDGET_KINDS and part.question.points is not None
    }


def read_bank_file(path: Path) -> dict[str, Question]:
    """The exercises of one bank file, by id."""
    questions: dict[str, Question] = {}
    for block in EXERCISE_BLOCK.finditer(path.read_text(encoding="utf-8")):
        question_id = block[2]
        if question_id in questions:
            raise SourceError(f"{path}: exercise {question_id!r} is written twice")
        questions[question_id] = parse_exercise(question_id, block[3].splitlines(), f"{path}: ")
    return questions


def banked(parts: list[Part], source: Path, bank: Path | None) -> list[Part]:
    """``parts`` of ``source`` with each exercise that ``bank`` holds for it in place of the
    source's, at the source's place and with the source's points."""
    path = bank / source.name if bank else None
    if path is None or source.parent.name != BANKED_SOURCES or not path.is_file():
        return parts
    graded = graded_exercises(source, parts)
    named = {part.question_id for part in parts}
    replacements = read_bank_file(path)
    for question_id, question in replacements.items():
        place = f"{path}: exercise {question_id!r}: "
        if question_id not in named:
            raise SourceError(f"{place}{source.name} has no question of this id")
        public = graded.get(question_id)
        if public is None:
            raise SourceError(
                f"{place}in {source.name} this is not a graded exercise (only exercise blocks "
                "with :points: can be banked)"
            )
        if question.kind != public.kind:
            raise SourceError(f"{place}:kind: is {question.kind}, the source's is {public.kind}")
        if question.points not in (None, public.points):
            raise SourceError(
                f"{place}:points: is {question.points:g}, the source's is {public.points:g} "
                "(leave it out: the points stay the source's)"
            )
    return [
        replace(part, question=replace(replacements[part.question_id], points=part.question.points))
        if part.question and part.question_id in replacements
        else part
        for part in parts
    ]


def banked_source(source: Path, name: str | None = None, bank: Path | None = None) -> list[Part]:
    """The parts of ``source`` (mistakes reported under ``name``) with the exercises of ``bank``
    (default: the environment's term bank) in place of the public ones: what the term seed
    draws from."""
    return banked(read_source(source, name), source, bank or term_bank())


@dataclass(frozen=True)
class BankFigures:
    """How much of one assignment's graded widget questions the bank keeps private."""

    assignment: str
    widgets: int
    """Graded widget questions."""
    banked: int
    """Those that come from the bank."""
    public: tuple[str, ...]
    """Banked questions whose term variant shows only what the public source lists."""

    def line(self, bank: Path | None) -> str:
        """The figures as one line of ``guarantees check``."""
        if bank is None:
            return (
                f"{self.assignment}: no term bank ({BANK_VARIABLE} not set): the term's answers "
                f"to its {self.widgets} graded widget questions can be read from the public pools"
            )
        still = f" ({', '.join(self.public)})" if self.public else ""
        return (
            f"{self.assignment}: {self.banked} of {self.widgets} graded widget questions come "
            f"from the bank; {len(self.public)} of those show only options or items of the "
            f"public source, so their answers stay public{still}"
        )


def shows_only_public(drawn: Question, public: Question) -> bool:
    """Whether a term's variant ``drawn`` shows nothing the public question does not list (a
    question without options: whether its answer is the public one)."""
    if drawn.choices:
        return set(drawn.choices) <= set(public.choices)
    return drawn.answer == public.answer


def bank_figures(source: Path, bank: Path | None, seed: str | None = None) -> BankFigures:
    """The bank figures of one assignment ``source`` with ``bank`` (or none) for the term of
    ``seed`` (default: the environment's term seed)."""
    seed = term_seed() if seed is None else seed
    parts = read_source(source)
    public = graded_exercises(source, parts)
    term = graded_exercises(source, banked(parts, source, bank))
    path = bank / source.name if bank else None
    private = read_bank_file(path) if path and path.is_file() else {}
    return BankFigures(
        source.stem,
        widgets=len(public),
        banked=sum(question_id in private for question_id in term),
        public=tuple(
            question_id
            for question_id, question in term.items()
            if question_id in private
            and shows_only_public(variant(question, seed), public[question_id])
        ),
    )


def bank_problems(root: Path, sources: list[Path], bank: Path | None) -> list[str]:
    """Why the term ``bank`` does not keep a course's answers private: it lies in the course
    folder, or holds a file that matches no assignment source among ``sources``."""
    if bank is None:
        return []
    if bank.resolve().is_relative_to(root.resolve()):
        return [
            f"{BANK_VARIABLE} names {bank}, inside the course folder {root}: move the bank "
            "outside it (and outside every repository), where students cannot read it"
        ]
    names = {source.name for source in sources if source.parent.name == BANKED_SOURCES}
    return [
        f"{path}: matches no source in content/{BANKED_SOURCES}/ (name it <assignment>.md)"
        for path in sorted(bank.glob("*.md"))
        if path.name not in names
    ]


def tracked_area(folder: Path) -> Path | None:
    """The git work tree whose tracked (not ignored) area holds ``folder``, if any."""
    existing = next(parent for parent in (folder, *folder.parents) if parent.exists())
    try:
        top = subprocess.run(
            ["git", "-C", str(existing), "rev-parse", "--show-toplevel"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if top.returncode != 0 or not top.stdout.strip():
            return None
        ignored = subprocess.run(
            ["git", "-C", top.stdout.strip(), "check-ignore", "-q", f"{folder}/"],
            capture_output=True, check=False,
        )  # fmt: skip
    except FileNotFoundError:  # no git installed: no work tree either
        return None
    return None if ignored.returncode == 0 else Path(top.stdout.strip())


def write_starter_bank(root: Path, sources: list[Path], folder: Path) -> list[str]:
    """Write a starter bank in ``folder`` for the course at ``root`` (its ``sources``): for each
    assignment with graded widget exercises, those exercise blocks copied exactly, under a
    header saying what to do. Never overwrites a file; one line per file, saying what was done."""
    folder = folder.expanduser().resolve()
    if folder.is_relative_to(root.resolve()):
        raise ValueError(f"{folder} is inside the course folder {root}: keep the bank outside it")
    work_tree = tracked_area(folder)
    if work_tree is not None:
        raise ValueError(
            f"{folder} is inside the git work tree {work_tree}, where it could be committed: "
            "keep the bank in a private folder outside every repository"
        )
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for source in sources:
        graded = graded_exercises(source, read_source(source))
        text = source.read_text(encoding="utf-8")
        blocks = [block[0] for block in EXERCISE_BLOCK.finditer(text) if block[2] in graded]
        if not blocks:
            continue
        target = folder / source.name
        if target.exists():
            lines.append(f"kept {target} (it exists; never overwritten)")
            continue
        header = STARTER_HEADER.format(stem=source.stem, variable=BANK_VARIABLE)
        starter = "\n".join([header, *(block.rstrip() + "\n" for block in blocks)])
        target.write_text(starter, encoding="utf-8")
        lines.append(f"wrote {target} ({len(blocks)} exercises)")
    return lines
