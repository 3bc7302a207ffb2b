"""The update lab's validator: rows a student adds to a course table are checked by the data
package's rules (types, required fields, allowed values, patterns, unique ids, cited
references), each problem named with its new row."""

from __future__ import annotations

import pandas as pd
import pytest

from guarantees.new_rows import check_new_rows

EVENT = {
    "event_id": "T26",
    "date": "2026-01-20",
    "end_date": "",
    "date_as_reported": "2026-01-20",
    "date_precision": "day",
    "event": "An example event.",
    "actors": "Ukraine; Russia",
    "event_type": "negotiation",
    "source": "un-ga-res-68-262; reuters-2025-12-16-berlin",
    "source_detail": "",
    "source_kind": "primary",
    "note": "",
}
RECHECK = {
    "claim_id": "R01",
    "paragraph": "3",
    "statement": "A three-way Trump-Putin-Zelenskyy meeting has yet to happen.",
    "claimant": "the article",
    "claim_type": "fact",
    "verifiable": "true",
    "verdict": "supported",
    "evidence": "Re-check of C04: no such meeting in the extended timeline.",
    "source": "new-source-2026",
    "source_detail": "",
    "source_kind": "secondary",
    "note": "",
}


def test_good_rows_pass():
    later = dict(EVENT, event_id="T27", date="", date_as_reported="2026-02", date_precision="month")
    assert check_new_rows(pd.DataFrame([EVENT, later]), "diplomacy_timeline_2025") == []


def test_a_cited_work_can_be_added_with_the_rows():
    rows = pd.DataFrame([RECHECK])
    assert check_new_rows(rows, "article_claims") == [
        "new row 1 (R01): source cites 'new-source-2026', which is not in the references table "
        "(add it first)"
    ]
    added = pd.DataFrame({"id": ["new-source-2026"]})
    assert check_new_rows(rows, "article_claims", new_references=added) == []


@pytest.mark.parametrize(
    "column, value, problem",
    [
        ("date", "20/01/2026", "date '20/01/2026' is not a valid date (write it as YYYY-MM-DD)"),
        ("actors", "", "actors is required but empty"),
        ("event_type", "rumour", "event_type 'rumour' is not one of the allowed values: meeting,"),
        ("source", "Reuters, 20 Jan", "source 'Reuters, 20 Jan' does not have the required form"),
        ("event_id", "T25", "its id is already used (ids must be unique)"),
        ("source_kind", "tertiary", "source_kind 'tertiary' is not one of the allowed values"),
    ],
)
def test_a_bad_row_is_rejected_naming_row_field_and_rule(column, value, problem):
    rows = pd.DataFrame([EVENT, {**EVENT, "event_id": "T27", column: value}])
    problems = check_new_rows(rows, "diplomacy_timeline_2025")
    assert len(problems) >= 1 and all(p.startswith("new row 2 (") for p in problems), problems
    assert any(problem in p for p in problems), problems


def test_two_new_rows_with_one_id_are_rejected():
    problems = check_new_rows(pd.DataFrame([EVENT, EVENT]), "diplomacy_timeline_2025")
    assert problems == ["new row 2 (T26): its id is already used (ids must be unique)"]


def test_claims_rows_follow_their_own_schema():
    problems = check_new_rows(
        pd.DataFrame([dict(RECHECK, paragraph="18", verifiable="maybe", verdict="false")]),
        "article_claims",
        new_references=pd.DataFrame({"id": ["new-source-2026"]}),
    )
    assert problems == [
        "new row 1 (R01): paragraph '18' breaks the rule maximum = 17",
        "new row 1 (R01): verifiable 'maybe' is not a valid boolean (write true or false)",
        "new row 1 (R01): verdict 'false' is not one of the allowed values: supported, "
        "contradicted, partly supported, not verified, not applicable",
    ]


def test_missing_or_extra_columns_are_named():
    rows = pd.DataFrame([EVENT]).drop(columns="note").assign(comment="x")
    (problem,) = check_new_rows(rows, "diplomacy_timeline_2025")
    assert "missing ['note'], extra ['comment']" in problem


def test_new_references_follow_the_references_schema():
    reference = {
        "id": "new-source-2026",
        "kind": "primary",
        "short": "A statement",
        "citation": "A statement, 20 January 2026.",
        "url": "https://www.example.org/statement",
        "accessed": "2026-01-25",
        "note": "",
    }
    assert check_new_rows(pd.DataFrame([reference]), "references") == []
    problems = check_new_rows(pd.DataFrame([{**reference, "kind": "blog"}]), "references")
    assert problems and problems[0].startswith("new row 1 (new-source-2026): kind 'blog' is not")
