"""The answer store: every widget answer, saved at once, atomically, beside its notebook.

File format (``<notebook>.answers.json``, UTF-8 JSON), version 1::

    {
      "format": "guarantees-answers",
      "version": 1,
      "notebook": "a0_practice",
      "answers": {
        "a0-year": {"kind": "single_choice", "value": "1994",
                    "saved_at": "2026-11-28T09:15:02Z", "score": null}
      }
    }

``kind`` names the exercise kind; ``value`` is the answer as JSON (a string, a number, a list of
strings or an object of string pairs); ``score`` is the last self-check result between 0 and 1,
or ``null`` when the answer was not checked (always ``null`` in graded assignments).

Guarantees:
- a save takes a lock (``<file>.lock``), re-reads the file, changes one answer and replaces the
  file through a temporary file that is flushed and fsynced first: a writer killed mid-write
  leaves the previous file intact, and two kernels saving at once lose nothing; in a browser
  kernel (JupyterLite: one kernel per tab, files in ``/drive``) the lock is held within the
  kernel, as lock files do not work there, and the writes stay atomic;
- a file that cannot be read (bad JSON, bad bytes, wrong structure, another notebook's file, a
  newer format) is never overwritten: it is kept aside as ``<file>.corrupt-<time>``, a problem is
  recorded for the notebook to show, and the readable answers in it are kept;
- while nbgrader runs the notebook (autograde, validate) the store is read-only.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> store = AnswerStore(folder / "demo.answers.json", "demo")
>>> store.save("q1", "number", 1994)
True
>>> AnswerStore(folder / "demo.answers.json", "demo").get("q1").value
1994
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock

from guarantees.bounded_json import loads_bounded
from guarantees.browser_kernel import in_browser
from guarantees.layout import answers_path, is_nbgrader_running

FORMAT = "guarantees-answers"
VERSION = 1
LOCK_TIMEOUT_SECONDS = 30
MAX_FILE_BYTES = 32 * 2**20
"""Far more than every answer of a notebook takes (a few kilobytes); bounds what a reader loads."""


@dataclass(frozen=True)
class SavedAnswer:
    """One saved answer: what kind of exercise, the value, when, and the last self-check score."""

    kind: str
    value: Any
    saved_at: str
    score: float | None = None


class AnswerFileError(ValueError):
    """An answers file that cannot be used as it is."""


_KERNEL_LOCKS: dict[Path, threading.RLock] = {}


def answers_lock(path: Path) -> AbstractContextManager:
    """The lock a save of ``path`` holds: a lock file (``<file>.lock``) shared by every kernel,
    or in a browser kernel one lock within the kernel (filelock falls back there to a soft lock
    whose file is never removed, so every later save would wait for it and time out)."""
    if in_browser():
        return _KERNEL_LOCKS.setdefault(path.absolute(), threading.RLock())
    return FileLock(f"{path}.lock", timeout=LOCK_TIMEOUT_SECONDS)


def now() -> str:
    """The current UTC time in the store's format."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class AnswerStore:
    """The saved answers of one notebook, in one JSON file."""

    def __init__(self, path: Path, notebook: str, *, read_only: bool | None = None) -> None:
        self.path = Path(path)
        self.notebook = notebook
        self.read_only = is_nbgrader_running() if read_only is None else read_only
        self.problems: list[str] = []
        self._lock = answers_lock(self.path)

    @classmethod
    def beside_notebook(cls, notebook: str, directory: Path | None = None) -> AnswerStore:
        """The store for ``notebook`` in ``directory`` (default: the kernel's working folder)."""
        return cls(answers_path(notebook, directory), notebook)

    def load(self) -> dict[str, SavedAnswer]:
        """All saved answers. A damaged file is kept aside and its readable answers returned."""
        if self.read_only:
            answers, problem = self._read()
            if problem:
                self._note(f"{problem} (read only: the file was left untouched).")
            return answers
        with self._lock:
            return self._load_repairing()

    def get(self, question_id: str) -> SavedAnswer | None:
        """The saved answer to one question, or ``None``."""
        return self.load().get(question_id)

    def save(self, question_id: str, kind: str, value: Any, score: float | None = None) -> bool:
        """Save one answer at once; ``False`` when the store is read-only (nbgrader is running)."""
        if self.read_only:
            return False
        entry = SavedAnswer(kind=kind, value=value, saved_at=now(), score=score)
        json.dumps(asdict(entry))  # fail here, before anything is written, if not JSON-able
        with self._lock:
            answers = self._load_repairing()
            answers[question_id] = entry
            self._write(answers)
        return True

    def keep_aside(self, reason: str) -> Path | None:
        """Copy the file aside (e.g. a hand-edited answer of the wrong type) and note why."""
        if self.read_only or not self.path.exists():
            self._note(reason)
            return None
        with self._lock:
            copy = self._aside_path()
            shutil.copy2(self.path, copy)
        self._note(f"{reason} A copy of the file was kept as {copy.name}.")
        return copy

    # -- inside the lock ------------------------------------------------------------------

    def _load_repairing(self) -> dict[str, SavedAnswer]:
        self._remove_stale_temporary_files()
        answers, problem = self._read()
        if problem:
            aside = self._aside_path()
            os.replace(self.path, aside)
            self._note(f"{problem} It was kept aside as {aside.name}; {len(answers)} answers kept.")
            if answers:
                self._write(answers)
        return answers

    def _write(self, answers: dict[str, SavedAnswer]) -> None:
        document = {
            "format": FORMAT,
            "version": VERSION,
            "notebook": self.notebook,
            "answers": {qid: asdict(entry) for qid, entry in sorted(answers.items())},
        }
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        folder = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)

    def _remove_stale_temporary_files(self) -> None:
        # Writers only make temporary files while holding the lock, so any found now are
        # what a killed writer left behind.
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            leftover.unlink(missing_ok=True)

    # -- reading --------------------------------------------------------------------------

    def _read(self) -> tuple[dict[str, SavedAnswer], str | None]:
        """Readable answers and a description of what is wrong with the file, if anything."""
        if not self.path.exists():
            return {}, None
        try:
            if self.path.stat().st_size > MAX_FILE_BYTES:
                return (
                    {},
                    f"The answers file {self.path.name} is larger than {MAX_FILE_BYTES:,} bytes.",
                )
            document = loads_bounded(self.path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            return {}, f"The answers file {self.path.name} is not UTF-8 text."
        except ValueError as error:  # not JSON, or nested too deeply
            return {}, f"The answers file {self.path.name} is not valid JSON ({error})."
        try:
            answers, problem = parse_document(document, self.notebook)
        except AnswerFileError as error:
            return {}, f"The answers file {self.path.name} cannot be used: {error}."
        return answers, problem and f"The answers file {self.path.name} has {problem}."

    def _aside_path(self) -> Path:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        return self.path.with_name(f"{self.path.name}.corrupt-{stamp}")

    def _note(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)


def parse_document(document: Any, notebook: str) -> tuple[dict[str, SavedAnswer], str | None]:
    """Check a decoded answers file; return its valid answers and what was wrong with the rest.

    Raises :class:`AnswerFileError` when the file as a whole is not usable.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise AnswerFileError(f'it is not a "{FORMAT}" document')
    version = document.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise AnswerFileError(f"its format version {version!r} is not one this course reads")
    if document.get("notebook") != notebook:
        raise AnswerFileError(f"it belongs to notebook {document.get('notebook')!r}")
    entries = document.get("answers")
    if not isinstance(entries, dict):
        raise AnswerFileError('its "answers" is not an object')
    answers, broken = {}, []
    for question_id, entry in entries.items():
        try:
            answers[question_id] = _parse_entry(entry)
        except (TypeError, ValueError):
            broken.append(question_id)
    problem = f"unreadable answers to {', '.join(broken)}" if broken else None
    return answers, problem


def _parse_entry(entry: Any) -> SavedAnswer:
    if (
        not isinstance(entry, dict)
        or not isinstance(entry.get("kind"), str)
        or "value" not in entry
    ):
        raise ValueError("an answer needs a kind and a value")
    score = entry.get("score")
    if score is not None and not (isinstance(score, (int, float)) and 0 <= score <= 1):
        raise ValueError("score must be between 0 and 1")
    return SavedAnswer(entry["kind"], entry["value"], str(entry.get("saved_at", "")), score)
