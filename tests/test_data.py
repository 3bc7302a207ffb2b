"""The data package: valid, sourced, typed, cross-checked against the fact base."""

from __future__ import annotations

import json
import shutil

import frictionless
import pandas as pd
import pytest
from helpers import REPO

from guarantees.data import DatasetError, list_tables, load_table, read_package, table_sources

DATASETS = REPO / "datasets"
PACKAGE = read_package(DATASETS)
TABLES = [resource["name"] for resource in PACKAGE["resources"] if resource["name"] != "references"]
EXPECTED_DTYPE = {
    "date": pd.api.types.is_datetime64_any_dtype,
    "integer": lambda dtype: dtype == "Int64",
    "year": lambda dtype: dtype == "Int64",
    "number": lambda dtype: dtype == "Float64",
    "boolean": lambda dtype: dtype == "boolean",
    "string": lambda dtype: dtype == "string",
}


def test_package_validates_with_frictionless():
    report = frictionless.validate(DATASETS / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])


def test_package_and_every_table_are_documented():
    assert PACKAGE["licenses"] and PACKAGE["sources"] and PACKAGE["description"]
    for resource in PACKAGE["resources"]:
        name = resource["name"]
        assert resource["title"] and resource["description"], name
        assert resource["licenses"] and resource["sources"], name
        schema = resource["schema"]
        assert schema["primaryKey"] and schema["missingValues"] == [""], name
        for field in schema["fields"]:
            assert field.get("description"), f"{name}.{field['name']} has no description"
        names = [field["name"] for field in schema["fields"]]
        if name != "references":
            assert {"source", "source_detail", "source_kind", "note"} <= set(names), name


@pytest.mark.parametrize("name", TABLES)
def test_every_row_names_its_source_and_its_kind(name):
    table = load_table(name)
    assert len(table) > 0
    assert table["source"].notna().all() and (table["source"].str.strip().str.len() > 0).all()
    assert set(table["source_kind"].astype(str)) <= {"primary", "secondary"}


@pytest.mark.parametrize("name", TABLES)
def test_loader_returns_the_declared_types(name):
    table = load_table(name)
    fields = next(r for r in PACKAGE["resources"] if r["name"] == name)["schema"]["fields"]
    for field in fields:
        dtype = table[field["name"]].dtype
        if field.get("constraints", {}).get("enum"):
            assert isinstance(dtype, pd.CategoricalDtype), field["name"]
            assert list(dtype.categories) == field["constraints"]["enum"]
        else:
            assert EXPECTED_DTYPE[field["type"]](dtype), f"{name}.{field['name']}: {dtype}"


def test_tables_are_listed_and_their_sources_shown():
    tables = list_tables()
    assert list(tables["table"]) == [*TABLES, "references"]
    assert (tables["description"].str.len() > 0).all()
    sources = table_sources("nato_members")
    assert sources.loc[0, "rows"] == 32 and sources["rows"].max() == 32  # every row cites NATO
    assert set(sources.columns) == {"source", "rows", "kind", "short", "citation", "url"}
    assert sources["kind"].notna().all()  # every cited id is in the references table


def test_nato_facts_agree_with_the_fact_base():
    members = load_table("nato_members").set_index("country")
    assert len(members) == 32
    assert members.loc["Germany", "accession_date"] == pd.Timestamp("1955-05-06")
    assert members.loc["Sweden", "accession_date"] == pd.Timestamp("2024-03-07")
    assert members.loc["Finland", "accession_date"] == pd.Timestamp("2023-04-04")
    assert members.loc["North Macedonia", "accession_date"] == pd.Timestamp("2020-03-27")
    assert (members["enlargement"] == "founding").sum() == 12


def test_timeline_facts_agree_with_the_fact_base():
    timeline = load_table("diplomacy_timeline_2025")
    by_date = timeline.set_index("date")
    assert "Anchorage" in by_date.loc[pd.Timestamp("2025-08-15"), "event"]
    assert "Istanbul" in by_date.loc[pd.Timestamp("2025-05-16"), "event"]
    hague = timeline[timeline["event"].str.contains("Hague")].iloc[0]
    assert "at least 3.5%" in hague["event"] and hague["source_kind"] == "primary"
    assert timeline["date"].dropna().is_monotonic_increasing


UNIT_WORDS = ("percent", "EUR", "US$", "people", "unit", "count", "key", "row number")


def test_numeric_fields_state_their_unit():
    for resource in PACKAGE["resources"]:
        for field in resource["schema"]["fields"]:
            if field["type"] in ("number", "integer"):
                described = field["description"]
                assert any(word in described for word in UNIT_WORDS), (
                    f"{resource['name']}.{field['name']}: no unit in {described!r}"
                )


def test_gdp_covers_every_ally_and_joins_the_spending_table():
    gdp = load_table("nato_gdp").set_index("country")
    members = load_table("nato_members")["country"]
    spending = load_table("nato_defence_spending").set_index("country")
    assert sorted(gdp.index) == sorted(members)
    assert (gdp["iso3"] == spending.loc[gdp.index, "iso3"]).all()
    values = gdp.filter(like="gdp_")
    assert list(values.columns) == ["gdp_2014_usd_bn", "gdp_2021_usd_bn", "gdp_2023_usd_bn"]
    assert (values > 0).all().all()
    assert 23_000 < gdp.loc["United States", "gdp_2021_usd_bn"] < 24_000  # about 23.6 trillion
    assert 4_000 < gdp.loc["Germany", "gdp_2021_usd_bn"] < 4_500  # about 4.3 trillion


def test_budapest_commitments_follow_the_memorandum():
    memo = load_table("budapest_memorandum_commitments").set_index("paragraph")
    assert list(memo.index) == ["preamble", "1", "2", "3", "4", "5", "6"]
    assert "Security Council" in memo.loc["4", "commitment_paraphrase"]
    assert "consult" in memo.loc["6", "commitment_paraphrase"].lower()


def test_arsenals_and_denuclearisation_agree_with_the_fact_base():
    arsenals = load_table("soviet_inherited_arsenals")
    ukraine = arsenals[arsenals["state"] == "Ukraine"]
    icbms = ukraine[ukraine["item"].str.contains("ICBMs \\(all", regex=True)]
    assert set(icbms["value_low"]) == {176}
    tactical = ukraine[ukraine["value_as_stated"].str.contains("2,650")]
    assert (tactical["value_low"] == 2650).all() and (tactical["value_high"] == 4200).all()
    cases = load_table("denuclearisation_cases").set_index("state")
    assert cases.loc["Kazakhstan", "last_weapons_removed_year"] == 1995
    assert cases.loc["Belarus", "last_weapons_removed_year"] == 1996


def test_commitments_casualties_and_claims_agree_with_the_fact_base():
    commitments = load_table("security_commitments").set_index("instrument")
    nato = commitments.loc["North Atlantic Treaty, Article 5"]
    assert nato["year"] == 1949 and nato["kind"] == "defence pact"
    budapest = commitments[commitments.index.str.startswith("Budapest")].iloc[0]
    assert budapest["kind"] == "assurance" and budapest["year"] == 1994
    casualties = load_table("civilian_casualties").set_index("as_of")
    assert casualties.loc["2024-12-31", ["killed", "injured"]].tolist() == [12456, 28382]
    claims = load_table("article_claims").set_index("claim_id")
    former = claims[claims["statement"].str.contains('"former"')].iloc[0]
    assert former["verdict"] == "contradicted" and former["claim_type"] == "fact"
    spending = load_table("nato_defence_spending").set_index("country")
    assert spending.loc["Poland", "pct_gdp_2024_estimate_jun2024_edition"] == 4.12


@pytest.fixture
def datasets_copy(tmp_path):
    copy = tmp_path / "datasets"
    shutil.copytree(DATASETS, copy)
    return copy


def break_cell(folder, table, row, column, value):
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row - 1, column] = value
    frame.to_csv(path, index=False, lineterminator="\n")


@pytest.mark.parametrize(
    "column, value, message",
    [
        (
            "accession_date",
            "4 April 1949",
            r"row 3 \(line 4\): field 'accession_date' is not a valid date",
        ),
        ("source_kind", "blog", r"row 3 \(line 4\): field 'source_kind' has 'blog'"),
        ("source", "", r"row 3 \(line 4\): field 'source' is required but empty"),
    ],
)
def test_a_broken_copy_is_rejected_naming_file_and_row(datasets_copy, column, value, message):
    break_cell(datasets_copy, "nato_members", 3, column, value)
    with pytest.raises(DatasetError, match=rf"nato_members\.csv, {message}"):
        load_table("nato_members", datasets_copy)
    report = frictionless.validate(datasets_copy / "datapackage.json")
    assert not report.valid, "frictionless agrees the copy is broken"


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
