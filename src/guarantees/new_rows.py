"""Check rows a student adds to a course table by the data package's own rules (the update lab).

The rules are the table's Frictionless schema in ``datasets/datapackage.json`` (columns, types,
required fields, allowed values, patterns, ranges, unique ids), applied by ``frictionless`` to
the table with the new rows appended, and the course's rule that every id in a ``source`` column
is a row of the references table (``references.csv``) or of the new references given with the
rows. Each problem is one sentence naming the new row (1 = the first new row) and its id.

>>> import pandas as pd
>>> row = {
...     "event_id": "T26", "date": "2026-01-20", "end_date": "", "date_as_reported": "2026-01-20",
...     "date_precision": "day", "event": "An example event.", "actors": "Ukraine",
...     "event_type": "statement", "source": "un-ga-res-68-262", "source_detail": "",
...     "source_kind": "primary", "note": "",
... }
>>> check_new_rows(pd.DataFrame([row]), "diplomacy_timeline_2025")
[]
>>> bad = dict(row, event_id="T25", date="20 Jan 2026", source="my-blog")
>>> for problem in check_new_rows(pd.DataFrame([bad]), "diplomacy_timeline_2025"):
...     print(problem)
new row 1 (T25): date '20 Jan 2026' is not a valid date (write it as YYYY-MM-DD)
new row 1 (T25): its id is already used (ids must be unique)
new row 1 (T25): source cites 'my-blog', which is not in the references table (add it first)
"""

from __future__ import annotations

import ast
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from guarantees.browser_kernel import import_on_demand
from guarantees.data import REFERENCES, datasets_folder, load_table, resource

if TYPE_CHECKING:
    import pandas as pd

SOURCE_SEPARATOR = "; "
FLAT = ["rowNumber", "fieldName", "cell", "type", "note"]
HOW_TO_WRITE = {
    "date": "write it as YYYY-MM-DD",
    "integer": "write a whole number",
    "number": "write a number",
    "boolean": "write true or false",
}


def check_new_rows(
    rows: pd.DataFrame,
    table: str,
    new_references: pd.DataFrame | None = None,
    folder: Path | None = None,
) -> list[str]:
    """Why ``rows``, added at the end of the course table ``table``, break its rules: one
    message per problem, empty when every row passes. ``new_references`` holds rows for
    ``references.csv`` that the new rows cite (its ``id`` column is what counts here)."""
    pd = import_on_demand("pandas")
    folder = folder or datasets_folder()
    descriptor = resource(table, folder)
    fields = [field["name"] for field in descriptor["schema"]["fields"]]
    rows = rows.astype(object).where(rows.notna(), "").astype(str)
    if sorted(rows.columns) != sorted(fields):
        missing = [name for name in fields if name not in rows.columns]
        extra = [name for name in rows.columns if name not in fields]
        return [f"the rows' columns must be those of {table}: missing {missing}, extra {extra}"]
    existing = pd.read_csv(folder / descriptor["path"], dtype=str, keep_default_na=False)
    key = descriptor["schema"]["primaryKey"][0]
    labels = [f"new row {number} ({value})" for number, value in enumerate(rows[key], start=1)]
    problems = _schema_problems(pd.concat([existing, rows[fields]]), descriptor, labels)
    if "source" in fields:  # the references table itself cites nothing
        problems += _citation_problems(rows, labels, new_references, folder)
    return problems


def _schema_problems(combined: pd.DataFrame, descriptor: dict, labels: list[str]) -> list[str]:
    """Frictionless's verdict on the table with the new rows, for the new rows only."""
    import frictionless  # not in a browser kernel: the lab runs in JupyterLab

    first_new = len(combined) - len(labels) + 2  # frictionless counts the header as row 1
    types = {field["name"]: field.get("type", "string") for field in descriptor["schema"]["fields"]}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / descriptor["path"]
        combined.to_csv(path, index=False, lineterminator="\n")
        schema = frictionless.Schema.from_descriptor(descriptor["schema"])
        table = frictionless.Resource(path=path.name, basepath=folder, schema=schema)
        report = table.validate()
    problems: list[str] = []
    for row, name, cell, kind, note in report.flatten(FLAT):
        if row is None:
            problems.append(f"the table cannot be checked: {note}")
        elif row >= first_new:
            message = f"{labels[row - first_new]}: {_described(name, cell, kind, note, types)}"
            if message not in problems:  # a repeated id is both a unique and a key error
                problems.append(message)
    return problems


def _described(name: str | None, cell: str | None, kind: str, note: str, types: dict) -> str:
    """One frictionless error in a student's words."""
    if kind in ("primary-key", "unique-error"):
        return "its id is already used (ids must be unique)"
    if kind == "type-error":
        how = HOW_TO_WRITE.get(types[name], f"it must be a {types[name]}")
        return f"{name} {cell!r} is not a valid {types[name]} ({how})"
    constraint = re.fullmatch(r'constraint "(\w+)" is "(.*)"', note)
    if kind == "constraint-error" and constraint:
        rule, value = constraint.groups()
        if rule == "required":
            return f"{name} is required but empty"
        if rule == "enum":
            allowed = ", ".join(ast.literal_eval(value))
            return f"{name} {cell!r} is not one of the allowed values: {allowed}"
        if rule == "pattern":
            return f"{name} {cell!r} does not have the required form ({value})"
        return f"{name} {cell!r} breaks the rule {rule} = {value}"
    return f"{name} {cell!r}: {note}"


def _citation_problems(
    rows: pd.DataFrame, labels: list[str], new_references: pd.DataFrame | None, folder: Path
) -> list[str]:
    known = set(load_table(REFERENCES, folder)["id"])
    if new_references is not None:
        known |= set(new_references["id"])
    problems = []
    for label, cited in zip(labels, rows["source"], strict=True):
        for source in filter(None, cited.split(SOURCE_SEPARATOR)):
            if source not in known:
                problems.append(
                    f"{label}: source cites {source!r}, which is not in the references table "
                    "(add it first)"
                )
    return problems
