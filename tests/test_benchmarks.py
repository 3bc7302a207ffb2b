"""The benchmark runs end to end (its figures are read by people, not asserted here)."""

import sys

import pytest
from helpers import REPO

pytestmark = pytest.mark.pipeline


def test_autograde_benchmark_runs(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from bench_autograde import main

    result = main(submissions=1, output=tmp_path / "autograde.json")
    assert (tmp_path / "autograde.json").exists()
    assert result["floor_seconds_per_notebook"] > 0
    assert result["autograde_batch_seconds_per_submission"] > 0
