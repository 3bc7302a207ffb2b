"""Load the course's datasets as pandas DataFrames, typed by their Frictionless schema.

>>> members = load_table("nato_members")
>>> members["accession_date"].dtype.kind
'M'
>>> int((members["accession_date"].dt.year == 1949).sum())
12
>>> "nato_members" in set(list_tables()["table"])
True
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guarantees.browser_kernel import import_on_demand
from guarantees.layout import COURSE_FILES, DATASETS_DIRECTORY

if TYPE_CHECKING:  # pandas is imported on first use: `import guarantees` works without it
    import pandas as pd

DATASETS_VARIABLE = "GUARANTEES_DATASETS"
DESCRIPTOR = "datapackage.json"
REFERENCES = "references"
SOURCE_TEXT_COLUMNS = ("source_kind", "source_detail")


class DatasetError(ValueError):
    """A dataset that is missing or does not match its schema."""


def datasets_folder() -> Path:
    """Where the datasets are: ``$GUARANTEES_DATASETS``, else the nearest ``datasets/`` folder at
    or above the working folder (a course root or a learner's copy), else the installed copy."""
    candidates = []
    if os.environ.get(DATASETS_VARIABLE):
        candidates.append(Path(os.environ[DATASETS_VARIABLE]))
    here = Path.cwd().resolve()
    candidates += [folder / DATASETS_DIRECTORY for folder in (here, *here.parents)]
    candidates.append(COURSE_FILES / DATASETS_DIRECTORY)
    for folder in candidates:
        if (folder / DESCRIPTOR).is_file():
            return folder
    raise DatasetError(
        f"No {DESCRIPTOR} found above {here} nor in {COURSE_FILES / 'datasets'}: "
        f"set ${DATASETS_VARIABLE} to the course's datasets folder."
    )


def read_package(folder: Path | None = None) -> dict[str, Any]:
    folder = folder or datasets_folder()
    return json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))


def resource(name: str, folder: Path | None = None) -> dict[str, Any]:
    """The descriptor of one table, or a clear error listing the tables."""
    resources = {r["name"]: r for r in read_package(folder)["resources"]}
    if name not in resources:
        raise DatasetError(f"There is no table {name!r}; tables are: {', '.join(resources)}")
    return resources[name]


def list_tables(folder: Path | None = None) -> pd.DataFrame:
    """Every table with its title and description."""
    pd = import_on_demand("pandas")
    rows = [
        {"table": r["name"], "title": r.get("title", ""), "description": r.get("description", "")}
        for r in read_package(folder)["resources"]
    ]
    return pd.DataFrame(rows)


def table_sources(name: str, folder: Path | None = None) -> pd.DataFrame:
    """The works a table's rows cite, joined with the references table: each reference id with
    its kind, full citation and address, and how many rows cite it.

    >>> sources = table_sources("nato_members")
    >>> sources.loc[0, "source"], int(sources.loc[0, "rows"])
    ('nato-member-countries', 32)
    """
    pd = import_on_demand("pandas")
    table = load_table(name, folder)
    columns = [c for c in table.columns if c.startswith("source") and c not in SOURCE_TEXT_COLUMNS]
    cited = pd.concat([table[c] for c in columns]).dropna().str.split("; ").explode()
    per_row = cited.rename("source").reset_index().drop_duplicates()  # a row counts once per work
    counts = per_row["source"].value_counts().rename("rows").reset_index()
    references = load_table(REFERENCES, folder).rename(columns={"id": "source"})
    return counts.merge(
        references[["source", "kind", "short", "citation", "url"]], on="source", how="left"
    ).sort_values(["rows", "source"], ascending=[False, True], ignore_index=True)


def load_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """One table as a DataFrame: dates as datetimes, integers nullable, enums as categories."""
    pd = import_on_demand("pandas")
    folder = folder or datasets_folder()
    table = resource(name, folder)
    path = folder / table["path"]
    if not path.is_file():
        raise DatasetError(f"The file {path} of table {name!r} is missing.")
    schema = table["schema"]
    missing = schema.get("missingValues", [""])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=missing, encoding="utf-8")
    declared = [field["name"] for field in schema["fields"]]
    if list(frame.columns) != declared:
        raise DatasetError(f"{path.name}: columns {list(frame.columns)} differ from {declared}")
    for field in schema["fields"]:
        _check_constraints(frame[field["name"]], field, path)
        frame[field["name"]] = _typed(frame[field["name"]], field, path)
    return frame


def _check_constraints(column: pd.Series, field: dict[str, Any], path: Path) -> None:
    constraints, name = field.get("constraints", {}), field["name"]
    if constraints.get("required") and column.isna().any():
        row = int(column.isna().to_numpy().argmax()) + 1
        raise DatasetError(f"{_where(path, row)}: field {name!r} is required but empty")
    allowed = constraints.get("enum")
    if allowed:
        outside = column.notna() & ~column.isin(allowed)
        if outside.any():
            row = int(outside.to_numpy().argmax()) + 1
            raise DatasetError(
                f"{_where(path, row)}: field {name!r} has {column[outside].iloc[0]!r}, "
                f"not one of {allowed}"
            )


def _typed(column: pd.Series, field: dict[str, Any], path: Path) -> pd.Series:
    pd = import_on_demand("pandas")
    kind, name = field.get("type", "string"), field["name"]
    try:
        if kind == "date":
            return pd.to_datetime(column, format="%Y-%m-%d", errors="raise")
        if kind in ("integer", "year"):
            return pd.to_numeric(column, errors="raise").astype("Int64")
        if kind == "number":
            return pd.to_numeric(column, errors="raise").astype("Float64")
        if kind == "boolean":
            return column.map({"true": True, "false": False}, na_action="ignore").astype("boolean")
    except (ValueError, TypeError) as error:
        bad = _first_bad_row(column, kind)
        raise DatasetError(
            f"{_where(path, bad)}: field {name!r} is not a valid {kind} ({error})"
        ) from None
    enum = field.get("constraints", {}).get("enum")
    if enum:
        return pd.Categorical(column, categories=enum)
    return column.astype("string")


def _where(path: Path, row: int) -> str:
    """A data row (1 = the first after the header) and its line in the file."""
    return f"{path.name}, row {row} (line {row + 1})"


def _first_bad_row(column: pd.Series, kind: str) -> int:
    """The 1-based data row (after the header) where a value does not parse."""
    pd = import_on_demand("pandas")
    for number, value in enumerate(column, start=1):
        try:
            if pd.isna(value):
                continue
            if kind == "date":
                pd.to_datetime(value, format="%Y-%m-%d")
            else:
                float(value)
        except (ValueError, TypeError):
            return number
    return 0
