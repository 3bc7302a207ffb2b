"""The guarantee scenario explorer: a documented additive model with the expected directions."""

from __future__ import annotations

import itertools

import pytest

from guarantees.scenarios import (
    ASSUMPTIONS,
    FORMS,
    GUARANTORS,
    TRIGGERS,
    TROOPS,
    Scenario,
    assess,
    assumptions_table,
    scenario_explorer,
)

ALL = [Scenario(*choices) for choices in itertools.product(GUARANTORS, TROOPS, TRIGGERS, FORMS)]


def test_every_scenario_scores_within_0_and_100():
    for scenario in ALL:
        result = assess(scenario)
        for score in (result.credibility, result.entrapment_risk, result.rejection_risk):
            assert 0 <= score <= 100
        assert result.abandonment_risk == 100 - result.credibility


@pytest.mark.parametrize(
    "part, weaker, stronger",
    [
        ("troops", "none", "tripwire"),
        ("troops", "tripwire", "substantial"),
        ("trigger", "consultative", "automatic"),
        ("form", "political declaration", "binding treaty"),
    ],
)
def test_costlier_commitments_are_more_credible_and_riskier(part, weaker, stronger):
    for scenario in ALL:
        if getattr(scenario, part) != weaker:
            continue
        low = assess(scenario)
        high = assess(Scenario(**{**vars(scenario), part: stronger}))
        assert high.credibility > low.credibility
        assert high.entrapment_risk >= low.entrapment_risk


def test_a_guarantor_with_a_veto_adds_little_credibility():
    for troops, trigger, form in itertools.product(TROOPS, TRIGGERS, FORMS):
        veto = assess(Scenario(GUARANTORS[4], troops, trigger, form))
        western = assess(Scenario(GUARANTORS[3], troops, trigger, form))
        assert veto.credibility < western.credibility
        assert veto.rejection_risk < western.rejection_risk


def test_every_assumption_is_explained_and_shown():
    table = assumptions_table()
    for weights in ASSUMPTIONS.values():
        for weight in weights:
            assert weight.reason
            assert weight.reason.split("(")[0][:30].replace("'", "&#x27;") in table


def test_unknown_choices_are_clear_errors():
    with pytest.raises(ValueError, match="troops must be one of"):
        Scenario(GUARANTORS[1], "a division", "automatic", "binding treaty")


def test_explorer_updates_as_choices_change():
    explorer = scenario_explorer()
    pickers = explorer.children[:4]
    credibility = explorer.children[4]
    before = credibility.value
    pickers[1].value = "substantial"
    assert credibility.value > before
    assert "illustrative model" in explorer.children[-1].value
