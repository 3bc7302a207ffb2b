"""Lesson 10 on a real kernel: every role plays in self-study mode, and the instructor's view
gathers three teams' saved answers files (one kernel for all of it)."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from helpers import LESSONS, outputs_text, run_notebook

from guarantees.negotiation import ROLES

LESSON = LESSONS / "10_negotiation_simulation.ipynb"

PLAY_ALONE = """
import json
played = {}
for name in ROLES:
    role = name
%(role_cells)s
    table.mode.value = "self-study"
    rounds = []
    for _ in range(4):
        answers = table.offer()
        rounds.append([a.accepts for a in answers])
        counters = [a.counter for a in answers if a.counter is not None]
        if not counters:
            break
        table.show(counters[0])
    played[name] = {"rounds": rounds, "round": table.round.value,
                    "report": "Zone of agreement" in table.result.value}
print("PLAYED", json.dumps(played))
"""

THREE_TEAMS = """
from guarantees.answers import AnswerStore
from guarantees.negotiation import NOTEBOOK
from guarantees.negotiation_table import NegotiationTable

offer = agreeable_packages()[0]
teams = {"team-a": ("Ukraine", "offer"), "team-b": ("Russia", "accept"),
         "team-c": ("China", "reject")}
for team, (team_role, action) in teams.items():
    store = AnswerStore.beside_notebook(NOTEBOOK, Path(team))
    team_table = NegotiationTable(store, role=team_role, mode="class")
    team_table.show(offer)
    team_table.offer() if action == "offer" else team_table.answer(accept=action == "accept")
moves = gather(sorted(Path(".").glob("team-*")))
play = state_of_play(moves)
teams = sorted(set(moves["team"]))
print("GATHERED", json.dumps({"teams": teams, "play": play.astype(str).to_dict("records")}))
"""


def indented(cells: list[str]) -> str:
    return "\n".join("    " + line for cell in cells for line in cell.splitlines())


@pytest.mark.kernel
def test_every_role_plays_alone_and_the_instructor_gathers_three_teams(tmp_path):
    shutil.copy(LESSON, tmp_path)
    notebook = nbformat.read(LESSON, as_version=4)
    role_cells = [
        cell.source
        for cell in notebook.cells
        if cell.cell_type == "code" and "(role" in cell.source and "import" not in cell.source
    ]
    assert any("negotiation_table(role)" in source for source in role_cells)
    play_alone = PLAY_ALONE.replace("%(role_cells)s", indented(role_cells))
    executed = run_notebook(tmp_path / LESSON.name, tmp_path, [play_alone, THREE_TEAMS])
    errors = [
        output
        for cell in executed.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error" or output.get("name") == "stderr"
    ]
    assert errors == []

    printed = outputs_text(executed).splitlines()
    played = json.loads(next(line for line in printed if line.startswith("PLAYED "))[7:])
    assert set(played) == set(ROLES)
    for role, game in played.items():
        assert game["report"], role
        assert all(len(answers) == len(ROLES) - 1 for answers in game["rounds"]), role
        assert game["round"] > len(game["rounds"]), "the round moves on after each offer"

    gathered = json.loads(next(line for line in printed if line.startswith("GATHERED "))[9:])
    assert gathered["teams"] == ["team-a", "team-b", "team-c"]
    (offer,) = gathered["play"]
    assert (offer["offer by"], offer["accepted by"], offer["rejected by"]) == (
        "Ukraine",
        "Russia",
        "China",
    )
    assert offer["zone of agreement"] == "True"
