"""The nbgrader preprocessors of the course, one per module, each put in through configuration.

- ``RestoreMissingCells`` replaces nbgrader's ``OverwriteCells`` in every autograde: the course's
  ``nbgrader_config.py`` lists it in ``Autograde.sanitize_preprocessors``.
- ``ExecuteWithReadyKernel`` replaces nbgrader's ``Execute`` in ``guarantees grade``'s workers
  only: ``guarantees.grading.worker`` lists it in ``Autograde.autograde_preprocessors`` of the
  configuration it gives nbgrader's app. Its spare kernels need the worker to shut them down at
  the end, so a plain ``nbgrader autograde`` keeps ``Execute``.
"""

from guarantees.grading.preprocessors.execute_with_ready_kernel import ExecuteWithReadyKernel
from guarantees.grading.preprocessors.restore_missing_cells import RestoreMissingCells

__all__ = ["ExecuteWithReadyKernel", "RestoreMissingCells"]
