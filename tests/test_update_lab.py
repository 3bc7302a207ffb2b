"""The update lab (docs/seminar/update_lab.md, a MyST notebook read by Jupytext) runs top to
bottom on a kernel, and a filled-in re-check passes the checks while a broken event does not."""

from __future__ import annotations

import jupytext
import nbformat
import pytest
from helpers import REPO, outputs_text, run_notebook

LAB = REPO / "docs" / "seminar" / "update_lab.md"
FILLED_IN = """
good = pd.DataFrame(
    [recheck("R01", "C04", note="Re-check of C04: nothing changed.")],
    columns=claims.columns.astype(str),
)
broken = pd.DataFrame([{**made_up, "event_id": "T26", "date": "2025-12-01"}])
dates = pd.to_datetime(broken["date"])
print("good:", check_new_rows(good, "article_claims"))
print("broken:", check_new_rows(broken, "diplomacy_timeline_2025"), list(dates <= last_day))
"""


@pytest.mark.kernel
def test_the_update_lab_runs_and_checks_what_students_add(tmp_path):
    notebook = jupytext.read(LAB)
    nbformat.write(notebook, tmp_path / "update_lab.ipynb")
    executed = run_notebook(
        tmp_path / "update_lab.ipynb",
        tmp_path,
        [FILLED_IN],
        env={"GUARANTEES_DATASETS": str(REPO / "datasets")},
    )
    printed = outputs_text(executed)
    assert "new row 1 (T25): its id is already used" in printed  # the lab's own example
    assert "good: []" in printed
    assert "broken: [\"new row 1 (T26): source cites 'no-such-source'" in printed
    assert "[True]" in printed  # dated before the record's last event
    assert sorted(path.name for path in (tmp_path / "update_lab").iterdir()) == [
        "claim_rechecks.csv",
        "new_references.csv",
        "timeline_rows.csv",
    ]
