"""A scenario explorer for designing a security guarantee: a *teaching model*, not a forecast.

A scenario picks four design choices. The model turns them into six scores from 0 to 100 by
adding up stated weights (the table ``ASSUMPTIONS``), so every number can be traced to an
assumption a student can read, question and change:

- **credibility**: how likely an attacker is to believe the guarantee would be honoured;
- **entrapment risk**: how likely the guarantors are to be drawn into a war they would rather
  avoid (Snyder's alliance security dilemma);
- **abandonment risk**: how likely Ukraine is to be left without the help it was promised, the
  other horn of Snyder's dilemma, scored from its own weights (the protected state's fear is not
  simply the mirror image of the attacker's belief);
- **rejection risk**: how likely Russia is to reject the design, given its stated positions;
- **Kyiv rejection risk**: how likely Ukraine's leaders are to reject it, given theirs;
- **ratification risk**: how likely a guarantor's parliament is to refuse the approval the design
  needs (consent to a treaty, a mandate for troops abroad).

The weights are simple, documented judgements drawn from the theories taught in the course
(costly signals and tripwires after Schelling; treaty versus political commitment) and from the
parties' stated positions, not estimates from data. Because nobody knows the right numbers, each
credibility weight also carries a documented range (``low`` to ``high``): ``credibility_range``
adds up the ends, and ``sensitivity`` swings one weight at a time for a tornado chart.

>>> base = Scenario("European coalition", "none", "consultative", "political declaration")
>>> stronger = Scenario("European coalition", "tripwire", "automatic", "binding treaty")
>>> assess(stronger).credibility > assess(base).credibility
True
>>> assess(stronger).entrapment_risk > assess(base).entrapment_risk
True
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets

GUARANTORS = (
    "No outside guarantor (Ukraine's own forces and arms)",
    "European coalition",
    "United States",
    "United States and European coalition",
    "UN Security Council permanent members, Russia included",
)
TROOPS = ("none", "tripwire", "substantial")
TRIGGERS = ("consultative", "automatic")
FORMS = ("political declaration", "binding treaty")
OPTIONS = (GUARANTORS, TROOPS, TRIGGERS, FORMS)
"""The options of each choice, in the order a ``Scenario`` takes them."""


@dataclass(frozen=True)
class Weight:
    """One assumption: a choice, what it adds to each score, why, and how far it is in doubt.

    ``low`` and ``high`` bound the credibility weight: the values a reader could defend from the
    sources in ``doubt``; ``credibility`` is the central value the scores use.
    """

    choice: str
    credibility: int
    entrapment: int
    rejection: int
    abandonment: int
    kyiv_rejection: int
    ratification: int
    low: int
    high: int
    reason: str
    doubt: str


SCORES = (
    ("credibility", "credibility"),
    ("entrapment_risk", "entrapment"),
    ("abandonment_risk", "abandonment"),
    ("rejection_risk", "rejection"),
    ("kyiv_rejection_risk", "kyiv_rejection"),
    ("ratification_risk", "ratification"),
)
"""Each score of an ``Assessment`` and the ``Weight`` field it adds up."""

ASSUMPTIONS: dict[str, tuple[Weight, ...]] = {
    "guarantor": (
        Weight(
            GUARANTORS[0],
            5,
            0,
            10,
            70,
            30,
            0,
            0,
            10,
            "No one else promises anything; deterrence rests on Ukraine's own strength. Russia "
            "objects to that too: it demands limits on Ukraine's armed forces (Putin, 14 June "
            "2024). Ukraine is alone by design, and Kyiv asked for outside guarantees (Zelenskyy, "
            "14 December 2025); with no guarantor there is nothing for a parliament to approve.",
            "Ukraine's own army may deter more than 5 points' worth if it is large and well armed.",
        ),
        Weight(
            GUARANTORS[1],
            20,
            15,
            30,
            35,
            25,
            10,
            10,
            30,
            "Starmer said Europe must 'do the heavy lifting' (2 March 2025); "
            "Russia said guarantees discussed without it lead nowhere (Lavrov, 20 August 2025). "
            "Zelenskyy asked for guarantees from the United States, not from Europe alone "
            "(14 December 2025); several parliaments each have a say.",
            "How much Europe can do without U.S. support is disputed: 10 to 30.",
        ),
        Weight(
            GUARANTORS[2],
            30,
            20,
            30,
            30,
            10,
            15,
            20,
            40,
            "The largest military power; in August 2025 Trump ruled out U.S. ground troops "
            "but mentioned air support. A treaty needs two thirds of the U.S. Senate.",
            "A single guarantor's policy can change with its government: 20 to 40.",
        ),
        Weight(
            GUARANTORS[3],
            35,
            25,
            40,
            20,
            0,
            20,
            25,
            45,
            "Both together: more capability, more states that could be drawn in, and more "
            "parliaments that must agree; the combination Zelenskyy asked for (December 2025).",
            "Whether two sources of help add up or each waits for the other: 25 to 45.",
        ),
        Weight(
            GUARANTORS[4],
            5,
            5,
            0,
            60,
            50,
            10,
            0,
            10,
            "Low credibility: the state most likely to attack would be a guarantor, and could "
            "veto Security Council action against itself. Lavrov proposed guarantees by the five "
            "permanent members 'on an equal basis' (August 2025); Kyiv had rejected the 2022 "
            "draft of this kind because it would give Moscow an effective veto.",
            "Others could still act outside the Security Council: 0 to 10.",
        ),
    ),
    "troops": (
        Weight(
            "none",
            0,
            0,
            0,
            15,
            10,
            0,
            0,
            0,
            "No forces on the ground: nothing ties the guarantor's hands, and no deployment "
            "needs a parliament's mandate.",
            "The baseline: no range.",
        ),
        Weight(
            "tripwire",
            20,
            20,
            25,
            5,
            5,
            15,
            5,
            25,
            "A small presence raises the cost of staying out (Schelling's tripwire); Reiter and "
            "Poast argue small forces deter only if they change the local balance. Russia "
            "rejected foreign contingents (Peskov, 5 September 2025). Sending armed forces abroad "
            "needs a vote of the Bundestag, for example.",
            "Reiter and Poast: as little as 5; Schelling's Berlin garrison: up to 25.",
        ),
        Weight(
            "substantial",
            30,
            30,
            35,
            0,
            0,
            25,
            20,
            40,
            "Forces able to fight change the local balance as well as the guarantor's stakes, "
            "and ask more of the parliaments that must send them.",
            "Depends on size and readiness, which no 2025 plan stated: 20 to 40.",
        ),
    ),
    "trigger": (
        Weight(
            "consultative",
            0,
            0,
            0,
            10,
            15,
            0,
            0,
            0,
            "Guarantors only consult when a threat arises; no assistance is promised in "
            "advance (the Budapest Memorandum's paragraph 6 provides for consultations), the "
            "kind of promise Yermak said Ukraine would not accept again.",
            "The baseline: no range.",
        ),
        Weight(
            "automatic",
            20,
            20,
            10,
            0,
            0,
            15,
            10,
            25,
            "Assistance follows an attack by commitment, leaving less room to back out; a "
            "legislature may balk at promising war in advance.",
            "Even Article 5 leaves each ally to choose its action: 10 to 25.",
        ),
    ),
    "form": (
        Weight(
            "political declaration",
            0,
            0,
            0,
            15,
            15,
            0,
            0,
            0,
            "A political commitment, not ratified: no parliament has to approve it, and "
            "Zelenskyy asked for guarantees made binding by a vote in Congress (December 2025).",
            "The baseline: no range.",
        ),
        Weight(
            "binding treaty",
            10,
            5,
            5,
            0,
            0,
            25,
            0,
            25,
            "A ratified treaty raises the domestic and legal cost of not acting, but must "
            "first win ratification (two thirds of the U.S. Senate).",
            "States break treaties too (0); only a ratified treaty counts (25).",
        ),
    ),
}


@dataclass(frozen=True)
class Scenario:
    """Four design choices for a guarantee."""

    guarantor: str
    troops: str
    trigger: str
    form: str

    def __post_init__(self) -> None:
        for part, value in vars(self).items():
            choices = [weight.choice for weight in ASSUMPTIONS[part]]
            if value not in choices:
                raise ValueError(f"{part} must be one of {choices}, not {value!r}")


@dataclass(frozen=True)
class Assessment:
    """The model's six scores for one scenario, each from 0 to 100."""

    credibility: int
    entrapment_risk: int
    rejection_risk: int
    abandonment_risk: int
    kyiv_rejection_risk: int
    ratification_risk: int


def _weights(scenario: Scenario) -> list[Weight]:
    return [
        next(weight for weight in ASSUMPTIONS[part] if weight.choice == choice)
        for part, choice in vars(scenario).items()
    ]


def _capped(total: int) -> int:
    return max(0, min(100, total))


def assess(scenario: Scenario) -> Assessment:
    """Add up the stated weights of a scenario's four choices (each score capped at 100)."""
    chosen = _weights(scenario)
    return Assessment(
        **{score: _capped(sum(getattr(w, field) for w in chosen)) for score, field in SCORES}
    )


def credibility_range(scenario: Scenario) -> tuple[int, int]:
    """The lowest and highest credibility the documented ranges allow, every weight at one end.

    >>> credibility_range(Scenario(GUARANTORS[1], "tripwire", "consultative", "binding treaty"))
    (15, 80)
    """
    chosen = _weights(scenario)
    return _capped(sum(w.low for w in chosen)), _capped(sum(w.high for w in chosen))


@dataclass(frozen=True)
class Swing:
    """Credibility when one chosen weight goes to its low, then its high end, the rest central."""

    part: str
    choice: str
    low: int
    high: int

    @property
    def width(self) -> int:
        return self.high - self.low


def sensitivity(scenario: Scenario) -> list[Swing]:
    """One swing per choice of the scenario, widest first: the data of a tornado chart.

    >>> [(s.part, s.low, s.high) for s in sensitivity(Scenario(*[o[0] for o in OPTIONS]))]
    [('guarantor', 0, 10), ('troops', 5, 5), ('trigger', 5, 5), ('form', 5, 5)]
    """
    central = assess(scenario).credibility
    swings = [
        Swing(
            part,
            weight.choice,
            _capped(central - weight.credibility + weight.low),
            _capped(central - weight.credibility + weight.high),
        )
        for part, weight in zip(ASSUMPTIONS, _weights(scenario), strict=True)
    ]
    return sorted(swings, key=lambda swing: swing.width, reverse=True)


def assumptions_table() -> str:
    """The weights as an HTML table, so every score can be traced to its assumption."""
    rows = [
        f"<tr><td>{part}</td><td>{html.escape(w.choice)}</td>"
        f"<td>{w.credibility} ({w.low}–{w.high})</td><td>{w.entrapment}</td>"
        f"<td>{w.abandonment}</td><td>{w.rejection}</td><td>{w.kyiv_rejection}</td>"
        f"<td>{w.ratification}</td><td>{html.escape(w.reason)} "
        f"<em>Range: {html.escape(w.doubt)}</em></td></tr>"
        for part, weights in ASSUMPTIONS.items()
        for w in weights
    ]
    return (
        "<table><thead><tr><th>Choice</th><th>Option</th><th>Credibility (range)</th>"
        "<th>Entrapment</th><th>Abandonment</th><th>Rejection (Russia)</th>"
        "<th>Rejection (Kyiv)</th><th>Ratification</th><th>Why (assumption)</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def scenario_explorer() -> widgets.VBox:
    """Drop-downs for the four choices and bars that show the model's scores as they change."""
    pickers = {
        part: widgets.Dropdown(
            options=[weight.choice for weight in weights],
            description=part.capitalize() + ":",
            style={"description_width": "initial"},
            layout={"width": "auto"},
        )
        for part, weights in ASSUMPTIONS.items()
    }
    labels = {
        "credibility": "Credibility:",
        "entrapment_risk": "Entrapment risk:",
        "abandonment_risk": "Abandonment risk:",
        "rejection_risk": "Rejection risk (Russia):",
        "kyiv_rejection_risk": "Rejection risk (Kyiv):",
        "ratification_risk": "Ratification risk:",
    }
    bars = {
        name: widgets.IntProgress(
            min=0, max=100, description=label, style={"description_width": "initial"}
        )
        for name, label in labels.items()
    }
    summary = widgets.HTML()

    def update(*_: object) -> None:
        scenario = Scenario(**{part: picker.value for part, picker in pickers.items()})
        result = assess(scenario)
        low, high = credibility_range(scenario)
        for name, bar in bars.items():
            bar.value = getattr(result, name)
        scores = ", ".join(
            f"{label.rstrip(':').lower()} {getattr(result, name)}" for name, label in labels.items()
        )
        summary.value = (
            f'<div role="status" aria-live="polite">{html.escape(scores)} (out of 100; '
            f"credibility could be anywhere from {low} to {high} within the stated ranges; "
            "an illustrative model, not a forecast).</div>"
        )

    for picker in pickers.values():
        picker.observe(update, names="value")
    update()
    return widgets.VBox([*pickers.values(), *bars.values(), summary])
