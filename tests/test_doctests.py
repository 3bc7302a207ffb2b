"""The examples in the library's docstrings run and print what they show (part of the fast lane)."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import io
import pkgutil

import pytest

import guarantees


def source_of(name: str) -> str:
    return importlib.util.find_spec(name).loader.get_source(name) or ""


def modules_with_examples() -> list[str]:
    """Every module of the library whose source holds a ``>>>`` example."""
    prefix = f"{guarantees.__name__}."
    names = [guarantees.__name__]
    names += [module.name for module in pkgutil.walk_packages(guarantees.__path__, prefix)]
    return sorted(name for name in names if ">>>" in source_of(name))


@pytest.mark.parametrize("name", modules_with_examples())
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    examples = 0
    for test in doctest.DocTestFinder().find(module):
        examples += len(test.examples)
        runner.run(test, out=report.write)
    assert examples > 0, f"{name} has >>> in its source, but doctest finds no example"
    assert runner.failures == 0, report.getvalue()
