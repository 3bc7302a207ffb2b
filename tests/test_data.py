"""Dataset loaders: typed DataFrames, clear errors for missing or malformed files."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from helpers import REPO

from guarantees.data import DatasetError, list_tables, load_table


def test_nato_members_loads_with_schema_types():
    members = load_table("nato_members")
    assert len(members) == 32
    assert pd.api.types.is_datetime64_any_dtype(members["accession_date"])
    assert isinstance(members["enlargement"].dtype, pd.CategoricalDtype)
    assert members["source"].str.len().min() > 0, "every row names its source"
    assert set(members["source_kind"]) <= {"primary", "secondary"}


def test_facts_agree_with_the_fact_base():
    members = load_table("nato_members").set_index("country")
    assert members.loc["Germany", "accession_date"] == pd.Timestamp("1955-05-06")
    assert members.loc["Sweden", "accession_date"] == pd.Timestamp("2024-03-07")
    assert members.loc["Finland", "accession_date"] == pd.Timestamp("2023-04-04")
    assert (members["enlargement"] == "founding").sum() == 12


def test_tables_are_listed_with_descriptions():
    tables = list_tables()
    assert "nato_members" in set(tables["table"]) and tables["description"].str.len().min() > 0


@pytest.fixture
def datasets_copy(tmp_path):
    copy = tmp_path / "datasets"
    shutil.copytree(REPO / "datasets", copy)
    return copy


def test_a_malformed_date_names_file_and_row(datasets_copy):
    path = datasets_copy / "nato_members.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("1949-04-04", "4 April 1949")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"nato_members\.csv, row 3: field 'accession_date'"):
        load_table("nato_members", datasets_copy)


def test_a_missing_file_or_table_is_a_clear_error(datasets_copy):
    with pytest.raises(DatasetError, match="no table 'nato'"):
        load_table("nato", datasets_copy)
    (datasets_copy / "nato_members.csv").unlink()
    with pytest.raises(DatasetError, match="nato_members.csv of table 'nato_members' is missing"):
        load_table("nato_members", datasets_copy)


def test_columns_must_match_the_schema(datasets_copy):
    package = json.loads((datasets_copy / "datapackage.json").read_text())
    package["resources"][0]["schema"]["fields"].pop()
    (datasets_copy / "datapackage.json").write_text(json.dumps(package))
    with pytest.raises(DatasetError, match="differ from"):
        load_table("nato_members", datasets_copy)
