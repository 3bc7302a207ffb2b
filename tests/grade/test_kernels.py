"""The grading kernels: each notebook gets a fresh kernel of its own, in its own folder, even
though the next one is started while a notebook runs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from guarantees.grading.preprocessors import ExecuteWithReadyKernel

pytestmark = pytest.mark.kernel


def notebook(*sources: str) -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_code_cell(source) for source in sources]
    node = nbformat.v4.new_notebook(cells=cells)
    node.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return node


def printed(node: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for cell in node.cells for o in cell.get("outputs", []))


@pytest.fixture
def execute():
    preprocessor = ExecuteWithReadyKernel(timeout=60, shutdown_kernel="immediate")
    yield preprocessor
    ExecuteWithReadyKernel.shut_down_spares()


def test_each_notebook_runs_in_a_fresh_kernel_in_its_own_folder(execute, tmp_path):
    check = notebook(
        "import os; print('folder', os.getcwd())",
        "print('left over' if 'secret' in globals() else 'clean')",
        "print('pid', os.getpid())",
        "secret = 42",
    )
    pids, spare_pids = [], []
    for name in ("first", "second", "third"):
        folder = tmp_path / name
        folder.mkdir()
        node, _ = execute.preprocess(check.copy(), {"metadata": {"path": str(folder)}})
        output = printed(node)
        assert f"folder {folder.resolve()}" in output
        assert "clean" in output and "left over" not in output
        pids.append(int(output.split("pid ")[1].split()[0]))
        spare_pids.append(ExecuteWithReadyKernel._spares["python3"].provisioner.process.pid)
    assert len(set(pids)) == 3, "every notebook had a kernel of its own"
    assert pids[1:] == spare_pids[:-1], "the next notebook ran in the kernel started in advance"


def test_spares_are_shut_down_when_the_batch_ends(tmp_path):
    execute = ExecuteWithReadyKernel(timeout=60, shutdown_kernel="immediate")
    execute.preprocess(notebook("1 + 1"), {"metadata": {"path": str(tmp_path)}})
    spare = ExecuteWithReadyKernel._spares["python3"]
    assert spare.has_kernel
    ExecuteWithReadyKernel.shut_down_spares()
    assert not ExecuteWithReadyKernel._spares and not spare.has_kernel


def test_a_dead_spare_is_replaced_by_a_fresh_kernel(execute, tmp_path):
    execute.preprocess(notebook("1 + 1"), {"metadata": {"path": str(tmp_path)}})
    spare = ExecuteWithReadyKernel._spares["python3"]
    spare.provisioner.process.kill()
    spare.provisioner.process.wait()
    node, _ = execute.preprocess(
        notebook("import os; print(os.getcwd())"), {"metadata": {"path": str(Path(tmp_path))}}
    )
    assert str(tmp_path.resolve()) in printed(node)
