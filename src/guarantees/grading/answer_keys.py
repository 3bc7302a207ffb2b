"""Instructors' answer keys for graded questions, read from ``answer_keys/`` in the course root.

File format (``answer_keys/<assignment>/<notebook>.json``), version 1::

    {
      "format": "guarantees-answer-key",
      "version": 1,
      "questions": {
        "a0-year": {"kind": "single_choice", "answer": "1994"},
        "a0-count": {"kind": "number", "answer": 16, "tolerance": 0}
      }
    }

``kind`` and ``answer`` are required; ``tolerance`` applies to numbers; ``options`` (the options
as authored, or a matching question's partners) is required for multiple choice and matching,
whose partial credit counts only what lies above a random answer's, and lets the report count
how often each option was picked. Nothing in this file is
ever printed to students: feedback says how much of an answer is right, never what is right.
"""

from __future__ import annotations

import json
from pathlib import Path

from guarantees.kinds.base import GuessableKind
from guarantees.scoring import KeyEntry, kind_named

FORMAT = "guarantees-answer-key"
VERSION = 1
PARAMETERS = ("tolerance", "options")


def read_answer_key(path: Path) -> dict[str, KeyEntry]:
    """All entries of a key file, or a ``ValueError`` naming the file and the problem."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"The answer key {path} does not exist.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"The answer key {path} is not valid JSON: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(f'The answer key {path} is not a "{FORMAT}" document.')
    if document.get("version") != VERSION:
        raise ValueError(f"The answer key {path} has unknown version {document.get('version')!r}.")
    entries = {}
    for question_id, entry in document.get("questions", {}).items():
        try:
            kind = kind_named(entry["kind"])
            answer = entry["answer"]
            params = {name: entry[name] for name in PARAMETERS if name in entry}
            facts = kind.facts(answer, **params)  # the key itself must be a valid answer
            if issubclass(kind, GuessableKind):  # and chance must be known
                kind.credit(0.0, len(facts), **params)
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"The answer key {path}, question {question_id!r}: {error}") from None
        entries[question_id] = KeyEntry(entry["kind"], answer, params)
    return entries
