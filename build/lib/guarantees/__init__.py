"""guarantees-course: exercise widgets, answer store, datasets and grading for the course.

>>> from guarantees import Lesson, Assignment, load_table
"""

from guarantees.data import list_tables, load_table, table_sources
from guarantees.worksheets import Assignment, Lesson

__all__ = ["Assignment", "Lesson", "list_tables", "load_table", "table_sources"]
__version__ = "0.1.0"
