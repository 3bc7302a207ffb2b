"""The references checks: each broken copy of a small course is named in one plain sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import REPO

from guarantees.references import reference_problems, summary

HEADER = "id,kind,short,citation,url,accessed,note\n"
ROWS = {
    "treaty-1994": "primary,Treaty (1994),The treaty.,https://treaties.example.org/t,,",
    "paper-2001": "scholarly,Author (2001),A. Author. A paper. Journal 1 (2001).,,,",
    "state-tv": "partisan-as-object,State TV,State TV report.,https://zerohedge.com/x,,",
}


def write_course(root: Path, rows: dict[str, str] = ROWS, lesson: str = "", table: str = ""):
    (root / "datasets").mkdir(parents=True)
    (root / "content" / "lessons").mkdir(parents=True)
    references = "".join(f"{key},{value}\n" for key, value in rows.items())
    (root / "datasets" / "references.csv").write_text(HEADER + references, encoding="utf-8")
    (root / "datasets" / "facts.csv").write_text(
        "fact,source,source_detail,source_kind,note\n"
        f"a,treaty-1994; paper-2001,p. 3,primary,{table}\n",
        encoding="utf-8",
    )
    licence = {"licenses": [{"path": "https://creativecommons.org/licenses/by/4.0/"}]}
    (root / "datasets" / "datapackage.json").write_text(json.dumps(licence), encoding="utf-8")
    (root / "content" / "blocked-hosts.txt").write_text(
        "zerohedge.com # partisan aggregator\nscribd.com # user-uploaded copies\n", encoding="utf-8"
    )
    text = "As the treaty says {cite}`treaty-1994`, see [it](https://treaties.example.org/t).\n"
    (root / "content" / "lessons" / "l.md").write_text(text + lesson, encoding="utf-8")
    return root


def test_a_clean_course_has_no_problems_and_reports_its_share(tmp_path):
    root = write_course(tmp_path, lesson="State TV framed it so {cite}`state-tv`.\n")
    assert reference_problems(root) == []
    assert summary(root) == "References: 3 cited, 2 of them (67%) primary, official or scholarly."


@pytest.mark.parametrize(
    ("lesson", "table", "message"),
    [
        ("{cite}`nobody-2030`", "",
         "content/lessons/l.md: cites 'nobody-2030', which is not an id in "
         "datasets/references.csv; add a row for the work or correct the id."),
        ("See https://blog.example.com/post.", "",
         "content/lessons/l.md: the address https://blog.example.com/post is not the url of any "
         "row of datasets/references.csv; add the work to the table and cite it by id."),
        ("A copy: https://www.scribd.com/document/1", "",
         "content/lessons/l.md: links to www.scribd.com (user-uploaded copies); cite the original "
         "publisher."),
        ("", "Read at http://46.235.172.94/a.txt",
         "datasets/facts.csv: links to 46.235.172.94 (an IP address, not a publisher); cite the "
         "original publisher."),
        ("As the fact base says.", "",
         "content/lessons/l.md: mentions 'fact base', which students cannot open; cite the public "
         "source instead."),
        ("", "see data-drafts/x.csv",
         "datasets/facts.csv: mentions 'data-drafts', which students cannot open; cite the public "
         "source instead."),
    ],
)  # fmt: skip
def test_each_broken_copy_is_named(tmp_path, lesson, table, message):
    assert reference_problems(write_course(tmp_path, lesson=lesson, table=table)) == [message]


def test_an_unknown_id_in_a_dataset_source_is_named(tmp_path):
    root = write_course(tmp_path, rows={"treaty-1994": ROWS["treaty-1994"]})
    assert reference_problems(root) == [
        "datasets/facts.csv: cites 'paper-2001', which is not an id in datasets/references.csv; "
        "add a row for the work or correct the id."
    ]


def test_only_a_partisan_object_may_point_to_a_blocked_host(tmp_path):
    rows = {**ROWS, "state-tv": ROWS["state-tv"].replace("partisan-as-object", "press")}
    root = write_course(tmp_path, rows=rows, lesson="{cite}`state-tv`")
    assert reference_problems(root) == [
        "datasets/references.csv: state-tv points to zerohedge.com (partisan aggregator); cite the "
        "original publisher instead."
    ]


def test_too_few_well_sourced_references_fail(tmp_path):
    rows = {
        **ROWS,
        "paper-2001": "press,Paper (2001),A report.,,,",
        "state-tv": "press,TV,A report.,,,",
    }
    root = write_course(tmp_path, rows=rows, lesson="{cite}`state-tv`")
    assert reference_problems(root) == [
        "Only 33% of the 3 cited references are primary, official or scholarly; at least 60% must "
        "be: cite the documents themselves."
    ]


def test_the_course_datasets_cite_only_known_works_from_allowed_hosts(tmp_path):
    root = tmp_path / "course"
    (root / "content").mkdir(parents=True)
    (root / "content" / "blocked-hosts.txt").write_bytes(
        (REPO / "content" / "blocked-hosts.txt").read_bytes()
    )
    (root / "datasets").symlink_to(REPO / "datasets")
    problems = reference_problems(root)
    assert not [p for p in problems if not p.startswith("Only ")], problems
