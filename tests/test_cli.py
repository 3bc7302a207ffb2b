"""The `guarantees` command installed with the package."""

from __future__ import annotations

import argparse
import inspect
import pkgutil
import subprocess
from pathlib import Path

import pytest
from helpers import COMMAND, REPO
from helpers import run as run_program

import guarantees.cli
from guarantees.cli import VERBS, parser

VERB_NAMES = [verb.__name__.rsplit(".", 1)[1] for verb in VERBS]


def run(*args: str, cwd: Path = REPO, timeout: float = 60) -> subprocess.CompletedProcess:
    """The course's command line, run in ``cwd``; its result, unchecked."""
    return run_program(COMMAND, *args, cwd=cwd, timeout=timeout, check=False)


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


def test_build_check_passes_on_the_course_and_build_explains_a_folder_without_sources(tmp_path):
    checked = run("build", "--check", timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    outside = run("build", cwd=tmp_path)
    assert outside.returncode == 2
    assert outside.stderr.startswith(f"guarantees build: no sources in {tmp_path / 'content'}")
