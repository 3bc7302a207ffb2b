"""The guarantee scenario explorer: a documented additive model with the expected directions."""

from __future__ import annotations

import itertools
from dataclasses import asdict

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
    credibility_range,
    scenario_explorer,
    sensitivity,
)

ALL = [Scenario(*choices) for choices in itertools.product(GUARANTORS, TROOPS, TRIGGERS, FORMS)]


def test_every_scenario_scores_within_0_and_100():
    for scenario in ALL:
        result = assess(scenario)
        for score in asdict(result).values():
            assert isinstance(score, int) and 0 <= score <= 100


def test_abandonment_has_its_own_weights_not_the_complement_of_credibility():
    gaps = {assess(s).abandonment_risk - (100 - assess(s).credibility) for s in ALL}
    assert len(gaps) > 1, "abandonment risk would be 100 minus credibility again"


def test_every_central_weight_lies_within_its_documented_range():
    for weights in ASSUMPTIONS.values():
        for weight in weights:
            assert weight.low <= weight.credibility <= weight.high, weight.choice
            assert weight.doubt


def test_the_range_of_a_design_contains_its_score_and_is_widest_when_most_is_disputed():
    for scenario in ALL:
        low, high = credibility_range(scenario)
        assert low <= assess(scenario).credibility <= high
    budapest = Scenario(GUARANTORS[4], "none", "consultative", "political declaration")
    article_5 = Scenario(GUARANTORS[3], "none", "automatic", "binding treaty")
    width = [high - low for low, high in map(credibility_range, (budapest, article_5))]
    assert width[0] < width[1]


def test_sensitivity_swings_one_weight_at_a_time_widest_first():
    scenario = Scenario(GUARANTORS[1], "tripwire", "automatic", "binding treaty")
    swings = sensitivity(scenario)
    assert [swing.part for swing in swings] == ["form", "guarantor", "troops", "trigger"]
    assert [swing.width for swing in swings] == sorted((s.width for s in swings), reverse=True)
    tripwire = next(swing for swing in swings if swing.part == "troops")
    assert tripwire.low == assess(scenario).credibility - 20 + 5


def test_kyiv_rejects_a_russian_veto_and_parliaments_balk_at_treaties_and_troops():
    for troops, trigger, form in itertools.product(TROOPS, TRIGGERS, FORMS):
        veto = assess(Scenario(GUARANTORS[4], troops, trigger, form))
        western = assess(Scenario(GUARANTORS[3], troops, trigger, form))
        assert veto.kyiv_rejection_risk > western.kyiv_rejection_risk
    for scenario in ALL:
        if scenario.form == "political declaration":
            treaty = Scenario(**{**vars(scenario), "form": "binding treaty"})
            assert assess(treaty).ratification_risk > assess(scenario).ratification_risk
            assert assess(treaty).abandonment_risk < assess(scenario).abandonment_risk


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
        assert high.abandonment_risk <= low.abandonment_risk
        assert high.ratification_risk > low.ratification_risk


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
    assert "credibility could be anywhere from" in explorer.children[-1].value
