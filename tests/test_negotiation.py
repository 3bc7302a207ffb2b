"""The negotiation simulation's pure-Python part: payoffs, zone, counterparts, both modes."""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import asdict

import pytest
from helpers import LESSONS

from guarantees import load_table
from guarantees.answers import AnswerStore
from guarantees.course_map import lesson_progress
from guarantees.negotiation import (
    DESIGNS,
    ISSUE_TITLES,
    ISSUES,
    NOTEBOOK,
    ROLES,
    Package,
    accepts,
    agreeable_packages,
    all_packages,
    gather,
    payoff,
    private_brief,
    public_brief,
    red_lines_crossed,
    respond,
    state_of_play,
    zone_of_agreement,
)
from guarantees.negotiation_table import MODES, NegotiationTable
from guarantees.scenarios import assess

PACKAGES = list(all_packages())
SAMPLE = random.Random(20).sample(PACKAGES, 60)


def test_briefs_are_complete_and_weights_add_up():
    assert len(PACKAGES) == 972
    for role, brief in ROLES.items():
        assert sum(brief.weights.values()) == 100, role
        assert set(brief.values) == set(ISSUES) == set(brief.weights), role
        for issue, values in brief.values.items():
            assert list(values) == list(ISSUES[issue]), (role, issue)
            assert all(0 <= value <= 100 for value in values.values()), (role, issue)
    credibility = {name: assess(design).credibility for name, design in DESIGNS.items()}
    assert ROLES["Ukraine"].values["guarantee"] == credibility


@pytest.mark.parametrize("role", ROLES)
def test_payoffs_follow_from_the_brief_on_screen(role):
    """Recompute every payoff from the table students see: weight x value, summed, / 100."""
    table = private_brief(role)
    value_of = {(row.issue, row.option): (row.weight, row.value) for row in table.itertuples()}
    for package in PACKAGES:
        chosen = [
            value_of[ISSUE_TITLES[issue], option] for issue, option in asdict(package).items()
        ]
        assert payoff(role, package) == pytest.approx(sum(w * v for w, v in chosen) / 100)


def test_the_zone_of_agreement_is_exactly_the_packages_everyone_accepts():
    zone = agreeable_packages()
    assert zone, "the briefs leave some room for agreement"
    assert len(zone) < len(PACKAGES) // 20, "but not much"
    for package in zone:
        for role, brief in ROLES.items():
            assert not red_lines_crossed(role, package)
            assert payoff(role, package) >= brief.alternative
    assert not any(zone_of_agreement(package) for package in SAMPLE if package not in zone)
    assert set(zone) <= set(agreeable_packages({"Russia": ROLES["Russia"].alternative - 10}))


def test_red_lines_rest_on_positions_of_the_same_role():
    positions = load_table("negotiation_positions")
    owner = dict(zip(positions["position_id"], positions["role"].astype(str), strict=True))
    for role, brief in ROLES.items():
        assert len(public_brief(role, positions)) >= 2, role
        for line in brief.red_lines:
            cited = re.findall(r"\bP\d{2}\b", line.reason)
            assert cited and all(owner[pid] == role for pid in cited), (role, line)


@pytest.mark.parametrize("role", ROLES)
def test_counterparts_follow_their_stated_rules(role):
    brief = ROLES[role]
    for package in SAMPLE:
        response = respond(role, package)
        assert response.accepts == accepts(role, package)
        assert response.payoff == payoff(role, package)
        if response.accepts:
            assert response.counter is None
            continue
        changed = [i for i in ISSUES if getattr(response.counter, i) != getattr(package, i)]
        assert len(changed) == 1, "a counterpart moves one issue at a time"
        issue = changed[0]
        best = max(brief.values[issue].values())
        assert brief.values[issue][getattr(response.counter, issue)] == best
        crossed = red_lines_crossed(role, package)
        if crossed:
            assert issue == crossed[0].issue, "rule 1: first its red line"
        else:
            gain = brief.weights[issue] * (best - brief.values[issue][getattr(package, issue)])
            assert payoff(role, response.counter) - payoff(role, package) == pytest.approx(
                gain / 100
            )
            for other, weight in brief.weights.items():
                other_gain = weight * (
                    max(brief.values[other].values()) - brief.values[other][getattr(package, other)]
                )
                assert other_gain <= gain, "rule 2: the issue that gains most"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("role", ROLES)
def test_every_role_plays_headless_and_the_instructor_sees_the_moves(role, mode, tmp_path):
    store = AnswerStore(tmp_path / role.replace("/", "-") / f"{NOTEBOOK}.answers.json", NOTEBOOK)
    table = NegotiationTable(store, role=role, mode=mode)
    table.show(agreeable_packages()[0])
    answers = table.offer()
    assert len(answers) == (len(ROLES) - 1 if mode == "self-study" else 0)
    assert "Zone of agreement:</b> yes" in table.result.value
    if mode == "class":
        table.answer(accept=True)
    moves = gather([store.path.parent])
    assert list(moves["action"]) == ["offer", "accept"][: 1 + (mode == "class")]
    assert set(moves["role"]) == {role}
    play = state_of_play(moves)
    assert (
        play.loc[0, "zone of agreement"] and play.loc[0, "credibility"] == table.package.credibility
    )
    assert NegotiationTable(store, role=role, mode=mode).round.value == 2


def test_a_package_with_an_unknown_option_is_refused():
    options = [options[0] for options in ISSUES.values()]
    options[1] = "a guarantee nobody proposed"
    with pytest.raises(ValueError, match="guarantee must be one of"):
        Package(*options)


def test_moves_at_the_table_do_not_count_as_answered_exercises(tmp_path):
    shutil.copy(LESSONS / f"{NOTEBOOK}.ipynb", tmp_path)
    store = AnswerStore(tmp_path / f"{NOTEBOOK}.answers.json", NOTEBOOK)
    NegotiationTable(store).offer()
    store.save("l10-russia-territory", "number", 21, score=1.0)
    (progress,) = lesson_progress(tmp_path)
    assert (progress.answered, progress.correct, progress.exercises) == (1, 1, 6)
