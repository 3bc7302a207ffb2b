"""The `guarantees` command installed with the package."""

from __future__ import annotations

import argparse
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ANSWER_KEYS

import guarantees.cli
from guarantees.cli import VERBS, parser
from guarantees.exercises import kind_named
from guarantees.grading import read_answer_key
from guarantees.keys import SealedKey

COMMAND = Path(sys.executable).parent / "guarantees"
VERB_NAMES = [verb.__name__.rsplit(".", 1)[1] for verb in VERBS]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(COMMAND), *args], capture_output=True, text=True, timeout=60)


def test_help_lists_every_verb():
    result = run("--help")
    assert result.returncode == 0, result.stderr
    assert "{" + ",".join(VERB_NAMES) + "}" in result.stdout
    for name in VERB_NAMES:
        assert f"\n    {name} " in result.stdout, f"{name} has no help line"


def test_every_verb_module_is_a_verb():
    modules = {m.name for m in pkgutil.iter_modules(guarantees.cli.__path__)}
    assert modules - {"__main__"} == set(VERB_NAMES)


@pytest.mark.parametrize("verb", VERB_NAMES)
def test_each_verb_explains_itself(verb):
    result = run(verb, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: guarantees {verb} ")


@pytest.mark.parametrize("verb", VERBS, ids=VERB_NAMES)
def test_each_verb_takes_what_its_parser_gives(verb):
    """The module is named after its verb, and its parser's arguments are its main's keywords."""
    subparsers = next(
        action for action in parser()._actions if isinstance(action, argparse._SubParsersAction)
    )
    verb_parser = subparsers.choices[verb.__name__.rsplit(".", 1)[1]]
    given = {action.dest for action in verb_parser._actions if action.dest != "help"}
    defaults = set(verb_parser._defaults) - {"func"}
    parameters = inspect.signature(verb.main).parameters
    assert verb_parser.get_default("func") is verb.main
    assert given | defaults == set(parameters)
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())


def test_seal_prints_a_key_that_accepts_each_answer():
    key_file = ANSWER_KEYS / "lessons" / "00_start_here.json"
    result = run("seal", str(key_file))
    assert result.returncode == 0, result.stderr
    sealed = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    for question_id, entry in read_answer_key(key_file).items():
        kind = kind_named(entry.kind)
        given = entry.answer[0] if entry.kind == "short_text" else entry.answer
        key = SealedKey.from_text(sealed[question_id])
        assert kind.score(given, key, **entry.params).is_correct


def test_seal_explains_a_missing_file(tmp_path):
    result = run("seal", str(tmp_path / "nowhere.json"))
    assert result.returncode == 2 and "nowhere.json" in result.stderr
