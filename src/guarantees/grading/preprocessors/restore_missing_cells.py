"""``RestoreMissingCells``: nbgrader's ``OverwriteCells``, putting deleted grade cells back."""

from __future__ import annotations

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import OverwriteCells
from traitlets import Bool


class RestoreMissingCells(OverwriteCells):
    """Overwrite locked cells with the instructor's versions and put deleted grade cells back.

    nbgrader 0.9 re-inserts a deleted grade cell after the cell before it in the source, but only
    finds that cell when it is itself a grade or solution cell. A test cell that follows a locked
    read-only cell (such as a widget question) then stops autograde with a ``KeyError``. Here a
    deleted grade cell goes back after the nearest earlier source cell still in the submission.
    """

    add_missing_cells = Bool(True, help="Put deleted grade cells back.").tag(config=True)

    def add_missing_grade_cells(
        self, nb: NotebookNode, resources: ResourcesDict
    ) -> tuple[NotebookNode, ResourcesDict]:
        source = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        order = [cell.name for cell in source.source_cells]
        solutions = {cell.name for cell in source.solution_cells}
        for grade_cell in sorted(source.grade_cells, key=lambda cell: order.index(cell.name)):
            present = {
                cell.metadata["nbgrader"]["grade_id"]: index
                for index, cell in enumerate(nb.cells)
                if "grade_id" in cell.metadata.get("nbgrader", {})
            }
            if grade_cell.name in present:
                continue
            self.log.warning("Grade cell %s was deleted: putting it back", grade_cell.name)
            position = order.index(grade_cell.name)
            restored = self.missing_cell_transform(
                source.source_cells[position],
                grade_cell.max_score,
                is_solution=grade_cell.name in solutions,
            )
            earlier = (present[name] for name in reversed(order[:position]) if name in present)
            nb.cells.insert(next(earlier, -1) + 1, restored)
        return nb, resources
